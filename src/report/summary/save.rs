//! A built report written to a file in the format asked for: JSON (the document itself), CSV,
//! XLSX or PDF, in Chinese or English.

use std::path::Path;

use serde::{Deserialize, Serialize};

use super::model::{Lang, SummaryReport};
use crate::error::{Error, Result};

/// The file formats a report is saved in.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum OutputFormat {
    Json,
    Csv,
    Xlsx,
    Pdf,
}

/// Writes `report` to `path` as `format` (through [`super::write_file`], as the CLI does);
/// returns the file's size in bytes.
pub fn save(report: &SummaryReport, format: OutputFormat, lang: Lang, path: &Path) -> Result<u64> {
    let name = match format {
        OutputFormat::Json => "json",
        OutputFormat::Csv => "csv",
        OutputFormat::Xlsx => "xlsx",
        OutputFormat::Pdf => "pdf",
    };
    super::write_file(report, name, lang, path)?;
    Ok(std::fs::metadata(path).map_err(Error::Io)?.len())
}

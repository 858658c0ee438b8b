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

/// Writes `report` to `path` as `format`; returns the file's size in bytes.
pub fn save(report: &SummaryReport, format: OutputFormat, lang: Lang, path: &Path) -> Result<u64> {
    match format {
        OutputFormat::Json => {
            let text = serde_json::to_vec_pretty(report)
                .map_err(|e| Error::Io(std::io::Error::other(e)))?;
            std::fs::write(path, text).map_err(Error::Io)?;
        }
        OutputFormat::Pdf => super::pdf::write(report, lang, path)?,
        OutputFormat::Csv | OutputFormat::Xlsx => {
            return Err(Error::Io(std::io::Error::other(
                "CSV and XLSX writers are not in this build yet",
            )))
        }
    }
    Ok(std::fs::metadata(path).map_err(Error::Io)?.len())
}

//! Reduction and resource-use reports (减量化与资源化利用报表): the city, a reporting area, a
//! cell kind or one cell, over a month, quarter or year, against the same period of the
//! baseline year and against targets.
//!
//! A report is built once into a [`SummaryReport`] — a typed document of sections, each with
//! figures (value, unit, formula, period, settings used, completeness, baseline, target),
//! tables and charts, every label in Chinese and English — by [`build::build`], which reads
//! every figure from the core functions the window and the CLI already show. The outputs
//! (PDF, XLSX, CSV, JSON, the window's Reports page) only draw that document; none of them
//! computes a figure.
//!
//! - [`model`]: the document;
//! - [`build`]: the figures, from the ledger;
//! - [`pdf`]: the report drawn on A4 (tables, charts) with [`pdf_grid`] and [`pdf_chart`].

pub mod agri;
pub mod bench;
pub mod bench_sql;
pub mod build;
pub mod cells;
pub mod construction;
pub mod csv;
mod ctx;
pub mod fig;
pub mod household;
pub mod model;
pub mod pdf;
pub mod pdf_chart;
pub mod pdf_grid;
pub mod save;
pub mod scope;
pub mod text;
pub mod xlsx;

pub use build::build;
pub use model::*;

use std::path::Path;

use crate::error::{Error, Result, Rule};

/// The formats a report is written in.
pub const FORMATS: &[&str] = &["json", "csv", "xlsx", "pdf"];

/// Writes `report` to `path` as `format` (`json`, `csv`, `xlsx`, `pdf`) in `lang`.
pub fn write_file(report: &SummaryReport, format: &str, lang: Lang, path: &Path) -> Result<()> {
    match format {
        "json" => {
            let text = serde_json::to_string_pretty(report)
                .map_err(|e| Error::Io(std::io::Error::other(e.to_string())))?;
            std::fs::write(path, text)?;
            Ok(())
        }
        "csv" => csv::write(report, lang, path),
        "xlsx" => xlsx::write(report, lang, path),
        "pdf" => write_pdf(report, lang, path),
        other => Err(Error::field("format", Rule::BadValue, &[("value", other)])),
    }
}

/// The PDF of a report: drawn by [`pdf::write`].
fn write_pdf(report: &SummaryReport, lang: Lang, path: &Path) -> Result<()> {
    pdf::write(report, lang, path)
}

//! Lists as files (导出): every list the ledger shows becomes a typed table — columns with
//! Chinese and English headings, units in the headings, cells typed as number, text, date or
//! time — written as CSV or XLSX with the filters and the as-of time on its first rows.
//!
//! - A producer ([`lists`]) pages through SQL and hands rows one at a time to a [`Sink`], so
//!   a large list is never held whole in memory; the XLSX sink writes in rust_xlsxwriter's
//!   constant-memory mode (rows stream to a temporary file).
//! - CSV ([`csv`]): UTF-8 with a BOM (so Excel reads Chinese), CRLF, text through
//!   [`crate::text::csv_field`] so nothing starting with `=`, `+`, `-` or `@` runs as a
//!   formula; numbers as plain decimals without grouping.
//! - XLSX ([`xlsx`]): numbers stored as numbers with a number format, dates as dates, text as
//!   text (formula-looking text too, with Excel's quote prefix), column widths and a frozen
//!   heading.
//! - The file is written beside its destination under a temporary name and renamed into
//!   place, so a failed export never leaves half a file where the clerk looks for one.

pub mod csv;
pub mod lists;
mod lists_agri;
mod lists_cw;
pub mod xlsx;

use std::path::{Path, PathBuf};

use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::Connection;
use serde::{Deserialize, Serialize};

use crate::error::{Error, FieldError, Result, Rule};

pub use lists::ListSpec;

/// The file formats a list is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum Format {
    /// CSV, UTF-8 with BOM.
    Csv,
    /// Excel workbook.
    Xlsx,
}

impl Format {
    /// `csv` or `xlsx` (any case); anything else is refused with the valid choices.
    pub fn parse(s: &str) -> Result<Format> {
        match s.trim().to_ascii_lowercase().as_str() {
            "csv" => Ok(Format::Csv),
            "xlsx" => Ok(Format::Xlsx),
            other => Err(Error::field("format", Rule::BadFormat, &[("value", other)])),
        }
    }
}

/// What a column holds, which decides how a cell is stored and shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum ColumnKind {
    /// Text.
    Text,
    /// A whole number.
    Integer,
    /// A decimal number shown with this many decimals (kg and t with 3, rates with 1).
    Decimal(u8),
    /// A date (`YYYY-MM-DD`).
    Date,
    /// A local time to the minute (`YYYY-MM-DD HH:MM`).
    DateTime,
}

/// One column: its headings (units in them) and kind.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Column {
    /// Chinese heading, e.g. `产生量（千克）`.
    pub zh: String,
    /// English heading, e.g. `Generated (kg)`.
    pub en: String,
    /// What it holds.
    pub kind: ColumnKind,
}

impl Column {
    /// A column.
    pub fn new(zh: &str, en: &str, kind: ColumnKind) -> Column {
        Column {
            zh: zh.into(),
            en: en.into(),
            kind,
        }
    }
}

/// One cell of a row.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// Nothing.
    Empty,
    /// Text.
    Text(String),
    /// A whole number.
    Int(i64),
    /// An exact decimal: `units` × 10^-`scale` (grams as kg: `Fixed(12_500, 3)` is 12.5).
    Fixed(i64, u32),
    /// A computed figure (a rate in %).
    Float(f64),
    /// A date.
    Date(NaiveDate),
    /// A local time.
    DateTime(NaiveDateTime),
}

impl Value {
    /// Text, or empty when `None`.
    pub fn text_opt(v: Option<&str>) -> Value {
        v.map_or(Value::Empty, |s| Value::Text(s.to_string()))
    }

    /// The value as a plain decimal: `Fixed(12_500, 3)` → `12.5`, no grouping, no trailing
    /// zeros (CSV, and what an XLSX number reads back as).
    pub fn number_text(&self) -> Option<String> {
        match self {
            Value::Int(i) => Some(i.to_string()),
            Value::Fixed(u, scale) => Some(fixed_text(*u, *scale)),
            Value::Float(f) if f.is_finite() => Some(format!("{f}")),
            _ => None,
        }
    }

    /// The value as a number (XLSX).
    pub fn number(&self) -> Option<f64> {
        match self {
            Value::Int(i) => Some(*i as f64),
            Value::Fixed(u, scale) => fixed_text(*u, *scale).parse().ok(),
            Value::Float(f) if f.is_finite() => Some(*f),
            _ => None,
        }
    }
}

/// `units` × 10^-`scale` as exact decimal text without trailing zeros.
pub fn fixed_text(units: i64, scale: u32) -> String {
    if scale == 0 {
        return units.to_string();
    }
    let p = 10u64.pow(scale);
    let sign = if units < 0 { "-" } else { "" };
    let a = units.unsigned_abs();
    let (w, f) = (a / p, a % p);
    if f == 0 {
        format!("{sign}{w}")
    } else {
        let frac = format!("{f:0width$}", width = scale as usize);
        format!("{sign}{w}.{}", frac.trim_end_matches('0'))
    }
}

/// A filter applied to the list, as the heading rows name it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Applied {
    /// Chinese label (`类型`).
    pub zh: String,
    /// English label (`kind`).
    pub en: String,
    /// The value as given.
    pub value: String,
}

/// What a table is: its title, the filters applied, when it was read, and its columns.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TableHead {
    /// Chinese title.
    pub title_zh: String,
    /// English title.
    pub title_en: String,
    /// Filters applied (empty: the whole list).
    pub filters: Vec<Applied>,
    /// When the data was read, local time (`YYYY-MM-DD HH:MM:SS (UTC+08:00)`).
    pub as_of: String,
    /// The columns.
    pub columns: Vec<Column>,
}

impl TableHead {
    /// A head read now with `filters` (empty values left out).
    pub fn new(title_zh: &str, title_en: &str, filters: &[(&str, &str, &str)]) -> TableHead {
        TableHead {
            title_zh: title_zh.into(),
            title_en: title_en.into(),
            filters: filters
                .iter()
                .filter(|(_, _, v)| !v.trim().is_empty())
                .map(|(zh, en, v)| Applied {
                    zh: (*zh).into(),
                    en: (*en).into(),
                    value: v.trim().into(),
                })
                .collect(),
            as_of: now_local(),
            columns: Vec::new(),
        }
    }

    /// The same head with its columns.
    pub fn with(mut self, columns: Vec<Column>) -> TableHead {
        self.columns = columns;
        self
    }

    /// The lines above the headings: title, filters, as-of time.
    pub fn meta_lines(&self) -> [String; 3] {
        let filters = if self.filters.is_empty() {
            "筛选条件 Filters：无（全部）none (all)".to_string()
        } else {
            let f: Vec<String> = self
                .filters
                .iter()
                .map(|a| format!("{} {} = {}", a.zh, a.en, a.value))
                .collect();
            format!("筛选条件 Filters：{}", f.join("；"))
        };
        [
            format!("{} {}", self.title_zh, self.title_en),
            filters,
            format!("数据截至 As of：{}", self.as_of),
        ]
    }
}

/// Rows above the data: the three meta lines, then Chinese and English headings.
pub const HEADING_ROWS: u32 = 5;

/// The local time now, with its offset, as heading rows show it.
pub fn now_local() -> String {
    chrono::Local::now()
        .format("%Y-%m-%d %H:%M:%S (UTC%:z)")
        .to_string()
}

/// Where a table's rows go.
pub trait Sink {
    /// The head, once, before any row.
    fn head(&mut self, head: &TableHead) -> Result<()>;
    /// One row, as many values as columns.
    fn row(&mut self, row: &[Value]) -> Result<()>;
}

/// A sink that keeps everything: for tests, and for small tables the window shows.
#[derive(Debug, Default)]
pub struct Collected {
    /// The head.
    pub head: Option<TableHead>,
    /// The rows.
    pub rows: Vec<Vec<Value>>,
}

impl Sink for Collected {
    fn head(&mut self, head: &TableHead) -> Result<()> {
        self.head = Some(head.clone());
        Ok(())
    }
    fn row(&mut self, row: &[Value]) -> Result<()> {
        self.rows.push(row.to_vec());
        Ok(())
    }
}

/// What an export wrote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Exported {
    /// The file written.
    pub path: String,
    /// The format.
    pub format: Format,
    /// Data rows written (heading rows not counted).
    pub rows: u64,
    /// The head: title, filters, as-of time and columns.
    pub head: TableHead,
}

/// A refusal of the output path.
fn bad_out(code: &str, path: &Path) -> Error {
    Error::Invalid(vec![FieldError::new(
        None,
        "out",
        code,
        &[("value", &path.display().to_string())],
    )])
}

/// Checks that `out` can be written: not a directory, in a directory that exists.
pub fn check_out(out: &Path) -> Result<()> {
    if out.as_os_str().is_empty() {
        return Err(Error::field("out", Rule::Required, &[]));
    }
    if out.is_dir() {
        return Err(bad_out("out_is_dir", out));
    }
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    if !parent.is_dir() {
        return Err(bad_out("out_no_dir", out));
    }
    Ok(())
}

/// Writes the list `spec` to `out` as `format`: through a temporary file beside `out`,
/// renamed into place when whole. An existing directory, a missing folder or a folder that
/// cannot be written is refused with the path.
pub fn export(conn: &Connection, spec: &ListSpec, format: Format, out: &Path) -> Result<Exported> {
    check_out(out)?;
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "export".into());
    let tmp = out.with_file_name(format!(".{name}.{}.part", std::process::id()));
    let result = write_to(conn, spec, format, &tmp);
    let result = result.and_then(|e| {
        std::fs::rename(&tmp, out)?;
        Ok(e)
    });
    match result {
        Ok((head, rows)) => Ok(Exported {
            path: out.display().to_string(),
            format,
            rows,
            head,
        }),
        Err(e) => {
            let _ = std::fs::remove_file(&tmp);
            Err(match e {
                Error::Io(io)
                    if matches!(
                        io.kind(),
                        std::io::ErrorKind::PermissionDenied
                            | std::io::ErrorKind::ReadOnlyFilesystem
                    ) =>
                {
                    bad_out("out_unwritable", out)
                }
                e => e,
            })
        }
    }
}

fn write_to(
    conn: &Connection,
    spec: &ListSpec,
    format: Format,
    path: &Path,
) -> Result<(TableHead, u64)> {
    match format {
        Format::Csv => {
            let mut s = csv::CsvSink::create(path)?;
            let n = lists::produce(conn, spec, &mut s)?;
            let head = s.finish()?;
            Ok((head, n))
        }
        Format::Xlsx => {
            let mut s = xlsx::XlsxSink::new()?;
            let n = lists::produce(conn, spec, &mut s)?;
            let head = s.save(path)?;
            Ok((head, n))
        }
    }
}

/// The whole table in memory (tests, small lists).
pub fn collect(conn: &Connection, spec: &ListSpec) -> Result<Collected> {
    let mut c = Collected::default();
    lists::produce(conn, spec, &mut c)?;
    Ok(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_decimals_keep_every_digit_and_drop_trailing_zeros() {
        assert_eq!(fixed_text(12_500, 3), "12.5");
        assert_eq!(fixed_text(12_000, 3), "12");
        assert_eq!(fixed_text(-1, 3), "-0.001");
        assert_eq!(fixed_text(123_456_789_012, 6), "123456.789012");
        assert_eq!(Value::Fixed(100_001, 3).number(), Some(100.001));
    }

    #[test]
    fn a_format_is_csv_or_xlsx() {
        assert_eq!(Format::parse("XLSX").unwrap(), Format::Xlsx);
        let e = Format::parse("xls").unwrap_err();
        assert_eq!(e.fields()[0].code, "bad_format");
    }

    #[test]
    fn an_existing_directory_is_refused_as_the_output() {
        let d = tempfile::tempdir().unwrap();
        let e = check_out(d.path()).unwrap_err();
        assert_eq!(e.fields()[0].code, "out_is_dir");
        let e = check_out(&d.path().join("no/such/dir/x.csv")).unwrap_err();
        assert_eq!(e.fields()[0].code, "out_no_dir");
        assert!(check_out(&d.path().join("x.csv")).is_ok());
    }
}

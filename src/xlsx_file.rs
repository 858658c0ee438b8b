//! Reading imported spreadsheets (XLSX, and the older XLS and ODS that district offices
//! also send) into the same rows the CSV reader yields, so an import checks a workbook
//! exactly as it checks a CSV file.
//!
//! - The first sheet is read; its first non-blank row holds the headings (Chinese or
//!   English, as for CSV); row numbers in messages are the sheet's own.
//! - A number cell becomes its decimal text as Excel shows it (15 significant digits), never
//!   float noise: 0.1 + 0.2 stored as 0.30000000000000004 reads "0.3", 120 reads "120".
//! - A date cell (an Excel serial with a date format) becomes `YYYY-MM-DD`, with the time
//!   `YYYY-MM-DD HH:MM` when it has one; in a month column it becomes `YYYY-MM`.
//! - An error cell (`#N/A`, `#REF!` …) refuses the file, naming its row and column.
//! - Anything that is not a spreadsheet is read as CSV text ([`crate::csv_file`]).

use std::io::Cursor;

use calamine::{Data, Reader};

use crate::csv_file::{self, Row};
use crate::error::{Error, FieldError, Result, Rule};

/// Whether the bytes are a spreadsheet (a zip container: XLSX or ODS; or an OLE file: XLS).
pub fn is_spreadsheet(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0])
}

/// The rows of an imported file, a spreadsheet or CSV text, by the import's `columns`
/// (key, Chinese heading); `month_keys` are the columns whose dates are months.
pub fn read_rows(
    bytes: &[u8],
    columns: &[(&'static str, &'static str)],
    required: &[&str],
    month_keys: &[&str],
) -> Result<Vec<Row>> {
    if is_spreadsheet(bytes) {
        let sheet = read_sheet(bytes, columns, month_keys)?;
        csv_file::rows_of_sheet(sheet, columns, required)
    } else {
        let text = csv_file::read_text_of(bytes)?;
        csv_file::rows(&text, columns, required)
    }
}

pub(crate) fn unreadable(detail: &str) -> Error {
    Error::ImportRejected(vec![FieldError::new(
        None,
        "file",
        Rule::XlsxUnreadable,
        &[("detail", detail)],
    )])
}

/// The first sheet as text rows, each with its row number (1-based, as the sheet shows).
pub fn read_sheet(
    bytes: &[u8],
    columns: &[(&'static str, &'static str)],
    month_keys: &[&str],
) -> Result<Vec<(usize, Vec<String>)>> {
    let mut book = calamine::open_workbook_auto_from_rs(Cursor::new(bytes))
        .map_err(|e| unreadable(&e.to_string()))?;
    let range = match book.worksheet_range_at(0) {
        Some(r) => r.map_err(|e| unreadable(&e.to_string()))?,
        None => {
            return Err(Error::ImportRejected(vec![FieldError::new(
                None,
                "file",
                Rule::EmptyFile,
                &[],
            )]))
        }
    };
    let (row0, _) = range.start().unwrap_or((0, 0));
    let mut out = Vec::with_capacity(range.height());
    let mut header: Option<Vec<String>> = None;
    let mut months: Vec<bool> = Vec::new();
    let mut errs = Vec::new();
    for (i, cells) in range.rows().enumerate() {
        let row = row0 as usize + i + 1;
        let mut fields = Vec::with_capacity(cells.len());
        for (c, d) in cells.iter().enumerate() {
            let month = months.get(c).copied().unwrap_or(false);
            match cell_text(d, month) {
                Ok(s) => fields.push(s),
                Err(v) => {
                    let key = header
                        .as_ref()
                        .and_then(|h| h.get(c))
                        .and_then(|h| key_of(columns, h))
                        .unwrap_or("file");
                    errs.push(FieldError::new(
                        Some(row),
                        key,
                        Rule::XlsxErrorCell,
                        &[("value", &v)],
                    ));
                    fields.push(String::new());
                }
            }
        }
        if header.is_none() && fields.iter().any(|f| !f.trim().is_empty()) {
            months = fields
                .iter()
                .map(|h| key_of(columns, h).is_some_and(|k| month_keys.contains(&k)))
                .collect();
            header = Some(fields.clone());
        }
        out.push((row, fields));
    }
    if !errs.is_empty() {
        return Err(csv_file::rejected(errs));
    }
    Ok(out)
}

pub(crate) fn key_of(
    columns: &[(&'static str, &'static str)],
    heading: &str,
) -> Option<&'static str> {
    let h = heading.trim();
    columns
        .iter()
        .find(|(k, zh)| *k == h || *zh == h)
        .map(|(k, _)| *k)
}

/// One cell as the text a CSV file would hold; an error cell gives its error text.
pub(crate) fn cell_text(d: &Data, month: bool) -> std::result::Result<String, String> {
    Ok(match d {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => number_text(*f),
        Data::Bool(b) => if *b { "TRUE" } else { "FALSE" }.into(),
        Data::DateTime(t) if t.is_duration() => number_text(t.as_f64()),
        Data::DateTime(t) => {
            let (y, mo, d, h, mi, s, _) = t.to_ymd_hms_milli();
            if t.as_f64() < 1.0 {
                format!("{h:02}:{mi:02}")
            } else if month {
                format!("{y:04}-{mo:02}")
            } else if (h, mi, s) == (0, 0, 0) {
                format!("{y:04}-{mo:02}-{d:02}")
            } else if s == 0 {
                format!("{y:04}-{mo:02}-{d:02} {h:02}:{mi:02}")
            } else {
                format!("{y:04}-{mo:02}-{d:02} {h:02}:{mi:02}:{s:02}")
            }
        }
        Data::DateTimeIso(s) => {
            let s = s.replace('T', " ");
            if month && s.len() >= 7 {
                s[..7].to_string()
            } else {
                s
            }
        }
        Data::DurationIso(s) => s.clone(),
        Data::Error(e) => return Err(e.to_string()),
    })
}

/// A number as Excel shows it: at most 15 significant digits, no trailing zeros, no
/// exponent.
pub fn number_text(f: f64) -> String {
    if !f.is_finite() {
        return String::new();
    }
    if f == f.trunc() && f.abs() < 1e15 {
        return format!("{}", f as i64);
    }
    // Digits before the point (0.00012: -3, its first significant digit 4 places after it).
    let int_digits = 1 + f.abs().log10().floor() as i32;
    let prec = (15 - int_digits).clamp(0, 30) as usize;
    let s = format!("{f:.prec$}");
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_number_cell_reads_as_excel_shows_it() {
        assert_eq!(number_text(0.1 + 0.2), "0.3");
        assert_eq!(number_text(120.0), "120");
        assert_eq!(number_text(120.5), "120.5");
        assert_eq!(number_text(1234.125), "1234.125");
        assert_eq!(number_text(-2.5), "-2.5");
        assert_eq!(number_text(0.0001), "0.0001");
        assert_eq!(number_text(13_800_000_000.0), "13800000000");
        assert_eq!(number_text(24.999999999999996), "25");
    }

    #[test]
    fn a_date_cell_reads_as_a_date_a_time_or_a_month() {
        use calamine::{ExcelDateTime, ExcelDateTimeType::DateTime};
        let d = Data::DateTime(ExcelDateTime::new(45748.0, DateTime, false));
        assert_eq!(cell_text(&d, false).unwrap(), "2025-04-01");
        assert_eq!(cell_text(&d, true).unwrap(), "2025-04");
        let t = Data::DateTime(ExcelDateTime::new(45748.375, DateTime, false));
        assert_eq!(cell_text(&t, false).unwrap(), "2025-04-01 09:00");
        let e = Data::Error(calamine::CellErrorType::NA);
        assert_eq!(cell_text(&e, false).unwrap_err(), "#N/A");
    }
}

//! Reading the CSV files clerks import: UTF-8 (with or without Excel's BOM) or GB18030 text,
//! headers given as English keys or Chinese column names, each row with its line number so
//! that a refusal names the row a spreadsheet shows.

use std::collections::HashMap;
use std::path::Path;

use crate::error::{Error, FieldError, Result};

/// Reads a text file as UTF-8 (BOM stripped) or, failing that, GB18030.
pub fn read_text(path: &Path) -> Result<String> {
    let bytes = std::fs::read(path)?;
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(s.to_string()),
        Err(_) => {
            let (s, _, bad) = encoding_rs::GB18030.decode(bytes);
            if bad {
                Err(Error::Csv(
                    "the file is neither UTF-8 nor GB18030 text".into(),
                ))
            } else {
                Ok(s.into_owned())
            }
        }
    }
}

/// One data row: its line in the file and its cells by column key.
pub struct Row {
    /// The line number (the header is line 1).
    pub line: usize,
    cells: HashMap<&'static str, String>,
}

impl Row {
    /// The cell of column `key`, or "" when the file has no such column.
    pub fn get(&self, key: &str) -> String {
        self.cells.get(key).cloned().unwrap_or_default()
    }
}

/// Parses CSV text whose headers are among `columns` (key, Chinese heading). Unknown
/// headers and missing `required` columns refuse the file; blank rows are skipped.
pub fn rows(
    text: &str,
    columns: &[(&'static str, &'static str)],
    required: &[&str],
) -> Result<Vec<Row>> {
    let mut rd = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(text.as_bytes());
    let headers = rd.headers().map_err(|e| Error::Csv(e.to_string()))?.clone();
    let mut map: Vec<(usize, &'static str)> = Vec::new();
    let mut errs = Vec::new();
    for (i, h) in headers.iter().enumerate() {
        let h = h.trim();
        match columns.iter().find(|(k, zh)| *k == h || *zh == h) {
            Some((k, _)) => map.push((i, k)),
            None if h.is_empty() => {}
            None => errs.push(FieldError::new(
                Some(1),
                "file",
                "unknown_column",
                &[("value", h)],
            )),
        }
    }
    for r in required {
        if !map.iter().any(|(_, k)| k == r) {
            errs.push(FieldError::new(Some(1), r, "required", &[]));
        }
    }
    if !errs.is_empty() {
        return Err(Error::ImportRejected(errs));
    }
    let mut out = Vec::new();
    for rec in rd.records() {
        let rec = rec.map_err(|e| Error::Csv(e.to_string()))?;
        if rec.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        out.push(Row {
            line: rec.position().map(|p| p.line() as usize).unwrap_or(0),
            cells: map
                .iter()
                .map(|(i, k)| (*k, rec.get(*i).unwrap_or("").to_string()))
                .collect(),
        });
    }
    Ok(out)
}

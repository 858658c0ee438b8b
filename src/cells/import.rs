//! Importing cells from a CSV file (as clerks keep them in district spreadsheets).
//! All or nothing: every row is checked first, every bad row and field is reported, and
//! nothing is written unless the whole file is good. Headers may be the English keys or the
//! Chinese column names; files saved by Excel as UTF-8 (with BOM) or GB18030 are read.

use std::collections::HashMap;
use std::path::Path;

use super::{insert_valid, uscc, validate, CellDraft};
use crate::db::Ledger;
use crate::error::{Error, FieldError, Result};

/// The columns: key and Chinese heading.
pub const COLUMNS: &[(&str, &str)] = &[
    ("name", "名称"),
    ("kind", "类型"),
    ("uscc", "统一社会信用代码"),
    ("uscc_override", "保留理由"),
    ("district", "行政区划"),
    ("address", "地址"),
    ("contact", "联系人"),
    ("phone", "电话"),
    ("manager", "负责人"),
    ("headcount", "人数/户数"),
    ("baseline_headcount", "基准年人数/户数"),
    ("baseline_year", "基准年"),
];

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

/// Parses the CSV text into drafts, each with its line number in the file.
pub fn parse(text: &str) -> Result<Vec<(usize, CellDraft)>> {
    let mut rd = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(text.as_bytes());
    let headers = rd.headers().map_err(|e| Error::Csv(e.to_string()))?.clone();
    let mut map = HashMap::new();
    let mut errs = Vec::new();
    for (i, h) in headers.iter().enumerate() {
        let h = h.trim();
        match COLUMNS.iter().find(|(k, zh)| *k == h || *zh == h) {
            Some((k, _)) => {
                map.insert(*k, i);
            }
            None if h.is_empty() => {}
            None => errs.push(FieldError::new(
                Some(1),
                "file",
                "unknown_column",
                &[("value", h)],
            )),
        }
    }
    if !map.contains_key("name") {
        errs.push(FieldError::new(Some(1), "name", "required", &[]));
    }
    if !errs.is_empty() {
        return Err(Error::ImportRejected(errs));
    }
    let mut out = Vec::new();
    for rec in rd.records() {
        let rec = rec.map_err(|e| Error::Csv(e.to_string()))?;
        let line = rec.position().map(|p| p.line() as usize).unwrap_or(0);
        if rec.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        let get = |k: &str| {
            map.get(k)
                .and_then(|&i| rec.get(i))
                .unwrap_or("")
                .to_string()
        };
        out.push((
            line,
            CellDraft {
                name: get("name"),
                kind: get("kind"),
                uscc: get("uscc"),
                uscc_override: get("uscc_override"),
                district: get("district"),
                address: get("address"),
                contact: get("contact"),
                phone: get("phone"),
                manager: get("manager"),
                headcount: get("headcount"),
                baseline_headcount: get("baseline_headcount"),
                baseline_year: get("baseline_year"),
            },
        ));
    }
    Ok(out)
}

/// Imports the cells of a CSV file; returns how many were added.
pub fn import_file(ledger: &mut Ledger, path: &Path) -> Result<usize> {
    let text = read_text(path)?;
    import_text(ledger, &text)
}

/// Imports cells from CSV text; returns how many were added.
pub fn import_text(ledger: &mut Ledger, text: &str) -> Result<usize> {
    let drafts = parse(text)?;
    ledger.write(|w| {
        let mut errs = Vec::new();
        let mut valid = Vec::new();
        let mut seen: HashMap<String, usize> = HashMap::new();
        for (line, d) in &drafts {
            match validate(w.tx(), d, None) {
                Ok(v) => valid.push(v),
                Err(Error::Invalid(f)) => errs.extend(f.into_iter().map(|e| e.at_row(*line))),
                Err(e) => return Err(e),
            }
            let code = uscc::normalise(&d.uscc);
            if !code.is_empty() {
                if let Some(first) = seen.insert(code, *line) {
                    errs.push(FieldError::new(
                        Some(*line),
                        "uscc",
                        "duplicate_in_file",
                        &[("other", &first.to_string())],
                    ));
                }
            }
        }
        if !errs.is_empty() {
            return Err(Error::ImportRejected(errs));
        }
        for v in &valid {
            insert_valid(w, v)?;
        }
        Ok(valid.len())
    })
}

//! Importing manifests from a CSV file (a district's or a weighbridge's export). All or
//! nothing: each row is a dispatched load (received too when its reception columns are
//! filled); every bad row and field is reported and nothing is written unless all are good.

use std::collections::HashMap;
use std::path::Path;

use super::manifests::{self, ManifestDraft, Reception};
use crate::cells::import::read_text;
use crate::db::Ledger;
use crate::error::{Error, FieldError, Result};

/// The columns: key and Chinese heading.
pub const COLUMNS: &[(&str, &str)] = &[
    ("category", "类别"),
    ("unit", "单位"),
    ("declared", "申报量"),
    ("overload_reason", "超载理由"),
    ("site", "工地"),
    ("transporter", "运输单位"),
    ("vehicle", "车牌号"),
    ("driver", "驾驶员"),
    ("route", "路线"),
    ("facility", "消纳场"),
    ("departure_at", "出车时间"),
    ("received", "接收量"),
    ("refused", "拒收量"),
    ("outcome", "接收结论"),
    ("received_at", "接收时间"),
];

/// Imports the manifests of a CSV file; returns how many were added.
pub fn import_file(l: &mut Ledger, path: &Path) -> Result<usize> {
    let text = read_text(path)?;
    let mut rd = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(text.as_bytes());
    let headers = rd.headers().map_err(|e| Error::Csv(e.to_string()))?.clone();
    let mut map = HashMap::new();
    let mut errs = Vec::new();
    for (i, h) in headers.iter().enumerate() {
        match COLUMNS
            .iter()
            .find(|(k, zh)| *k == h.trim() || *zh == h.trim())
        {
            Some((k, _)) => {
                map.insert(*k, i);
            }
            None if h.trim().is_empty() => {}
            None => errs.push(FieldError::new(
                Some(1),
                "file",
                "unknown_column",
                &[("value", h.trim())],
            )),
        }
    }
    if !errs.is_empty() {
        return Err(Error::ImportRejected(errs));
    }
    let mut rows = Vec::new();
    for rec in rd.records() {
        let rec = rec.map_err(|e| Error::Csv(e.to_string()))?;
        if rec.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        let line = rec.position().map(|p| p.line() as usize).unwrap_or(0);
        let get = |k: &str| {
            map.get(k)
                .and_then(|&i| rec.get(i))
                .unwrap_or("")
                .to_string()
        };
        let draft = ManifestDraft {
            category: get("category"),
            unit: get("unit"),
            declared: get("declared"),
            overload_reason: get("overload_reason"),
            site: get("site"),
            transporter: get("transporter"),
            vehicle: get("vehicle"),
            driver: get("driver"),
            route: get("route"),
            facility: get("facility"),
            departure_at: get("departure_at"),
        };
        let reception = (!get("received").trim().is_empty()).then(|| Reception {
            received: get("received"),
            refused: get("refused"),
            outcome: get("outcome"),
            received_at: get("received_at"),
        });
        rows.push((line, draft, reception));
    }
    l.write(|w| {
        let mut errs = Vec::new();
        for (line, d, r) in &rows {
            match manifests::import_row(w, d, r.as_ref()) {
                Ok(()) => {}
                Err(Error::Invalid(f)) => errs.extend(f.into_iter().map(|e| e.at_row(*line))),
                Err(e) => return Err(e),
            }
        }
        if errs.is_empty() {
            Ok(rows.len())
        } else {
            Err(Error::ImportRejected(errs))
        }
    })
}

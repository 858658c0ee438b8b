//! Importing cells from a CSV file (as clerks keep them in district spreadsheets).
//! All or nothing: every row is checked first, every bad row and field is reported, and
//! nothing is written unless the whole file is good. Headers may be the English keys or the
//! Chinese column names; files saved by Excel as UTF-8 (with BOM) or GB18030 are read.

use std::collections::HashMap;
use std::path::Path;

use super::{insert_valid, uscc, validate, CellDraft};
use crate::csv_file;
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
    ("uscc_shared_reason", "共用代码理由"),
    ("street", "街道/乡镇"),
    ("street_code", "街道/乡镇代码"),
    ("community", "社区"),
    ("community_code", "社区代码"),
    ("area", "报送区域"),
];

/// Parses the CSV text into drafts, each with its line number in the file.
pub fn parse(text: &str) -> Result<Vec<(usize, CellDraft)>> {
    Ok(csv_file::rows(text, COLUMNS, &["name"])?
        .into_iter()
        .map(|r| {
            let draft = CellDraft {
                name: r.get("name"),
                kind: r.get("kind"),
                uscc: r.get("uscc"),
                uscc_override: r.get("uscc_override"),
                district: r.get("district"),
                address: r.get("address"),
                contact: r.get("contact"),
                phone: r.get("phone"),
                manager: r.get("manager"),
                headcount: r.get("headcount"),
                baseline_headcount: r.get("baseline_headcount"),
                baseline_year: r.get("baseline_year"),
                uscc_shared_reason: r.get("uscc_shared_reason"),
                street: r.get("street"),
                street_code: r.get("street_code"),
                community: r.get("community"),
                community_code: r.get("community_code"),
                area: r.get("area"),
            };
            (r.line, draft)
        })
        .collect())
}

/// Imports the cells of a CSV file; returns how many were added.
pub fn import_file(ledger: &mut Ledger, path: &Path) -> Result<usize> {
    let text = csv_file::read_text(path)?;
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
            let before = valid.len();
            match validate(w.tx(), d, None) {
                Ok(v) => valid.push(v),
                Err(Error::Invalid(f)) => errs.extend(f.into_iter().map(|e| e.at_row(*line))),
                Err(e) => return Err(e),
            }
            let code = uscc::normalise(&d.uscc);
            if !code.is_empty() {
                let shared = d.uscc_shared_reason.trim();
                if let Some(first) = seen.insert(code, *line) {
                    // A second site of the same unit may share the code, with its reason.
                    if !shared.is_empty() {
                        if valid.len() > before {
                            if let Some(v) = valid.last_mut() {
                                v.place.uscc_shared = Some(shared.to_string());
                            }
                        }
                        continue;
                    }
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

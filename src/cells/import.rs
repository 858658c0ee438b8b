//! Importing cells from a CSV or XLSX file (as clerks keep them in district spreadsheets).
//! All or nothing: every row is checked first, every bad row and field is reported, and
//! nothing is written unless the whole file is good. Idempotent: a file imported before,
//! or a row whose cell is already in the ledger with the same values, writes nothing. Headers may be the English keys or the
//! Chinese column names; files saved by Excel as UTF-8 (with BOM) or GB18030 are read.

use std::collections::HashMap;
use std::path::Path;

use rusqlite::OptionalExtension;

use super::{insert_valid, uscc, validate, Cell, CellDraft, ValidCell};
use crate::csv_file::{self, Imported};
use crate::db::Ledger;
use crate::error::{Error, FieldError, Result, Rule};
use crate::profile;

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
    Ok(drafts(csv_file::rows(text, COLUMNS, &["name"])?))
}

/// The rows of a file's bytes, CSV or a spreadsheet.
pub fn read(bytes: &[u8]) -> Result<Vec<csv_file::Row>> {
    crate::xlsx_file::read_rows(bytes, COLUMNS, &["name"], &[])
}

/// The drafts of rows read from a file, each with its row number.
pub fn drafts(rows: Vec<csv_file::Row>) -> Vec<(usize, CellDraft)> {
    rows.into_iter()
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
        .collect()
}

/// Imports the cells of a CSV file. A file imported before (the same bytes) writes nothing
/// and says when it was imported.
pub fn import_file(ledger: &mut Ledger, path: &Path) -> Result<Imported> {
    let bytes = std::fs::read(path)?;
    let hash = csv_file::file_hash(&bytes);
    if let Some(at) = csv_file::imported_before(ledger.conn(), "cells", &hash)? {
        return Ok(Imported::before(at));
    }
    let rows = read(&bytes)?;
    import_drafts(ledger, &drafts(rows), Some(&hash))
}

/// Imports cells from CSV text. Each row's natural key (the credit code, or else the name
/// and district) finds a cell already in the ledger: the same values are counted as
/// already imported and not written again; other values are refused (an edit is a step of
/// its own).
pub fn import_text(ledger: &mut Ledger, text: &str) -> Result<Imported> {
    import_rows(ledger, text, None)
}

fn import_rows(ledger: &mut Ledger, text: &str, hash: Option<&str>) -> Result<Imported> {
    import_drafts(ledger, &parse(text)?, hash)
}

fn import_drafts(
    ledger: &mut Ledger,
    drafts: &[(usize, CellDraft)],
    hash: Option<&str>,
) -> Result<Imported> {
    ledger.write(|w| {
        let (valid, out) = check(w.tx(), drafts)?;
        if !out.errs.is_empty() {
            return Err(csv_file::rejected(out.errs));
        }
        for v in &valid {
            insert_valid(w, v)?;
        }
        if let (Some(h), false) = (hash, valid.is_empty()) {
            csv_file::remember(w, "cells", h)?;
        }
        Ok(Imported {
            added: valid.len(),
            already: out.already.len(),
            imported_before: None,
        })
    })
}

/// Checks every draft as the import does, without writing: the cells to insert, and which
/// rows are already in the ledger or refused (with every field).
pub fn check(
    tx: &rusqlite::Connection,
    drafts: &[(usize, CellDraft)],
) -> Result<(Vec<ValidCell>, crate::import_preview::Outcome)> {
    let mut errs = Vec::new();
    let mut valid = Vec::new();
    let mut already = 0;
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut already_rows = Vec::new();
    for (line, d) in drafts {
        let before = valid.len();
        let existing = existing(tx, d)?;
        match validate(tx, d, existing.as_ref().map(|c| c.id)) {
            Ok(mut v) => match &existing {
                Some(c) => {
                    let stored = ValidCell::of(c);
                    v.status = stored.status;
                    v.certified_on.clone_from(&stored.certified_on);
                    v.expires_on.clone_from(&stored.expires_on);
                    // A figure the file leaves empty is no difference: the activity figures
                    // keep what was recorded.
                    if v.headcount.is_none() {
                        v.headcount = stored.headcount;
                    }
                    if v.baseline_headcount.is_none() {
                        v.baseline_headcount = stored.baseline_headcount;
                    }
                    if v == stored {
                        already += 1;
                        already_rows.push(*line);
                    } else {
                        errs.push(FieldError::new(
                            Some(*line),
                            "name",
                            Rule::ExistsDiffers,
                            &[("value", &c.name)],
                        ));
                    }
                }
                None => valid.push(v),
            },
            Err(Error::Invalid(f)) => errs.extend(f.into_iter().map(|e| e.at_row(*line))),
            Err(e) => return Err(e),
        }
        let code = uscc::normalise(&d.uscc);
        let key = if code.is_empty() {
            format!("{}\u{0}{}", d.name.trim(), d.district.trim())
        } else {
            code.clone()
        };
        if let Some(first) = seen.insert(key, *line) {
            // A second site of the same unit may share the code, with its reason.
            let shared = d.uscc_shared_reason.trim();
            if !code.is_empty() && !shared.is_empty() {
                if valid.len() > before {
                    if let Some(v) = valid.last_mut() {
                        v.place.uscc_shared = Some(shared.to_string());
                    }
                }
                continue;
            }
            let field = if code.is_empty() { "name" } else { "uscc" };
            errs.push(FieldError::new(
                Some(*line),
                field,
                Rule::DuplicateInFile,
                &[("other", &first.to_string())],
            ));
        }
    }
    debug_assert_eq!(already, already_rows.len());
    Ok((
        valid,
        crate::import_preview::Outcome {
            already: already_rows,
            errs,
        },
    ))
}

/// The live cell a draft's natural key names: its credit code, or else its name and
/// district.
fn existing(conn: &rusqlite::Connection, d: &CellDraft) -> Result<Option<Cell>> {
    let code = uscc::normalise(&d.uscc);
    let id: Option<crate::ids::CellId> = if !code.is_empty() {
        // The cell of this code and name; a second site of the same unit (a code shared
        // with a reason) is a new cell, any other row of the code is the one it names.
        let same_name: Option<crate::ids::CellId> = conn
            .prepare_cached(
                "SELECT id FROM cells WHERE uscc = ?1 AND name = ?2 AND deleted = 0 LIMIT 1",
            )?
            .query_row((&code, d.name.trim()), |r| r.get(0))
            .optional()?;
        match same_name {
            Some(id) => Some(id),
            None if !d.uscc_shared_reason.trim().is_empty() => None,
            None => conn
                .prepare_cached("SELECT id FROM cells WHERE uscc = ?1 AND deleted = 0 LIMIT 1")?
                .query_row([&code], |r| r.get(0))
                .optional()?,
        }
    } else {
        let Some(district) = profile::resolve_district(conn, &d.district)? else {
            return Ok(None);
        };
        conn.prepare_cached(
            "SELECT id FROM cells WHERE name = ?1 AND district = ?2 AND deleted = 0 LIMIT 1",
        )?
        .query_row((d.name.trim(), &district), |r| r.get(0))
        .optional()?
    };
    id.map(|id| super::get(conn, id)).transpose()
}

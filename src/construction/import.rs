//! Importing manifests from a CSV or XLSX file (a district's or a weighbridge's export). All or
//! nothing: each row is a dispatched load (received too when its reception columns are
//! filled; weights in tonnes), numbered by its departure date; every bad row and field is
//! reported and nothing is written unless all are good. Idempotent: importing the same
//! file, or the same loads, again writes nothing.

use std::collections::HashMap;
use std::path::Path;

use rusqlite::Connection;

use super::manifests::{self, ManifestDraft, Reception};
use super::registers;
use crate::csv_file::{self, Imported};
use crate::db::Ledger;
use crate::error::{Error, FieldError, Result, Rule};
use crate::ids::RefId;

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
    ("disposal_method", "处置方式"),
    ("paper_no", "纸质联单号"),
    ("window_from", "计划开始"),
    ("window_to", "计划结束"),
    ("follows", "原拒收联单"),
    ("received", "接收量"),
    ("gross", "毛重"),
    ("tare", "皮重"),
    ("ticket_no", "磅单号"),
    ("refused", "拒收量"),
    ("outcome", "接收结论"),
    ("received_at", "接收时间"),
];

/// Imports the manifests of a CSV file. Idempotent: a file imported before (the same
/// bytes) writes nothing and says when; a row whose load is already in the ledger (the same
/// site, vehicle and departure) is counted as already imported and not written again.
pub fn import_file(l: &mut Ledger, path: &Path) -> Result<Imported> {
    let bytes = std::fs::read(path)?;
    let hash = csv_file::file_hash(&bytes);
    if let Some(at) = csv_file::imported_before(l.conn(), "manifests", &hash)? {
        return Ok(Imported::before(at));
    }
    let rows = read(&bytes)?;
    import_drafts(l, &drafts(rows), Some(&hash))
}

/// The rows of a file's bytes, CSV or a spreadsheet.
pub fn read(bytes: &[u8]) -> Result<Vec<csv_file::Row>> {
    crate::xlsx_file::read_rows(bytes, COLUMNS, &[], &[])
}

/// One load of a file: its row, the dispatch and the reception when given.
pub type LoadRow = (usize, ManifestDraft, Option<Reception>);

/// Imports manifests from CSV text (see [`import_file`]); `hash` is the file's, remembered
/// when rows were written.
pub fn import_text(l: &mut Ledger, text: &str, hash: Option<&str>) -> Result<Imported> {
    import_drafts(l, &drafts(csv_file::rows(text, COLUMNS, &[])?), hash)
}

/// The loads of rows read from a file.
pub fn drafts(rows: Vec<csv_file::Row>) -> Vec<LoadRow> {
    rows.into_iter()
        .map(|r| {
            let draft = ManifestDraft {
                category: r.get("category"),
                unit: r.get("unit"),
                declared: r.get("declared"),
                overload_reason: r.get("overload_reason"),
                site: r.get("site"),
                transporter: r.get("transporter"),
                vehicle: r.get("vehicle"),
                driver: r.get("driver"),
                route: r.get("route"),
                facility: r.get("facility"),
                departure_at: r.get("departure_at"),
                disposal_method: r.get("disposal_method"),
                paper_no: r.get("paper_no"),
                window_from: r.get("window_from"),
                window_to: r.get("window_to"),
                follows: r.get("follows"),
            };
            let weighed = ["received", "gross", "tare"]
                .iter()
                .any(|k| !r.get(k).trim().is_empty());
            let reception = weighed.then(|| Reception {
                received: r.get("received"),
                refused: r.get("refused"),
                gross: r.get("gross"),
                tare: r.get("tare"),
                ticket_no: r.get("ticket_no"),
                outcome: r.get("outcome"),
                received_at: r.get("received_at"),
                overload_reason: r.get("overload_reason"),
            });
            (r.line, draft, reception)
        })
        .collect()
}

fn import_drafts(l: &mut Ledger, rows: &[LoadRow], hash: Option<&str>) -> Result<Imported> {
    l.write(|w| {
        let (added, out) = check(w, rows)?;
        if !out.errs.is_empty() {
            return Err(csv_file::rejected(out.errs));
        }
        if let (Some(h), true) = (hash, added > 0) {
            csv_file::remember(w, "manifests", h)?;
        }
        Ok(Imported {
            added,
            already: out.already.len(),
            imported_before: None,
        })
    })
}

/// Checks and writes every load in `w`'s transaction, as the import does: the loads
/// written, and which rows are already in the ledger or refused (with every field). The
/// caller commits only when nothing was refused (a preview never does).
pub fn check(
    w: &mut crate::db::Writer<'_>,
    rows: &[LoadRow],
) -> Result<(usize, crate::import_preview::Outcome)> {
    let mut errs = Vec::new();
    let mut added = 0;
    let mut already = Vec::new();
    let mut seen: HashMap<NaturalKey, usize> = HashMap::new();
    for (line, d, r) in rows {
        if let Some(k) = natural_key(w.tx(), d)? {
            let field = match k {
                NaturalKey::Paper(_) => "paper_no",
                NaturalKey::Load { .. } => "departure_at",
            };
            if let Some(first) = seen.insert(k.clone(), *line) {
                // Still checked below, so that every problem of the row is listed.
                errs.push(FieldError::new(
                    Some(*line),
                    field,
                    Rule::DuplicateInFile,
                    &[("other", &first.to_string())],
                ));
            } else if k.exists(w.tx())? {
                already.push(*line);
                continue;
            }
        }
        match manifests::import_row(w, d, r.as_ref()) {
            Ok(()) => added += 1,
            Err(Error::Invalid(f)) => errs.extend(f.into_iter().map(|e| e.at_row(*line))),
            Err(e) => return Err(e),
        }
    }
    Ok((added, crate::import_preview::Outcome { already, errs }))
}

/// What names one load: the paper manifest's number when the clerk transcribed one, else
/// the site, the vehicle and the departure (one truck leaves one site once at a given minute).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum NaturalKey {
    /// 纸质联单号.
    Paper(String),
    /// Site, vehicle and departure (UTC).
    Load {
        site: RefId,
        vehicle: RefId,
        departure_at: String,
    },
}

impl NaturalKey {
    /// Whether a live manifest with this key is in the ledger.
    fn exists(&self, conn: &Connection) -> Result<bool> {
        Ok(match self {
            NaturalKey::Paper(no) => conn
                .prepare_cached("SELECT 1 FROM cw_manifests WHERE paper_no = ?1 AND deleted = 0")?
                .exists([no])?,
            NaturalKey::Load {
                site,
                vehicle,
                departure_at,
            } => conn
                .prepare_cached(
                    "SELECT 1 FROM cw_manifests
                     WHERE vehicle_id = ?1 AND departure_at = ?2 AND site_id = ?3 AND deleted = 0",
                )?
                .exists((vehicle, departure_at, site))?,
        })
    }
}

/// The key of a row, when its paper number, or its site, vehicle and departure, can be read
/// (when not, the row's own checks refuse it).
fn natural_key(conn: &Connection, d: &ManifestDraft) -> Result<Option<NaturalKey>> {
    let paper = d.paper_no.trim();
    if !paper.is_empty() {
        return Ok(Some(NaturalKey::Paper(paper.to_string())));
    }
    let found = |register: registers::Register, v: &str| match registers::find(conn, register, v) {
        Ok(id) => Ok(Some(id)),
        Err(Error::NotFound { .. }) => Ok(None),
        Err(e) => Err(e),
    };
    let (Some(site), Some(vehicle), Some(departure_at)) = (
        found(registers::Register::Site, &d.site)?,
        found(registers::Register::Vehicle, &d.vehicle)?,
        manifests::parse_time(&d.departure_at),
    ) else {
        return Ok(None);
    };
    Ok(Some(NaturalKey::Load {
        site,
        vehicle,
        departure_at,
    }))
}

//! Importing manifests from a CSV or XLSX file (a district's or a weighbridge's export). All or
//! nothing: each row is a dispatched load (received too when its reception columns are
//! filled; weights in tonnes), numbered by its departure date; every bad row and field is
//! reported and nothing is written unless all are good. Idempotent: importing the same
//! file, or the same loads, again writes nothing.

use std::path::Path;

use rusqlite::Connection;

use super::manifests::{self, ManifestDraft, Preloaded, Reception};
use super::numbers::Numbers;
use super::registers;
use crate::csv_file::{self, Imported};
use crate::db::Ledger;
use crate::error::{Error, FieldError, Result, Rule};
use crate::ids::RefId;
use crate::import_earlier::Earlier;
use crate::import_preview::ImportKind;
use crate::import_run::{self, Fate, RowCheck};

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

/// Imports the manifests of a CSV or XLSX file. Idempotent: a file imported before (the
/// same bytes) writes nothing and says when; a row whose load is already in the ledger (the
/// same site, vehicle and departure) is counted as already imported and not written again.
pub fn import_file(l: &mut Ledger, path: &Path) -> Result<Imported> {
    import_run::import(l, ImportKind::Manifests, path, &mut |_| {})
}

/// The rows of a file's bytes, CSV or a spreadsheet.
pub fn read(bytes: &[u8]) -> Result<Vec<csv_file::Row>> {
    crate::xlsx_file::read_rows(bytes, COLUMNS, &[], &[])
}

/// Imports manifests from CSV text (see [`import_file`]); `hash` is the file's, remembered
/// when rows were written.
pub fn import_text(l: &mut Ledger, text: &str, hash: Option<&str>) -> Result<Imported> {
    let mut file = import_run::open_text(text.to_string(), ImportKind::Manifests)?;
    file.hash = hash.map(str::to_string);
    import_run::import_opened(l, ImportKind::Manifests, file, &mut |_| {})
}

/// The load of a row read from a file: the dispatch, and the reception when given.
pub fn draft(r: &csv_file::Row) -> (ManifestDraft, Option<Reception>) {
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
        .any(|k| !r.get_ref(k).trim().is_empty());
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
    (draft, reception)
}

/// The checks of manifest rows, each written when good (see [`RowCheck`]). The registers
/// and settings are loaded once, at the first row, and the numbers drawn from a counter per
/// day. Nothing is kept per row: whether an earlier row of the file named the same load is
/// asked of the ledger, which holds the rows this import wrote (each with its line in its
/// id) and, in a temporary table, the loads from before that a row named (see [`Earlier`]).
#[derive(Default)]
pub struct ManifestRows {
    earlier: Earlier,
    pre: Option<Preloaded>,
    numbers: Numbers,
}

impl RowCheck for ManifestRows {
    fn row(&mut self, w: &mut crate::db::Writer<'_>, r: &csv_file::Row) -> Result<Fate> {
        let (d, rec) = draft(r);
        let line = r.line;
        let mut errs = Vec::new();
        let pre = match &self.pre {
            Some(p) => p,
            None => self.pre.insert(Preloaded::load(w.tx())?),
        };
        if let Some(k) = natural_key(pre, &d)? {
            let field = match k {
                NaturalKey::Paper(_) => "paper_no",
                NaturalKey::Load { .. } => "departure_at",
            };
            // The live loads of the key: written by this import (an earlier row's, its line
            // in its id) or in the ledger before it (a row of the file may have named it).
            let mut first: Option<usize> = None;
            let mut before = Vec::new();
            for (id, clock) in k.loads(w.tx())? {
                let at = if clock == w.clock() {
                    self.earlier.line_of(&id)
                } else {
                    before.push(id);
                    self.earlier.named_before(w.tx(), &id)?
                };
                first = match (first, at) {
                    (Some(a), Some(b)) => Some(a.min(b)),
                    (a, b) => a.or(b),
                };
            }
            match first {
                // Still checked below, so that every problem of the row is listed.
                Some(first) => errs.push(FieldError::new(
                    Some(line),
                    field,
                    Rule::DuplicateInFile,
                    &[("other", &first.to_string())],
                )),
                // A load in the ledger before, named for the first time in the file.
                None if !before.is_empty() => {
                    for id in &before {
                        self.earlier.note(w.tx(), id, line)?;
                    }
                    return Ok(Fate::Already);
                }
                None => {}
            }
        }
        let id = RefId(self.earlier.id(line));
        let done = manifests::import_row(w, pre, &mut self.numbers, &d, rec.as_ref(), id);
        if done.is_ok() && (rec.is_some() || !d.follows.trim().is_empty()) {
            // A load that took the form's steps: its entries written now, not kept to the
            // commit (no later row of the file changes it again).
            w.settle_log()?;
        }
        match done {
            Ok(()) if errs.is_empty() => Ok(Fate::New),
            Ok(()) => Ok(Fate::Bad(errs)),
            Err(Error::Invalid(f)) => {
                errs.extend(f.into_iter().map(|e| e.at_row(line)));
                Ok(Fate::Bad(errs))
            }
            Err(e) => Err(e),
        }
    }

    fn finish(&mut self, w: &mut crate::db::Writer<'_>) -> Result<()> {
        self.earlier.finish(w.tx())
    }
}

/// What names one load: the paper manifest's number when the clerk transcribed one, else
/// the site, the vehicle and the departure (one truck leaves one site once at a given minute).
#[derive(Debug, Clone, PartialEq, Eq)]
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
    /// The live manifests with this key in the ledger: id and change set (clock).
    fn loads(&self, conn: &Connection) -> Result<Vec<([u8; 16], i64)>> {
        let row = |r: &rusqlite::Row<'_>| Ok((r.get(0)?, r.get(1)?));
        Ok(match self {
            NaturalKey::Paper(no) => conn
                .prepare_cached(
                    "SELECT id, clock FROM cw_manifests WHERE paper_no = ?1 AND deleted = 0",
                )?
                .query_map([no], row)?
                .collect::<rusqlite::Result<_>>()?,
            NaturalKey::Load {
                site,
                vehicle,
                departure_at,
            } => conn
                // Sought by departure (`cw_manifests_departure`: the loads of one minute),
                // not by vehicle, whose loads grow with the ledger.
                .prepare_cached(
                    "SELECT id, clock FROM cw_manifests
                     WHERE deleted = 0 AND departure_at = ?2 AND +vehicle_id = ?1
                     AND +site_id = ?3",
                )?
                .query_map((vehicle, departure_at, site), row)?
                .collect::<rusqlite::Result<_>>()?,
        })
    }
}

/// The key of a row, when its paper number, or its site, vehicle and departure, can be read
/// (when not, the row's own checks refuse it).
fn natural_key(pre: &Preloaded, d: &ManifestDraft) -> Result<Option<NaturalKey>> {
    let paper = d.paper_no.trim();
    if !paper.is_empty() {
        return Ok(Some(NaturalKey::Paper(paper.to_string())));
    }
    let found = |register: registers::Register, v: &str| match pre.find(register, v) {
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

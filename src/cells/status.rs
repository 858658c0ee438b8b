//! A cell's creation status (创建状态) in the words of practice (Lanzhou's 2024 naming notice:
//! apply → assessment and acceptance → list of units that qualify → named by batch):
//! 计划创建 → 已申报 → 创建中 → 验收通过（待命名）→ 已命名, and 撤销命名 of a named cell.
//! The stored keys (`planned` … `revoked`) are those of earlier versions, each mapping one to
//! one onto the new wording, so stored rows and change-log images keep their meaning.
//!
//! Naming (命名) carries a batch (第 N 批), a document number, a date and an expiry (the
//! validity period is a setting). Moving back from 已命名 ends the naming without erasing it:
//! the cell's current values say what holds now, `cell_namings` what held before.

use std::fmt;
use std::str::FromStr;

use chrono::{Months, NaiveDate};
use rusqlite::{Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

use crate::db::Writer;
use crate::error::{Error, FieldError, Result, Rule};
use crate::ids::{today, CellId, RefId};
use crate::profile;

/// Creation status of a cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum Status {
    /// 计划创建: in the city's plan.
    Planned,
    /// 已申报: applied, commitment letter submitted.
    Applying,
    /// 创建中: creation under way.
    Creating,
    /// 验收通过（待命名）: assessed and accepted, on the list awaiting naming.
    Assessed,
    /// 已命名: named, with a batch, document, date and expiry.
    Certified,
    /// 撤销命名: naming revoked.
    Revoked,
}

impl Status {
    /// Every status, in lifecycle order.
    pub const ALL: [Status; 6] = [
        Status::Planned,
        Status::Applying,
        Status::Creating,
        Status::Assessed,
        Status::Certified,
        Status::Revoked,
    ];

    /// The stored key.
    pub fn key(self) -> &'static str {
        match self {
            Status::Planned => "planned",
            Status::Applying => "applying",
            Status::Creating => "creating",
            Status::Assessed => "assessed",
            Status::Certified => "certified",
            Status::Revoked => "revoked",
        }
    }

    /// Chinese label, in the words of practice.
    pub fn label_zh(self) -> &'static str {
        match self {
            Status::Planned => "计划创建",
            Status::Applying => "已申报",
            Status::Creating => "创建中",
            Status::Assessed => "验收通过（待命名）",
            Status::Certified => "已命名",
            Status::Revoked => "撤销命名",
        }
    }

    /// English label.
    pub fn label_en(self) -> &'static str {
        match self {
            Status::Planned => "Planned",
            Status::Applying => "Applied",
            Status::Creating => "Under creation",
            Status::Assessed => "Accepted (awaiting naming)",
            Status::Certified => "Named",
            Status::Revoked => "Naming revoked",
        }
    }

    /// The Chinese label of a status key (the key itself if unknown).
    pub fn label_zh_of(key: &str) -> &str {
        key.parse::<Status>().map(Status::label_zh).unwrap_or(key)
    }

    /// The English label of a status key (the key itself if unknown).
    pub fn label_en_of(key: &str) -> &str {
        key.parse::<Status>().map(Status::label_en).unwrap_or(key)
    }

    /// The statuses a cell may move to from this one. Besides the forward path: an
    /// application may be withdrawn (已申报 → 计划创建) and creation abandoned (创建中 →
    /// 计划创建); a failed acceptance returns to 创建中; a named cell whose naming runs out
    /// is re-assessed (已命名 → 验收通过 or 创建中) or has its naming revoked; a revoked cell
    /// may start again.
    pub fn next(self) -> &'static [Status] {
        use Status::*;
        match self {
            Planned => &[Applying],
            Applying => &[Creating, Planned],
            Creating => &[Assessed, Planned],
            Assessed => &[Certified, Creating],
            Certified => &[Revoked, Assessed, Creating],
            Revoked => &[Planned, Creating],
        }
    }

    /// Whether `self → to` is allowed.
    pub fn can_become(self, to: Status) -> bool {
        self.next().contains(&to)
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.key())
    }
}

impl FromStr for Status {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        let s = s.trim();
        // Earlier Chinese labels are still understood (imports of old sheets).
        let old = |x: Status| match x {
            Status::Planned => "计划",
            Status::Applying => "申报",
            Status::Assessed => "已评估",
            Status::Revoked => "撤销",
            _ => "",
        };
        Status::ALL
            .into_iter()
            .find(|x| {
                x.key().eq_ignore_ascii_case(s)
                    || x.label_zh() == s
                    || x.label_en().eq_ignore_ascii_case(s)
                    || (!old(*x).is_empty() && old(*x) == s)
                    || (*x == Status::Assessed && (s == "验收通过" || s == "待命名"))
            })
            .ok_or_else(|| Error::field("status", Rule::UnknownStatus, &[("value", s)]))
    }
}

/// A status change as a clerk gives it. Naming needs `on` (its date), a batch and a document
/// number; revocation a reason.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(default)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct StatusChange {
    /// The status to move to (key or label).
    pub to: String,
    /// 命名日期 (YYYY-MM-DD), when naming.
    pub on: String,
    /// 命名批次 (第 N 批), when naming.
    pub batch: String,
    /// 命名文号, when naming.
    pub document_no: String,
    /// Why (required to revoke a naming).
    pub reason: String,
}

/// One naming of a cell, current or past.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Naming {
    /// 第 N 批 (unknown for cells named before batches were recorded).
    pub batch: Option<i64>,
    /// 命名文号.
    pub document_no: String,
    /// 命名日期.
    pub named_on: String,
    /// 有效期至.
    pub expires_on: String,
    /// When it ended (moved back or revoked); `None` while it holds.
    pub ended_on: Option<String>,
    /// The status the cell moved to when it ended.
    pub ended_as: Option<Status>,
}

/// A cell's namings, oldest first: the ended ones and the one that holds now.
pub fn namings(conn: &Connection, id: CellId) -> Result<Vec<Naming>> {
    let mut st = conn.prepare_cached(
        "SELECT batch, document_no, named_on, expires_on, ended_on, ended_as FROM cell_namings
         WHERE cell_id = ?1 AND deleted = 0 ORDER BY named_on, created_at",
    )?;
    let mut out: Vec<Naming> = st
        .query_map([id], |r| {
            Ok(Naming {
                batch: r.get(0)?,
                document_no: r.get(1)?,
                named_on: r.get(2)?,
                expires_on: r.get(3)?,
                ended_on: r.get(4)?,
                ended_as: r.get::<_, Option<String>>(5)?.and_then(|s| s.parse().ok()),
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    // A cell named before namings were recorded holds its naming on the row alone.
    if !out.iter().any(|n| n.ended_on.is_none()) {
        let cell = super::get(conn, id)?;
        if let (Status::Certified, Some(on), Some(until)) =
            (cell.status, cell.certified_on, cell.expires_on)
        {
            out.push(Naming {
                batch: None,
                document_no: String::new(),
                named_on: on,
                expires_on: until,
                ended_on: None,
                ended_as: None,
            });
        }
    }
    Ok(out)
}

/// Checks a naming's batch (a positive whole number, `第 2 批` as clerks write it) and its
/// document number (required, at most 100 characters): the batch, the document number and the
/// refusals.
pub fn check_naming<'a>(
    batch: &str,
    document_no: &'a str,
) -> (Option<i64>, &'a str, Vec<FieldError>) {
    let mut errs = Vec::new();
    let batch = match batch
        .trim()
        .trim_start_matches('第')
        .trim_end_matches('批')
        // "第 2 批", as clerks write it.
        .trim()
    {
        "" => {
            errs.push(FieldError::new(None, "naming_batch", Rule::Required, &[]));
            None
        }
        b => match b.parse::<i64>() {
            Ok(n) if n > 0 => Some(n),
            _ => {
                errs.push(FieldError::new(
                    None,
                    "naming_batch",
                    Rule::NotInteger,
                    &[("value", b)],
                ));
                None
            }
        },
    };
    let doc = document_no.trim();
    if doc.is_empty() {
        errs.push(FieldError::new(None, "naming_doc", Rule::Required, &[]));
    } else if doc.chars().count() > 100 {
        errs.push(FieldError::new(
            None,
            "naming_doc",
            Rule::TooLong,
            &[("max", "100")],
        ));
    }
    (batch, doc, errs)
}

/// Checks the day a cell was named: a real date, not in the future.
pub fn naming_date(on: &str) -> Result<NaiveDate> {
    let on = on.trim();
    if on.is_empty() {
        return Err(Error::field("certified_on", Rule::CertifiedOnRequired, &[]));
    }
    let date = NaiveDate::parse_from_str(on, "%Y-%m-%d")
        .map_err(|_| Error::field("certified_on", Rule::BadDate, &[("value", on)]))?;
    if date > today() {
        return Err(Error::field(
            "certified_on",
            Rule::FutureDate,
            &[("value", on)],
        ));
    }
    Ok(date)
}

/// The expiry of a naming dated `date`: the validity period (years, a setting) later, the day
/// before.
fn expiry(conn: &Connection, date: NaiveDate) -> Result<NaiveDate> {
    let years: u32 = profile::setting_or_default(conn, "certification.validity_years")?
        .parse()
        .unwrap_or(3);
    Ok(date
        .checked_add_months(Months::new(years * 12))
        .and_then(|d| d.pred_opt())
        .unwrap_or(date))
}

pub(super) fn apply(w: &mut Writer<'_>, id: CellId, ch: &StatusChange) -> Result<()> {
    let to: Status = ch.to.parse()?;
    let cell = super::get(w.tx(), id)?;
    if !cell.status.can_become(to) {
        return Err(Error::BadTransition {
            from: cell.status.key().into(),
            to: to.key().into(),
        });
    }
    let reason = Some(ch.reason.trim()).filter(|r| !r.is_empty());
    if to == Status::Revoked && reason.is_none() {
        return Err(Error::field("reason", Rule::Required, &[]));
    }
    let (certified_on, expires_on) = if to == Status::Certified {
        let date = naming_date(&ch.on)?;
        let (batch, doc, errs) = check_naming(&ch.batch, &ch.document_no);
        if !errs.is_empty() {
            return Err(Error::Invalid(errs));
        }
        let expires = expiry(w.tx(), date)?;
        let nid = RefId::new();
        w.tx().execute(
            "INSERT INTO cell_namings (id, cell_id, batch, document_no, named_on, expires_on,
                created_at, updated_at, origin, clock)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7, ?8, ?9)",
            rusqlite::params![
                nid,
                id,
                batch,
                doc,
                date.to_string(),
                expires.to_string(),
                w.now_ms(),
                w.origin(),
                w.clock()
            ],
        )?;
        w.log("cell_namings", nid.as_bytes(), None, None)?;
        (Some(date.to_string()), Some(expires.to_string()))
    } else {
        if cell.status == Status::Certified {
            end_naming(w, id, &cell, to)?;
        }
        (None, None)
    };
    let before = w.snapshot("cells", id.as_bytes())?;
    w.tx().execute(
        "UPDATE cells SET status = ?2, certified_on = ?3, expires_on = ?4, updated_at = ?5,
            origin = ?6, clock = ?7 WHERE id = ?1",
        rusqlite::params![
            id,
            to.key(),
            certified_on,
            expires_on,
            w.now_ms(),
            w.origin(),
            w.clock()
        ],
    )?;
    w.log("cells", id.as_bytes(), before, reason)
}

/// Ends the naming that holds (moving back or revoking): it stays in the history with the day
/// it ended and the status the cell moved to.
fn end_naming(w: &mut Writer<'_>, id: CellId, cell: &super::Cell, to: Status) -> Result<()> {
    let open: Option<RefId> = w
        .tx()
        .query_row(
            "SELECT id FROM cell_namings WHERE cell_id = ?1 AND ended_on IS NULL AND deleted = 0",
            [id],
            |r| r.get(0),
        )
        .optional()?;
    let today = today().to_string();
    match open {
        Some(nid) => {
            let before = w.snapshot("cell_namings", nid.as_bytes())?;
            w.tx().execute(
                "UPDATE cell_namings SET ended_on = ?2, ended_as = ?3, updated_at = ?4,
                    origin = ?5, clock = ?6 WHERE id = ?1",
                rusqlite::params![nid, today, to.key(), w.now_ms(), w.origin(), w.clock()],
            )?;
            w.log("cell_namings", nid.as_bytes(), before, None)
        }
        None => {
            // Named before namings were recorded: the row is written as it ends.
            let (Some(on), Some(until)) = (&cell.certified_on, &cell.expires_on) else {
                return Ok(());
            };
            let nid = RefId::new();
            w.tx().execute(
                "INSERT INTO cell_namings (id, cell_id, batch, document_no, named_on, expires_on,
                    ended_on, ended_as, created_at, updated_at, origin, clock)
                 VALUES (?1, ?2, NULL, '', ?3, ?4, ?5, ?6, ?7, ?7, ?8, ?9)",
                rusqlite::params![
                    nid,
                    id,
                    on,
                    until,
                    today,
                    to.key(),
                    w.now_ms(),
                    w.origin(),
                    w.clock()
                ],
            )?;
            w.log("cell_namings", nid.as_bytes(), None, None)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_forward_path_is_allowed_and_skipping_is_not() {
        use Status::*;
        let path = [Planned, Applying, Creating, Assessed, Certified];
        for w in path.windows(2) {
            assert!(w[0].can_become(w[1]), "{} → {}", w[0], w[1]);
        }
        assert!(!Planned.can_become(Certified));
        assert!(!Applying.can_become(Assessed));
        assert!(!Revoked.can_become(Certified));
    }

    #[test]
    fn only_a_named_cell_has_its_naming_revoked() {
        use Status::*;
        for s in [Planned, Applying, Creating, Assessed] {
            assert!(!s.can_become(Revoked), "{s}");
        }
        assert!(Certified.can_become(Revoked));
    }

    #[test]
    fn statuses_speak_the_words_of_practice() {
        let zh: Vec<&str> = Status::ALL.iter().map(|s| s.label_zh()).collect();
        assert_eq!(
            zh,
            [
                "计划创建",
                "已申报",
                "创建中",
                "验收通过（待命名）",
                "已命名",
                "撤销命名"
            ]
        );
        assert_eq!(Status::Assessed.label_en(), "Accepted (awaiting naming)");
        assert_eq!(Status::label_en_of("revoked"), "Naming revoked");
    }

    #[test]
    fn statuses_parse_by_key_label_or_earlier_label() {
        assert_eq!("certified".parse::<Status>().unwrap(), Status::Certified);
        assert_eq!("创建中".parse::<Status>().unwrap(), Status::Creating);
        assert_eq!("已命名".parse::<Status>().unwrap(), Status::Certified);
        assert_eq!(
            "验收通过（待命名）".parse::<Status>().unwrap(),
            Status::Assessed
        );
        assert_eq!("已评估".parse::<Status>().unwrap(), Status::Assessed);
        assert_eq!("Named".parse::<Status>().unwrap(), Status::Certified);
        assert!("done".parse::<Status>().is_err());
    }
}

//! Assessment and naming (评估验收与命名) of a cell, as practice runs it (Shanghai 2023,
//! Shandong 2024): a voluntary application with a commitment letter signed by the legal
//! representative (承诺书) and a check for serious dishonesty records (失信核查), then a county
//! pre-assessment (县区初评), a city acceptance (市级验收) and naming by batch; a named cell
//! is re-reviewed (复核) before its naming runs out. Each attempt is kept with the criteria
//! version it was scored against; a pass at city level moves the cell to 验收通过（待命名）
//! through the status rules of [`super::Status`]. Naming (命名) and revocation (撤销命名, with
//! a reason) are status changes ([`super::change_status`]).

pub mod criteria;

use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

use super::{Status, StatusChange};
use crate::db::{Ledger, Writer};
use crate::error::{Error, FieldError, Result, Rule};
use crate::ids::{today, CellId, RefId};
pub use criteria::{Criteria, CriteriaItem};

/// Assessment level.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum Level {
    /// 县区初评: the county's pre-assessment.
    County,
    /// 市级验收: the city's acceptance.
    City,
    /// 复核: re-review of a named cell.
    Review,
}

impl Level {
    /// Stored key.
    pub fn key(self) -> &'static str {
        match self {
            Level::County => "county",
            Level::City => "city",
            Level::Review => "review",
        }
    }
    /// Chinese label.
    pub fn label_zh(self) -> &'static str {
        match self {
            Level::County => "县区初评",
            Level::City => "市级验收",
            Level::Review => "复核",
        }
    }
    /// English label.
    pub fn label_en(self) -> &'static str {
        match self {
            Level::County => "County pre-assessment",
            Level::City => "City acceptance",
            Level::Review => "Re-review",
        }
    }
    /// Parses a key or a label.
    pub fn parse(s: &str) -> Result<Level> {
        let s = s.trim();
        [Level::County, Level::City, Level::Review]
            .into_iter()
            .find(|l| {
                l.key().eq_ignore_ascii_case(s)
                    || l.label_zh() == s
                    || l.label_en().eq_ignore_ascii_case(s)
                    || (s == "初评" && *l == Level::County)
                    || (s == "验收" && *l == Level::City)
            })
            .ok_or_else(|| Error::field("level", Rule::UnknownLevel, &[("value", s)]))
    }
}

/// A cell's application as a clerk gives it (dates `YYYY-MM-DD`; empty: not yet).
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(default)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Application {
    /// 承诺书 received on.
    pub letter_on: String,
    /// 失信核查 date.
    pub check_on: String,
    /// 失信核查 by whom.
    pub check_by: String,
    /// 失信核查 result: `clear` (无严重失信记录) or `found` (有严重失信记录); empty: not yet.
    pub check_result: String,
    /// 主管部门.
    pub department: String,
}

fn date(field: &str, v: &str, errs: &mut Vec<FieldError>) -> Option<String> {
    let v = v.trim();
    if v.is_empty() {
        return None;
    }
    match NaiveDate::parse_from_str(v, "%Y-%m-%d") {
        Ok(d) if d > today() => {
            errs.push(FieldError::new(
                None,
                field,
                Rule::FutureDate,
                &[("value", v)],
            ));
            None
        }
        Ok(d) => Some(d.to_string()),
        Err(_) => {
            errs.push(FieldError::new(None, field, Rule::BadDate, &[("value", v)]));
            None
        }
    }
}

fn check_result(v: &str, errs: &mut Vec<FieldError>) -> Option<&'static str> {
    match v.trim() {
        "" => None,
        "clear" | "无严重失信记录" | "无" | "通过" => Some("clear"),
        "found" | "有严重失信记录" | "有" => Some("found"),
        other => {
            errs.push(FieldError::new(
                None,
                "check_result",
                Rule::BadValue,
                &[("value", other)],
            ));
            None
        }
    }
}

/// A cell's application as stored (empty strings where not recorded).
pub fn application(conn: &Connection, cell: CellId) -> Result<Option<Application>> {
    Ok(conn
        .prepare_cached(
            "SELECT letter_on, check_on, check_by, check_result, department FROM cell_applications
             WHERE cell_id = ?1 AND deleted = 0",
        )?
        .query_row([cell], |r| {
            Ok(Application {
                letter_on: r.get::<_, Option<String>>(0)?.unwrap_or_default(),
                check_on: r.get::<_, Option<String>>(1)?.unwrap_or_default(),
                check_by: r.get(2)?,
                check_result: r.get::<_, Option<String>>(3)?.unwrap_or_default(),
                department: r.get(4)?,
            })
        })
        .optional()?)
}

/// An application as checked: letter date, check date, check result, checked by.
pub type CheckedApplication = (Option<String>, Option<String>, Option<&'static str>, String);

/// Checks an application as a clerk gives it: real dates not in the future, a known check
/// result, and once there is a result, the day of the check and who made it.
pub fn check_application(a: &Application, errs: &mut Vec<FieldError>) -> CheckedApplication {
    let letter = date("letter_on", &a.letter_on, errs);
    let check_on = date("check_on", &a.check_on, errs);
    let result = check_result(&a.check_result, errs);
    let by = a.check_by.trim().to_string();
    if result.is_some() && (check_on.is_none() || by.is_empty()) && errs.is_empty() {
        let f = if check_on.is_none() {
            "check_on"
        } else {
            "check_by"
        };
        errs.push(FieldError::new(None, f, Rule::Required, &[]));
    }
    (letter, check_on, result, by)
}

/// Records (or replaces) a cell's application.
pub fn save_application(ledger: &mut Ledger, cell: CellId, a: &Application) -> Result<()> {
    super::get(ledger.conn(), cell)?;
    let mut errs = Vec::new();
    let (letter, check_on, result, by) = check_application(a, &mut errs);
    if !errs.is_empty() {
        return Err(Error::Invalid(errs));
    }
    let dept = a.department.trim().to_string();
    ledger.write(|w| {
        let existing: Option<RefId> = w
            .tx()
            .query_row(
                "SELECT id FROM cell_applications WHERE cell_id = ?1",
                [cell],
                |r| r.get(0),
            )
            .optional()?;
        match existing {
            Some(id) => {
                let before = w.snapshot("cell_applications", id.as_bytes())?;
                w.tx().execute(
                    "UPDATE cell_applications SET letter_on = ?2, check_on = ?3, check_by = ?4,
                        check_result = ?5, department = ?6, updated_at = ?7, origin = ?8,
                        clock = ?9, deleted = 0 WHERE id = ?1",
                    rusqlite::params![
                        id,
                        letter,
                        check_on,
                        by,
                        result,
                        dept,
                        w.now_ms(),
                        w.origin(),
                        w.clock()
                    ],
                )?;
                w.log("cell_applications", id.as_bytes(), before, None)
            }
            None => {
                let id = RefId::new();
                w.tx().execute(
                    "INSERT INTO cell_applications (id, cell_id, letter_on, check_on, check_by,
                        check_result, department, created_at, updated_at, origin, clock)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8, ?9, ?10)",
                    rusqlite::params![
                        id,
                        cell,
                        letter,
                        check_on,
                        by,
                        result,
                        dept,
                        w.now_ms(),
                        w.origin(),
                        w.clock()
                    ],
                )?;
                w.log("cell_applications", id.as_bytes(), None, None)
            }
        }
    })
}

/// A score as a clerk gives it.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(default)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ScoreInput {
    /// Item key.
    pub item: String,
    /// Points as typed.
    pub score: String,
    /// Note (what was seen).
    pub note: String,
}

/// An assessment as a clerk gives it.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(default)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct AssessmentInput {
    /// `county`, `city`, `review` (or 县区初评, 市级验收, 复核).
    pub level: String,
    /// Date (YYYY-MM-DD).
    pub on: String,
    /// Assessors (评估人员), as written.
    pub assessors: String,
    /// A score per item of the kind's current criteria.
    pub scores: Vec<ScoreInput>,
    /// Overall note.
    pub note: String,
}

/// A scored item of a stored assessment.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Score {
    /// Item key.
    pub key: String,
    /// Points.
    pub score: i64,
    /// Note.
    pub note: String,
}

/// A stored assessment.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Assessment {
    /// Id.
    pub id: RefId,
    /// Level.
    pub level: Level,
    /// Date.
    pub on: String,
    /// Assessors.
    pub assessors: String,
    /// The criteria it was scored against (their version and items as they were).
    pub criteria: Criteria,
    /// Scores, in the criteria's order.
    pub scores: Vec<Score>,
    /// Total points.
    pub total: i64,
    /// Points needed.
    pub pass_mark: i64,
    /// Whether it passed.
    pub passed: bool,
    /// Overall note.
    pub note: String,
    /// The cell's status after it.
    pub status_after: Option<Status>,
}

fn score_of(item: &CriteriaItem, s: &ScoreInput, errs: &mut Vec<FieldError>) -> Option<i64> {
    let v = s.score.trim();
    let max = item.max_points.to_string();
    let args = [
        ("item", item.name.as_str()),
        ("item_en", item.name_en.as_str()),
        ("max", max.as_str()),
        ("value", v),
    ];
    let field = format!("score.{}", item.key);
    if v.is_empty() {
        errs.push(FieldError::new(None, &field, Rule::ItemUnscored, &args));
        return None;
    }
    match v.parse::<i64>() {
        Ok(n) if (0..=item.max_points).contains(&n) => Some(n),
        _ => {
            errs.push(FieldError::new(None, &field, Rule::ScoreRange, &args));
            None
        }
    }
}

/// An assessment's own figures as checked: date, assessors, a score per item.
pub type OwnAssessment = (Option<String>, String, Vec<Score>);

/// The rules of an assessment that need nothing but it and the criteria it is scored
/// against: a real date not in the future, the assessors, and a score from 0 to its maximum
/// for every item of `criteria` (and none for an item it does not have).
pub fn check_own(
    a: &AssessmentInput,
    criteria: &Criteria,
    errs: &mut Vec<FieldError>,
) -> OwnAssessment {
    let on = date("assessed_on", &a.on, errs);
    if on.is_none() && a.on.trim().is_empty() {
        errs.push(FieldError::new(None, "assessed_on", Rule::Required, &[]));
    }
    let assessors = a.assessors.trim().to_string();
    if assessors.is_empty() {
        errs.push(FieldError::new(None, "assessors", Rule::Required, &[]));
    }
    let known: Vec<&str> = criteria.items.iter().map(|i| i.key.as_str()).collect();
    for s in &a.scores {
        if !known.contains(&s.item.trim()) {
            errs.push(FieldError::new(
                None,
                "scores",
                Rule::UnknownItem,
                &[("value", s.item.trim()), ("known", &known.join(", "))],
            ));
        }
    }
    let mut scores = Vec::new();
    for item in &criteria.items {
        let given = a.scores.iter().find(|s| s.item.trim() == item.key);
        let empty = ScoreInput::default();
        if let Some(n) = score_of(item, given.unwrap_or(&empty), errs) {
            scores.push(Score {
                key: item.key.clone(),
                score: n,
                note: given.map(|g| g.note.trim().to_string()).unwrap_or_default(),
            });
        }
    }
    (on, assessors, scores)
}

/// What scores come to against a pass mark: the total and whether it passes.
pub fn outcome(scores: &[Score], pass_mark: i64) -> (i64, bool) {
    let total: i64 = scores.iter().map(|s| s.score).sum();
    (total, total >= pass_mark)
}

/// Records one assessment attempt of `cell`, scored against its kind's current criteria.
/// Every item needs a score from 0 to its maximum; the total passes at the pass mark. A city
/// acceptance needs the application (letter and a clear dishonesty check) and a passed county
/// pre-assessment on or before its date; a re-review needs a named cell, before its naming
/// expires. A pass at city level
/// moves a cell under creation to 验收通过（待命名）.
pub fn record(ledger: &mut Ledger, cell: CellId, a: &AssessmentInput) -> Result<Assessment> {
    let conn = ledger.conn();
    let c = super::get(conn, cell)?;
    let level = Level::parse(&a.level)?;
    let criteria = criteria::current(conn, &c.kind)?;
    let mut errs = Vec::new();
    let (on, assessors, scores) = check_own(a, &criteria, &mut errs);
    let app = application(conn, cell)?;
    if let Some(app) = &app {
        if app.check_result == "found" {
            errs.push(FieldError::new(
                None,
                "check_result",
                Rule::DishonestyFound,
                &[],
            ));
        }
    }
    if let (Level::City, Some(on)) = (level, &on) {
        let complete = app.as_ref().is_some_and(|a| {
            !a.letter_on.is_empty() && !a.check_on.is_empty() && a.check_result == "clear"
        });
        if !complete {
            errs.push(FieldError::new(
                None,
                "application",
                Rule::ApplicationIncomplete,
                &[],
            ));
        }
        let county: bool = conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM cell_assessments WHERE cell_id = ?1 AND level = 'county'
                AND passed = 1 AND assessed_on <= ?2 AND deleted = 0)",
            rusqlite::params![cell, on],
            |r| r.get(0),
        )?;
        if !county {
            errs.push(FieldError::new(
                None,
                "level",
                Rule::CountyPassFirst,
                &[("value", on)],
            ));
        }
    }
    // Re-review (复核) comes before the naming runs out; after it, the naming has lapsed.
    if let (Level::Review, Status::Certified, Some(on), Some(until)) =
        (level, c.status, &on, &c.expires_on)
    {
        if on > until {
            errs.push(FieldError::new(
                None,
                "assessed_on",
                Rule::ReviewAfterExpiry,
                &[("value", on), ("expires", until)],
            ));
        }
    }
    if level == Level::Review && c.status != Status::Certified {
        errs.push(FieldError::new(
            None,
            "level",
            Rule::ReviewNeedsNaming,
            &[
                ("value", c.status.label_zh()),
                ("value_en", c.status.label_en()),
            ],
        ));
    }
    if !errs.is_empty() {
        return Err(Error::Invalid(errs));
    }
    let on = on.unwrap_or_default();
    let (total, passed) = outcome(&scores, criteria.pass_mark);
    let moves = level == Level::City && passed && c.status.can_become(Status::Assessed);
    if level == Level::City && passed && !moves && c.status != Status::Assessed {
        return Err(Error::BadTransition {
            from: c.status.key().into(),
            to: Status::Assessed.key().into(),
        });
    }
    let id = RefId::new();
    let note = a.note.trim().to_string();
    ledger.write(|w| {
        insert(
            w, cell, id, level, &on, &assessors, &criteria, &scores, total, passed, &note,
        )?;
        if moves {
            super::status::apply(
                w,
                cell,
                &StatusChange {
                    to: Status::Assessed.key().into(),
                    ..Default::default()
                },
            )?;
        }
        Ok(())
    })?;
    let status_after = Some(super::get(ledger.conn(), cell)?.status);
    Ok(Assessment {
        id,
        level,
        on,
        assessors,
        pass_mark: criteria.pass_mark,
        criteria,
        scores,
        total,
        passed,
        note,
        status_after,
    })
}

#[allow(clippy::too_many_arguments)]
fn insert(
    w: &mut Writer<'_>,
    cell: CellId,
    id: RefId,
    level: Level,
    on: &str,
    assessors: &str,
    criteria: &Criteria,
    scores: &[Score],
    total: i64,
    passed: bool,
    note: &str,
) -> Result<()> {
    w.tx().execute(
        "INSERT INTO cell_assessments (id, cell_id, level, assessed_on, assessors, template_kind,
            template_version, template, scores, total, pass_mark, passed, note, created_at,
            updated_at, origin, clock)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?14, ?15, ?16)",
        rusqlite::params![
            id,
            cell,
            level.key(),
            on,
            assessors,
            criteria.kind,
            criteria.version,
            serde_json::to_string(criteria).unwrap_or_default(),
            serde_json::to_string(scores).unwrap_or_default(),
            total,
            criteria.pass_mark,
            passed,
            note,
            w.now_ms(),
            w.origin(),
            w.clock()
        ],
    )?;
    w.log("cell_assessments", id.as_bytes(), None, None)
}

/// A cell's assessments, newest first.
pub fn assessments(conn: &Connection, cell: CellId) -> Result<Vec<Assessment>> {
    let mut st = conn.prepare_cached(
        "SELECT id, level, assessed_on, assessors, template, scores, total, pass_mark, passed,
            note FROM cell_assessments WHERE cell_id = ?1 AND deleted = 0
         ORDER BY assessed_on DESC, created_at DESC",
    )?;
    let rows = st.query_map([cell], |r| {
        Ok(Assessment {
            id: r.get(0)?,
            level: Level::parse(&r.get::<_, String>(1)?).unwrap_or(Level::County),
            on: r.get(2)?,
            assessors: r.get(3)?,
            criteria: serde_json::from_str(&r.get::<_, String>(4)?)
                .unwrap_or_else(|_| criteria::shipped()[0].clone()),
            scores: serde_json::from_str(&r.get::<_, String>(5)?).unwrap_or_default(),
            total: r.get(6)?,
            pass_mark: r.get(7)?,
            passed: r.get(8)?,
            note: r.get(9)?,
            status_after: None,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

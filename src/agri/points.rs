//! Recovery points (回收站点): who runs them, where (township and village), what they take
//! (pesticide packaging, film or both), and from when to when they are active.

use rusqlite::{Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

use crate::db::Writer;
use crate::error::{Error, FieldError, Result, Rule};
use crate::ids::RefId;

/// A recovery point.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "ts", ts(rename = "AgriPoint"))]
pub struct Point {
    /// Id.
    pub id: RefId,
    /// Name.
    pub name: String,
    /// Operator (a person or a company).
    pub operator: String,
    /// Operator's unified social credit code, if any.
    pub operator_uscc: Option<String>,
    /// District code.
    pub district: String,
    /// Township name.
    pub township: Option<String>,
    /// Village name.
    pub village: Option<String>,
    /// `pesticide`, `film` or `both`.
    pub takes: String,
    /// Active from (YYYY-MM-DD).
    pub active_from: String,
    /// Active until (inclusive), if it closed.
    pub active_to: Option<String>,
    /// Contact person.
    pub contact: String,
    /// Phone.
    pub phone: String,
}

/// A point as a form gives it.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(default)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "ts", ts(rename = "AgriPointDraft"))]
pub struct PointDraft {
    /// Name.
    pub name: String,
    /// Operator.
    pub operator: String,
    /// Operator's credit code (optional).
    pub operator_uscc: String,
    /// District (code or name).
    pub district: String,
    /// Township (name or code).
    pub township: String,
    /// Village (name or code).
    pub village: String,
    /// `pesticide`, `film` or `both` (农药包装, 农膜, 两者).
    pub takes: String,
    /// Active from.
    pub active_from: String,
    /// Active until (optional).
    pub active_to: String,
    /// Contact person.
    pub contact: String,
    /// Phone.
    pub phone: String,
}

const SELECT: &str = "SELECT p.id, p.name, p.operator, p.operator_uscc, p.district, t.name, v.name,
        p.takes, p.active_from, p.active_to, p.contact, p.phone
     FROM agri_points p LEFT JOIN agri_places t ON t.id = p.township_id
     LEFT JOIN agri_places v ON v.id = p.village_id";

fn of_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Point> {
    Ok(Point {
        id: r.get(0)?,
        name: r.get(1)?,
        operator: r.get(2)?,
        operator_uscc: r.get(3)?,
        district: r.get(4)?,
        township: r.get(5)?,
        village: r.get(6)?,
        takes: r.get(7)?,
        active_from: r.get(8)?,
        active_to: r.get(9)?,
        contact: r.get(10)?,
        phone: r.get(11)?,
    })
}

/// The points of a district (every district when empty), by name.
pub fn list(conn: &Connection, district: &str) -> Result<Vec<Point>> {
    Ok(conn
        .prepare(&format!(
            "{SELECT} WHERE p.deleted = 0 AND (?1 = '' OR p.district = ?1) ORDER BY p.district, p.name"
        ))?
        .query_map([district], of_row)?
        .collect::<rusqlite::Result<_>>()?)
}

/// A point by id or exact name.
pub fn find(conn: &Connection, v: &str) -> Result<Option<Point>> {
    let v = v.trim();
    let id: Option<RefId> = v.parse().ok();
    Ok(conn
        .query_row(
            &format!("{SELECT} WHERE p.deleted = 0 AND (p.id = ?1 OR p.name = ?2) LIMIT 1"),
            rusqlite::params![id, v],
            of_row,
        )
        .optional()?)
}

/// What a point takes, as a clerk types it.
fn takes(v: &str) -> Option<&'static str> {
    match v.trim() {
        "pesticide" | "农药包装" | "农药包装废弃物" => Some("pesticide"),
        "film" | "农膜" => Some("film"),
        "both" | "" | "两者" | "全部" => Some("both"),
        _ => None,
    }
}

impl Point {
    /// Whether the point takes `stream`.
    pub fn takes(&self, stream: &str) -> bool {
        self.takes == "both" || self.takes == stream
    }
    /// Whether the point is active on `date`.
    pub fn active_on(&self, date: &str) -> bool {
        self.active_from.as_str() <= date && self.active_to.as_deref().is_none_or(|t| date <= t)
    }
}

/// Checks who runs a point as a form gives it (name, operator, the operator's credit code),
/// adding the refusals to `e`; the cleaned name, operator and code.
pub fn check_who(d: &PointDraft, e: &mut Vec<FieldError>) -> (String, String, Option<String>) {
    let name = crate::text::clean(e, None, "name", &d.name, 60, true);
    let operator = crate::text::clean(e, None, "operator", &d.operator, 60, true);
    let judged = crate::cells::uscc::judge("operator_uscc", &d.operator_uscc, "", None);
    e.extend(judged.errors);
    let uscc = judged.code;
    (name, operator, uscc)
}

/// What a point takes, its dates and its contact, as checked.
pub type Terms = (&'static str, String, Option<String>, String, String);

/// Checks what a point takes, the dates it is active (from a real date not in the future,
/// today when empty; until a date not before it) and its contact and phone, adding the
/// refusals to `e`.
pub fn check_terms(d: &PointDraft, e: &mut Vec<FieldError>) -> Terms {
    let kind = takes(&d.takes).unwrap_or_else(|| {
        e.push(FieldError::new(
            None,
            "takes",
            Rule::BadValue,
            &[("value", d.takes.trim())],
        ));
        "both"
    });
    let from = if d.active_from.trim().is_empty() {
        crate::ids::today().format("%Y-%m-%d").to_string()
    } else {
        super::date(e, None, "active_from", &d.active_from)
    };
    let to = if d.active_to.trim().is_empty() {
        None
    } else {
        let mut e2 = Vec::new();
        let t = super::date(&mut e2, None, "active_to", &d.active_to);
        // A closing date may be planned ahead.
        e.extend(e2.into_iter().filter(|f| f.code != "future_date"));
        if !t.is_empty() && t < from {
            e.push(FieldError::new(
                None,
                "active_to",
                Rule::BadValue,
                &[("value", &t)],
            ));
        }
        Some(t)
    };
    let contact = crate::text::clean(e, None, "contact", &d.contact, 40, false);
    let phone = crate::text::clean(e, None, "phone", &d.phone, 40, false);
    (kind, from, to, contact, phone)
}

/// Registers a recovery point.
pub fn add(w: &mut Writer<'_>, d: &PointDraft) -> Result<Point> {
    let mut e = Vec::new();
    let (name, operator, uscc) = check_who(d, &mut e);
    let district = super::district(w.tx(), &mut e, None, &d.district)?;
    let township = super::township(w.tx(), &mut e, None, &district, &d.township)?;
    let village = if d.village.trim().is_empty() || district.is_empty() {
        None
    } else {
        match super::places::find(w.tx(), &district, township.as_ref(), &d.village)? {
            Some(v) if v.township.is_some() => Some(v.id),
            _ => {
                e.push(FieldError::new(
                    None,
                    "village",
                    Rule::UnknownValue,
                    &[("value", d.village.trim())],
                ));
                None
            }
        }
    };
    // A village alone names its township.
    let township = match (township, village) {
        (None, Some(v)) => w
            .tx()
            .query_row(
                "SELECT parent_id FROM agri_places WHERE id = ?1",
                [v],
                |r| r.get(0),
            )
            .optional()?,
        (t, _) => t,
    };
    let (kind, from, to, contact, phone) = check_terms(d, &mut e);
    if e.is_empty() && find(w.tx(), &name)?.is_some() {
        e.push(FieldError::new(
            None,
            "name",
            Rule::Duplicate,
            &[("value", &name)],
        ));
    }
    if !e.is_empty() {
        return Err(Error::Invalid(e));
    }
    let id = RefId::new();
    w.tx().execute(
        "INSERT INTO agri_points (id, name, operator, operator_uscc, district, township_id, village_id,
            takes, active_from, active_to, contact, phone, created_at, updated_at, origin, clock)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?13, ?14, ?15)",
        rusqlite::params![
            id,
            name,
            operator,
            uscc,
            district,
            township,
            village,
            kind,
            from,
            to,
            contact,
            phone,
            w.now_ms(),
            w.origin(),
            w.clock()
        ],
    )?;
    w.log("agri_points", id.as_bytes(), None, None)?;
    find(w.tx(), &id.to_string())?.ok_or(Error::NotFound {
        what: "point",
        key: name,
    })
}

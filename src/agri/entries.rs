//! The recovery ledger (回收台账): one row per hand-in at a point — date, material (pesticide
//! packaging by container and material; film by kind), count and weight, impurity, who
//! handed it in and the price paid. A correction is a revision with a reason (the change log
//! keeps the row before and after); an entry younger than two years is never deleted.

use chrono::{Datelike, NaiveDate};
use rusqlite::Connection;
use serde::{Deserialize, Serialize};

use super::points::{self, Point};
use crate::db::Writer;
use crate::error::{Error, FieldError, Result, Rule};
use crate::ids::{today, RefId};

/// A hand-in as a form or a file row gives it: every field as typed.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(default)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "ts", ts(rename = "AgriEntryDraft"))]
pub struct EntryDraft {
    /// Date, YYYY-MM-DD.
    pub date: String,
    /// Point (id or name).
    pub point: String,
    /// `pesticide` or `film`; empty: from the material or film kind given.
    pub stream: String,
    /// Pesticide: container (瓶, 袋 …).
    pub container: String,
    /// Pesticide: material (塑料, 玻璃 …).
    pub material: String,
    /// Film: kind (地膜, 棚膜 …).
    pub film_kind: String,
    /// Count of pieces.
    pub count: String,
    /// Weight, kg.
    pub weight: String,
    /// Impurity share, % (optional).
    pub impurity: String,
    /// `farmer`, `coop` or `dealer` (农户, 合作社, 经营者); default farmer.
    pub giver_kind: String,
    /// Who handed it in.
    pub giver_name: String,
    /// Their phone.
    pub giver_phone: String,
    /// Price paid, yuan (optional).
    pub price: String,
}

/// A stored hand-in.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "ts", ts(rename = "AgriEntry"))]
pub struct Entry {
    /// Id.
    pub id: RefId,
    /// Date.
    pub date: String,
    /// Point id.
    pub point_id: RefId,
    /// Point name.
    pub point: String,
    /// `pesticide` or `film`.
    pub stream: String,
    /// Container key.
    pub container: Option<String>,
    /// Material key.
    pub material: Option<String>,
    /// Film kind key.
    pub film_kind: Option<String>,
    /// Pieces.
    pub count: i64,
    /// Grams.
    pub weight_g: i64,
    /// Impurity, per mille.
    pub impurity_pm: Option<i64>,
    /// `farmer`, `coop` or `dealer`.
    pub giver_kind: String,
    /// Who handed it in.
    pub giver_name: String,
    /// Their phone.
    pub giver_phone: String,
    /// Price paid, fen.
    pub price_fen: Option<i64>,
}

/// A checked hand-in, ready to write.
#[derive(Debug, Clone)]
pub struct Valid {
    /// The point.
    pub point: Point,
    /// Date.
    pub date: String,
    /// Stream.
    pub stream: &'static str,
    /// Container, material and film kind keys.
    pub container: Option<String>,
    /// Material key.
    pub material: Option<String>,
    /// Film kind key.
    pub film_kind: Option<String>,
    /// Pieces.
    pub count: i64,
    /// Grams.
    pub weight_g: i64,
    /// Per mille.
    pub impurity_pm: Option<i64>,
    /// Giver kind.
    pub giver_kind: &'static str,
    /// Giver name.
    pub giver_name: String,
    /// Giver phone.
    pub giver_phone: String,
    /// Fen.
    pub price_fen: Option<i64>,
}

fn giver_kind(v: &str) -> Option<&'static str> {
    match v.trim() {
        "" | "farmer" | "农户" | "农民" => Some("farmer"),
        "coop" | "合作社" | "农民专业合作社" => Some("coop"),
        "dealer" | "经营者" | "农药经营者" | "经销商" => Some("dealer"),
        _ => None,
    }
}

/// Checks a draft; refusals go to `e` (at `row` for a file). `point` is the point the draft
/// names, already looked up (a file looks each point up once).
pub fn validate(
    conn: &Connection,
    e: &mut Vec<FieldError>,
    row: Option<usize>,
    d: &EntryDraft,
    point: Option<Point>,
) -> Result<Option<Valid>> {
    let n = e.len();
    let own = check_own(e, row, d);
    let date = own.date.clone();
    if point.is_none() {
        let rule = if d.point.trim().is_empty() {
            Rule::Required
        } else {
            Rule::UnknownValue
        };
        e.push(FieldError::new(
            row,
            "point",
            rule,
            &[("value", d.point.trim())],
        ));
    }
    let stream = match d.stream.trim() {
        "" if !d.film_kind.trim().is_empty() => "film",
        "" if !d.material.trim().is_empty() || !d.container.trim().is_empty() => "pesticide",
        "" => match point.as_ref().map(|p| p.takes.as_str()) {
            Some("film") => "film",
            _ => "pesticide",
        },
        v => super::stream(v).unwrap_or_else(|| {
            e.push(FieldError::new(
                row,
                "stream",
                Rule::BadValue,
                &[("value", v)],
            ));
            "pesticide"
        }),
    };
    if let Some(p) = &point {
        let (zh, en) = super::stream_names(stream);
        if !p.takes(stream) {
            e.push(FieldError::new(
                row,
                "point",
                Rule::PointStream,
                &[("point", &p.name), ("stream", zh), ("stream_en", en)],
            ));
        } else if !date.is_empty() && !p.active_on(&date) {
            let to = p.active_to.clone().unwrap_or_default();
            e.push(FieldError::new(
                row,
                "date",
                Rule::PointInactive,
                &[
                    ("point", &p.name),
                    ("date", &date),
                    ("from", &p.active_from),
                    ("to", if to.is_empty() { "今" } else { &to }),
                    ("to_en", if to.is_empty() { "now" } else { &to }),
                ],
            ));
        }
    }
    let (container, material, film_kind) = if stream == "pesticide" {
        let c = super::kinds::read(conn, e, row, "container", "container", &d.container, false)?;
        let m = super::kinds::read(conn, e, row, "material", "material", &d.material, true)?;
        (c.map(|k| k.key), m.map(|k| k.key), None)
    } else {
        let f = super::kinds::read(conn, e, row, "film_kind", "film", &d.film_kind, true)?;
        (None, None, f.map(|k| k.key))
    };
    let Own {
        count,
        weight_g,
        impurity_pm,
        giver_kind: gk,
        giver_name,
        giver_phone,
        price_fen,
        ..
    } = own;
    if e.len() > n {
        return Ok(None);
    }
    Ok(point.map(|point| Valid {
        point,
        date,
        stream,
        container,
        material,
        film_kind,
        count,
        weight_g,
        impurity_pm,
        giver_kind: gk,
        giver_name,
        giver_phone,
        price_fen,
    }))
}

/// The columns of `agri_entries` after the id, in table order, and their values for `v`.
pub fn values(v: &Valid, w: &Writer<'_>) -> Vec<rusqlite::types::Value> {
    use rusqlite::types::Value as V;
    let opt = |s: &Option<String>| s.clone().map(V::Text).unwrap_or(V::Null);
    let opti = |x: Option<i64>| x.map(V::Integer).unwrap_or(V::Null);
    vec![
        V::Text(v.date.clone()),
        V::Blob(v.point.id.as_bytes().to_vec()),
        V::Text(v.stream.into()),
        opt(&v.container),
        opt(&v.material),
        opt(&v.film_kind),
        V::Integer(v.count),
        V::Integer(v.weight_g),
        opti(v.impurity_pm),
        V::Text(v.giver_kind.into()),
        V::Text(v.giver_name.clone()),
        V::Text(v.giver_phone.clone()),
        opti(v.price_fen),
        V::Integer(w.now_ms()),
        V::Integer(w.now_ms()),
        V::Integer(w.origin()),
        V::Integer(w.clock()),
        V::Integer(0),
    ]
}

/// The insert of one entry with [`values`].
pub const INSERT: &str =
    "INSERT INTO agri_entries (id, date, point_id, stream, container, material,
    film_kind, count, weight_g, impurity_pm, giver_kind, giver_name, giver_phone, price_fen,
    created_at, updated_at, origin, clock, deleted)
    VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19)";

/// Records a hand-in.
pub fn add(w: &mut Writer<'_>, d: &EntryDraft) -> Result<Entry> {
    let mut e = Vec::new();
    let point = points::find(w.tx(), &d.point)?;
    let Some(v) = validate(w.tx(), &mut e, None, d, point)? else {
        return Err(Error::Invalid(e));
    };
    let id = RefId::new();
    let mut vals = vec![rusqlite::types::Value::Blob(id.as_bytes().to_vec())];
    vals.extend(values(&v, w));
    w.tx()
        .prepare_cached(INSERT)?
        .execute(rusqlite::params_from_iter(vals))?;
    w.log("agri_entries", id.as_bytes(), None, None)?;
    get(w.tx(), &id)
}

const SELECT: &str = "SELECT e.id, e.date, e.point_id, p.name, e.stream, e.container, e.material,
        e.film_kind, e.count, e.weight_g, e.impurity_pm, e.giver_kind, e.giver_name,
        e.giver_phone, e.price_fen
     FROM agri_entries e JOIN agri_points p ON p.id = e.point_id";

fn of_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Entry> {
    Ok(Entry {
        id: r.get(0)?,
        date: r.get(1)?,
        point_id: r.get(2)?,
        point: r.get(3)?,
        stream: r.get(4)?,
        container: r.get(5)?,
        material: r.get(6)?,
        film_kind: r.get(7)?,
        count: r.get(8)?,
        weight_g: r.get(9)?,
        impurity_pm: r.get(10)?,
        giver_kind: r.get(11)?,
        giver_name: r.get(12)?,
        giver_phone: r.get(13)?,
        price_fen: r.get(14)?,
    })
}

/// One entry by id.
pub fn get(conn: &Connection, id: &RefId) -> Result<Entry> {
    conn.prepare_cached(&format!("{SELECT} WHERE e.id = ?1 AND e.deleted = 0"))?
        .query_row([id], of_row)
        .map_err(|err| match err {
            rusqlite::Error::QueryReturnedNoRows => Error::NotFound {
                what: "entry",
                key: id.to_string(),
            },
            x => x.into(),
        })
}

/// Which entries to list.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(default)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "ts", ts(rename = "AgriEntryFilter"))]
pub struct EntryFilter {
    /// Point (id or name); empty: every point.
    pub point: String,
    /// First date (inclusive); empty: from the start.
    pub from: String,
    /// Last date (inclusive); empty: to the end.
    pub to: String,
    /// Page, from 1 (100 a page).
    pub page: usize,
}

/// Entries, newest first, a page of 100.
pub fn list(conn: &Connection, f: &EntryFilter) -> Result<Vec<Entry>> {
    let point = if f.point.trim().is_empty() {
        None
    } else {
        Some(
            points::find(conn, &f.point)?
                .ok_or(Error::NotFound {
                    what: "point",
                    key: f.point.clone(),
                })?
                .id,
        )
    };
    let to = if f.to.is_empty() { "9999-12-31" } else { &f.to };
    Ok(conn
        .prepare(&format!(
            "{SELECT} WHERE e.deleted = 0 AND e.date BETWEEN ?1 AND ?2 AND (?3 IS NULL OR e.point_id = ?3)
             ORDER BY e.date DESC, e.id DESC LIMIT 100 OFFSET ?4"
        ))?
        .query_map(
            rusqlite::params![f.from, to, point, (f.page.max(1) - 1) * 100],
            of_row,
        )?
        .collect::<rusqlite::Result<_>>()?)
}

fn reason_of(reason: &str) -> Result<String> {
    let mut e = Vec::new();
    let r = crate::text::clean(&mut e, None, "reason", reason, 200, true);
    if !e.is_empty() {
        return Err(Error::Invalid(e));
    }
    Ok(r)
}

/// Corrects an entry: its new values as a whole, with the reason kept in the change log. The
/// stock of the point (and of the point it had) must stay at or above zero.
pub fn revise(w: &mut Writer<'_>, id: &RefId, d: &EntryDraft, reason: &str) -> Result<Entry> {
    let reason = reason_of(reason)?;
    let old = get(w.tx(), id)?;
    let mut e = Vec::new();
    let point = points::find(w.tx(), &d.point)?;
    let Some(v) = validate(w.tx(), &mut e, None, d, point)? else {
        return Err(Error::Invalid(e));
    };
    let before = w.snapshot("agri_entries", id.as_bytes())?;
    let vals = values(&v, w);
    w.tx().execute(
        "UPDATE agri_entries SET date = ?2, point_id = ?3, stream = ?4, container = ?5, material = ?6,
            film_kind = ?7, count = ?8, weight_g = ?9, impurity_pm = ?10, giver_kind = ?11,
            giver_name = ?12, giver_phone = ?13, price_fen = ?14, updated_at = ?16, origin = ?17,
            clock = ?18, deleted = ?19
         WHERE id = ?1",
        rusqlite::params_from_iter(
            std::iter::once(rusqlite::types::Value::Blob(id.as_bytes().to_vec())).chain(vals),
        ),
    )?;
    super::outbound::check_stock(w.tx(), &old.point_id, &old.stream)?;
    super::outbound::check_stock(w.tx(), &v.point.id, v.stream)?;
    w.log("agri_entries", id.as_bytes(), before, Some(&reason))?;
    get(w.tx(), id)
}

/// The first day an entry of `date` may be deleted: two years after it.
pub fn deletable_from(date: &str) -> Option<NaiveDate> {
    let d = NaiveDate::parse_from_str(date, "%Y-%m-%d").ok()?;
    d.with_year(d.year() + super::RETENTION_YEARS)
        .or_else(|| d.succ_opt()?.with_year(d.year() + super::RETENTION_YEARS))
}

/// Deletes an entry at least two years old, with a reason; a younger one is refused (it
/// must be kept: correct it instead).
pub fn delete(w: &mut Writer<'_>, id: &RefId, reason: &str) -> Result<()> {
    let reason = reason_of(reason)?;
    let old = get(w.tx(), id)?;
    let until = deletable_from(&old.date).unwrap_or_else(today);
    if today() < until {
        return Err(Error::field(
            "date",
            Rule::RetentionLocked,
            &[
                ("date", &old.date),
                ("until", &until.format("%Y-%m-%d").to_string()),
            ],
        ));
    }
    let before = w.snapshot("agri_entries", id.as_bytes())?;
    w.tx().execute(
        "UPDATE agri_entries SET deleted = 1, updated_at = ?2, origin = ?3, clock = ?4 WHERE id = ?1",
        rusqlite::params![id, w.now_ms(), w.origin(), w.clock()],
    )?;
    super::outbound::check_stock(w.tx(), &old.point_id, &old.stream)?;
    w.log("agri_entries", id.as_bytes(), before, Some(&reason))
}

/// A hand-in's values that the rules check with nothing but the form.
pub struct Own {
    /// The date, `YYYY-MM-DD` (empty when refused).
    pub date: String,
    /// Pieces.
    pub count: i64,
    /// Grams.
    pub weight_g: i64,
    /// Per mille.
    pub impurity_pm: Option<i64>,
    /// Giver kind.
    pub giver_kind: &'static str,
    /// Giver name.
    pub giver_name: String,
    /// Giver phone.
    pub giver_phone: String,
    /// Fen.
    pub price_fen: Option<i64>,
}

/// The rules of a hand-in that need nothing but the form: a date not in the future, a
/// count, a positive weight, impurity as a percentage, who gave it, the price. The form
/// ([`validate`]) and a bundle's rows (`agri::rules`) are checked by this one function.
pub fn check_own(e: &mut Vec<FieldError>, row: Option<usize>, d: &EntryDraft) -> Own {
    let date = super::date(e, row, "date", &d.date);
    let count = super::count(e, row, "count", &d.count);
    let before_weight = e.len();
    let weight_g = super::grams(e, row, "weight", &d.weight, false, true);
    if weight_g == 0 && e.len() == before_weight {
        e.push(FieldError::new(row, "weight", Rule::NotPositiveQty, &[]));
    }
    let impurity_pm = match d.impurity.trim() {
        "" => None,
        v => match v.trim_end_matches('%').parse::<f64>() {
            Ok(x) if (0.0..=100.0).contains(&x) => Some((x * 10.0).round() as i64),
            _ => {
                e.push(FieldError::new(
                    row,
                    "impurity",
                    Rule::PercentRange,
                    &[("value", v)],
                ));
                None
            }
        },
    };
    let gk = giver_kind(&d.giver_kind).unwrap_or_else(|| {
        e.push(FieldError::new(
            row,
            "giver_kind",
            Rule::BadValue,
            &[("value", d.giver_kind.trim())],
        ));
        "farmer"
    });
    let giver_name = crate::text::clean(e, row, "giver_name", &d.giver_name, 40, false);
    let giver_phone = crate::text::clean(e, row, "giver_phone", &d.giver_phone, 40, false);
    // Yuan to fen: the same reading as kilograms to grams would be off by ten, so read
    // thousandths and round to hundredths.
    let price_fen = match d.price.trim() {
        "" => None,
        v => {
            let m = super::grams(e, row, "price", v, false, false);
            Some((m + 5) / 10)
        }
    };
    Own {
        date,
        count,
        weight_g,
        impurity_pm,
        giver_kind: gk,
        giver_name,
        giver_phone,
        price_fen,
    }
}

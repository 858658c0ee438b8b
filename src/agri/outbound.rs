//! Outbound (出库): where a point's recovered material went (a recycler, incineration or
//! landfill), the receiving unit, date and weight; and a point's stock = received − sent,
//! which can never go negative on any day (an outbound, a correction or a deletion that would
//! make it so is refused).

use rusqlite::Connection;
use serde::{Deserialize, Serialize};

use super::points;
use crate::db::Writer;
use crate::error::{Error, FieldError, Result, Rule};
use crate::ids::RefId;
use crate::units::format_kg;

/// An outbound as a form gives it.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(default)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "ts", ts(rename = "AgriOutboundDraft"))]
pub struct OutboundDraft {
    /// Date.
    pub date: String,
    /// Point (id or name).
    pub point: String,
    /// `pesticide` or `film`.
    pub stream: String,
    /// `recycler`, `incineration` or `landfill` (资源化利用, 焚烧, 填埋).
    pub destination: String,
    /// Receiving unit.
    pub receiver: String,
    /// Weight, kg.
    pub weight: String,
    /// Note.
    pub note: String,
}

/// A stored outbound.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "ts", ts(rename = "AgriOutbound"))]
pub struct Outbound {
    /// Id.
    pub id: RefId,
    /// Date.
    pub date: String,
    /// Point name.
    pub point: String,
    /// Stream.
    pub stream: String,
    /// Destination key.
    pub destination: String,
    /// Receiving unit.
    pub receiver: String,
    /// Grams.
    pub weight_g: i64,
    /// Note.
    pub note: String,
}

/// A point's stock of one stream.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "ts", ts(rename = "AgriStock"))]
pub struct Stock {
    /// Point id.
    pub point_id: RefId,
    /// Point name.
    pub point: String,
    /// Stream.
    pub stream: String,
    /// Received, grams.
    pub received_g: i64,
    /// Sent out, grams.
    pub sent_g: i64,
    /// Stock = received − sent, grams.
    pub stock_g: i64,
}

fn destination(v: &str) -> Option<&'static str> {
    match v.trim() {
        "recycler" | "资源化利用" | "回收利用企业" | "再生利用" => Some("recycler"),
        "incineration" | "焚烧" | "焚烧处置" => Some("incineration"),
        "landfill" | "填埋" | "卫生填埋" => Some("landfill"),
        _ => None,
    }
}

/// Refuses when the stock of `stream` at `point` goes below zero on any day (that day's
/// hand-ins counted before its outbound).
pub fn check_stock(conn: &Connection, point: &RefId, stream: &str) -> Result<()> {
    let mut st = conn.prepare_cached(
        "SELECT date, sum(i), sum(o) FROM (
             SELECT date, weight_g AS i, 0 AS o FROM agri_entries
              WHERE point_id = ?1 AND stream = ?2 AND deleted = 0
             UNION ALL
             SELECT date, 0, weight_g FROM agri_outbound
              WHERE point_id = ?1 AND stream = ?2 AND deleted = 0)
         GROUP BY date ORDER BY date",
    )?;
    let mut rows = st.query(rusqlite::params![point, stream])?;
    let mut stock = 0i64;
    while let Some(r) = rows.next()? {
        let (date, i, o): (String, i64, i64) = (r.get(0)?, r.get(1)?, r.get(2)?);
        stock += i;
        if stock < o {
            let name: String =
                conn.query_row("SELECT name FROM agri_points WHERE id = ?1", [point], |r| {
                    r.get(0)
                })?;
            let (zh, en) = super::stream_names(stream);
            return Err(Error::field(
                "weight",
                Rule::StockNegative,
                &[
                    ("point", &name),
                    ("stream", zh),
                    ("stream_en", en),
                    ("date", &date),
                    ("stock", &format_kg(stock)),
                    ("weight", &format_kg(o)),
                ],
            ));
        }
        stock -= o;
    }
    Ok(())
}

/// Records an outbound; refused when the point's stock would go negative.
pub fn add(w: &mut Writer<'_>, d: &OutboundDraft) -> Result<Outbound> {
    let mut e = Vec::new();
    let date = super::date(&mut e, None, "date", &d.date);
    let point = points::find(w.tx(), &d.point)?;
    if point.is_none() {
        let rule = if d.point.trim().is_empty() {
            Rule::Required
        } else {
            Rule::UnknownValue
        };
        e.push(FieldError::new(
            None,
            "point",
            rule,
            &[("value", d.point.trim())],
        ));
    }
    let stream = match d.stream.trim() {
        "" => match point.as_ref().map(|p| p.takes.as_str()) {
            Some("film") => "film",
            Some("pesticide") => "pesticide",
            _ => {
                e.push(FieldError::new(None, "stream", Rule::Required, &[]));
                "pesticide"
            }
        },
        v => super::stream(v).unwrap_or_else(|| {
            e.push(FieldError::new(
                None,
                "stream",
                Rule::BadValue,
                &[("value", v)],
            ));
            "pesticide"
        }),
    };
    let dest = destination(&d.destination).unwrap_or_else(|| {
        let rule = if d.destination.trim().is_empty() {
            Rule::Required
        } else {
            Rule::BadValue
        };
        e.push(FieldError::new(
            None,
            "destination",
            rule,
            &[("value", d.destination.trim())],
        ));
        "recycler"
    });
    let receiver = crate::text::clean(&mut e, None, "receiver", &d.receiver, 60, true);
    let n = e.len();
    let weight = super::grams(&mut e, None, "weight", &d.weight, false, true);
    if weight == 0 && e.len() == n {
        e.push(FieldError::new(None, "weight", Rule::NotPositiveQty, &[]));
    }
    let note = crate::text::clean(&mut e, None, "note", &d.note, 200, false);
    let Some(point) = point.filter(|_| e.is_empty()) else {
        return Err(Error::Invalid(e));
    };
    let id = RefId::new();
    w.tx().execute(
        "INSERT INTO agri_outbound (id, date, point_id, stream, destination, receiver, weight_g, note,
            created_at, updated_at, origin, clock)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9, ?10, ?11)",
        rusqlite::params![id, date, point.id, stream, dest, receiver, weight, note, w.now_ms(), w.origin(), w.clock()],
    )?;
    check_stock(w.tx(), &point.id, stream)?;
    w.log("agri_outbound", id.as_bytes(), None, None)?;
    Ok(Outbound {
        id,
        date,
        point: point.name,
        stream: stream.into(),
        destination: dest.into(),
        receiver,
        weight_g: weight,
        note,
    })
}

/// Outbound of a point (every point when empty), newest first.
pub fn list(conn: &Connection, point: &str) -> Result<Vec<Outbound>> {
    let pid = if point.trim().is_empty() {
        None
    } else {
        Some(
            points::find(conn, point)?
                .ok_or(Error::NotFound {
                    what: "point",
                    key: point.into(),
                })?
                .id,
        )
    };
    Ok(conn
        .prepare(
            "SELECT o.id, o.date, p.name, o.stream, o.destination, o.receiver, o.weight_g, o.note
             FROM agri_outbound o JOIN agri_points p ON p.id = o.point_id
             WHERE o.deleted = 0 AND (?1 IS NULL OR o.point_id = ?1) ORDER BY o.date DESC, o.id DESC",
        )?
        .query_map([pid], |r| {
            Ok(Outbound {
                id: r.get(0)?,
                date: r.get(1)?,
                point: r.get(2)?,
                stream: r.get(3)?,
                destination: r.get(4)?,
                receiver: r.get(5)?,
                weight_g: r.get(6)?,
                note: r.get(7)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?)
}

/// The stock of every point (of one district when given), by stream it takes.
pub fn stock(conn: &Connection, district: &str) -> Result<Vec<Stock>> {
    let mut out = Vec::new();
    for p in points::list(conn, district)? {
        for s in ["pesticide", "film"] {
            if !p.takes(s) {
                continue;
            }
            let q = |t: &str| -> Result<i64> {
                Ok(conn.query_row(
                    &format!("SELECT coalesce(sum(weight_g), 0) FROM {t} WHERE point_id = ?1 AND stream = ?2 AND deleted = 0"),
                    rusqlite::params![p.id, s],
                    |r| r.get(0),
                )?)
            };
            let (received_g, sent_g) = (q("agri_entries")?, q("agri_outbound")?);
            out.push(Stock {
                point_id: p.id,
                point: p.name.clone(),
                stream: s.into(),
                received_g,
                sent_g,
                stock_g: received_g - sent_g,
            });
        }
    }
    Ok(out)
}

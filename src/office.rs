//! The office's view: before the city office reports, who has sent what. Every installation
//! whose bundles this ledger imported — its name and code, its last bundle (when, which file)
//! and the newest data that bundle held — and every reporting area with what is dated in a
//! period (monthly records, manifests by departure, agricultural hand-ins), from any
//! installation, so the areas that have sent nothing stand out.
//!
//! Reporting areas are counted as the home page counts cells: a cell in its explicit area
//! when it has one (市本级), else in its district's area, else in its district; a manifest by
//! its site's district, a hand-in by its recovery point's district.

use rusqlite::{Connection, OptionalExtension};
use serde::Serialize;

use crate::error::{Error, Result, Rule};

/// An installation that has sent bundles.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Sender {
    /// Its installation id.
    pub installation: String,
    /// Its name, as its last bundle gave it.
    pub name: String,
    /// Its code, as its last bundle gave it.
    pub code: String,
    /// Bundles imported from it.
    pub bundles: i64,
    /// When its last bundle was imported (UTC, RFC 3339).
    pub last_at: String,
    /// The file of its last bundle.
    pub last_file: String,
    /// The newest change its last bundle held (UTC, RFC 3339).
    pub newest: String,
}

/// A reporting area and what is dated in the period there.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct AreaSent {
    /// The area's code, or the district's division code.
    pub code: String,
    /// Its name.
    pub name: String,
    /// Monthly records of cells dated in the period.
    pub records: i64,
    /// Manifests departed in the period.
    pub manifests: i64,
    /// Agricultural hand-ins dated in the period.
    pub entries: i64,
    /// Nothing at all in the period.
    pub silent: bool,
}

/// The office's view of a period.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct OfficeView {
    /// First month of the period (YYYY-MM).
    pub from: String,
    /// Last month of the period (YYYY-MM).
    pub to: String,
    /// Installations that have sent bundles, by code.
    pub senders: Vec<Sender>,
    /// Every reporting area, those with nothing in the period first.
    pub areas: Vec<AreaSent>,
}

/// Reads a period: `YYYY-MM` (a month), `YYYY` (a year) or `YYYY-MM..YYYY-MM`; empty is
/// last month.
pub fn period(text: &str, today: chrono::NaiveDate) -> Result<(String, String)> {
    use chrono::Datelike;
    let t = text.trim();
    let bad = || Error::field("period", Rule::BadMonth, &[("value", t)]);
    let month = |m: &str| -> Result<String> {
        chrono::NaiveDate::parse_from_str(&format!("{m}-01"), "%Y-%m-%d")
            .map(|d| d.format("%Y-%m").to_string())
            .map_err(|_| bad())
    };
    if t.is_empty() {
        let first = today.with_day(1).unwrap_or(today);
        let last = first
            .pred_opt()
            .unwrap_or(first)
            .format("%Y-%m")
            .to_string();
        return Ok((last.clone(), last));
    }
    if let Some((a, b)) = t.split_once("..") {
        let (a, b) = (month(a.trim())?, month(b.trim())?);
        return if a <= b { Ok((a, b)) } else { Err(bad()) };
    }
    if t.len() == 4 && t.chars().all(|c| c.is_ascii_digit()) {
        return Ok((format!("{t}-01"), format!("{t}-12")));
    }
    let m = month(t)?;
    Ok((m.clone(), m))
}

fn has_table(conn: &Connection, name: &str) -> Result<bool> {
    Ok(conn
        .query_row(
            "SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?1",
            [name],
            |_| Ok(()),
        )
        .optional()?
        .is_some())
}

/// Every installation whose bundles were imported here, by code.
pub fn senders(conn: &Connection) -> Result<Vec<Sender>> {
    if !has_table(conn, "sync_history")? {
        return Ok(Vec::new());
    }
    let mut st = conn.prepare(
        "SELECT h.installation, h.name, h.code, g.n, h.at, h.path, h.newest
         FROM (SELECT installation, count(*) AS n, max(id) AS last FROM sync_history
               WHERE direction = 'import' GROUP BY installation) g
         JOIN sync_history h ON h.id = g.last
         ORDER BY h.code, h.name, h.installation",
    )?;
    let rows = st.query_map([], |r| {
        Ok(Sender {
            installation: r.get(0)?,
            name: r.get(1)?,
            code: r.get(2)?,
            bundles: r.get(3)?,
            last_at: r.get(4)?,
            last_file: r.get(5)?,
            newest: r.get(6)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The reporting area of a district (`d`) as SQL: its area when grouped, else itself.
const AREA_OF: &str = "coalesce((SELECT area FROM reporting_area_districts
    WHERE district = {d} AND deleted = 0), {d})";

/// Every reporting area with what is dated in the months `from` to `to`.
pub fn areas(conn: &Connection, from: &str, to: &str) -> Result<Vec<AreaSent>> {
    let area = |d: &str| AREA_OF.replace("{d}", d);
    let sql = format!(
        "WITH units (code, name) AS (
             SELECT 'SBJ', '市本级'
             UNION ALL SELECT code, name FROM reporting_areas WHERE deleted = 0
             UNION ALL SELECT d.code, d.name FROM districts d WHERE NOT EXISTS (
                 SELECT 1 FROM reporting_area_districts r
                 WHERE r.district = d.code AND r.deleted = 0)),
         rec (a, n) AS (
             SELECT coalesce(p.area, {cell_area}), count(*) FROM cell_records r
             JOIN cells c ON c.id = r.cell_id
             LEFT JOIN cell_places p ON p.cell_id = c.id AND p.deleted = 0
             WHERE r.deleted = 0 AND r.month BETWEEN ?1 AND ?2 GROUP BY 1),
         man (a, n) AS (
             SELECT {site_area}, count(*) FROM cw_manifests m
             JOIN cw_sites s ON s.id = m.site_id
             WHERE m.deleted = 0 AND m.departure_at >= ?3 AND m.departure_at < ?4 GROUP BY 1),
         ent (a, n) AS (
             SELECT {point_area}, count(*) FROM agri_entries e
             JOIN agri_points pt ON pt.id = e.point_id
             WHERE e.deleted = 0 AND substr(e.date, 1, 7) BETWEEN ?1 AND ?2 GROUP BY 1)
         SELECT u.code, u.name,
             coalesce((SELECT n FROM rec WHERE a = u.code), 0),
             coalesce((SELECT n FROM man WHERE a = u.code), 0),
             coalesce((SELECT n FROM ent WHERE a = u.code), 0)
         FROM units u",
        cell_area = area("c.district"),
        site_area = area("s.district"),
        point_area = area("pt.district"),
    );
    let mut st = conn.prepare(&sql)?;
    // Departures are kept in UTC: the local months' bounds, as the construction figures use.
    let (_, starts) = crate::construction::resource_use::months(from, to);
    let (lo, hi) = (
        starts.first().cloned().unwrap_or_default(),
        starts.last().cloned().unwrap_or_default(),
    );
    let rows = st.query_map([from, to, lo.as_str(), hi.as_str()], |r| {
        let (records, manifests, entries): (i64, i64, i64) = (r.get(2)?, r.get(3)?, r.get(4)?);
        Ok(AreaSent {
            code: r.get(0)?,
            name: r.get(1)?,
            records,
            manifests,
            entries,
            silent: records + manifests + entries == 0,
        })
    })?;
    let mut out: Vec<AreaSent> = rows.collect::<rusqlite::Result<_>>()?;
    out.sort_by(|a, b| b.silent.cmp(&a.silent).then_with(|| a.code.cmp(&b.code)));
    Ok(out)
}

/// The office's view of the period `text` (see [`period`]).
pub fn view(conn: &Connection, text: &str) -> Result<OfficeView> {
    let (from, to) = period(text, chrono::Local::now().date_naive())?;
    Ok(OfficeView {
        senders: senders(conn)?,
        areas: areas(conn, &from, &to)?,
        from,
        to,
    })
}

#[cfg(test)]
mod tests;

//! The home page (工作台): what needs doing today, the cells by kind and status per area, and
//! this year's key figures against their targets. One call, [`home`], gathers everything the
//! page shows from the areas' own functions (alerts, the cells' and construction waste's
//! rates), so no figure here has a formula of its own.
//!
//! - [`figures`]: this year's key figures, each with its monthly series and target;
//! - [`setup`]: the first start (operator, installation, reporting area) and the operator
//!   switch.

pub mod figures;
pub mod setup;

use std::collections::BTreeMap;

use chrono::Datelike;
use rusqlite::Connection;
use serde::Serialize;

use crate::alerts::{self, Alert, Urgency};
use crate::error::Result;
use crate::ids::today;

pub use figures::KeyFigure;

/// One line of "what needs doing today".
#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TodoItem {
    /// `missing_records` (cells with no figures for last month), or an alert kind.
    pub kind: String,
    /// The most urgent of its alerts (`medium` for missing records).
    pub urgency: Urgency,
    /// How many.
    pub count: i64,
    /// The month it is about (`YYYY-MM`, for missing records).
    pub month: Option<String>,
    /// The one alert, when there is exactly one (the item then opens its subject).
    pub only: Option<Alert>,
}

/// How many cells of one kind have one status.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct KindStatusCount {
    /// Kind key.
    pub kind: String,
    /// Status key.
    pub status: String,
    /// Cells.
    pub count: i64,
}

/// The live cells of one area by kind and status.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct AreaCells {
    /// Reporting area code (`SBJ`, `CCXQ` …) or, for a district in no area, its division code.
    pub code: String,
    /// Its name.
    pub name: String,
    /// Live cells.
    pub total: i64,
    /// Of them, with no figures for last month (revoked cells excepted).
    pub missing_last_month: i64,
    /// By kind and status.
    pub counts: Vec<KindStatusCount>,
}

/// Everything the home page shows.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Home {
    /// Today, local (`YYYY-MM-DD`).
    pub today: String,
    /// Last month (`YYYY-MM`): the month whose figures are due.
    pub last_month: String,
    /// What needs doing, most urgent first.
    pub todo: Vec<TodoItem>,
    /// Alerts not acknowledged, all kinds.
    pub open_alerts: i64,
    /// Cells by kind and status per area.
    pub areas: Vec<AreaCells>,
    /// This year's key figures.
    pub figures: Vec<KeyFigure>,
}

/// The month before `month` (`YYYY-MM`).
pub fn month_before(year: i32, month: u32) -> String {
    if month <= 1 {
        format!("{:04}-12", year - 1)
    } else {
        format!("{year:04}-{:02}", month - 1)
    }
}

/// Everything the home page shows, as of today.
pub fn home(conn: &Connection) -> Result<Home> {
    let t = today();
    let last_month = month_before(t.year(), t.month());
    let open = alerts::all(conn, "")?;
    let areas = area_cells(conn, &last_month)?;
    Ok(Home {
        today: t.to_string(),
        todo: todo(&open, &areas, &last_month),
        open_alerts: open.len() as i64,
        last_month,
        areas,
        figures: figures::this_year(conn, t)?,
    })
}

/// The to-do lines: cells missing last month's figures, then the open alerts grouped by
/// kind; most urgent first, then the largest count.
pub fn todo(open: &[Alert], areas: &[AreaCells], last_month: &str) -> Vec<TodoItem> {
    let mut out = Vec::new();
    let missing: i64 = areas.iter().map(|a| a.missing_last_month).sum();
    if missing > 0 {
        out.push(TodoItem {
            kind: "missing_records".into(),
            urgency: Urgency::Medium,
            count: missing,
            month: Some(last_month.into()),
            only: None,
        });
    }
    let mut by_kind: BTreeMap<&str, Vec<&Alert>> = BTreeMap::new();
    for a in open {
        by_kind.entry(a.kind.as_str()).or_default().push(a);
    }
    for (kind, list) in by_kind {
        out.push(TodoItem {
            kind: kind.into(),
            urgency: list.iter().map(|a| a.urgency).min().unwrap_or(Urgency::Low),
            count: list.len() as i64,
            month: None,
            only: (list.len() == 1).then(|| list[0].clone()),
        });
    }
    out.sort_by_key(|t| (t.urgency, -t.count));
    out
}

/// The live cells by area, kind and status, and how many of each area have no figures for
/// `month`. A cell counts in its own reporting area, else its district's, else its district.
pub fn area_cells(conn: &Connection, month: &str) -> Result<Vec<AreaCells>> {
    let mut st = conn.prepare_cached(
        "SELECT coalesce(p.area, rad.area, c.district) AS a,
            CASE WHEN coalesce(p.area, rad.area) IS NULL THEN coalesce(d.name, c.district)
                WHEN coalesce(p.area, rad.area) = 'SBJ' THEN '市本级'
                ELSE coalesce((SELECT name FROM reporting_areas
                    WHERE code = coalesce(p.area, rad.area) AND deleted = 0),
                    coalesce(p.area, rad.area)) END,
            c.kind, c.status, count(*),
            sum(c.status <> 'revoked' AND NOT EXISTS (SELECT 1 FROM cell_records r
                WHERE r.cell_id = c.id AND r.month = ?1 AND r.deleted = 0))
         FROM cells c
         LEFT JOIN cell_places p ON p.cell_id = c.id AND p.deleted = 0
         LEFT JOIN reporting_area_districts rad ON rad.district = c.district AND rad.deleted = 0
         LEFT JOIN districts d ON d.code = c.district
         WHERE c.deleted = 0
         GROUP BY a, c.kind, c.status ORDER BY a, c.kind, c.status",
    )?;
    let rows = st.query_map([month], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, i64>(4)?,
            r.get::<_, i64>(5)?,
        ))
    })?;
    let mut out: Vec<AreaCells> = Vec::new();
    for row in rows {
        let (code, name, kind, status, n, missing) = row?;
        if out.last().map(|a| &a.code) != Some(&code) {
            out.push(AreaCells {
                code: code.clone(),
                name,
                total: 0,
                missing_last_month: 0,
                counts: Vec::new(),
            });
        }
        if let Some(a) = out.last_mut() {
            a.total += n;
            a.missing_last_month += missing;
            a.counts.push(KindStatusCount {
                kind,
                status,
                count: n,
            });
        }
    }
    Ok(out)
}

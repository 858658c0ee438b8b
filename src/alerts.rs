//! Every alert of the ledger in one list (预警): the construction-waste alerts (load
//! discrepancies, overdue loads, approvals and permits running out) as that area makes them,
//! and cells whose naming (命名) has run out or will within the warning period (a setting,
//! 90 days by default). Each names its subject so that a door can open it, says how urgent it
//! is, and gives the time it is about in local time.
//!
//! An alert has a stable key (its kind, subject and the time it is about); a clerk may
//! acknowledge it with a note ([`acks`]), after which the lists leave it out unless asked.
//! Each alert carries the district and reporting area of its subject, so the lists filter by
//! area as well as by kind.

pub mod acks;

use chrono::Duration;
use rusqlite::{Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

use crate::construction::{self, manifests::local_time};
use crate::error::Result;
use crate::ids::{today, CellId, RefId};
use crate::profile::setting_or_default;

/// How urgent an alert is; the list is sorted most urgent first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum Urgency {
    /// Already past a limit: expired, overdue.
    High,
    /// Needs a look soon: a discrepancy, or an expiry within 30 days.
    Medium,
    /// Coming up.
    Low,
}

impl Urgency {
    /// Every urgency, most urgent first.
    pub const ALL: [Urgency; 3] = [Urgency::High, Urgency::Medium, Urgency::Low];

    /// The stored key.
    pub fn key(self) -> &'static str {
        match self {
            Urgency::High => "high",
            Urgency::Medium => "medium",
            Urgency::Low => "low",
        }
    }

    /// English label.
    pub fn label_en(self) -> &'static str {
        match self {
            Urgency::High => "Urgent",
            Urgency::Medium => "Soon",
            Urgency::Low => "Notice",
        }
    }

    /// Chinese label.
    pub fn label_zh(self) -> &'static str {
        match self {
            Urgency::High => "紧急",
            Urgency::Medium => "较急",
            Urgency::Low => "提示",
        }
    }
}

/// The kinds of the cells' alerts: key, Chinese and English label (the construction-waste
/// kinds are [`construction::alerts::AlertKind`]).
pub const CELL_KINDS: [(&str, &str, &str); 2] = [
    ("certification_expiring", "命名即将到期", "Naming expiring"),
    ("certification_expired", "命名已到期", "Naming expired"),
];

/// One alert of the general view.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "LedgerAlert"))]
pub struct Alert {
    /// `certification_expiring`, `certification_expired`, or a construction alert's kind
    /// (`discrepancy`, `overdue`, `expiring`, `expired`).
    pub kind: String,
    /// `cells` or `construction`.
    pub area: String,
    /// How urgent.
    pub urgency: Urgency,
    /// What it is about: `cell`, `manifest`, `site`, `transporter`, `vehicle`, `facility`.
    pub subject_kind: String,
    /// Its id.
    pub subject_id: String,
    /// Its name (cell name, manifest number, plate …).
    pub subject: String,
    /// The time or date it is about, local (`YYYY-MM-DD` or `YYYY-MM-DD HH:MM`).
    pub when: String,
    /// What it says, in Chinese.
    pub message_zh: String,
    /// What it says, in English.
    pub message_en: String,
    /// Stable key: kind, subject and the time it is about (`overdue:manifest:ID:WHEN`).
    pub key: String,
    /// The district of its subject (a division code), when it has one.
    pub district: Option<String>,
    /// The reporting area of its subject: the cell's own area, else its district's (a local
    /// code such as `CCXQ`, or `SBJ`), when there is one.
    pub reporting_area: Option<String>,
    /// The acknowledgement, when a clerk acknowledged it.
    pub ack: Option<acks::Ack>,
}

/// What a list of alerts shows: a kind or group (see [`matches`]), an area (a reporting area's
/// code or a district's), and whether acknowledged alerts are shown too.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct AlertQuery {
    /// Kind, group (`certification`) or domain area (`cells`, `construction`); empty: all.
    pub kind: String,
    /// Reporting area or district code; empty: every area.
    pub area: String,
    /// Show acknowledged alerts as well.
    pub acknowledged: bool,
}

/// Whether an alert is in area `area` (a reporting area's code or a district's).
pub fn in_area(a: &Alert, area: &str) -> bool {
    let f = area.trim();
    f.is_empty() || a.reporting_area.as_deref() == Some(f) || a.district.as_deref() == Some(f)
}

/// Which alerts to list: a kind (`overdue`), an area (`cells`, `construction`), or all.
pub fn matches(a: &Alert, filter: &str) -> bool {
    let f = filter.trim();
    f.is_empty()
        || a.kind == f
        || a.area == f
        || (f == "certification" && a.kind.starts_with("certification_"))
}

/// The alerts not acknowledged, most urgent first (then soonest), filtered by `filter` (see
/// [`matches`]).
pub fn all(conn: &Connection, filter: &str) -> Result<Vec<Alert>> {
    list(
        conn,
        &AlertQuery {
            kind: filter.into(),
            ..AlertQuery::default()
        },
    )
}

/// The alerts a query asks for, most urgent first, then oldest first (what has waited
/// longest), then by subject.
pub fn list(conn: &Connection, q: &AlertQuery) -> Result<Vec<Alert>> {
    let mut out = every(conn)?;
    out.retain(|a| matches(a, &q.kind) && in_area(a, &q.area));
    let acked = acks::current(conn)?;
    for a in &mut out {
        a.ack = acked.get(&a.key).cloned();
    }
    if !q.acknowledged {
        out.retain(|a| a.ack.is_none());
    }
    sort(&mut out);
    Ok(out)
}

/// Most urgent first, then oldest first, then by subject.
pub fn sort(alerts: &mut [Alert]) {
    alerts.sort_by(|a, b| (a.urgency, &a.when, &a.subject).cmp(&(b.urgency, &b.when, &b.subject)));
}

/// Every alert the ledger raises now, acknowledged or not, with its key and place.
fn every(conn: &Connection) -> Result<Vec<Alert>> {
    let mut out = certification_alerts(conn)?;
    for a in construction::alerts::all(conn)? {
        out.push(from_construction(conn, a)?);
    }
    for a in &mut out {
        a.key = format!("{}:{}:{}:{}", a.kind, a.subject_kind, a.subject_id, a.when);
        let (district, area) = place(conn, &a.subject_kind, &a.subject_id)?;
        a.district = district;
        a.reporting_area = area;
    }
    Ok(out)
}

/// The district and reporting area of an alert's subject.
fn place(conn: &Connection, kind: &str, id: &str) -> Result<(Option<String>, Option<String>)> {
    let Ok(uuid) = id.parse::<uuid::Uuid>() else {
        return Ok((None, None));
    };
    let id = uuid.as_bytes().to_vec();
    let district: Option<String> = match kind {
        "cell" => {
            let row: Option<(String, Option<String>)> = conn
                .prepare_cached(
                    "SELECT c.district, p.area FROM cells c
                     LEFT JOIN cell_places p ON p.cell_id = c.id AND p.deleted = 0
                     WHERE c.id = ?1",
                )?
                .query_row([&id], |r| Ok((r.get(0)?, r.get(1)?)))
                .optional()?;
            if let Some((d, Some(area))) = &row {
                return Ok((Some(d.clone()), Some(area.clone())));
            }
            row.map(|r| r.0)
        }
        "manifest" => conn
            .prepare_cached(
                "SELECT s.district FROM cw_manifests m JOIN cw_sites s ON s.id = m.site_id
                 WHERE m.id = ?1",
            )?
            .query_row([&id], |r| r.get(0))
            .optional()?,
        "site" => conn
            .prepare_cached("SELECT district FROM cw_sites WHERE id = ?1")?
            .query_row([&id], |r| r.get(0))
            .optional()?,
        "facility" => conn
            .prepare_cached("SELECT district FROM cw_facilities WHERE id = ?1")?
            .query_row([&id], |r| r.get(0))
            .optional()?,
        _ => None,
    };
    let area: Option<String> = match &district {
        Some(d) => conn
            .prepare_cached(
                "SELECT area FROM reporting_area_districts WHERE district = ?1 AND deleted = 0",
            )?
            .query_row([d], |r| r.get(0))
            .optional()?,
        None => None,
    };
    Ok((district, area))
}

/// Cells whose naming has expired or expires within `certification.warning_days`.
pub fn certification_alerts(conn: &Connection) -> Result<Vec<Alert>> {
    let days: i64 = setting_or_default(conn, "certification.warning_days")?
        .parse()
        .unwrap_or(90);
    let t = today();
    let soon = (t + Duration::days(days)).to_string();
    let mut st = conn.prepare_cached(
        "SELECT id, name, expires_on FROM cells
         WHERE deleted = 0 AND status = 'certified' AND expires_on IS NOT NULL AND expires_on <= ?1
         ORDER BY expires_on",
    )?;
    let rows = st.query_map([&soon], |r| {
        Ok((
            r.get::<_, CellId>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (id, name, until) = row?;
        let left = chrono::NaiveDate::parse_from_str(&until, "%Y-%m-%d")
            .map(|d| (d - t).num_days())
            .unwrap_or(0);
        let expired = left < 0;
        out.push(Alert {
            kind: if expired {
                "certification_expired"
            } else {
                "certification_expiring"
            }
            .into(),
            area: "cells".into(),
            urgency: if expired {
                Urgency::High
            } else if left <= 30 {
                Urgency::Medium
            } else {
                Urgency::Low
            },
            subject_kind: "cell".into(),
            subject_id: id.to_string(),
            subject: name,
            when: until.clone(),
            message_zh: if expired {
                format!("无废细胞命名已于 {until} 到期，请组织复核或重新命名")
            } else {
                format!("无废细胞命名将于 {until} 到期（剩 {left} 天）")
            },
            message_en: if expired {
                format!("the cell's naming expired on {until}; re-assess or rename it")
            } else {
                format!("the cell's naming expires on {until} ({left} days left)")
            },
            key: String::new(),
            district: None,
            reporting_area: None,
            ack: None,
        });
    }
    Ok(out)
}

/// Which register row an id is, and the time a manifest alert is about.
fn from_construction(conn: &Connection, a: construction::alerts::Alert) -> Result<Alert> {
    let t = today();
    use construction::alerts::AlertKind;
    let (subject_kind, when, urgency) = match a.kind {
        k if k.is_about_a_load() => {
            let col = if k == AlertKind::Overdue {
                "departure_at"
            } else {
                "coalesce(received_at, departure_at)"
            };
            let at: Option<String> = conn
                .query_row(
                    &format!("SELECT {col} FROM cw_manifests WHERE id = ?1"),
                    [a.id],
                    |r| r.get(0),
                )
                .optional()?
                .flatten();
            // A load still on the road, or refused with nowhere to go, is where dumping
            // happens; the rest wants a look the same day.
            let urgency = match k {
                AlertKind::Overdue | AlertKind::NoFollowup => Urgency::High,
                _ => Urgency::Medium,
            };
            (
                "manifest",
                at.map(|s| local_time(&s)).unwrap_or_default(),
                urgency,
            )
        }
        _ => {
            let (register, until) = register_of(conn, a.id)?;
            let left = chrono::NaiveDate::parse_from_str(&until, "%Y-%m-%d")
                .map(|d| (d - t).num_days())
                .unwrap_or(0);
            let urgency = if a.kind == AlertKind::Expired || left < 0 {
                Urgency::High
            } else if left <= 30 {
                Urgency::Medium
            } else {
                Urgency::Low
            };
            (register, until, urgency)
        }
    };
    Ok(Alert {
        kind: a.kind.key().into(),
        area: "construction".into(),
        urgency,
        subject_kind: subject_kind.into(),
        subject_id: a.id.to_string(),
        subject: a.subject,
        when,
        message_zh: a.message_zh,
        message_en: a.message_en,
        key: String::new(),
        district: None,
        reporting_area: None,
        ack: None,
    })
}

fn register_of(conn: &Connection, id: RefId) -> Result<(&'static str, String)> {
    for (register, table, col) in [
        ("site", "cw_sites", "approval_until"),
        ("transporter", "cw_transporters", "permit_until"),
        ("vehicle", "cw_vehicles", "permit_until"),
        ("facility", "cw_facilities", "approval_until"),
    ] {
        let until: Option<Option<String>> = conn
            .query_row(
                &format!("SELECT {col} FROM {table} WHERE id = ?1"),
                [id],
                |r| r.get(0),
            )
            .optional()?;
        if let Some(u) = until {
            return Ok((register, u.unwrap_or_default()));
        }
    }
    Ok(("register", String::new()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn alert(kind: &str, area: &str) -> Alert {
        Alert {
            kind: kind.into(),
            area: area.into(),
            urgency: Urgency::Low,
            subject_kind: String::new(),
            subject_id: String::new(),
            subject: String::new(),
            when: String::new(),
            message_zh: String::new(),
            message_en: String::new(),
            key: String::new(),
            district: Some("220102".into()),
            reporting_area: Some("CCXQ".into()),
            ack: None,
        }
    }

    #[test]
    fn alerts_filter_by_kind_or_area() {
        let a = alert("certification_expiring", "cells");
        assert!(matches(&a, ""));
        assert!(matches(&a, "certification"));
        assert!(matches(&a, "cells"));
        assert!(matches(&a, "certification_expiring"));
        assert!(!matches(&a, "overdue"));
        assert!(!matches(&a, "construction"));
        let b = alert("overdue", "construction");
        assert!(matches(&b, "construction") && matches(&b, "overdue"));
    }

    #[test]
    fn alerts_filter_by_reporting_area_or_district() {
        let a = alert("overdue", "construction");
        assert!(in_area(&a, ""));
        assert!(in_area(&a, "CCXQ"));
        assert!(in_area(&a, "220102"));
        assert!(!in_area(&a, "220104"));
        assert!(!in_area(&a, "SBJ"));
    }

    #[test]
    fn the_most_urgent_sorts_first_then_the_oldest() {
        let mut v = vec![
            Alert {
                urgency: Urgency::Low,
                when: "2026-01-01".into(),
                ..alert("expiring", "construction")
            },
            Alert {
                urgency: Urgency::High,
                when: "2026-11-20".into(),
                ..alert("overdue", "construction")
            },
            Alert {
                urgency: Urgency::High,
                when: "2026-11-01".into(),
                ..alert("overdue", "construction")
            },
            Alert {
                urgency: Urgency::Medium,
                when: "2025-01-01".into(),
                ..alert("discrepancy", "construction")
            },
        ];
        sort(&mut v);
        let order: Vec<(Urgency, &str)> = v.iter().map(|a| (a.urgency, a.when.as_str())).collect();
        assert_eq!(
            order,
            [
                (Urgency::High, "2026-11-01"),
                (Urgency::High, "2026-11-20"),
                (Urgency::Medium, "2025-01-01"),
                (Urgency::Low, "2026-01-01")
            ]
        );
    }

    #[test]
    fn the_most_urgent_sorts_first() {
        assert!(Urgency::High < Urgency::Medium && Urgency::Medium < Urgency::Low);
    }
}

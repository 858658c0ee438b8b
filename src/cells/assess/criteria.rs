//! Criteria templates (评估标准) per kind of cell: items in groups, each with its maximum
//! points and the evidence expected, and a pass mark. Versioned: version 1 of each kind is
//! shipped with the program (`data/criteria-defaults.json`, drawn from the plan's aims —
//! sorting, fewer disposables and less paper, hazardous waste handled properly, records kept,
//! publicity); a clerk's edit adds the next version, and an assessment keeps the version it
//! used together with a copy of its items.

use std::sync::OnceLock;

use rusqlite::{Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

use crate::db::{Ledger, Writer};
use crate::error::{Error, Result, Rule};
use crate::ids::RefId;

/// One item of a template.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CriteriaItem {
    /// Stable key within the template (`sorting`, `records` …).
    pub key: String,
    /// Group, Chinese (组织管理, 源头减量 …).
    pub group: String,
    /// Group, English.
    #[serde(default)]
    pub group_en: String,
    /// What is assessed, Chinese.
    pub name: String,
    /// What is assessed, English.
    #[serde(default)]
    pub name_en: String,
    /// Maximum points.
    pub max_points: i64,
    /// The evidence expected (台账、凭证、现场检查 …).
    #[serde(default)]
    pub evidence: String,
    /// The evidence expected, English.
    #[serde(default)]
    pub evidence_en: String,
}

/// A kind's criteria, one version.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Criteria {
    /// Kind key.
    pub kind: String,
    /// Version: 1 is the shipped default.
    pub version: i64,
    /// Title.
    pub title: String,
    /// Points needed to pass.
    pub pass_mark: i64,
    /// The items, in order.
    pub items: Vec<CriteriaItem>,
}

impl Criteria {
    /// The sum of the items' maximum points.
    pub fn max_total(&self) -> i64 {
        self.items.iter().map(|i| i.max_points).sum()
    }
}

#[derive(Deserialize)]
struct Shipped {
    templates: Vec<Criteria>,
}

/// The shipped defaults (version 1 of each kind), parsed once.
pub fn shipped() -> &'static [Criteria] {
    static S: OnceLock<Vec<Criteria>> = OnceLock::new();
    S.get_or_init(|| {
        serde_json::from_str::<Shipped>(include_str!("../../../data/criteria-defaults.json"))
            .map(|s| s.templates)
            .unwrap_or_default()
    })
}

/// A kind with no criteria of its own (a kind the city added) starts from the office's.
fn shipped_for(kind: &str) -> Criteria {
    let base = shipped()
        .iter()
        .find(|c| c.kind == kind)
        .or_else(|| shipped().iter().find(|c| c.kind == "office"))
        .cloned()
        .unwrap_or(Criteria {
            kind: String::new(),
            version: 1,
            title: String::new(),
            pass_mark: 1,
            items: Vec::new(),
        });
    Criteria {
        kind: kind.to_string(),
        ..base
    }
}

fn from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<(String, i64, String, i64, String)> {
    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
}

fn parse(row: (String, i64, String, i64, String)) -> Criteria {
    Criteria {
        kind: row.0,
        version: row.1,
        title: row.2,
        pass_mark: row.3,
        items: serde_json::from_str(&row.4).unwrap_or_default(),
    }
}

/// The criteria in force for `kind`: its newest version.
pub fn current(conn: &Connection, kind: &str) -> Result<Criteria> {
    let row = conn
        .prepare_cached(
            "SELECT kind, version, title, pass_mark, items FROM criteria_templates
             WHERE kind = ?1 AND deleted = 0 ORDER BY version DESC LIMIT 1",
        )?
        .query_row([kind], from_row)
        .optional()?;
    Ok(row.map(parse).unwrap_or_else(|| shipped_for(kind)))
}

/// Every version of `kind`'s criteria, oldest first (version 1 is the shipped default).
pub fn versions(conn: &Connection, kind: &str) -> Result<Vec<Criteria>> {
    let mut out = vec![shipped_for(kind)];
    let mut st = conn.prepare_cached(
        "SELECT kind, version, title, pass_mark, items FROM criteria_templates
         WHERE kind = ?1 AND deleted = 0 ORDER BY version",
    )?;
    for row in st.query_map([kind], from_row)? {
        out.push(parse(row?));
    }
    Ok(out)
}

fn bad(msg_zh: &str, msg_en: &str) -> Error {
    Error::Invalid(vec![crate::error::FieldError::new(
        None,
        "criteria",
        Rule::BadTemplate,
        &[("value", msg_zh), ("value_en", msg_en)],
    )])
}

/// Checks a template a clerk gives: items with distinct non-empty keys and names, maximum
/// points above 0, and a pass mark from 1 to the sum of the maximum points.
pub fn validate(c: &Criteria) -> Result<()> {
    if c.items.is_empty() {
        return Err(bad("没有评分项", "no items"));
    }
    let mut keys = std::collections::BTreeSet::new();
    for i in &c.items {
        if i.key.trim().is_empty() || i.name.trim().is_empty() {
            return Err(bad("评分项缺少键或名称", "an item lacks its key or name"));
        }
        if !keys.insert(i.key.trim()) {
            return Err(bad(
                &format!("评分项键“{}”重复", i.key),
                &format!("the item key {} is repeated", i.key),
            ));
        }
        if i.max_points <= 0 || i.max_points > 1000 {
            return Err(bad(
                &format!("“{}”的满分应在 1 至 1000 之间", i.name),
                &format!("the maximum of {} must be from 1 to 1000", i.key),
            ));
        }
    }
    let max = c.max_total();
    if c.pass_mark < 1 || c.pass_mark > max {
        return Err(bad(
            &format!("合格分应在 1 至 {max} 之间，现为 {}", c.pass_mark),
            &format!("the pass mark must be from 1 to {max}, got {}", c.pass_mark),
        ));
    }
    Ok(())
}

/// Stores `c` as the next version of its kind's criteria (the kind by key or name); returns
/// the version.
pub fn save(ledger: &mut Ledger, c: &Criteria) -> Result<i64> {
    let Some(kind) = crate::profile::find_kind(ledger.conn(), &c.kind)? else {
        return Err(Error::field(
            "kind",
            Rule::UnknownKind,
            &[("value", &c.kind)],
        ));
    };
    let c = &Criteria {
        kind: kind.key,
        ..c.clone()
    };
    validate(c)?;
    ledger.write(|w| put(w, c))
}

fn put(w: &mut Writer<'_>, c: &Criteria) -> Result<i64> {
    let version = current(w.tx(), &c.kind)?.version + 1;
    let id = RefId::new();
    let title = if c.title.trim().is_empty() {
        format!("{} v{version}", c.kind)
    } else {
        c.title.trim().to_string()
    };
    w.tx().execute(
        "INSERT INTO criteria_templates (id, kind, version, title, pass_mark, items, created_at,
            updated_at, origin, clock)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7, ?8, ?9)",
        rusqlite::params![
            id,
            c.kind,
            version,
            title,
            c.pass_mark,
            serde_json::to_string(&c.items).unwrap_or_default(),
            w.now_ms(),
            w.origin(),
            w.clock()
        ],
    )?;
    w.log("criteria_templates", id.as_bytes(), None, None)?;
    Ok(version)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_four_kinds_ship_criteria_of_100_points_with_a_pass_mark() {
        for kind in ["office", "community", "factory", "school"] {
            let c = shipped().iter().find(|c| c.kind == kind).expect(kind);
            assert_eq!(c.version, 1);
            assert_eq!(c.max_total(), 100, "{kind}");
            validate(c).expect(kind);
            for aim in ["records", "hazardous", "publicity"] {
                assert!(c.items.iter().any(|i| i.key == aim), "{kind} lacks {aim}");
            }
        }
    }

    #[test]
    fn a_pass_mark_above_the_maximum_is_refused() {
        let mut c = shipped()[0].clone();
        c.pass_mark = 101;
        let e = validate(&c).unwrap_err();
        assert_eq!(e.fields()[0].code, "bad_template");
        assert!(e.fields()[0].message_en.contains("from 1 to 100"));
    }
}

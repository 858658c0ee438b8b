//! Receiving facilities by kind, as Changchun's rules name them — 消纳 (disposal), 资源化利用
//! (recycling), 中转/分拣 (transfer and sorting), 回填 (backfill, where 土方平衡 soil goes) and
//! 生态修复 (ecological restoration) — and the construction-waste categories each may accept:
//! data per facility, defaulting to its kind's list. A load delivered to a facility that does
//! not accept its category is an alert.

use rusqlite::{Connection, OptionalExtension};
use serde::Serialize;

use super::alerts::Alert;
use super::manifests::{category, CATEGORIES};
use super::registers::find;
use crate::db::Ledger;
use crate::error::{Error, FieldError, Result, Rule};
use crate::ids::RefId;

/// Facility kinds: key, Chinese, English, and the categories accepted by default.
/// A 消纳场 takes every construction category (never household or industrial waste, which
/// are no categories here); recycling and sorting plants take the mixed solid categories
/// (soil and slurry need a plant equipped for them: a clerk adds them per facility);
/// backfill takes soil; restoration (mine pits, quarries) takes soil and inert waste.
pub const KINDS: &[(&str, &str, &str, &[&str])] = &[
    (
        "disposal",
        "消纳场",
        "Disposal site",
        &["soil", "slurry", "engineering", "demolition", "decoration"],
    ),
    (
        "recycling",
        "资源化利用厂",
        "Recycling plant",
        &["engineering", "demolition", "decoration"],
    ),
    (
        "transfer",
        "中转/分拣场",
        "Transfer and sorting station",
        &["engineering", "demolition", "decoration"],
    ),
    ("backfill", "回填场地", "Backfill site", &["soil"]),
    (
        "restoration",
        "生态修复场地",
        "Ecological restoration site",
        &["soil", "engineering", "demolition"],
    ),
];

/// The kind key of a key or Chinese name (消纳, 资源化, 中转, 分拣, 回填, 生态修复 …).
pub fn kind(input: &str) -> Option<&'static str> {
    let s = input.trim();
    let k = match s {
        "消纳" | "消纳场" => "disposal",
        "资源化" | "资源化利用" | "资源化利用厂" => "recycling",
        "中转" | "分拣" | "中转/分拣" | "中转分拣" | "中转/分拣场" | "sorting" => {
            "transfer"
        }
        "回填" | "回填场地" | "土方平衡" => "backfill",
        "生态修复" | "生态修复场地" => "restoration",
        _ => s,
    };
    KINDS.iter().find(|x| x.0 == k).map(|x| x.0)
}

/// The default categories of a kind.
pub fn defaults(kind: &str) -> &'static [&'static str] {
    KINDS
        .iter()
        .find(|k| k.0 == kind)
        .map(|k| k.3)
        .unwrap_or(&[])
}

/// Parses a list of categories as typed (keys or Chinese names, separated by commas, 、 or
/// spaces) into keys in the categories' order. Empty input is `Ok(None)`: the kind's
/// defaults.
pub fn parse_accepts(input: &str) -> std::result::Result<Option<String>, String> {
    let parts: Vec<&str> = input
        .split(|c: char| c == ',' || c == '，' || c == '、' || c.is_whitespace())
        .filter(|p| !p.is_empty())
        .collect();
    if parts.is_empty() {
        return Ok(None);
    }
    let mut keys = Vec::new();
    for p in parts {
        keys.push(category(p).ok_or_else(|| p.to_string())?);
    }
    let ordered: Vec<&str> = CATEGORIES
        .iter()
        .map(|c| c.0)
        .filter(|c| keys.contains(c))
        .collect();
    Ok(Some(ordered.join(",")))
}

/// A facility's kind and what it accepts.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct FacilityUse {
    /// Id.
    pub id: RefId,
    /// Name.
    pub name: String,
    /// Kind key.
    pub kind: String,
    /// Kind, Chinese.
    pub kind_zh: String,
    /// Kind, English.
    pub kind_en: String,
    /// Accepted category keys.
    pub accepts: Vec<String>,
    /// Whether `accepts` is the kind's default list.
    pub default_accepts: bool,
}

fn facility_use(id: RefId, name: String, kind: String, accepts: Option<String>) -> FacilityUse {
    let k = KINDS.iter().find(|x| x.0 == kind);
    FacilityUse {
        id,
        name,
        kind_zh: k.map(|x| x.1).unwrap_or_default().into(),
        kind_en: k.map(|x| x.2).unwrap_or_default().into(),
        accepts: match &accepts {
            Some(a) => a
                .split(',')
                .filter(|s| !s.is_empty())
                .map(String::from)
                .collect(),
            None => defaults(&kind).iter().map(|s| s.to_string()).collect(),
        },
        default_accepts: accepts.is_none(),
        kind,
    }
}

/// Every live facility with its kind and accepted categories, by name.
pub fn list(conn: &Connection) -> Result<Vec<FacilityUse>> {
    let mut st = conn.prepare_cached(
        "SELECT id, name, kind, accepts FROM cw_facilities WHERE deleted = 0 ORDER BY name",
    )?;
    let rows = st.query_map([], |r| {
        Ok(facility_use(r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// One facility by id or name.
pub fn get(conn: &Connection, key: &str) -> Result<FacilityUse> {
    let id = find(
        conn,
        crate::construction::registers::Register::Facility,
        key,
    )?;
    conn.query_row(
        "SELECT id, name, kind, accepts FROM cw_facilities WHERE id = ?1",
        [id],
        |r| Ok(facility_use(r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
    )
    .optional()?
    .ok_or_else(|| Error::NotFound {
        what: "facility",
        key: key.into(),
    })
}

/// Changes a facility's kind (when `kind` is not empty) and the categories it accepts
/// (`accepts` empty: its kind's defaults).
pub fn set(l: &mut Ledger, facility: &str, kind_in: &str, accepts: &str) -> Result<FacilityUse> {
    l.write(|w| {
        let id = find(
            w.tx(),
            crate::construction::registers::Register::Facility,
            facility,
        )?;
        let mut e = Vec::new();
        let k = if kind_in.trim().is_empty() {
            None
        } else {
            let k = kind(kind_in);
            if k.is_none() {
                e.push(FieldError::new(
                    None,
                    "kind",
                    Rule::BadValue,
                    &[("value", kind_in.trim())],
                ));
            }
            k
        };
        let acc = parse_accepts(accepts).unwrap_or_else(|bad| {
            e.push(FieldError::new(
                None,
                "accepts",
                Rule::UnknownCategory,
                &[("value", &bad)],
            ));
            None
        });
        if !e.is_empty() {
            return Err(Error::Invalid(e));
        }
        let before = w.snapshot("cw_facilities", id.as_bytes())?;
        w.tx().execute(
            "UPDATE cw_facilities SET kind = coalesce(?2, kind), accepts = ?3, updated_at = ?4,
                origin = ?5, clock = ?6 WHERE id = ?1",
            rusqlite::params![id, k, acc, w.now_ms(), w.origin(), w.clock()],
        )?;
        w.log("cw_facilities", id.as_bytes(), before, None)?;
        Ok(())
    })?;
    get(l.conn(), facility)
}

/// The SQL condition that a manifest `m`'s category is outside what facility `f` accepts.
/// `?1` .. `?5` hold the kinds' default lists (see [`default_lists`]).
const MISMATCH: &str = "instr(',' || coalesce(f.accepts, CASE f.kind WHEN 'disposal' THEN ?1
    WHEN 'recycling' THEN ?2 WHEN 'transfer' THEN ?3 WHEN 'backfill' THEN ?4 ELSE ?5 END) || ',',
    ',' || m.category || ',') = 0";

/// A category's English name.
pub fn category_en(key: &str) -> &'static str {
    match key {
        "soil" => "excavated soil",
        "slurry" => "slurry",
        "engineering" => "engineering waste",
        "demolition" => "demolition waste",
        "decoration" => "decoration waste",
        _ => "waste of an unknown category",
    }
}

fn default_lists() -> [String; 5] {
    [
        "disposal",
        "recycling",
        "transfer",
        "backfill",
        "restoration",
    ]
    .map(|k| defaults(k).join(","))
}

/// Alerts for loads delivered (dispatched, received or closed) to a facility that does not
/// accept their category (of the one manifest `only`, when given): kind `category_mismatch`.
pub fn mismatch_alerts(conn: &Connection, only: Option<RefId>) -> Result<Vec<Alert>> {
    let [d, r, t, b, e] = default_lists();
    let mut st = conn.prepare_cached(&format!(
        "SELECT m.id, m.number, m.category, f.name, f.kind FROM cw_manifests m
         JOIN cw_facilities f ON f.id = m.facility_id
         WHERE m.deleted = 0 AND m.status IN ('dispatched', 'received', 'closed')
           AND (?6 IS NULL OR m.id = ?6) AND {MISMATCH}
         ORDER BY m.departure_at"
    ))?;
    let rows = st.query_map(rusqlite::params![d, r, t, b, e, only], |r| {
        Ok((
            r.get::<_, RefId>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, String>(4)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (id, number, cat, fac, kind) = row?;
        let cat_zh = CATEGORIES
            .iter()
            .find(|c| c.0 == cat)
            .map(|c| c.1)
            .unwrap_or("");
        let k = KINDS.iter().find(|x| x.0 == kind);
        out.push(Alert {
            kind: crate::construction::alerts::AlertKind::CategoryMismatch,
            id,
            subject: number,
            message_zh: format!(
                "{}（{}）不接收{cat_zh}",
                fac,
                k.map(|x| x.1).unwrap_or_default()
            ),
            message_en: format!(
                "{} ({}) does not accept {}",
                fac,
                k.map(|x| x.2).unwrap_or_default().to_lowercase(),
                category_en(&cat)
            ),
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepted_categories_are_read_in_either_language_and_kept_in_order() {
        assert_eq!(
            parse_accepts("装修垃圾、soil"),
            Ok(Some("soil,decoration".into()))
        );
        assert_eq!(parse_accepts("  "), Ok(None));
        assert_eq!(parse_accepts("soil, 生活垃圾"), Err("生活垃圾".into()));
    }

    #[test]
    fn kinds_are_read_by_their_chinese_names() {
        assert_eq!(kind("消纳场"), Some("disposal"));
        assert_eq!(kind("分拣"), Some("transfer"));
        assert_eq!(kind("土方平衡"), Some("backfill"));
        assert_eq!(kind("生态修复"), Some("restoration"));
        assert_eq!(kind("焚烧厂"), None);
    }
}

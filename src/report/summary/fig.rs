//! Small builders of the document's parts, shared by the sections.

use rusqlite::Connection;

use super::model::{Column, Figure, SettingUsed, Target, Value};
use crate::error::Result;
use crate::profile;

/// A figure with its label, unit and formula; the rest filled by the section.
#[allow(clippy::too_many_arguments)]
pub fn figure(
    key: &str,
    (label_zh, label_en): (&str, &str),
    value: Option<f64>,
    (unit_zh, unit_en): (&str, &str),
    decimals: u8,
    (formula_zh, formula_en): (&str, &str),
) -> Figure {
    Figure {
        key: key.into(),
        label_zh: label_zh.into(),
        label_en: label_en.into(),
        value,
        unit_zh: unit_zh.into(),
        unit_en: unit_en.into(),
        decimals,
        formula_zh: formula_zh.into(),
        formula_en: formula_en.into(),
        baseline: None,
        target: None,
        settings: Vec::new(),
        missing_zh: String::new(),
        missing_en: String::new(),
    }
}

/// A setting as it stands now, with its label.
pub fn setting(conn: &Connection, key: &str) -> Result<SettingUsed> {
    let (zh, en) = profile::SETTINGS
        .iter()
        .find(|s| s.0 == key)
        .map_or((key, key), |s| (s.2, s.3));
    Ok(SettingUsed {
        key: key.into(),
        label_zh: zh.into(),
        label_en: en.into(),
        value: profile::setting_or_default(conn, key)?,
    })
}

/// The target held in setting `key` (a percentage), with its source document from
/// `key.source`, met or not by `value`.
pub fn target(conn: &Connection, key: &str, value: f64, figure: Option<f64>) -> Result<Target> {
    Ok(Target {
        key: key.into(),
        value,
        source: profile::setting_or_default(conn, &format!("{key}.source"))?,
        source_en: profile::setting_or_default(conn, &format!("{key}.source_en"))?,
        met: figure.map(|f| f >= value),
    })
}

/// A number column.
pub fn num(key: &str, zh: &str, en: &str, unit: &str, decimals: u8) -> Column {
    Column {
        key: key.into(),
        title_zh: zh.into(),
        title_en: en.into(),
        unit: unit.into(),
        decimals,
    }
}

/// A text column.
pub fn text(key: &str, zh: &str, en: &str) -> Column {
    num(key, zh, en, "", 0)
}

/// Grams as tonnes.
pub fn t(g: i64) -> f64 {
    g as f64 / 1e6
}

/// A value or a dash.
pub fn opt(v: Option<f64>) -> Value {
    v.map_or(Value::Missing, Value::Number)
}

/// Months listed for a reader: `2025-03、2025-04` / `2025-03, 2025-04`.
pub fn months(ms: &[String]) -> (String, String) {
    (ms.join("、"), ms.join(", "))
}

/// Marks a figure incomplete: months without records in the period.
pub fn mark_missing(f: &mut Figure, missing: &[String], of_months: usize) {
    if missing.is_empty() {
        return;
    }
    let (zh, en) = months(missing);
    if f.value.is_none() || missing.len() == of_months {
        f.value = None;
        f.missing_zh = format!("未计算：期内无记录（{zh}）");
        f.missing_en = format!("not computed: no records in the period ({en})");
    } else {
        f.missing_zh = format!("不完整：{} 个月无记录（{zh}）", missing.len());
        f.missing_en = format!(
            "incomplete: {} months without records ({en})",
            missing.len()
        );
    }
}

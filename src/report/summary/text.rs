//! The texts every output of a report shares, in one language: the header block and a
//! figure's row.

use super::model::{Figure, Lang, SummaryReport, Value};

/// The header block: (label, value) lines — title, scope, period, baseline, as-of, built,
/// completeness.
pub fn header(r: &SummaryReport, lang: Lang) -> Vec<(String, String)> {
    let p = |zh: &str, en: &str| lang.pick(zh, en).to_string();
    let period = |l_zh: &str, l_en: &str, from: &str, to: &str| match lang {
        Lang::Zh => format!("{l_zh}（{from} 至 {to}）"),
        Lang::En => format!("{l_en} ({from} to {to})"),
    };
    let mut out = vec![
        (p("报表", "Report"), p(&r.title_zh, &r.title_en)),
        (p("范围", "Scope"), p(&r.scope_zh, &r.scope_en)),
        (
            p("报表期", "Period"),
            period(
                &r.period.label_zh,
                &r.period.label_en,
                &r.period.from,
                &r.period.to,
            ),
        ),
        (
            p("基准期", "Baseline"),
            r.baseline.as_ref().map_or_else(
                || p("未设基准年", "no baseline year set"),
                |b| period(&b.label_zh, &b.label_en, &b.from, &b.to),
            ),
        ),
        (p("数据截至", "Data as of"), r.as_of.clone()),
        (p("生成时间", "Built at"), r.built_at.clone()),
    ];
    let lines = match lang {
        Lang::Zh => &r.completeness_zh,
        Lang::En => &r.completeness_en,
    };
    if lines.is_empty() {
        out.push((p("完整性", "Completeness"), p("完整", "complete")));
    }
    for l in lines {
        out.push((p("完整性", "Completeness"), l.clone()));
    }
    out
}

/// The headings of the figures' table.
pub fn figure_heads(lang: Lang) -> Vec<String> {
    let zh = [
        "指标代码",
        "指标",
        "数值",
        "单位",
        "基准年同期",
        "目标",
        "是否达标",
        "目标依据",
        "公式",
        "所用设置",
        "完整性",
    ];
    let en = [
        "Key",
        "Figure",
        "Value",
        "Unit",
        "Baseline",
        "Target",
        "Target met",
        "Target source",
        "Formula",
        "Settings used",
        "Completeness",
    ];
    match lang {
        Lang::Zh => zh.iter().map(|s| s.to_string()).collect(),
        Lang::En => en.iter().map(|s| s.to_string()).collect(),
    }
}

/// One figure as a row: text columns as text, the value, baseline and target as numbers.
pub fn figure_row(f: &Figure, lang: Lang) -> Vec<Value> {
    let p = |zh: &str, en: &str| Value::Text(lang.pick(zh, en).to_string());
    let num = |v: Option<f64>| v.map_or(Value::Missing, Value::Number);
    let settings = f
        .settings
        .iter()
        .map(|s| format!("{} = {}", lang.pick(&s.label_zh, &s.label_en), s.value))
        .collect::<Vec<_>>()
        .join(lang.pick("；", "; "));
    let met = match f.target.as_ref().and_then(|t| t.met) {
        Some(true) => p("是", "yes"),
        Some(false) => p("否", "no"),
        None => Value::Missing,
    };
    vec![
        Value::Text(f.key.clone()),
        p(&f.label_zh, &f.label_en),
        num(f.value),
        p(&f.unit_zh, &f.unit_en),
        num(f.baseline),
        num(f.target.as_ref().map(|t| t.value)),
        met,
        f.target
            .as_ref()
            .map_or(Value::Missing, |t| p(&t.source, &t.source_en)),
        p(&f.formula_zh, &f.formula_en),
        Value::Text(settings),
        p(&f.missing_zh, &f.missing_en),
    ]
}

/// A table value as text in `lang` (numbers unformatted).
pub fn value_text(v: &Value, lang: Lang) -> String {
    match v {
        Value::Text(s) => s.clone(),
        Value::Label { zh, en } => lang.pick(zh, en).to_string(),
        Value::Number(x) => number(*x),
        Value::Missing => String::new(),
    }
}

/// A number as plain decimal text (no grouping, no exponent).
pub fn number(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{}", x as i64)
    } else {
        format!("{x}")
    }
}

/// A column heading with its unit: `重量（t）` / `Weight (t)`.
pub fn heading(title_zh: &str, title_en: &str, unit: &str, lang: Lang) -> String {
    match (lang, unit.is_empty()) {
        (_, true) => lang.pick(title_zh, title_en).to_string(),
        (Lang::Zh, false) => format!("{title_zh}（{unit}）"),
        (Lang::En, false) => format!("{title_en} ({unit})"),
    }
}

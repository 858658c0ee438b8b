//! The reduction and resource-use report on A4, in Chinese or English: a title block (title,
//! scope, period, baseline period, as-of, built at, completeness), then per section its figures
//! as a table (value with unit, baseline, target with its source, formula, period, settings
//! used, completeness; `未计算：…` in place of a value that is not computed), its tables (header
//! repeated on each new page, numbers right-aligned), its charts drawn as vector graphics and
//! its notes. Every page carries the report's title and `第 N 页 共 M 页`.
//!
//! It only draws the [`SummaryReport`]; no figure is computed here.

use std::path::Path;

use super::model::{Figure, Lang, Section, SummaryReport, Table, Value};
use super::pdf_chart;
use super::pdf_grid::{format_number, measure, spread, Align, Grid, TEXT_W};
use crate::error::{Error, Result};
use crate::report::pdf::{Doc, MARGIN, PAGE_W};

const BODY: f32 = 9.5;
const SMALL: f32 = 7.5;

/// Draws the report and writes it to `path`.
pub fn write(report: &SummaryReport, lang: Lang, path: &Path) -> Result<()> {
    let bytes = render(report, lang)?;
    std::fs::write(path, bytes).map_err(Error::Io)
}

/// Draws the report and returns the PDF's bytes.
pub fn render(report: &SummaryReport, lang: Lang) -> Result<Vec<u8>> {
    let title = lang.pick(&report.title_zh, &report.title_en).to_string();
    let scope = lang.pick(&report.scope_zh, &report.scope_en).to_string();
    let period = lang.pick(&report.period.label_zh, &report.period.label_en);
    let mut d = Doc::new(&format!("{title} {scope} {period}"))?;
    title_block(&mut d, report, lang);
    for (i, s) in report.sections.iter().enumerate() {
        section(&mut d, report, s, i, lang);
    }
    let keywords = vec![format!(
        "zwl-summary:{}:{}:{}",
        serde_json::to_string(&report.spec.scope).unwrap_or_default(),
        report.period.from,
        report.period.to
    )];
    let head = format!("{title} · {scope} · {period}");
    Ok(d.finish(keywords, move |p, n| match lang {
        Lang::Zh => format!("{head}    第 {p} 页 共 {n} 页"),
        Lang::En => format!("{head}    Page {p} of {n}"),
    }))
}

/// A value with its unit: `95.3%`, `1,234.5 t`.
pub fn with_unit(v: f64, decimals: u8, unit: &str) -> String {
    let n = format_number(v, decimals);
    if unit.is_empty() {
        n
    } else if unit == "%" || unit == "‰" {
        format!("{n}{unit}")
    } else {
        format!("{n} {unit}")
    }
}

/// Text fixed by the PDF itself, in the report's language.
fn tr(lang: Lang, zh: &'static str, en: &'static str) -> &'static str {
    lang.pick(zh, en)
}

fn centred(d: &mut Doc, size: f32, s: &str) {
    for line in super::pdf_grid::wrap(s, TEXT_W, size) {
        d.y -= size * 1.3;
        let y = d.y;
        d.text_at((PAGE_W - measure(&line, size)) / 2.0, y, size, &line);
    }
}

fn period_span(lang: Lang, p: &super::model::Period) -> String {
    match lang {
        Lang::Zh => format!("{}（{} 至 {}）", p.label_zh, p.from, p.to),
        Lang::En => format!("{} ({} to {})", p.label_en, p.from, p.to),
    }
}

fn title_block(d: &mut Doc, r: &SummaryReport, lang: Lang) {
    centred(d, 16.0, lang.pick(&r.title_zh, &r.title_en));
    d.y -= 4.0;
    let sub = format!(
        "{} · {}",
        lang.pick(&r.scope_zh, &r.scope_en),
        lang.pick(&r.period.label_zh, &r.period.label_en)
    );
    centred(d, 12.0, &sub);
    d.y -= 8.0;
    let baseline = match &r.baseline {
        Some(b) => period_span(lang, b),
        None => tr(lang, "未设基准年", "No baseline year set").to_string(),
    };
    let complete = if r.completeness_zh.is_empty() && r.completeness_en.is_empty() {
        tr(lang, "数据完整", "Complete").to_string()
    } else {
        let lines = match lang {
            Lang::Zh => &r.completeness_zh,
            Lang::En => &r.completeness_en,
        };
        lines.join("\n")
    };
    let rows = vec![
        vec![
            tr(lang, "统计范围", "Scope").to_string(),
            lang.pick(&r.scope_zh, &r.scope_en).to_string(),
        ],
        vec![
            tr(lang, "统计期", "Period").to_string(),
            period_span(lang, &r.period),
        ],
        vec![tr(lang, "基准期", "Baseline period").to_string(), baseline],
        vec![
            tr(lang, "数据截至", "Data as of").to_string(),
            r.as_of.clone(),
        ],
        vec![
            tr(lang, "生成时间", "Built at").to_string(),
            r.built_at.clone(),
        ],
        vec![tr(lang, "完整性", "Completeness").to_string(), complete],
    ];
    Grid {
        widths: spread(&[1.0, 4.0]),
        header: vec![
            tr(lang, "项目", "Item").to_string(),
            tr(lang, "内容", "Details").to_string(),
        ],
        align: vec![Align::Left, Align::Left],
        rows: &rows,
        size: BODY,
    }
    .draw(d);
}

const ZH_NUMERALS: [&str; 20] = [
    "一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二", "十三", "十四",
    "十五", "十六", "十七", "十八", "十九", "二十",
];

fn heading(d: &mut Doc, i: usize, s: &Section, lang: Lang) {
    // A heading keeps the start of what follows on its page.
    d.need(150.0);
    d.y -= 22.0;
    let text = match lang {
        Lang::Zh => match ZH_NUMERALS.get(i) {
            Some(n) => format!("{n}、{}", s.title_zh),
            None => format!("{}. {}", i + 1, s.title_zh),
        },
        Lang::En => format!("{}. {}", i + 1, s.title_en),
    };
    let y = d.y;
    d.text_at(MARGIN, y, 13.0, &text);
    d.y -= 8.0;
}

fn subheading(d: &mut Doc, s: &str) {
    d.need(50.0);
    d.y -= 14.0;
    let y = d.y;
    d.text_at(MARGIN, y, 10.5, s);
    d.y -= 6.0;
}

/// The cells of a figure's row: figure, value, baseline, target, formula, period, settings,
/// completeness.
pub fn figure_row(f: &Figure, r: &SummaryReport, lang: Lang) -> Vec<String> {
    let unit = lang.pick(&f.unit_zh, &f.unit_en);
    let missing = lang.pick(&f.missing_zh, &f.missing_en);
    let value = match f.value {
        Some(v) => with_unit(v, f.decimals, unit),
        None if missing.is_empty() => tr(lang, "未计算", "Not computed").to_string(),
        None => format!("{}{missing}", tr(lang, "未计算：", "Not computed: ")),
    };
    let baseline = match f.baseline {
        Some(v) => with_unit(v, f.decimals, unit),
        None => "—".into(),
    };
    let target = match &f.target {
        None => "—".into(),
        Some(t) => {
            let met = match t.met {
                Some(true) => tr(lang, "，已达到", ", met"),
                Some(false) => tr(lang, "，未达到", ", not met"),
                None => "",
            };
            // The English name of the source when it has one, else its own name.
            let src = match lang {
                Lang::En if !t.source_en.trim().is_empty() => &t.source_en,
                _ => &t.source,
            };
            let source = if src.trim().is_empty() {
                String::new()
            } else {
                match lang {
                    Lang::Zh => format!("；来源：{src}"),
                    Lang::En => format!("; source: {src}"),
                }
            };
            format!("{}{met}{source}", with_unit(t.value, f.decimals, unit))
        }
    };
    let settings = if f.settings.is_empty() {
        "—".into()
    } else {
        f.settings
            .iter()
            .map(|s| {
                format!(
                    "{}{}{}",
                    lang.pick(&s.label_zh, &s.label_en),
                    tr(lang, "：", ": "),
                    s.value
                )
            })
            .collect::<Vec<_>>()
            .join(tr(lang, "；", "; "))
    };
    let complete = if missing.is_empty() {
        tr(lang, "完整", "Complete").to_string()
    } else {
        missing.to_string()
    };
    vec![
        lang.pick(&f.label_zh, &f.label_en).to_string(),
        value,
        baseline,
        target,
        lang.pick(&f.formula_zh, &f.formula_en).to_string(),
        lang.pick(&r.period.label_zh, &r.period.label_en)
            .to_string(),
        settings,
        complete,
    ]
}

fn figures(d: &mut Doc, r: &SummaryReport, s: &Section, lang: Lang) {
    if s.figures.is_empty() {
        return;
    }
    let rows: Vec<Vec<String>> = s.figures.iter().map(|f| figure_row(f, r, lang)).collect();
    let header = match lang {
        Lang::Zh => [
            "指标",
            "数值",
            "基准年同期",
            "目标",
            "公式",
            "统计期",
            "所用参数",
            "完整性",
        ],
        Lang::En => [
            "Figure",
            "Value",
            "Baseline",
            "Target",
            "Formula",
            "Period",
            "Settings used",
            "Completeness",
        ],
    };
    Grid {
        widths: spread(&[1.2, 1.25, 1.25, 1.2, 1.4, 0.7, 1.2, 1.1]),
        header: header.iter().map(|h| h.to_string()).collect(),
        align: vec![
            Align::Left,
            Align::Right,
            Align::Right,
            Align::Left,
            Align::Left,
            Align::Left,
            Align::Left,
            Align::Left,
        ],
        rows: &rows,
        size: SMALL,
    }
    .draw(d);
}

/// The text of one table value.
pub fn cell_text(v: &Value, decimals: u8, lang: Lang) -> String {
    match v {
        Value::Text(s) => s.clone(),
        Value::Label { zh, en } => lang.pick(zh, en).to_string(),
        Value::Number(n) => format_number(*n, decimals),
        Value::Missing => "—".into(),
    }
}

fn table(d: &mut Doc, t: &Table, lang: Lang) {
    subheading(d, lang.pick(&t.title_zh, &t.title_en));
    let header: Vec<String> = t
        .columns
        .iter()
        .map(|c| {
            let title = lang.pick(&c.title_zh, &c.title_en);
            match (c.unit.is_empty(), lang) {
                (true, _) => title.to_string(),
                (false, Lang::Zh) => format!("{title}（{}）", c.unit),
                (false, Lang::En) => format!("{title} ({})", c.unit),
            }
        })
        .collect();
    let rows: Vec<Vec<String>> = t
        .rows
        .iter()
        .map(|r| {
            t.columns
                .iter()
                .enumerate()
                .map(|(i, c)| {
                    r.get(i)
                        .map_or_else(String::new, |v| cell_text(v, c.decimals, lang))
                })
                .collect()
        })
        .collect();
    let size = if t.columns.len() > 7 {
        SMALL
    } else {
        SMALL + 0.5
    };
    // Each column as wide as its widest text (from a sample of rows), within bounds.
    let weights: Vec<f32> = header
        .iter()
        .enumerate()
        .map(|(i, h)| {
            rows.iter()
                .take(300)
                .filter_map(|r| r.get(i))
                .map(|s| measure(s, size))
                .fold(measure(h, size) * 0.7, f32::max)
                .clamp(30.0, 180.0)
        })
        .collect();
    let align = t
        .rows
        .iter()
        .fold(vec![true; t.columns.len()], |mut num, r| {
            for (i, v) in r.iter().enumerate().take(num.len()) {
                num[i] &= matches!(v, Value::Number(_) | Value::Missing);
            }
            num
        })
        .into_iter()
        .map(|num| {
            if num && !t.rows.is_empty() {
                Align::Right
            } else {
                Align::Left
            }
        })
        .collect();
    if rows.is_empty() {
        d.para(MARGIN, BODY, tr(lang, "（无数据）", "(no data)"));
        return;
    }
    Grid {
        widths: spread(&weights),
        header,
        align,
        rows: &rows,
        size,
    }
    .draw(d);
}

fn section(d: &mut Doc, r: &SummaryReport, s: &Section, i: usize, lang: Lang) {
    heading(d, i, s, lang);
    figures(d, r, s, lang);
    for t in &s.tables {
        table(d, t, lang);
    }
    for c in &s.charts {
        pdf_chart::draw(d, c, lang);
    }
    let notes = match lang {
        Lang::Zh => &s.notes_zh,
        Lang::En => &s.notes_en,
    };
    if !notes.is_empty() {
        d.y -= 4.0;
        for n in notes {
            d.para(
                MARGIN,
                SMALL + 0.5,
                &format!("{}{n}", tr(lang, "注：", "Note: ")),
            );
        }
    }
}

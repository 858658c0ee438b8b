//! A report as one CSV file (UTF-8 with a BOM, CRLF), every line led by three columns that
//! say what it is — `section`, `part`, `item` — then its values:
//!
//! - `report,header,<label>,<value>`: the header block (title, scope, period, baseline,
//!   as-of, completeness);
//! - `<section>,figure_head,,<headings…>` then `<section>,figure,<key>,<values…>`: the
//!   figures (key, figure, value, unit, baseline, target, met, source, formula, settings,
//!   completeness);
//! - `<section>,table_head,<table>,<title>,<headings with units…>` then
//!   `<section>,table_row,<table>,,<values…>`;
//! - `<section>,chart_head,<chart>,<title>,<labels…>` then
//!   `<section>,chart_series,<chart>,<series>,<values…>`;
//! - `<section>,note,,<text>`.
//!
//! Numbers are plain decimals; a figure not computed is empty. Text goes through
//! [`crate::text::csv_field`], so nothing is run as a formula by a spreadsheet.

use std::io::Write;
use std::path::Path;

use super::model::{Lang, SummaryReport};
use super::text::{figure_heads, figure_row, header, heading, number, value_text};
use crate::error::Result;
use crate::text::csv_field;

/// The report as CSV text in `lang`.
pub fn to_string(r: &SummaryReport, lang: Lang) -> String {
    let mut out = String::from("\u{feff}");
    // A field that reads as a number is written as one (a negative change is not a formula).
    let mut line = |fields: Vec<String>| {
        let cells: Vec<String> = fields
            .iter()
            .map(|f| csv_field(f, f.parse::<f64>().is_ok()))
            .collect();
        out.push_str(&cells.join(","));
        out.push_str("\r\n");
    };
    let lead = |s: &str, p: &str, i: &str| vec![s.to_string(), p.to_string(), i.to_string()];
    line(vec![
        "section".into(),
        "part".into(),
        "item".into(),
        lang.pick("值", "values").into(),
    ]);
    for (k, v) in header(r, lang) {
        let mut l = lead("report", "header", &k);
        l.push(v);
        line(l);
    }
    for s in &r.sections {
        let mut l = lead(&s.key, "title", "");
        l.push(lang.pick(&s.title_zh, &s.title_en).into());
        line(l);
        let mut l = lead(&s.key, "figure_head", "");
        l.extend(figure_heads(lang));
        line(l);
        for f in &s.figures {
            let mut l = lead(&s.key, "figure", &f.key);
            l.extend(figure_row(f, lang).iter().map(|v| value_text(v, lang)));
            line(l);
        }
        for t in &s.tables {
            let mut l = lead(&s.key, "table_head", &t.key);
            l.push(lang.pick(&t.title_zh, &t.title_en).into());
            l.extend(
                t.columns
                    .iter()
                    .map(|c| heading(&c.title_zh, &c.title_en, &c.unit, lang)),
            );
            line(l);
            for row in &t.rows {
                let mut l = lead(&s.key, "table_row", &t.key);
                l.push(String::new());
                l.extend(row.iter().map(|v| value_text(v, lang)));
                line(l);
            }
        }
        for c in &s.charts {
            let mut l = lead(&s.key, "chart_head", &c.key);
            l.push(heading(&c.title_zh, &c.title_en, &c.unit, lang));
            l.extend(match lang {
                Lang::Zh => c.labels_zh.clone(),
                Lang::En => c.labels_en.clone(),
            });
            line(l);
            for se in &c.series {
                let mut l = lead(&s.key, "chart_series", &c.key);
                l.push(lang.pick(&se.name_zh, &se.name_en).into());
                l.extend(se.values.iter().map(|v| v.map(number).unwrap_or_default()));
                line(l);
            }
        }
        let notes = match lang {
            Lang::Zh => &s.notes_zh,
            Lang::En => &s.notes_en,
        };
        for n in notes {
            let mut l = lead(&s.key, "note", "");
            l.push(n.clone());
            line(l);
        }
    }
    out
}

/// Writes the report as CSV to `path`.
pub fn write(r: &SummaryReport, lang: Lang, path: &Path) -> Result<()> {
    let mut f = std::fs::File::create(path)?;
    f.write_all(to_string(r, lang).as_bytes())?;
    Ok(())
}

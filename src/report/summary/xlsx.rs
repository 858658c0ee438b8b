//! A report as an Excel workbook: a sheet "Report" (报表) with the header block — scope,
//! period, baseline, as-of, completeness — then a sheet per section: its figures (value,
//! baseline and target stored as numbers, the formula and the settings used beside them), its
//! tables (units in the headings, numbers as numbers), its charts' data and its notes.

use std::path::Path;

use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};

use super::model::{Lang, SummaryReport, Value};
use super::text::{figure_heads, figure_row, header, heading};
use crate::error::{Error, Result};

fn xe(e: XlsxError) -> Error {
    match e {
        XlsxError::IoError(io) => Error::Io(io),
        e => Error::Io(std::io::Error::other(e.to_string())),
    }
}

struct Formats {
    bold: Format,
    head: Format,
    text: Format,
    quoted: Format,
    num: Vec<Format>,
}

/// A sheet name: at most 31 characters, none of `[]:*?/\'`.
fn sheet_name(title: &str) -> String {
    title
        .chars()
        .filter(|c| !"[]:*?/\\'".contains(*c))
        .take(31)
        .collect()
}

struct Sheet<'a> {
    ws: &'a mut Worksheet,
    row: u32,
    f: &'a Formats,
}

impl Sheet<'_> {
    fn text(&mut self, col: u16, s: &str, bold: bool) -> Result<()> {
        let fmt = if bold {
            &self.f.bold
        } else if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
            &self.f.quoted
        } else {
            &self.f.text
        };
        self.ws
            .write_string_with_format(self.row, col, s, fmt)
            .map_err(xe)?;
        Ok(())
    }

    fn heads(&mut self, from: u16, heads: &[String]) -> Result<()> {
        for (i, h) in heads.iter().enumerate() {
            self.ws
                .write_string_with_format(self.row, from + i as u16, h, &self.f.head)
                .map_err(xe)?;
        }
        self.row += 1;
        Ok(())
    }

    fn value(&mut self, col: u16, v: &Value, decimals: u8, lang: Lang) -> Result<()> {
        match v {
            Value::Number(x) if x.is_finite() => {
                let fmt = &self.f.num[(decimals as usize).min(6)];
                self.ws
                    .write_number_with_format(self.row, col, *x, fmt)
                    .map_err(xe)?;
            }
            Value::Number(_) | Value::Missing => {}
            Value::Text(s) => self.text(col, s, false)?,
            Value::Label { zh, en } => self.text(col, lang.pick(zh, en), false)?,
        }
        Ok(())
    }
}

/// Writes the report as XLSX to `path` in `lang`.
pub fn write(r: &SummaryReport, lang: Lang, path: &Path) -> Result<()> {
    let mut book = Workbook::new();
    let f = Formats {
        bold: Format::new().set_bold(),
        head: Format::new()
            .set_bold()
            .set_background_color(0xE7EEF7)
            .set_text_wrap(),
        text: Format::new().set_num_format("@"),
        quoted: Format::new().set_num_format("@").set_quote_prefix(),
        num: (0..=6)
            .map(|n| {
                Format::new().set_num_format(if n == 0 {
                    "#,##0".to_string()
                } else {
                    format!("#,##0.{}", "0".repeat(n))
                })
            })
            .collect(),
    };
    {
        let ws = book.add_worksheet();
        ws.set_name(lang.pick("报表", "Report")).map_err(xe)?;
        ws.set_column_width(0, 14).map_err(xe)?;
        ws.set_column_width(1, 80).map_err(xe)?;
        let mut s = Sheet { ws, row: 0, f: &f };
        for (k, v) in header(r, lang) {
            s.text(0, &k, true)?;
            s.text(1, &v, false)?;
            s.row += 1;
        }
    }
    for sec in &r.sections {
        let ws = book.add_worksheet();
        let name = match lang {
            Lang::Zh => sheet_name(&sec.title_zh),
            Lang::En => sheet_name(&sec.key),
        };
        ws.set_name(name).map_err(xe)?;
        ws.set_column_width(0, 26).map_err(xe)?;
        ws.set_column_width(1, 30).map_err(xe)?;
        for c in 2..8 {
            ws.set_column_width(c, 14).map_err(xe)?;
        }
        let mut s = Sheet { ws, row: 0, f: &f };
        s.text(0, lang.pick(&sec.title_zh, &sec.title_en), true)?;
        s.row += 1;
        for (k, v) in header(r, lang).into_iter().skip(1).take(4) {
            s.text(0, &k, false)?;
            s.text(1, &v, false)?;
            s.row += 1;
        }
        s.row += 1;
        s.heads(0, &figure_heads(lang))?;
        for fig in &sec.figures {
            for (c, v) in figure_row(fig, lang).iter().enumerate() {
                s.value(c as u16, v, fig.decimals, lang)?;
            }
            s.row += 1;
        }
        for t in &sec.tables {
            s.row += 1;
            s.text(0, lang.pick(&t.title_zh, &t.title_en), true)?;
            s.row += 1;
            let heads: Vec<String> = t
                .columns
                .iter()
                .map(|c| heading(&c.title_zh, &c.title_en, &c.unit, lang))
                .collect();
            s.heads(0, &heads)?;
            for row in &t.rows {
                for (c, v) in row.iter().enumerate() {
                    let d = t.columns.get(c).map_or(0, |x| x.decimals);
                    s.value(c as u16, v, d, lang)?;
                }
                s.row += 1;
            }
        }
        for ch in &sec.charts {
            s.row += 1;
            s.text(
                0,
                &heading(&ch.title_zh, &ch.title_en, &ch.unit, lang),
                true,
            )?;
            s.row += 1;
            let labels = match lang {
                Lang::Zh => &ch.labels_zh,
                Lang::En => &ch.labels_en,
            };
            let mut heads = vec![lang.pick("系列", "Series").to_string()];
            heads.extend(labels.iter().cloned());
            s.heads(0, &heads)?;
            for se in &ch.series {
                s.text(0, lang.pick(&se.name_zh, &se.name_en), false)?;
                for (c, v) in se.values.iter().enumerate() {
                    if let Some(x) = v {
                        s.value(c as u16 + 1, &Value::Number(*x), 3, lang)?;
                    }
                }
                s.row += 1;
            }
        }
        let notes = match lang {
            Lang::Zh => &sec.notes_zh,
            Lang::En => &sec.notes_en,
        };
        if !notes.is_empty() {
            s.row += 1;
        }
        for n in notes {
            s.text(0, n, false)?;
            s.row += 1;
        }
    }
    book.save(path).map_err(xe)?;
    Ok(())
}

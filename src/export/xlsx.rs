//! Tables as Excel workbooks: one sheet, the title, filters and as-of time on the first three
//! rows, Chinese then English headings (bold, frozen), then the rows. Numbers are stored as
//! numbers with a number format (quantities `#,##0.000`, rates `0.0`, counts `0`), dates as
//! dates, times as times, text as text — text that looks like a formula too, written as a
//! string with Excel's quote prefix, so it is shown and never run. Column widths follow the
//! longest value seen. Rows stream through rust_xlsxwriter's constant-memory mode.

use std::path::Path;

use rust_xlsxwriter::{Format as CellFormat, Workbook, Worksheet, XlsxError};

use super::{ColumnKind, Sink, TableHead, Value, HEADING_ROWS};
use crate::error::{Error, Result};

/// Writes a table into a workbook as rows arrive; [`XlsxSink::save`] writes the file.
pub struct XlsxSink {
    book: Workbook,
    head: Option<TableHead>,
    next_row: u32,
    widths: Vec<usize>,
    formats: Formats,
}

struct Formats {
    title: CellFormat,
    heading: CellFormat,
    text: CellFormat,
    quoted: CellFormat,
    integer: CellFormat,
    decimals: Vec<CellFormat>,
    date: CellFormat,
    datetime: CellFormat,
}

impl Formats {
    fn new() -> Formats {
        let dec = |n: usize| {
            let f = if n == 0 {
                "#,##0".to_string()
            } else {
                format!("#,##0.{}", "0".repeat(n))
            };
            CellFormat::new().set_num_format(f)
        };
        Formats {
            title: CellFormat::new().set_bold(),
            heading: CellFormat::new()
                .set_bold()
                .set_background_color(0xE7EEF7)
                .set_text_wrap(),
            text: CellFormat::new().set_num_format("@"),
            quoted: CellFormat::new().set_num_format("@").set_quote_prefix(),
            integer: CellFormat::new().set_num_format("0"),
            decimals: (0..=6).map(dec).collect(),
            date: CellFormat::new().set_num_format("yyyy-mm-dd"),
            datetime: CellFormat::new().set_num_format("yyyy-mm-dd hh:mm"),
        }
    }
}

fn xe(e: XlsxError) -> Error {
    match e {
        XlsxError::IoError(io) => Error::Io(io),
        e => Error::Io(std::io::Error::other(e.to_string())),
    }
}

/// Display width of text: CJK characters count double.
fn width(s: &str) -> usize {
    s.chars()
        .map(|c| if (c as u32) >= 0x2E80 { 2 } else { 1 })
        .sum()
}

/// Whether a spreadsheet would read the text as a formula.
fn formula_like(s: &str) -> bool {
    s.starts_with(['=', '+', '-', '@', '\t', '\r'])
}

impl XlsxSink {
    /// A new workbook with one constant-memory sheet.
    pub fn new() -> Result<XlsxSink> {
        let mut book = Workbook::new();
        book.add_worksheet_with_constant_memory().map_err(xe)?;
        Ok(XlsxSink {
            book,
            head: None,
            next_row: 0,
            widths: Vec::new(),
            formats: Formats::new(),
        })
    }

    /// Sets the column widths and writes the workbook to `path`.
    pub fn save(mut self, path: &Path) -> Result<TableHead> {
        let widths = std::mem::take(&mut self.widths);
        let sheet = sheet(&mut self.book)?;
        for (i, w) in widths.iter().enumerate() {
            let w = (*w as f64 + 2.0).clamp(6.0, 60.0);
            sheet.set_column_width(i as u16, w).map_err(xe)?;
        }
        self.book.save(path).map_err(xe)?;
        Ok(self.head.unwrap_or_else(|| TableHead::new("", "", &[])))
    }

    fn seen(&mut self, col: usize, w: usize) {
        if self.widths.len() <= col {
            self.widths.resize(col + 1, 0);
        }
        self.widths[col] = self.widths[col].max(w);
    }
}

fn sheet(book: &mut Workbook) -> Result<&mut Worksheet> {
    book.worksheet_from_index(0).map_err(xe)
}

/// A sheet name from a title: at most 31 characters, none of `[]:*?/\`.
fn sheet_name(title: &str) -> String {
    let n: String = title
        .chars()
        .filter(|c| !"[]:*?/\\'".contains(*c))
        .take(31)
        .collect();
    if n.trim().is_empty() {
        "Sheet1".into()
    } else {
        n
    }
}

impl Sink for XlsxSink {
    fn head(&mut self, head: &TableHead) -> Result<()> {
        let f = &self.formats;
        let name = sheet_name(&head.title_zh);
        let sheet = sheet(&mut self.book)?;
        sheet.set_name(name).map_err(xe)?;
        for (r, line) in head.meta_lines().iter().enumerate() {
            let fmt = if r == 0 { &f.title } else { &f.text };
            sheet
                .write_string_with_format(r as u32, 0, line, fmt)
                .map_err(xe)?;
        }
        for (c, col) in head.columns.iter().enumerate() {
            sheet
                .write_string_with_format(3, c as u16, &col.zh, &f.heading)
                .map_err(xe)?;
        }
        for (c, col) in head.columns.iter().enumerate() {
            sheet
                .write_string_with_format(4, c as u16, &col.en, &f.heading)
                .map_err(xe)?;
        }
        sheet.set_freeze_panes(HEADING_ROWS, 0).map_err(xe)?;
        for (c, col) in head.columns.iter().enumerate() {
            self.seen(c, width(&col.zh).max(width(&col.en)).min(24));
        }
        self.head = Some(head.clone());
        self.next_row = HEADING_ROWS;
        Ok(())
    }

    fn row(&mut self, row: &[Value]) -> Result<()> {
        let r = self.next_row;
        self.next_row += 1;
        let kinds: Vec<ColumnKind> = self
            .head
            .as_ref()
            .map(|h| h.columns.iter().map(|c| c.kind).collect())
            .unwrap_or_default();
        let f = &self.formats;
        let mut seen = Vec::with_capacity(row.len());
        {
            let sheet = sheet(&mut self.book)?;
            for (c, v) in row.iter().enumerate() {
                let col = c as u16;
                let kind = kinds.get(c).copied().unwrap_or(ColumnKind::Text);
                let w = match v {
                    Value::Empty => 0,
                    Value::Text(s) => {
                        let fmt = if formula_like(s) { &f.quoted } else { &f.text };
                        sheet.write_string_with_format(r, col, s, fmt).map_err(xe)?;
                        width(s)
                    }
                    Value::Date(d) => {
                        sheet
                            .write_datetime_with_format(r, col, d, &f.date)
                            .map_err(xe)?;
                        10
                    }
                    Value::DateTime(t) => {
                        sheet
                            .write_datetime_with_format(r, col, t, &f.datetime)
                            .map_err(xe)?;
                        16
                    }
                    n => match n.number() {
                        Some(x) => {
                            let fmt = match kind {
                                ColumnKind::Decimal(d) => &f.decimals[(d as usize).min(6)],
                                _ => &f.integer,
                            };
                            sheet.write_number_with_format(r, col, x, fmt).map_err(xe)?;
                            n.number_text().map_or(0, |t| t.len() + t.len() / 3 + 4)
                        }
                        None => 0,
                    },
                };
                seen.push(w);
            }
        }
        for (c, w) in seen.into_iter().enumerate() {
            self.seen(c, w);
        }
        Ok(())
    }
}

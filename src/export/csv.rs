//! Tables as CSV: UTF-8 with a BOM (Excel then reads Chinese correctly), CRLF line ends,
//! the title, filters and as-of time on the first three rows, Chinese then English
//! headings, then the rows. Text goes through [`crate::text::csv_field`], so a value
//! starting with `=`, `+`, `-` or `@` is shown by a spreadsheet, never run; numbers are
//! plain decimals (no grouping) and dates ISO.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;

use super::{Sink, TableHead, Value};
use crate::error::Result;
use crate::text::{csv_field, csv_line};

/// Writes a table to a CSV file as rows arrive.
pub struct CsvSink<W: Write = BufWriter<File>> {
    out: W,
    head: Option<TableHead>,
    line: String,
}

impl CsvSink {
    /// A sink writing to a new file at `path`.
    pub fn create(path: &Path) -> Result<CsvSink> {
        Ok(CsvSink::to(BufWriter::with_capacity(
            1 << 16,
            File::create(path)?,
        )))
    }
}

impl<W: Write> CsvSink<W> {
    /// A sink writing to `out`.
    pub fn to(out: W) -> CsvSink<W> {
        CsvSink {
            out,
            head: None,
            line: String::new(),
        }
    }

    /// Flushes the file and gives back the head it was written with.
    pub fn finish(mut self) -> Result<TableHead> {
        self.out.flush()?;
        Ok(self.head.unwrap_or_else(|| TableHead::new("", "", &[])))
    }

    /// The writer (tests).
    pub fn into_inner(self) -> W {
        self.out
    }
}

/// One value as CSV text.
pub fn cell_text(v: &Value) -> String {
    match v {
        Value::Empty => String::new(),
        Value::Text(s) => csv_field(s, false),
        Value::Date(d) => d.format("%Y-%m-%d").to_string(),
        Value::DateTime(t) => t.format("%Y-%m-%d %H:%M").to_string(),
        // A figure that cannot be a number (an infinite rate) is left empty.
        n => n
            .number_text()
            .map(|t| csv_field(&t, true))
            .unwrap_or_default(),
    }
}

impl<W: Write> Sink for CsvSink<W> {
    fn head(&mut self, head: &TableHead) -> Result<()> {
        self.out.write_all(b"\xEF\xBB\xBF")?;
        for l in head.meta_lines() {
            self.out.write_all(csv_line(&[l]).as_bytes())?;
        }
        let zh: Vec<&str> = head.columns.iter().map(|c| c.zh.as_str()).collect();
        let en: Vec<&str> = head.columns.iter().map(|c| c.en.as_str()).collect();
        self.out.write_all(csv_line(&zh).as_bytes())?;
        self.out.write_all(csv_line(&en).as_bytes())?;
        self.head = Some(head.clone());
        Ok(())
    }

    fn row(&mut self, row: &[Value]) -> Result<()> {
        self.line.clear();
        for (i, v) in row.iter().enumerate() {
            if i > 0 {
                self.line.push(',');
            }
            self.line.push_str(&cell_text(v));
        }
        self.line.push_str("\r\n");
        self.out.write_all(self.line.as_bytes())?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::{Column, ColumnKind};

    fn written(rows: &[Vec<Value>]) -> String {
        let mut s = CsvSink::to(Vec::new());
        let head = TableHead::new("测试", "Test", &[("类型", "kind", "小区")]).with(vec![
            Column::new("名称", "Name", ColumnKind::Text),
            Column::new("产生量（千克）", "Generated (kg)", ColumnKind::Decimal(3)),
        ]);
        s.head(&head).unwrap();
        for r in rows {
            s.row(r).unwrap();
        }
        String::from_utf8(s.into_inner()).unwrap()
    }

    #[test]
    fn csv_starts_with_a_bom_then_title_filters_and_both_headings() {
        let t = written(&[vec![Value::Text("甲".into()), Value::Fixed(12_500, 3)]]);
        assert!(t.starts_with('\u{FEFF}'));
        let lines: Vec<&str> = t.trim_start_matches('\u{FEFF}').split("\r\n").collect();
        assert_eq!(lines[0], "测试 Test");
        assert!(lines[1].contains("类型 kind = 小区"), "{}", lines[1]);
        assert!(lines[2].starts_with("数据截至 As of："));
        assert_eq!(lines[3], "名称,产生量（千克）");
        assert_eq!(lines[4], "Name,Generated (kg)");
        assert_eq!(lines[5], "甲,12.5");
    }

    #[test]
    fn formula_text_is_escaped_and_negative_numbers_are_not() {
        let t = written(&[vec![Value::Text("=1+1".into()), Value::Fixed(-1500, 3)]]);
        assert!(t.contains("\r\n'=1+1,-1.5\r\n"), "{t}");
    }
}

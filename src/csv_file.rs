//! Reading the CSV files clerks import, the one reader every import uses.
//!
//! - Encodings: UTF-8 (with or without Excel's BOM), UTF-16 with its BOM (what Excel saves
//!   as "Unicode text", tab-separated) and GB18030 (Excel's "CSV" on a Chinese Windows). A
//!   file in none of them is refused in Chinese with the fix (save as "CSV UTF-8").
//! - Delimiter: a comma, or a tab when the header row has tabs and no commas.
//! - Row numbers are the rows a spreadsheet shows: a line break inside a quoted cell stays
//!   in its row, blank lines count, and CR, LF and CRLF all end a row.
//! - A file cut short: a last row without its line end whose quote is left open or whose
//!   fields are fewer than the header's is refused, naming the row, and so is a row cut in
//!   the middle of a character.
//! - Headers are English keys or Chinese column names; unknown headers and missing required
//!   columns refuse the file.
//! - A refusal lists at most [`MAX_ERRORS`] problems and counts the rest.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use rusqlite::{Connection, OptionalExtension};
use serde::Serialize;

use crate::db::Writer;
use crate::error::{Error, FieldError, Result, Rule};

/// How many problems an import lists before it only counts them.
pub const MAX_ERRORS: usize = 100;

/// A file's text and what reading it found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    /// The text.
    pub text: String,
    /// The bytes ended in the middle of a character: the file was cut short.
    pub cut: bool,
}

/// Decodes a file's bytes: UTF-8 (BOM stripped), UTF-16 (by its BOM, or little-endian
/// ASCII-led text without one), or GB18030.
pub fn decode(bytes: &[u8]) -> Result<Decoded> {
    let utf16 = |enc: &'static encoding_rs::Encoding, b: &[u8]| -> Result<Decoded> {
        let cut = b.len() % 2 == 1;
        let b = &b[..b.len() - usize::from(cut)];
        let (s, bad) = enc
            .decode_without_bom_handling_and_without_replacement(b)
            .map_or((String::new(), true), |s| (s.into_owned(), false));
        if bad {
            return Err(encoding_error());
        }
        Ok(Decoded { text: s, cut })
    };
    if let Some(b) = bytes.strip_prefix(b"\xFF\xFE") {
        return utf16(encoding_rs::UTF_16LE, b);
    }
    if let Some(b) = bytes.strip_prefix(b"\xFE\xFF") {
        return utf16(encoding_rs::UTF_16BE, b);
    }
    if bytes.len() >= 4 && bytes[1] == 0 && bytes[3] == 0 && bytes[0] != 0 {
        return utf16(encoding_rs::UTF_16LE, bytes);
    }
    let b = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(b) {
        Ok(s) => Ok(Decoded {
            text: s.to_string(),
            cut: false,
        }),
        // Valid up to a character cut at the very end.
        Err(e) if e.error_len().is_none() => Ok(Decoded {
            text: String::from_utf8_lossy(&b[..e.valid_up_to()]).into_owned(),
            cut: true,
        }),
        Err(_) => {
            let gb = |b: &[u8]| {
                encoding_rs::GB18030
                    .decode_without_bom_handling_and_without_replacement(b)
                    .map(|s| s.into_owned())
            };
            if let Some(text) = gb(b) {
                return Ok(Decoded { text, cut: false });
            }
            // A GB18030 character cut at the end: one to three bytes that begin one.
            let lead = |x: u8| (0x81..=0xFE).contains(&x);
            let digit = |x: u8| x.is_ascii_digit();
            for k in 1..=3.min(b.len()) {
                let t = &b[b.len() - k..];
                let begins = lead(t[0]) && (k < 2 || digit(t[1])) && (k < 3 || lead(t[2]));
                if begins {
                    if let Some(text) = gb(&b[..b.len() - k]) {
                        return Ok(Decoded { text, cut: true });
                    }
                }
            }
            Err(encoding_error())
        }
    }
}

fn encoding_error() -> Error {
    Error::ImportRejected(vec![FieldError::new(None, "file", Rule::Encoding, &[])])
}

/// Reads a text file (see [`decode`]); a file cut in the middle of a character keeps its
/// text up to the cut, and [`rows`] then refuses its last row.
pub fn read_text(path: &Path) -> Result<String> {
    read_text_of(&std::fs::read(path)?)
}

/// [`read_text`] of bytes already read.
pub fn read_text_of(bytes: &[u8]) -> Result<String> {
    let d = decode(bytes)?;
    Ok(if d.cut {
        // A marker no spreadsheet writes: the last row then reads as cut.
        format!("{}{CUT}", d.text)
    } else {
        d.text
    })
}

use crate::csv_stream::{Record, RecordReader, RowReader, CUT};

/// Splits CSV text into records (see [`RecordReader`]).
fn records(text: &str, delim: char) -> Vec<Record> {
    RecordReader::new(text.chars(), delim).collect()
}

/// One data row: its row in the spreadsheet and its cells by column key.
pub struct Row {
    /// The spreadsheet's row number (the header is row 1).
    pub line: usize,
    index: Arc<HashMap<&'static str, usize>>,
    values: Vec<String>,
}

impl Row {
    /// A row of `values`, one per column of the file's `index` (key → position).
    pub(crate) fn new(
        line: usize,
        index: Arc<HashMap<&'static str, usize>>,
        values: Vec<String>,
    ) -> Self {
        Row {
            line,
            index,
            values,
        }
    }

    /// The cell of column `key`, or "" when the file has no such column.
    pub fn get(&self, key: &str) -> String {
        self.get_ref(key).to_string()
    }

    /// The cell of column `key`, borrowed.
    pub fn get_ref(&self, key: &str) -> &str {
        self.index
            .get(key)
            .and_then(|i| self.values.get(*i))
            .map_or("", String::as_str)
    }

    /// Whether the file has column `key`.
    pub fn has(&self, key: &str) -> bool {
        self.index.contains_key(key)
    }
}

/// Parses CSV text whose headers are among `columns` (key, Chinese heading). Unknown
/// headers and missing `required` columns refuse the file; blank rows are skipped (and
/// counted); a last row cut short is refused.
pub fn rows(
    text: &str,
    columns: &[(&'static str, &'static str)],
    required: &[&str],
) -> Result<Vec<Row>> {
    let mut it = text.chars();
    let (delim, _) = crate::csv_stream::delimiter(&mut it);
    rows_of_records(records(text, delim), columns, required)
}

/// [`rows`] of a spreadsheet's rows already read as text (an XLSX sheet): each with its row
/// number; the same headers, checks and messages as a CSV file.
pub fn rows_of_sheet(
    sheet: Vec<(usize, Vec<String>)>,
    columns: &[(&'static str, &'static str)],
    required: &[&str],
) -> Result<Vec<Row>> {
    let recs = sheet
        .into_iter()
        .map(|(row, fields)| Record {
            row,
            fields,
            ended: true,
            open_quote: false,
        })
        .collect();
    rows_of_records(recs, columns, required)
}

fn rows_of_records(
    recs: Vec<Record>,
    columns: &[(&'static str, &'static str)],
    required: &[&str],
) -> Result<Vec<Row>> {
    let reader = RowReader::new(recs.into_iter(), columns, required)?;
    let mut out = Vec::new();
    let mut errs = Vec::new();
    for item in reader {
        match item? {
            crate::csv_stream::Item::Row(r) => out.push(r),
            crate::csv_stream::Item::Bad(e) => errs.push(e),
        }
    }
    if !errs.is_empty() {
        return Err(rejected(errs));
    }
    Ok(out)
}

/// What an import did.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Imported {
    /// Rows written.
    pub added: usize,
    /// Rows already in the ledger with the same values: not written again.
    pub already: usize,
    /// When the same file was imported before (UTC, RFC 3339): nothing was written.
    pub imported_before: Option<String>,
}

impl Imported {
    /// A file imported before, at `at`.
    pub fn before(at: String) -> Self {
        Imported {
            imported_before: Some(at),
            ..Default::default()
        }
    }
}

/// The SHA-256 of a file's bytes, in hex: how an import knows a file it has read before.
pub fn file_hash(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// When a file with `hash` was imported as `kind` (`cells`, `manifests`), if it was.
pub fn imported_before(conn: &Connection, kind: &str, hash: &str) -> Result<Option<String>> {
    Ok(conn
        .query_row(
            "SELECT value FROM meta WHERE key = ?1",
            [format!("import.{kind}.{hash}")],
            |r| r.get(0),
        )
        .optional()?)
}

/// Remembers, in the import's transaction, that the file with `hash` was imported now.
pub fn remember(w: &Writer<'_>, kind: &str, hash: &str) -> Result<()> {
    w.tx().execute(
        "INSERT OR REPLACE INTO meta (key, value) VALUES (?1, ?2)",
        (format!("import.{kind}.{hash}"), w.now()),
    )?;
    Ok(())
}

/// An import refused with `errs`: the first [`MAX_ERRORS`] of them, then a count of the
/// rest.
pub fn rejected(mut errs: Vec<FieldError>) -> Error {
    if errs.len() > MAX_ERRORS {
        let rest = errs.len() - MAX_ERRORS;
        errs.truncate(MAX_ERRORS);
        errs.push(FieldError::new(
            None,
            "file",
            Rule::MoreErrors,
            &[("count", &rest.to_string())],
        ));
    }
    Error::ImportRejected(errs)
}

#[cfg(test)]
mod tests {
    use super::*;

    const COLS: &[(&str, &str)] = &[("name", "名称"), ("note", "备注")];

    fn lines(text: &str) -> Vec<(usize, String)> {
        rows(text, COLS, &["name"])
            .unwrap()
            .into_iter()
            .map(|r| (r.line, r.get("name")))
            .collect()
    }

    #[test]
    fn rows_are_numbered_as_the_spreadsheet_shows_them() {
        let t = "名称,备注\n甲,\"两\n行\"\n\n乙,x\r\n丙,y";
        assert_eq!(
            lines(t),
            [(2, "甲".into()), (4, "乙".into()), (5, "丙".into())]
        );
        assert_eq!(
            lines("名称,备注\r甲,1\r乙,2\r"),
            [(2, "甲".into()), (3, "乙".into())]
        );
    }

    #[test]
    fn a_row_with_more_values_than_headings_is_refused() {
        let e = rows("名称,备注\n长春市,南关区,某局\n", COLS, &["name"])
            .err()
            .unwrap();
        assert_eq!(e.fields()[0].code, "extra_fields");
        assert_eq!(e.fields()[0].row, Some(2));
        // Empty cells past the last heading (Excel's trailing commas) are fine.
        assert_eq!(lines("名称,备注\n甲,1,,\n"), [(2, "甲".into())]);
    }

    #[test]
    fn a_last_row_cut_short_is_refused() {
        for t in ["名称,备注\n甲,1\n乙", "名称,备注\n甲,1\n乙,\"半"] {
            let e = rows(t, COLS, &["name"]).err().unwrap();
            assert_eq!(e.fields()[0].code, "truncated_row");
            assert_eq!(e.fields()[0].row, Some(3));
        }
        // A whole last row without its line end is fine.
        assert_eq!(lines("名称,备注\n甲,1"), [(2, "甲".into())]);
    }

    #[test]
    fn a_file_cut_inside_a_character_is_refused() {
        let mut b = "名称,备注\n甲,1\n乙,长".as_bytes().to_vec();
        b.pop();
        let d = decode(&b).unwrap();
        assert!(d.cut);
    }

    #[test]
    fn utf16_tab_separated_text_is_read() {
        let mut b = vec![0xFF, 0xFE];
        for u in "名称\t备注\r\n甲\t1\r\n".encode_utf16() {
            b.extend(u.to_le_bytes());
        }
        let d = decode(&b).unwrap();
        assert_eq!(lines(&d.text), [(2, "甲".into())]);
    }

    #[test]
    fn gb18030_is_read_and_unknown_bytes_are_refused_in_chinese() {
        let (b, _, _) = encoding_rs::GB18030.encode("名称,备注\n甲,1\n");
        assert_eq!(lines(&decode(&b).unwrap().text), [(2, "甲".into())]);
        let e = decode(b"a,b\n\xFF\xFF,c\n").unwrap_err();
        assert!(e.message_zh().contains("CSV UTF-8"), "{}", e.message_zh());
    }

    #[test]
    fn a_refusal_lists_a_hundred_problems_and_counts_the_rest() {
        let errs = (0..250)
            .map(|i| FieldError::new(Some(i), "name", Rule::Required, &[]))
            .collect();
        let e = rejected(errs);
        assert_eq!(e.fields().len(), MAX_ERRORS + 1);
        assert!(e.fields()[MAX_ERRORS].message_zh.contains("150"));
    }
}

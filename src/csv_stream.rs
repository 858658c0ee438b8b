//! Reading an import file one row at a time, so that an import's memory stays flat in the
//! file's size: the file is read twice from the disk, first to hash it and settle its
//! encoding ([`scan`]), then to decode and split it as it is checked ([`FileChars`],
//! [`RecordReader`], [`RowReader`]). The rules are those of [`crate::csv_file`], which reads
//! text already in memory through the same readers.

use std::cell::Cell;
use std::collections::HashMap;
use std::fs::File;
use std::io::Read;
use std::path::Path;
use std::rc::Rc;
use std::sync::Arc;

use encoding_rs::{DecoderResult, Encoding};

use crate::csv_file::{rejected, Row};
use crate::error::{Error, FieldError, Result, Rule};

/// Appended to text whose bytes were cut mid-character: the last row then reads as cut.
pub(crate) const CUT: char = '\u{FFFF}';

/// Bytes read from the disk at a time.
const CHUNK: usize = 64 * 1024;

/// What the first pass over a file found.
#[derive(Debug, Clone)]
pub struct Scan {
    /// The SHA-256 of the whole file, in hex (how an import knows a file it read before).
    pub hash: String,
    /// The file's size in bytes.
    pub len: u64,
    /// A spreadsheet (XLSX, XLS, ODS), read by [`crate::xlsx_file`].
    pub spreadsheet: bool,
    /// The text's encoding.
    pub encoding: &'static Encoding,
    /// Bytes of a byte-order mark to skip.
    pub skip: usize,
}

fn encoding_error() -> Error {
    Error::ImportRejected(vec![FieldError::new(None, "file", Rule::Encoding, &[])])
}

/// The first pass: the hash, and the encoding the text is valid in (UTF-8 with or without a
/// BOM, UTF-16 by its BOM or little-endian ASCII-led text without one, else GB18030), as
/// [`crate::csv_file::decode`] decides on bytes in memory. A file in none is refused.
pub fn scan(path: &Path) -> Result<Scan> {
    use sha2::Digest;
    let mut f = File::open(path)?;
    let mut sha = sha2::Sha256::new();
    let mut head = Vec::with_capacity(4);
    let mut buf = vec![0u8; CHUNK];
    let mut len = 0u64;
    // Only the hash and the first bytes here; validity is checked below.
    loop {
        let n = f.read(&mut buf)?;
        if n == 0 {
            break;
        }
        if head.len() < 4 {
            let take = (4 - head.len()).min(n);
            head.extend_from_slice(&buf[..take]);
        }
        sha.update(&buf[..n]);
        len += n as u64;
    }
    let hash = sha.finalize().iter().map(|b| format!("{b:02x}")).collect();
    let mut s = Scan {
        hash,
        len,
        spreadsheet: crate::xlsx_file::is_spreadsheet(&head),
        encoding: encoding_rs::UTF_8,
        skip: 0,
    };
    if s.spreadsheet {
        return Ok(s);
    }
    let (enc, skip) = if head.starts_with(b"\xFF\xFE") {
        (encoding_rs::UTF_16LE, 2)
    } else if head.starts_with(b"\xFE\xFF") {
        (encoding_rs::UTF_16BE, 2)
    } else if head.len() >= 4 && head[1] == 0 && head[3] == 0 && head[0] != 0 {
        (encoding_rs::UTF_16LE, 0)
    } else if head.starts_with(b"\xEF\xBB\xBF") {
        (encoding_rs::UTF_8, 3)
    } else {
        (encoding_rs::UTF_8, 0)
    };
    s.encoding = enc;
    s.skip = skip;
    if valid_in(path, enc, skip)? {
        return Ok(s);
    }
    if enc == encoding_rs::UTF_8 && valid_in(path, encoding_rs::GB18030, skip)? {
        s.encoding = encoding_rs::GB18030;
        return Ok(s);
    }
    Err(encoding_error())
}

/// Whether the file past `skip` bytes decodes in `enc`, a character cut at the very end
/// allowed (the reader refuses that row by itself).
fn valid_in(path: &Path, enc: &'static Encoding, skip: usize) -> Result<bool> {
    let mut chars = FileChars::open(path, enc, skip)?;
    for _ in chars.by_ref() {}
    Ok(!chars.bad)
}

/// The characters of a text file, decoded a chunk at a time; a character cut at the very
/// end becomes [`CUT`].
pub struct FileChars {
    file: File,
    decoder: encoding_rs::Decoder,
    raw: Vec<u8>,
    buf: String,
    pos: usize,
    done: bool,
    /// Bytes that do not decode before the end: not this encoding.
    pub bad: bool,
    read: Rc<Cell<u64>>,
}

impl FileChars {
    /// Opens the file at `path`, past `skip` bytes, for decoding in `enc`.
    pub fn open(path: &Path, enc: &'static Encoding, skip: usize) -> Result<Self> {
        let mut file = File::open(path)?;
        let mut skipped = vec![0u8; skip];
        file.read_exact(&mut skipped)?;
        Ok(FileChars {
            file,
            decoder: enc.new_decoder_without_bom_handling(),
            raw: vec![0u8; CHUNK],
            buf: String::new(),
            pos: 0,
            done: false,
            bad: false,
            read: Rc::new(Cell::new(skip as u64)),
        })
    }

    /// Bytes read so far, as a shared counter (for progress).
    pub fn counter(&self) -> Rc<Cell<u64>> {
        self.read.clone()
    }

    fn refill(&mut self) -> bool {
        self.buf.clear();
        self.pos = 0;
        while self.buf.is_empty() && !self.done {
            let n = match self.file.read(&mut self.raw) {
                Ok(n) => n,
                Err(_) => {
                    self.bad = true;
                    self.done = true;
                    return false;
                }
            };
            self.read.set(self.read.get() + n as u64);
            let last = n == 0;
            let mut src = &self.raw[..n];
            loop {
                let need = self
                    .decoder
                    .max_utf8_buffer_length_without_replacement(src.len())
                    .unwrap_or(src.len() * 3 + 16);
                self.buf.reserve(need);
                let (r, used) =
                    self.decoder
                        .decode_to_string_without_replacement(src, &mut self.buf, last);
                src = &src[used..];
                match r {
                    DecoderResult::InputEmpty => break,
                    DecoderResult::OutputFull => continue,
                    DecoderResult::Malformed(..) => {
                        if last && src.is_empty() {
                            // Cut in the middle of a character at the very end.
                            self.buf.push(CUT);
                        } else {
                            self.bad = true;
                            self.done = true;
                            return !self.buf.is_empty();
                        }
                    }
                }
            }
            if last {
                self.done = true;
            }
        }
        !self.buf.is_empty()
    }
}

impl Iterator for FileChars {
    type Item = char;
    fn next(&mut self) -> Option<char> {
        if self.pos >= self.buf.len() && !self.refill() {
            return None;
        }
        let c = self.buf[self.pos..].chars().next()?;
        self.pos += c.len_utf8();
        Some(c)
    }
}

/// One record as the file has it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Record {
    /// The spreadsheet row it starts on (1-based).
    pub row: usize,
    pub fields: Vec<String>,
    /// A line end follows it.
    pub ended: bool,
    /// The file ended inside a quoted field.
    pub open_quote: bool,
}

/// Splits CSV characters into records: `"` quotes a field (`""` is a quote inside one), CR,
/// LF or CRLF end a row outside quotes.
pub(crate) struct RecordReader<I: Iterator<Item = char>> {
    it: std::iter::Peekable<I>,
    delim: char,
    row: usize,
    finished: bool,
}

impl<I: Iterator<Item = char>> RecordReader<I> {
    pub fn new(it: I, delim: char) -> Self {
        RecordReader {
            it: it.peekable(),
            delim,
            row: 1,
            finished: false,
        }
    }
}

impl<I: Iterator<Item = char>> Iterator for RecordReader<I> {
    type Item = Record;
    fn next(&mut self) -> Option<Record> {
        if self.finished {
            return None;
        }
        let (mut fields, mut cur) = (Vec::new(), String::new());
        let (mut in_quotes, mut quoted) = (false, false);
        while let Some(c) = self.it.next() {
            if in_quotes {
                if c == '"' {
                    if self.it.peek() == Some(&'"') {
                        self.it.next();
                        cur.push('"');
                    } else {
                        in_quotes = false;
                    }
                } else {
                    cur.push(c);
                }
                continue;
            }
            match c {
                '"' if cur.is_empty() && !quoted => {
                    in_quotes = true;
                    quoted = true;
                }
                c if c == self.delim => {
                    fields.push(std::mem::take(&mut cur));
                    quoted = false;
                }
                '\r' | '\n' => {
                    if c == '\r' && self.it.peek() == Some(&'\n') {
                        self.it.next();
                    }
                    fields.push(cur);
                    let row = self.row;
                    self.row += 1;
                    return Some(Record {
                        row,
                        fields,
                        ended: true,
                        open_quote: false,
                    });
                }
                c => cur.push(c),
            }
        }
        self.finished = true;
        if in_quotes || !cur.is_empty() || !fields.is_empty() || quoted {
            fields.push(cur);
            return Some(Record {
                row: self.row,
                fields,
                ended: false,
                open_quote: in_quotes,
            });
        }
        None
    }
}

/// The delimiter of CSV characters (a tab when the first non-blank line has tabs and no
/// commas), and the characters read to find it, to be read again.
pub(crate) fn delimiter(it: &mut impl Iterator<Item = char>) -> (char, Vec<char>) {
    let mut seen = Vec::new();
    let mut line_start = 0;
    loop {
        let c = it.next();
        if let Some(c) = c {
            seen.push(c);
            if c != '\n' {
                continue;
            }
        }
        let line: String = seen[line_start..].iter().collect();
        if !line.trim().is_empty() {
            let d = if line.contains('\t') && !line.contains(',') {
                '\t'
            } else {
                ','
            };
            return (d, seen);
        }
        if c.is_none() {
            return (',', seen);
        }
        line_start = seen.len();
    }
}

/// What the row reader yields: a data row, or a row refused as read (its fields split
/// wrongly), which refuses the file but lets the reading go on to list every such row.
pub enum Item {
    /// A data row.
    Row(Row),
    /// A row refused as read.
    Bad(FieldError),
}

/// Data rows by column key, from records whose first non-blank one holds the headings.
pub(crate) struct RowReader<R: Iterator<Item = Record>> {
    recs: R,
    map: Rc<[(usize, &'static str)]>,
    index: Arc<HashMap<&'static str, usize>>,
    width: usize,
    failed: bool,
}

impl<R: Iterator<Item = Record>> RowReader<R> {
    /// Reads the headings: unknown ones and missing `required` columns refuse the file.
    pub fn new(
        mut recs: R,
        columns: &[(&'static str, &'static str)],
        required: &[&str],
    ) -> Result<Self> {
        let blank = |r: &Record| r.fields.iter().all(|f| f.trim().is_empty());
        let Some(header) = recs.by_ref().find(|r| !blank(r)) else {
            return Err(Error::ImportRejected(vec![FieldError::new(
                None,
                "file",
                Rule::EmptyFile,
                &[],
            )]));
        };
        let mut map: Vec<(usize, &'static str)> = Vec::new();
        let mut errs = Vec::new();
        for (i, h) in header.fields.iter().enumerate() {
            let h = h.trim().trim_start_matches('\u{FEFF}');
            match columns.iter().find(|(k, zh)| *k == h || *zh == h) {
                Some((k, _)) => map.push((i, k)),
                None if h.is_empty() => {}
                None => errs.push(FieldError::new(
                    Some(header.row),
                    "file",
                    Rule::UnknownColumn,
                    &[("value", h)],
                )),
            }
        }
        for r in required {
            if !map.iter().any(|(_, k)| k == r) {
                errs.push(FieldError::new(Some(header.row), r, Rule::Required, &[]));
            }
        }
        if !errs.is_empty() {
            return Err(rejected(errs));
        }
        // A key given twice: its last column wins, as a map of the row's cells would have it.
        let index = map.iter().enumerate().map(|(j, (_, k))| (*k, j)).collect();
        Ok(RowReader {
            recs,
            map: map.into(),
            index: Arc::new(index),
            width: header.fields.len(),
            failed: false,
        })
    }

    /// The column keys the file has.
    pub fn keys(&self) -> Vec<&'static str> {
        self.map.iter().map(|(_, k)| *k).collect()
    }
}

impl<R: Iterator<Item = Record>> Iterator for RowReader<R> {
    type Item = Result<Item>;
    fn next(&mut self) -> Option<Result<Item>> {
        if self.failed {
            return None;
        }
        let width = self.width;
        for mut rec in self.recs.by_ref() {
            let cut_char = rec.fields.last().is_some_and(|f| f.ends_with(CUT));
            if let Some(f) = rec.fields.last_mut() {
                f.retain(|c| c != CUT);
            }
            if rec.fields.iter().all(|f| f.trim().is_empty()) && !cut_char {
                continue;
            }
            if !rec.ended && (rec.open_quote || cut_char || rec.fields.len() < width) {
                let (zh, en) = if rec.open_quote {
                    ("引号未闭合".to_string(), "a quote is left open".to_string())
                } else if cut_char {
                    (
                        "最后一个字符不完整".to_string(),
                        "its last character is cut".to_string(),
                    )
                } else {
                    (
                        format!("应有 {width} 列，只有 {} 列", rec.fields.len()),
                        format!("{width} columns expected, {} found", rec.fields.len()),
                    )
                };
                self.failed = true;
                return Some(Err(rejected(vec![FieldError::new(
                    Some(rec.row),
                    "file",
                    Rule::TruncatedRow,
                    &[("detail", &zh), ("detail_en", &en)],
                )])));
            }
            // More values than headings: a comma inside an unquoted value split it, and the
            // values past the last heading would be lost.
            if rec.fields[width.min(rec.fields.len())..]
                .iter()
                .any(|f| !f.trim().is_empty())
            {
                return Some(Ok(Item::Bad(FieldError::new(
                    Some(rec.row),
                    "file",
                    Rule::ExtraFields,
                    &[
                        ("width", &width.to_string()),
                        ("found", &rec.fields.len().to_string()),
                    ],
                ))));
            }
            let mut fields = rec.fields;
            let values = self
                .map
                .iter()
                .map(|(i, _)| fields.get_mut(*i).map(std::mem::take).unwrap_or_default())
                .collect();
            return Some(Ok(Item::Row(Row::new(rec.row, self.index.clone(), values))));
        }
        None
    }
}

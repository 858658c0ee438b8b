//! The parts of an XLSX workbook that an import reads, each streamed from the zip archive:
//! the first sheet's place and the date system (`xl/workbook.xml` and its relations), the
//! cells' number formats (`xl/styles.xml`, to tell a date from a number), the shared-strings
//! table (`xl/sharedStrings.xml`, [`crate::xlsx_strings`]), kept in a temporary file on disk
//! with an index of where each text starts, so that memory stays flat however many distinct
//! texts the workbook holds, and the sheet's cells, read one at a time. A cell's value is the [`Data`] the whole-sheet
//! reader ([`crate::xlsx_file::read_sheet`]) gives for it, so both read a cell the same.

use std::collections::HashMap;
use std::fs::File;
use std::io::{BufReader, Read};
use std::path::Path;

use calamine::{Data, ExcelDateTime, ExcelDateTimeType};
use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;
use zip::ZipArchive;

use crate::xlsx_strings::{entity, read_string, unescape_x, Strings};

/// What went wrong reading a part, in words.
pub(crate) type PartResult<T> = std::result::Result<T, String>;

/// How a cell's number format shows a number.
#[derive(Clone, Copy, PartialEq)]
enum Format {
    Other,
    DateTime,
    TimeDelta,
}

/// An XLSX workbook opened for reading its first sheet a cell at a time.
pub(crate) struct Book {
    zip: ZipArchive<BufReader<File>>,
    sheet: String,
    formats: Vec<Format>,
    is_1904: bool,
    strings: Strings,
}

impl Book {
    /// The workbook at `path`; none when the file is not an XLSX workbook (no
    /// `xl/workbook.xml`), an error when it is one that cannot be read.
    pub(crate) fn open(path: &Path) -> PartResult<Option<Book>> {
        let Ok(file) = File::open(path) else {
            return Ok(None);
        };
        let Ok(mut zip) = ZipArchive::new(BufReader::new(file)) else {
            return Ok(None);
        };
        let Some((rid, is_1904)) = workbook(&mut zip)? else {
            return Ok(None);
        };
        let sheet = match rid {
            Some(rid) => sheet_path(&mut zip, &rid)?,
            None => None,
        }
        .unwrap_or_default();
        let formats = formats(&mut zip)?;
        let strings = Strings::read(&mut zip)?;
        Ok(Some(Book {
            zip,
            sheet,
            formats,
            is_1904,
            strings,
        }))
    }

    /// Whether the workbook has a sheet.
    pub(crate) fn has_sheet(&self) -> bool {
        !self.sheet.is_empty()
    }

    /// The first sheet's cells, read from its start.
    pub(crate) fn cells(&mut self) -> PartResult<Cells<'_>> {
        let file = self.zip.by_name(&self.sheet).map_err(|e| e.to_string())?;
        Ok(Cells {
            xml: xml_reader(Box::new(file)),
            strings: &mut self.strings,
            formats: &self.formats,
            is_1904: self.is_1904,
            row: 0,
            col: 0,
            buf: Vec::new(),
        })
    }
}

fn xml_reader<'a>(r: Box<dyn Read + 'a>) -> Reader<BufReader<Box<dyn Read + 'a>>> {
    let mut xml = Reader::from_reader(BufReader::new(r));
    let config = xml.config_mut();
    config.trim_text(false);
    config.check_comments = false;
    config.expand_empty_elements = true;
    xml
}

pub(crate) type Xml<'a> = Reader<BufReader<Box<dyn Read + 'a>>>;

pub(crate) fn part<'a>(
    zip: &'a mut ZipArchive<BufReader<File>>,
    name: &str,
) -> PartResult<Option<Xml<'a>>> {
    match zip.by_name(name) {
        Ok(f) => Ok(Some(xml_reader(Box::new(f)))),
        Err(zip::result::ZipError::FileNotFound) => Ok(None),
        Err(e) => Err(e.to_string()),
    }
}

pub(crate) fn attr(e: &BytesStart, name: &str) -> PartResult<Option<String>> {
    match e.try_get_attribute(name).map_err(|e| e.to_string())? {
        Some(a) => Ok(Some(
            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .map_err(|e| e.to_string())?
                .into_owned(),
        )),
        None => Ok(None),
    }
}

/// The first sheet's relation id and whether dates count from 1904; none when the archive
/// has no `xl/workbook.xml`.
fn workbook(zip: &mut ZipArchive<BufReader<File>>) -> PartResult<Option<(Option<String>, bool)>> {
    let Some(mut xml) = part(zip, "xl/workbook.xml")? else {
        return Ok(None);
    };
    let (mut rid, mut is_1904) = (None, false);
    let mut buf = Vec::new();
    loop {
        buf.clear();
        match xml.read_event_into(&mut buf).map_err(|e| e.to_string())? {
            Event::Start(e) if e.local_name().as_ref() == "sheet" && rid.is_none() => {
                rid = attr(&e, "r:id")?;
            }
            Event::Start(e) if e.local_name().as_ref() == "workbookPr" => {
                if let Some(v) = attr(&e, "date1904")? {
                    is_1904 = v == "1" || v == "true";
                }
            }
            Event::Eof => return Ok(Some((rid, is_1904))),
            _ => (),
        }
    }
}

/// The archive path of the sheet with relation id `rid`.
fn sheet_path(zip: &mut ZipArchive<BufReader<File>>, rid: &str) -> PartResult<Option<String>> {
    let Some(mut xml) = part(zip, "xl/_rels/workbook.xml.rels")? else {
        return Ok(None);
    };
    let mut buf = Vec::new();
    loop {
        buf.clear();
        match xml.read_event_into(&mut buf).map_err(|e| e.to_string())? {
            Event::Start(e)
                if e.local_name().as_ref() == "Relationship"
                    && attr(&e, "Id")?.as_deref() == Some(rid) =>
            {
                return Ok(attr(&e, "Target")?.map(|t| match t.strip_prefix('/') {
                    Some(abs) => abs.to_string(),
                    None if t.starts_with("xl/") => t,
                    None => format!("xl/{t}"),
                }));
            }
            Event::Eof => return Ok(None),
            _ => (),
        }
    }
}

/// Each cell style's number format: a date, a duration or another.
fn formats(zip: &mut ZipArchive<BufReader<File>>) -> PartResult<Vec<Format>> {
    let Some(mut xml) = part(zip, "xl/styles.xml")? else {
        return Ok(Vec::new());
    };
    let mut custom: HashMap<String, String> = HashMap::new();
    let mut out = Vec::new();
    let mut in_xfs = false;
    let mut buf = Vec::new();
    loop {
        buf.clear();
        match xml.read_event_into(&mut buf).map_err(|e| e.to_string())? {
            Event::Start(e) if e.local_name().as_ref() == "numFmt" => {
                if let (Some(id), Some(code)) = (attr(&e, "numFmtId")?, attr(&e, "formatCode")?) {
                    custom.insert(id, code);
                }
            }
            Event::Start(e) if e.local_name().as_ref() == "cellXfs" => in_xfs = true,
            Event::End(e) if e.local_name().as_ref() == "cellXfs" => in_xfs = false,
            Event::Start(e) if in_xfs && e.local_name().as_ref() == "xf" => {
                out.push(
                    attr(&e, "numFmtId")?.map_or(Format::Other, |id| match custom.get(&id) {
                        Some(code) => custom_format(code),
                        None => builtin_format(&id),
                    }),
                );
            }
            Event::Eof => return Ok(out),
            _ => (),
        }
    }
}

/// A built-in number format by its id: dates and times (14–22, 45, 47, and the East Asian
/// 27–36, 50–58), elapsed time (46).
fn builtin_format(id: &str) -> Format {
    match id.parse::<u16>() {
        Ok(14..=22 | 27..=36 | 45 | 47 | 50..=58) => Format::DateTime,
        Ok(46) => Format::TimeDelta,
        _ => Format::Other,
    }
}

/// A custom number format: a date when its first section shows a day, month, year, hour or
/// second outside quotes and brackets; elapsed time when it holds `[h]`, `[m]` or `[s]`.
fn custom_format(code: &str) -> Format {
    let (mut escaped, mut quoted, mut brackets) = (false, false, 0u8);
    let (mut prev, mut hms, mut ap) = (' ', false, false);
    for s in code.chars() {
        match (s, escaped, quoted, ap, brackets) {
            (_, true, ..) => escaped = false,
            ('_' | '\\' | '*', ..) => escaped = true,
            ('"', _, true, _, _) => quoted = false,
            (_, _, true, _, _) => (),
            ('"', ..) => quoted = true,
            (';', ..) => return Format::Other,
            ('[', ..) => brackets += 1,
            (']', .., 1) if hms => return Format::TimeDelta,
            (']', ..) => brackets = brackets.saturating_sub(1),
            ('a' | 'A', _, _, false, 0) => ap = true,
            ('p' | 'm' | '/' | 'P' | 'M', _, _, true, 0) => return Format::DateTime,
            ('d' | 'm' | 'h' | 'y' | 's' | 'D' | 'M' | 'H' | 'Y' | 'S', _, _, false, 0) => {
                return Format::DateTime
            }
            _ => {
                if !(hms && s.eq_ignore_ascii_case(&prev)) {
                    hms = prev == '[' && matches!(s, 'm' | 'h' | 's' | 'M' | 'H' | 'S');
                }
            }
        }
        prev = s;
    }
    Format::Other
}

/// A sheet's cells read one at a time.
pub(crate) struct Cells<'a> {
    xml: Xml<'a>,
    strings: &'a mut Strings,
    formats: &'a [Format],
    is_1904: bool,
    row: u32,
    col: u32,
    buf: Vec<u8>,
}

/// A cell reference's row and column, from 0 (`B3`: row 2, column 1).
fn position(r: &str) -> PartResult<(u32, u32)> {
    let letters = r.bytes().take_while(u8::is_ascii_alphabetic).count();
    let mut col = 0u32;
    for c in r[..letters].bytes() {
        col = col * 26 + u32::from(c.to_ascii_uppercase() - b'A' + 1);
    }
    let row: u32 = r[letters..]
        .parse()
        .map_err(|_| format!("bad cell reference {r}"))?;
    Ok((row.saturating_sub(1), col.saturating_sub(1)))
}

impl Cells<'_> {
    /// The next cell's position (row, column, from 0) and value; none at the sheet's end.
    pub(crate) fn next_cell(&mut self) -> PartResult<Option<((u32, u32), Data)>> {
        let err = |e: quick_xml::Error| e.to_string();
        loop {
            self.buf.clear();
            match self.xml.read_event_into(&mut self.buf).map_err(err)? {
                Event::Start(e) if e.local_name().as_ref() == "row" => {
                    if let Some(r) = attr(&e, "r")? {
                        let r: u32 = r.parse().map_err(|_| format!("bad row number {r}"))?;
                        self.row = r.saturating_sub(1);
                    }
                }
                Event::End(e) if e.local_name().as_ref() == "row" => {
                    self.row += 1;
                    self.col = 0;
                }
                Event::Start(e) if e.local_name().as_ref() == "c" => {
                    let pos = match attr(&e, "r")? {
                        Some(r) => {
                            let p = position(&r)?;
                            self.col = p.1;
                            p
                        }
                        None => (self.row, self.col),
                    };
                    let style = attr(&e, "s")?;
                    let typ = attr(&e, "t")?;
                    let value = self.read_cell(style.as_deref(), typ.as_deref())?;
                    self.col += 1;
                    return Ok(Some((pos, value)));
                }
                Event::End(e) if e.local_name().as_ref() == "sheetData" => return Ok(None),
                Event::Eof => return Err("unexpected end of the sheet".into()),
                _ => (),
            }
        }
    }

    /// A cell's value, up to its end tag.
    fn read_cell(&mut self, style: Option<&str>, typ: Option<&str>) -> PartResult<Data> {
        let err = |e: quick_xml::Error| e.to_string();
        let mut value = Data::Empty;
        let mut buf = Vec::new();
        loop {
            buf.clear();
            match self.xml.read_event_into(&mut buf).map_err(err)? {
                Event::Start(e) if e.local_name().as_ref() == "is" => {
                    let name = e.name().as_ref().to_string();
                    value = read_string(&mut self.xml, &name)?.map_or(Data::Empty, Data::String);
                }
                Event::Start(e) if e.local_name().as_ref() == "v" => {
                    let name = e.name().as_ref().to_string();
                    let mut text = String::new();
                    let mut inner = Vec::new();
                    loop {
                        inner.clear();
                        match self.xml.read_event_into(&mut inner).map_err(err)? {
                            Event::Text(t) => text.push_str(&t.xml10_content()),
                            Event::GeneralRef(r) => entity(&r, &mut text)?,
                            Event::End(end) if end.name().as_ref() == name => break,
                            Event::Eof => return Err("unexpected end of <v>".into()),
                            _ => (),
                        }
                    }
                    if !matches!(typ, Some("inlineStr" | "is")) {
                        value = self.value(&text, style, typ)?;
                    }
                }
                Event::Start(e) => {
                    let name = e.name().as_ref().to_string();
                    self.xml
                        .read_to_end_into(quick_xml::name::QName(&name), &mut Vec::new())
                        .map_err(err)?;
                }
                Event::End(e) if e.local_name().as_ref() == "c" => return Ok(value),
                Event::Eof => return Err("unexpected end of a cell".into()),
                _ => (),
            }
        }
    }

    /// A `<v>`'s text as the value its type (and for numbers, its style) makes it.
    fn value(&mut self, v: &str, style: Option<&str>, typ: Option<&str>) -> PartResult<Data> {
        let format = match style {
            Some(s) => self.formats.get(s.parse::<usize>().unwrap_or(0)).copied(),
            None => Some(Format::Other),
        };
        Ok(match typ {
            Some("s") => {
                if v.is_empty() {
                    return Ok(Data::Empty);
                }
                let idx = v.trim().parse::<u64>().unwrap_or(0);
                Data::String(
                    self.strings
                        .get(idx)?
                        .ok_or("Cell string index not found in shared strings table")?,
                )
            }
            Some("b") => match v.trim() {
                "" => Data::Empty,
                "0" => Data::Bool(false),
                "1" => Data::Bool(true),
                t if t.eq_ignore_ascii_case("false") => Data::Bool(false),
                t if t.eq_ignore_ascii_case("true") => Data::Bool(true),
                _ => return Err(format!("unrecognized boolean cell value {v}")),
            },
            Some("d") => Data::DateTimeIso(v.to_string()),
            Some("e") => Data::Error(v.parse().map_err(|e: calamine::XlsxError| e.to_string())?),
            Some("str") => Data::String(unescape_x(v).into_owned()),
            Some("n") | None => {
                if v.is_empty() {
                    return Ok(Data::Empty);
                }
                match v.parse::<f64>() {
                    Ok(n) => {
                        let kind = match format {
                            Some(Format::DateTime) => Some(ExcelDateTimeType::DateTime),
                            Some(Format::TimeDelta) => Some(ExcelDateTimeType::TimeDelta),
                            _ => None,
                        };
                        match kind {
                            Some(k) => Data::DateTime(ExcelDateTime::new(n, k, self.is_1904)),
                            None => Data::Float(n),
                        }
                    }
                    Err(_) if typ.is_none() => Data::String(v.to_string()),
                    Err(e) => return Err(e.to_string()),
                }
            }
            Some(t) => return Err(format!("unknown cell type {t}")),
        })
    }
}

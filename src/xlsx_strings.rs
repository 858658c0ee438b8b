//! An XLSX workbook's shared-strings table (`xl/sharedStrings.xml`: each distinct text of the
//! workbook once, which the sheets' cells name by index), streamed from the archive into a
//! temporary file on the disk and read back a text at a time, so that memory stays flat
//! however many distinct texts the workbook holds; and the reading of a string element's
//! text (shared or inline), as calamine reads it.

use std::borrow::Cow;
use std::fs::File;
use std::io::{BufRead, BufReader, BufWriter, Read, Seek, SeekFrom, Write};

use quick_xml::events::Event;
use quick_xml::Reader;
use zip::ZipArchive;

use crate::xlsx_parts::{attr, part, PartResult};

/// The shared-strings table on disk: the texts one after another in one file, and in
/// another where each starts (8 bytes each, and where the last ends). Both are anonymous
/// temporary files, which the system removes when they are closed or the process ends, even
/// when it is killed.
pub(crate) struct Strings {
    text: File,
    index: File,
    count: u64,
}

impl Strings {
    pub(crate) fn read(zip: &mut ZipArchive<BufReader<File>>) -> PartResult<Strings> {
        let e = |e: std::io::Error| e.to_string();
        let mut strings = Strings {
            text: tempfile::tempfile().map_err(e)?,
            index: tempfile::tempfile().map_err(e)?,
            count: 0,
        };
        let mut text = BufWriter::new(&strings.text);
        let mut index = BufWriter::new(&strings.index);
        let mut at = 0u64;
        index.write_all(&at.to_le_bytes()).map_err(e)?;
        if let Some(mut xml) = part(zip, "xl/sharedStrings.xml")? {
            let mut buf = Vec::new();
            loop {
                buf.clear();
                match xml.read_event_into(&mut buf).map_err(|e| e.to_string())? {
                    Event::Start(s) if s.local_name().as_ref() == "si" => {
                        let s = read_string(&mut xml, "si")?.unwrap_or_default();
                        text.write_all(s.as_bytes()).map_err(e)?;
                        at += s.len() as u64;
                        index.write_all(&at.to_le_bytes()).map_err(e)?;
                        strings.count += 1;
                    }
                    Event::Eof => break,
                    _ => (),
                }
            }
        }
        text.flush().map_err(e)?;
        index.flush().map_err(e)?;
        drop((text, index));
        Ok(strings)
    }

    /// The text at `idx`, none past the table's end.
    pub(crate) fn get(&mut self, idx: u64) -> PartResult<Option<String>> {
        if idx >= self.count {
            return Ok(None);
        }
        let e = |e: std::io::Error| e.to_string();
        let mut bounds = [0u8; 16];
        self.index.seek(SeekFrom::Start(idx * 8)).map_err(e)?;
        self.index.read_exact(&mut bounds).map_err(e)?;
        let start = u64::from_le_bytes(bounds[..8].try_into().unwrap_or_default());
        let end = u64::from_le_bytes(bounds[8..].try_into().unwrap_or_default());
        let mut bytes = vec![0u8; end.saturating_sub(start) as usize];
        self.text.seek(SeekFrom::Start(start)).map_err(e)?;
        self.text.read_exact(&mut bytes).map_err(e)?;
        String::from_utf8(bytes)
            .map(Some)
            .map_err(|e| e.to_string())
    }
}

/// The text of a string element (`<si>`, `<is>`) up to its end tag `closing`: its `<t>`, or
/// its rich-text runs' `<t>` one after another, phonetic runs left out; text without
/// `xml:space="preserve"` trimmed of ASCII white space.
pub(crate) fn read_string<R: BufRead>(
    xml: &mut Reader<R>,
    closing: &str,
) -> PartResult<Option<String>> {
    let err = |e: quick_xml::Error| e.to_string();
    let mut out: Option<String> = None;
    let mut phonetic = false;
    let mut buf = Vec::new();
    let mut inner = Vec::new();
    loop {
        buf.clear();
        match xml.read_event_into(&mut buf).map_err(err)? {
            Event::Start(e) if e.local_name().as_ref() == "r" && out.is_none() => {
                out = Some(String::new());
            }
            Event::Start(e) if e.local_name().as_ref() == "rPh" => phonetic = true,
            Event::End(e) if e.name().as_ref() == closing => {
                return Ok(Some(out.unwrap_or_default()));
            }
            Event::End(e) if e.local_name().as_ref() == "rPh" => phonetic = false,
            Event::Start(e) if e.local_name().as_ref() == "t" && !phonetic => {
                let preserve = attr(&e, "xml:space")?.as_deref() == Some("preserve");
                let mut value = String::new();
                loop {
                    inner.clear();
                    match xml.read_event_into(&mut inner).map_err(err)? {
                        Event::Text(t) => value.push_str(&t.xml10_content()),
                        Event::CData(t) => value.push_str(&t.xml10_content()),
                        Event::GeneralRef(r) => entity(&r, &mut value)?,
                        Event::End(end) if end.local_name().as_ref() == "t" => break,
                        Event::Eof => return Err("unexpected end of <t>".into()),
                        _ => (),
                    }
                }
                let value = if preserve {
                    unescape_x(&value).into_owned()
                } else {
                    unescape_x(value.trim_matches([' ', '\t', '\r', '\n'])).into_owned()
                };
                match &mut out {
                    Some(s) => s.push_str(&value),
                    None => out = Some(value),
                }
            }
            Event::Eof => return Err("unexpected end of a string".into()),
            _ => (),
        }
    }
}

/// An entity (`&amp;`, `&#xA0;`) as its character.
pub(crate) fn entity(r: &quick_xml::events::BytesRef, out: &mut String) -> PartResult<()> {
    let name: &str = r;
    if let Some(s) = quick_xml::escape::resolve_xml_entity(name) {
        out.push_str(s);
        return Ok(());
    }
    match r.resolve_char_ref().map_err(|e| e.to_string())? {
        Some(c) => {
            out.push(c);
            Ok(())
        }
        None => Err(format!("unrecognized entity &{name};")),
    }
}

/// Excel's `_xHHHH_` escapes (a character XML cannot hold, such as a carriage return) as
/// their characters; a lone surrogate becomes U+FFFD.
pub(crate) fn unescape_x(s: &str) -> Cow<'_, str> {
    fn unit_at(s: &str, i: usize) -> Option<u16> {
        let b = s.as_bytes();
        if b.len() >= i + 7 && &b[i..i + 2] == b"_x" && b[i + 6] == b'_' {
            let hex = &s.get(i + 2..i + 6)?;
            if hex.bytes().all(|c| c.is_ascii_hexdigit()) {
                return u16::from_str_radix(hex, 16).ok();
            }
        }
        None
    }
    if !s.contains("_x") {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < s.len() {
        match unit_at(s, i) {
            Some(hi @ 0xD800..=0xDBFF) => {
                i += 7;
                match unit_at(s, i) {
                    Some(lo @ 0xDC00..=0xDFFF) => {
                        let cp =
                            0x10000 + ((u32::from(hi) - 0xD800) << 10) + (u32::from(lo) - 0xDC00);
                        out.push(char::from_u32(cp).unwrap_or(char::REPLACEMENT_CHARACTER));
                        i += 7;
                    }
                    _ => out.push(char::REPLACEMENT_CHARACTER),
                }
            }
            Some(u) => {
                out.push(char::from_u32(u.into()).unwrap_or(char::REPLACEMENT_CHARACTER));
                i += 7;
            }
            None => {
                let c = s[i..].chars().next().unwrap_or_default();
                out.push(c);
                i += c.len_utf8();
            }
        }
    }
    Cow::Owned(out)
}

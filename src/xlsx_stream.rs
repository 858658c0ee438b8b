//! An XLSX sheet read a row at a time, so that a large workbook's import keeps memory flat
//! in its rows: the sheet's XML is read from the file as it goes (never the whole sheet in
//! memory), twice: a first pass finds the error cells (`#N/A` …), which refuse the file
//! before any row is checked, as [`crate::xlsx_file::read_sheet`] does; the second yields the
//! rows, read on a thread of its own a few hundred rows ahead. The workbook's shared-strings
//! table, which the format keeps apart from the sheet (each distinct text of the workbook
//! once), waits on disk and each text is looked up as its cell is read
//! ([`crate::xlsx_parts`]), so memory stays flat however many distinct texts there are.
//! XLS and ODS are read whole ([`read_sheet`]).
//!
//! [`read_sheet`]: crate::xlsx_file::read_sheet

use std::path::Path;
use std::sync::mpsc;

use crate::xlsx_parts::Book;

use crate::csv_file;
use crate::error::{FieldError, Result, Rule};
use crate::xlsx_file::{cell_text, key_of, unreadable};

/// Rows read ahead of the import at most.
const AHEAD: usize = 256;

/// A sheet row: its number (1-based, as the sheet shows) and its cells' text from column A.
pub type SheetRow = (usize, Vec<String>);

/// The rows of a sheet as they are read, and how many there are.
pub type Rows = (Box<dyn Iterator<Item = SheetRow>>, usize);

/// The first sheet of the XLSX file at `path`, its rows as they are read (and their count);
/// none when the file is not XLSX (XLS, ODS: read whole instead). Error cells refuse the
/// file here.
pub fn open(
    path: &Path,
    columns: &'static [(&'static str, &'static str)],
    month_keys: &'static [&'static str],
) -> Result<Option<Rows>> {
    // A workbook this reader cannot take is read whole, as it says why.
    let Ok(Some(mut book)) = Book::open(path) else {
        return Ok(None);
    };
    let mut errs = Vec::new();
    let mut rows = 0usize;
    each_row(
        &mut book,
        columns,
        month_keys,
        &mut |row, fields, header| {
            rows += 1;
            for (c, f) in fields.iter().enumerate() {
                if let Err(v) = f {
                    let key = header
                        .and_then(|h| h.get(c))
                        .and_then(|h| key_of(columns, h))
                        .unwrap_or("file");
                    errs.push(FieldError::new(
                        Some(row),
                        key,
                        Rule::XlsxErrorCell,
                        &[("value", v)],
                    ));
                }
            }
            true
        },
    )?;
    if !errs.is_empty() {
        return Err(csv_file::rejected(errs));
    }
    let (tx, rx) = mpsc::sync_channel::<SheetRow>(AHEAD);
    std::thread::spawn(move || {
        // Read once already: an error now (the file changed under the import) ends the rows,
        // and the import's own checks see a shorter file.
        let _ = each_row(&mut book, columns, month_keys, &mut |row, fields, _| {
            let fields = fields.into_iter().map(|f| f.unwrap_or_default()).collect();
            // The import stopped reading (refused, or done): stop too.
            tx.send((row, fields)).is_ok()
        });
    });
    Ok(Some((Box::new(rx.into_iter()), rows)))
}

/// A row's cells, each its text or its error text.
type Cells = Vec<std::result::Result<String, String>>;

/// What [`each_row`] calls with each row: its number, its cells, the headings once read;
/// it answers whether to go on.
type OnRow<'f> = &'f mut dyn FnMut(usize, Cells, Option<&Vec<String>>) -> bool;

/// Calls `f` with each row of the first sheet that has cells (its number, its cells from
/// column A, and the headings once read), until `f` says to stop.
fn each_row(
    book: &mut Book,
    columns: &[(&'static str, &'static str)],
    month_keys: &[&str],
    f: OnRow<'_>,
) -> Result<()> {
    if !book.has_sheet() {
        return Err(crate::Error::ImportRejected(vec![FieldError::new(
            None,
            "file",
            Rule::EmptyFile,
            &[],
        )]));
    }
    let mut cells = book.cells().map_err(|e| unreadable(&e))?;
    let mut header: Option<Vec<String>> = None;
    let mut months: Vec<bool> = Vec::new();
    let mut current: Option<(u32, Cells)> = None;
    loop {
        let next = cells.next_cell().map_err(|e| unreadable(&e))?;
        let pos = next.as_ref().map(|c| c.0);
        // A row ends when the next cell is on another row, or the sheet ends.
        if let Some((row, fields)) = current.take_if(|(r, _)| pos.is_none_or(|p| p.0 != *r)) {
            // The headings: the first row with text (an error cell holds none).
            if header.is_none()
                && fields
                    .iter()
                    .any(|f| f.as_ref().is_ok_and(|s| !s.trim().is_empty()))
            {
                let h: Vec<String> = fields
                    .iter()
                    .map(|f| f.clone().unwrap_or_default())
                    .collect();
                months = h
                    .iter()
                    .map(|h| key_of(columns, h).is_some_and(|k| month_keys.contains(&k)))
                    .collect();
                header = Some(h);
            }
            if !f(row as usize + 1, fields, header.as_ref()) {
                return Ok(());
            }
        }
        let Some(((row, col), value)) = next else {
            return Ok(());
        };
        let (_, fields) = current.get_or_insert_with(|| (row, Vec::new()));
        let col = col as usize;
        while fields.len() < col {
            fields.push(Ok(String::new()));
        }
        let month = months.get(col).copied().unwrap_or(false);
        if fields.len() == col {
            fields.push(cell_text(&value, month));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::csv_stream::{Item, Record, RowReader};
    use crate::import_preview::ImportKind;

    type Rows = Vec<(usize, Vec<String>)>;

    /// Each row's number and every column's value, by the import's keys.
    fn by_key(rows: impl Iterator<Item = crate::csv_file::Row>) -> Rows {
        let (columns, _, _) = ImportKind::Cells.spec();
        rows.map(|r| (r.line, columns.iter().map(|(k, _)| r.get(k)).collect()))
            .collect()
    }

    #[test]
    fn a_sheet_read_a_row_at_a_time_gives_the_rows_it_gave_read_whole() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("cells.xlsx");
        let mut book = rust_xlsxwriter::Workbook::new();
        let s = book.add_worksheet();
        // A blank first row, headings from column B, a cell left out, a blank row, numbers.
        for (c, h) in ["名称", "类型", "行政区划", "人数/户数"].iter().enumerate() {
            s.write_string(1, c as u16 + 1, *h).unwrap();
        }
        s.write_string(2, 1, "甲小区").unwrap();
        s.write_string(2, 2, "小区").unwrap();
        s.write_string(2, 3, "220102").unwrap();
        s.write_number(2, 4, 300.0).unwrap();
        s.write_string(3, 1, "乙小区").unwrap();
        s.write_string(3, 3, "220104").unwrap();
        s.write_string(5, 1, "丙小区").unwrap();
        s.write_string(5, 2, "小区").unwrap();
        s.write_number(5, 3, 220102.0).unwrap();
        s.write_number(5, 4, 0.1 + 0.2).unwrap();
        book.save(&p).unwrap();
        let (columns, required, months) = ImportKind::Cells.spec();
        let whole =
            crate::xlsx_file::read_rows(&std::fs::read(&p).unwrap(), columns, required, months)
                .unwrap();
        let (rows, count) = open(&p, columns, months).unwrap().unwrap();
        let recs = rows.map(|(row, fields)| Record {
            row,
            fields,
            ended: true,
            open_quote: false,
        });
        let streamed = RowReader::new(recs, columns, required)
            .unwrap()
            .map(|i| match i.unwrap() {
                Item::Row(r) => r,
                Item::Bad(e) => panic!("{e:?}"),
            });
        let streamed = by_key(streamed);
        assert_eq!(streamed, by_key(whole.into_iter()));
        assert_eq!(streamed.iter().map(|r| r.0).collect::<Vec<_>>(), [3, 4, 6]);
        // A number read as Excel shows it, in the district column (the fifth key).
        assert_eq!(streamed[2].1[4], "220102");
        assert_eq!(count, 4);
    }

    /// A workbook written part by part, its sheet's `<sheetData>` being `rows`.
    fn handmade_xlsx(path: &Path, rows: &str) {
        use std::io::Write;
        let parts = [
            ("[Content_Types].xml", r#"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>"#.to_string()),
            ("_rels/.rels", r#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#.to_string()),
            ("xl/workbook.xml", r#"<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><workbookPr/><sheets><sheet name="台账" sheetId="1" r:id="rId1"/></sheets></workbook>"#.to_string()),
            ("xl/_rels/workbook.xml.rels", r#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#.to_string()),
            // Styles: 0 general, 1 built-in date (14), 2 custom date-time, 3 custom number
            // with a quoted "d", 4 elapsed time.
            ("xl/styles.xml", r#"<?xml version="1.0"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="3"><numFmt numFmtId="164" formatCode="yyyy/mm/dd hh:mm"/><numFmt numFmtId="165" formatCode="0.00&quot;d&quot;"/><numFmt numFmtId="166" formatCode="[h]:mm"/></numFmts><cellXfs count="5"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/><xf numFmtId="164"/><xf numFmtId="165"/><xf numFmtId="166"/></cellXfs></styleSheet>"#.to_string()),
            ("xl/sharedStrings.xml", r#"<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="5" uniqueCount="5"><si><t>名称</t></si><si><t>类型</t></si><si><r><rPr><b/></rPr><t>甲</t></r><r><t xml:space="preserve"> 小区 &amp; 院</t></r><rPh><t>ジャ</t></rPh></si><si><t xml:space="preserve">  留空格  </t></si><si><t>  修剪  </t></si><si><t>换_x000D_行</t></si></sst>"#.to_string()),
            ("xl/worksheets/sheet1.xml", format!(r#"<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{rows}</sheetData></worksheet>"#)),
        ];
        let mut zip = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
        for (name, text) in parts {
            zip.start_file(name, zip::write::SimpleFileOptions::default())
                .unwrap();
            zip.write_all(text.as_bytes()).unwrap();
        }
        zip.finish().unwrap();
    }

    const SHEET: &str = r#"<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="inlineStr"><is><t>日期</t></is></c></row><row r="2"><c r="A2" t="s"><v>2</v></c><c r="B2" t="s"><v>3</v></c><c r="C2" s="1"><v>45748</v></c><c r="D2" s="2"><v>45748.375</v></c><c r="E2" s="3"><v>12.5</v></c><c r="F2" s="4"><v>1.5</v></c></row><row r="4"><c r="B4" t="s"><v>4</v></c><c r="C4" t="inlineStr"><is><r><t>乙</t></r><r><t xml:space="preserve"> 院</t></r></is></c><c r="D4" t="b"><v>1</v></c><c r="E4" t="b"><v>0</v></c><c r="F4" t="str"><f>A1</f><v>名&amp;称</v></c><c r="G4"><v>0.30000000000000004</v></c><c r="H4" s="1"><v>0.25</v></c><c r="I4" t="s"><v>5</v></c><c r="J4"/></row>"#;

    /// Each row that has text, its trailing blank cells left off.
    fn texts(rows: Vec<(usize, Vec<String>)>) -> Rows {
        rows.into_iter()
            .map(|(r, mut f)| {
                while f.last().is_some_and(|s| s.is_empty()) {
                    f.pop();
                }
                (r, f)
            })
            .filter(|(_, f)| !f.is_empty())
            .collect()
    }

    #[test]
    fn every_kind_of_cell_reads_the_same_streamed_as_read_whole() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("kinds.xlsx");
        handmade_xlsx(&p, SHEET);
        let (columns, _, months) = ImportKind::Cells.spec();
        let whole =
            crate::xlsx_file::read_sheet(&std::fs::read(&p).unwrap(), columns, months).unwrap();
        let (rows, count) = open(&p, columns, months).unwrap().unwrap();
        let streamed: Rows = texts(rows.collect());
        assert_eq!(streamed, texts(whole));
        assert_eq!(count, 3);
        let row2 = &streamed[1].1;
        assert_eq!(row2[0], "甲 小区 & 院");
        assert_eq!(row2[1], "  留空格  ");
        assert_eq!(row2[2], "2025-04-01");
        assert_eq!(row2[3], "2025-04-01 09:00");
        assert_eq!(row2[4], "12.5");
        let row4 = &streamed[2].1;
        assert_eq!(
            &row4[1..8],
            ["修剪", "乙 院", "TRUE", "FALSE", "名&称", "0.3", "06:00"]
        );
        assert_eq!(row4[8], "换\r行");
    }

    #[test]
    fn an_error_cell_refuses_the_file_streamed_as_read_whole() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("error.xlsx");
        let sheet = SHEET.replace(r#"<c r="J4"/>"#, r#"<c r="J4" t="e"><v>#N/A</v></c>"#);
        handmade_xlsx(&p, &sheet);
        let (columns, _, months) = ImportKind::Cells.spec();
        let whole = crate::xlsx_file::read_sheet(&std::fs::read(&p).unwrap(), columns, months);
        let streamed = open(&p, columns, months).map(|_| ());
        let (Err(whole), Err(streamed)) = (whole, streamed) else {
            panic!("an error cell must refuse the file");
        };
        assert_eq!(format!("{streamed:?}"), format!("{whole:?}"));
        assert!(format!("{streamed:?}").contains("#N/A"));
    }
}

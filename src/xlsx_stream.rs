//! An XLSX sheet read a row at a time, so that a large workbook's import keeps memory flat
//! in its rows: the sheet's XML is read from the file as it goes (never the whole sheet in
//! memory), twice: a first pass finds the error cells (`#N/A` …), which refuse the file
//! before any row is checked, as [`crate::xlsx_file::read_sheet`] does; the second yields the
//! rows, read on a thread of its own a few hundred rows ahead. What stays in memory is the
//! workbook's shared-strings table, which the format keeps apart from the sheet (each
//! distinct text of the workbook once). XLS and ODS are read whole ([`read_sheet`]).
//!
//! [`read_sheet`]: crate::xlsx_file::read_sheet

use std::fs::File;
use std::io::BufReader;
use std::path::Path;
use std::sync::mpsc;

use calamine::{Data, Reader, Xlsx};

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
    let Ok(mut book) = Xlsx::new(BufReader::new(File::open(path)?)) else {
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
    drop(book);
    let (tx, rx) = mpsc::sync_channel::<SheetRow>(AHEAD);
    let path = path.to_path_buf();
    std::thread::spawn(move || {
        let Ok(file) = File::open(&path) else { return };
        let Ok(mut book) = Xlsx::new(BufReader::new(file)) else {
            return;
        };
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
    book: &mut Xlsx<BufReader<File>>,
    columns: &[(&'static str, &'static str)],
    month_keys: &[&str],
    f: OnRow<'_>,
) -> Result<()> {
    let Some(name) = book.sheet_names().first().cloned() else {
        return Err(crate::Error::ImportRejected(vec![FieldError::new(
            None,
            "file",
            Rule::EmptyFile,
            &[],
        )]));
    };
    let mut cells = book
        .worksheet_cells_reader(&name)
        .map_err(|e| unreadable(&e.to_string()))?;
    let mut header: Option<Vec<String>> = None;
    let mut months: Vec<bool> = Vec::new();
    let mut current: Option<(u32, Cells)> = None;
    loop {
        let next = cells.next_cell().map_err(|e| unreadable(&e.to_string()))?;
        let pos = next.as_ref().map(|c| c.get_position());
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
        let Some(cell) = next else {
            return Ok(());
        };
        let (row, col) = cell.get_position();
        let (_, fields) = current.get_or_insert_with(|| (row, Vec::new()));
        let col = col as usize;
        while fields.len() < col {
            fields.push(Ok(String::new()));
        }
        let month = months.get(col).copied().unwrap_or(false);
        let value = Data::from(cell.get_value().clone());
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
}

//! Imports read from the disk a row at a time: every encoding the in-memory reader accepts,
//! progress as the rows are read, and refusals that stay short on a file of bad rows.

use zwl::import_preview::ImportKind;
use zwl::import_run::{self, Progress};
use zwl::{Error, Ledger};

const HEAD: &str = "名称,类型,行政区划,地址\n";

fn cells(n: usize) -> String {
    let mut s = HEAD.to_string();
    for i in 1..=n {
        s.push_str(&format!("幸福{i}号小区,小区,220102,人民大街{i}号\n"));
    }
    s
}

fn import_bytes(l: &mut Ledger, bytes: &[u8]) -> zwl::Result<zwl::csv_file::Imported> {
    let d = tempfile::tempdir().unwrap();
    let f = d.path().join("cells.csv");
    std::fs::write(&f, bytes).unwrap();
    import_run::import(l, ImportKind::Cells, &f, &mut |_| {})
}

#[test]
fn a_file_in_gb18030_or_utf16_imports_from_the_disk_as_utf8_does() {
    let text = cells(3);
    let gb = encoding_rs::GB18030.encode(&text).0.into_owned();
    let mut utf16 = vec![0xFF, 0xFE];
    for u in text.replace(',', "\t").encode_utf16() {
        utf16.extend(u.to_le_bytes());
    }
    let mut bom = b"\xEF\xBB\xBF".to_vec();
    bom.extend(text.as_bytes());
    for bytes in [text.as_bytes().to_vec(), bom, gb, utf16] {
        let mut l = Ledger::open_in_memory().unwrap();
        assert_eq!(import_bytes(&mut l, &bytes).unwrap().added, 3);
    }
}

#[test]
fn a_file_cut_inside_a_character_is_refused_naming_its_last_row() {
    let mut l = Ledger::open_in_memory().unwrap();
    let mut b = cells(2).trim_end().as_bytes().to_vec();
    b.pop();
    let e = import_bytes(&mut l, &b).unwrap_err();
    assert_eq!(e.fields()[0].code, "truncated_row");
    assert_eq!(e.fields()[0].row, Some(3));
}

#[test]
fn bytes_in_no_accepted_encoding_are_refused() {
    let mut l = Ledger::open_in_memory().unwrap();
    let e = import_bytes(&mut l, b"a,b\n\xFF\xFF,c\n").unwrap_err();
    assert_eq!(e.code(), "import_rejected");
    assert_eq!(e.fields()[0].code, "encoding");
}

#[test]
fn an_import_reports_its_progress_as_it_reads_the_rows() {
    let mut l = Ledger::open_in_memory().unwrap();
    let d = tempfile::tempdir().unwrap();
    let f = d.path().join("cells.csv");
    std::fs::write(&f, cells(5000)).unwrap();
    let mut seen: Vec<Progress> = Vec::new();
    let r = import_run::import(&mut l, ImportKind::Cells, &f, &mut |p| seen.push(p)).unwrap();
    assert_eq!(r.added, 5000);
    let rows: Vec<usize> = seen.iter().map(|p| p.rows).collect();
    assert_eq!(rows, [2000, 4000, 5000]);
    assert!(seen[0].fraction > 0.0 && seen[0].fraction < 1.0, "{seen:?}");
    assert_eq!(seen.last().unwrap().fraction, 1.0);
}

#[test]
fn a_file_of_bad_rows_lists_a_hundred_problems_counts_the_rest_and_writes_nothing() {
    let mut l = Ledger::open_in_memory().unwrap();
    let mut s = HEAD.to_string();
    for i in 1..=250 {
        s.push_str(&format!("幸福{i}号小区,小区,999999,某路\n"));
    }
    let e = import_bytes(&mut l, s.as_bytes()).unwrap_err();
    let Error::ImportRejected(f) = &e else {
        panic!("{e:?}")
    };
    assert_eq!(f.len(), 101);
    assert_eq!(f[0].row, Some(2));
    assert_eq!(f[0].field, "district");
    assert_eq!(f[100].code, "more_errors");
    assert!(f[100].message_en.contains("150"), "{}", f[100].message_en);
    let n: i64 = l
        .conn()
        .query_row("SELECT count(*) FROM cells", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, 0, "all or nothing");
}

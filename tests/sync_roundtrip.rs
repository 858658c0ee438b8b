//! A bundle carries every travelling table across: into an empty ledger it gives the same
//! content, twice it changes nothing, and only what changed travels the next time.

mod sync_common;

use sync_common::*;
use zwl::Ledger;

#[test]
fn a_full_bundle_into_an_empty_ledger_gives_the_same_content() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = ledger(dir.path(), "a");
    some_work(&mut a, "甲");
    let bundle = export_full(&mut a, &dir.path().join("out"));
    let mut b = ledger(dir.path(), "b");
    let r = zwl::sync::import(&mut b, &bundle, &mut |_| {}).unwrap();
    assert!(r.applied > 0 && r.conflicts == 0, "{r:?}");
    let (ca, cb) = (content(&a), content(&b));
    for (table, rows) in &ca {
        let other = &cb[table];
        for (key, row) in rows {
            match other.get(key) {
                Some(o) => assert_eq!(o, row, "{table} {key}"),
                // A row both ledgers made on their own (a seeded district or setting) is
                // the same content under another id.
                None => assert!(
                    plain(other).contains(&plain(&[(key.clone(), row.clone())].into())[0]),
                    "{table} {key} missing"
                ),
            }
        }
    }
    // The deleted cell travelled as a tombstone.
    let deleted: i64 = b
        .conn()
        .query_row("SELECT count(*) FROM cells WHERE deleted = 1", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(deleted, 1);
    assert!(
        zwl::audit::check(b.conn()).unwrap().ok(),
        "{:?}",
        zwl::audit::check(b.conn()).unwrap()
    );
}

#[test]
fn importing_the_same_bundle_twice_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = ledger(dir.path(), "a");
    some_work(&mut a, "甲");
    let bundle = export_full(&mut a, &dir.path().join("out"));
    let mut b = ledger(dir.path(), "b");
    zwl::sync::import(&mut b, &bundle, &mut |_| {}).unwrap();
    let (sha, n) = (file_sha(&b), counts(&b));
    let again = zwl::sync::import(&mut b, &bundle, &mut |_| {}).unwrap();
    assert!(again.already);
    assert_eq!(file_sha(&b), sha);
    assert_eq!(counts(&b), n);
    assert!(zwl::audit::check(b.conn()).unwrap().ok());
}

#[test]
fn the_same_rows_in_another_bundle_change_nothing_either() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = ledger(dir.path(), "a");
    some_work(&mut a, "甲");
    let first = export_full(&mut a, &dir.path().join("one"));
    let second = export_full(&mut a, &dir.path().join("two"));
    let mut b = ledger(dir.path(), "b");
    zwl::sync::import(&mut b, &first, &mut |_| {}).unwrap();
    let sets: i64 = b
        .conn()
        .query_row("SELECT count(*) FROM change_sets", [], |r| r.get(0))
        .unwrap();
    let c = content(&b);
    let r = zwl::sync::import(&mut b, &second, &mut |_| {}).unwrap();
    assert_eq!((r.applied, r.conflicts), (0, 0), "{r:?}");
    assert_eq!(content(&b), c);
    let after: i64 = b
        .conn()
        .query_row("SELECT count(*) FROM change_sets", [], |r| r.get(0))
        .unwrap();
    assert_eq!(after, sets, "no new change set");
}

#[test]
fn an_export_to_the_same_folder_sends_only_what_changed_since() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    std::fs::create_dir_all(&out).unwrap();
    let mut a = ledger(dir.path(), "a");
    some_work(&mut a, "甲");
    let first = zwl::sync::export(&mut a, &out, false, &mut |_| {}).unwrap();
    assert!(first.full);
    let c = zwl::cells::add(&mut a, &office("乙市新局")).unwrap();
    std::thread::sleep(std::time::Duration::from_millis(1100));
    let next = zwl::sync::export(&mut a, &out, false, &mut |_| {}).unwrap();
    assert!(!next.full);
    let cells = next.tables.iter().find(|t| t.table == "cells").unwrap();
    assert_eq!(cells.rows, 1, "{next:?}");
    assert!(next.rows < first.rows);
    // Applied after the first, the second brings the new cell.
    let mut b = ledger(dir.path(), "b");
    zwl::sync::import(&mut b, std::path::Path::new(&first.file), &mut |_| {}).unwrap();
    zwl::sync::import(&mut b, std::path::Path::new(&next.file), &mut |_| {}).unwrap();
    assert!(zwl::cells::get(b.conn(), c.id).is_ok());
    let hist = zwl::sync::history(a.conn()).unwrap();
    assert_eq!(hist.len(), 2);
}

#[test]
fn a_bundle_carries_the_chain_head_and_anchors_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = ledger(dir.path(), "a");
    some_work(&mut a, "甲");
    let head = zwl::audit::head(a.conn()).unwrap();
    let r = zwl::sync::export(&mut a, &dir.path().join("x.zip"), true, &mut |_| {}).unwrap();
    assert_eq!(
        (r.head_seq, r.head_hash.clone()),
        (head.seq, head.hash.clone())
    );
    let seen = zwl::audit::chain::seen_heads(a.conn()).unwrap();
    assert!(seen
        .iter()
        .any(|h| h.seq == head.seq && h.hash == head.hash));
    let mut b = ledger(dir.path(), "b");
    let imp = zwl::sync::import(&mut b, std::path::Path::new(&r.file), &mut |_| {}).unwrap();
    assert!(imp.head_ok);
    assert_eq!(imp.head_seq, head.seq);
}

#[test]
fn an_import_takes_the_clock_past_every_incoming_row() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = ledger(dir.path(), "a");
    for i in 0..20 {
        zwl::cells::add(&mut a, &office(&format!("甲{i}局"))).unwrap();
    }
    let bundle = export_full(&mut a, &dir.path().join("o"));
    let mut b: Ledger = ledger(dir.path(), "b");
    zwl::sync::import(&mut b, &bundle, &mut |_| {}).unwrap();
    let clock = |l: &Ledger| -> i64 {
        l.conn()
            .query_row(
                "SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'clock'",
                [],
                |r| r.get(0),
            )
            .unwrap()
    };
    assert!(clock(&b) >= clock(&a));
}

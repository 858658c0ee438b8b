//! A bundle anchors its source's chain head at the receiver: when a later bundle from the same
//! installation carries a history that no longer passes through that head (its ledger was
//! rewritten or replaced by an older copy since), the import says so.

mod sync_common;

use sync_common::*;
use zwl::Ledger;

/// Checkpoints the WAL so that the file alone is the ledger.
fn settle(l: &Ledger) {
    l.conn()
        .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))
        .unwrap();
}

#[test]
fn a_source_whose_history_was_rewritten_since_its_last_bundle_is_flagged_on_import() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.db");
    let mut a = ledger(dir.path(), "a");
    some_work(&mut a, "甲");
    settle(&a);
    // An older copy of the source's file, kept aside.
    let old = dir.path().join("a-old.db");
    std::fs::copy(&path, &old).unwrap();
    zwl::cells::add(&mut a, &office("甲市第三局")).unwrap();
    let first = zwl::sync::export(&mut a, &dir.path().join("1.zip"), true, &mut |_| {}).unwrap();
    drop(a);

    let mut b = ledger(dir.path(), "b");
    let r = zwl::sync::import(&mut b, std::path::Path::new(&first.file), &mut |_| {}).unwrap();
    assert!(r.head_ok, "the first bundle extends nothing seen before");

    // The source's ledger is put back to the older copy, and work goes on from there.
    for ext in ["db-wal", "db-shm"] {
        let _ = std::fs::remove_file(path.with_extension(ext));
    }
    std::fs::copy(&old, &path).unwrap();
    let mut a = Ledger::open(&path).unwrap();
    zwl::cells::add(&mut a, &office("甲市另一个第三局")).unwrap();
    let second = zwl::sync::export(&mut a, &dir.path().join("2.zip"), true, &mut |_| {}).unwrap();
    let r = zwl::sync::import(&mut b, std::path::Path::new(&second.file), &mut |_| {}).unwrap();
    assert!(
        !r.head_ok,
        "the second bundle's history does not pass through the head the first one carried"
    );
    let hist = zwl::sync::history(b.conn()).unwrap();
    assert!(hist.iter().any(|h| h.direction == "import" && !h.head_ok));
}

#[test]
fn a_source_that_only_went_on_is_not_flagged() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = ledger(dir.path(), "a");
    some_work(&mut a, "甲");
    let first = zwl::sync::export(&mut a, &dir.path().join("1.zip"), true, &mut |_| {}).unwrap();
    let mut b = ledger(dir.path(), "b");
    zwl::sync::import(&mut b, std::path::Path::new(&first.file), &mut |_| {}).unwrap();
    zwl::cells::add(&mut a, &office("甲市第三局")).unwrap();
    let second = zwl::sync::export(&mut a, &dir.path().join("2.zip"), false, &mut |_| {}).unwrap();
    let r = zwl::sync::import(&mut b, std::path::Path::new(&second.file), &mut |_| {}).unwrap();
    assert!(r.head_ok);
}

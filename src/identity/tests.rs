use super::*;

fn ledger(dir: &Path) -> Ledger {
    Ledger::create(dir.join("ledger.db")).unwrap()
}

#[test]
fn a_ledger_opened_where_it_lives_is_at_home() {
    let dir = tempfile::tempdir().unwrap();
    let mut l = ledger(dir.path());
    assert_eq!(check_on(&mut l, "m1").unwrap(), LedgerHome::Recorded);
    assert_eq!(check_on(&mut l, "m1").unwrap(), LedgerHome::AtHome);
    let p = l.path().unwrap().to_path_buf();
    drop(l);
    let mut l = Ledger::open_existing(&p).unwrap();
    assert_eq!(check_on(&mut l, "m1").unwrap(), LedgerHome::AtHome);
}

#[test]
fn a_ledger_on_another_machine_is_a_copy() {
    let dir = tempfile::tempdir().unwrap();
    let mut l = ledger(dir.path());
    check_on(&mut l, "m1").unwrap();
    assert!(matches!(
        check_on(&mut l, "m2").unwrap(),
        LedgerHome::Copy {
            other_machine: true,
            ..
        }
    ));
}

#[test]
fn a_file_copied_beside_the_original_on_one_machine_is_a_copy() {
    let dir = tempfile::tempdir().unwrap();
    let mut l = ledger(dir.path());
    check_on(&mut l, "m1").unwrap();
    let p = l.path().unwrap().to_path_buf();
    drop(l);
    let copy = dir.path().join("copy.db");
    std::fs::copy(&p, &copy).unwrap();
    let mut c = Ledger::open_existing(&copy).unwrap();
    assert!(matches!(
        check_on(&mut c, "m1").unwrap(),
        LedgerHome::Copy {
            other_machine: false,
            ..
        }
    ));
}

#[test]
fn a_file_moved_on_one_machine_is_not_a_copy() {
    let dir = tempfile::tempdir().unwrap();
    let mut l = ledger(dir.path());
    check_on(&mut l, "m1").unwrap();
    let p = l.path().unwrap().to_path_buf();
    drop(l);
    let moved = dir.path().join("moved.db");
    std::fs::rename(&p, &moved).unwrap();
    let mut m = Ledger::open_existing(&moved).unwrap();
    assert!(matches!(
        check_on(&mut m, "m1").unwrap(),
        LedgerHome::Moved { .. }
    ));
    assert_eq!(check_on(&mut m, "m1").unwrap(), LedgerHome::AtHome);
}

#[test]
fn a_copy_given_a_new_identity_writes_under_another_origin_and_old_rows_keep_theirs() {
    let dir = tempfile::tempdir().unwrap();
    let mut l = ledger(dir.path());
    check_on(&mut l, "m1").unwrap();
    let old = l.installation().to_string();
    let p = l.path().unwrap().to_path_buf();
    drop(l);
    let copy = dir.path().join("copy.db");
    std::fs::copy(&p, &copy).unwrap();
    let mut c = Ledger::open_existing(&copy).unwrap();
    let before: i64 = c
        .conn()
        .query_row("SELECT count(*) FROM districts WHERE origin = 1", [], |r| {
            r.get(0)
        })
        .unwrap();
    let n = new_identity_on(&mut c, "二号机", "B2", "m2").unwrap();
    assert_eq!(n.old_installation, old);
    assert_ne!(c.installation(), old);
    assert_eq!(check_on(&mut c, "m2").unwrap(), LedgerHome::AtHome);
    c.set_setting("operator", "李四").unwrap();
    let origin: i64 = c
        .conn()
        .query_row(
            "SELECT n FROM installations WHERE id = ?1",
            [c.installation()],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(origin, 2, "a new installations row");
    let after: i64 = c
        .conn()
        .query_row("SELECT count(*) FROM districts WHERE origin = 1", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(before, after, "old rows keep their origin");
    let rep = crate::audit::check(c.conn()).unwrap();
    assert!(rep.ok(), "{:?}", rep.log_problems);
    // The original is untouched: still its own id.
    let o = Ledger::open_existing(&p).unwrap();
    assert_eq!(o.installation(), old);
}

#[test]
fn a_new_identity_needs_a_name_and_a_valid_code() {
    let dir = tempfile::tempdir().unwrap();
    let mut l = ledger(dir.path());
    let old = l.installation().to_string();
    assert!(new_identity_on(&mut l, "", "B2", "m1").is_err());
    assert!(new_identity_on(&mut l, "二号机", "b-2", "m1").is_err());
    assert_eq!(l.installation(), old, "a refused identity changes nothing");
}

#[test]
fn a_moved_file_kept_by_the_clerk_is_at_home_on_the_new_machine() {
    let dir = tempfile::tempdir().unwrap();
    let mut l = ledger(dir.path());
    check_on(&mut l, "m1").unwrap();
    let old = l.installation().to_string();
    keep_on(&mut l, "m2").unwrap();
    assert_eq!(check_on(&mut l, "m2").unwrap(), LedgerHome::AtHome);
    assert_eq!(l.installation(), old);
}

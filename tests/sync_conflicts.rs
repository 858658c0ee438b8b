//! A row changed on both sides since they last met: the higher version wins everywhere and
//! the other is kept for review; a clerk resolves it; unique values that collide become
//! conflicts, never a failed import.

mod sync_common;

use std::path::Path;

use sync_common::*;
use zwl::cells;
use zwl::construction::registers::{self, EntryDraft};
use zwl::sync::Keep;
use zwl::Ledger;

fn send(from: &mut Ledger, to: &mut Ledger, dir: &Path) -> zwl::sync::ImportReport {
    let f = zwl::sync::export(from, dir, false, &mut |_| {}).unwrap();
    zwl::sync::import(to, Path::new(&f.file), &mut |_| {}).unwrap()
}

fn folder(dir: &Path, name: &str) -> std::path::PathBuf {
    let p = dir.join(name);
    std::fs::create_dir_all(&p).unwrap();
    p
}

fn name_of(l: &Ledger, id: zwl::ids::CellId) -> String {
    cells::get(l.conn(), id).unwrap().name
}

#[test]
fn an_edit_of_a_row_received_travels_back_without_a_conflict() {
    let dir = tempfile::tempdir().unwrap();
    let (ab, ba) = (folder(dir.path(), "ab"), folder(dir.path(), "ba"));
    let mut a = ledger(dir.path(), "a");
    let mut b = ledger(dir.path(), "b");
    let c = cells::add(&mut a, &office("甲局")).unwrap();
    send(&mut a, &mut b, &ab);
    cells::edit(&mut b, c.id, &office("甲局（改名）")).unwrap();
    let r = send(&mut b, &mut a, &ba);
    assert_eq!(r.conflicts, 0, "{r:?}");
    assert_eq!(name_of(&a, c.id), "甲局（改名）");
    assert!(zwl::sync::conflicts(a.conn(), true).unwrap().is_empty());
    assert!(zwl::audit::check(a.conn()).unwrap().ok());
}

#[test]
fn edits_on_both_sides_keep_the_higher_version_everywhere_and_the_other_for_review() {
    let dir = tempfile::tempdir().unwrap();
    let (ab, ba) = (folder(dir.path(), "ab"), folder(dir.path(), "ba"));
    let mut a = ledger(dir.path(), "a");
    let mut b = ledger(dir.path(), "b");
    let c = cells::add(&mut a, &office("甲局")).unwrap();
    send(&mut a, &mut b, &ab);
    cells::edit(&mut a, c.id, &office("甲局（甲改）")).unwrap();
    cells::edit(&mut b, c.id, &office("甲局（乙改）")).unwrap();
    let to_b = send(&mut a, &mut b, &ab);
    let to_a = send(&mut b, &mut a, &ba);
    assert_eq!(
        name_of(&a, c.id),
        name_of(&b, c.id),
        "both sides hold the same version"
    );
    for (l, r) in [(&a, &to_a), (&b, &to_b)] {
        let open = zwl::sync::conflicts(l.conn(), false).unwrap();
        assert_eq!(open.len(), 1, "{r:?}");
        assert_eq!(
            r.conflicts, 1,
            "each import reports the conflict it made: {r:?}"
        );
        let k = &open[0];
        assert_eq!(
            (k.table.as_str(), k.reason.as_str()),
            ("cells", "concurrent")
        );
        let name = k.fields.iter().find(|f| f.field == "name").unwrap();
        assert!(name.differs);
        assert_eq!(name.current, name_of(l, c.id));
        assert!(["甲局（甲改）", "甲局（乙改）"].contains(&name.other.as_str()));
        assert!(!name.label_zh.is_empty());
    }
}

#[test]
fn taking_the_other_version_is_a_new_edit_that_wins_everywhere() {
    let dir = tempfile::tempdir().unwrap();
    let (ab, ba) = (folder(dir.path(), "ab"), folder(dir.path(), "ba"));
    let mut a = ledger(dir.path(), "a");
    let mut b = ledger(dir.path(), "b");
    let c = cells::add(&mut a, &office("甲局")).unwrap();
    send(&mut a, &mut b, &ab);
    cells::edit(&mut a, c.id, &office("甲局（甲改）")).unwrap();
    cells::edit(&mut b, c.id, &office("甲局（乙改）")).unwrap();
    send(&mut a, &mut b, &ab);
    send(&mut b, &mut a, &ba);
    let k = zwl::sync::conflicts(a.conn(), false).unwrap().remove(0);
    let lost = k
        .fields
        .iter()
        .find(|f| f.field == "name")
        .unwrap()
        .other
        .clone();
    let done = zwl::sync::resolve(&mut a, k.id, Keep::Other, Some("乙方名称正确")).unwrap();
    assert_eq!(done.resolution.as_deref(), Some("other"));
    assert_eq!(name_of(&a, c.id), lost);
    assert!(zwl::sync::conflicts(a.conn(), false).unwrap().is_empty());
    send(&mut a, &mut b, &ab);
    assert_eq!(
        name_of(&b, c.id),
        lost,
        "the clerk's choice travels and wins"
    );
    assert!(zwl::audit::check(a.conn()).unwrap().ok());
    assert!(zwl::audit::check(b.conn()).unwrap().ok());
}

#[test]
fn keeping_the_current_version_closes_the_conflict_and_changes_no_row() {
    let dir = tempfile::tempdir().unwrap();
    let (ab, ba) = (folder(dir.path(), "ab"), folder(dir.path(), "ba"));
    let mut a = ledger(dir.path(), "a");
    let mut b = ledger(dir.path(), "b");
    let c = cells::add(&mut a, &office("甲局")).unwrap();
    send(&mut a, &mut b, &ab);
    cells::edit(&mut a, c.id, &office("甲局（甲改）")).unwrap();
    cells::edit(&mut b, c.id, &office("甲局（乙改）")).unwrap();
    send(&mut b, &mut a, &ba);
    let before = content(&a);
    let k = zwl::sync::conflicts(a.conn(), false).unwrap().remove(0);
    zwl::sync::resolve(&mut a, k.id, Keep::Current, None).unwrap();
    assert_eq!(content(&a), before);
    assert_eq!(zwl::sync::conflicts(a.conn(), true).unwrap().len(), 1);
    assert!(zwl::sync::conflicts(a.conn(), false).unwrap().is_empty());
}

fn vehicle(l: &mut Ledger, company: &str, uscc: &str, plate: &str, driver: &str) {
    registers::add_transporter(
        l,
        &EntryDraft {
            name: company.into(),
            uscc: uscc.into(),
            permit_no: format!("长渣运〔2026〕{driver}"),
            valid_until: "2030-01-01".into(),
            ..Default::default()
        },
    )
    .unwrap();
    registers::add_vehicle(
        l,
        &EntryDraft {
            name: plate.into(),
            transporter: company.into(),
            driver: driver.into(),
            permit_no: format!("准运〔2026〕{driver}"),
            valid_until: "2030-01-01".into(),
            rated_payload_t: "20".into(),
            box_volume_m3: "12".into(),
            ..Default::default()
        },
    )
    .unwrap();
}

#[test]
fn a_plate_registered_on_both_sides_is_a_conflict_not_a_failed_import() {
    let dir = tempfile::tempdir().unwrap();
    let ab = folder(dir.path(), "ab");
    let mut a = ledger(dir.path(), "a");
    let mut b = ledger(dir.path(), "b");
    vehicle(
        &mut a,
        "长春甲运输公司",
        "91220101131860916E",
        "吉A12345",
        "张伟",
    );
    vehicle(&mut b, "长春乙运输公司", "", "吉A12345", "李强");
    let r = send(&mut a, &mut b, &ab);
    assert_eq!(r.conflicts, 1, "{r:?}");
    let k = zwl::sync::conflicts(b.conn(), false).unwrap().remove(0);
    assert_eq!(
        (k.table.as_str(), k.reason.as_str()),
        ("cw_vehicles", "unique")
    );
    let driver = k.fields.iter().find(|f| f.field == "driver").unwrap();
    let mut both = [driver.current.as_str(), driver.other.as_str()];
    both.sort();
    assert_eq!(both, ["张伟", "李强"]);
    // One vehicle holds the plate, the version that wins, on both sides.
    send(&mut b, &mut a, &folder(dir.path(), "ba"));
    let driver_of = |l: &Ledger| -> String {
        l.conn()
            .query_row(
                "SELECT driver FROM cw_vehicles WHERE plate = '吉A12345' AND deleted = 0",
                [],
                |r| r.get(0),
            )
            .unwrap()
    };
    assert_eq!(driver_of(&a), driver_of(&b));
    assert_eq!(driver_of(&b), driver.current);
    // The other rows of the bundle were taken.
    let transporters: i64 = b
        .conn()
        .query_row("SELECT count(*) FROM cw_transporters", [], |r| r.get(0))
        .unwrap();
    assert_eq!(transporters, 2);
    assert!(zwl::audit::check(b.conn()).unwrap().ok());
}

//! Undo (撤销): a change undone by a new change with the reason "undo", never by erasing
//! history; refused when a row changed since or when the rows put back would break a rule.

mod cw_common;

use cw_common::{codes, in_days, load, setup};
use zwl::cells::{self, CellDraft, CellFilter};
use zwl::construction::{
    manifests,
    registers::{self, EntryDraft},
};
use zwl::{undo, Ledger};

fn change_sets(l: &Ledger) -> i64 {
    l.conn()
        .query_row("SELECT count(*) FROM change_sets", [], |r| r.get(0))
        .unwrap()
}

fn checks_clean(l: &Ledger) {
    let rep = zwl::audit::check(l.conn()).unwrap();
    assert!(rep.ok(), "{:?}", rep.log_problems);
}

fn last_set(l: &Ledger) -> i64 {
    undo::last_change_set(l).unwrap().unwrap().id
}

#[test]
fn undoing_a_cancelled_manifest_writes_a_new_change_that_puts_it_back_as_dispatched() {
    let mut l = setup();
    let m = manifests::dispatch_new(&mut l, &load("吉A12345", "15", 2)).unwrap();
    manifests::cancel(&mut l, &m.number, "车辆故障").unwrap();
    let cancel = last_set(&l);
    let before = change_sets(&l);
    let u = undo::undo(&mut l, None).unwrap();
    assert_eq!(u.undone.id, cancel, "the operator's last change is undone");
    assert_eq!(change_sets(&l), before + 1, "a new change set, none erased");
    assert_eq!(u.rows.len(), 1);
    assert_eq!(u.rows[0].subject, m.number);
    assert_eq!(u.rows[0].outcome, "reverted");
    let back = manifests::get(l.conn(), &m.number).unwrap();
    assert_eq!(back.status, "dispatched");
    assert_eq!(back.cancel_reason, None);
    let h = zwl::audit::history(l.conn(), "cw_manifests", m.id.as_bytes()).unwrap();
    let last = h.last().unwrap();
    assert_eq!(last.reason.as_deref(), Some("undo"));
    assert!(
        h.iter().any(|c| c.reason.as_deref() == Some("车辆故障")),
        "the cancellation stays in the history"
    );
    checks_clean(&l);
}

#[test]
fn an_undo_is_refused_when_a_row_changed_since_and_nothing_is_written() {
    let mut l = setup();
    let m = manifests::dispatch_new(&mut l, &load("吉A12345", "15", 2)).unwrap();
    let dispatch = last_set(&l);
    manifests::cancel(&mut l, &m.number, "车辆故障").unwrap();
    let before = change_sets(&l);
    let e = undo::undo(&mut l, Some(dispatch)).unwrap_err();
    assert_eq!(codes(&e), [("undo".into(), "undo_changed_since".into())]);
    assert!(e.message_zh().contains(&m.number), "{}", e.message_zh());
    assert_eq!(change_sets(&l), before);
    assert_eq!(
        manifests::get(l.conn(), &m.number).unwrap().status,
        "cancelled"
    );
}

#[test]
fn an_undo_of_an_added_row_that_live_rows_refer_to_is_refused() {
    let mut l = setup();
    registers::add_site(
        &mut l,
        &EntryDraft {
            name: "朝阳区某办公楼项目".into(),
            permit_no: "长建核〔2026〕002".into(),
            valid_until: in_days(100),
            district: "220104".into(),
            ..Default::default()
        },
    )
    .unwrap();
    let added = last_set(&l);
    let mut d = load("吉A12345", "10", 1);
    d.site = "朝阳区某办公楼项目".into();
    manifests::dispatch_new(&mut l, &d).unwrap();
    let e = undo::undo(&mut l, Some(added)).unwrap_err();
    assert_eq!(codes(&e), [("undo".into(), "undo_breaks_rule".into())]);
    assert!(
        e.message_en().contains("manifest still refers"),
        "{}",
        e.message_en()
    );
}

#[test]
fn an_undo_that_would_use_a_plate_again_is_refused() {
    let mut l = setup();
    let vehicle = |plate: &str| EntryDraft {
        name: plate.into(),
        transporter: "长春某运输公司".into(),
        rated_payload_t: "18".into(),
        ..Default::default()
    };
    registers::add_vehicle(&mut l, &vehicle("吉B11111")).unwrap();
    let removal = undo::undo(&mut l, None).unwrap();
    assert_eq!(removal.rows[0].outcome, "removed");
    registers::add_vehicle(&mut l, &vehicle("吉B11111")).unwrap();
    let e = undo::undo(&mut l, Some(removal.change_set)).unwrap_err();
    assert_eq!(codes(&e), [("undo".into(), "undo_breaks_rule".into())]);
    checks_clean(&l);
}

#[test]
fn undoing_a_cell_edit_puts_its_name_back_in_the_search_index() {
    let mut l = Ledger::open_in_memory().unwrap();
    let draft = CellDraft {
        name: "长春市甲局".into(),
        kind: "office".into(),
        uscc: "91220101131860916E".into(),
        district: "220102".into(),
        ..Default::default()
    };
    let c = cells::add(&mut l, &draft).unwrap();
    let renamed = CellDraft {
        name: "长春市乙局".into(),
        ..draft
    };
    cells::edit(&mut l, c.id, &renamed).unwrap();
    undo::undo(&mut l, None).unwrap();
    let found = |q: &str| {
        cells::list(
            l.conn(),
            &CellFilter {
                q: q.into(),
                ..Default::default()
            },
        )
        .unwrap()
        .total
    };
    assert_eq!(found("甲局"), 1);
    assert_eq!(found("乙局"), 0);
    assert_eq!(cells::get(l.conn(), c.id).unwrap().name, "长春市甲局");
    checks_clean(&l);
}

#[test]
fn a_new_ledger_has_nothing_to_undo_and_its_creation_cannot_be_undone() {
    let mut l = Ledger::open_in_memory().unwrap();
    let e = undo::undo(&mut l, None).unwrap_err();
    assert_eq!(codes(&e), [("undo".into(), "nothing_to_undo".into())]);
    let e = undo::undo(&mut l, Some(1)).unwrap_err();
    assert_eq!(codes(&e), [("undo".into(), "undo_not_possible".into())]);
}

#[test]
fn a_cells_history_shows_its_monthly_records_changes_with_values_before_and_after() {
    use zwl::cells::records::{self, RecordInput};
    let mut l = Ledger::open_in_memory().unwrap();
    let c = cells::add(
        &mut l,
        &CellDraft {
            name: "长春市甲局".into(),
            kind: "office".into(),
            uscc: "91220101131860916E".into(),
            district: "220102".into(),
            ..Default::default()
        },
    )
    .unwrap();
    let rec = |kg: &str| RecordInput {
        month: "2025-03".into(),
        category: "可回收物".into(),
        generated: kg.into(),
        ..Default::default()
    };
    records::save(&mut l, c.id, &[rec("120")]).unwrap();
    records::save(&mut l, c.id, &[rec("150")]).unwrap();
    let h = cells::history::history(l.conn(), c.id).unwrap();
    let newest = &h[0];
    assert_eq!(newest.table, "cell_records");
    assert_eq!(newest.month, "2025-03");
    let g = newest
        .change
        .changes
        .iter()
        .find(|x| x.column == "generated_g")
        .unwrap();
    assert_eq!(
        (g.before.clone(), g.after.clone()),
        (120_000.into(), 150_000.into())
    );
    assert!(
        h.iter().any(|x| x.table == "cells"),
        "the cell's own changes too"
    );
}

#[test]
fn undoing_a_months_save_and_a_records_deletion_puts_the_figures_back() {
    use zwl::cells::records::{self, RecordInput};
    let mut l = Ledger::open_in_memory().unwrap();
    let c = cells::add(
        &mut l,
        &CellDraft {
            name: "长春市甲局".into(),
            kind: "office".into(),
            uscc: "91220101131860916E".into(),
            district: "220102".into(),
            ..Default::default()
        },
    )
    .unwrap();
    let rec = |kg: &str| RecordInput {
        month: "2025-03".into(),
        category: "可回收物".into(),
        generated: kg.into(),
        ..Default::default()
    };
    let generated = |l: &Ledger| {
        records::list(l.conn(), c.id, "2025-03", "2025-03")
            .unwrap()
            .first()
            .map(|r| r.generated_g)
    };
    records::save(&mut l, c.id, &[rec("120")]).unwrap();
    records::save(&mut l, c.id, &[rec("150")]).unwrap();
    let u = undo::undo(&mut l, None).unwrap();
    assert_eq!(u.rows[0].columns, ["generated_g"]);
    assert_eq!(generated(&l), Some(120_000));
    records::delete(&mut l, c.id, "2025-03", "可回收物").unwrap();
    assert_eq!(generated(&l), None);
    undo::undo(&mut l, None).unwrap();
    assert_eq!(generated(&l), Some(120_000), "the deleted month is back");
    checks_clean(&l);
}

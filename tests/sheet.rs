//! The month sheet (本月填报): many cells' month on one grid, saved all or nothing.

use zwl::cells::records::RecordInput;
use zwl::cells::sheet::{self, SheetEntryInput, SheetFilter, SheetRowInput, SheetSave};
use zwl::cells::{self, CellDraft};
use zwl::{Error, Ledger};

fn community(l: &mut Ledger, name: &str, district: &str) -> cells::Cell {
    let d = CellDraft {
        name: name.into(),
        kind: "community".into(),
        district: district.into(),
        ..Default::default()
    };
    cells::add(l, &d).unwrap()
}

fn filter(month: &str) -> SheetFilter {
    SheetFilter {
        month: month.into(),
        ..Default::default()
    }
}

fn entry(category: &str, kg: &str) -> SheetEntryInput {
    SheetEntryInput {
        category: category.into(),
        generated: kg.into(),
        bins: String::new(),
    }
}

fn row(n: usize, cell: &cells::Cell, entries: Vec<SheetEntryInput>) -> SheetRowInput {
    SheetRowInput {
        row: n,
        cell: cell.id.to_string(),
        entries,
    }
}

fn save(l: &mut Ledger, month: &str, rows: Vec<SheetRowInput>) -> zwl::Result<sheet::SheetSaved> {
    sheet::save(
        l,
        &SheetSave {
            month: month.into(),
            rows,
        },
    )
}

fn count(l: &Ledger, table: &str) -> i64 {
    l.conn()
        .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
        .unwrap()
}

fn refusals(e: &Error) -> Vec<(Option<usize>, String, String)> {
    e.fields()
        .iter()
        .map(|f| (f.row, f.field.clone(), f.code.clone()))
        .collect()
}

fn generated(l: &Ledger, cell: &cells::Cell, month: &str, cat: &str) -> Option<i64> {
    cells::records::list(l.conn(), cell.id, month, month)
        .unwrap()
        .into_iter()
        .find(|r| r.category == cat)
        .map(|r| r.generated_g)
}

#[test]
fn a_sheet_shows_each_cell_with_this_and_last_months_values() {
    let mut l = Ledger::open_in_memory().unwrap();
    let a = community(&mut l, "甲小区", "220102");
    community(&mut l, "乙小区", "220104");
    let mut input = RecordInput {
        month: "2025-02".into(),
        category: "kitchen".into(),
        generated: "300".into(),
        ..Default::default()
    };
    cells::records::save(&mut l, a.id, std::slice::from_ref(&input)).unwrap();
    input.month = "2025-03".into();
    input.generated = "320.5".into();
    cells::records::save(&mut l, a.id, &[input]).unwrap();

    let s = sheet::load(l.conn(), &filter("2025-03")).unwrap();
    assert_eq!(s.last_month, "2025-02");
    assert_eq!(s.total, 2);
    assert!(s.columns.iter().any(|c| c.key == "kitchen"));
    let names: Vec<_> = s.rows.iter().map(|r| (r.row, r.name.as_str())).collect();
    assert_eq!(
        names,
        [(1, "甲小区"), (2, "乙小区")],
        "by district, numbered as shown"
    );
    let k = s.columns.iter().position(|c| c.key == "kitchen").unwrap();
    assert_eq!(s.rows[0].entries[k].generated_g, Some(320_500));
    assert_eq!(s.rows[0].entries[k].last_g, Some(300_000));
    assert_eq!(s.rows[1].entries[k].generated_g, None);
}

#[test]
fn not_yet_entered_leaves_out_the_cells_with_any_record_of_the_month() {
    let mut l = Ledger::open_in_memory().unwrap();
    let a = community(&mut l, "甲小区", "220102");
    community(&mut l, "乙小区", "220102");
    save(
        &mut l,
        "2025-03",
        vec![row(1, &a, vec![entry("other", "10")])],
    )
    .unwrap();
    let mut f = filter("2025-03");
    f.missing = true;
    let s = sheet::load(l.conn(), &f).unwrap();
    let names: Vec<_> = s.rows.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(names, ["乙小区"]);
    f.month = "2025-04".into();
    assert_eq!(sheet::load(l.conn(), &f).unwrap().total, 2);
}

#[test]
fn a_sheet_filters_by_district_or_area_and_by_kind() {
    let mut l = Ledger::open_in_memory().unwrap();
    community(&mut l, "甲小区", "220102");
    community(&mut l, "乙小区", "220104");
    let mut f = filter("2025-03");
    f.area = "220104".into();
    let names: Vec<_> = sheet::load(l.conn(), &f)
        .unwrap()
        .rows
        .into_iter()
        .map(|r| r.name)
        .collect();
    assert_eq!(names, ["乙小区"]);
    f.area = "没有这个区域".into();
    let e = sheet::load(l.conn(), &f).unwrap_err();
    assert_eq!(refusals(&e), [(None, "area".into(), "unknown_area".into())]);
    f.area.clear();
    f.kind = "factory".into();
    assert_eq!(sheet::load(l.conn(), &f).unwrap().total, 0);
    f.kind = "小区".into();
    assert_eq!(sheet::load(l.conn(), &f).unwrap().total, 2);
}

#[test]
fn a_future_or_unreadable_month_is_refused_even_with_nothing_typed() {
    let mut l = Ledger::open_in_memory().unwrap();
    community(&mut l, "甲小区", "220102");
    let log = count(&l, "change_log");
    for (month, code) in [
        ("2999-01", "future_month"),
        ("2025-13", "bad_month"),
        ("", "bad_month"),
    ] {
        let e = save(&mut l, month, vec![]).unwrap_err();
        assert_eq!(
            refusals(&e),
            [(None, "month".into(), code.into())],
            "{month}"
        );
        let e = sheet::load(l.conn(), &filter(month)).unwrap_err();
        assert_eq!(
            refusals(&e),
            [(None, "month".into(), code.into())],
            "{month}"
        );
    }
    assert_eq!(count(&l, "change_log"), log);
}

#[test]
fn every_row_is_saved_in_one_transaction() {
    let mut l = Ledger::open_in_memory().unwrap();
    let a = community(&mut l, "甲小区", "220102");
    let b = community(&mut l, "乙小区", "220102");
    let sets = count(&l, "change_sets");
    let saved = save(
        &mut l,
        "2025-03",
        vec![
            row(1, &a, vec![entry("kitchen", "120"), entry("other", "80.5")]),
            row(
                2,
                &b,
                vec![entry("kitchen", "1,200"), entry("recyclable", "")],
            ),
        ],
    )
    .unwrap();
    assert_eq!((saved.changed, saved.rows), (3, 2));
    assert_eq!(
        count(&l, "change_sets"),
        sets + 1,
        "one change set for the sheet"
    );
    assert_eq!(generated(&l, &b, "2025-03", "kitchen"), Some(1_200_000));
    assert_eq!(
        generated(&l, &b, "2025-03", "recyclable"),
        None,
        "an empty entry writes nothing"
    );
    let again = save(
        &mut l,
        "2025-03",
        vec![row(1, &a, vec![entry("kitchen", "120")])],
    )
    .unwrap();
    assert_eq!(again.changed, 0, "the same values change nothing");
    assert!(zwl::audit::check(l.conn()).unwrap().ok());
}

#[test]
fn one_refused_entry_refuses_the_sheet_naming_row_cell_and_category() {
    let mut l = Ledger::open_in_memory().unwrap();
    let a = community(&mut l, "甲小区", "220102");
    let b = community(&mut l, "乙小区", "220102");
    let log = count(&l, "change_log");
    let e = save(
        &mut l,
        "2025-03",
        vec![
            row(4, &a, vec![entry("kitchen", "120")]),
            row(
                7,
                &b,
                vec![entry("kitchen", "-5"), entry("other", "99999999999")],
            ),
        ],
    )
    .unwrap_err();
    assert_eq!(
        refusals(&e),
        [
            (Some(7), "kitchen:generated".into(), "negative".into()),
            (
                Some(7),
                "other:generated".into(),
                "quantity_too_large".into()
            ),
        ]
    );
    let f = &e.fields()[0];
    assert!(
        f.message_zh.starts_with("乙小区，厨余垃圾："),
        "{}",
        f.message_zh
    );
    assert!(
        f.message_en.starts_with("乙小区, Kitchen waste: "),
        "{}",
        f.message_en
    );
    assert!(
        e.message_zh().contains("第 7 行“产生量”"),
        "{}",
        e.message_zh()
    );
    assert_eq!(count(&l, "cell_records"), 0, "row 4 was not written either");
    assert_eq!(count(&l, "change_log"), log);
}

#[test]
fn emptying_a_stored_entry_is_refused_and_deleting_stays_its_own_step() {
    let mut l = Ledger::open_in_memory().unwrap();
    let a = community(&mut l, "甲小区", "220102");
    save(
        &mut l,
        "2025-03",
        vec![row(1, &a, vec![entry("kitchen", "120")])],
    )
    .unwrap();
    let e = save(
        &mut l,
        "2025-03",
        vec![row(1, &a, vec![entry("kitchen", " ")])],
    )
    .unwrap_err();
    assert_eq!(
        refusals(&e),
        [(Some(1), "kitchen:generated".into(), "cleared_record".into())]
    );
    assert_eq!(generated(&l, &a, "2025-03", "kitchen"), Some(120_000));
}

#[test]
fn a_stored_records_outflows_are_kept_and_generation_may_not_fall_below_them() {
    let mut l = Ledger::open_in_memory().unwrap();
    let a = community(&mut l, "甲小区", "220102");
    let input = RecordInput {
        month: "2025-03".into(),
        category: "recyclable".into(),
        generated: "100".into(),
        recycled: "60".into(),
        ..Default::default()
    };
    cells::records::save(&mut l, a.id, &[input]).unwrap();
    let e = save(
        &mut l,
        "2025-03",
        vec![row(1, &a, vec![entry("recyclable", "50")])],
    )
    .unwrap_err();
    assert_eq!(
        refusals(&e),
        [(
            Some(1),
            "recyclable:generated".into(),
            "outflow_exceeds".into()
        )]
    );
    save(
        &mut l,
        "2025-03",
        vec![row(1, &a, vec![entry("recyclable", "70")])],
    )
    .unwrap();
    let r = cells::records::list(l.conn(), a.id, "2025-03", "2025-03").unwrap();
    assert_eq!((r[0].generated_g, r[0].recycled_g), (70_000, 60_000));
}

#[test]
fn bins_are_converted_with_the_cells_size_and_refused_where_there_is_none() {
    let mut l = Ledger::open_in_memory().unwrap();
    let a = community(&mut l, "甲小区", "220102");
    let b = community(&mut l, "乙小区", "220103");
    cells::activity::set_container(&mut l, a.id, "kitchen", "60").unwrap();
    let s = sheet::load(l.conn(), &filter("2025-03")).unwrap();
    let k = s.columns.iter().position(|c| c.key == "kitchen").unwrap();
    assert_eq!(s.rows[0].entries[k].container_g, Some(60_000));
    assert_eq!(s.rows[1].entries[k].container_g, None);
    let bins = |n: &str| SheetEntryInput {
        category: "kitchen".into(),
        bins: n.into(),
        ..Default::default()
    };
    let e = save(
        &mut l,
        "2025-03",
        vec![row(1, &a, vec![bins("12")]), row(2, &b, vec![bins("3")])],
    )
    .unwrap_err();
    assert_eq!(
        refusals(&e),
        [(Some(2), "kitchen:bins".into(), "no_container_size".into())]
    );
    save(&mut l, "2025-03", vec![row(1, &a, vec![bins("12")])]).unwrap();
    let s = sheet::load(l.conn(), &filter("2025-03")).unwrap();
    assert_eq!(s.rows[0].entries[k].generated_g, Some(720_000));
    assert_eq!(s.rows[0].entries[k].count, Some(12));
}

#[test]
fn an_unknown_or_repeated_cell_is_refused_by_its_row() {
    let mut l = Ledger::open_in_memory().unwrap();
    let a = community(&mut l, "甲小区", "220102");
    let e = save(
        &mut l,
        "2025-03",
        vec![
            row(1, &a, vec![entry("kitchen", "1")]),
            SheetRowInput {
                row: 2,
                cell: "不存在的小区".into(),
                entries: vec![entry("kitchen", "1")],
            },
            SheetRowInput {
                row: 3,
                cell: "甲小区".into(),
                entries: vec![entry("other", "1")],
            },
        ],
    )
    .unwrap_err();
    assert_eq!(
        refusals(&e),
        [
            (Some(2), "cell".into(), "unknown_value".into()),
            (Some(3), "cell".into(), "duplicate_in_file".into()),
        ]
    );
}

/// Names a cell and revokes its naming, then dates the revocation `on` (a status change is
/// dated the day it is made; the sheet's rule reads the day from the naming's end).
fn revoke(l: &mut Ledger, cell: &cells::Cell, on: &str) {
    use zwl::cells::Status;
    for s in [Status::Applying, Status::Creating, Status::Assessed] {
        cells::set_status(l, cell.id, s, None, None).unwrap();
    }
    let naming = cells::StatusChange {
        to: "certified".into(),
        on: "2024-06-01".into(),
        batch: "1".into(),
        document_no: "长无废办〔2024〕1号".into(),
        ..Default::default()
    };
    cells::change_status(l, cell.id, &naming).unwrap();
    cells::set_status(l, cell.id, Status::Revoked, None, Some("复查不合格")).unwrap();
    l.conn()
        .execute(
            "UPDATE cell_namings SET ended_on = ?2 WHERE cell_id = ?1 AND ended_as = 'revoked'",
            rusqlite::params![cell.id, on],
        )
        .unwrap();
}

fn names(s: &sheet::Sheet) -> Vec<String> {
    s.rows.iter().map(|r| r.name.clone()).collect()
}

#[test]
fn a_revoked_cell_takes_no_figures_after_the_month_it_was_revoked_in() {
    let mut l = Ledger::open_in_memory().unwrap();
    let a = community(&mut l, "甲小区", "220102");
    let b = community(&mut l, "乙小区", "220102");
    revoke(&mut l, &b, "2025-03-10");
    // Up to the month of revocation, it is on the sheet and its figures are saved.
    let s = sheet::load(l.conn(), &filter("2025-03")).unwrap();
    assert_eq!(names(&s), ["乙小区", "甲小区"]);
    save(
        &mut l,
        "2025-03",
        vec![row(2, &b, vec![entry("kitchen", "120")])],
    )
    .unwrap();
    assert_eq!(generated(&l, &b, "2025-03", "kitchen"), Some(120_000));
    // From the next month on it is not offered, not counted as not yet entered …
    let s = sheet::load(l.conn(), &filter("2025-04")).unwrap();
    assert_eq!((names(&s), s.total), (vec!["甲小区".to_string()], 1));
    let missing = SheetFilter {
        missing: true,
        ..filter("2025-04")
    };
    assert_eq!(names(&sheet::load(l.conn(), &missing).unwrap()), ["甲小区"]);
    // … and figures typed for it anyway (a script's sheet) are refused at its row.
    let before = count(&l, "cell_records");
    let e = save(
        &mut l,
        "2025-04",
        vec![
            row(1, &a, vec![entry("kitchen", "100")]),
            row(2, &b, vec![entry("kitchen", "100")]),
        ],
    )
    .unwrap_err();
    assert_eq!(
        refusals(&e),
        [(Some(2), "cell".into(), "cell_stopped".into())]
    );
    assert!(e.fields()[0].message_zh.contains("2025-03-10"));
    assert!(e.fields()[0].message_en.contains("from 2025-04 on"));
    assert_eq!(count(&l, "cell_records"), before, "nothing was written");
    // The cell's own page refuses them too.
    let input = RecordInput {
        month: "2025-04".into(),
        category: "kitchen".into(),
        generated: "100".into(),
        ..Default::default()
    };
    let e = cells::records::save(&mut l, b.id, &[input]).unwrap_err();
    assert_eq!(
        refusals(&e),
        [(Some(1), "cell".into(), "cell_stopped".into())]
    );
    // Its past months stay on the sheet and editable.
    let s = sheet::load(l.conn(), &filter("2025-02")).unwrap();
    assert_eq!(names(&s), ["乙小区", "甲小区"]);
    save(
        &mut l,
        "2025-03",
        vec![row(2, &b, vec![entry("kitchen", "130")])],
    )
    .unwrap();
    assert_eq!(generated(&l, &b, "2025-03", "kitchen"), Some(130_000));
}

#[test]
fn every_status_before_revocation_takes_figures_and_a_cell_that_starts_again_does_too() {
    use zwl::cells::Status;
    let mut l = Ledger::open_in_memory().unwrap();
    let planned = community(&mut l, "甲小区", "220102");
    let creating = community(&mut l, "乙小区", "220102");
    cells::set_status(&mut l, creating.id, Status::Applying, None, None).unwrap();
    cells::set_status(&mut l, creating.id, Status::Creating, None, None).unwrap();
    let again = community(&mut l, "丙小区", "220102");
    revoke(&mut l, &again, "2025-01-10");
    cells::set_status(&mut l, again.id, Status::Creating, None, None).unwrap();
    let s = sheet::load(l.conn(), &filter("2025-06")).unwrap();
    assert_eq!(names(&s), ["丙小区", "乙小区", "甲小区"]);
    save(
        &mut l,
        "2025-06",
        vec![
            row(1, &again, vec![entry("kitchen", "1")]),
            row(2, &creating, vec![entry("kitchen", "1")]),
            row(3, &planned, vec![entry("kitchen", "1")]),
        ],
    )
    .unwrap();
}

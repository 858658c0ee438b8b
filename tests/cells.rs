//! The rules of zero-waste cells, checked through the core's public API on real databases.

use zwl::cells::{self, records::RecordInput, CellDraft, CellFilter, Status};
use zwl::{Error, Ledger};

fn office(name: &str, uscc: &str) -> CellDraft {
    CellDraft {
        name: name.into(),
        kind: "office".into(),
        uscc: uscc.into(),
        district: "220102".into(),
        headcount: "120".into(),
        baseline_year: "2024".into(),
        ..Default::default()
    }
}

fn codes(e: &Error) -> Vec<(String, String)> {
    e.fields()
        .iter()
        .map(|f| (f.field.clone(), f.code.clone()))
        .collect()
}

fn row_count(l: &Ledger, table: &str) -> i64 {
    l.conn()
        .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
        .unwrap()
}

#[test]
fn every_uscc_vector_comes_out_as_listed() {
    // A copy of the city's reference vectors, kept with the tests.
    let text = include_str!("fixtures/uscc-vectors.csv");
    let mut n = 0;
    for line in text.lines().skip(1) {
        let f: Vec<&str> = line.splitn(3, ',').collect();
        let (code, valid) = (f[0], f[1] == "true");
        let norm = cells::uscc::normalise(code);
        assert_eq!(cells::uscc::check(&norm).is_ok(), valid, "{code}: {}", f[2]);
        n += 1;
    }
    assert!(n >= 11, "all vectors were read");
}

#[test]
fn a_cell_is_stored_with_its_code_normalised_and_logged() {
    let mut l = Ledger::open_in_memory().unwrap();
    l.set_setting("operator", "王秀兰").unwrap();
    let c = cells::add(&mut l, &office("长春市某某局", " 91220101131860916e ")).unwrap();
    assert_eq!(c.uscc.as_deref(), Some("91220101131860916E"));
    assert_eq!(c.status, Status::Planned);
    assert_eq!(c.district_name, "南关区");
    let h = zwl::audit::history(l.conn(), "cells", c.id.as_bytes()).unwrap();
    assert_eq!(h.len(), 1);
    assert_eq!(h[0].operator, "王秀兰");
    assert_eq!(h[0].action, "insert");
    assert!(zwl::audit::check(l.conn()).unwrap().ok());
}

#[test]
fn a_wrong_check_character_is_refused_unless_a_reason_is_given() {
    let mut l = Ledger::open_in_memory().unwrap();
    let before = row_count(&l, "change_log");
    let e = cells::add(&mut l, &office("甲局", "1122010052601815XA")).unwrap_err();
    assert_eq!(codes(&e), [("uscc".into(), "uscc_check".into())]);
    assert!(e.fields()[0].message_zh.contains("应为“Y”"));
    assert_eq!(row_count(&l, "cells"), 0);
    assert_eq!(row_count(&l, "change_log"), before, "nothing was written");

    let mut d = office("甲局", "1122010052601815XA");
    d.uscc_override = "登记机关核发的原始代码".into();
    let c = cells::add(&mut l, &d).unwrap();
    let h = zwl::audit::history(l.conn(), "cells", c.id.as_bytes()).unwrap();
    assert_eq!(h[0].reason.as_deref(), Some("登记机关核发的原始代码"));
}

#[test]
fn length_and_charset_failures_cannot_be_overridden() {
    let mut l = Ledger::open_in_memory().unwrap();
    let mut d = office("乙局", "9122010113186O916E");
    d.uscc_override = "any".into();
    let e = cells::add(&mut l, &d).unwrap_err();
    assert_eq!(codes(&e), [("uscc".into(), "uscc_charset_likely".into())]);
}

#[test]
fn two_cells_cannot_share_a_code_and_communities_need_none() {
    let mut l = Ledger::open_in_memory().unwrap();
    cells::add(&mut l, &office("甲局", "91220101131860916E")).unwrap();
    let e = cells::add(&mut l, &office("乙局", "91220101131860916e")).unwrap_err();
    assert_eq!(codes(&e), [("uscc".into(), "uscc_duplicate".into())]);
    assert!(e.fields()[0].message_zh.contains("甲局"));

    let e = cells::add(&mut l, &office("丙局", "")).unwrap_err();
    assert_eq!(codes(&e), [("uscc".into(), "uscc_required".into())]);

    let community = CellDraft {
        name: "幸福小区".into(),
        kind: "无废小区".into(),
        district: "220181".into(), // 九台市: maps to 九台区
        headcount: "860".into(),
        ..Default::default()
    };
    let c = cells::add(&mut l, &community).unwrap();
    assert_eq!(c.kind, "community");
    assert_eq!(c.district, "220113");
    assert_eq!(c.denominator, "households");
}

#[test]
fn every_bad_field_is_reported_at_once() {
    let mut l = Ledger::open_in_memory().unwrap();
    let d = CellDraft {
        name: " ".into(),
        kind: "spaceship".into(),
        uscc: "123".into(),
        district: "999999".into(),
        headcount: "-4".into(),
        baseline_year: "1990".into(),
        ..Default::default()
    };
    let e = cells::add(&mut l, &d).unwrap_err();
    let fields: Vec<String> = e.fields().iter().map(|f| f.field.clone()).collect();
    assert_eq!(
        fields,
        [
            "name",
            "kind",
            "uscc",
            "district",
            "headcount",
            "baseline_year"
        ]
    );
}

#[test]
fn status_moves_only_along_allowed_transitions_and_certification_expires() {
    let mut l = Ledger::open_in_memory().unwrap();
    l.set_setting("certification.validity_years", "3").unwrap();
    let c = cells::add(&mut l, &office("甲局", "91220101131860916E")).unwrap();
    let e =
        cells::set_status(&mut l, c.id, Status::Certified, Some("2025-01-10"), None).unwrap_err();
    assert_eq!(e.code(), "bad_transition");
    for s in [Status::Applying, Status::Creating, Status::Assessed] {
        cells::set_status(&mut l, c.id, s, None, None).unwrap();
    }
    let e = cells::set_status(&mut l, c.id, Status::Certified, None, None).unwrap_err();
    assert_eq!(
        codes(&e),
        [("certified_on".into(), "certified_on_required".into())]
    );
    let naming = cells::StatusChange {
        to: "certified".into(),
        on: "2025-01-10".into(),
        batch: "1".into(),
        document_no: "长无废办〔2025〕1号".into(),
        ..Default::default()
    };
    let c = cells::change_status(&mut l, c.id, &naming).unwrap();
    assert_eq!(c.certified_on.as_deref(), Some("2025-01-10"));
    assert_eq!(c.expires_on.as_deref(), Some("2028-01-09"));
    let e = cells::set_status(&mut l, c.id, Status::Revoked, None, None).unwrap_err();
    assert_eq!(codes(&e), [("reason".into(), "required".into())]);
    let c = cells::set_status(&mut l, c.id, Status::Revoked, None, Some("复查不合格")).unwrap();
    assert_eq!(c.status, Status::Revoked);
    assert_eq!(c.expires_on, None);
}

fn rec(month: &str, cat: &str, q: [&str; 5]) -> RecordInput {
    RecordInput {
        month: month.into(),
        category: cat.into(),
        generated: q[0].into(),
        recycled: q[1].into(),
        composted: q[2].into(),
        incinerated: q[3].into(),
        landfilled: q[4].into(),
        ..Default::default()
    }
}

#[test]
fn records_refuse_negatives_future_months_and_outflows_above_generation() {
    let mut l = Ledger::open_in_memory().unwrap();
    let c = cells::add(&mut l, &office("甲局", "91220101131860916E")).unwrap();
    let before = row_count(&l, "change_log");
    let e = cells::records::save(
        &mut l,
        c.id,
        &[
            rec("2025-03", "recyclable", ["100", "40", "", "", ""]),
            rec("2025-03", "kitchen", ["-5", "", "", "", ""]),
            rec("2999-01", "other", ["10", "", "", "", ""]),
            rec("2025-03", "other", ["10", "6", "", "3", "2"]),
        ],
    )
    .unwrap_err();
    let got: Vec<(Option<usize>, String, String)> = e
        .fields()
        .iter()
        .map(|f| (f.row, f.field.clone(), f.code.clone()))
        .collect();
    assert_eq!(
        got,
        [
            (Some(2), "generated".into(), "negative".into()),
            (Some(3), "month".into(), "future_month".into()),
            (Some(4), "recycled".into(), "outflow_exceeds".into()),
        ]
    );
    assert_eq!(
        row_count(&l, "cell_records"),
        0,
        "the good row was not written either"
    );
    assert_eq!(row_count(&l, "change_log"), before);
}

#[test]
fn rates_show_recycling_and_reduction_against_the_baseline_months() {
    let mut l = Ledger::open_in_memory().unwrap();
    let c = cells::add(&mut l, &office("甲局", "91220101131860916E")).unwrap();
    cells::records::save(
        &mut l,
        c.id,
        &[
            rec("2024-01", "recyclable", ["100", "60", "", "", "40"]),
            rec("2024-01", "other", ["100", "", "", "50", "50"]),
            rec("2024-02", "other", ["200", "", "", "100", "100"]),
            rec("2025-01", "recyclable", ["80", "50", "", "", "30"]),
            rec("2025-01", "kitchen", ["40", "", "30", "10", ""]),
            rec("2025-01", "industrial", ["30", "30", "", "", ""]),
            rec("2025-02", "other", ["100", "", "", "100", ""]),
        ],
    )
    .unwrap();
    let r = cells::rates::compute(l.conn(), c.id, "2025-01", "2025-02").unwrap();
    // household: generated 80+40+100 = 220 kg, recovered 50+30 = 80 kg
    let h = &r.household;
    assert_eq!(h.generated_g, 220_000);
    assert_eq!(h.recovered_g, 80_000);
    assert!((h.recycling_rate.unwrap() - 80.0 / 220.0 * 100.0).abs() < 1e-9);
    assert_eq!(r.months.len(), 2);
    // Household waste alone: 220 kg against 200 + 200 kg in January and February 2024.
    let red = r
        .reduction
        .iter()
        .find(|s| s.stream == "household")
        .unwrap();
    assert_eq!(red.baseline_g, 400_000);
    assert_eq!(red.period_g, 220_000);
    assert_eq!(red.change_g, -180_000);
    assert!((red.change_pct.unwrap() + 45.0).abs() < 1e-9);
    assert!(red.complete);
    let people = &red.denominators[0];
    assert_eq!(people.figure, "people");
    assert!((people.period_kg_per_unit.unwrap() - 220.0 / 120.0).abs() < 1e-9);
    assert!(h.recycling_formula_zh.contains("÷"));
}

#[test]
fn the_list_pages_and_filters_in_sql() {
    let mut l = Ledger::open_in_memory().unwrap();
    for i in 0..7 {
        let d = CellDraft {
            name: format!("小区{i}"),
            kind: "community".into(),
            district: if i % 2 == 0 { "220102" } else { "220104" }.into(),
            ..Default::default()
        };
        cells::add(&mut l, &d).unwrap();
    }
    let p = cells::list(
        l.conn(),
        &CellFilter {
            district: "220102".into(),
            page: 2,
            page_size: 3,
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(p.total, 4);
    assert_eq!(p.rows.len(), 1);
    assert_eq!(p.rows[0].name, "小区0", "newest first: the oldest is last");
    let p = cells::list(
        l.conn(),
        &CellFilter {
            q: "区5".into(),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(p.total, 1);
}

#[test]
fn an_import_with_any_bad_row_writes_nothing_and_names_every_problem() {
    let mut l = Ledger::open_in_memory().unwrap();
    let before = row_count(&l, "change_log");
    let csv = "名称,类型,统一社会信用代码,行政区划,人数/户数\n\
               甲局,机关,91220101131860916E,220102,100\n\
               乙局,机关,1122010052601815XA,220102,50\n\
               丙局,机关,91220101131860916e,220199,50\n\
               丁小区,小区,,220104,300\n";
    let e = cells::import::import_text(&mut l, csv).unwrap_err();
    assert_eq!(e.code(), "import_rejected");
    let got: Vec<(Option<usize>, String, String)> = e
        .fields()
        .iter()
        .map(|f| (f.row, f.field.clone(), f.code.clone()))
        .collect();
    assert_eq!(
        got,
        [
            (Some(3), "uscc".into(), "uscc_check".into()),
            (Some(4), "district".into(), "unknown_district".into()),
            (Some(4), "uscc".into(), "duplicate_in_file".into()),
        ]
    );
    assert_eq!(row_count(&l, "cells"), 0);
    assert_eq!(row_count(&l, "change_log"), before);
    let good = "name,kind,uscc,district\n甲局,office,91220101131860916E,220102\n丁小区,community,,220104\n";
    assert_eq!(cells::import::import_text(&mut l, good).unwrap().added, 2);
}

#[test]
fn a_database_from_a_newer_program_is_refused_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("new.db");
    drop(Ledger::open(&p).unwrap());
    let c = rusqlite::Connection::open(&p).unwrap();
    c.pragma_update(None, "user_version", 99).unwrap();
    drop(c);
    let e = Ledger::open(&p).err().unwrap();
    assert_eq!(e.code(), "schema_too_new");
    assert!(e.message_zh().contains("99"));
    let c = rusqlite::Connection::open(&p).unwrap();
    let v: i64 = c
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(v, 99);
}

#[test]
fn a_file_that_is_not_a_database_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("notes.db");
    std::fs::write(
        &p,
        "这不是数据库 — just some text that is long enough to be a header....",
    )
    .unwrap();
    let e = Ledger::open(&p).err().unwrap();
    assert_eq!(e.code(), "not_a_ledger");
}

#[test]
fn an_edit_bypassing_the_core_is_found_by_the_check() {
    let mut l = Ledger::open_in_memory().unwrap();
    cells::add(&mut l, &office("甲局", "91220101131860916E")).unwrap();
    assert!(zwl::audit::check(l.conn()).unwrap().ok());
    l.conn()
        .execute("UPDATE cells SET name = '被改过'", [])
        .unwrap();
    let rep = zwl::audit::check(l.conn()).unwrap();
    assert!(!rep.ok());
    assert_eq!(rep.log_problem_count, 1);
}

#[test]
fn saving_a_month_again_updates_changed_rows_and_deleting_is_a_step_of_its_own() {
    let mut l = Ledger::open_in_memory().unwrap();
    let c = cells::add(&mut l, &office("甲局", "91220101131860916E")).unwrap();
    let first = [
        rec("2025-05", "recyclable", ["100", "60", "", "", "40"]),
        rec("2025-05", "kitchen", ["50", "", "30", "20", ""]),
    ];
    assert_eq!(cells::records::save(&mut l, c.id, &first).unwrap(), 2);
    assert_eq!(
        cells::records::save(&mut l, c.id, &first).unwrap(),
        0,
        "nothing changed"
    );
    let second = [
        rec("2025-05", "recyclable", ["100", "70", "", "", "30"]),
        rec("2025-05", "kitchen", ["", "", "", "", ""]),
    ];
    // Emptying a stored record is refused: nothing is deleted by a blank.
    let e = cells::records::save(&mut l, c.id, &second).unwrap_err();
    assert_eq!(e.fields()[0].code, "cleared_record");
    assert_eq!(e.fields()[0].row, Some(2));
    assert_eq!(cells::records::save(&mut l, c.id, &second[..1]).unwrap(), 1);
    cells::records::delete(&mut l, c.id, "2025-05", "kitchen").unwrap();
    let now = cells::records::list(l.conn(), c.id, "2025-05", "2025-05").unwrap();
    assert_eq!(now.len(), 1);
    assert_eq!(now[0].recycled_g, 70_000);
    let h = zwl::audit::history(l.conn(), "cell_records", now[0].id.as_bytes()).unwrap();
    let actions: Vec<&str> = h.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(actions, ["insert", "update"]);
    assert_eq!(h[1].before.as_ref().unwrap()["recycled_g"], 60_000);
    // The cleared month can be entered again.
    assert_eq!(cells::records::save(&mut l, c.id, &first[1..]).unwrap(), 1);
    let rep = zwl::audit::check(l.conn()).unwrap();
    assert!(rep.ok(), "{:?}", rep.log_problems);
}

/// The ids a plain LIKE over the searched fields finds, newest first (the list trims).
fn like_scan(l: &Ledger, q: &str) -> Vec<String> {
    let pat = format!("%{}%", q.trim());
    l.conn()
        .prepare(
            "SELECT id FROM cells WHERE deleted = 0 AND (name LIKE ?1 OR uscc LIKE ?1
                OR address LIKE ?1 OR contact LIKE ?1 OR manager LIKE ?1) ORDER BY id DESC",
        )
        .unwrap()
        .query_map([&pat], |r| r.get::<_, Vec<u8>>(0))
        .unwrap()
        .map(|b| uuid::Uuid::from_slice(&b.unwrap()).unwrap().to_string())
        .collect()
}

fn search(l: &Ledger, q: &str) -> Vec<String> {
    let f = cells::CellFilter {
        q: q.into(),
        page_size: 500,
        ..Default::default()
    };
    let page = cells::list(l.conn(), &f).unwrap();
    assert!(page.total <= 500);
    page.rows.iter().map(|c| c.id.to_string()).collect()
}

#[test]
fn text_search_through_the_index_finds_exactly_what_a_full_scan_finds() {
    let mut l = Ledger::open_in_memory().unwrap();
    zwl::demo::generate(
        &mut l,
        &zwl::demo::Spec {
            cells: 300,
            months: 1,
            ..Default::default()
        },
    )
    .unwrap();
    for q in [
        "幸福",
        "南关",
        "局",
        "人民大街1",
        "王伟",
        "有限公司",
        "911",
        "22010",
        "期",
        "关区生态",
        "不存在的名字",
        "a",
        "3期",
        "街1",
        "区 ",
        "号长",
        "局长",
        "福小",
    ] {
        let want = like_scan(&l, q);
        assert_eq!(search(&l, q), want, "{q}");
    }
    assert!(!search(&l, "幸福").is_empty());
    // Pages of an indexed search cut the same list.
    let all = like_scan(&l, "区");
    let p2 = cells::list(
        l.conn(),
        &cells::CellFilter {
            q: "区".into(),
            page: 2,
            page_size: 7,
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(p2.total as usize, all.len());
    let ids: Vec<String> = p2.rows.iter().map(|c| c.id.to_string()).collect();
    assert_eq!(ids, all[7..14]);

    // An edited cell is found by its new name and no longer by its old one.
    let c = cells::add(&mut l, &office("甲局", "91220101131860916E")).unwrap();
    assert_eq!(search(&l, "甲局"), [c.id.to_string()]);
    let mut d = office("乙处", "91220101131860916E");
    d.address = "绿园区青年路8号".into();
    cells::edit(&mut l, c.id, &d).unwrap();
    assert!(search(&l, "甲局").is_empty());
    assert_eq!(search(&l, "乙处"), [c.id.to_string()]);
    assert_eq!(search(&l, "青年路8"), [c.id.to_string()]);
}

#[test]
fn an_empty_grid_of_an_invalid_or_future_month_is_refused_not_saved() {
    let mut l = Ledger::open_in_memory().unwrap();
    let c = cells::add(&mut l, &office("空表局", "91220101131860916E")).unwrap();
    let next_year = chrono::Local::now().date_naive().format("%Y").to_string();
    let future = format!("{}-01", next_year.parse::<i32>().unwrap() + 1);
    for (month, code) in [(future.as_str(), "future_month"), ("2025-13", "bad_month")] {
        let blank: Vec<RecordInput> = ["recyclable", "kitchen"]
            .iter()
            .map(|cat| rec(month, cat, ["", "", "", "", ""]))
            .collect();
        let before = row_count(&l, "change_sets");
        let e = cells::records::save_entries(&mut l, c.id, &blank).unwrap_err();
        assert_eq!(codes(&e), vec![("month".to_string(), code.to_string())]);
        assert_eq!(row_count(&l, "change_sets"), before, "nothing written");
    }
    // A valid month's empty grid still saves nothing, without an error.
    let blank = vec![rec("2025-03", "recyclable", ["", "", "", "", ""])];
    assert_eq!(cells::records::save(&mut l, c.id, &blank).unwrap(), 0);
}

#[test]
fn an_import_finds_the_cells_the_ledger_had_before_it_and_the_file_s_own_repeats() {
    let mut l = Ledger::open_in_memory().unwrap();
    let first = "名称,类型,行政区划,人数/户数\n甲小区,小区,220102,300\n";
    assert_eq!(cells::import::import_text(&mut l, first).unwrap().added, 1);
    // The same cell again, and the same name in a district that had no cells before.
    let second = "名称,类型,行政区划,人数/户数\n甲小区,小区,220102,300\n甲小区,小区,220104,80\n";
    let r = cells::import::import_text(&mut l, second).unwrap();
    assert_eq!((r.added, r.already), (1, 1));
    // A cell from before named twice, and a new cell named twice: each second row is a
    // duplicate of the first.
    let third = "名称,类型,行政区划,人数/户数\n甲小区,小区,220102,300\n乙小区,小区,220104,50\n\
                 甲小区,小区,220102,300\n乙小区,小区,220104,50\n";
    let e = cells::import::import_text(&mut l, third).unwrap_err();
    let got: Vec<(Option<usize>, String, String)> = e
        .fields()
        .iter()
        .map(|f| (f.row, f.field.clone(), f.code.clone()))
        .collect();
    assert_eq!(
        got,
        [
            (Some(4), "name".into(), "duplicate_in_file".into()),
            (Some(5), "name".into(), "duplicate_in_file".into()),
        ]
    );
    assert_eq!(row_count(&l, "cells"), 2);
}

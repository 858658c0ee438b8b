//! The clerk's day: the home page's figures, alerts acknowledged with a note, the first start
//! and the operator switch, checked through the core on real databases.

mod cw_common;

use chrono::Datelike;
use cw_common::{load, setup};
use zwl::alerts::{self, acks, AlertQuery};
use zwl::cells::{self, records::RecordInput, CellDraft};
use zwl::construction::manifests;
use zwl::home::{self, setup as first};
use zwl::Ledger;

fn community(l: &mut Ledger, name: &str, district: &str) -> cells::Cell {
    cells::add(
        l,
        &CellDraft {
            name: name.into(),
            kind: "community".into(),
            district: district.into(),
            headcount: "300".into(),
            ..Default::default()
        },
    )
    .unwrap()
}

fn rec(month: &str, cat: &str, generated: &str, recycled: &str) -> RecordInput {
    RecordInput {
        month: month.into(),
        category: cat.into(),
        generated: generated.into(),
        recycled: recycled.into(),
        ..Default::default()
    }
}

fn last_month() -> String {
    let t = zwl::ids::today();
    home::month_before(t.year(), t.month())
}

fn log_len(l: &Ledger) -> i64 {
    l.conn()
        .query_row("SELECT count(*) FROM change_log", [], |r| r.get(0))
        .unwrap()
}

/// A ledger with one overdue load (departed 10 hours ago, not received).
fn with_overdue_load() -> (Ledger, alerts::Alert) {
    let mut l = setup();
    l.set_setting("operator", "王芳").unwrap();
    manifests::dispatch_new(&mut l, &load("吉A12345", "15", 10)).unwrap();
    let a = alerts::all(l.conn(), "overdue").unwrap().remove(0);
    (l, a)
}

#[test]
fn an_acknowledged_alert_leaves_the_list_and_its_note_is_in_the_change_log() {
    let (mut l, a) = with_overdue_load();
    assert!(a.key.starts_with("overdue:manifest:"), "{}", a.key);
    let ack = acks::acknowledge(&mut l, &a.key, "已电话联系司机，车辆故障，次日补送").unwrap();
    assert_eq!(ack.operator, "王芳");
    assert!(alerts::all(l.conn(), "")
        .unwrap()
        .iter()
        .all(|x| x.key != a.key));
    let shown = alerts::list(
        l.conn(),
        &AlertQuery {
            acknowledged: true,
            ..Default::default()
        },
    )
    .unwrap();
    let again = shown
        .iter()
        .find(|x| x.key == a.key)
        .expect("shown when asked");
    assert_eq!(
        again.ack.as_ref().unwrap().note,
        "已电话联系司机，车辆故障，次日补送"
    );
    let h = acks::history(l.conn(), 10).unwrap();
    assert_eq!(h.len(), 1);
    assert_eq!(
        (h[0].operator.as_str(), h[0].note.as_str()),
        ("王芳", "已电话联系司机，车辆故障，次日补送")
    );
    assert!(zwl::audit::check(l.conn()).unwrap().ok());
}

#[test]
fn acknowledging_again_replaces_the_note_and_the_log_keeps_both() {
    let (mut l, a) = with_overdue_load();
    acks::acknowledge(&mut l, &a.key, "第一次").unwrap();
    acks::acknowledge(&mut l, &a.key, "第二次").unwrap();
    let notes: Vec<String> = acks::history(l.conn(), 10)
        .unwrap()
        .into_iter()
        .map(|e| e.note)
        .collect();
    assert_eq!(notes, ["第二次", "第一次"]);
    assert!(zwl::audit::check(l.conn()).unwrap().ok());
}

#[test]
fn an_acknowledgement_needs_a_note_and_a_refused_one_writes_nothing() {
    let (mut l, a) = with_overdue_load();
    let before = log_len(&l);
    let e = acks::acknowledge(&mut l, &a.key, "  ").unwrap_err();
    assert_eq!(e.fields()[0].field, "note");
    assert_eq!(log_len(&l), before);
    assert_eq!(alerts::all(l.conn(), "overdue").unwrap().len(), 1);
}

#[test]
fn only_an_alert_the_ledger_raises_can_be_acknowledged() {
    let (mut l, _) = with_overdue_load();
    let e = acks::acknowledge(&mut l, "overdue:manifest:nothing:2026-01-01", "说明").unwrap_err();
    assert_eq!(e.code(), "not_found");
}

#[test]
fn alerts_filter_by_the_reporting_area_of_their_subject() {
    let (mut l, a) = with_overdue_load();
    assert_eq!(a.district.as_deref(), Some("220102"));
    let in_area = |l: &Ledger, area: &str| {
        alerts::list(
            l.conn(),
            &AlertQuery {
                kind: "overdue".into(),
                area: area.into(),
                acknowledged: false,
            },
        )
        .unwrap()
        .len()
    };
    assert_eq!(in_area(&l, "220102"), 1);
    assert_eq!(in_area(&l, "220104"), 0);
    l.write(|w| zwl::areas::put(w, "NGQ", "南关片区")).unwrap();
    l.write(|w| zwl::areas::group(w, "NGQ", &["220102".into()]))
        .unwrap();
    assert_eq!(in_area(&l, "NGQ"), 1);
}

#[test]
fn home_counts_the_cells_with_no_figures_for_last_month() {
    let mut l = Ledger::open_in_memory().unwrap();
    let a = community(&mut l, "南岭小区", "220102");
    community(&mut l, "桂林小区", "220102");
    community(&mut l, "西安小区", "220104");
    let m = last_month();
    cells::records::save(&mut l, a.id, &[rec(&m, "可回收物", "100", "80")]).unwrap();
    let h = home::home(l.conn()).unwrap();
    assert_eq!(h.last_month, m);
    let todo = h.todo.iter().find(|t| t.kind == "missing_records").unwrap();
    assert_eq!((todo.count, todo.month.as_deref()), (2, Some(m.as_str())));
    let nanguan = h.areas.iter().find(|x| x.code == "220102").unwrap();
    assert_eq!(
        (
            nanguan.name.as_str(),
            nanguan.total,
            nanguan.missing_last_month
        ),
        ("南关区", 2, 1)
    );
    assert_eq!(nanguan.counts[0].kind, "community");
    assert_eq!(nanguan.counts[0].status, "planned");
}

#[test]
fn cells_count_in_their_reporting_area() {
    let mut l = Ledger::open_in_memory().unwrap();
    community(&mut l, "南岭小区", "220102");
    l.write(|w| zwl::areas::put(w, "NGQ", "南关片区")).unwrap();
    l.write(|w| zwl::areas::group(w, "NGQ", &["220102".into()]))
        .unwrap();
    let h = home::home(l.conn()).unwrap();
    assert_eq!(h.areas.len(), 1);
    assert_eq!(
        (h.areas[0].code.as_str(), h.areas[0].name.as_str()),
        ("NGQ", "南关片区")
    );
}

#[test]
fn the_to_do_list_puts_the_most_urgent_first() {
    let (l, _) = with_overdue_load();
    let h = home::home(l.conn()).unwrap();
    let urgencies: Vec<_> = h.todo.iter().map(|t| t.urgency).collect();
    let mut sorted = urgencies.clone();
    sorted.sort();
    assert_eq!(urgencies, sorted);
    let overdue = h.todo.iter().find(|t| t.kind == "overdue").unwrap();
    assert_eq!(overdue.count, 1);
    assert!(overdue.only.is_some(), "a single alert opens its subject");
}

#[test]
fn key_figures_are_the_areas_own_and_a_target_is_only_a_setting() {
    let mut l = Ledger::open_in_memory().unwrap();
    let a = community(&mut l, "南岭小区", "220102");
    let year = zwl::ids::today().year();
    let m = format!("{year:04}-01");
    cells::records::save(
        &mut l,
        a.id,
        &[
            rec(&m, "可回收物", "100", "80"),
            rec(&m, "其他垃圾", "100", "0"),
        ],
    )
    .unwrap();
    l.set_setting("target.household_recycling_rate", "40")
        .unwrap();
    let h = home::home(l.conn()).unwrap();
    let to = h.figures[0].to.clone();
    let one = cells::rates::compute(l.conn(), a.id, &format!("{year:04}-01"), &to).unwrap();
    let f = |k: &str| h.figures.iter().find(|f| f.key == k).unwrap();
    assert_eq!(
        f("household_recycling_rate").value,
        one.household.recycling_rate
    );
    assert_eq!(f("household_recycling_rate").value, Some(40.0));
    assert_eq!(f("household_recycling_rate").target, Some(40.0));
    assert_eq!(
        f("household_resource_rate").value,
        one.household.resource_rate
    );
    assert_eq!(f("household_recycling_rate").series[0].value, Some(40.0));
    for k in [
        "cw_resource_rate",
        "cw_comprehensive_rate",
        "manifest_closure_rate",
    ] {
        assert_eq!(f(k).target, None, "{k} has no target setting");
    }
}

#[test]
fn the_first_start_answers_are_saved_and_writes_carry_the_operator() {
    let mut l = Ledger::open_in_memory().unwrap();
    assert!(first::state(l.conn(), None).unwrap().needed);
    first::apply(
        &mut l,
        &first::FirstStart {
            operator: "李娜".into(),
            installation_name: "南关区无废办".into(),
            installation_code: "ngq01".into(),
            area: "南关区".into(),
        },
    )
    .unwrap();
    let s = first::state(l.conn(), None).unwrap();
    assert!(!s.needed);
    assert_eq!(s.values.installation_code, "NGQ01");
    assert_eq!(s.values.area, "220102");
    let named = zwl::audit::history(l.conn(), "settings", b"installation.name").unwrap();
    assert_eq!(
        named[0].operator, "李娜",
        "the answers are logged under the new operator"
    );
    let c = community(&mut l, "南岭小区", "220102");
    let h = zwl::audit::history(l.conn(), "cells", c.id.as_bytes()).unwrap();
    assert_eq!(h[0].operator, "李娜");
}

#[test]
fn the_first_start_needs_an_operator_and_an_installation_name() {
    let mut l = Ledger::open_in_memory().unwrap();
    let e = first::apply(&mut l, &first::FirstStart::default()).unwrap_err();
    let fields: Vec<&str> = e.fields().iter().map(|f| f.field.as_str()).collect();
    assert_eq!(fields, ["operator", "installation.name"]);
}

#[test]
fn an_unknown_reporting_area_is_refused_at_the_first_start() {
    let mut l = Ledger::open_in_memory().unwrap();
    let e = first::apply(
        &mut l,
        &first::FirstStart {
            operator: "李娜".into(),
            installation_name: "南关区无废办".into(),
            area: "火星区".into(),
            ..Default::default()
        },
    )
    .unwrap_err();
    assert_eq!(e.fields()[0].field, "installation.area");
    assert!(
        first::state(l.conn(), None).unwrap().needed,
        "nothing was saved"
    );
}

#[test]
fn after_a_switch_every_write_is_logged_under_the_new_operator() {
    let mut l = Ledger::open_in_memory().unwrap();
    first::switch_operator(&mut l, "张三").unwrap();
    community(&mut l, "甲小区", "220102");
    first::switch_operator(&mut l, "李四").unwrap();
    let c = community(&mut l, "乙小区", "220102");
    let h = zwl::audit::history(l.conn(), "cells", c.id.as_bytes()).unwrap();
    assert_eq!(h[0].operator, "李四");
    assert_eq!(
        first::recent_operators(l.conn(), 8).unwrap(),
        ["李四", "张三"]
    );
    assert!(first::switch_operator(&mut l, " ").is_err());
}

/// The series are read once for the year (the home page recomputed each month apart and took
/// two seconds on the demo ledger); each month's value must still be the one the area gives
/// for that month alone.
#[test]
fn each_month_of_a_key_figure_is_what_the_area_gives_for_that_month_alone() {
    let mut l = setup();
    let a = community(&mut l, "南岭小区", "220102");
    let b = community(&mut l, "西安小区", "220104");
    let t = zwl::ids::today();
    let year = t.year();
    let months: Vec<String> = (1..=t.month())
        .map(|m| format!("{year:04}-{m:02}"))
        .collect();
    for (i, m) in months.iter().enumerate() {
        let g = (100 + 10 * i).to_string();
        cells::records::save(&mut l, a.id, &[rec(m, "可回收物", &g, "30")]).unwrap();
        if i % 2 == 0 {
            cells::records::save(&mut l, b.id, &[rec(m, "其他垃圾", "90", "0")]).unwrap();
        }
    }
    manifests::dispatch_new(&mut l, &load("吉A12345", "15", 10)).unwrap();
    manifests::dispatch_new(&mut l, &load("吉A12345", "12", 30)).unwrap();
    let h = home::home(l.conn()).unwrap();
    let f = |k: &str| h.figures.iter().find(|f| f.key == k).unwrap().clone();
    let (resource, closure) = (f("household_resource_rate"), f("manifest_closure_rate"));
    assert_eq!(resource.series.len(), months.len());
    for (i, m) in months.iter().enumerate() {
        let (_, one) = cells::rates::all_cells_household(l.conn(), m, m).unwrap();
        assert_eq!(resource.series[i].month, *m);
        assert_eq!(resource.series[i].value, one.resource_rate, "{m}");
        let s = zwl::construction::supervision::supervision(l.conn(), m, m).unwrap();
        assert_eq!(closure.series[i].month, *m);
        assert_eq!(closure.series[i].value, s.total.closure_rate, "{m}");
    }
    assert!(closure.series.iter().any(|v| v.value.is_some()));
}

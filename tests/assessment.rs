//! The rules of assessment and naming (评估验收与命名), through the core's public API.

use zwl::cells::assess::{self, Application, AssessmentInput, Criteria, ScoreInput};
use zwl::cells::{self, CellDraft, Status};
use zwl::ids::CellId;
use zwl::{Error, Ledger};

fn ledger_with_office() -> (Ledger, CellId) {
    let mut l = Ledger::open_in_memory().unwrap();
    let c = cells::add(
        &mut l,
        &CellDraft {
            name: "测试机关".into(),
            kind: "office".into(),
            uscc: "11220101MB0000000X".into(),
            uscc_override: "测试".into(),
            district: "220102".into(),
            headcount: "120".into(),
            baseline_year: "2024".into(),
            ..Default::default()
        },
    )
    .unwrap();
    cells::set_status(&mut l, c.id, Status::Applying, None, None).unwrap();
    cells::set_status(&mut l, c.id, Status::Creating, None, None).unwrap();
    (l, c.id)
}

fn apply(l: &mut Ledger, id: CellId, result: &str) {
    assess::save_application(
        l,
        id,
        &Application {
            letter_on: "2025-04-01".into(),
            check_on: "2025-04-03".into(),
            check_by: "市信用办".into(),
            check_result: result.into(),
            department: "市机关事务管理局".into(),
        },
    )
    .unwrap();
}

/// Every item of the office criteria scored at its maximum less `minus`.
fn input(l: &Ledger, level: &str, on: &str, minus: i64) -> AssessmentInput {
    let c = assess::criteria::current(l.conn(), "office").unwrap();
    AssessmentInput {
        level: level.into(),
        on: on.into(),
        assessors: "张三、李四".into(),
        scores: c
            .items
            .iter()
            .map(|i| ScoreInput {
                item: i.key.clone(),
                score: (i.max_points - minus).max(0).to_string(),
                note: String::new(),
            })
            .collect(),
        note: String::new(),
    }
}

fn rec(
    l: &mut Ledger,
    id: CellId,
    level: &str,
    on: &str,
    minus: i64,
) -> zwl::Result<assess::Assessment> {
    let i = input(l, level, on, minus);
    assess::record(l, id, &i)
}

fn codes(e: &Error) -> Vec<String> {
    e.fields().iter().map(|f| f.code.clone()).collect()
}

fn count(l: &Ledger) -> i64 {
    l.conn()
        .query_row("SELECT count(*) FROM cell_assessments", [], |r| r.get(0))
        .unwrap()
}

#[test]
fn a_city_acceptance_needs_the_application_and_a_passed_county_assessment_first() {
    let (mut l, id) = ledger_with_office();
    let e = rec(&mut l, id, "city", "2025-06-10", 0).unwrap_err();
    assert_eq!(codes(&e), ["application_incomplete", "county_pass_first"]);
    assert_eq!(count(&l), 0, "a refused assessment writes nothing");
    apply(&mut l, id, "clear");
    rec(&mut l, id, "县区初评", "2025-05-10", 0).unwrap();
    let a = rec(&mut l, id, "市级验收", "2025-06-10", 0).unwrap();
    assert!(a.passed);
    assert_eq!(a.status_after, Some(Status::Assessed));
}

#[test]
fn a_failed_city_acceptance_leaves_the_cell_under_creation() {
    let (mut l, id) = ledger_with_office();
    apply(&mut l, id, "clear");
    rec(&mut l, id, "county", "2025-05-10", 0).unwrap();
    // 8 items, 3 points off each: 76 of 100, under the pass mark of 80.
    let a = rec(&mut l, id, "city", "2025-06-10", 3).unwrap();
    assert_eq!((a.total, a.passed), (76, false));
    assert_eq!(cells::get(l.conn(), id).unwrap().status, Status::Creating);
}

#[test]
fn a_score_out_of_its_range_is_refused_with_the_range() {
    let (mut l, id) = ledger_with_office();
    let mut i = input(&l, "county", "2025-05-10", 0);
    i.scores[0].score = "11".into();
    let e = assess::record(&mut l, id, &i).unwrap_err();
    let f = &e.fields()[0];
    assert_eq!(f.code, "score_range");
    assert!(f.message_zh.contains("0 至 10"), "{}", f.message_zh);
    assert!(f.message_en.contains("from 0 to 10"), "{}", f.message_en);
    assert_eq!(count(&l), 0);
}

#[test]
fn every_item_needs_a_score_and_unknown_items_are_named() {
    let (mut l, id) = ledger_with_office();
    let mut i = input(&l, "county", "2025-05-10", 0);
    i.scores.remove(1);
    i.scores.push(ScoreInput {
        item: "nonsense".into(),
        score: "1".into(),
        note: String::new(),
    });
    let e = assess::record(&mut l, id, &i).unwrap_err();
    assert_eq!(codes(&e), ["unknown_item", "item_unscored"]);
}

#[test]
fn a_serious_dishonesty_record_bars_assessment() {
    let (mut l, id) = ledger_with_office();
    apply(&mut l, id, "found");
    let e = rec(&mut l, id, "county", "2025-05-10", 0).unwrap_err();
    assert_eq!(codes(&e), ["dishonesty_found"]);
}

#[test]
fn a_re_review_is_for_a_named_cell_only() {
    let (mut l, id) = ledger_with_office();
    let e = rec(&mut l, id, "review", "2025-05-10", 0).unwrap_err();
    assert_eq!(codes(&e), ["review_needs_naming"]);
    assert!(e.fields()[0].message_en.contains("Under creation"));
}

#[test]
fn edited_criteria_add_a_version_and_an_assessment_keeps_the_one_it_used() {
    let (mut l, id) = ledger_with_office();
    let first = rec(&mut l, id, "county", "2025-05-10", 0).unwrap();
    assert_eq!(first.criteria.version, 1);
    let mut c: Criteria = assess::criteria::current(l.conn(), "office").unwrap();
    c.items.truncate(4);
    c.pass_mark = 30;
    assert_eq!(assess::criteria::save(&mut l, &c).unwrap(), 2);
    let second = rec(&mut l, id, "county", "2025-05-11", 0).unwrap();
    assert_eq!((second.criteria.version, second.scores.len()), (2, 4));
    let kept = assess::assessments(l.conn(), id).unwrap();
    assert_eq!(kept[1].criteria.version, 1);
    assert_eq!(kept[1].scores.len(), 8, "the first keeps its 8 items");
    let versions = assess::criteria::versions(l.conn(), "office").unwrap();
    assert_eq!(versions.len(), 2);
}

#[test]
fn a_pass_mark_above_the_items_maximum_is_refused() {
    let (mut l, _) = ledger_with_office();
    let mut c = assess::criteria::current(l.conn(), "office").unwrap();
    c.pass_mark = 500;
    let e = assess::criteria::save(&mut l, &c).unwrap_err();
    assert_eq!(codes(&e), ["bad_template"]);
}

#[test]
fn a_dishonesty_result_needs_its_date_and_checker() {
    let (mut l, id) = ledger_with_office();
    let e = assess::save_application(
        &mut l,
        id,
        &Application {
            check_result: "clear".into(),
            ..Default::default()
        },
    )
    .unwrap_err();
    assert_eq!(codes(&e), ["required"]);
    assert_eq!(e.fields()[0].field, "check_on");
}

#[test]
fn every_write_of_assessment_and_naming_passes_the_ledger_check() {
    let (mut l, id) = ledger_with_office();
    apply(&mut l, id, "clear");
    apply(&mut l, id, "clear");
    rec(&mut l, id, "county", "2025-05-10", 0).unwrap();
    rec(&mut l, id, "city", "2025-06-10", 0).unwrap();
    let c = assess::criteria::current(l.conn(), "office").unwrap();
    assess::criteria::save(&mut l, &c).unwrap();
    let r = zwl::audit::check(l.conn()).unwrap();
    assert!(r.ok(), "{r:?}");
}

#[test]
fn a_re_review_comes_before_the_naming_expires() {
    let (mut l, id) = ledger_with_office();
    apply(&mut l, id, "clear");
    rec(&mut l, id, "county", "2020-05-10", 0).unwrap();
    rec(&mut l, id, "city", "2020-06-10", 0).unwrap();
    cells::change_status(
        &mut l,
        id,
        &cells::StatusChange {
            to: "certified".into(),
            on: "2020-07-01".into(),
            batch: "1".into(),
            document_no: "长无废办〔2020〕1号".into(),
            reason: String::new(),
        },
    )
    .unwrap();
    // Named 2020-07-01 for 3 years: valid until 2023-06-30.
    let e = rec(&mut l, id, "review", "2023-07-01", 0).unwrap_err();
    assert_eq!(codes(&e), ["review_after_expiry"]);
    assert!(e.fields()[0].message_zh.contains("2023-06-30"));
    let a = rec(&mut l, id, "review", "2023-06-01", 0).unwrap();
    assert!(a.passed);
    assert_eq!(a.status_after, Some(Status::Certified));
}

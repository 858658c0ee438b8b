//! Statuses and naming, credit codes, districts and reporting areas, and the general alerts
//! view, checked through the core's public API on real databases.

use zwl::cells::{self, CellDraft, Status, StatusChange};
use zwl::construction::registers::{self, EntryDraft};
use zwl::{alerts, areas, Error, Ledger};

fn office(name: &str, uscc: &str) -> CellDraft {
    CellDraft {
        name: name.into(),
        kind: "office".into(),
        uscc: uscc.into(),
        district: "220102".into(),
        ..Default::default()
    }
}

fn school(name: &str, uscc: &str) -> CellDraft {
    CellDraft {
        kind: "school".into(),
        ..office(name, uscc)
    }
}

fn codes(e: &Error) -> Vec<(String, String)> {
    e.fields()
        .iter()
        .map(|f| (f.field.clone(), f.code.clone()))
        .collect()
}

fn to(status: &str) -> StatusChange {
    StatusChange {
        to: status.into(),
        ..Default::default()
    }
}

fn naming(on: &str, batch: &str, doc: &str) -> StatusChange {
    StatusChange {
        to: "已命名".into(),
        on: on.into(),
        batch: batch.into(),
        document_no: doc.into(),
        ..Default::default()
    }
}

/// A cell moved along to 验收通过（待命名）.
fn accepted(l: &mut Ledger, d: &CellDraft) -> cells::Cell {
    let c = cells::add(l, d).unwrap();
    for s in ["已申报", "创建中", "验收通过（待命名）"] {
        cells::change_status(l, c.id, &to(s)).unwrap();
    }
    cells::get(l.conn(), c.id).unwrap()
}

fn days_from_today(n: i64) -> String {
    (zwl::ids::today() + chrono::Duration::days(n)).to_string()
}

#[test]
fn naming_carries_a_batch_a_document_a_date_and_an_expiry_from_the_validity_setting() {
    let mut l = Ledger::open_in_memory().unwrap();
    l.set_setting("certification.validity_years", "2").unwrap();
    let c = accepted(&mut l, &office("甲局", "11220102MB0000019M"));
    let e = cells::change_status(&mut l, c.id, &naming("2025-03-01", "", "")).unwrap_err();
    assert_eq!(
        codes(&e),
        [
            ("naming_batch".into(), "required".into()),
            ("naming_doc".into(), "required".into())
        ]
    );
    let c = cells::change_status(
        &mut l,
        c.id,
        &naming("2025-03-01", "第3批", "长无废办〔2025〕7号"),
    )
    .unwrap();
    assert_eq!(c.status, Status::Certified);
    assert_eq!(c.naming_batch, Some(3));
    assert_eq!(c.naming_doc.as_deref(), Some("长无废办〔2025〕7号"));
    assert_eq!(c.certified_on.as_deref(), Some("2025-03-01"));
    assert_eq!(c.expires_on.as_deref(), Some("2027-02-28"));
    assert!(zwl::audit::check(l.conn()).unwrap().ok());
}

#[test]
fn moving_back_from_named_never_erases_the_naming_it_stays_in_the_history() {
    let mut l = Ledger::open_in_memory().unwrap();
    let c = accepted(&mut l, &office("甲局", "11220102MB0000019M"));
    cells::change_status(
        &mut l,
        c.id,
        &naming("2024-05-01", "1", "长无废办〔2024〕2号"),
    )
    .unwrap();
    let c = cells::change_status(&mut l, c.id, &to("创建中")).unwrap();
    // What holds now: no naming.
    assert_eq!(c.status, Status::Creating);
    assert_eq!(c.certified_on, None);
    assert_eq!(c.expires_on, None);
    assert_eq!(c.naming_batch, None);
    // What held before: the naming, ended today as the cell moved back.
    let h = cells::namings(l.conn(), c.id).unwrap();
    assert_eq!(h.len(), 1);
    assert_eq!(h[0].batch, Some(1));
    assert_eq!(h[0].named_on, "2024-05-01");
    assert_eq!(h[0].expires_on, "2027-04-30");
    assert_eq!(
        h[0].ended_on.as_deref(),
        Some(zwl::ids::today().to_string().as_str())
    );
    assert_eq!(h[0].ended_as, Some(Status::Creating));
    // Named again: the history holds both, the second current.
    cells::change_status(&mut l, c.id, &to("验收通过（待命名）")).unwrap();
    cells::change_status(
        &mut l,
        c.id,
        &naming("2025-05-01", "2", "长无废办〔2025〕9号"),
    )
    .unwrap();
    let h = cells::namings(l.conn(), c.id).unwrap();
    assert_eq!(h.len(), 2);
    assert_eq!(h[1].ended_on, None);
    assert!(zwl::audit::check(l.conn()).unwrap().ok());
}

#[test]
fn revoking_a_naming_needs_a_reason_and_only_a_named_cell_can_be_revoked() {
    let mut l = Ledger::open_in_memory().unwrap();
    let c = accepted(&mut l, &office("甲局", "11220102MB0000019M"));
    let e = cells::change_status(&mut l, c.id, &to("撤销命名")).unwrap_err();
    assert_eq!(e.code(), "bad_transition");
    cells::change_status(&mut l, c.id, &naming("2025-01-01", "1", "文号")).unwrap();
    let e = cells::change_status(&mut l, c.id, &to("撤销命名")).unwrap_err();
    assert_eq!(codes(&e), [("reason".into(), "required".into())]);
    let mut r = to("撤销命名");
    r.reason = "复查不合格".into();
    let c = cells::change_status(&mut l, c.id, &r).unwrap();
    assert_eq!(c.status, Status::Revoked);
    assert_eq!(
        cells::namings(l.conn(), c.id).unwrap()[0].ended_as,
        Some(Status::Revoked)
    );
}

#[test]
fn an_upgraded_named_cell_keeps_its_naming_and_moving_back_writes_it_to_the_history() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("old.db");
    std::fs::copy("tests/fixtures/ledger-v1.db", &db).unwrap();
    let mut l = Ledger::open(&db).unwrap();
    let c = cells::find(l.conn(), "二道景阳里4期").unwrap();
    assert_eq!(c.status, Status::Certified);
    assert_eq!(c.status.label_zh(), "已命名");
    let named_on = c.certified_on.clone().unwrap();
    let h = cells::namings(l.conn(), c.id).unwrap();
    assert_eq!(h.len(), 1, "the naming on the row is the current one");
    assert_eq!(
        h[0].batch, None,
        "batch unknown before batches were recorded"
    );
    let c = cells::change_status(&mut l, c.id, &to("验收通过（待命名）")).unwrap();
    assert_eq!(c.certified_on, None);
    let h = cells::namings(l.conn(), c.id).unwrap();
    assert_eq!(h.len(), 1);
    assert_eq!(h[0].named_on, named_on);
    assert!(h[0].ended_on.is_some());
    assert!(zwl::audit::check(l.conn()).unwrap().ok());
}

#[test]
fn certifications_expiring_within_the_warning_days_and_expired_ones_are_alerted() {
    let mut l = Ledger::open_in_memory().unwrap();
    l.set_setting("certification.validity_years", "1").unwrap();
    // Named a year less 30 days ago: expires in 29 or 30 days (within the default 90).
    let soon = (zwl::ids::today() - chrono::Duration::days(335)).to_string();
    let a = accepted(&mut l, &office("甲局", "11220102MB0000019M"));
    cells::change_status(&mut l, a.id, &naming(&soon, "1", "文号一")).unwrap();
    // Named two years ago: expired.
    let old = (zwl::ids::today() - chrono::Duration::days(800)).to_string();
    let b = accepted(&mut l, &office("乙局", "11220102MB0000027G"));
    cells::change_status(&mut l, b.id, &naming(&old, "1", "文号一")).unwrap();
    // Named today: far from expiry.
    let c = accepted(&mut l, &office("丙局", "11220102MB0000035B"));
    cells::change_status(&mut l, c.id, &naming(&days_from_today(0), "2", "文号二")).unwrap();

    let got = alerts::all(l.conn(), "certification").unwrap();
    let kinds: Vec<(&str, &str)> = got
        .iter()
        .map(|a| (a.subject.as_str(), a.kind.as_str()))
        .collect();
    assert_eq!(
        kinds,
        [
            ("乙局", "certification_expired"),
            ("甲局", "certification_expiring")
        ],
        "most urgent first; the cell named today is not alerted"
    );
    assert_eq!(got[0].urgency, alerts::Urgency::High);
    assert_eq!(got[0].subject_kind, "cell");
    assert_eq!(got[0].subject_id, b.id.to_string());

    l.set_setting("certification.warning_days", "10").unwrap();
    let got = alerts::all(l.conn(), "certification_expiring").unwrap();
    assert!(got.is_empty(), "30 days away is outside a 10-day warning");
}

#[test]
fn the_general_alerts_view_lists_construction_alerts_beside_certification_ones() {
    let mut l = Ledger::open_in_memory().unwrap();
    let yesterday = days_from_today(-1);
    registers::add_transporter(
        &mut l,
        &EntryDraft {
            name: "某运输公司".into(),
            valid_until: yesterday.clone(),
            ..Default::default()
        },
    )
    .unwrap();
    l.set_setting("certification.validity_years", "1").unwrap();
    let a = accepted(&mut l, &office("甲局", "11220102MB0000019M"));
    let named = (zwl::ids::today() - chrono::Duration::days(300)).to_string();
    cells::change_status(&mut l, a.id, &naming(&named, "1", "文号")).unwrap();

    let all = alerts::all(l.conn(), "").unwrap();
    let got: Vec<(&str, &str, &str)> = all
        .iter()
        .map(|a| (a.area.as_str(), a.kind.as_str(), a.subject_kind.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            ("construction", "expired", "transporter"),
            ("cells", "certification_expiring", "cell")
        ]
    );
    assert_eq!(all[0].when, yesterday);
    assert_eq!(
        all[0].message_zh,
        zwl::construction::alerts::all(l.conn()).unwrap()[0].message_zh,
        "construction alerts come as that area makes them"
    );
    assert_eq!(alerts::all(l.conn(), "construction").unwrap().len(), 1);
    assert_eq!(alerts::all(l.conn(), "cells").unwrap().len(), 1);
}

#[test]
fn a_second_live_cell_may_share_a_code_when_the_clerk_gives_a_reason_which_is_logged() {
    let mut l = Ledger::open_in_memory().unwrap();
    cells::add(&mut l, &school("第一中学", "12220100908301663U")).unwrap();
    let e = cells::add(&mut l, &school("第一中学南校区", "12220100908301663U")).unwrap_err();
    assert_eq!(codes(&e), [("uscc".into(), "uscc_duplicate".into())]);
    assert!(
        e.fields()[0].message_zh.contains("第一中学"),
        "names the other cell: {}",
        e.fields()[0].message_zh
    );
    let mut d = school("第一中学南校区", "12220100908301663U");
    d.uscc_shared_reason = "同一学校的第二校区".into();
    let c = cells::add(&mut l, &d).unwrap();
    assert_eq!(c.uscc_shared_reason.as_deref(), Some("同一学校的第二校区"));
    let h = zwl::audit::history(l.conn(), "cells", c.id.as_bytes()).unwrap();
    assert!(h[0]
        .reason
        .as_deref()
        .unwrap_or_default()
        .contains("同一学校的第二校区"));
    // Editing it later keeps the shared code (the reason is kept with the cell).
    let mut d = CellDraft::from_cell(&c);
    d.address = "南湖大路 1 号".into();
    cells::edit(&mut l, c.id, &d).unwrap();
    assert!(zwl::audit::check(l.conn()).unwrap().ok());
}

#[test]
fn structure_warnings_travel_back_with_the_saved_cell() {
    let mut l = Ledger::open_in_memory().unwrap();
    // An enterprise code (91) for an office: saved, with the per-kind hint.
    let c = cells::add(&mut l, &office("甲局", "91220101131860916E")).unwrap();
    let w: Vec<(&str, &str)> = c
        .warnings
        .iter()
        .map(|f| (f.field.as_str(), f.code.as_str()))
        .collect();
    assert_eq!(w, [("uscc", "uscc_kind_hint")]);
    assert!(c.warnings[0].message_zh.contains("11"));
    // A school with a 事业单位 code: nothing to say.
    let s = cells::add(&mut l, &school("甲校", "12220100908301663U")).unwrap();
    assert!(s.warnings.is_empty());
}

#[test]
fn full_width_input_and_inner_spaces_are_normalised_before_storing() {
    let mut l = Ledger::open_in_memory().unwrap();
    let c = cells::add(
        &mut l,
        &school("甲校", "１２２２ ０１００　９０８３ ０１６６３ｕ"),
    )
    .unwrap();
    assert_eq!(c.uscc.as_deref(), Some("12220100908301663U"));
}

#[test]
fn register_codes_follow_the_cell_rule_with_an_override_reason_in_the_log() {
    let mut l = Ledger::open_in_memory().unwrap();
    let d = EntryDraft {
        name: "某运输公司".into(),
        uscc: "1122010052601815XA".into(),
        ..Default::default()
    };
    let e = registers::add_transporter(&mut l, &d).unwrap_err();
    assert_eq!(codes(&e), [("uscc".into(), "uscc_check".into())]);
    let id = registers::add_transporter(
        &mut l,
        &EntryDraft {
            uscc_override: "营业执照如此".into(),
            ..d.clone()
        },
    )
    .unwrap();
    let h = zwl::audit::history(l.conn(), "cw_transporters", id.as_bytes()).unwrap();
    assert_eq!(h[0].reason.as_deref(), Some("营业执照如此"));
    // An 18th character outside the set is refused even with a reason.
    let e = registers::add_transporter(
        &mut l,
        &EntryDraft {
            name: "另一运输公司".into(),
            uscc: "91220101131860916O".into(),
            uscc_override: "理由".into(),
            ..Default::default()
        },
    )
    .unwrap_err();
    assert_eq!(codes(&e), [("uscc".into(), "uscc_charset_likely".into())]);
    // Full-width input is normalised.
    let id = registers::add_transporter(
        &mut l,
        &EntryDraft {
            name: "第三运输公司".into(),
            uscc: "９１２２０１０１１３１８６０９１６Ｅ".into(),
            ..Default::default()
        },
    )
    .unwrap();
    let e = registers::get(l.conn(), registers::Register::Transporter, &id.to_string()).unwrap();
    assert_eq!(e.uscc.as_deref(), Some("91220101131860916E"));
}

#[test]
fn gongzhuling_old_code_maps_to_its_changchun_code_in_new_and_upgraded_ledgers() {
    let mut l = Ledger::open_in_memory().unwrap();
    let mut d = office("公主岭市某局", "11220102MB0000019M");
    d.district = "220381".into();
    let c = cells::add(&mut l, &d).unwrap();
    assert_eq!(c.district, "220184");

    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("old.db");
    std::fs::copy("tests/fixtures/ledger-v1.db", &db).unwrap();
    let l = Ledger::open(&db).unwrap();
    assert_eq!(
        zwl::profile::resolve_district(l.conn(), "220381").unwrap(),
        Some("220184".into())
    );
}

#[test]
fn reporting_areas_have_local_codes_group_districts_and_city_level_is_one() {
    let mut l = Ledger::open_in_memory().unwrap();
    let e = l
        .write(|w| areas::put(w, "220199", "长春新区"))
        .unwrap_err();
    assert_eq!(codes(&e), [("code".into(), "area_code".into())]);
    l.write(|w| areas::put(w, "ccxq", "长春新区")).unwrap();
    l.write(|w| {
        areas::group(
            w,
            "长春新区",
            &["220173".into(), "长春净月高新技术产业开发区".into()],
        )
    })
    .unwrap();
    let list = areas::list(l.conn()).unwrap();
    assert_eq!(list[0].name, "市本级");
    assert_eq!(list[1].code, "CCXQ");
    assert_eq!(list[1].districts, ["220172", "220173"]);

    // A cell counts in its district's area, or in 市本级 when it is a city-level office.
    let mut d = office("高新区某局", "11220102MB0000019M");
    d.district = "220173".into();
    let c = cells::add(&mut l, &d).unwrap();
    assert_eq!(c.report_area.as_deref(), Some("CCXQ"));
    assert_eq!(c.report_area_name.as_deref(), Some("长春新区"));
    let mut d = office("长春市生态环境局", "11220102MB0000027G");
    d.area = "市本级".into();
    let c = cells::add(&mut l, &d).unwrap();
    assert_eq!(c.report_area.as_deref(), Some("SBJ"));
    let mut d = office("丙局", "11220102MB0000035B");
    d.area = "不存在".into();
    let e = cells::add(&mut l, &d).unwrap_err();
    assert_eq!(codes(&e), [("area".into(), "unknown_area".into())]);

    // Moving a district to another area.
    l.write(|w| areas::put(w, "ZHSFQ", "中韩（长春）国际合作示范区"))
        .unwrap();
    l.write(|w| areas::group(w, "ZHSFQ", &["220173".into()]))
        .unwrap();
    let list = areas::list(l.conn()).unwrap();
    assert_eq!(list[1].districts, ["220172"]);
    assert_eq!(list[2].districts, ["220173"]);
    assert!(zwl::audit::check(l.conn()).unwrap().ok());
}

#[test]
fn street_and_community_codes_have_12_digits_beginning_with_the_districts_six() {
    let mut l = Ledger::open_in_memory().unwrap();
    let mut d = office("甲局", "11220102MB0000019M");
    d.street = "南岭街道".into();
    d.street_code = "22010200100".into();
    d.community_code = "220103001001".into();
    let e = cells::add(&mut l, &d).unwrap_err();
    assert_eq!(
        codes(&e),
        [
            ("street_code".into(), "division12_digits".into()),
            ("community_code".into(), "division12_district".into())
        ]
    );
    d.street_code = "220102001000".into();
    d.community = "南岭社区".into();
    d.community_code = "220102001001".into();
    let c = cells::add(&mut l, &d).unwrap();
    assert_eq!(c.street, "南岭街道");
    assert_eq!(c.community_code.as_deref(), Some("220102001001"));
    // Without codes, names alone are fine.
    let mut d = office("乙局", "11220102MB0000027G");
    d.street = "永吉街道".into();
    cells::add(&mut l, &d).unwrap();
    assert!(zwl::audit::check(l.conn()).unwrap().ok());
}

//! The rules of a load as practice has them: overload against the vehicle's rated payload
//! and box volume, the hard cap, the density frozen at dispatch, the weighbridge in tonnes,
//! the fields frozen at dispatch, numbers unique across installations, overdue and late
//! loads, follow-ups of refused loads, plates, and the upgrade of existing manifests.

mod cw_common;

use cw_common::{ago, codes, load, setup};
use zwl::construction::{
    alerts::{self, AlertKind},
    manifests::{self, DisposalMethod, Reception, Step},
    registers::{self, EntryDraft},
};
use zwl::Ledger;

fn kinds(l: &Ledger, m: &manifests::Manifest) -> Vec<AlertKind> {
    alerts::manifest_alerts(l.conn(), Some(m.id))
        .unwrap()
        .into_iter()
        .map(|a| a.kind)
        .collect()
}

fn weigh(received: &str, hours_ago: i64) -> Reception {
    Reception {
        received: received.into(),
        received_at: ago(hours_ago),
        ..Default::default()
    }
}

#[test]
fn a_load_over_the_vehicles_rated_payload_needs_a_reason_and_raises_an_overload_alert() {
    let mut l = setup();
    let e = manifests::dispatch_new(&mut l, &load("吉A12345", "23", 2)).unwrap_err();
    assert_eq!(codes(&e), [("declared".into(), "overload".into())]);
    assert!(
        e.fields()[0].message_zh.contains("核定载质量 20 吨"),
        "{}",
        e.fields()[0].message_zh
    );
    let mut d = load("吉A12345", "23", 2);
    d.overload_reason = "整体拆除构件，不可分解".into();
    let m = manifests::dispatch_new(&mut l, &d).unwrap();
    assert_eq!(m.overload_reason.as_deref(), Some("整体拆除构件，不可分解"));
    assert_eq!(kinds(&l, &m), [AlertKind::Overload]);
    // A reason given for a load within the limits marks nothing.
    let mut d = load("吉A12345", "15", 2);
    d.overload_reason = "以防万一".into();
    let m = manifests::dispatch_new(&mut l, &d).unwrap();
    assert_eq!(m.overload_reason, None);
    assert!(kinds(&l, &m).is_empty());
}

#[test]
fn a_load_in_m3_above_the_box_volume_needs_a_reason() {
    let mut l = setup();
    // 14 m³ of decoration waste weighs 14 t (within 20 t) but overfills a 12 m³ box.
    let mut d = load("吉A12345", "14", 2);
    d.category = "装修垃圾".into();
    d.unit = "m3".into();
    let e = manifests::dispatch_new(&mut l, &d).unwrap_err();
    assert_eq!(codes(&e), [("declared".into(), "overload".into())]);
    assert!(e.fields()[0].message_zh.contains("货厢容积 12 立方米"));
    // 12 m³ of excavated soil fits the box but weighs 21.6 t through 1.8 t/m³.
    d.category = "工程渣土".into();
    d.declared = "12".into();
    let e = manifests::dispatch_new(&mut l, &d).unwrap_err();
    assert!(e.fields()[0].message_zh.contains("载重 21.6 吨"));
}

#[test]
fn a_received_weight_above_the_rated_payload_needs_a_reason() {
    let mut l = setup();
    let m = manifests::dispatch_new(&mut l, &load("吉A12345", "19", 3)).unwrap();
    let e = manifests::receive(&mut l, &m.number, &weigh("22", 1)).unwrap_err();
    assert_eq!(codes(&e), [("received".into(), "overload".into())]);
    let mut r = weigh("22", 1);
    r.overload_reason = "雨后渣土含水".into();
    let m = manifests::receive(&mut l, &m.number, &r).unwrap();
    assert_eq!(m.overload_reason.as_deref(), Some("雨后渣土含水"));
    assert!(kinds(&l, &m).contains(&AlertKind::Overload));
}

#[test]
fn a_load_above_the_hard_cap_is_refused_even_with_a_reason() {
    let mut l = setup();
    let mut d = load("吉A12345", "50", 2);
    d.overload_reason = "经审批的大件运输".into();
    let e = manifests::dispatch_new(&mut l, &d).unwrap_err();
    assert_eq!(codes(&e), [("declared".into(), "over_cap".into())]);
    assert!(e.fields()[0].message_zh.contains("上限 49 吨"));
    l.set_setting("cw.max_load_t", "60").unwrap();
    assert!(manifests::dispatch_new(&mut l, &d).is_ok());
}

#[test]
fn the_density_is_frozen_at_dispatch_and_a_later_setting_never_rewrites_it() {
    let mut l = setup();
    let mut d = load("吉A12345", "10", 3);
    d.category = "工程渣土".into();
    d.unit = "m3".into();
    let m = manifests::dispatch_new(&mut l, &d).unwrap();
    assert_eq!(m.density_kg_m3, Some(1800));
    assert_eq!(m.declared_g, Some(18_000_000));
    l.set_setting("density.soil", "2.0").unwrap();
    let m = manifests::receive(&mut l, &m.number, &weigh("18", 1)).unwrap();
    assert_eq!(m.density_kg_m3, Some(1800), "the density of the dispatch");
    assert_eq!(m.declared_g, Some(18_000_000));
    assert!(kinds(&l, &m).is_empty(), "18 t received of 18 t declared");
    let d2 = manifests::new(&mut l, &d).unwrap();
    assert_eq!(d2.density_kg_m3, None, "a draft has no frozen density");
}

#[test]
fn a_load_declared_in_m3_is_received_in_tonnes_and_compared_through_its_density() {
    let mut l = setup();
    let mut d = load("吉A12345", "10", 3);
    d.unit = "m3".into();
    let m = manifests::dispatch_new(&mut l, &d).unwrap();
    let m = manifests::receive(&mut l, &m.number, &weigh("12.8", 1)).unwrap();
    assert_eq!(m.received_qty, Some(12_800_000), "grams");
    assert_eq!(m.declared_qty, 10_000_000, "cm³, as declared");
    let a = alerts::manifest_alerts(l.conn(), Some(m.id)).unwrap();
    assert_eq!(a.len(), 1);
    assert_eq!(a[0].kind, AlertKind::Discrepancy);
    assert!(
        a[0].message_zh.contains("10 m³ × 1.6 t/m³ = 16 t") && a[0].message_zh.contains("-20.0%"),
        "{}",
        a[0].message_zh
    );
}

#[test]
fn the_weighbridge_net_is_gross_minus_tare_with_its_ticket() {
    let mut l = setup();
    let m = manifests::dispatch_new(&mut l, &load("吉A12345", "18", 3)).unwrap();
    let ticket = |received: &str, gross: &str, tare: &str| Reception {
        received: received.into(),
        gross: gross.into(),
        tare: tare.into(),
        ticket_no: "BD20261128-0042".into(),
        received_at: ago(1),
        ..Default::default()
    };
    let e = manifests::receive(&mut l, &m.number, &ticket("17", "30", "12")).unwrap_err();
    assert_eq!(codes(&e), [("received".into(), "net_mismatch".into())]);
    assert!(e.fields()[0].message_zh.contains("= 18 吨"));
    let e = manifests::receive(&mut l, &m.number, &ticket("", "12", "30")).unwrap_err();
    assert_eq!(codes(&e), [("tare".into(), "tare_over_gross".into())]);
    let e = manifests::receive(&mut l, &m.number, &ticket("", "30", "")).unwrap_err();
    assert_eq!(codes(&e), [("tare".into(), "required".into())]);
    let m = manifests::receive(&mut l, &m.number, &ticket("", "30.2", "12.4")).unwrap();
    assert_eq!(
        (m.gross_g, m.tare_g, m.received_qty),
        (Some(30_200_000), Some(12_400_000), Some(17_800_000))
    );
    assert_eq!(m.ticket_no.as_deref(), Some("BD20261128-0042"));
}

#[test]
fn dispatch_freezes_the_approval_and_permit_numbers_and_records_the_disposal_method() {
    let mut l = setup();
    let mut d = load("吉A12345", "15", 3);
    d.paper_no = "吉长联〔2026〕0815".into();
    d.window_from = ago(3);
    d.window_to = ago(-2);
    let m = manifests::dispatch_new(&mut l, &d).unwrap();
    assert_eq!(
        m.disposal_method,
        Some(DisposalMethod::Recycling),
        "from the facility"
    );
    assert_eq!(m.site_approval_no.as_deref(), Some("长建核〔2026〕001"));
    assert_eq!(
        m.transporter_permit_no.as_deref(),
        Some("长渣运〔2026〕007")
    );
    assert_eq!(m.vehicle_permit_no.as_deref(), Some("准运〔2026〕吉A12345"));
    assert_eq!(m.facility_approval_no.as_deref(), Some("长消纳〔2026〕003"));
    assert_eq!(m.paper_no.as_deref(), Some("吉长联〔2026〕0815"));
    assert!(m.window_from.is_some() && m.window_to.is_some());
    // A later renewal of the site's approval leaves the manifest as dispatched.
    l.conn()
        .execute("UPDATE cw_sites SET approval_no = '长建核〔2027〕099'", [])
        .unwrap();
    let m = manifests::get(l.conn(), &m.number).unwrap();
    assert_eq!(m.site_approval_no.as_deref(), Some("长建核〔2026〕001"));

    let mut d = load("吉A12345", "15", 3);
    d.disposal_method = "回填".into();
    let m = manifests::dispatch_new(&mut l, &d).unwrap();
    assert_eq!(m.disposal_method, Some(DisposalMethod::Backfill));
    d.disposal_method = "焚烧".into();
    d.window_from = ago(1);
    d.window_to = ago(2);
    let e = manifests::dispatch_new(&mut l, &d).unwrap_err();
    assert_eq!(
        codes(&e),
        [
            ("disposal_method".into(), "bad_value".into()),
            ("window_to".into(), "window_order".into())
        ]
    );
}

#[test]
fn numbers_carry_the_installation_code_and_the_departure_date() {
    let mut l = setup();
    let derived = manifests::dispatch_new(&mut l, &load("吉A12345", "15", 1)).unwrap();
    let code = derived.number.split('-').nth(1).unwrap().to_string();
    assert!(
        code.len() == 8 && code.starts_with("2201"),
        "derived from the profile's division code and the installation: {}",
        derived.number
    );
    assert_eq!(
        zwl::profile::setting(l.conn(), "installation.code").unwrap(),
        Some(code),
        "stored, so it never changes silently"
    );
    let e = l.set_setting("installation.code", "ab-1").unwrap_err();
    assert_eq!(
        codes(&e),
        [("installation.code".into(), "bad_installation_code".into())]
    );
    l.set_setting("installation.code", "220102A").unwrap();
    let day = |hours: i64| {
        (chrono::Local::now() - chrono::Duration::hours(hours))
            .format("%Y%m%d")
            .to_string()
    };
    let a = manifests::dispatch_new(&mut l, &load("吉A12345", "15", 50)).unwrap();
    let b = manifests::dispatch_new(&mut l, &load("吉A12345", "15", 50)).unwrap();
    assert_eq!(a.number, format!("CW-220102A-{}-0001", day(50)));
    assert_eq!(b.number, format!("CW-220102A-{}-0002", day(50)));
    let c = manifests::dispatch_new(&mut l, &load("吉A12345", "15", 1)).unwrap();
    assert_eq!(c.number, format!("CW-220102A-{}-0001", day(1)));
    assert!(
        manifests::get(l.conn(), &derived.number).is_ok(),
        "earlier numbers stay valid"
    );
}

#[test]
fn a_load_received_after_the_overdue_limit_is_flagged_late_in_local_time() {
    let mut l = setup();
    let late = manifests::dispatch_new(&mut l, &load("吉A12345", "15", 10)).unwrap();
    let late = manifests::receive(&mut l, &late.number, &weigh("15", 1)).unwrap();
    let a = alerts::manifest_alerts(l.conn(), Some(late.id)).unwrap();
    assert_eq!(a.len(), 1);
    assert_eq!(a[0].kind, AlertKind::Late);
    assert!(
        a[0].message_zh.contains(&ago(10)) && a[0].message_zh.contains(&ago(1)),
        "local times: {}",
        a[0].message_zh
    );
    assert!(!a[0].message_zh.contains('Z'), "no UTC text");
    // The default limit is 6 hours: 7 hours on the road is overdue, 5 is not.
    let overdue = manifests::dispatch_new(&mut l, &load("吉A12345", "15", 7)).unwrap();
    let on_time = manifests::dispatch_new(&mut l, &load("吉A12345", "15", 5)).unwrap();
    assert_eq!(kinds(&l, &overdue), [AlertKind::Overdue]);
    assert!(alerts::manifest_alerts(l.conn(), None)
        .unwrap()
        .iter()
        .all(|a| a.id != on_time.id));
    assert!(
        alerts::manifest_alerts(l.conn(), Some(overdue.id)).unwrap()[0]
            .message_zh
            .contains(&ago(7))
    );
}

#[test]
fn a_refused_load_without_a_follow_up_raises_an_alert_until_one_is_linked() {
    let mut l = setup();
    let m = manifests::dispatch_new(&mut l, &load("吉A12345", "15", 5)).unwrap();
    let mut r = weigh("15", 4);
    r.refused = "15".into();
    r.outcome = "拒收".into();
    let refused = manifests::receive(&mut l, &m.number, &r).unwrap();
    assert_eq!(kinds(&l, &refused), [AlertKind::NoFollowup]);
    let accepted = manifests::dispatch_new(&mut l, &load("吉A12345", "15", 3)).unwrap();
    let accepted = manifests::receive(&mut l, &accepted.number, &weigh("15", 2)).unwrap();
    let mut d = load("吉A12345", "15", 1);
    d.follows = accepted.number.clone();
    let e = manifests::dispatch_new(&mut l, &d).unwrap_err();
    assert_eq!(
        codes(&e),
        [("follows".into(), "followup_not_refused".into())]
    );
    d.follows = refused.number.clone();
    d.disposal_method = "填埋".into();
    let f = manifests::dispatch_new(&mut l, &d).unwrap();
    assert_eq!(f.follows.as_deref(), Some(refused.number.as_str()));
    let refused = manifests::get(l.conn(), &refused.number).unwrap();
    assert_eq!(refused.followup.as_deref(), Some(f.number.as_str()));
    assert!(kinds(&l, &refused).is_empty());
    let e = manifests::link_followup(&mut l, &refused.number, &f.number).unwrap_err();
    assert_eq!(codes(&e), [("follows".into(), "followup_exists".into())]);
    assert!(zwl::audit::check(l.conn()).unwrap().ok());
}

#[test]
fn an_unknown_step_is_refused_before_anything_changes() {
    let mut l = setup();
    let m = manifests::dispatch_new(&mut l, &load("吉A12345", "15", 2)).unwrap();
    // The window sends the step by name: a name that is no step never reaches the ledger.
    assert!(serde_json::from_str::<Step>("\"archive\"").is_err());
    assert_eq!(
        serde_json::from_str::<Step>("\"close\"").unwrap(),
        Step::Close
    );
    let e = manifests::step(&mut l, &m.number, Step::Close, "").unwrap_err();
    assert_eq!(codes(&e), [("status".into(), "bad_step".into())]);
    assert_eq!(
        manifests::get(l.conn(), &m.number).unwrap().status,
        "dispatched"
    );
}

#[test]
fn plates_follow_ga_36_2018_and_special_plates_are_refused_by_kind() {
    let mut l = setup();
    let add = |l: &mut Ledger, plate: &str| {
        registers::add_vehicle(
            l,
            &EntryDraft {
                name: plate.into(),
                transporter: "长春某运输公司".into(),
                rated_payload_t: "18".into(),
                ..Default::default()
            },
        )
    };
    for p in ["吉A12345D", "吉AD12345", "吉AFK1234", "吉A1234挂"] {
        assert!(add(&mut l, p).is_ok(), "{p}");
    }
    assert!(
        add(&mut l, "吉Ｂ９８７６５").is_ok(),
        "full-width letters and digits"
    );
    let v = registers::get(l.conn(), registers::Register::Vehicle, "吉B98765").unwrap();
    assert_eq!(v.name, "吉B98765");
    let e = add(&mut l, "吉A1234警").unwrap_err();
    assert_eq!(codes(&e), [("plate".into(), "special_plate".into())]);
    assert!(e.fields()[0].message_zh.contains("警用号牌"));
    let e = add(&mut l, "吉AO1234").unwrap_err();
    assert_eq!(codes(&e), [("plate".into(), "bad_plate".into())]);
}

#[test]
fn existing_m3_receptions_are_upgraded_to_grams_with_the_density_frozen() {
    use zwl::db::migrations::{upgrade, STEPS};
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("v2.db");
    std::fs::copy(
        concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/ledger-v1.db"),
        &db,
    )
    .unwrap();
    let mut c = rusqlite::Connection::open(&db).unwrap();
    upgrade(&mut c, None, &STEPS[..1]).unwrap();
    c.execute_batch(
        "INSERT INTO settings (key, value, updated_at) VALUES ('density.demolition', '1.5', '2026-01-01T00:00:00Z');
         INSERT INTO cw_sites (id, name, district, created_at, updated_at, origin, clock)
             VALUES (x'00000000000000000000000000000001', '某工地', '220102', 0, 0, 1, 1);
         INSERT INTO cw_manifests (id, number, category, unit, declared_qty, site_id, status,
                 outcome, received_qty, refused_qty, departure_at, received_at, created_at, updated_at, origin, clock)
             VALUES (x'00000000000000000000000000000002', 'CW-20250301-000001', 'demolition', 'm3', 10000000,
                 x'00000000000000000000000000000001', 'closed', 'partial', 10000000, 2000000,
                 '2025-03-01T01:00:00Z', '2025-03-01T03:00:00Z', 0, 0, 1, 1),
                (x'00000000000000000000000000000003', 'CW-20250301-000002', 'soil', 't', 15000000,
                 x'00000000000000000000000000000001', 'draft', NULL, NULL, NULL, NULL, NULL, 0, 0, 1, 1);",
    )
    .unwrap();
    upgrade(&mut c, None, STEPS).unwrap();
    let (density, received, refused, declared): (Option<i64>, i64, i64, i64) = c
        .query_row(
            "SELECT density_kg_m3, received_qty, refused_qty, declared_qty FROM cw_manifests
             WHERE number = 'CW-20250301-000001'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .unwrap();
    assert_eq!(density, Some(1500), "the setting of the category, frozen");
    assert_eq!((received, refused), (15_000_000, 3_000_000), "grams");
    assert_eq!(declared, 10_000_000, "still cm³, as declared");
    let draft: Option<i64> = c
        .query_row(
            "SELECT density_kg_m3 FROM cw_manifests WHERE number = 'CW-20250301-000002'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(draft, None);
}

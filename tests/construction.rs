//! The rules of construction-waste manifests (联单) and their registers, through the core API.

mod cw_common;

use cw_common::{ago, codes, load, setup};
use zwl::construction::{
    alerts::{self, AlertKind},
    manifests::{self, ManifestDraft, Reception},
    registers::{self, EntryDraft},
};
use zwl::Ledger;

#[test]
fn plates_are_checked_and_unique() {
    let mut l = setup();
    let e = registers::add_vehicle(
        &mut l,
        &EntryDraft {
            name: "吉a·12345".into(),
            transporter: "长春某运输公司".into(),
            rated_payload_t: "18".into(),
            ..Default::default()
        },
    )
    .unwrap_err();
    assert_eq!(codes(&e), [("plate".into(), "duplicate".into())]);
    let e = registers::add_vehicle(
        &mut l,
        &EntryDraft {
            name: "AB12345".into(),
            transporter: "无此公司".into(),
            rated_payload_t: "18".into(),
            ..Default::default()
        },
    )
    .unwrap_err();
    assert_eq!(
        codes(&e),
        [
            ("plate".into(), "bad_plate".into()),
            ("transporter".into(), "unknown_value".into())
        ]
    );
}

#[test]
fn a_load_is_dispatched_received_with_a_shortfall_and_closed() {
    let mut l = setup();
    let m = manifests::dispatch_new(&mut l, &load("吉A12345", "15", 2)).unwrap();
    assert_eq!(m.status, "dispatched");
    assert!(
        m.number.starts_with("CW-") && m.number.ends_with("-0001"),
        "{}",
        m.number
    );
    assert_eq!(m.driver, "张伟", "the vehicle's driver by default");
    assert_eq!(m.transporter.as_deref(), Some("长春某运输公司"));
    let m = manifests::receive(
        &mut l,
        &m.number,
        &Reception {
            received: "12".into(),
            outcome: "接收".into(),
            received_at: ago(1),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(m.received_qty, Some(12_000_000));
    let a = alerts::manifest_alerts(l.conn(), Some(m.id)).unwrap();
    assert_eq!(a.len(), 1);
    assert_eq!(a[0].kind, AlertKind::Discrepancy);
    assert!(a[0].message_zh.contains("-20.0%"), "{}", a[0].message_zh);
    let m = manifests::close(&mut l, &m.number).unwrap();
    assert_eq!(m.status, "closed");
    assert!(zwl::audit::check(l.conn()).unwrap().ok());
}

#[test]
fn an_expired_permit_blocks_dispatch_with_a_clear_message() {
    let mut l = setup();
    let before: i64 = l
        .conn()
        .query_row("SELECT count(*) FROM cw_manifests", [], |r| r.get(0))
        .unwrap();
    let e = manifests::dispatch_new(&mut l, &load("吉A54321", "20", 1)).unwrap_err();
    assert_eq!(codes(&e), [("vehicle".into(), "expired".into())]);
    assert!(
        e.fields()[0].message_zh.contains("车辆准运证已于"),
        "{}",
        e.fields()[0].message_zh
    );
    let after: i64 = l
        .conn()
        .query_row("SELECT count(*) FROM cw_manifests", [], |r| r.get(0))
        .unwrap();
    assert_eq!(before, after, "nothing was written");
}

#[test]
fn declared_quantities_are_positive() {
    let mut l = setup();
    let e = manifests::new(&mut l, &load("吉A12345", "-1", 1)).unwrap_err();
    assert_eq!(codes(&e), [("declared".into(), "negative".into())]);
}

#[test]
fn the_refused_quantity_must_fit_the_outcome_and_reception_follows_departure() {
    let mut l = setup();
    let m = manifests::dispatch_new(&mut l, &load("吉A12345", "20", 3)).unwrap();
    let try_receive = |l: &mut Ledger, received: &str, refused: &str, outcome: &str, at: String| {
        manifests::receive(
            l,
            &m.number,
            &Reception {
                received: received.into(),
                refused: refused.into(),
                outcome: outcome.into(),
                received_at: at,
                ..Default::default()
            },
        )
    };
    for (rec, refd, outcome) in [
        ("20", "5", "accepted"),
        ("20", "20", "partial"),
        ("20", "0", "partial"),
        ("20", "5", "refused"),
        ("0", "", "accepted"),
    ] {
        let e = try_receive(&mut l, rec, refd, outcome, ago(1)).unwrap_err();
        assert_eq!(
            codes(&e),
            [("refused".into(), "refused_fits_outcome".into())],
            "{rec} {refd} {outcome}"
        );
    }
    let e = try_receive(&mut l, "20", "", "accepted", ago(5)).unwrap_err();
    assert_eq!(
        codes(&e),
        [("received_at".into(), "before_departure".into())]
    );
    let m = try_receive(&mut l, "20", "4", "部分拒收", ago(1)).unwrap();
    assert_eq!(m.outcome.as_deref(), Some("partial"));
    let e = try_receive(&mut l, "20", "", "accepted", ago(1)).unwrap_err();
    assert_eq!(
        codes(&e),
        [("status".into(), "bad_step".into())],
        "received only once"
    );
}

#[test]
fn cancelling_needs_a_reason_and_is_only_for_loads_not_yet_received() {
    let mut l = setup();
    let m = manifests::new(&mut l, &load("吉A12345", "10", 1)).unwrap();
    assert!(manifests::cancel(&mut l, &m.number, " ").is_err());
    let m = manifests::cancel(&mut l, &m.number, "车辆故障").unwrap();
    assert_eq!(m.status, "cancelled");
    assert_eq!(m.cancel_reason.as_deref(), Some("车辆故障"));
    let e = manifests::dispatch(&mut l, &m.number, &ManifestDraft::default()).unwrap_err();
    assert_eq!(e.code(), "invalid");
    let m = manifests::dispatch_new(&mut l, &load("吉A12345", "10", 2)).unwrap();
    manifests::receive(
        &mut l,
        &m.number,
        &Reception {
            received: "10".into(),
            received_at: ago(1),
            ..Default::default()
        },
    )
    .unwrap();
    assert!(manifests::cancel(&mut l, &m.number, "迟到").is_err());
}

#[test]
fn a_draft_is_dispatched_once_its_fields_are_complete() {
    let mut l = setup();
    let d = ManifestDraft {
        category: "装修垃圾".into(),
        declared: "8.5".into(),
        site: "南关区某住宅项目".into(),
        ..Default::default()
    };
    let m = manifests::new(&mut l, &d).unwrap();
    let e = manifests::dispatch(&mut l, &m.number, &ManifestDraft::default()).unwrap_err();
    let missing: Vec<String> = e.fields().iter().map(|f| f.field.clone()).collect();
    assert_eq!(
        missing,
        [
            "transporter",
            "vehicle",
            "driver",
            "facility",
            "departure_at",
            "disposal_method"
        ]
    );
    let fill = ManifestDraft {
        vehicle: "吉A12345".into(),
        facility: "长春某建筑垃圾资源化利用厂".into(),
        departure_at: ago(1),
        ..Default::default()
    };
    let m = manifests::dispatch(&mut l, &m.number, &fill).unwrap();
    assert_eq!(m.status, "dispatched");
    assert_eq!(m.declared_qty, 8_500_000);
}

#[test]
fn a_change_after_a_lock_is_a_revision_with_a_reason_in_the_history() {
    let mut l = setup();
    let m = manifests::dispatch_new(&mut l, &load("吉A12345", "15", 2)).unwrap();
    let change = ManifestDraft {
        declared: "14".into(),
        ..Default::default()
    };
    let e = manifests::revise(&mut l, &m.number, &change, None, "").unwrap_err();
    assert_eq!(codes(&e), [("reason".into(), "required".into())]);
    let m = manifests::revise(&mut l, &m.number, &change, None, "过磅单据更正").unwrap();
    assert_eq!(m.declared_qty, 14_000_000);
    let h = zwl::audit::history(l.conn(), "cw_manifests", m.id.as_bytes()).unwrap();
    let last = h.last().unwrap();
    assert_eq!(last.reason.as_deref(), Some("过磅单据更正"));
    assert_eq!(last.before.as_ref().unwrap()["declared_qty"], 15_000_000);
}

#[test]
fn overdue_loads_and_expiring_permits_are_alerted() {
    let mut l = setup();
    let m = manifests::dispatch_new(&mut l, &load("吉A12345", "10", 30)).unwrap();
    let a = alerts::manifest_alerts(l.conn(), None).unwrap();
    assert_eq!(a.len(), 1);
    assert_eq!(
        (a[0].kind, a[0].subject.as_str()),
        (AlertKind::Overdue, m.number.as_str())
    );
    let p = alerts::permit_alerts(l.conn()).unwrap();
    let kinds: Vec<(AlertKind, &str)> = p.iter().map(|a| (a.kind, a.subject.as_str())).collect();
    assert!(
        kinds.contains(&(AlertKind::Expiring, "长春某运输公司")),
        "{kinds:?}"
    );
    assert!(
        kinds.contains(&(AlertKind::Expired, "吉A54321")),
        "{kinds:?}"
    );
    assert_eq!(kinds.len(), 2);
}

#[test]
fn each_step_is_refused_from_the_wrong_status() {
    let mut l = setup();
    let m = manifests::new(&mut l, &load("吉A12345", "10", 2)).unwrap();
    let bad_step = |r: zwl::Result<manifests::Manifest>| {
        let e = r.unwrap_err();
        assert_eq!(codes(&e), [("status".into(), "bad_step".into())]);
    };
    bad_step(manifests::close(&mut l, &m.number));
    bad_step(manifests::receive(&mut l, &m.number, &Reception::default()));
    bad_step(manifests::revise(
        &mut l,
        &m.number,
        &ManifestDraft::default(),
        None,
        "理由",
    ));
    manifests::dispatch(&mut l, &m.number, &ManifestDraft::default()).unwrap();
    bad_step(manifests::close(&mut l, &m.number));
    bad_step(manifests::dispatch(
        &mut l,
        &m.number,
        &ManifestDraft::default(),
    ));
}

//! What the change log costs on disk: a manifest's whole lifecycle (dispatch, reception,
//! close) logs under 1 KB, measured in the pages the log's tables and indexes take.

use chrono::{Duration, Local};
use rusqlite::Connection;
use zwl::construction::{
    manifests::{self, ManifestDraft, Reception},
    registers::{self, EntryDraft},
};
use zwl::Ledger;

fn day(days: i64) -> String {
    (Local::now() + Duration::days(days))
        .format("%Y-%m-%d")
        .to_string()
}

fn ago(minutes: i64) -> String {
    (Local::now() - Duration::minutes(minutes))
        .format("%Y-%m-%d %H:%M")
        .to_string()
}

/// Bytes of the pages the change log takes (its tables and their indexes).
fn log_bytes(c: &Connection) -> i64 {
    c.query_row(
        "SELECT sum(pgsize) FROM dbstat WHERE name IN ('change_log', 'change_log_row',
             'change_log_bulk', 'change_sets', 'change_columns')",
        [],
        |r| r.get(0),
    )
    .unwrap()
}

#[test]
fn a_manifests_whole_lifecycle_logs_under_1_kb() {
    let dir = tempfile::tempdir().unwrap();
    let mut l = Ledger::open(dir.path().join("ledger.db")).unwrap();
    l.set_setting("operator", "王芳").unwrap();
    let entry = |name: &str| EntryDraft {
        name: name.into(),
        valid_until: day(300),
        district: "220102".into(),
        ..Default::default()
    };
    registers::add_site(&mut l, &entry("南关区某住宅项目")).unwrap();
    registers::add_transporter(
        &mut l,
        &EntryDraft {
            uscc: "91220101131860916E".into(),
            ..entry("长春某运输公司")
        },
    )
    .unwrap();
    registers::add_vehicle(
        &mut l,
        &EntryDraft {
            transporter: "长春某运输公司".into(),
            driver: "张伟".into(),
            rated_payload_t: "25".into(),
            ..entry("吉A12345")
        },
    )
    .unwrap();
    registers::add_facility(
        &mut l,
        &EntryDraft {
            kind: "资源化".into(),
            capacity_t: "500000".into(),
            ..entry("长春某建筑垃圾资源化利用厂")
        },
    )
    .unwrap();

    let lifecycle = |l: &mut Ledger, i: i64| {
        let m = manifests::dispatch_new(
            l,
            &ManifestDraft {
                category: "拆除垃圾".into(),
                unit: "t".into(),
                declared: "18".into(),
                site: "南关区某住宅项目".into(),
                vehicle: "吉A12345".into(),
                facility: "长春某建筑垃圾资源化利用厂".into(),
                departure_at: ago(600 - i),
                route: "人民大街—卫星路".into(),
                ..Default::default()
            },
        )
        .unwrap();
        manifests::receive(
            l,
            &m.number,
            &Reception {
                received: "16.5".into(),
                outcome: "接收".into(),
                received_at: ago(300 - i),
                ..Default::default()
            },
        )
        .unwrap();
        manifests::close(l, &m.number).unwrap();
    };
    // The first ones number the columns; then a steady state is measured.
    for i in 0..20 {
        lifecycle(&mut l, i);
    }
    let before = log_bytes(l.conn());
    let n = 200;
    for i in 0..n {
        lifecycle(&mut l, 20 + i % 250);
    }
    let per = (log_bytes(l.conn()) - before) / n;
    eprintln!("change log per manifest lifecycle: {per} bytes");
    assert!(per < 1024, "{per} bytes of change log per manifest");
    assert!(zwl::audit::check(l.conn()).unwrap().ok());

    // And the history still shows every step with whole images.
    let last: Vec<u8> = l
        .conn()
        .query_row(
            "SELECT id FROM cw_manifests ORDER BY number DESC LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let h = zwl::audit::history(l.conn(), "cw_manifests", &last).unwrap();
    let steps: Vec<&str> = h
        .iter()
        .map(|e| e.after.as_ref().unwrap()["status"].as_str().unwrap())
        .collect();
    assert_eq!(steps, ["dispatched", "received", "closed"]);
    assert_eq!(h[1].after.as_ref().unwrap()["route"], "人民大街—卫星路");
    assert_eq!(h[2].before.as_ref().unwrap()["received_qty"], 16_500_000);
}

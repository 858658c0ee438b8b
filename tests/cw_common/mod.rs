//! What the construction-waste tests share: a ledger with its registers, and a load.
#![allow(dead_code)]

use chrono::{Duration, Local};
use zwl::construction::{
    manifests::ManifestDraft,
    registers::{self, EntryDraft},
};
use zwl::{Error, Ledger};

pub fn codes(e: &Error) -> Vec<(String, String)> {
    e.fields()
        .iter()
        .map(|f| (f.field.clone(), f.code.clone()))
        .collect()
}

pub fn ago(hours: i64) -> String {
    (Local::now() - Duration::hours(hours))
        .format("%Y-%m-%d %H:%M")
        .to_string()
}

pub fn in_days(days: i64) -> String {
    (Local::now() + Duration::days(days))
        .format("%Y-%m-%d")
        .to_string()
}

/// A ledger with one site, transporter, two vehicles of 20 t rated payload and a 12 m³ box
/// (one with an expired permit) and a recycling facility.
pub fn setup() -> Ledger {
    let mut l = Ledger::open_in_memory().unwrap();
    registers::add_site(
        &mut l,
        &EntryDraft {
            name: "南关区某住宅项目".into(),
            permit_no: "长建核〔2026〕001".into(),
            valid_until: in_days(200),
            district: "220102".into(),
            ..Default::default()
        },
    )
    .unwrap();
    registers::add_transporter(
        &mut l,
        &EntryDraft {
            name: "长春某运输公司".into(),
            uscc: "91220101131860916E".into(),
            permit_no: "长渣运〔2026〕007".into(),
            valid_until: in_days(20),
            ..Default::default()
        },
    )
    .unwrap();
    for (plate, until) in [("吉A12345", in_days(100)), ("吉A54321", in_days(-3))] {
        registers::add_vehicle(
            &mut l,
            &EntryDraft {
                name: plate.into(),
                transporter: "长春某运输公司".into(),
                driver: "张伟".into(),
                permit_no: format!("准运〔2026〕{plate}"),
                valid_until: until,
                rated_payload_t: "20".into(),
                box_volume_m3: "12".into(),
                ..Default::default()
            },
        )
        .unwrap();
    }
    registers::add_facility(
        &mut l,
        &EntryDraft {
            name: "长春某建筑垃圾资源化利用厂".into(),
            kind: "资源化".into(),
            district: "220104".into(),
            permit_no: "长消纳〔2026〕003".into(),
            valid_until: in_days(365),
            capacity_t: "500000".into(),
            ..Default::default()
        },
    )
    .unwrap();
    l
}

/// A load of demolition waste in tonnes, departed `hours_ago`.
pub fn load(plate: &str, qty: &str, hours_ago: i64) -> ManifestDraft {
    ManifestDraft {
        category: "拆除垃圾".into(),
        unit: "t".into(),
        declared: qty.into(),
        site: "南关区某住宅项目".into(),
        vehicle: plate.into(),
        facility: "长春某建筑垃圾资源化利用厂".into(),
        departure_at: ago(hours_ago),
        route: "人民大街—卫星路".into(),
        ..Default::default()
    }
}

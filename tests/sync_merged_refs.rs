//! Rows that name a row merged into one here follow the merge: two installations register
//! the same plate and each dispatches loads with it; whatever the order the bundles travel
//! in, every manifest ends naming the one vehicle of that plate, and the merge is in the
//! conflicts list and the import's report.

mod sync_common;

use std::path::Path;

use chrono::{Duration, Local};
use sync_common::*;
use zwl::construction::manifests::{self, ManifestDraft};
use zwl::construction::registers::{self, EntryDraft};
use zwl::Ledger;

fn send(from: &mut Ledger, to: &mut Ledger, dir: &Path) -> zwl::sync::ImportReport {
    std::fs::create_dir_all(dir).unwrap();
    let f = zwl::sync::export(from, dir, false, &mut |_| {}).unwrap();
    zwl::sync::import(to, Path::new(&f.file), &mut |_| {}).unwrap()
}

/// A site, a transporter and a facility, made on `l`.
fn registers_on(l: &mut Ledger) {
    let far = "2030-01-01".to_string();
    registers::add_site(
        l,
        &EntryDraft {
            name: "南关区某住宅项目".into(),
            permit_no: "长建核〔2026〕001".into(),
            valid_until: far.clone(),
            district: "220102".into(),
            ..Default::default()
        },
    )
    .unwrap();
    registers::add_transporter(
        l,
        &EntryDraft {
            name: "长春某运输公司".into(),
            permit_no: "长渣运〔2026〕007".into(),
            valid_until: far.clone(),
            ..Default::default()
        },
    )
    .unwrap();
    registers::add_facility(
        l,
        &EntryDraft {
            name: "长春某资源化利用厂".into(),
            kind: "资源化".into(),
            district: "220104".into(),
            permit_no: "长消纳〔2026〕003".into(),
            valid_until: far,
            capacity_t: "500000".into(),
            ..Default::default()
        },
    )
    .unwrap();
}

fn add_plate(l: &mut Ledger, driver: &str) {
    registers::add_vehicle(
        l,
        &EntryDraft {
            name: "吉A12345".into(),
            transporter: "长春某运输公司".into(),
            driver: driver.into(),
            permit_no: "准运〔2026〕1".into(),
            valid_until: "2030-01-01".into(),
            rated_payload_t: "20".into(),
            box_volume_m3: "12".into(),
            ..Default::default()
        },
    )
    .unwrap();
}

fn dispatch(l: &mut Ledger, tonnes: &str) {
    manifests::dispatch_new(
        l,
        &ManifestDraft {
            category: "拆除垃圾".into(),
            unit: "t".into(),
            declared: tonnes.into(),
            site: "南关区某住宅项目".into(),
            vehicle: "吉A12345".into(),
            facility: "长春某资源化利用厂".into(),
            departure_at: (Local::now() - Duration::hours(2))
                .format("%Y-%m-%d %H:%M")
                .to_string(),
            ..Default::default()
        },
    )
    .unwrap();
}

/// A manifest's number and the vehicle it names.
type Load = (String, Vec<u8>);

/// The live vehicles of the plate, and the vehicle every manifest names.
fn vehicles_and_loads(l: &Ledger) -> (Vec<Vec<u8>>, Vec<Load>) {
    let c = l.conn();
    let v: Vec<Vec<u8>> = c
        .prepare("SELECT id FROM cw_vehicles WHERE plate = '吉A12345' AND deleted = 0")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let m: Vec<Load> = c
        .prepare("SELECT number, vehicle_id FROM cw_manifests ORDER BY number")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    (v, m)
}

/// Two installations that share the registers, then each register the plate (with the
/// drivers given) and dispatch two loads with it.
fn two_with_the_same_plate(dir: &Path, drivers: [&str; 2]) -> (Ledger, Ledger) {
    let mut a = ledger(dir, "a");
    let mut b = ledger(dir, "b");
    a.set_setting("installation.code", "A01").unwrap();
    b.set_setting("installation.code", "B01").unwrap();
    registers_on(&mut a);
    send(&mut a, &mut b, &dir.join("setup"));
    add_plate(&mut a, drivers[0]);
    add_plate(&mut b, drivers[1]);
    for t in ["10", "12"] {
        dispatch(&mut a, t);
        dispatch(&mut b, t);
    }
    (a, b)
}

fn every_load_names_the_one_vehicle(l: &Ledger, who: &str) {
    let (v, m) = vehicles_and_loads(l);
    assert_eq!(v.len(), 1, "{who}: one vehicle holds the plate");
    assert_eq!(m.len(), 4, "{who}: every load arrived");
    for (number, vehicle) in &m {
        assert_eq!(vehicle, &v[0], "{who}: {number} names the vehicle here");
    }
    let rep = zwl::audit::check(l.conn()).unwrap();
    assert!(rep.ok(), "{who}: {rep:?}");
}

#[test]
fn loads_naming_a_vehicle_merged_into_one_here_name_the_vehicle_here_in_either_order() {
    for a_first in [true, false] {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        let (mut a, mut b) = two_with_the_same_plate(d, ["张伟", "李强"]);
        let (first, second) = if a_first {
            let r1 = send(&mut a, &mut b, &d.join("ab"));
            let r2 = send(&mut b, &mut a, &d.join("ba"));
            (r1, r2)
        } else {
            let r1 = send(&mut b, &mut a, &d.join("ba"));
            let r2 = send(&mut a, &mut b, &d.join("ab"));
            (r1, r2)
        };
        // The first import merges the plate and takes the other side's two loads naming
        // the vehicle here; the second meets the plate again (merged the same way) and the
        // loads naming the first side's own vehicle, and the two it already had.
        assert_eq!(first.remapped, 2, "{first:?}");
        assert_eq!(first.conflicts, 1, "{first:?}");
        assert_eq!(second.remapped, 2, "{second:?}");
        every_load_names_the_one_vehicle(&a, "a");
        every_load_names_the_one_vehicle(&b, "b");
        // Both sides hold the same version of the vehicle and of every load.
        let (ca, cb) = (content(&a), content(&b));
        assert_eq!(plain(&ca["cw_vehicles"]), plain(&cb["cw_vehicles"]));
        let loads = |l: &Ledger| -> Vec<(String, String)> {
            let c = content(l);
            c["cw_manifests"]
                .values()
                .map(|j| {
                    let mut m: serde_json::Map<String, serde_json::Value> =
                        serde_json::from_str(j).unwrap();
                    m.remove("vehicle_id");
                    let n = m["number"].as_str().unwrap().to_string();
                    (n, serde_json::Value::Object(m).to_string())
                })
                .collect()
        };
        let (mut la, mut lb) = (loads(&a), loads(&b));
        la.sort();
        lb.sort();
        assert_eq!(
            la, lb,
            "the loads agree in all but which id the vehicle has"
        );
        for l in [&a, &b] {
            let k: Vec<_> = zwl::sync::conflicts(l.conn(), true)
                .unwrap()
                .into_iter()
                .filter(|k| k.table == "cw_vehicles" && k.reason == "unique")
                .collect();
            assert_eq!(k.len(), 1, "the merge is in the conflicts list");
        }
    }
}

#[test]
fn a_later_bundle_naming_the_merged_vehicle_follows_the_merge() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let (mut a, mut b) = two_with_the_same_plate(d, ["张伟", "张伟"]);
    let first = send(&mut a, &mut b, &d.join("ab"));
    assert_eq!(first.remapped, 2, "{first:?}");
    // The same values on both sides: nothing to choose, but the merge is remembered (closed).
    let open = zwl::sync::conflicts(b.conn(), false).unwrap();
    assert!(open.is_empty(), "{open:?}");
    let all = zwl::sync::conflicts(b.conn(), true).unwrap();
    assert_eq!(all.len(), 1);
    assert_eq!(all[0].resolution.as_deref(), Some("current"));
    // A later load on a, naming a's vehicle, arrives in a later bundle.
    dispatch(&mut a, "9");
    let later = send(&mut a, &mut b, &d.join("ab"));
    assert_eq!(later.remapped, 1, "{later:?}");
    let (v, m) = vehicles_and_loads(&b);
    assert_eq!(v.len(), 1);
    assert_eq!(m.len(), 5);
    assert!(m.iter().all(|(_, x)| *x == v[0]));
    assert!(zwl::audit::check(b.conn()).unwrap().ok());
}

#[test]
fn a_point_naming_a_village_both_sides_imported_names_the_village_here() {
    use zwl::agri::{places, points};
    const PLACES: &str = "区县,乡镇,乡镇代码,村,村代码
农安县,合隆镇,220122101000,陈家店村,220122101201
";
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let mut a = ledger(d, "a");
    let mut b = ledger(d, "b");
    // Each installation loads the county's list of villages: the same places, two ids each.
    places::import(&mut a, PLACES).unwrap();
    places::import(&mut b, PLACES).unwrap();
    a.write(|w| {
        points::add(
            w,
            &points::PointDraft {
                name: "合隆镇陈家店回收点".into(),
                operator: "陈家店农资店".into(),
                district: "农安县".into(),
                village: "陈家店村".into(),
                takes: "both".into(),
                active_from: "2025-01-01".into(),
                ..Default::default()
            },
        )
    })
    .unwrap();
    let r = send(&mut a, &mut b, &d.join("ab"));
    assert!(r.remapped >= 1, "{r:?}");
    let (village, here): (Vec<u8>, Vec<u8>) = b
        .conn()
        .query_row(
            "SELECT p.village_id, v.id FROM agri_points p, agri_places v WHERE v.name = '陈家店村'",
            [],
            |x| Ok((x.get(0)?, x.get(1)?)),
        )
        .unwrap();
    assert_eq!(village, here, "the point names the village here");
    let places: i64 = b
        .conn()
        .query_row("SELECT count(*) FROM agri_places", [], |x| x.get(0))
        .unwrap();
    assert_eq!(places, 2, "one township and one village, not two of each");
    assert!(zwl::audit::check(b.conn()).unwrap().ok());
}

//! The ledger the rules of the forms are tried on: a row in every family of tables that a form
//! fills in, its full bundle, and the check that a bundle with one of them broken is refused.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use chrono::{Duration, Local};
use serde_json::Value;
use zwl::agri::{entries, manure, places, points, straw};
use zwl::cells;
use zwl::construction::manifests::{self, ManifestDraft};
use zwl::construction::registers::{self, EntryDraft};
use zwl::construction::resource_use;

use crate::sync_common::*;

const PLACES: &str = "区县,乡镇,乡镇代码,村,村代码
农安县,合隆镇,220122101000,陈家店村,220122101201
";

pub fn month_ahead() -> String {
    (Local::now() + Duration::days(40))
        .format("%Y-%m")
        .to_string()
}

pub fn day(offset: i64) -> String {
    (Local::now() + Duration::days(offset))
        .format("%Y-%m-%d")
        .to_string()
}

/// A ledger with a row in every family of tables, and its full bundle.
pub fn source(dir: &Path) -> PathBuf {
    let mut a = ledger(dir, "a");
    some_work(&mut a, "甲");
    let far = "2030-01-01".to_string();
    let reg = |name: &str| EntryDraft {
        name: name.into(),
        permit_no: "长建核〔2026〕001".into(),
        valid_until: far.clone(),
        district: "220102".into(),
        ..Default::default()
    };
    registers::add_site(&mut a, &reg("南关区某住宅项目")).unwrap();
    registers::add_transporter(
        &mut a,
        &EntryDraft {
            uscc: "91220101131860916E".into(),
            ..reg("长春某运输公司")
        },
    )
    .unwrap();
    registers::add_vehicle(
        &mut a,
        &EntryDraft {
            transporter: "长春某运输公司".into(),
            driver: "张伟".into(),
            rated_payload_t: "20".into(),
            box_volume_m3: "12".into(),
            ..reg("吉A12345")
        },
    )
    .unwrap();
    registers::add_facility(
        &mut a,
        &EntryDraft {
            kind: "资源化".into(),
            capacity_t: "500000".into(),
            ..reg("长春某资源化利用厂")
        },
    )
    .unwrap();
    manifests::dispatch_new(
        &mut a,
        &ManifestDraft {
            category: "拆除垃圾".into(),
            unit: "t".into(),
            declared: "12".into(),
            site: "南关区某住宅项目".into(),
            vehicle: "吉A12345".into(),
            facility: "长春某资源化利用厂".into(),
            departure_at: (Local::now() - Duration::hours(10))
                .format("%Y-%m-%d %H:%M")
                .to_string(),
            ..Default::default()
        },
    )
    .unwrap();
    places::import(&mut a, PLACES).unwrap();
    a.write(|w| {
        points::add(
            w,
            &points::PointDraft {
                name: "合隆镇陈家店回收点".into(),
                operator: "陈家店农资店".into(),
                district: "农安县".into(),
                village: "陈家店村".into(),
                takes: "both".into(),
                active_from: day(-400),
                ..Default::default()
            },
        )?;
        entries::add(
            w,
            &entries::EntryDraft {
                date: day(-3),
                point: "合隆镇陈家店回收点".into(),
                container: "瓶".into(),
                material: "塑料".into(),
                count: "20".into(),
                weight: "12.5".into(),
                giver_name: "张三".into(),
                ..Default::default()
            },
        )?;
        straw::put(
            w,
            &straw::StrawDraft {
                district: "220122".into(),
                year: "2025".into(),
                crop: "玉米".into(),
                output: "100".into(),
                fertiliser: "50".into(),
                ..Default::default()
            },
        )?;
        zwl::agri::kinds::put(
            w,
            &zwl::agri::kinds::KindDraft {
                domain: "crop".into(),
                key: "sorghum".into(),
                name_zh: "高粱".into(),
                ratio: "1.6".into(),
                coefficient: "0.8".into(),
                ..Default::default()
            },
        )?;
        zwl::areas::put_named(w, "CCXQ", "长春新区", Some("Changchun New Area"))?;
        zwl::profile::put_district(
            w,
            &zwl::profile::District {
                code: "220102".into(),
                name: "南关区".into(),
                kind: "district".into(),
                name_en: Some("Nanguan District".into()),
            },
        )?;
        manure::put(
            w,
            &manure::ManureDraft {
                district: "220122".into(),
                farm: "农安县某牧业有限公司".into(),
                year: "2025".into(),
                livestock: "肉牛".into(),
                heads: "500".into(),
                fertiliser: "5000".into(),
                ..Default::default()
            },
        )?;
        Ok(())
    })
    .unwrap();
    resource_use::record_output(
        &mut a,
        "长春某资源化利用厂",
        "2025-05",
        &[("aggregate".into(), "80/95".into())],
    )
    .unwrap();
    resource_use::declarations::declare(
        &mut a,
        &resource_use::declarations::DeclarationDraft {
            site: "南关区某住宅项目".into(),
            month: "2025-05".into(),
            category: "拆除垃圾".into(),
            generated: "200".into(),
            reused: "20".into(),
            ..Default::default()
        },
    )
    .unwrap();
    let c = cells::add(
        &mut a,
        &cells::CellDraft {
            street: "自强街道".into(),
            street_code: "220102001000".into(),
            ..office("甲市某小区")
        },
    )
    .unwrap();
    for to in ["已申报", "创建中", "验收通过（待命名）"] {
        let ch = cells::StatusChange {
            to: to.into(),
            ..Default::default()
        };
        cells::change_status(&mut a, c.id, &ch).unwrap();
    }
    let named = cells::StatusChange {
        to: "已命名".into(),
        on: day(-10),
        batch: "2".into(),
        document_no: "长无废办〔2025〕3号".into(),
        ..Default::default()
    };
    cells::change_status(&mut a, c.id, &named).unwrap();
    cells::activity::save(
        &mut a,
        c.id,
        &[cells::activity::FigureInput {
            year: "2025".into(),
            figure: "people".into(),
            value: "1200".into(),
            ..Default::default()
        }],
    )
    .unwrap();
    cells::assess::save_application(
        &mut a,
        c.id,
        &cells::assess::Application {
            letter_on: day(-30),
            check_on: day(-29),
            check_by: "李四".into(),
            check_result: "clear".into(),
            ..Default::default()
        },
    )
    .unwrap();
    let criteria = cells::assess::criteria::current(a.conn(), "community").unwrap();
    cells::assess::record(
        &mut a,
        c.id,
        &cells::assess::AssessmentInput {
            level: "county".into(),
            on: day(-20),
            assessors: "王五".into(),
            scores: criteria
                .items
                .iter()
                .map(|i| cells::assess::ScoreInput {
                    item: i.key.clone(),
                    score: i.max_points.to_string(),
                    ..Default::default()
                })
                .collect(),
            ..Default::default()
        },
    )
    .unwrap();
    let stricter = cells::assess::Criteria {
        pass_mark: criteria.pass_mark + 5,
        ..criteria.clone()
    };
    cells::assess::criteria::save(&mut a, &stricter).unwrap();
    zwl::report::issue_cert(&mut a, c.id, "2025-01", "2025-12").unwrap();
    cells::activity::set_container(&mut a, c.id, "kitchen", "50").unwrap();
    cells::records::save(
        &mut a,
        c.id,
        &[cells::records::RecordInput {
            month: "2025-03".into(),
            category: "kitchen".into(),
            bins: "12".into(),
            ..Default::default()
        }],
    )
    .unwrap();
    // The load that left 10 hours ago and has not arrived is overdue: seen to.
    let alerts = zwl::alerts::all(a.conn(), "overdue").unwrap();
    zwl::alerts::acks::acknowledge(&mut a, &alerts[0].key, "已电话联系").unwrap();
    export_full(&mut a, &dir.join("out"))
}

/// The source's bundle with the first row of `table` changed by `f`, imported into a new
/// ledger: refused naming `table`, line 1 and the field `column` in both languages, and the
/// ledger's file unchanged.
pub fn refused_naming(table: &str, column: &str, f: impl Fn(&mut Value)) {
    let dir = tempfile::tempdir().unwrap();
    let good = source(dir.path());
    let bad = dir.path().join("bad.zip");
    with_first_row(&good, &bad, table, f);
    let mut b = ledger(dir.path(), "b");
    let before = file_sha(&b);
    let e = zwl::sync::import(&mut b, &bad, &mut |_| {}).unwrap_err();
    assert_eq!(e.code(), "bundle_bad_row", "{e}");
    let (zh, en) = zwl::error::field_names(column);
    assert_ne!(zh, column, "the field {column} has a Chinese name");
    let (mzh, men) = (e.message_zh(), e.message_en());
    assert!(
        men.contains(&format!("table {table} of the bundle, row 1, {en}:")),
        "{men}"
    );
    assert!(
        mzh.contains(&format!("同步包表 {table} 第 1 行“{zh}”")),
        "{mzh}"
    );
    assert_eq!(file_sha(&b), before, "the ledger's file changed");
    // The same bundle unbroken is taken: the refusal was the row's.
    zwl::sync::import(&mut b, &good, &mut |_| {}).unwrap();
}

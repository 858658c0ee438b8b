//! The rules of agricultural waste recovery, straw and manure, through the core API.

use chrono::{Duration, Local};
use zwl::agri::{
    basis::{self, FilmUseDraft, SaleDraft},
    entries::{self, EntryDraft},
    kinds::{self, KindDraft},
    manure::{self, ManureDraft},
    outbound::{self, OutboundDraft},
    places::{self, PlaceDraft},
    points::{self, PointDraft},
    rates::{self, RatesQuery},
    straw::{self, StrawDraft},
};
use zwl::{Error, Ledger};

fn codes(e: &Error) -> Vec<(String, String)> {
    e.fields()
        .iter()
        .map(|f| (f.field.clone(), f.code.clone()))
        .collect()
}

fn day(offset: i64) -> String {
    (Local::now() + Duration::days(offset))
        .format("%Y-%m-%d")
        .to_string()
}

const PLACES: &str = "区县,乡镇,乡镇代码,村,村代码
农安县,合隆镇,220122101000,陈家店村,220122101201
农安县,合隆镇,220122101000,乌金屯村,220122101202
农安县,合隆镇,220122101000,八家子村,
农安县,烧锅镇,220122102000,烧锅村,220122102201
";

/// A ledger with townships and villages of 农安县 and one point at 陈家店村 taking both streams.
fn setup() -> Ledger {
    let mut l = Ledger::open_in_memory().unwrap();
    places::import(&mut l, PLACES).unwrap();
    l.write(|w| {
        points::add(
            w,
            &PointDraft {
                name: "合隆镇陈家店回收点".into(),
                operator: "陈家店农资店".into(),
                district: "农安县".into(),
                village: "陈家店村".into(),
                takes: "both".into(),
                active_from: day(-400),
                ..Default::default()
            },
        )
    })
    .unwrap();
    l
}

fn hand_in(l: &mut Ledger, date: &str, kg: &str) -> Result<entries::Entry, Error> {
    l.write(|w| {
        entries::add(
            w,
            &EntryDraft {
                date: date.into(),
                point: "合隆镇陈家店回收点".into(),
                container: "瓶".into(),
                material: "塑料".into(),
                count: "20".into(),
                weight: kg.into(),
                giver_name: "张三".into(),
                ..Default::default()
            },
        )
    })
}

fn send(l: &mut Ledger, date: &str, kg: &str) -> Result<outbound::Outbound, Error> {
    l.write(|w| {
        outbound::add(
            w,
            &OutboundDraft {
                date: date.into(),
                point: "合隆镇陈家店回收点".into(),
                stream: "农药包装".into(),
                destination: "焚烧".into(),
                receiver: "长春某危废处置中心".into(),
                weight: kg.into(),
                ..Default::default()
            },
        )
    })
}

fn stock_kg(l: &Ledger) -> i64 {
    outbound::stock(l.conn(), "")
        .unwrap()
        .into_iter()
        .find(|s| s.stream == "pesticide")
        .unwrap()
        .stock_g
        / 1000
}

#[test]
fn places_import_is_all_or_nothing_and_lists_every_bad_row() {
    let mut l = Ledger::open_in_memory().unwrap();
    let bad = "区县,乡镇,乡镇代码,村,村代码
农安县,合隆镇,220122101000,陈家店村,220122101201
某某县,合隆镇,,乌金屯村,
农安县,烧锅镇,22012210200,烧锅村,
农安县,烧锅镇,,新村,220183102201
";
    let e = places::import(&mut l, bad).unwrap_err();
    let c = codes(&e);
    assert!(
        c.contains(&("district".into(), "unknown_district".into())),
        "{c:?}"
    );
    assert!(
        c.contains(&("code".into(), "division12_digits".into())),
        "{c:?}"
    );
    assert!(
        c.contains(&("code".into(), "division12_district".into())),
        "{c:?}"
    );
    let rows: Vec<_> = e.fields().iter().map(|f| f.row).collect();
    assert_eq!(rows, vec![Some(3), Some(4), Some(5)]);
    assert!(
        places::list(l.conn(), "").unwrap().is_empty(),
        "nothing written"
    );
}

#[test]
fn places_import_twice_adds_nothing_the_second_time() {
    let mut l = Ledger::open_in_memory().unwrap();
    let a = places::import(&mut l, PLACES).unwrap();
    assert_eq!(a.added, 6);
    let b = places::import(&mut l, PLACES).unwrap();
    assert_eq!((b.added, b.already), (0, 4));
    assert_eq!(places::village_count(l.conn(), "220122", None).unwrap(), 4);
}

#[test]
fn a_village_code_begins_with_its_townships_nine_digits() {
    let mut l = setup();
    let e = l
        .write(|w| {
            places::add(
                w,
                &PlaceDraft {
                    district: "220122".into(),
                    township: "合隆镇".into(),
                    name: "新立村".into(),
                    code: "220122102299".into(),
                },
            )
        })
        .unwrap_err();
    assert_eq!(
        codes(&e),
        vec![("code".into(), "division12_district".into())]
    );
}

#[test]
fn a_point_takes_only_its_streams_and_only_while_active() {
    let mut l = setup();
    l.write(|w| {
        points::add(
            w,
            &PointDraft {
                name: "烧锅镇农膜回收点".into(),
                operator: "某再生资源公司".into(),
                district: "220122".into(),
                township: "烧锅镇".into(),
                takes: "农膜".into(),
                active_from: day(-10),
                ..Default::default()
            },
        )
    })
    .unwrap();
    let mut d = EntryDraft {
        date: day(-1),
        point: "烧锅镇农膜回收点".into(),
        stream: "pesticide".into(),
        material: "plastic".into(),
        weight: "3".into(),
        ..Default::default()
    };
    let e = l.write(|w| entries::add(w, &d)).unwrap_err();
    assert_eq!(codes(&e), vec![("point".into(), "point_stream".into())]);
    d.stream = "film".into();
    d.film_kind = "地膜".into();
    d.date = day(-20);
    let e = l.write(|w| entries::add(w, &d)).unwrap_err();
    assert_eq!(codes(&e), vec![("date".into(), "point_inactive".into())]);
    d.date = day(-1);
    assert_eq!(
        l.write(|w| entries::add(w, &d))
            .unwrap()
            .film_kind
            .as_deref(),
        Some("mulch")
    );
}

#[test]
fn pesticide_packaging_needs_a_material_and_a_weight_above_zero() {
    let mut l = setup();
    let e = l
        .write(|w| {
            entries::add(
                w,
                &EntryDraft {
                    date: day(0),
                    point: "合隆镇陈家店回收点".into(),
                    container: "瓶".into(),
                    weight: "0".into(),
                    impurity: "120".into(),
                    ..Default::default()
                },
            )
        })
        .unwrap_err();
    let c = codes(&e);
    assert!(c.contains(&("material".into(), "required".into())), "{c:?}");
    assert!(
        c.contains(&("weight".into(), "not_positive_qty".into())),
        "{c:?}"
    );
    assert!(
        c.contains(&("impurity".into(), "percent_range".into())),
        "{c:?}"
    );
}

#[test]
fn stock_is_received_minus_sent_and_never_goes_negative() {
    let mut l = setup();
    hand_in(&mut l, &day(-5), "12.5").unwrap();
    hand_in(&mut l, &day(-3), "7.5").unwrap();
    send(&mut l, &day(-2), "15").unwrap();
    assert_eq!(stock_kg(&l), 5);
    let e = send(&mut l, &day(-1), "6").unwrap_err();
    assert_eq!(codes(&e), vec![("weight".into(), "stock_negative".into())]);
    assert!(e.fields()[0].message_zh.contains("库存"));
    assert_eq!(
        stock_kg(&l),
        5,
        "a refused outbound leaves the stock as it was"
    );
}

#[test]
fn an_outbound_dated_before_the_hand_ins_is_refused() {
    let mut l = setup();
    hand_in(&mut l, &day(-2), "10").unwrap();
    let e = send(&mut l, &day(-5), "4").unwrap_err();
    assert_eq!(codes(&e), vec![("weight".into(), "stock_negative".into())]);
}

#[test]
fn a_correction_needs_a_reason_is_logged_and_keeps_stock_non_negative() {
    let mut l = setup();
    let en = hand_in(&mut l, &day(-5), "10").unwrap();
    send(&mut l, &day(-1), "8").unwrap();
    let mut d = EntryDraft {
        date: en.date.clone(),
        point: en.point.clone(),
        container: "瓶".into(),
        material: "塑料".into(),
        weight: "5".into(),
        ..Default::default()
    };
    let e = l
        .write(|w| entries::revise(w, &en.id, &d, " "))
        .unwrap_err();
    assert_eq!(codes(&e), vec![("reason".into(), "required".into())]);
    let e = l
        .write(|w| entries::revise(w, &en.id, &d, "过磅复核"))
        .unwrap_err();
    assert_eq!(codes(&e), vec![("weight".into(), "stock_negative".into())]);
    d.weight = "9".into();
    l.write(|w| entries::revise(w, &en.id, &d, "过磅复核"))
        .unwrap();
    assert_eq!(entries::get(l.conn(), &en.id).unwrap().weight_g, 9_000);
    let reason: String = l
        .conn()
        .query_row(
            "SELECT reason FROM change_log WHERE tbl = 'agri_entries' AND action = 'update'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(reason, "过磅复核");
}

#[test]
fn an_entry_younger_than_two_years_cannot_be_deleted() {
    let mut l = setup();
    let en = hand_in(&mut l, &day(-300), "4").unwrap();
    let e = l
        .write(|w| entries::delete(w, &en.id, "重复录入"))
        .unwrap_err();
    assert_eq!(codes(&e), vec![("date".into(), "retention_locked".into())]);
    assert!(entries::get(l.conn(), &en.id).is_ok());
}

#[test]
fn an_entry_two_years_old_can_be_deleted_with_a_reason() {
    let mut l = Ledger::open_in_memory().unwrap();
    places::import(&mut l, PLACES).unwrap();
    l.write(|w| {
        points::add(
            w,
            &PointDraft {
                name: "老站".into(),
                operator: "某农资店".into(),
                district: "220122".into(),
                active_from: "2020-01-01".into(),
                ..Default::default()
            },
        )
    })
    .unwrap();
    let d = EntryDraft {
        date: "2021-03-01".into(),
        point: "老站".into(),
        material: "glass".into(),
        weight: "2".into(),
        ..Default::default()
    };
    let en = l.write(|w| entries::add(w, &d)).unwrap();
    l.write(|w| entries::delete(w, &en.id, "重复录入")).unwrap();
    assert!(entries::get(l.conn(), &en.id).is_err());
    assert_eq!(
        entries::deletable_from("2024-02-29").unwrap().to_string(),
        "2026-03-01"
    );
}

#[test]
fn packaging_recovery_over_100_percent_warns_and_shows_the_basis() {
    let mut l = setup();
    hand_in(&mut l, &day(-3), "30").unwrap();
    l.write(|w| {
        basis::add_sale(
            w,
            &SaleDraft {
                date: day(-30),
                dealer: "合隆镇某农资店".into(),
                district: "220122".into(),
                township: "合隆镇".into(),
                packages: "400".into(),
                weight: "100".into(),
                ..Default::default()
            },
        )
    })
    .unwrap();
    let q = RatesQuery {
        from: day(-365),
        to: day(0),
        ..Default::default()
    };
    let r = rates::rates(l.conn(), &q).unwrap();
    let row = r.rows.iter().find(|r| r.name == "合隆镇").unwrap();
    // 100 kg sold × 15 % = 15 kg estimated; 30 kg recovered = 200 %.
    assert_eq!(row.pkg_generated, Some(15_000));
    assert_eq!(row.pkg_rate, Some(200.0));
    assert_eq!(row.warnings[0].code, "rate_over_100");
    assert!(
        row.warnings[0].message_zh.contains("15%"),
        "{}",
        row.warnings[0].message_zh
    );
    assert!(r.formulas[1].0.contains("× 15%"));
    // By count: 20 pieces recovered of 400 packages sold.
    l.write(|w| zwl::profile::set_setting(w, "agri.packaging_rule", "count"))
        .unwrap();
    let r = rates::rates(l.conn(), &q).unwrap();
    let row = r.rows.iter().find(|r| r.name == "合隆镇").unwrap();
    assert_eq!((row.pkg_generated, row.pkg_rate), (Some(400), Some(5.0)));
    assert!(row.warnings.is_empty());
}

#[test]
fn film_recovery_is_recovered_over_used() {
    let mut l = setup();
    l.write(|w| {
        basis::add_film_use(
            w,
            &FilmUseDraft {
                date: day(-100),
                district: "220122".into(),
                township: "合隆镇".into(),
                crop: "玉米".into(),
                film_kind: "地膜".into(),
                weight: "400".into(),
            },
        )?;
        entries::add(
            w,
            &EntryDraft {
                date: day(-2),
                point: "合隆镇陈家店回收点".into(),
                film_kind: "地膜".into(),
                weight: "340".into(),
                ..Default::default()
            },
        )
    })
    .unwrap();
    let q = RatesQuery {
        by: "district".into(),
        from: day(-365),
        to: day(0),
        ..Default::default()
    };
    let r = rates::rates(l.conn(), &q).unwrap();
    assert_eq!(r.rows[0].film_rate, Some(85.0));
}

#[test]
fn coverage_is_villages_with_an_active_point_over_all_villages() {
    let l = setup();
    let q = RatesQuery {
        from: day(-30),
        to: day(0),
        ..Default::default()
    };
    let r = rates::rates(l.conn(), &q).unwrap();
    let helong = r.rows.iter().find(|r| r.name == "合隆镇").unwrap();
    assert_eq!(
        (helong.villages, helong.villages_covered, helong.coverage),
        (Some(3), Some(1), Some(33.3))
    );
    let shaoguo = r.rows.iter().find(|r| r.name == "烧锅镇").unwrap();
    assert_eq!(shaoguo.coverage, Some(0.0));
    // Before the point opened, nothing is covered.
    let q = RatesQuery {
        from: day(-900),
        to: day(-800),
        ..Default::default()
    };
    let r = rates::rates(l.conn(), &q).unwrap();
    assert!(r.rows.iter().all(|r| r.villages_covered == Some(0)));
}

#[test]
fn straw_rate_is_utilised_over_collectable_with_the_crops_factors_frozen() {
    let mut l = setup();
    let d = StrawDraft {
        district: "农安县".into(),
        township: "合隆镇".into(),
        year: "2025".into(),
        season: "秋".into(),
        crop: "玉米".into(),
        area_mu: "100000".into(),
        output: "60000".into(),
        fertiliser: "30000".into(),
        feed: "8000".into(),
        fuel: "4000".into(),
        substrate: "500".into(),
        raw_material: "1500".into(),
        burned: "0".into(),
        left: "1000".into(),
    };
    let (row, warn) = l.write(|w| straw::put(w, &d)).unwrap();
    // 60000 t × 0.84 × 0.9 = 45360 t collectable; 44000 t used.
    assert_eq!(row.collectable_g, 45_360_000_000);
    assert!(warn.is_empty());
    let r = straw::rates(l.conn(), "220122", 2025, true).unwrap();
    assert_eq!(r[0].rate, Some(97.0));
    assert!(r[0].meets_target);
    assert_eq!(
        r[0].factors,
        vec![("corn".into(), "0.84".into(), "0.9".into())]
    );
    // A province's own coefficient applies to figures saved after it, not before.
    l.write(|w| {
        kinds::put(
            w,
            &KindDraft {
                domain: "crop".into(),
                key: "corn".into(),
                ratio: "1.1".into(),
                source: "省级系数表".into(),
                ..Default::default()
            },
        )
    })
    .unwrap();
    assert_eq!(straw::list(l.conn(), "", 2025).unwrap()[0].ratio_milli, 840);
    l.write(|w| straw::put(w, &d)).unwrap();
    assert_eq!(
        straw::list(l.conn(), "", 2025).unwrap()[0].ratio_milli,
        1100
    );
    let r = straw::rates(l.conn(), "220122", 2025, false).unwrap();
    assert!(!r[0].meets_target, "{:?}", r[0].rate);
}

#[test]
fn straw_used_beyond_collectable_warns_but_saves() {
    let mut l = setup();
    let d = StrawDraft {
        district: "220122".into(),
        year: "2025".into(),
        crop: "大豆".into(),
        output: "100".into(),
        fertiliser: "200".into(),
        ..Default::default()
    };
    let (_, warn) = l.write(|w| straw::put(w, &d)).unwrap();
    assert_eq!(warn[0].code, "use_over_basis");
}

#[test]
fn manure_generated_is_heads_times_daily_factor_times_days() {
    let mut l = setup();
    let d = ManureDraft {
        district: "220122".into(),
        township: "合隆镇".into(),
        farm: "农安县某牧业有限公司".into(),
        year: "2025".into(),
        livestock: "肉牛".into(),
        heads: "500".into(),
        fertiliser: "5000".into(),
        biogas: "900".into(),
        ..Default::default()
    };
    let (row, _) = l.write(|w| manure::put(w, &d)).unwrap();
    // 500 × (10 + 24 kg) × 365 d = 6205 t.
    assert_eq!(row.generated_g, 6_205_000_000);
    assert_eq!(row.rate, Some(95.1));
    let r = manure::rates(l.conn(), "", 2025, false).unwrap();
    assert_eq!(r[0].rate, Some(95.1));
    assert!(r[0].formula.0.contains("饲养周期"));
}

#[test]
fn a_material_is_marked_recyclable_or_not_and_new_ones_are_data() {
    let mut l = setup();
    let glass = kinds::find(l.conn(), "material", "玻璃").unwrap().unwrap();
    assert_eq!(glass.recyclable, Some(false));
    l.write(|w| {
        kinds::put(
            w,
            &KindDraft {
                domain: "material".into(),
                key: "pet".into(),
                name_zh: "PET 塑料".into(),
                recyclable: "是".into(),
                ..Default::default()
            },
        )
    })
    .unwrap();
    assert_eq!(
        kinds::find(l.conn(), "material", "PET 塑料")
            .unwrap()
            .unwrap()
            .recyclable,
        Some(true)
    );
}

#[test]
fn every_write_is_in_the_change_log_and_check_passes() {
    let mut l = setup();
    hand_in(&mut l, &day(-5), "10").unwrap();
    send(&mut l, &day(-1), "3").unwrap();
    let csv = format!(
        "日期,回收站点,材质,件数,重量（千克）\n{},合隆镇陈家店回收点,塑料,10,2.5\n{},合隆镇陈家店回收点,玻璃,2,1\n",
        day(-2),
        day(-1)
    );
    let r = zwl::agri::import::import(&mut l, &csv).unwrap();
    assert_eq!(r.added, 2);
    let rep = zwl::audit::check(l.conn()).unwrap();
    assert!(rep.ok(), "{:?} {:?}", rep.log_problems, rep.integrity);
}

#[test]
fn an_entries_file_with_a_bad_row_writes_nothing() {
    let mut l = setup();
    let csv = format!(
        "日期,回收站点,材质,重量（千克）\n{},合隆镇陈家店回收点,塑料,2.5\n{},无此站点,塑料,1\n",
        day(-2),
        day(-1)
    );
    let e = zwl::agri::import::import(&mut l, &csv).unwrap_err();
    assert_eq!(e.fields()[0].row, Some(3));
    assert_eq!(e.fields()[0].field, "point");
    assert_eq!(stock_kg(&l), 0);
}

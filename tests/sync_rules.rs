//! Every row of a bundle is held to the rules of its form, by the form's own checks: a
//! bundle with one row that a form would refuse is refused, naming the part (table), the
//! line and the field in Chinese and English, and the ledger's file is unchanged.

mod sync_common;

use std::path::{Path, PathBuf};

use chrono::{Duration, Local};
use serde_json::{json, Value};
use sync_common::*;
use zwl::agri::{entries, manure, places, points, straw};
use zwl::cells;
use zwl::construction::manifests::{self, ManifestDraft};
use zwl::construction::registers::{self, EntryDraft};
use zwl::construction::resource_use;

const PLACES: &str = "区县,乡镇,乡镇代码,村,村代码
农安县,合隆镇,220122101000,陈家店村,220122101201
";

fn month_ahead() -> String {
    (Local::now() + Duration::days(40))
        .format("%Y-%m")
        .to_string()
}

fn day(offset: i64) -> String {
    (Local::now() + Duration::days(offset))
        .format("%Y-%m-%d")
        .to_string()
}

/// A ledger with a row in every family of tables, and its full bundle.
fn source(dir: &Path) -> PathBuf {
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
fn refused_naming(table: &str, column: &str, f: impl Fn(&mut Value)) {
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

#[test]
fn a_cell_the_cell_form_would_refuse_is_refused() {
    refused_naming("cells", "headcount", |r| r["headcount"] = json!(0));
}

#[test]
fn a_cell_of_no_known_status_is_refused() {
    refused_naming("cells", "status", |r| r["status"] = json!("almost"));
}

#[test]
fn a_monthly_record_whose_outflows_exceed_what_was_generated_is_refused() {
    refused_naming("cell_records", "recycled_g", |r| {
        r["recycled_g"] = json!(r["generated_g"].as_i64().unwrap() + 1000)
    });
}

#[test]
fn a_monthly_record_of_a_month_that_is_not_a_month_is_refused() {
    refused_naming("cell_records", "month", |r| r["month"] = json!("2025-13"));
}

#[test]
fn a_site_whose_approval_date_is_not_a_date_is_refused() {
    refused_naming("cw_sites", "approval_until", |r| {
        r["approval_until"] = json!("2026-02-30")
    });
}

#[test]
fn a_transporter_whose_credit_code_is_too_short_is_refused() {
    refused_naming("cw_transporters", "uscc", |r| {
        r["uscc"] = json!("9122010113")
    });
}

#[test]
fn a_vehicle_whose_plate_is_not_a_plate_is_refused() {
    refused_naming("cw_vehicles", "plate", |r| r["plate"] = json!("ABC-123"));
}

#[test]
fn a_vehicle_whose_payload_is_finer_than_a_kilogram_is_refused() {
    refused_naming("cw_vehicles", "rated_payload_g", |r| {
        r["rated_payload_g"] = json!(20_000_001)
    });
}

#[test]
fn a_facility_of_an_unknown_kind_is_refused() {
    refused_naming("cw_facilities", "kind", |r| r["kind"] = json!("dump"));
}

#[test]
fn a_manifest_declaring_nothing_is_refused() {
    refused_naming("cw_manifests", "declared_qty", |r| {
        r["declared_qty"] = json!(0)
    });
}

#[test]
fn a_manifest_whose_delivery_window_ends_before_it_begins_is_refused() {
    refused_naming("cw_manifests", "window_to", |r| {
        r["window_from"] = json!("2026-11-28T10:00:00Z");
        r["window_to"] = json!("2026-11-28T09:00:00Z");
    });
}

#[test]
fn a_hand_in_weighing_nothing_is_refused() {
    refused_naming("agri_entries", "weight_g", |r| r["weight_g"] = json!(0));
}

#[test]
fn a_hand_in_dated_in_the_future_is_refused() {
    refused_naming("agri_entries", "date", |r| r["date"] = json!(day(30)));
}

#[test]
fn straw_figures_of_a_year_out_of_range_are_refused() {
    refused_naming("agri_straw", "year", |r| r["year"] = json!(1990));
}

#[test]
fn manure_figures_of_a_farm_whose_credit_code_is_malformed_are_refused() {
    refused_naming("agri_manure", "farm_uscc", |r| {
        r["farm_uscc"] = json!("123")
    });
}

#[test]
fn a_setting_out_of_its_range_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = ledger(dir.path(), "a");
    a.write(|w| zwl::profile::set_setting(w, "cw.max_load_t", "49"))
        .unwrap();
    let good = export_full(&mut a, &dir.path().join("out"));
    let bad = dir.path().join("bad.zip");
    let line = with_row(
        &good,
        &bad,
        "settings",
        |r| r["key"] == "cw.max_load_t",
        |r| r["value"] = json!("900"),
    );
    let mut b = ledger(dir.path(), "b");
    let before = file_sha(&b);
    let e = zwl::sync::import(&mut b, &bad, &mut |_| {}).unwrap_err();
    assert_eq!(e.code(), "bundle_bad_row", "{e}");
    let (zh, en) = zwl::error::field_names("cw.max_load_t");
    assert!(
        e.message_en()
            .contains(&format!("table settings of the bundle, row {line}, {en}:")),
        "{}",
        e.message_en()
    );
    assert!(e.message_zh().contains(zh), "{}", e.message_zh());
    assert_eq!(file_sha(&b), before);
}

#[test]
fn a_received_load_whose_tare_exceeds_its_gross_weight_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let good = source(dir.path());
    let bad = dir.path().join("bad.zip");
    with_first_row(&good, &bad, "cw_manifests", |r| {
        r["status"] = json!("received");
        r["outcome"] = json!("accepted");
        r["received_at"] = r["departure_at"].clone();
        r["gross_g"] = json!(10_000_000);
        r["tare_g"] = json!(17_000_000);
        r["received_qty"] = json!(1_000_000);
        r["refused_qty"] = json!(0);
    });
    let mut b = ledger(dir.path(), "b");
    let before = file_sha(&b);
    let e = zwl::sync::import(&mut b, &bad, &mut |_| {}).unwrap_err();
    assert_eq!(e.code(), "bundle_bad_row", "{e}");
    let (zh, en) = zwl::error::field_names("tare_g");
    assert!(
        e.message_en()
            .contains(&format!("table cw_manifests of the bundle, row 1, {en}:")),
        "{}",
        e.message_en()
    );
    assert!(e.message_zh().contains(zh), "{}", e.message_zh());
    assert_eq!(file_sha(&b), before);
}

#[test]
fn a_facility_output_of_a_month_that_is_not_a_month_is_refused() {
    refused_naming("cw_facility_outputs", "month", |r| {
        r["month"] = json!("2025-13")
    });
}

#[test]
fn a_facility_output_finer_than_a_kilogram_is_refused() {
    refused_naming("cw_facility_outputs", "input_g", |r| {
        r["input_g"] = json!(80_000_001)
    });
}

#[test]
fn a_site_declaration_of_a_month_to_come_is_refused() {
    refused_naming("cw_site_declarations", "month", |r| {
        r["month"] = json!(month_ahead())
    });
}

#[test]
fn a_container_count_past_a_million_is_refused() {
    refused_naming("cell_record_counts", "count", |r| {
        r["count"] = json!(2_000_000)
    });
}

#[test]
fn an_activity_figure_of_a_year_to_come_is_refused() {
    refused_naming("cell_activity", "year", |r| {
        r["year"] = json!(
            Local::now()
                .format("%Y")
                .to_string()
                .parse::<i64>()
                .unwrap()
                + 1
        )
    });
}

#[test]
fn a_bin_weighing_nothing_is_refused() {
    refused_naming("cell_containers", "container_g", |r| {
        r["container_g"] = json!(0)
    });
}

#[test]
fn a_recovery_point_active_from_a_day_to_come_is_refused() {
    refused_naming("agri_points", "active_from", |r| {
        r["active_from"] = json!(day(30))
    });
}

#[test]
fn a_cell_place_whose_street_code_is_not_twelve_digits_is_refused() {
    refused_naming("cell_places", "street_code", |r| {
        r["street_code"] = json!("22010200100A")
    });
}

#[test]
fn a_reporting_area_whose_code_is_a_division_code_is_refused() {
    refused_naming("reporting_areas", "code", |r| r["code"] = json!("220199"));
}

#[test]
fn an_english_name_of_an_area_in_chinese_is_refused() {
    refused_naming("reporting_area_names_en", "name_en", |r| {
        r["name_en"] = json!("长春新区")
    });
}

#[test]
fn an_english_name_of_a_district_in_chinese_is_refused() {
    refused_naming("district_names_en", "name_en", |r| {
        r["name_en"] = json!("南关区")
    });
}

#[test]
fn a_district_whose_code_is_not_six_digits_is_refused() {
    refused_naming("districts", "code", |r| r["code"] = json!("22010X"));
}

#[test]
fn a_cell_kind_of_no_known_denominator_is_refused() {
    refused_naming("cell_kinds", "denominator", |r| {
        r["denominator"] = json!("beds")
    });
}

#[test]
fn a_naming_without_its_document_is_refused() {
    refused_naming("cell_namings", "document_no", |r| {
        r["document_no"] = json!("")
    });
}

#[test]
fn an_application_checked_on_a_day_to_come_is_refused() {
    refused_naming("cell_applications", "check_on", |r| {
        r["check_on"] = json!(day(30))
    });
}

#[test]
fn an_assessment_whose_total_is_not_the_sum_of_its_scores_is_refused() {
    refused_naming("cell_assessments", "total", |r| {
        r["total"] = json!(r["total"].as_i64().unwrap() - 1)
    });
}

#[test]
fn an_assessment_scoring_an_item_past_its_maximum_is_refused() {
    refused_naming("cell_assessments", "scores", |r| {
        let mut scores: Value = serde_json::from_str(r["scores"].as_str().unwrap()).unwrap();
        scores[0]["score"] = json!(1000);
        r["scores"] = json!(scores.to_string());
    });
}

#[test]
fn a_certification_report_whose_figures_are_not_those_it_was_issued_with_is_refused() {
    refused_naming("cert_reports", "content_hash", |r| {
        let mut figures: Value = serde_json::from_str(r["figures"].as_str().unwrap()).unwrap();
        figures[0]["value"] = json!("另一单位");
        r["figures"] = json!(figures.to_string());
    });
}

#[test]
fn a_township_whose_code_is_of_another_district_is_refused() {
    refused_naming("agri_places", "code", |r| r["code"] = json!("220199101000"));
}

#[test]
fn a_crop_whose_straw_ratio_is_out_of_range_is_refused() {
    refused_naming("agri_kinds", "ratio_milli", |r| {
        r["ratio_milli"] = json!(20_000)
    });
}

#[test]
fn a_waste_stream_whose_key_is_not_a_key_is_refused() {
    refused_naming("waste_streams", "key", |r| r["key"] = json!("House Hold"));
}

#[test]
fn a_waste_category_whose_english_name_is_too_long_is_refused() {
    refused_naming("waste_categories", "name_en", |r| {
        r["name_en"] = json!("a".repeat(51))
    });
}

#[test]
fn assessment_criteria_with_an_item_worth_nothing_are_refused() {
    refused_naming("criteria_templates", "items", |r| {
        let mut items: Value = serde_json::from_str(r["items"].as_str().unwrap()).unwrap();
        items[0]["max_points"] = json!(0);
        r["items"] = json!(items.to_string());
    });
}

#[test]
fn an_acknowledged_alert_without_a_note_is_refused() {
    refused_naming("alert_acks", "note", |r| r["note"] = json!(" "));
}

//! Every row of a bundle is held to the rules of its form, by the form's own checks: a
//! bundle with one row that a form would refuse is refused, naming the part (table), the
//! line and the field in Chinese and English, and the ledger's file is unchanged.

mod sync_common;

mod sync_rules_source;

use chrono::Local;
use serde_json::{json, Value};
use sync_common::*;
use sync_rules_source::*;

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

#[test]
fn a_facility_output_the_upgrade_derived_from_the_product_mass_is_taken() {
    let dir = tempfile::tempdir().unwrap();
    let good = source(dir.path());
    let derived = dir.path().join("derived.zip");
    // Version 2 kept a brick line's mass; the upgrade took 85% of it as the input.
    with_first_row(&good, &derived, "cw_facility_outputs", |r| {
        r["product"] = json!("brick");
        r["product_g"] = json!(95_001_000);
        r["input_g"] = json!(95_001_000_i64 * 85 / 100);
        r["note"] = json!("v2_mass_85");
    });
    let mut b = ledger(dir.path(), "b");
    zwl::sync::import(&mut b, &derived, &mut |_| {}).unwrap();
}

#[test]
fn every_row_of_a_ledger_upgraded_from_each_released_version_keeps_the_rules_of_its_form() {
    for v in 1..=4 {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join(format!("v{v}.db"));
        let fixture = format!("tests/fixtures/ledger-v{v}.db");
        std::fs::copy(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(fixture),
            &db,
        )
        .unwrap();
        let mut old = zwl::Ledger::open(&db).unwrap();
        let bundle = export_full(&mut old, &dir.path().join("out"));
        let mut b = ledger(dir.path(), "b");
        if let Err(e) = zwl::sync::import(&mut b, &bundle, &mut |_| {}) {
            panic!("version {v}: {e}");
        }
    }
}

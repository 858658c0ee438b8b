//! Black-box tests of `zwl agri`: places import, points, hand-ins, outbound and stock, the
//! basis, rates, straw, manure, entries import and the demo season.

use std::path::Path;
use std::process::{Command, Output};

use chrono::{Duration, Local};

fn zwl(db: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_zwl"))
        .arg("--db")
        .arg(db)
        .args(args)
        .output()
        .unwrap()
}

fn ok(db: &Path, args: &[&str]) -> serde_json::Value {
    let mut a = vec!["--json"];
    a.extend_from_slice(args);
    let o = zwl(db, &a);
    assert!(
        o.status.success(),
        "zwl {args:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    serde_json::from_slice(&o.stdout).unwrap()
}

/// The error object of a refused command (exit 1).
fn refused(db: &Path, args: &[&str]) -> serde_json::Value {
    let mut a = vec!["--json"];
    a.extend_from_slice(args);
    let o = zwl(db, &a);
    assert_eq!(o.status.code(), Some(1), "zwl {args:?} should be refused");
    let v: serde_json::Value = serde_json::from_slice(&o.stdout)
        .or_else(|_| serde_json::from_slice(&o.stderr))
        .unwrap();
    v["error"].clone()
}

fn day(offset: i64) -> String {
    (Local::now() + Duration::days(offset))
        .format("%Y-%m-%d")
        .to_string()
}

fn ledger(dir: &Path) -> std::path::PathBuf {
    let db = dir.join("l.db");
    ok(&db, &["init"]);
    let csv = dir.join("places.csv");
    std::fs::write(
        &csv,
        "区县,乡镇,乡镇代码,村,村代码\n农安县,合隆镇,220122101000,陈家店村,220122101201\n农安县,合隆镇,220122101000,乌金屯村,\n",
    )
    .unwrap();
    let r = ok(&db, &["agri", "village", "import", csv.to_str().unwrap()]);
    assert_eq!(r["imported"], 3);
    let from = day(-100);
    ok(
        &db,
        &[
            "agri",
            "point",
            "add",
            "--name",
            "陈家店回收点",
            "--operator",
            "陈家店农资店",
            "--district",
            "农安县",
            "--village",
            "陈家店村",
            "--from",
            &from,
        ],
    );
    db
}

#[test]
fn three_hand_ins_and_one_outbound_leave_the_stock_received_minus_sent() {
    let dir = tempfile::tempdir().unwrap();
    let db = ledger(dir.path());
    for (kg, d) in [("12.5", day(-5)), ("7.5", day(-4)), ("3", day(-3))] {
        let e = ok(
            &db,
            &[
                "agri",
                "entry",
                "add",
                "--point",
                "陈家店回收点",
                "--date",
                &d,
                "--material",
                "塑料",
                "--container",
                "瓶",
                "--count",
                "20",
                "--weight",
                kg,
            ],
        );
        assert_eq!(e["stream"], "pesticide");
    }
    ok(
        &db,
        &[
            "agri",
            "outbound",
            "add",
            "--point",
            "陈家店回收点",
            "--stream",
            "农药包装",
            "--to",
            "焚烧",
            "--receiver",
            "危废处置中心",
            "--weight",
            "20",
            "--date",
            &day(-1),
        ],
    );
    let s = ok(&db, &["agri", "stock"]);
    let p = s
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["stream"] == "pesticide")
        .unwrap();
    assert_eq!(p["stock_g"], 3_000);
    let list = ok(&db, &["agri", "entry", "list", "--point", "陈家店回收点"]);
    assert_eq!(list.as_array().unwrap().len(), 3);
}

#[test]
fn an_outbound_beyond_the_stock_is_refused_with_the_point_and_date() {
    let dir = tempfile::tempdir().unwrap();
    let db = ledger(dir.path());
    ok(
        &db,
        &[
            "agri",
            "entry",
            "add",
            "--point",
            "陈家店回收点",
            "--material",
            "塑料",
            "--weight",
            "5",
        ],
    );
    let e = refused(
        &db,
        &[
            "agri",
            "outbound",
            "add",
            "--point",
            "陈家店回收点",
            "--stream",
            "pesticide",
            "--to",
            "recycler",
            "--receiver",
            "某再生公司",
            "--weight",
            "6",
        ],
    );
    assert_eq!(e["fields"][0]["code"], "stock_negative");
    assert!(e["fields"][0]["message_zh"]
        .as_str()
        .unwrap()
        .contains("陈家店回收点"));
}

#[test]
fn a_young_entry_cannot_be_deleted_but_can_be_revised_with_a_reason() {
    let dir = tempfile::tempdir().unwrap();
    let db = ledger(dir.path());
    let e = ok(
        &db,
        &[
            "agri",
            "entry",
            "add",
            "--point",
            "陈家店回收点",
            "--film",
            "地膜",
            "--weight",
            "80",
        ],
    );
    let id = e["id"].as_str().unwrap();
    let r = refused(&db, &["agri", "entry", "delete", id, "--reason", "录错"]);
    assert_eq!(r["fields"][0]["code"], "retention_locked");
    let v = ok(
        &db,
        &[
            "agri",
            "entry",
            "revise",
            id,
            "--reason",
            "过磅复核",
            "--point",
            "陈家店回收点",
            "--film",
            "地膜",
            "--weight",
            "78.5",
        ],
    );
    assert_eq!(v["weight_g"], 78_500);
    let c = zwl(&db, &["check"]);
    assert!(c.status.success(), "{}", String::from_utf8_lossy(&c.stdout));
}

#[test]
fn rates_show_formulas_and_warn_above_100_percent() {
    let dir = tempfile::tempdir().unwrap();
    let db = ledger(dir.path());
    ok(
        &db,
        &[
            "agri",
            "entry",
            "add",
            "--point",
            "陈家店回收点",
            "--material",
            "塑料",
            "--count",
            "100",
            "--weight",
            "30",
            "--date",
            &day(-2),
        ],
    );
    ok(
        &db,
        &[
            "agri",
            "usage",
            "sale",
            "--date",
            &day(-30),
            "--district",
            "220122",
            "--township",
            "合隆镇",
            "--dealer",
            "合隆农资",
            "--packages",
            "300",
            "--weight",
            "100",
        ],
    );
    ok(
        &db,
        &[
            "agri",
            "usage",
            "film",
            "--date",
            &day(-60),
            "--district",
            "220122",
            "--township",
            "合隆镇",
            "--crop",
            "玉米",
            "--film",
            "地膜",
            "--weight",
            "500",
        ],
    );
    let r = ok(
        &db,
        &["agri", "rates", "--from", &day(-365), "--to", &day(0)],
    );
    let row = r["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["name"] == "合隆镇")
        .unwrap();
    assert_eq!(row["pkg_rate"], 200.0);
    assert_eq!(row["warnings"][0]["code"], "rate_over_100");
    assert_eq!(row["coverage"], 50.0);
    assert!(r["formulas"][1][0].as_str().unwrap().contains("15%"));
    // The rule is a setting, and the rates follow it.
    assert!(
        zwl(&db, &["settings", "set", "agri.packaging_rule", "count"])
            .status
            .success()
    );
    let r = ok(
        &db,
        &[
            "agri",
            "rates",
            "--from",
            &day(-365),
            "--to",
            &day(0),
            "--by",
            "district",
        ],
    );
    assert_eq!(r["rows"][0]["pkg_rate"], 33.3);
    assert_eq!(r["estimate"]["rule"], "count");
}

#[test]
fn straw_and_manure_rates_show_their_factors_and_target() {
    let dir = tempfile::tempdir().unwrap();
    let db = ledger(dir.path());
    let s = ok(
        &db,
        &[
            "agri",
            "straw",
            "put",
            "--district",
            "农安县",
            "--township",
            "合隆镇",
            "--year",
            "2025",
            "--season",
            "秋",
            "--crop",
            "玉米",
            "--area",
            "100000",
            "--output",
            "60000",
            "--fertiliser",
            "30000",
            "--feed",
            "8000",
            "--fuel",
            "2000",
        ],
    );
    assert_eq!(s["row"]["collectable_g"], 45_360_000_000i64);
    let r = ok(&db, &["agri", "straw", "rates", "--year", "2025"]);
    assert_eq!(r[0]["rate"], 88.2);
    assert_eq!(r[0]["target"], 90.0);
    assert_eq!(r[0]["meets_target"], false);
    let m = ok(
        &db,
        &[
            "agri",
            "manure",
            "put",
            "--district",
            "220122",
            "--farm",
            "某奶牛场",
            "--year",
            "2025",
            "--livestock",
            "奶牛",
            "--heads",
            "100",
            "--fertiliser",
            "2000",
        ],
    );
    // 100 × (20 + 48 kg) × 365 = 2482 t.
    assert_eq!(m["row"]["generated_g"], 2_482_000_000i64);
    let k = ok(&db, &["agri", "kind", "list", "--domain", "livestock"]);
    assert!(k
        .as_array()
        .unwrap()
        .iter()
        .any(|x| x["key"] == "dairy" && !x["source"].as_str().unwrap().is_empty()));
}

#[test]
fn an_entries_file_with_bad_rows_is_refused_whole() {
    let dir = tempfile::tempdir().unwrap();
    let db = ledger(dir.path());
    let csv = dir.path().join("e.csv");
    std::fs::write(
        &csv,
        format!("日期,回收站点,材质,重量（千克）\n{},陈家店回收点,塑料,2\n{},陈家店回收点,木头,1\n2099-01-01,陈家店回收点,塑料,1\n", day(-3), day(-2)),
    )
    .unwrap();
    let e = refused(&db, &["agri", "import", csv.to_str().unwrap()]);
    let f = e["fields"].as_array().unwrap();
    assert_eq!(
        (f[0]["row"].as_u64(), f[0]["field"].as_str()),
        (Some(3), Some("material"))
    );
    assert_eq!(
        (f[1]["row"].as_u64(), f[1]["code"].as_str()),
        (Some(4), Some("future_date"))
    );
    assert!(ok(&db, &["agri", "entry", "list"])
        .as_array()
        .unwrap()
        .is_empty());
}

#[test]
fn the_demo_adds_a_season_across_the_rural_districts() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("d.db");
    let r = ok(&db, &["demo", "--cells", "10", "--manifests", "0"]);
    assert!(r["agri"]["entries"].as_u64().unwrap() > 5_000);
    let year = r["agri"]["year"].as_i64().unwrap().to_string();
    let rates = ok(&db, &["agri", "rates", "--year", &year, "--by", "district"]);
    let districts: Vec<&str> = rates["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["district"].as_str().unwrap())
        .collect();
    assert_eq!(
        districts,
        vec!["220112", "220113", "220122", "220182", "220183", "220184"]
    );
    for row in rates["rows"].as_array().unwrap() {
        let film = row["film_rate"].as_f64().unwrap();
        assert!((70.0..100.0).contains(&film), "{row}");
    }
    let straw = ok(
        &db,
        &[
            "agri", "straw", "rates", "--year", &year, "--by", "district",
        ],
    );
    for row in straw.as_array().unwrap() {
        assert!((80.0..100.0).contains(&row["rate"].as_f64().unwrap()));
    }
    assert!(zwl(&db, &["check"]).status.success());
}

//! Black-box tests of the cells' figures through the `zwl` binary: a partly entered year,
//! activity figures, categories as profile data, entry by bins, both household rates.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn zwl(db: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_zwl"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("ZWL_DB")
        .output()
        .expect("the zwl binary runs")
}

fn ok(db: &Path, args: &[&str]) -> String {
    let o = zwl(db, args);
    assert!(
        o.status.success(),
        "zwl {args:?} failed: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8(o.stdout).unwrap()
}

fn json(db: &Path, args: &[&str]) -> serde_json::Value {
    let mut a = vec!["--json"];
    a.extend_from_slice(args);
    serde_json::from_str(&ok(db, &a)).expect("valid JSON")
}

/// A new ledger made by `zwl init` in a temporary folder.
fn temp() -> (tempfile::TempDir, PathBuf) {
    let d = tempfile::tempdir().unwrap();
    let p = d.path().join("ledger.db");
    let o = Command::new(env!("CARGO_BIN_EXE_zwl"))
        .arg("--db")
        .arg(&p)
        .arg("init")
        .output()
        .unwrap();
    assert!(o.status.success(), "zwl init");
    (d, p)
}

fn office(db: &Path) {
    ok(
        db,
        &[
            "cell",
            "add",
            "--name",
            "测试机关",
            "--kind",
            "office",
            "--district",
            "220102",
            "--uscc",
            "91220101131860916E",
        ],
    );
}

fn record(db: &Path, month: &str, category: &str, generated: &str) {
    ok(
        db,
        &[
            "record",
            "add",
            "测试机关",
            "--month",
            month,
            "--category",
            category,
            "--generated",
            generated,
        ],
    );
}

/// The new user's case: three months of 2025 against a whole 2024 printed −75%.
#[test]
fn a_partly_entered_year_is_marked_incomplete_with_its_missing_months() {
    let (_d, db) = temp();
    office(&db);
    ok(
        &db,
        &[
            "cell",
            "edit",
            "测试机关",
            "--baseline-year",
            "2024",
            "--headcount",
            "100",
        ],
    );
    for m in 1..=12 {
        record(&db, &format!("2024-{m:02}"), "其他垃圾", "100");
    }
    for m in 1..=3 {
        record(&db, &format!("2025-{m:02}"), "其他垃圾", "100");
    }
    let args = ["rates", "测试机关", "--from", "2025-01", "--to", "2025-12"];
    let r = json(&db, &args);
    let h = &r["reduction"][0];
    assert_eq!(h["stream"], "household");
    assert_eq!(h["complete"], false);
    assert_eq!(h["period_g"], 300_000);
    assert_eq!(h["baseline_g"], 300_000);
    assert_eq!(h["change_pct"], 0.0);
    assert_eq!(h["period_missing"].as_array().unwrap().len(), 9);
    assert_eq!(h["denominators"][0]["period_value"], 100.0);
    let text = ok(&db, &args);
    assert!(text.contains("不完整"), "{text}");
    assert!(text.contains("本期缺少记录的月份：2025-04"), "{text}");
    assert!(!text.contains("-75"), "{text}");
}

#[test]
fn activity_figures_are_set_listed_and_refused_with_the_field_named() {
    let (_d, db) = temp();
    office(&db);
    let r = json(
        &db,
        &[
            "cell",
            "figure",
            "set",
            "测试机关",
            "--year",
            "2024",
            "--figure",
            "人数",
            "--value",
            "120",
            "--source",
            "人事处",
        ],
    );
    assert_eq!(r["changed"], 1);
    let f = json(&db, &["cell", "figure", "list", "测试机关"]);
    assert_eq!(f[0]["figure"], "people");
    assert_eq!(f[0]["unit"], "人");
    assert_eq!(f[0]["source"], "人事处");
    let o = zwl(
        &db,
        &[
            "cell",
            "figure",
            "set",
            "测试机关",
            "--year",
            "2024",
            "--figure",
            "面积",
            "--value",
            "1",
        ],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("未知的活动数据"));
    let kinds = json(&db, &["cell", "figure", "kinds"]);
    assert_eq!(kinds.as_array().unwrap().len(), 7);
    let dens = json(&db, &["kind", "denominators"]);
    assert!(dens
        .as_array()
        .unwrap()
        .iter()
        .any(|d| d["kind"] == "factory" && d["figure"] == "output_value"));
    json(
        &db,
        &[
            "kind",
            "set-denominators",
            "office",
            "household",
            "people",
            "beds",
        ],
    );
    let dens = json(&db, &["kind", "denominators"]);
    let office: Vec<&str> = dens
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["kind"] == "office" && d["stream"] == "household")
        .map(|d| d["figure"].as_str().unwrap())
        .collect();
    assert_eq!(office, ["people", "beds"]);
}

#[test]
fn categories_are_profile_data_from_the_command_line() {
    let (_d, db) = temp();
    office(&db);
    let cats = json(&db, &["category", "list"]);
    let keys: Vec<&str> = cats
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["key"].as_str().unwrap())
        .collect();
    assert!(keys.contains(&"decoration") && keys.contains(&"food_waste"));
    json(
        &db,
        &[
            "category",
            "add",
            "textiles",
            "废旧衣物",
            "--stream",
            "生活垃圾",
            "--recovery",
            "--container",
            "bag",
            "--kg",
            "5",
        ],
    );
    json(
        &db,
        &["category", "edit", "textiles", "--name-zh", "旧衣物"],
    );
    let cats = json(&db, &["category", "move", "旧衣物", "1"]);
    assert_eq!(cats[0]["key"], "textiles");
    assert_eq!(cats[0]["container_g"], 5_000);
    let saved = json(
        &db,
        &[
            "record",
            "add",
            "测试机关",
            "--month",
            "2025-01",
            "--category",
            "旧衣物",
            "--bins",
            "4",
        ],
    );
    assert_eq!(saved["changed"], 1);
    let recs = json(&db, &["record", "list", "测试机关"]);
    assert_eq!(recs[0]["generated_g"], 20_000);
    assert_eq!(recs[0]["count"], 4);
    json(&db, &["category", "retire", "textiles"]);
    let o = zwl(
        &db,
        &[
            "record",
            "add",
            "测试机关",
            "--month",
            "2025-02",
            "--category",
            "旧衣物",
            "--generated",
            "1",
        ],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("已停用"));
    let streams = json(&db, &["category", "stream-add", "medical", "医疗废物"]);
    assert!(streams
        .as_array()
        .unwrap()
        .iter()
        .any(|s| s["key"] == "medical"));
    json(&db, &["category", "stream-retire", "medical"]);
    let o = zwl(
        &db,
        &["category", "add", "sharps", "锐器", "--stream", "医疗废物"],
    );
    assert_eq!(
        o.status.code(),
        Some(1),
        "a retired stream takes no new categories"
    );
}

#[test]
fn both_household_rates_print_with_their_formulas_and_a_warning_names_uncounted_recovery() {
    let (_d, db) = temp();
    office(&db);
    let saved = json(
        &db,
        &[
            "record",
            "add",
            "测试机关",
            "--month",
            "2025-01",
            "--category",
            "其他垃圾",
            "--generated",
            "100",
            "--recycled",
            "10",
            "--incinerated",
            "90",
        ],
    );
    assert_eq!(saved["warnings"][0]["code"], "recovery_not_counted");
    let o = zwl(
        &db,
        &[
            "record",
            "add",
            "测试机关",
            "--month",
            "2025-01",
            "--category",
            "可回收物",
            "--generated",
            "100",
            "--recycled",
            "100",
        ],
    );
    assert!(o.status.success());
    ok(&db, &["settings", "set", "factor.incineration", "0.5"]);
    let r = json(
        &db,
        &["rates", "测试机关", "--from", "2025-01", "--to", "2025-01"],
    );
    assert_eq!(r["household"]["recycling_rate"], 50.0);
    // (10 + 100) × 1 + 90 × 0.5 = 155 of 200 kg
    assert_eq!(r["household"]["resource_rate"], 77.5);
    let text = ok(
        &db,
        &["rates", "测试机关", "--from", "2025-01", "--to", "2025-01"],
    );
    assert!(text.contains("生活垃圾资源化利用率 77.5%"), "{text}");
    assert!(text.contains("焚烧处理量 × 0.5"), "{text}");
    assert!(text.contains("不计入回收利用率"), "{text}");
}

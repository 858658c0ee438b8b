//! Black-box tests of `zwl record sheet`: the month sheet shown and saved from a file, all or
//! nothing, with the exit codes of the rest of the CLI.

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

fn ledger() -> (tempfile::TempDir, PathBuf) {
    let d = tempfile::tempdir().unwrap();
    let p = d.path().join("ledger.db");
    ok(&p, &["init"]);
    for name in ["甲小区", "乙小区"] {
        ok(
            &p,
            &[
                "cell",
                "add",
                "--name",
                name,
                "--kind",
                "community",
                "--district",
                "220102",
            ],
        );
    }
    (d, p)
}

fn generated(sheet: &serde_json::Value) -> Vec<(String, String, i64)> {
    let mut out = Vec::new();
    for r in sheet["rows"].as_array().unwrap() {
        for e in r["entries"].as_array().unwrap() {
            if let Some(g) = e["generated_g"].as_i64() {
                let cell = r["name"].as_str().unwrap().to_string();
                out.push((cell, e["category"].as_str().unwrap().to_string(), g));
            }
        }
    }
    out
}

#[test]
fn a_sheet_file_is_saved_whole_and_shown_by_the_not_yet_entered_sheet() {
    let (d, db) = ledger();
    let file = d.path().join("sheet.json");
    std::fs::write(
        &file,
        r#"{"rows": [{"row": 1, "cell": "甲小区", "entries": [
            {"category": "厨余垃圾", "generated": "120.5"}, {"category": "other", "generated": "80"}]}]}"#,
    )
    .unwrap();
    let saved = json(
        &db,
        &[
            "record",
            "sheet",
            "--month",
            "2025-03",
            "--save",
            file.to_str().unwrap(),
        ],
    );
    assert_eq!(
        (saved["changed"].as_i64(), saved["rows"].as_i64()),
        (Some(2), Some(1))
    );
    let all = json(&db, &["record", "sheet", "--month", "2025-03"]);
    assert_eq!(
        generated(&all),
        [
            ("甲小区".to_string(), "kitchen".to_string(), 120_500),
            ("甲小区".to_string(), "other".to_string(), 80_000)
        ]
    );
    let missing = json(&db, &["record", "sheet", "--month", "2025-03", "--missing"]);
    assert_eq!(missing["total"], 1);
    assert_eq!(missing["rows"][0]["name"], "乙小区");
}

#[test]
fn a_refused_sheet_exits_1_names_the_row_and_writes_nothing() {
    let (d, db) = ledger();
    let file = d.path().join("sheet.json");
    std::fs::write(
        &file,
        r#"[{"cell": "甲小区", "entries": [{"category": "kitchen", "generated": "10"}]},
            {"cell": "乙小区", "entries": [{"category": "kitchen", "generated": "-3"}]}]"#,
    )
    .unwrap();
    let o = zwl(
        &db,
        &[
            "--json",
            "record",
            "sheet",
            "--month",
            "2025-03",
            "--save",
            file.to_str().unwrap(),
        ],
    );
    assert_eq!(o.status.code(), Some(1));
    let err: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let f = &err["error"]["fields"][0];
    assert_eq!(
        (f["row"].as_i64(), f["field"].as_str()),
        (Some(2), Some("kitchen:generated"))
    );
    assert!(f["message_zh"]
        .as_str()
        .unwrap()
        .starts_with("乙小区，厨余垃圾"));
    let all = json(&db, &["record", "sheet", "--month", "2025-03"]);
    assert!(generated(&all).is_empty(), "row 1 was not written either");
}

#[test]
fn a_future_month_is_refused_with_exit_1_even_with_an_empty_sheet() {
    let (d, db) = ledger();
    let file = d.path().join("empty.json");
    std::fs::write(&file, "[]").unwrap();
    let o = zwl(
        &db,
        &[
            "record",
            "sheet",
            "--month",
            "2999-01",
            "--save",
            file.to_str().unwrap(),
        ],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("未来"));
    let o = zwl(&db, &["record", "sheet", "--month", "2025-3"]);
    assert_eq!(o.status.code(), Some(1));
}

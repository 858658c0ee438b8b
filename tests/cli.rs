//! Black-box tests of the `zwl` binary on temporary databases: exit codes, output, and that
//! a refused command leaves the database as it was.

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

fn temp() -> (tempfile::TempDir, PathBuf) {
    let d = tempfile::tempdir().unwrap();
    let p = d.path().join("ledger.db");
    (d, p)
}

/// A new ledger made by `zwl init` in a temporary folder.
fn ledger() -> (tempfile::TempDir, PathBuf) {
    let (d, p) = temp();
    ok(&p, &["init"]);
    (d, p)
}

fn change_log_len(db: &Path) -> i64 {
    let c = rusqlite::Connection::open(db).unwrap();
    c.query_row("SELECT count(*) FROM change_log", [], |r| r.get(0))
        .unwrap()
}

#[test]
fn init_creates_the_database_with_its_profile() {
    let (_d, db) = temp();
    let out = ok(&db, &["init"]);
    assert!(out.contains(&format!("schema version: {}", zwl::db::SCHEMA_VERSION)));
    let districts = json(&db, &["district", "list"]);
    assert_eq!(districts.as_array().unwrap().len(), 15);
    let kinds = json(&db, &["kind", "list"]);
    let keys: Vec<&str> = kinds
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k["key"].as_str().unwrap())
        .collect();
    assert_eq!(keys, ["office", "community", "factory", "school"]);
}

#[test]
fn adding_a_cell_as_the_issue_writes_it_and_exits_0() {
    let (_d, db) = ledger();
    let o = zwl(
        &db,
        &[
            "cell",
            "add",
            "--name",
            "长春市某某局",
            "--kind",
            "office",
            "--district",
            "220102",
            "--uscc",
            "91220101131860916E",
        ],
    );
    assert_eq!(o.status.code(), Some(0));
    let shown = json(&db, &["cell", "show", "91220101131860916E"]);
    assert_eq!(shown["name"], "长春市某某局");
    assert_eq!(shown["district_name"], "南关区");
    let by_chinese = zwl(
        &db,
        &[
            "cell",
            "add",
            "--name",
            "某小区",
            "--kind",
            "小区",
            "--district",
            "南关区",
        ],
    );
    assert_eq!(
        by_chinese.status.code(),
        Some(0),
        "kinds and districts by Chinese name"
    );
}

#[test]
fn refused_input_exits_1_names_the_field_and_writes_nothing() {
    let (_d, db) = temp();
    ok(&db, &["init"]);
    let before = change_log_len(&db);
    let o = zwl(
        &db,
        &[
            "cell",
            "add",
            "--name",
            "乙局",
            "--kind",
            "office",
            "--district",
            "220102",
            "--uscc",
            "1122010052601815XA",
        ],
    );
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("统一社会信用代码"), "{err}");
    assert!(err.contains("应为“Y”"), "{err}");
    assert_eq!(change_log_len(&db), before);

    let o = zwl(
        &db,
        &["--json", "cell", "add", "--name", "", "--kind", "office"],
    );
    assert_eq!(o.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["error"]["code"], "invalid");
    let fields: Vec<&str> = v["error"]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["name", "uscc", "district"]);
}

#[test]
fn a_code_failing_the_check_is_kept_with_a_reason_in_the_history() {
    let (_d, db) = ledger();
    ok(
        &db,
        &[
            "cell",
            "add",
            "--name",
            "乙局",
            "--kind",
            "office",
            "--district",
            "220102",
            "--uscc",
            "1122010052601815XA",
            "--override-reason",
            "登记证书原件如此",
        ],
    );
    let h = json(&db, &["cell", "history", "乙局"]);
    assert_eq!(h[0]["reason"], "登记证书原件如此");
}

#[test]
fn status_transitions_and_their_refusals() {
    let (_d, db) = ledger();
    ok(
        &db,
        &[
            "cell",
            "add",
            "--name",
            "甲校",
            "--kind",
            "school",
            "--district",
            "220104",
            "--uscc",
            "12220100908301663U",
        ],
    );
    let o = zwl(
        &db,
        &[
            "cell",
            "set-status",
            "甲校",
            "certified",
            "--on",
            "2025-06-01",
        ],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("状态不能从“计划创建”变为“已命名”"));
    for s in ["applying", "创建中", "assessed"] {
        ok(&db, &["cell", "set-status", "甲校", s]);
    }
    let c = json(
        &db,
        &[
            "cell",
            "set-status",
            "甲校",
            "certified",
            "--on",
            "2025-06-01",
            "--batch",
            "2",
            "--document",
            "长无废办〔2025〕3号",
        ],
    );
    assert_eq!(c["status"], "certified");
    assert_eq!(c["naming_batch"], 2);
    assert_eq!(c["expires_on"], "2028-05-31");
}

#[test]
fn records_and_rates_from_the_command_line() {
    let (_d, db) = ledger();
    ok(
        &db,
        &[
            "cell",
            "add",
            "--name",
            "甲局",
            "--kind",
            "office",
            "--district",
            "220102",
            "--uscc",
            "91220101131860916E",
            "--headcount",
            "100",
            "--baseline-year",
            "2024",
        ],
    );
    for (m, g) in [("2024-03", "200"), ("2025-03", "150")] {
        ok(
            &db,
            &[
                "record",
                "add",
                "甲局",
                "--month",
                m,
                "--category",
                "可回收物",
                "--generated",
                g,
                "--recycled",
                "90",
            ],
        );
    }
    let o = zwl(
        &db,
        &[
            "record",
            "add",
            "甲局",
            "--month",
            "2025-04",
            "--category",
            "other",
            "--generated",
            "10",
            "--landfilled",
            "11",
        ],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("超过产生量"));
    let r = json(
        &db,
        &["rates", "甲局", "--from", "2025-01", "--to", "2025-06"],
    );
    assert_eq!(r["household"]["recycling_rate"], 60.0);
    let household = &r["reduction"][0];
    assert_eq!(household["stream"], "household");
    assert_eq!(household["change_g"], -50_000);
    assert_eq!(household["change_pct"], -25.0);
    assert_eq!(household["complete"], false, "only March was entered");
    let text = ok(
        &db,
        &["rates", "甲局", "--from", "2025-01", "--to", "2025-06"],
    );
    assert!(text.contains("公式"), "the formula is printed: {text}");
}

#[test]
fn a_bad_import_lists_every_row_and_field_and_writes_nothing() {
    let (d, db) = temp();
    ok(&db, &["init"]);
    let before = change_log_len(&db);
    let file = d.path().join("cells.csv");
    std::fs::write(
        &file,
        "\u{feff}名称,类型,统一社会信用代码,行政区划\n\
         甲局,机关,91220101131860916E,220102\n\
         ,机关,91220101131860916X,220102\n\
         丙小区,小区,,999999\n",
    )
    .unwrap();
    let o = zwl(&db, &["import", "cells", file.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("第 3 行 名称"), "{err}");
    assert!(err.contains("第 3 行 统一社会信用代码"), "{err}");
    assert!(err.contains("第 4 行 行政区划"), "{err}");
    assert_eq!(change_log_len(&db), before);
    assert_eq!(json(&db, &["cell", "list"])["total"], 0);
}

#[test]
fn an_import_in_gb18030_from_excel_is_read() {
    let (d, db) = ledger();
    let file = d.path().join("cells.csv");
    let text = "名称,类型,统一社会信用代码,行政区划\n甲局,机关,91220101131860916E,南关区\n";
    let (bytes, _, _) = encoding_rs::GB18030.encode(text);
    std::fs::write(&file, &bytes).unwrap();
    let v = json(&db, &["import", "cells", file.to_str().unwrap()]);
    assert_eq!(v["imported"], 1);
    assert_eq!(json(&db, &["cell", "show", "甲局"])["district"], "220102");
}

#[test]
fn demo_data_is_consistent_and_the_check_passes() {
    let (_d, db) = temp();
    let s = json(&db, &["demo", "--cells", "40", "--months", "6"]);
    assert_eq!(s["cells"], 40);
    assert!(s["records"].as_u64().unwrap() > 40 * 6 * 2);
    let c = json(&db, &["check"]);
    assert_eq!(c["integrity_ok"], true);
    assert_eq!(c["log_problem_count"], 0);
    let page = json(&db, &["cell", "list", "--kind", "工厂", "--page-size", "5"]);
    assert_eq!(page["total"], 8);
}

#[test]
fn check_exits_2_when_the_change_log_disagrees() {
    let (_d, db) = temp();
    ok(&db, &["demo", "--cells", "5", "--months", "2"]);
    let c = rusqlite::Connection::open(&db).unwrap();
    c.execute("UPDATE cell_records SET generated_g = generated_g + 1 WHERE id = (SELECT min(id) FROM cell_records)", [])
        .unwrap();
    drop(c);
    let o = zwl(&db, &["check"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stdout).contains("1 处不一致"));
}

#[test]
fn usage_errors_exit_1_and_help_exits_0() {
    let (_d, db) = temp();
    assert_eq!(zwl(&db, &["cell", "frobnicate"]).status.code(), Some(1));
    assert_eq!(zwl(&db, &["--help"]).status.code(), Some(0));
}

#[test]
fn a_database_from_a_newer_program_exits_2_with_a_clear_message() {
    let (_d, db) = temp();
    ok(&db, &["init"]);
    let c = rusqlite::Connection::open(&db).unwrap();
    c.pragma_update(None, "user_version", 7).unwrap();
    drop(c);
    let o = zwl(&db, &["cell", "list"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("请使用新版程序"));
}

#[test]
fn bench_prints_every_measure_beside_its_baseline() {
    let (_d, db) = temp();
    let o = zwl(
        &db,
        &[
            "--json",
            "bench",
            "--cells",
            "60",
            "--records",
            "600",
            "--manifests",
            "400",
            "--imports",
            "300",
        ],
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let lines = v["lines"].as_array().unwrap();
    // 13 measures, the certification report's time and size, the imports of cells and of
    // manifests each beside a plain script into the ledger's tables and a bare insert, and
    // the cells' import from XLSX beside their import from CSV.
    assert_eq!(lines.len(), 20);
    for l in lines {
        assert!(l["ledger"].as_f64().unwrap() > 0.0, "{l}");
        assert!(l["baseline"].as_f64().unwrap() > 0.0, "{l}");
    }
    assert_eq!(v["records"], 600);
    assert_eq!(v["manifests"], 400);
}

//! Black-box tests of `zwl` for statuses and naming, credit codes, reporting areas, streets
//! and communities, and `zwl alerts`.

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

fn add_office(db: &Path, name: &str, uscc: &str, extra: &[&str]) -> Output {
    let mut a = vec![
        "cell",
        "add",
        "--name",
        name,
        "--kind",
        "office",
        "--district",
        "220102",
        "--uscc",
        uscc,
    ];
    a.extend_from_slice(extra);
    zwl(db, &a)
}

#[test]
fn a_structure_warning_is_printed_and_the_cell_is_saved() {
    let (_d, db) = temp();
    let o = add_office(&db, "甲局", "91220101131860916E", &[]);
    assert!(o.status.success());
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.contains("已添加"), "{out}");
    assert!(out.contains("提示 warning") && out.contains("11"), "{out}");
    let c = json(&db, &["cell", "show", "甲局"]);
    assert_eq!(c["warnings"][0]["code"], "uscc_kind_hint");
}

#[test]
fn an_18th_character_outside_the_set_is_refused_with_the_likely_digit() {
    let (_d, db) = temp();
    let o = add_office(
        &db,
        "甲局",
        "9122010113186091S",
        &["--override-reason", "登记证书如此"],
    );
    // 17 characters: a length error first.
    assert_eq!(o.status.code(), Some(1));
    let o = add_office(
        &db,
        "甲局",
        "11220102MB0000019O",
        &["--override-reason", "登记证书如此"],
    );
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("第 18 位") && err.contains("「0」"), "{err}");
}

#[test]
fn a_shared_code_needs_a_reason_from_the_command_line() {
    let (_d, db) = temp();
    ok(
        &db,
        &[
            "cell",
            "add",
            "--name",
            "第一中学",
            "--kind",
            "school",
            "--district",
            "220102",
            "--uscc",
            "12220100908301663U",
        ],
    );
    let args = [
        "cell",
        "add",
        "--name",
        "第一中学南校区",
        "--kind",
        "school",
        "--district",
        "220102",
        "--uscc",
        "12220100908301663U",
    ];
    let o = zwl(&db, &args);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("第一中学"));
    let mut a = args.to_vec();
    a.extend_from_slice(&["--shared-reason", "第二校区"]);
    ok(&db, &a);
    let h = json(&db, &["cell", "history", "第一中学南校区"]);
    assert!(h[0]["reason"].as_str().unwrap().contains("第二校区"));
}

#[test]
fn naming_and_moving_back_from_the_command_line_keep_the_history() {
    let (_d, db) = temp();
    assert!(add_office(&db, "甲局", "11220102MB0000019M", &[])
        .status
        .success());
    for s in ["已申报", "创建中", "验收通过（待命名）"] {
        ok(&db, &["cell", "set-status", "甲局", s]);
    }
    let c = json(
        &db,
        &[
            "cell",
            "set-status",
            "甲局",
            "已命名",
            "--on",
            "2025-04-01",
            "--batch",
            "第2批",
            "--document",
            "长无废办〔2025〕4号",
        ],
    );
    assert_eq!(c["naming_batch"], 2);
    assert_eq!(c["expires_on"], "2028-03-31");
    let shown = ok(&db, &["cell", "show", "甲局"]);
    assert!(shown.contains("第 2 批"), "{shown}");
    let c = json(&db, &["cell", "set-status", "甲局", "assessed"]);
    assert_eq!(c["certified_on"], serde_json::Value::Null);
    let n = json(&db, &["cell", "namings", "甲局"]);
    assert_eq!(n[0]["named_on"], "2025-04-01");
    assert_eq!(n[0]["ended_as"], "assessed");
    let text = ok(&db, &["cell", "namings", "甲局"]);
    assert!(text.contains("验收通过（待命名）"), "{text}");
}

#[test]
fn alerts_list_an_expiring_certification_and_filter_by_kind() {
    let (_d, db) = temp();
    ok(
        &db,
        &["settings", "set", "certification.validity_years", "1"],
    );
    assert!(add_office(&db, "甲局", "11220102MB0000019M", &[])
        .status
        .success());
    for s in ["applying", "creating", "assessed"] {
        ok(&db, &["cell", "set-status", "甲局", s]);
    }
    let on = (zwl::ids::today() - chrono::Duration::days(320)).to_string();
    ok(
        &db,
        &[
            "cell",
            "set-status",
            "甲局",
            "certified",
            "--on",
            &on,
            "--batch",
            "1",
            "--document",
            "文号",
        ],
    );
    ok(
        &db,
        &[
            "cw",
            "transporter",
            "add",
            "--name",
            "某运输公司",
            "--valid-until",
            "2020-01-01",
        ],
    );
    let a = json(&db, &["alerts"]);
    let kinds: Vec<&str> = a
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["expired", "certification_expiring"]);
    let a = json(&db, &["alerts", "--kind", "certification"]);
    assert_eq!(a.as_array().unwrap().len(), 1);
    assert_eq!(a[0]["subject"], "甲局");
    assert_eq!(a[0]["urgency"], "low");
    let text = ok(&db, &["alerts"]);
    assert!(
        text.contains("无废细胞命名将于") && text.contains("共 2 条预警"),
        "{text}"
    );
}

#[test]
fn reporting_areas_and_streets_from_the_command_line() {
    let (_d, db) = temp();
    ok(&db, &["area", "put", "CCXQ", "长春新区"]);
    ok(&db, &["area", "group", "CCXQ", "220173", "220172"]);
    let o = zwl(&db, &["area", "put", "220199", "某区"]);
    assert_eq!(o.status.code(), Some(1));
    let a = json(&db, &["area", "list"]);
    assert_eq!(a[0]["name"], "市本级");
    assert_eq!(a[1]["districts"], serde_json::json!(["220172", "220173"]));
    assert!(add_office(
        &db,
        "长春市某局",
        "11220102MB0000019M",
        &[
            "--area",
            "市本级",
            "--street",
            "南岭街道",
            "--street-code",
            "220102001000",
            "--community",
            "南岭社区",
            "--community-code",
            "220102001001",
        ],
    )
    .status
    .success());
    let c = json(&db, &["cell", "show", "长春市某局"]);
    assert_eq!(c["report_area"], "SBJ");
    assert_eq!(c["street_code"], "220102001000");
    ok(&db, &["cell", "edit", "长春市某局", "--community-code", ""]);
    let c = json(&db, &["cell", "show", "长春市某局"]);
    assert_eq!(c["community_code"], serde_json::Value::Null);
    let o = zwl(
        &db,
        &[
            "cell",
            "edit",
            "长春市某局",
            "--street-code",
            "220103001000",
        ],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("220102"));
    let rep = json(&db, &["check"]);
    assert_eq!(rep["log_problem_count"], 0);
}

#[test]
fn a_register_code_warns_and_takes_an_override_reason() {
    let (_d, db) = temp();
    let o = zwl(
        &db,
        &[
            "cw",
            "transporter",
            "add",
            "--name",
            "某运输公司",
            "--uscc",
            "1122010052601815XA",
        ],
    );
    assert_eq!(o.status.code(), Some(1));
    let e = json(
        &db,
        &[
            "cw",
            "transporter",
            "add",
            "--name",
            "某运输公司",
            "--uscc",
            "1122010052601815XA",
            "--override-reason",
            "营业执照如此",
        ],
    );
    assert_eq!(e["uscc"], "1122010052601815XA");
    assert!(e["warnings"].is_array());
}

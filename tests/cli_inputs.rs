//! Black-box tests of the `zwl` binary: inputs that never change data silently, and import
//! messages a clerk can act on.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use chrono::{Duration, Local};

fn zwl(db: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_zwl"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("ZWL_DB")
        .output()
        .expect("the zwl binary runs")
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

/// Runs a command that must be refused (exit 1); returns its stderr.
fn refused(db: &Path, args: &[&str]) -> String {
    let o = zwl(db, args);
    let err = String::from_utf8_lossy(&o.stderr).into_owned();
    assert_eq!(o.status.code(), Some(1), "zwl {args:?}: {err}");
    err
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

fn ago(h: i64) -> String {
    (Local::now() - Duration::hours(h))
        .format("%Y-%m-%d %H:%M")
        .to_string()
}

fn date(days: i64) -> String {
    (Local::now() + Duration::days(days))
        .format("%Y-%m-%d")
        .to_string()
}

fn with_cell(db: &Path) {
    ok(
        db,
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
        ],
    );
}

fn records(db: &Path) -> serde_json::Value {
    ok(
        db,
        &[
            "record", "list", "甲局", "--from", "2025-05", "--to", "2025-05",
        ],
    )
}

const MAY: [&str; 5] = [
    "--month",
    "2025-05",
    "--category",
    "可回收物",
    "--generated",
];

#[test]
fn record_add_with_an_empty_generated_is_refused_and_deletes_nothing() {
    let (_d, db) = temp();
    ok(&db, &["init"]);
    with_cell(&db);
    let mut add = vec!["record", "add", "甲局"];
    add.extend(MAY);
    ok(&db, &[add.clone(), vec!["100"]].concat());
    let err = refused(&db, &[add, vec![""]].concat());
    assert!(err.contains("产生量"), "{err}");
    assert_eq!(records(&db).as_array().unwrap().len(), 1);
}

#[test]
fn record_delete_is_a_command_of_its_own() {
    let (_d, db) = temp();
    ok(&db, &["init"]);
    with_cell(&db);
    let mut add = vec!["record", "add", "甲局"];
    add.extend(MAY);
    ok(&db, &[add, vec!["100"]].concat());
    let del = [
        "record",
        "delete",
        "甲局",
        "--month",
        "2025-05",
        "--category",
        "可回收物",
    ];
    ok(&db, &del);
    assert!(records(&db).as_array().unwrap().is_empty());
    let err = refused(&db, &del);
    assert!(err.contains("未找到"), "{err}");
}

#[test]
fn twelve_comma_five_is_refused_showing_what_was_read() {
    let (_d, db) = temp();
    ok(&db, &["init"]);
    with_cell(&db);
    let mut add = vec!["record", "add", "甲局"];
    add.extend(MAY);
    let err = refused(&db, &[add.clone(), vec!["12,5"]].concat());
    assert!(err.contains("读到“12,5”（千克）"), "{err}");
    assert!(records(&db).as_array().unwrap().is_empty());
    ok(&db, &[add, vec!["1,200"]].concat());
    assert_eq!(records(&db)[0]["generated_g"], 1_200_000);
}

#[test]
fn a_nul_byte_in_an_imported_name_is_refused_with_its_row_and_field() {
    let (d, db) = temp();
    ok(&db, &["init"]);
    let file = d.path().join("cells.csv");
    std::fs::write(&file, "名称,类型,行政区划\n乙\0小区,小区,220102\n").unwrap();
    let err = refused(&db, &["import", "cells", file.to_str().unwrap()]);
    assert!(err.contains("第 2 行 名称"), "{err}");
    assert!(err.contains("NUL"), "{err}");
}

#[test]
fn a_megabyte_field_and_thousands_of_bad_rows_give_a_short_message() {
    let (d, db) = temp();
    ok(&db, &["init"]);
    let file = d.path().join("cells.csv");
    let mut text = format!("名称,类型,行政区划\n甲局,{},220102\n", "x".repeat(1 << 20));
    for i in 0..5_000 {
        text.push_str(&format!("局{i},无此类型,220102\n"));
    }
    std::fs::write(&file, text).unwrap();
    let err = refused(&db, &["import", "cells", file.to_str().unwrap()]);
    assert!(err.len() < 40_000, "{} bytes of messages", err.len());
    assert!(err.contains("另有 4901 处问题未列出"), "{err}");
}

#[test]
fn a_file_in_an_unknown_encoding_is_refused_in_chinese_with_the_fix() {
    let (d, db) = temp();
    ok(&db, &["init"]);
    let file = d.path().join("cells.csv");
    std::fs::write(&file, b"\xFF\xFF,\xFF\n").unwrap();
    let err = refused(&db, &["import", "cells", file.to_str().unwrap()]);
    assert!(err.contains("另存为"), "{err}");
}

fn registers(db: &Path) {
    ok(db, &["init"]);
    let until = date(100);
    ok(
        db,
        &[
            "cw",
            "site",
            "add",
            "--name",
            "南关区某住宅项目",
            "--district",
            "220102",
            "--valid-until",
            &until,
        ],
    );
    ok(
        db,
        &[
            "cw",
            "transporter",
            "add",
            "--name",
            "长春某运输公司",
            "--valid-until",
            &until,
        ],
    );
    ok(
        db,
        &[
            "cw",
            "vehicle",
            "add",
            "--name",
            "吉A12345",
            "--transporter",
            "长春某运输公司",
            "--rated-payload",
            "25",
            "--driver",
            "张伟",
            "--valid-until",
            &until,
        ],
    );
    ok(
        db,
        &[
            "cw",
            "facility",
            "add",
            "--name",
            "长春某资源化利用厂",
            "--kind",
            "recycling",
            "--district",
            "220104",
            "--valid-until",
            &until,
        ],
    );
}

#[test]
fn a_manifest_file_imported_twice_says_already_imported_and_writes_nothing() {
    let (d, db) = temp();
    registers(&db);
    let file = d.path().join("loads.csv");
    std::fs::write(
        &file,
        format!(
            "类别,申报量,工地,车牌号,消纳场,出车时间\n\
             拆除垃圾,20,南关区某住宅项目,吉A12345,长春某资源化利用厂,{}\n\
             拆除垃圾,18,南关区某住宅项目,吉A12345,长春某资源化利用厂,{}\n",
            ago(5),
            ago(3)
        ),
    )
    .unwrap();
    let path = file.to_str().unwrap();
    assert_eq!(ok(&db, &["import", "manifests", path])["imported"], 2);
    let o = zwl(&db, &["import", "manifests", path]);
    assert!(o.status.success());
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(
        out.contains("已导入") && out.contains("already imported"),
        "{out}"
    );
    assert_eq!(ok(&db, &["cw", "manifest", "list"])["total"], 2);
    // The same loads in another file: found by their site, vehicle and departure.
    let copy = d.path().join("loads-copy.csv");
    let mut text = std::fs::read_to_string(&file).unwrap();
    text.push('\n');
    std::fs::write(&copy, text).unwrap();
    let again = ok(&db, &["import", "manifests", copy.to_str().unwrap()]);
    assert_eq!(
        (again["imported"].as_u64(), again["already"].as_u64()),
        (Some(0), Some(2))
    );
    assert_eq!(ok(&db, &["cw", "manifest", "list"])["total"], 2);
}

#[test]
fn huge_facility_outputs_are_refused_so_the_rate_never_overflows() {
    let (_d, db) = temp();
    registers(&db);
    for m in ["2025-01", "2025-02", "2025-03"] {
        let err = refused(
            &db,
            &[
                "cw",
                "output",
                "长春某资源化利用厂",
                "--month",
                m,
                "aggregate=999999999999",
            ],
        );
        assert!(err.contains("超出上限"), "{err}");
    }
    ok(
        &db,
        &[
            "cw", "rate", "--by", "facility", "--from", "2025-01", "--to", "2025-03",
        ],
    );
}

#[test]
fn a_departure_later_than_now_is_refused() {
    let (_d, db) = temp();
    registers(&db);
    let later = (Local::now() + Duration::hours(3))
        .format("%Y-%m-%d %H:%M")
        .to_string();
    let err = refused(
        &db,
        &[
            "cw",
            "manifest",
            "dispatch",
            "--new",
            "--category",
            "拆除垃圾",
            "--declared",
            "20",
            "--site",
            "南关区某住宅项目",
            "--vehicle",
            "吉A12345",
            "--facility",
            "长春某资源化利用厂",
            "--departure",
            &later,
        ],
    );
    assert!(err.contains("晚于当前时间"), "{err}");
}

#[test]
fn a_bad_date_in_a_list_filter_is_an_error() {
    let (_d, db) = temp();
    registers(&db);
    let err = refused(&db, &["cw", "manifest", "list", "--from", "2026-02-30"]);
    assert!(err.contains("2026-02-30"), "{err}");
    with_cell(&db);
    refused(&db, &["record", "list", "甲局", "--from", "2025/05"]);
}

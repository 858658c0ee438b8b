//! Black-box tests of `zwl home`, `zwl setup`, `zwl operator` and acknowledging alerts from
//! the command line.

use std::path::Path;
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

#[test]
fn setup_home_operator_and_acknowledge_from_the_command_line() {
    let d = tempfile::tempdir().unwrap();
    let db = d.path().join("ledger.db");
    ok(&db, &["init"]);
    let s = json(&db, &["setup"]);
    assert_eq!(s["needed"], true);
    let s = json(
        &db,
        &[
            "setup",
            "--operator",
            "李娜",
            "--name",
            "南关区无废办",
            "--code",
            "NGQ01",
            "--area",
            "220102",
        ],
    );
    assert_eq!(s["needed"], false);
    assert_eq!(s["backup_dir"], d.path().display().to_string());

    ok(
        &db,
        &[
            "cw",
            "site",
            "add",
            "--name",
            "南关区某住宅项目",
            "--district",
            "220102",
            "--valid-until",
            "2020-01-01",
        ],
    );
    let h = json(&db, &["home"]);
    assert!(h["figures"].as_array().unwrap().len() >= 5);
    let todo = h["todo"].as_array().unwrap();
    assert!(todo.iter().any(|t| t["kind"] == "expired"), "{todo:?}");

    let alerts = json(&db, &["alerts", "--area", "220102"]);
    let key = alerts[0]["key"].as_str().unwrap().to_string();
    let refused = zwl(&db, &["alerts", "--ack", &key, "--note", ""]);
    assert_eq!(refused.status.code(), Some(1));
    ok(
        &db,
        &["alerts", "--ack", &key, "--note", "已通知工地补办核准"],
    );
    let left = json(&db, &["alerts", "--area", "220102"]);
    assert!(left
        .as_array()
        .unwrap()
        .iter()
        .all(|a| a["key"] != key.as_str()));
    let all = json(&db, &["alerts", "--all"]);
    assert!(all
        .as_array()
        .unwrap()
        .iter()
        .any(|a| a["key"] == key.as_str()));
    let acks = json(&db, &["alerts", "--acks"]);
    assert_eq!(acks[0]["note"], "已通知工地补办核准");
    assert_eq!(acks[0]["operator"], "李娜");

    let o = json(&db, &["operator", "张三"]);
    assert_eq!(o["operator"], "张三");
    assert_eq!(
        o["recent"][0], "李娜",
        "the switch itself is logged under the one before"
    );
    ok(&db, &["check"]);
}

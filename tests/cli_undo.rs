//! Black-box tests of `zwl undo`.

use std::path::Path;
use std::process::{Command, Output};

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

const ADD: &[&str] = &[
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
];

#[test]
fn zwl_undo_shows_what_it_undid_and_the_cell_added_is_gone_from_the_list() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("l.db");
    ok(&db, &["init"]);
    ok(&db, ADD);
    let u = ok(&db, &["undo"]);
    assert_eq!(u["rows"][0]["table"], "cells");
    assert_eq!(u["rows"][0]["subject"], "长春市某某局");
    assert_eq!(u["rows"][0]["outcome"], "removed");
    assert_eq!(ok(&db, &["cell", "list"])["total"], 0);
    let text = zwl(&db, &["undo"]);
    assert!(text.status.success());
    let out = String::from_utf8_lossy(&text.stdout);
    assert!(
        out.contains("长春市某某局") && out.contains("restored"),
        "{out}"
    );
    assert_eq!(ok(&db, &["cell", "list"])["total"], 1);
    assert!(zwl(&db, &["check"]).status.success());
}

#[test]
fn a_refused_undo_exits_1_with_the_reason() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("l.db");
    ok(&db, &["init"]);
    let o = zwl(&db, &["undo", "--change-set", "1"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("undo_not_possible")
            || String::from_utf8_lossy(&o.stderr).contains("不能撤销"),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
}

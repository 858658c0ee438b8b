//! `zwl sync …` from the command line, with --json, on temporary ledgers.

use std::path::Path;
use std::process::Command;

fn zwl(db: &Path, args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_zwl"))
        .arg("--db")
        .arg(db)
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn json(s: &str) -> serde_json::Value {
    serde_json::from_str(s).unwrap_or_else(|e| panic!("{e}: {s}"))
}

#[test]
fn a_bundle_exported_and_imported_from_the_command_line_reports_what_it_applied() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a.db"), dir.path().join("b.db"));
    assert_eq!(zwl(&a, &["init"]).0, 0);
    assert_eq!(zwl(&b, &["init"]).0, 0);
    let (code, _, err) = zwl(
        &a,
        &[
            "cell",
            "add",
            "--name",
            "幸福小区",
            "--kind",
            "community",
            "--district",
            "220104",
        ],
    );
    assert_eq!(code, 0, "{err}");
    let out = dir.path().join("out");
    std::fs::create_dir_all(&out).unwrap();
    let (code, o, err) = zwl(
        &a,
        &["sync", "export", "--out", out.to_str().unwrap(), "--json"],
    );
    assert_eq!(code, 0, "{err}");
    let e = json(&o);
    let file = e["file"].as_str().unwrap().to_string();
    assert!(e["full"].as_bool().unwrap());
    let (code, o, err) = zwl(&b, &["sync", "import", &file, "--json"]);
    assert_eq!(code, 0, "{err}");
    let r = json(&o);
    let cells = r["tables"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["table"] == "cells")
        .unwrap();
    assert_eq!(cells["rows"], 1);
    let (_, o, _) = zwl(&b, &["sync", "import", &file, "--json"]);
    assert_eq!(json(&o)["already"], true);
    let (_, o, _) = zwl(&b, &["sync", "history", "--json"]);
    assert_eq!(json(&o).as_array().unwrap().len(), 1);
    let (_, o, _) = zwl(&b, &["sync", "conflicts", "--json"]);
    assert!(json(&o).as_array().unwrap().is_empty());
    let (code, o, _) = zwl(&b, &["check", "--json"]);
    assert_eq!(code, 0, "{o}");
}

#[test]
fn a_file_that_is_not_a_bundle_is_refused_with_exit_code_1() {
    let dir = tempfile::tempdir().unwrap();
    let b = dir.path().join("b.db");
    assert_eq!(zwl(&b, &["init"]).0, 0);
    let bad = dir.path().join("bad.zip");
    std::fs::write(&bad, "not a zip").unwrap();
    let (code, _, err) = zwl(&b, &["sync", "import", bad.to_str().unwrap()]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("bundle_not_archive") && err.contains("同步包"),
        "{err}"
    );
}

#[test]
fn resolving_an_unknown_conflict_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let b = dir.path().join("b.db");
    assert_eq!(zwl(&b, &["init"]).0, 0);
    let (code, _, err) = zwl(&b, &["sync", "resolve", "7", "--keep", "other"]);
    assert_eq!(code, 1, "{err}");
}

//! Two programs writing to one ledger at the same time (the window and a script, or two
//! scripts): every write waits its turn, none fails. The full-size run (two loops of 500
//! commands) is `scripts/two-writers.sh`; its result is in docs/durability.md.

use std::path::{Path, PathBuf};
use std::process::Command;

const ZWL: &str = env!("CARGO_BIN_EXE_zwl");

fn zwl(db: &Path, args: &[String]) -> std::process::Output {
    Command::new(ZWL)
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("ZWL_DB")
        .output()
        .expect("zwl runs")
}

fn strings(a: &[&str]) -> Vec<String> {
    a.iter().map(|s| s.to_string()).collect()
}

/// Runs `commands` one after another; returns the failures (command and stderr).
fn run_loop(db: PathBuf, commands: Vec<Vec<String>>) -> std::thread::JoinHandle<Vec<String>> {
    std::thread::spawn(move || {
        let mut failed = Vec::new();
        for c in &commands {
            let o = zwl(&db, c);
            if !o.status.success() {
                failed.push(format!(
                    "{c:?}: {}",
                    String::from_utf8_lossy(&o.stderr).trim()
                ));
            }
        }
        failed
    })
}

fn cell_adds(prefix: &str, n: usize) -> Vec<Vec<String>> {
    (0..n)
        .map(|i| {
            let name = format!("{prefix}{i}");
            strings(&[
                "cell",
                "add",
                "--name",
                &name,
                "--kind",
                "community",
                "--district",
                "220102",
            ])
        })
        .collect()
}

#[test]
fn two_writer_loops_on_one_file_both_finish_without_a_failure() {
    let d = tempfile::tempdir().unwrap();
    let db = d.path().join("ledger.db");
    assert!(zwl(&db, &strings(&["init"])).status.success());
    let n = 60;
    let a = run_loop(db.clone(), cell_adds("甲小区", n));
    let b = run_loop(db.clone(), cell_adds("乙小区", n));
    let mut failed = a.join().unwrap();
    failed.extend(b.join().unwrap());
    assert!(failed.is_empty(), "{} failed: {:#?}", failed.len(), failed);
    let list = zwl(&db, &strings(&["--json", "cell", "list"]));
    let v: serde_json::Value = serde_json::from_slice(&list.stdout).unwrap();
    assert_eq!(v["total"], (2 * n) as u64);
    assert!(zwl(&db, &strings(&["check"])).status.success());
}

#[test]
fn an_import_beside_a_writer_loop_waits_its_turn() {
    let d = tempfile::tempdir().unwrap();
    let db = d.path().join("ledger.db");
    assert!(zwl(&db, &strings(&["init"])).status.success());
    let csv = d.path().join("cells.csv");
    let mut text = String::from("name,kind,district\n");
    let rows = 3_000;
    for i in 0..rows {
        text.push_str(&format!("导入小区{i},community,220104\n"));
    }
    std::fs::write(&csv, text).unwrap();
    let adds = run_loop(db.clone(), cell_adds("循环小区", 40));
    let import = run_loop(
        db.clone(),
        vec![strings(&["import", "cells", &csv.display().to_string()])],
    );
    let mut failed = adds.join().unwrap();
    failed.extend(import.join().unwrap());
    assert!(failed.is_empty(), "{} failed: {:#?}", failed.len(), failed);
    let list = zwl(&db, &strings(&["--json", "cell", "list"]));
    let v: serde_json::Value = serde_json::from_slice(&list.stdout).unwrap();
    assert_eq!(v["total"], rows + 40);
    assert!(zwl(&db, &strings(&["check"])).status.success());
}

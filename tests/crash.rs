//! Killed at any write, a ledger is either as it was or as it was meant to be, and `zwl check`
//! passes. Each scenario (creation, a form save, an import, an upgrade) runs under `strace`,
//! which kills the program (SIGKILL) at the Nth call of one of the system calls that change
//! files: every `fsync`, `fdatasync`, `unlink`, `link`, `rename` and, with a stride, every
//! `pwrite64` (SQLite's page and WAL writes). `ZWL_CRASH_STRIDE=1` kills at every page write
//! (the full run; each scenario's own stride keeps the test within about a minute).
//!
//! Needs `strace` (scripts/test.sh installs it); without it the test says so and fails.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use rusqlite::Connection;

const ZWL: &str = env!("CARGO_BIN_EXE_zwl");
const FIXTURE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/ledger-v1.db");

/// System calls killed at every call.
const EVERY: &[&str] = &[
    "fsync",
    "fdatasync",
    "unlink",
    "unlinkat",
    "link",
    "linkat",
    "rename",
    "renameat",
    "renameat2",
];

/// The page writes between two kills: the scenario's own, or `ZWL_CRASH_STRIDE`.
fn stride(own: usize) -> usize {
    std::env::var("ZWL_CRASH_STRIDE")
        .ok()
        .and_then(|s| s.parse().ok())
        .filter(|n| *n > 0)
        .unwrap_or(own)
}

fn zwl(db: &Path, args: &[&str]) -> std::process::Output {
    Command::new(ZWL)
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("ZWL_DB")
        .output()
        .expect("zwl runs")
}

fn count(db: &Path, sql: &str) -> i64 {
    let c = Connection::open(db).unwrap();
    c.query_row(sql, [], |r| r.get(0)).unwrap()
}

fn check_passes(db: &Path, what: &str) {
    let o = zwl(db, &["check"]);
    assert!(
        o.status.success(),
        "{what}: check fails after the kill: {}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
}

/// A scenario: what the folder holds before, the command, and the check of the state after.
struct Scenario<'a> {
    name: &'a str,
    /// Fills a fresh folder and returns the database path.
    prepare: &'a dyn Fn(&Path) -> PathBuf,
    args: Vec<String>,
    /// Kill at every how-many-th page write (the others are killed at every call).
    stride: usize,
    /// Asserts that the folder is in the old or the new state (`done`: the command finished).
    verify: &'a dyn Fn(&Path, &Path, bool, &str),
}

/// Runs the scenario killed at each call of each system call; returns how many kills.
fn kill_everywhere(s: &Scenario<'_>) -> usize {
    let strace = Command::new("strace").arg("-V").output();
    assert!(
        strace.map(|o| o.status.success()).unwrap_or(false),
        "strace is needed for the crash test (apt-get install strace; scripts/test.sh installs it)"
    );
    let mut kills = 0;
    let plan = std::iter::once(("pwrite64", stride(s.stride))).chain(EVERY.iter().map(|s| (*s, 1)));
    for (call, step) in plan {
        let mut n = 1;
        loop {
            let dir = tempfile::tempdir().unwrap();
            let db = (s.prepare)(dir.path());
            let status = Command::new("strace")
                .args(["-f", "-qq", "-o", "/dev/null"])
                .arg("-e")
                .arg(format!("inject={call}:signal=KILL:when={n}"))
                .arg(ZWL)
                .arg("--db")
                .arg(&db)
                .args(&s.args)
                .env_remove("ZWL_DB")
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status()
                .unwrap();
            let what = format!("{}, killed at {call} #{n}", s.name);
            (s.verify)(dir.path(), &db, status.success(), &what);
            if status.success() {
                break;
            }
            kills += 1;
            n += step;
        }
    }
    kills
}

/// A new ledger made by `zwl init`, kept to be copied.
fn template() -> (tempfile::TempDir, PathBuf) {
    let d = tempfile::tempdir().unwrap();
    let p = d.path().join("ledger.db");
    assert!(zwl(&p, &["init"]).status.success());
    (d, p)
}

fn copy_of(template: &Path) -> impl Fn(&Path) -> PathBuf + '_ {
    move |dir: &Path| {
        let db = dir.join("ledger.db");
        std::fs::copy(template, &db).unwrap();
        db
    }
}

#[test]
fn killed_during_creation_there_is_no_ledger_or_a_whole_one() {
    let kills = kill_everywhere(&Scenario {
        name: "init",
        prepare: &|dir| dir.join("ledger.db"),
        args: vec!["init".into()],
        stride: 5,
        verify: &|_, db, done, what| {
            if db.exists() {
                check_passes(db, what);
                assert_eq!(count(db, "SELECT count(*) FROM cell_kinds"), 4, "{what}");
            } else {
                assert!(!done, "{what}: init finished without a ledger");
                let o = zwl(db, &["cell", "list"]);
                assert_eq!(o.status.code(), Some(1), "{what}");
                assert!(!db.exists(), "{what}: a refused command created the file");
            }
        },
    });
    assert!(kills > 20, "only {kills} kill points");
}

#[test]
fn killed_during_a_form_save_the_cell_is_saved_whole_or_not_at_all() {
    let (_t, tpl) = template();
    let kills = kill_everywhere(&Scenario {
        name: "cell add",
        prepare: &copy_of(&tpl),
        args: ["cell", "add", "--name", "长春市某某局", "--kind", "office"]
            .into_iter()
            .chain(["--district", "220102", "--uscc", "91220101131860916E"])
            .map(String::from)
            .collect(),
        stride: 2,
        verify: &|_, db, done, what| {
            let n = count(db, "SELECT count(*) FROM cells");
            assert!(n == 0 || n == 1, "{what}: {n} cells");
            if done {
                assert_eq!(n, 1, "{what}");
            }
            check_passes(db, what);
        },
    });
    assert!(kills > 5, "only {kills} kill points");
}

#[test]
fn killed_during_an_import_every_row_is_there_or_none() {
    let (t, tpl) = template();
    let csv = t.path().join("cells.csv");
    let mut text = String::from("name,kind,district\n");
    for i in 0..100 {
        text.push_str(&format!("导入小区{i},community,220102\n"));
    }
    std::fs::write(&csv, text).unwrap();
    let kills = kill_everywhere(&Scenario {
        name: "import",
        prepare: &copy_of(&tpl),
        args: vec!["import".into(), "cells".into(), csv.display().to_string()],
        stride: 6,
        verify: &|_, db, done, what| {
            let n = count(db, "SELECT count(*) FROM cells");
            assert!(n == 0 || n == 100, "{what}: {n} cells");
            if done {
                assert_eq!(n, 100, "{what}");
            }
            check_passes(db, what);
        },
    });
    assert!(kills > 5, "only {kills} kill points");
}

#[test]
fn killed_during_an_upgrade_the_ledger_is_old_or_new_and_every_backup_is_whole() {
    let cells = count(Path::new(FIXTURE), "SELECT count(*) FROM cells");
    let kills = kill_everywhere(&Scenario {
        name: "upgrade",
        prepare: &|dir| {
            let db = dir.join("ledger.db");
            std::fs::copy(FIXTURE, &db).unwrap();
            db
        },
        args: vec!["cell".into(), "list".into()],
        stride: 16,
        verify: &|dir, db, done, what| {
            for e in std::fs::read_dir(dir).unwrap() {
                let p = e.unwrap().path();
                let name = p.file_name().unwrap().to_string_lossy().into_owned();
                if name.ends_with(".bak") {
                    let b = Connection::open(&p).unwrap();
                    let ok: String = b
                        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
                        .unwrap();
                    assert_eq!(ok, "ok", "{what}: backup {name}");
                    assert_eq!(count(&p, "PRAGMA user_version"), 1, "{what}: {name}");
                    assert_eq!(count(&p, "SELECT count(*) FROM cells"), cells, "{what}");
                }
            }
            let v = count(db, "PRAGMA user_version");
            assert!(
                v == 1 || v == zwl::db::SCHEMA_VERSION,
                "{what}: version {v}"
            );
            if done {
                assert_eq!(v, zwl::db::SCHEMA_VERSION, "{what}");
            }
            assert_eq!(count(db, "SELECT count(*) FROM cells"), cells, "{what}");
            check_passes(db, what);
        },
    });
    assert!(kills > 20, "only {kills} kill points");
}

//! The data file: creating a ledger is explicit, a file that is not a ledger is refused and
//! left byte for byte as it was, and output into a closed pipe ends quietly.

use std::io::Read;
use std::path::Path;
use std::process::{Command, Output, Stdio};

const ZWL: &str = env!("CARGO_BIN_EXE_zwl");

fn zwl(db: &Path, args: &[&str]) -> Output {
    Command::new(ZWL)
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("ZWL_DB")
        .output()
        .expect("zwl runs")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// The files of a folder: name, size and a digest of the bytes.
fn snapshot(dir: &Path) -> Vec<(String, usize, u64)> {
    let mut v: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let p = e.unwrap().path();
            let bytes = std::fs::read(&p).unwrap();
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                bytes.len(),
                digest(&bytes),
            )
        })
        .collect();
    v.sort();
    v
}

/// FNV-1a over the bytes (enough to tell a changed file).
fn digest(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3)
    })
}

#[test]
fn a_command_on_a_missing_file_is_refused_and_creates_nothing() {
    let d = tempfile::tempdir().unwrap();
    let db = d.path().join("typo.db");
    for args in [
        &["cell", "list"][..],
        &[
            "cell",
            "add",
            "--name",
            "某小区",
            "--kind",
            "community",
            "--district",
            "220102",
        ],
        &["check"],
    ] {
        let o = zwl(&db, args);
        assert_eq!(o.status.code(), Some(1), "{args:?}");
        assert!(stderr(&o).contains("找不到台账文件"), "{}", stderr(&o));
        assert!(stderr(&o).contains("zwl init"));
    }
    assert!(snapshot(d.path()).is_empty(), "nothing was created");
}

#[test]
fn a_missing_folder_is_refused_and_not_made() {
    let d = tempfile::tempdir().unwrap();
    let share = d.path().join("share");
    let db = share.join("ledger.db");
    let o = zwl(&db, &["cell", "list"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("文件夹不存在"), "{}", stderr(&o));
    let o = zwl(&db, &["init"]);
    assert_eq!(
        o.status.code(),
        Some(1),
        "init does not make a missing share"
    );
    assert!(!share.exists());
}

#[test]
fn a_zero_byte_file_is_refused_and_left_empty() {
    let d = tempfile::tempdir().unwrap();
    let db = d.path().join("ledger.db");
    std::fs::write(&db, b"").unwrap();
    for args in [&["cell", "list"][..], &["init"]] {
        let o = zwl(&db, args);
        assert_eq!(o.status.code(), Some(1), "{args:?}");
        assert!(stderr(&o).contains("文件为空"), "{}", stderr(&o));
    }
    assert_eq!(
        snapshot(d.path()),
        [("ledger.db".to_string(), 0, digest(&[]))]
    );
}

#[test]
fn init_and_demo_create_a_ledger_and_init_keeps_an_existing_one() {
    let d = tempfile::tempdir().unwrap();
    let db = d.path().join("ledger.db");
    assert!(zwl(&db, &["init"]).status.success());
    assert!(zwl(
        &db,
        &[
            "cell",
            "add",
            "--name",
            "某小区",
            "--kind",
            "community",
            "--district",
            "220102"
        ]
    )
    .status
    .success());
    assert!(
        zwl(&db, &["init"]).status.success(),
        "init opens the ledger there"
    );
    let o = zwl(&db, &["--json", "cell", "list"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["total"], 1, "init did not write over the ledger");
    let demo = d.path().join("demo.db");
    assert!(zwl(
        &demo,
        &["demo", "--cells", "3", "--months", "1", "--manifests", "0"]
    )
    .status
    .success());
    assert!(zwl(&demo, &["check"]).status.success());
}

#[test]
fn a_ledger_of_a_newer_version_is_refused_and_left_byte_for_byte() {
    let d = tempfile::tempdir().unwrap();
    let db = d.path().join("ledger.db");
    assert!(zwl(&db, &["init"]).status.success());
    // Written by a newer program in the rollback-journal mode it may choose.
    let c = rusqlite::Connection::open(&db).unwrap();
    c.pragma_update(None, "journal_mode", "DELETE").unwrap();
    c.pragma_update(None, "user_version", 9).unwrap();
    drop(c);
    let before = snapshot(d.path());
    let o = zwl(&db, &["cell", "list"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("请使用新版程序"));
    assert_eq!(
        snapshot(d.path()),
        before,
        "not switched to WAL, nothing written"
    );
}

#[test]
fn another_applications_sqlite_file_is_refused_and_left_byte_for_byte() {
    let d = tempfile::tempdir().unwrap();
    for (name, sql) in [
        (
            "notes.db",
            "CREATE TABLE notes (t TEXT); INSERT INTO notes VALUES ('x');",
        ),
        // Another program that also numbers its schema.
        (
            "app.db",
            "CREATE TABLE meta (k TEXT); PRAGMA user_version = 2;",
        ),
        (
            "blank.db",
            "PRAGMA user_version = 0; CREATE TABLE t (a); DROP TABLE t;",
        ),
    ] {
        let db = d.path().join(name);
        rusqlite::Connection::open(&db)
            .unwrap()
            .execute_batch(sql)
            .unwrap();
        let before = snapshot(d.path());
        for args in [&["cell", "list"][..], &["init"], &["check"]] {
            let o = zwl(&db, args);
            assert_eq!(o.status.code(), Some(2), "{name} {args:?}");
            assert!(
                stderr(&o).contains("不是本程序的台账数据库"),
                "{}",
                stderr(&o)
            );
            assert!(!stderr(&o).contains("file is not a database"));
        }
        assert_eq!(snapshot(d.path()), before, "{name} untouched");
    }
    let text = d.path().join("text.db");
    std::fs::write(&text, "这不是数据库 — just some text that is long enough").unwrap();
    let o = zwl(&text, &["cell", "list"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("不是本程序的台账数据库"));
}

#[test]
fn check_finds_a_ledger_missing_its_seed() {
    let d = tempfile::tempdir().unwrap();
    let db = d.path().join("ledger.db");
    assert!(zwl(&db, &["init"]).status.success());
    // What an earlier program left when killed between the schema and the seed.
    rusqlite::Connection::open(&db)
        .unwrap()
        .execute_batch(
            "DELETE FROM kind_denominators; DELETE FROM district_aliases; DELETE FROM districts;
             DELETE FROM cell_kinds;",
        )
        .unwrap();
    let o = zwl(&db, &["check"]);
    assert_eq!(o.status.code(), Some(2));
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.contains("no districts"), "{out}");
    assert!(out.contains("no kinds of cell"), "{out}");
}

/// Runs `args` with its output going into a pipe whose reader is already closed.
fn into_closed_pipe(db: &Path, args: &[&str]) -> Output {
    let mut child = Command::new(ZWL)
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("ZWL_DB")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let mut err = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    let status = child.wait().unwrap();
    Output {
        status,
        stdout: vec![],
        stderr: err.into_bytes(),
    }
}

#[test]
fn output_into_a_closed_pipe_ends_quietly_after_the_work() {
    let d = tempfile::tempdir().unwrap();
    let db = d.path().join("ledger.db");
    assert!(zwl(&db, &["init"]).status.success());
    let o = into_closed_pipe(
        &db,
        &[
            "cell",
            "add",
            "--name",
            "某小区",
            "--kind",
            "community",
            "--district",
            "220102",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(!stderr(&o).contains("panicked"), "{}", stderr(&o));
    let o = into_closed_pipe(&db, &["district", "list"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stderr(&o).is_empty(), "{}", stderr(&o));
    let list = zwl(&db, &["--json", "cell", "list"]);
    let v: serde_json::Value = serde_json::from_slice(&list.stdout).unwrap();
    assert_eq!(v["total"], 1, "the cell was saved once");
}

#[test]
fn a_ledger_opened_read_only_refuses_every_write_and_stays_unchanged() {
    let d = tempfile::tempdir().unwrap();
    let db = d.path().join("ledger.db");
    assert!(zwl(&db, &["init"]).status.success());
    assert!(zwl(
        &db,
        &[
            "cell",
            "add",
            "--name",
            "某小区",
            "--kind",
            "community",
            "--district",
            "220102"
        ]
    )
    .status
    .success());
    let before = std::fs::read(&db).unwrap();
    let mut l = zwl::Ledger::open_read_only(&db).unwrap();
    assert!(l.is_read_only());
    let page = zwl::cells::list(l.conn(), &Default::default()).unwrap();
    assert_eq!(page.total, 1, "it reads");
    let e = l.set_setting("operator", "王芳").unwrap_err();
    assert_eq!(e.code(), "read_only");
    assert!(e.message_zh().contains("只读"));
    let e = l
        .conn()
        .execute("DELETE FROM cells", [])
        .map_err(zwl::Error::from)
        .unwrap_err();
    assert_eq!(
        e.code(),
        "read_only",
        "even a statement past the core is refused"
    );
    drop(l);
    assert!(
        std::fs::read(&db).unwrap() == before,
        "the file is unchanged"
    );
}

#[test]
fn every_sqlite_failure_reaches_a_clerk_as_a_code_and_a_message_of_its_own() {
    use rusqlite::ffi;
    for (code, ours) in [
        (ffi::SQLITE_BUSY, "busy"),
        (ffi::SQLITE_READONLY, "read_only"),
        (ffi::SQLITE_FULL, "disk_full"),
        (ffi::SQLITE_IOERR, "disk_io"),
        (ffi::SQLITE_CORRUPT, "damaged"),
        (ffi::SQLITE_CANTOPEN, "cannot_open"),
        (ffi::SQLITE_CONSTRAINT, "db_constraint"),
        (ffi::SQLITE_ERROR, "db"),
    ] {
        let raw = rusqlite::Error::SqliteFailure(
            ffi::Error::new(code),
            Some("no such table: secret_internal_name".into()),
        );
        let e = zwl::Error::from(raw);
        assert_eq!(e.code(), ours);
        for m in [e.message_zh(), e.message_en(), e.headline_zh()] {
            assert!(!m.contains("secret_internal_name"), "{m}");
            assert!(!m.contains("no such table"), "{m}");
        }
    }
}

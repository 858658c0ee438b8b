//! Backups, restore and a copied ledger's identity, through the `zwl` binary: what a clerk
//! runs, what it prints, and that a refused restore leaves the ledger byte for byte as it was.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn zwl_on(db: &Path, machine: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_zwl"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("ZWL_DB")
        .env("ZWL_MACHINE_ID", machine)
        .output()
        .expect("the zwl binary runs")
}

fn zwl(db: &Path, args: &[&str]) -> Output {
    zwl_on(db, "machine-a", args)
}

fn ok_on(db: &Path, machine: &str, args: &[&str]) -> String {
    let o = zwl_on(db, machine, args);
    assert!(
        o.status.success(),
        "zwl {args:?} failed: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8(o.stdout).unwrap()
}

fn ok(db: &Path, args: &[&str]) -> String {
    ok_on(db, "machine-a", args)
}

fn json(db: &Path, args: &[&str]) -> serde_json::Value {
    let mut a = vec!["--json"];
    a.extend_from_slice(args);
    serde_json::from_str(&ok(db, &a)).expect("valid JSON")
}

/// A refusal: exit code 1, and the JSON error's code and both messages.
fn refused(db: &Path, args: &[&str]) -> serde_json::Value {
    let mut a = vec!["--json"];
    a.extend_from_slice(args);
    let o = zwl(db, &a);
    assert_eq!(
        o.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("a JSON error");
    v["error"].clone()
}

fn ledger() -> (tempfile::TempDir, PathBuf) {
    let d = tempfile::tempdir().unwrap();
    let p = d.path().join("ledger.db");
    ok(&p, &["init"]);
    ok(&p, &["operator", "张三"]);
    (d, p)
}

fn add_cell(db: &Path, name: &str) {
    ok(
        db,
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

fn cell_names(db: &Path) -> Vec<String> {
    let c = rusqlite::Connection::open(db).unwrap();
    let mut st = c.prepare("SELECT name FROM cells ORDER BY name").unwrap();
    st.query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

/// The ledger's bytes with its WAL folded in (as `zwl` leaves it when it exits).
fn bytes(db: &Path) -> Vec<u8> {
    std::fs::read(db).unwrap()
}

#[test]
fn a_restored_backup_replaces_the_ledger_and_the_replaced_file_is_kept() {
    let (d, db) = ledger();
    add_cell(&db, "幸福小区");
    let bak = d.path().join("before.bak");
    ok(&db, &["backup", bak.to_str().unwrap()]);
    add_cell(&db, "和平小区");
    assert_eq!(cell_names(&db).len(), 2);
    let r = json(&db, &["restore", bak.to_str().unwrap()]);
    assert_eq!(cell_names(&db), ["幸福小区"]);
    let kept = PathBuf::from(r["kept"].as_str().unwrap());
    assert!(kept
        .file_name()
        .unwrap()
        .to_string_lossy()
        .contains("before-restore"));
    assert_eq!(kept.parent(), db.parent(), "kept beside the ledger");
    assert_eq!(cell_names(&kept).len(), 2, "the replaced ledger is whole");
    let stray: Vec<String> = std::fs::read_dir(d.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert!(stray.is_empty(), "no temporary file is left: {stray:?}");
    ok(&db, &["check"]);
    // The restored ledger takes writes.
    add_cell(&db, "和平小区");
    let list = json(&db, &["backup", "list"]);
    assert!(list
        .as_array()
        .unwrap()
        .iter()
        .any(|b| b["kind"] == "before_restore"));
}

#[test]
fn a_missing_backup_is_refused_and_the_ledger_is_unchanged() {
    let (d, db) = ledger();
    let before = bytes(&db);
    let e = refused(
        &db,
        &["restore", d.path().join("nope.bak").to_str().unwrap()],
    );
    assert_eq!(e["fields"][0]["code"], "backup_missing");
    assert!(e["message_en"].as_str().unwrap().contains("unchanged"));
    assert!(e["fields"][0]["message_zh"]
        .as_str()
        .unwrap()
        .contains("找不到备份文件"));
    assert_eq!(bytes(&db), before);
}

#[test]
fn a_truncated_backup_is_refused_and_the_ledger_is_unchanged() {
    let (d, db) = ledger();
    add_cell(&db, "幸福小区");
    let bak = d.path().join("b.bak");
    ok(&db, &["backup", bak.to_str().unwrap()]);
    let full = std::fs::read(&bak).unwrap();
    std::fs::write(&bak, &full[..full.len() / 2]).unwrap();
    let before = bytes(&db);
    let e = refused(&db, &["restore", bak.to_str().unwrap()]);
    assert_eq!(e["fields"][0]["code"], "backup_damaged", "{e}");
    assert_eq!(bytes(&db), before);
    let short = d.path().join("short.bak");
    std::fs::write(&short, &full[..10]).unwrap();
    let e = refused(&db, &["restore", short.to_str().unwrap()]);
    assert_eq!(e["fields"][0]["code"], "backup_damaged", "{e}");
    assert_eq!(bytes(&db), before);
}

#[test]
fn a_file_that_is_not_a_ledger_is_refused_and_the_ledger_is_unchanged() {
    let (d, db) = ledger();
    let before = bytes(&db);
    let text = d.path().join("notes.bak");
    std::fs::write(&text, "这不是台账 not a ledger, just text in a file").unwrap();
    let e = refused(&db, &["restore", text.to_str().unwrap()]);
    assert_eq!(e["fields"][0]["code"], "backup_not_ledger");
    let other = d.path().join("other.db");
    let c = rusqlite::Connection::open(&other).unwrap();
    c.execute_batch("CREATE TABLE t (a); INSERT INTO t VALUES (1);")
        .unwrap();
    drop(c);
    let e = refused(&db, &["restore", other.to_str().unwrap()]);
    assert_eq!(e["fields"][0]["code"], "backup_not_ledger");
    assert!(e["fields"][0]["message_en"]
        .as_str()
        .unwrap()
        .contains("no ledger identity"));
    assert_eq!(bytes(&db), before);
}

#[test]
fn a_backup_of_a_newer_version_is_refused_with_both_versions() {
    let (d, db) = ledger();
    let bak = d.path().join("new.bak");
    ok(&db, &["backup", bak.to_str().unwrap()]);
    let c = rusqlite::Connection::open(&bak).unwrap();
    c.pragma_update(None, "user_version", 99).unwrap();
    drop(c);
    let before = bytes(&db);
    let e = refused(&db, &["restore", bak.to_str().unwrap()]);
    assert_eq!(e["fields"][0]["code"], "backup_newer");
    let msg = e["fields"][0]["message_en"].as_str().unwrap();
    assert!(
        msg.contains("99") && msg.contains(&zwl::db::SCHEMA_VERSION.to_string()),
        "{msg}"
    );
    assert_eq!(bytes(&db), before);
}

#[test]
fn a_backup_whose_change_log_fails_its_check_is_refused() {
    let (d, db) = ledger();
    add_cell(&db, "幸福小区");
    let bak = d.path().join("tampered.bak");
    ok(&db, &["backup", bak.to_str().unwrap()]);
    let c = rusqlite::Connection::open(&bak).unwrap();
    c.execute("UPDATE cells SET name = '改过的名字'", [])
        .unwrap();
    drop(c);
    let before = bytes(&db);
    let e = refused(&db, &["restore", bak.to_str().unwrap()]);
    assert_eq!(e["fields"][0]["code"], "backup_chain_broken");
    assert_eq!(bytes(&db), before);
    assert_eq!(cell_names(&db), ["幸福小区"]);
}

#[test]
fn a_backup_of_an_older_version_is_upgraded_on_restore() {
    let (d, db) = ledger();
    let old = d.path().join("v4.bak");
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/ledger-v4.db");
    std::fs::copy(fixture, &old).unwrap();
    let r = json(&db, &["restore", old.to_str().unwrap()]);
    assert_eq!(r["from_version"], 4);
    let c = rusqlite::Connection::open(&db).unwrap();
    let v: i64 = c
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    drop(c);
    assert_eq!(v, zwl::db::SCHEMA_VERSION);
    ok(&db, &["check"]);
}

#[test]
fn a_backup_is_not_restored_over_a_ledger_another_program_has_open() {
    let (d, db) = ledger();
    let bak = d.path().join("b.bak");
    ok(&db, &["backup", bak.to_str().unwrap()]);
    add_cell(&db, "幸福小区");
    let other = zwl::Ledger::open_existing(&db).unwrap();
    let e = refused(&db, &["restore", bak.to_str().unwrap()]);
    assert_eq!(e["fields"][0]["code"], "ledger_in_use");
    drop(other);
    assert_eq!(cell_names(&db), ["幸福小区"]);
}

#[test]
fn backup_list_names_the_automatic_backup_taken_after_a_write() {
    let (_d, db) = ledger();
    let list = json(&db, &["backup", "list"]);
    let autos: Vec<&serde_json::Value> = list
        .as_array()
        .unwrap()
        .iter()
        .filter(|b| b["kind"] == "automatic")
        .collect();
    assert_eq!(autos.len(), 1, "one a day: {list}");
    assert!(autos[0]["path"].as_str().unwrap().contains("backups"));
    assert!(autos[0]["size"].as_u64().unwrap() > 0);
    ok(&db, &["backup"]);
    let list = json(&db, &["backup", "list"]);
    assert_eq!(list[0]["kind"], "manual", "newest first");
    let text = ok(&db, &["backup", "list"]);
    assert!(text.contains("自动 automatic") && text.contains("手动 manual"));
}

#[test]
fn a_copied_ledger_is_refused_until_it_has_an_identity_of_its_own() {
    let (d, db) = ledger();
    add_cell(&db, "幸福小区");
    let copy = d.path().join("copy.db");
    std::fs::copy(&db, &copy).unwrap();
    // The copy, on another machine: told to run zwl identity new.
    let o = zwl_on(&copy, "machine-b", &["cell", "list"]);
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("zwl identity new"), "{err}");
    let o = zwl_on(
        &copy,
        "machine-b",
        &[
            "--json",
            "identity",
            "new",
            "--name",
            "二号机",
            "--code",
            "B2",
        ],
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    ok_on(&copy, "machine-b", &["cell", "list"]);
    let original = json(&db, &["init"]);
    let copied: serde_json::Value =
        serde_json::from_slice(&zwl_on(&copy, "machine-b", &["--json", "init"]).stdout).unwrap();
    assert_ne!(original["installation"], copied["installation"]);
    // The original, on its own machine, never asked.
    ok(&db, &["cell", "list"]);
}

#[test]
fn a_ledger_moved_to_a_new_computer_keeps_its_identity_when_the_clerk_says_so() {
    let (_d, db) = ledger();
    let before = json(&db, &["init"]);
    assert_eq!(
        zwl_on(&db, "machine-new", &["cell", "list"]).status.code(),
        Some(1)
    );
    ok_on(&db, "machine-new", &["identity", "keep"]);
    ok_on(&db, "machine-new", &["cell", "list"]);
    let after: serde_json::Value =
        serde_json::from_slice(&zwl_on(&db, "machine-new", &["--json", "init"]).stdout).unwrap();
    assert_eq!(before["installation"], after["installation"]);
}

//! Black-box tests of `zwl cw` (construction waste) and `zwl import manifests`.

use std::path::Path;
use std::process::{Command, Output};

use chrono::{Duration, Local};

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

/// A new ledger, made explicitly as every ledger is.
fn init(db: &Path) {
    ok(db, &["init"]);
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

fn registers(db: &Path) {
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
            &date(100),
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
            &date(100),
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
            "--driver",
            "张伟",
            "--valid-until",
            &date(100),
        ],
    );
    ok(
        db,
        &[
            "cw",
            "vehicle",
            "add",
            "--name",
            "吉B54321",
            "--transporter",
            "长春某运输公司",
            "--driver",
            "李强",
            "--valid-until",
            &date(-1),
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
            &date(300),
        ],
    );
}

#[test]
fn a_load_from_dispatch_to_close_with_its_alert_and_rate() {
    let d = tempfile::tempdir().unwrap();
    let db = d.path().join("l.db");
    init(&db);
    registers(&db);
    let shown = ok(&db, &["cw", "vehicle", "show", "吉a 12345"]);
    assert_eq!(shown["driver"], "张伟");
    let m = ok(
        &db,
        &[
            "cw",
            "manifest",
            "dispatch",
            "--new",
            "--category",
            "拆除垃圾",
            "--declared",
            "30",
            "--site",
            "南关区某住宅项目",
            "--vehicle",
            "吉A12345",
            "--facility",
            "长春某资源化利用厂",
            "--departure",
            &ago(3),
        ],
    );
    let number = m["number"].as_str().unwrap().to_string();
    ok(
        &db,
        &[
            "cw",
            "manifest",
            "receive",
            &number,
            "--received",
            "24",
            "--received-at",
            &ago(1),
        ],
    );
    let alerts = ok(&db, &["cw", "alerts"]);
    let kinds: Vec<&str> = alerts
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["kind"].as_str().unwrap())
        .collect();
    assert!(kinds.contains(&"discrepancy"), "{kinds:?}");
    assert!(kinds.contains(&"expired"), "{kinds:?}");
    ok(&db, &["cw", "manifest", "close", &number]);
    let month = Local::now().format("%Y-%m").to_string();
    ok(
        &db,
        &[
            "cw",
            "output",
            "长春某资源化利用厂",
            "--month",
            &month,
            "aggregate=18",
            "landfill=6",
        ],
    );
    let r = ok(
        &db,
        &[
            "cw", "rate", "--by", "district", "--from", &month, "--to", &month,
        ],
    );
    assert_eq!(r["total"]["rate"], 75.0);
    let shown = ok(&db, &["cw", "manifest", "show", &number]);
    // opened, dispatched, received, closed
    assert_eq!(shown["history"].as_array().unwrap().len(), 4);
    let list = ok(&db, &["cw", "manifest", "list", "--status", "closed"]);
    assert_eq!(list["total"], 1);
    assert_eq!(list["rows"][0]["alerts"][0], "discrepancy");
}

#[test]
fn an_expired_permit_blocks_dispatch_and_exits_1() {
    let d = tempfile::tempdir().unwrap();
    let db = d.path().join("l.db");
    init(&db);
    registers(&db);
    let o = zwl(
        &db,
        &[
            "cw",
            "manifest",
            "dispatch",
            "--new",
            "--category",
            "工程渣土",
            "--declared",
            "20",
            "--site",
            "南关区某住宅项目",
            "--vehicle",
            "吉B54321",
            "--facility",
            "长春某资源化利用厂",
            "--departure",
            &ago(1),
        ],
    );
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("车辆准运证已于"), "{err}");
    assert_eq!(ok(&db, &["cw", "manifest", "list"])["total"], 0);
}

#[test]
fn a_manifest_import_with_a_bad_row_writes_nothing() {
    let d = tempfile::tempdir().unwrap();
    let db = d.path().join("l.db");
    init(&db);
    registers(&db);
    let file = d.path().join("m.csv");
    std::fs::write(
        &file,
        format!(
            "类别,申报量,工地,车牌号,消纳场,出车时间,接收量,接收时间\n\
             拆除垃圾,20,南关区某住宅项目,吉A12345,长春某资源化利用厂,{a},20,{b}\n\
             拆除垃圾,45,南关区某住宅项目,吉A12345,长春某资源化利用厂,{a},,\n\
             装修垃圾,5,无此工地,吉A12345,长春某资源化利用厂,{a},,\n",
            a = ago(5),
            b = ago(4)
        ),
    )
    .unwrap();
    let o = zwl(&db, &["import", "manifests", file.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("第 3 行 申报量"), "{err}");
    assert!(err.contains("第 4 行 工地"), "{err}");
    assert_eq!(ok(&db, &["cw", "manifest", "list"])["total"], 0);
    std::fs::write(
        &file,
        format!(
            "category,declared,site,vehicle,facility,departure_at,received,received_at\n\
             拆除垃圾,20,南关区某住宅项目,吉A12345,长春某资源化利用厂,{a},20,{b}\n",
            a = ago(5),
            b = ago(4)
        ),
    )
    .unwrap();
    assert_eq!(
        ok(&db, &["import", "manifests", file.to_str().unwrap()])["imported"],
        1
    );
    let list = ok(&db, &["cw", "manifest", "list", "--status", "received"]);
    assert_eq!(list["total"], 1);
}

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
    if !db.exists() {
        init(db);
    }
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
            "--plate",
            "吉A12345",
            "--transporter",
            "长春某运输公司",
            "--rated-payload",
            "20",
            "--box-volume",
            "12",
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
            "--plate",
            "吉B54321",
            "--transporter",
            "长春某运输公司",
            "--rated-payload",
            "20",
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
            "15",
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
            "12",
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
            "aggregate=9",
            "landfill=3",
        ],
    );
    let r = ok(
        &db,
        &[
            "cw", "rate", "--by", "district", "--from", &month, "--to", &month,
        ],
    );
    assert_eq!(r["total"]["resource_rate"], 75.0);
    let shown = ok(&db, &["cw", "manifest", "show", &number]);
    // opened and dispatched in one write (one insert of the dispatched manifest), received,
    // closed
    let steps: Vec<&str> = shown["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["after"]["status"].as_str().unwrap())
        .collect();
    assert_eq!(steps, ["dispatched", "received", "closed"]);
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
            // Now, not an hour ago: just after midnight an hour ago was the permit's last day.
            &ago(0),
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

fn dispatch(db: &Path, extra: &[&str]) -> Output {
    let departure = ago(3);
    let mut a = vec![
        "--json",
        "cw",
        "manifest",
        "dispatch",
        "--new",
        "--category",
        "拆除垃圾",
        "--site",
        "南关区某住宅项目",
        "--vehicle",
        "吉A12345",
        "--facility",
        "长春某资源化利用厂",
        "--departure",
        &departure,
    ];
    a.extend_from_slice(extra);
    zwl(db, &a)
}

fn number(o: &Output) -> String {
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    v["number"].as_str().unwrap().to_string()
}

#[test]
fn each_register_has_its_own_options() {
    let help = |r: &str| {
        let d = tempfile::tempdir().unwrap();
        let o = zwl(&d.path().join("l.db"), &["cw", r, "add", "--help"]);
        String::from_utf8_lossy(&o.stdout).to_string()
    };
    let site = help("site");
    assert!(
        site.contains("--builder") && site.contains("--district"),
        "{site}"
    );
    for other in ["--transporter", "--rated-payload", "--kind", "--capacity-t"] {
        assert!(!site.contains(other), "site add offers {other}");
    }
    let vehicle = help("vehicle");
    assert!(vehicle.contains("--rated-payload") && vehicle.contains("--box-volume"));
    assert!(!vehicle.contains("--district") && !vehicle.contains("--builder"));
    let facility = help("facility");
    assert!(facility.contains("--kind") && !facility.contains("--driver"));
}

#[test]
fn an_overloaded_load_needs_a_reason_through_the_cli() {
    let d = tempfile::tempdir().unwrap();
    let db = d.path().join("l.db");
    registers(&db);
    let o = dispatch(&db, &["--declared", "25"]);
    assert_eq!(o.status.code(), Some(1));
    let err = format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(err.contains("核定载质量 20 吨"), "{err}");
    assert_eq!(ok(&db, &["cw", "manifest", "list"])["total"], 0);
    let n = number(&dispatch(
        &db,
        &["--declared", "25", "--overload-reason", "整体预制构件"],
    ));
    let alerts = ok(&db, &["cw", "alerts"]);
    assert!(alerts
        .as_array()
        .unwrap()
        .iter()
        .any(|a| a["kind"] == "overload" && a["subject"] == n.as_str()));
    let o = dispatch(&db, &["--declared", "50", "--overload-reason", "大件"]);
    assert_eq!(o.status.code(), Some(1), "over the 49 t cap");
}

#[test]
fn a_load_declared_in_m3_is_weighed_in_tonnes_with_gross_tare_and_ticket() {
    let d = tempfile::tempdir().unwrap();
    let db = d.path().join("l.db");
    registers(&db);
    let n = number(&dispatch(&db, &["--declared", "10", "--unit", "m3"]));
    let m = ok(
        &db,
        &[
            "cw",
            "manifest",
            "receive",
            &n,
            "--gross",
            "30",
            "--tare",
            "17.2",
            "--ticket",
            "BD-0042",
            "--received-at",
            &ago(1),
        ],
    );
    assert_eq!(m["received_qty"], 12_800_000);
    assert_eq!(m["density_kg_m3"], 1600);
    assert_eq!(m["declared_g"], 16_000_000);
    assert_eq!(m["ticket_no"], "BD-0042");
    let shown = ok(&db, &["cw", "manifest", "list"]);
    assert_eq!(shown["rows"][0]["alerts"][0], "discrepancy");
    let text = zwl(&db, &["cw", "alerts"]);
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(
        text.contains("10 m³ × 1.6 t/m³ = 16 t") && text.contains("-20.0%"),
        "{text}"
    );
}

#[test]
fn numbers_carry_the_installation_code_set_in_settings() {
    let d = tempfile::tempdir().unwrap();
    let db = d.path().join("l.db");
    registers(&db);
    let o = zwl(&db, &["settings", "set", "installation.code", "长春"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        zwl(&db, &["settings", "set", "installation.code", "220102A"])
            .status
            .success()
    );
    let n = number(&dispatch(&db, &["--declared", "15"]));
    let day = (Local::now() - Duration::hours(3))
        .format("%Y%m%d")
        .to_string();
    assert_eq!(n, format!("CW-220102A-{day}-0001"));
}

#[test]
fn a_refused_load_is_linked_to_its_follow_up_manifest() {
    let d = tempfile::tempdir().unwrap();
    let db = d.path().join("l.db");
    registers(&db);
    let refused = number(&dispatch(&db, &["--declared", "15"]));
    ok(
        &db,
        &[
            "cw",
            "manifest",
            "receive",
            &refused,
            "--received",
            "15",
            "--refused",
            "15",
            "--outcome",
            "拒收",
            "--received-at",
            &ago(2),
        ],
    );
    let kinds = |db: &Path| -> Vec<String> {
        ok(db, &["cw", "alerts"])
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a["kind"].as_str().unwrap().to_string())
            .collect()
    };
    assert!(kinds(&db).contains(&"no_followup".to_string()));
    let departure = ago(1);
    let f = number(&zwl(
        &db,
        &[
            "--json",
            "cw",
            "manifest",
            "dispatch",
            "--new",
            "--category",
            "拆除垃圾",
            "--declared",
            "15",
            "--site",
            "南关区某住宅项目",
            "--vehicle",
            "吉A12345",
            "--facility",
            "长春某资源化利用厂",
            "--disposal",
            "填埋",
            "--departure",
            &departure,
        ],
    ));
    let m = ok(&db, &["cw", "manifest", "follow-up", &refused, &f]);
    assert_eq!(m["followup"], f.as_str());
    assert!(!kinds(&db).contains(&"no_followup".to_string()));
}

//! Black-box tests of `zwl cw` commands of facility kinds, declarations, resource use and
//! supervision.

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

fn month() -> String {
    Local::now().format("%Y-%m").to_string()
}

/// A new ledger with a site, a transporter and vehicle, a recycling plant and a backfill
/// site.
fn registers(db: &Path) {
    ok(db, &["init"]);
    let v = date(100);
    for args in [
        vec![
            "cw",
            "site",
            "add",
            "--name",
            "南关区某住宅项目",
            "--district",
            "220102",
            "--valid-until",
            &v,
        ],
        vec![
            "cw",
            "transporter",
            "add",
            "--name",
            "长春某运输公司",
            "--valid-until",
            &v,
        ],
        vec![
            "cw",
            "vehicle",
            "add",
            "--name",
            "吉A12345",
            "--transporter",
            "长春某运输公司",
            "--rated-payload",
            "18",
            "--driver",
            "张伟",
            "--valid-until",
            &v,
        ],
        vec![
            "cw",
            "facility",
            "add",
            "--name",
            "某资源化利用厂",
            "--kind",
            "资源化利用",
            "--district",
            "220104",
            "--valid-until",
            &v,
        ],
        vec![
            "cw",
            "facility",
            "add",
            "--name",
            "某回填场地",
            "--kind",
            "回填",
            "--district",
            "220104",
            "--accepts",
            "工程渣土,拆除垃圾",
        ],
    ] {
        ok(db, &args);
    }
}

fn dispatch(db: &Path, cat: &str, tonnes: &str, facility: &str, hours_ago: i64) -> String {
    let m = ok(
        db,
        &[
            "cw",
            "manifest",
            "dispatch",
            "--new",
            "--category",
            cat,
            "--declared",
            tonnes,
            "--unit",
            "t",
            "--site",
            "南关区某住宅项目",
            "--vehicle",
            "吉A12345",
            "--facility",
            facility,
            "--departure",
            &ago(hours_ago),
        ],
    );
    m["number"].as_str().unwrap().to_string()
}

#[test]
fn facility_kinds_and_accepted_categories_are_shown_and_changed_from_the_command_line() {
    let d = tempfile::tempdir().unwrap();
    let db = d.path().join("l.db");
    registers(&db);
    let all = ok(&db, &["cw", "accepts"]);
    let fill = all
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["name"] == "某回填场地")
        .unwrap();
    assert_eq!(fill["kind"], "backfill");
    assert_eq!(fill["accepts"], serde_json::json!(["soil", "demolition"]));
    let n = dispatch(&db, "工程渣土", "15", "某资源化利用厂", 2);
    let alerts = ok(&db, &["cw", "alerts"]);
    let mismatch: Vec<&serde_json::Value> = alerts
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["kind"] == "category_mismatch")
        .collect();
    assert_eq!(mismatch.len(), 1);
    assert_eq!(mismatch[0]["subject"], n.as_str());
    let f = ok(
        &db,
        &[
            "cw",
            "accepts",
            "某资源化利用厂",
            "--set",
            "soil,demolition",
        ],
    );
    assert_eq!(f["accepts"], serde_json::json!(["soil", "demolition"]));
    let bad = zwl(
        &db,
        &["cw", "accepts", "某资源化利用厂", "--set", "生活垃圾"],
    );
    assert_eq!(bad.status.code(), Some(1), "a refused input exits 1");
    assert!(String::from_utf8_lossy(&bad.stderr).contains("生活垃圾"));
}

#[test]
fn declarations_outputs_and_both_rates_from_the_command_line() {
    let d = tempfile::tempdir().unwrap();
    let db = d.path().join("l.db");
    registers(&db);
    let m = month();
    ok(
        &db,
        &[
            "cw",
            "declare",
            "南关区某住宅项目",
            "--month",
            &m,
            "--category",
            "拆除垃圾",
            "--generated",
            "100",
            "--reused",
            "10",
            "--balanced",
            "5",
        ],
    );
    let n = dispatch(&db, "拆除垃圾", "18", "某资源化利用厂", 3);
    ok(
        &db,
        &[
            "cw",
            "manifest",
            "receive",
            &n,
            "--received",
            "18",
            "--received-at",
            &ago(2),
        ],
    );
    ok(
        &db,
        &[
            "cw",
            "output",
            "某资源化利用厂",
            "--month",
            &m,
            "brick=17/20",
            "backfill=1",
        ],
    );
    let outs = ok(&db, &["cw", "outputs", "--from", &m, "--to", &m]);
    assert_eq!(outs[0]["product"], "backfill");
    assert_eq!(outs[1]["input_g"], 17_000_000);
    let r = ok(
        &db,
        &["cw", "rate", "--by", "site", "--from", &m, "--to", &m],
    );
    assert_eq!(r["total"]["generated_t"], 100.0);
    assert_eq!(r["total"]["intake_t"], 18.0);
    assert_eq!(r["total"]["resource_rate"], 17.0);
    assert_eq!(r["total"]["comprehensive_rate"], 33.0);
    assert_eq!(r["total"]["basis"], "declared");
    let text = zwl(
        &db,
        &["cw", "rate", "--by", "district", "--from", &m, "--to", &m],
    );
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(text.contains("设施接收量"), "{text}");
    assert!(text.contains("资源化利用率公式"));
    assert!(text.contains("综合利用率公式"));
}

#[test]
fn supervision_figures_from_the_command_line() {
    let d = tempfile::tempdir().unwrap();
    let db = d.path().join("l.db");
    registers(&db);
    let m = month();
    let a = dispatch(&db, "拆除垃圾", "15", "某资源化利用厂", 3);
    ok(
        &db,
        &[
            "cw",
            "manifest",
            "receive",
            &a,
            "--received",
            "15",
            "--received-at",
            &ago(2),
        ],
    );
    ok(&db, &["cw", "manifest", "close", &a]);
    dispatch(&db, "拆除垃圾", "15", "某资源化利用厂", 1);
    let s = ok(&db, &["cw", "supervision", "--from", &m, "--to", &m]);
    assert_eq!(s["total"]["dispatched"], 2);
    assert_eq!(s["total"]["closed"], 1);
    assert_eq!(s["total"]["closure_rate"], 50.0);
    assert_eq!(s["by_transporter"][0]["name"], "长春某运输公司");
    assert_eq!(s["monthly"][0]["district_name"], "南关区");
    assert!(s["coverage_rate"].is_null(), "no site declared");
    let text = zwl(&db, &["cw", "supervision", "--from", &m, "--to", &m]);
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(text.contains("联单闭环率 50.0%"), "{text}");
    assert!(text.contains("联单覆盖率"));
}

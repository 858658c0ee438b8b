//! `zwl report summary`: the same figures as `zwl rates`, `zwl cw rate` and `zwl agri rates`
//! for the same scope and period; the files it writes; its refusals.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use chrono::{Datelike, Local, Months, NaiveDate};
use serde_json::Value as J;

fn run(db: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_zwl"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("ZWL_DB")
        .output()
        .expect("the zwl binary runs")
}

fn ok(db: &Path, args: &[&str]) -> String {
    let o = run(db, args);
    assert!(
        o.status.success(),
        "zwl {args:?} failed: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8(o.stdout).unwrap()
}

fn json(db: &Path, args: &[&str]) -> J {
    let mut a = vec!["--json"];
    a.extend_from_slice(args);
    serde_json::from_str(&ok(db, &a)).expect("valid JSON")
}

fn demo() -> (tempfile::TempDir, PathBuf) {
    let d = tempfile::tempdir().unwrap();
    let db = d.path().join("ledger.db");
    ok(
        &db,
        &[
            "demo",
            "--cells",
            "30",
            "--months",
            "4",
            "--manifests",
            "300",
        ],
    );
    (d, db)
}

/// The last complete month, `YYYY-MM`, and its first and last day.
fn last_month() -> (String, String, String) {
    let t = Local::now().date_naive();
    let first = NaiveDate::from_ymd_opt(t.year(), t.month(), 1).unwrap() - Months::new(1);
    let last = first + Months::new(1) - chrono::Days::new(1);
    (
        first.format("%Y-%m").to_string(),
        first.to_string(),
        last.to_string(),
    )
}

fn figure<'a>(r: &'a J, key: &str) -> &'a J {
    r["sections"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| s["figures"].as_array().unwrap())
        .find(|f| f["key"] == key)
        .unwrap_or_else(|| panic!("figure {key}"))
}

/// Equal but for the last bits: the construction rates sum tonnes in hash-map order.
fn close(a: &J, b: &J) -> bool {
    match (a.as_f64(), b.as_f64()) {
        (Some(a), Some(b)) => (a - b).abs() <= 1e-9 * a.abs().max(1.0),
        _ => a == b,
    }
}

fn summary(db: &Path, scope: &str, period: &str, start: &str) -> J {
    json(
        db,
        &[
            "report", "summary", "--scope", scope, "--period", period, "--start", start,
        ],
    )
}

#[test]
fn a_cells_report_shows_what_zwl_rates_shows() {
    let (_d, db) = demo();
    let cells = json(&db, &["cell", "list"]);
    let id = cells["rows"][0]["id"].as_str().unwrap().to_string();
    let (m, _, _) = last_month();
    let r = summary(&db, &format!("cell:{id}"), "month", &m);
    let rates = json(&db, &["rates", &id, "--from", &m, "--to", &m]);
    assert_eq!(
        figure(&r, "household.recycling_rate")["value"],
        rates["household"]["recycling_rate"]
    );
    assert_eq!(
        figure(&r, "household.resource_rate")["value"],
        rates["household"]["resource_rate"]
    );
}

#[test]
fn the_citys_and_a_districts_figures_are_those_of_zwl_cw_rate_and_zwl_agri_rates() {
    let (_d, db) = demo();
    let (m, from, to) = last_month();
    let r = summary(&db, "city", "month", &m);
    let cw = json(
        &db,
        &["cw", "rate", "--by", "district", "--from", &m, "--to", &m],
    );
    assert!(close(
        &figure(&r, "cw.resource_rate")["value"],
        &cw["total"]["resource_rate"]
    ));
    let sup = json(&db, &["cw", "supervision", "--from", &m, "--to", &m]);
    assert_eq!(
        figure(&r, "cw.closure_rate")["value"],
        sup["total"]["closure_rate"]
    );
    let agri = json(
        &db,
        &[
            "agri", "rates", "--by", "district", "--from", &from, "--to", &to,
        ],
    );
    let row = agri["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["villages"].as_i64().unwrap_or(0) > 0)
        .expect("a district with villages");
    let district = row["district"].as_str().unwrap();
    let a = summary(&db, &format!("area:{district}"), "month", &m);
    assert_eq!(figure(&a, "agri.coverage")["value"], row["coverage"]);
    assert_eq!(figure(&a, "agri.film_rate")["value"], row["film_rate"]);
    let cw_row = cw["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["key"] == district);
    if let Some(cw_row) = cw_row {
        assert!(close(
            &figure(&a, "cw.resource_rate")["value"],
            &cw_row["resource_rate"]
        ));
    }
}

#[test]
fn the_report_is_written_as_json_csv_and_xlsx_in_either_language() {
    let (d, db) = demo();
    let (m, _, _) = last_month();
    let base = ["report", "summary", "--period", "month", "--start", &m];
    for (fmt, lang) in [
        ("json", "zh"),
        ("csv", "en"),
        ("xlsx", "en"),
        ("xlsx", "zh"),
    ] {
        let out = d.path().join(format!("r-{lang}.{fmt}"));
        let mut a = base.to_vec();
        let o = out.display().to_string();
        a.extend(["--format", fmt, "--out", &o, "--lang", lang]);
        ok(&db, &a);
        let bytes = std::fs::read(&out).unwrap();
        assert!(bytes.len() > 500, "{fmt} written");
        if fmt == "json" {
            let j: J = serde_json::from_slice(&bytes).unwrap();
            assert_eq!(j["spec"]["start"], m);
        }
        if fmt == "csv" {
            let text = String::from_utf8(bytes.clone()).unwrap();
            assert!(text.contains(",figure,household.recycling_rate,"));
            assert!(!text.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)));
        }
        if fmt == "xlsx" {
            assert_eq!(&bytes[..2], b"PK");
        }
    }
}

#[test]
fn a_bad_request_says_which_field_is_wrong() {
    let (_d, db) = demo();
    let o = run(
        &db,
        &[
            "report", "summary", "--period", "quarter", "--start", "2025-02",
        ],
    );
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("1、4、7 或 10 月"), "{err}");
    let o = run(
        &db,
        &[
            "report",
            "summary",
            "--scope",
            "area:没有这个区",
            "--period",
            "month",
            "--start",
            "2025-01",
        ],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("没有这个区"));
    let o = run(
        &db,
        &[
            "report", "summary", "--scope", "town", "--period", "month", "--start", "2025-01",
        ],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("town"));
}

//! `--format xlsx|csv --out FILE` on the agricultural lists: the file holds every hand-in
//! (all pages), weights as numbers in kilograms with the unit in the header, and the
//! filters and the time read on the heading rows; stock, outbound and rates likewise.

use std::path::{Path, PathBuf};
use std::process::Command;

use calamine::{Data, Reader};
use serde_json::Value as J;

fn ok(db: &Path, args: &[&str]) -> String {
    let o = Command::new(env!("CARGO_BIN_EXE_zwl"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("ZWL_DB")
        .output()
        .expect("the zwl binary runs");
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

/// A ledger with the demo's season of agricultural waste.
fn demo() -> (tempfile::TempDir, PathBuf, J) {
    let d = tempfile::tempdir().unwrap();
    let db = d.path().join("ledger.db");
    let made = json(&db, &["demo", "--cells", "10", "--months", "1"]);
    (d, db, made)
}

fn rows(path: &Path) -> Vec<Vec<Data>> {
    let mut book = calamine::open_workbook_auto(path).unwrap();
    let range = book.worksheet_range_at(0).unwrap().unwrap();
    range.rows().map(|r| r.to_vec()).collect()
}

fn cell_text(d: &Data) -> String {
    match d {
        Data::String(s) => s.clone(),
        other => other.to_string(),
    }
}

#[test]
fn every_hand_in_is_exported_with_weights_as_kilogram_numbers() {
    let (d, db, made) = demo();
    let total = made["agri"]["entries"].as_u64().unwrap() as usize;
    assert!(total > 100, "more than one page of hand-ins: {total}");
    let out = d.path().join("entries.xlsx");
    let e = json(
        &db,
        &[
            "agri",
            "entry",
            "list",
            "--format",
            "xlsx",
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert_eq!(e["rows"].as_u64().unwrap() as usize, total);
    let all = rows(&out);
    let header = all
        .iter()
        .position(|r| r.iter().any(|c| cell_text(c) == "重量（千克）"))
        .expect("a header row with the unit");
    let col = all[header]
        .iter()
        .position(|c| cell_text(c) == "重量（千克）")
        .unwrap();
    let data: Vec<&Vec<Data>> = all[header + 1..]
        .iter()
        .filter(|r| !matches!(r[0], Data::Empty))
        .filter(|r| !r.iter().any(|c| cell_text(c) == "Weight (kg)"))
        .collect();
    assert_eq!(data.len(), total, "every page, not only the first");
    let first = json(&db, &["agri", "entry", "list"]);
    let want = first[0]["weight_g"].as_i64().unwrap() as f64 / 1000.0;
    match &data[0][col] {
        Data::Float(f) => assert!((f - want).abs() < 1e-9, "{f} kg, want {want}"),
        Data::Int(i) => assert_eq!(*i as f64, want),
        other => panic!("the weight is a number, found {other:?}"),
    }
    let head: String = all[..header]
        .iter()
        .flatten()
        .map(cell_text)
        .collect::<Vec<_>>()
        .join(" ");
    assert!(head.contains("农业废弃物回收台账"), "{head}");
    assert!(head.contains("UTC"), "the time it was read: {head}");
}

#[test]
fn the_rates_export_names_its_filters_and_the_stock_export_matches_the_list() {
    let (d, db, _) = demo();
    let year = chrono::Local::now().format("%Y").to_string();
    let out = d.path().join("rates.csv");
    ok(
        &db,
        &[
            "agri",
            "rates",
            "--by",
            "district",
            "--year",
            &year,
            "--out",
            out.to_str().unwrap(),
        ],
    );
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(
        text.contains(&format!("{year}-01-01")),
        "the from date on a head row"
    );
    assert!(
        text.contains("农药包装废弃物回收率（%）"),
        "the unit in the header"
    );
    let shown = json(&db, &["agri", "rates", "--by", "district", "--year", &year]);
    let n = shown["rows"].as_array().unwrap().len();
    assert!(n > 0);

    let out = d.path().join("stock.csv");
    ok(
        &db,
        &[
            "agri",
            "stock",
            "--format",
            "csv",
            "--out",
            out.to_str().unwrap(),
        ],
    );
    let text = std::fs::read_to_string(&out).unwrap();
    let stock = json(&db, &["agri", "stock"]);
    let s = &stock.as_array().unwrap()[0];
    let kg = zwl::export::fixed_text(s["stock_g"].as_i64().unwrap(), 3);
    let line = text
        .lines()
        .find(|l| l.starts_with(s["point"].as_str().unwrap()))
        .expect("the point's row");
    assert!(line.ends_with(&format!(",{kg}")), "{line} ends with {kg}");
}

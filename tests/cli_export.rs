//! Black-box tests of `--format xlsx|csv --out FILE` on the list commands: the file holds
//! exactly what the command shows with `--json` (every page, its filters applied), numbers
//! as numbers, dates as dates; bad output paths are refused and leave nothing behind.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use calamine::{Data, Reader};
use serde_json::Value as J;

fn zwl(db: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_zwl"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("ZWL_DB")
        .output()
        .expect("the zwl binary runs")
}

fn ok(db: &Path, args: &[&str]) -> String {
    let o = zwl(db, args);
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

/// A ledger with 600 cells and 700 manifests: more than one export page of each.
fn demo() -> (tempfile::TempDir, PathBuf) {
    let d = tempfile::tempdir().unwrap();
    let db = d.path().join("ledger.db");
    ok(
        &db,
        &[
            "demo",
            "--cells",
            "600",
            "--months",
            "2",
            "--manifests",
            "700",
        ],
    );
    (d, db)
}

/// The data rows of the first sheet (below the five heading rows).
fn sheet(path: &Path) -> (Vec<Vec<Data>>, Vec<Vec<Data>>) {
    let mut book = calamine::open_workbook_auto(path).unwrap();
    let range = book.worksheet_range_at(0).unwrap().unwrap();
    let rows: Vec<Vec<Data>> = range.rows().map(|r| r.to_vec()).collect();
    let (head, data) = rows.split_at(5);
    (head.to_vec(), data.to_vec())
}

fn text(d: &Data) -> String {
    match d {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::DateTime(t) => {
            let (y, m, d, h, mi, _, _) = t.to_ymd_hms_milli();
            if (h, mi) == (0, 0) {
                format!("{y:04}-{m:02}-{d:02}")
            } else {
                format!("{y:04}-{m:02}-{d:02} {h:02}:{mi:02}")
            }
        }
        other => panic!("expected text or a date, found {other:?}"),
    }
}

fn js(v: &J) -> String {
    v.as_str().map(str::to_string).unwrap_or_default()
}

/// A number cell equal to `expected` (an empty cell for `None`).
fn number(d: &Data, expected: Option<f64>, what: &str) {
    match (d, expected) {
        (Data::Float(f), Some(e)) => assert_eq!(*f, e, "{what}"),
        (Data::Int(i), Some(e)) => assert_eq!(*i as f64, e, "{what}"),
        (Data::Empty, None) => {}
        (d, e) => panic!("{what}: expected the number {e:?}, found {d:?}"),
    }
}

fn all_pages(db: &Path, args: &[&str]) -> Vec<J> {
    let mut out = Vec::new();
    for page in 1.. {
        let p = page.to_string();
        let mut a = args.to_vec();
        a.extend_from_slice(&["--page", &p, "--page-size", "500"]);
        let v = json(db, &a);
        let rows = v["rows"].as_array().unwrap().clone();
        let n = rows.len();
        out.extend(rows);
        if n < 500 {
            break;
        }
    }
    out
}

#[test]
fn the_cells_list_exported_as_xlsx_equals_its_json_on_every_page() {
    let (d, db) = demo();
    let out = d.path().join("小区.xlsx");
    let msg = ok(
        &db,
        &[
            "cell",
            "list",
            "--kind",
            "小区",
            "--format",
            "xlsx",
            "--out",
            out.to_str().unwrap(),
        ],
    );
    let listed = all_pages(&db, &["cell", "list", "--kind", "小区"]);
    assert!(msg.contains(&format!("{} 行", listed.len())), "{msg}");
    let (head, rows) = sheet(&out);
    assert!(text(&head[1][0]).contains("kind = 小区"), "{:?}", head[1]);
    assert!(text(&head[2][0]).starts_with("数据截至 As of："));
    assert_eq!(text(&head[3][12]), "人数/户数（人或户）");
    assert_eq!(rows.len(), listed.len());
    assert!(rows.len() > 100);
    for (r, c) in rows.iter().zip(&listed) {
        assert_eq!(text(&r[0]), js(&c["name"]));
        assert_eq!(text(&r[1]), js(&c["kind_zh"]));
        assert_eq!(text(&r[2]), js(&c["uscc"]));
        assert_eq!(text(&r[3]), js(&c["district"]));
        assert_eq!(text(&r[4]), js(&c["district_name"]));
        assert_eq!(text(&r[8]), js(&c["address"]));
        number(&r[12], c["headcount"].as_f64(), "headcount");
        number(&r[13], c["baseline_headcount"].as_f64(), "baseline");
        number(&r[14], c["baseline_year"].as_f64(), "baseline year");
        assert_eq!(
            text(&r[15]),
            zwl::cells::Status::label_zh_of(c["status"].as_str().unwrap())
        );
        assert_eq!(text(&r[18]), js(&c["certified_on"]));
        assert_eq!(text(&r[19]), js(&c["expires_on"]));
        assert_eq!(text(&r[20]), js(&c["id"]));
    }
}

#[test]
fn the_manifests_list_exported_as_xlsx_equals_its_json_with_quantities_as_numbers() {
    let (d, db) = demo();
    let out = d.path().join("loads.xlsx");
    ok(
        &db,
        &["cw", "manifest", "list", "--out", out.to_str().unwrap()],
    );
    let listed = all_pages(&db, &["cw", "manifest", "list"]);
    let (_, rows) = sheet(&out);
    assert_eq!(rows.len(), listed.len());
    assert!(rows.len() > 500, "more than one page: {}", rows.len());
    let t = |v: &J| v.as_i64().map(|g| g as f64 / 1e6);
    for (r, m) in rows.iter().zip(&listed) {
        assert_eq!(text(&r[0]), js(&m["number"]));
        assert_eq!(
            text(&r[1]),
            zwl::construction::manifests::status_zh(m["status"].as_str().unwrap())
        );
        number(&r[4], t(&m["declared_qty"]), "declared");
        number(&r[5], t(&m["received_qty"]), "received");
        number(&r[6], t(&m["refused_qty"]), "refused");
        assert_eq!(text(&r[8]), js(&m["site"]));
        assert_eq!(text(&r[10]), js(&m["plate"]));
        let local = |v: &J| {
            v.as_str()
                .map(zwl::construction::manifests::local_time)
                .unwrap_or_default()
        };
        assert_eq!(text(&r[14]), local(&m["departure_at"]));
        assert_eq!(text(&r[15]), local(&m["received_at"]));
    }
}

#[test]
fn the_csv_export_is_utf8_with_bom_and_holds_the_same_rows_as_the_xlsx() {
    let (d, db) = demo();
    let (x, c) = (d.path().join("s.xlsx"), d.path().join("s.csv"));
    ok(
        &db,
        &[
            "cw",
            "manifest",
            "list",
            "--status",
            "closed",
            "--out",
            x.to_str().unwrap(),
        ],
    );
    ok(
        &db,
        &[
            "cw",
            "manifest",
            "list",
            "--status",
            "closed",
            "--format",
            "csv",
            "--out",
            c.to_str().unwrap(),
        ],
    );
    let bytes = std::fs::read(&c).unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"));
    let text_csv = String::from_utf8(bytes).unwrap();
    let lines: Vec<&str> = text_csv.split("\r\n").filter(|l| !l.is_empty()).collect();
    let (_, rows) = sheet(&x);
    assert_eq!(lines.len(), rows.len() + 5);
    for (line, r) in lines[5..].iter().zip(&rows) {
        let f: Vec<&str> = line.split(',').collect();
        assert_eq!(f[0], text(&r[0]));
        let Data::Float(q) = r[4] else {
            panic!("{:?}", r[4])
        };
        assert_eq!(f[4].parse::<f64>().unwrap(), q);
    }
}

#[test]
fn every_list_command_takes_format_and_out() {
    let (d, db) = demo();
    let cell = json(&db, &["cell", "list", "--page-size", "1"])["rows"][0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let month = chrono::Local::now().format("%Y-%m").to_string();
    let lists: Vec<Vec<&str>> = vec![
        vec!["cell", "list"],
        vec!["cell", "namings", &cell],
        vec!["record", "list", &cell],
        vec!["rates", &cell, "--from", "2025-01", "--to", &month],
        vec!["cw", "manifest", "list"],
        vec!["cw", "site", "list"],
        vec!["cw", "transporter", "list"],
        vec!["cw", "vehicle", "list"],
        vec!["cw", "facility", "list"],
        vec!["cw", "alerts"],
        vec!["cw", "rate", "--from", "2025-01", "--to", &month],
        vec!["alerts"],
        vec!["area", "list"],
        vec!["kind", "list"],
        vec!["district", "list"],
        vec!["settings", "list"],
    ];
    for (i, args) in lists.iter().enumerate() {
        for ext in ["xlsx", "csv"] {
            let out = d.path().join(format!("list{i}.{ext}"));
            let mut a = args.clone();
            a.extend_from_slice(&["--out", out.to_str().unwrap()]);
            let v = json(&db, &a);
            assert_eq!(v["format"], ext, "{args:?}");
            assert!(out.exists(), "{args:?} wrote {}", out.display());
        }
    }
}

#[test]
fn an_existing_folder_or_a_missing_one_is_refused_and_nothing_is_left_behind() {
    let (d, db) = demo();
    let o = zwl(
        &db,
        &[
            "cell",
            "list",
            "--format",
            "xlsx",
            "--out",
            d.path().to_str().unwrap(),
        ],
    );
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("是一个文件夹"), "{err}");
    let missing = d.path().join("no/such/folder/x.xlsx");
    let o = zwl(&db, &["cell", "list", "--out", missing.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("文件夹不存在"));
    let o = zwl(
        &db,
        &[
            "cell",
            "list",
            "--out",
            d.path().join("x.xls").to_str().unwrap(),
        ],
    );
    assert_eq!(o.status.code(), Some(1), "an unknown format is refused");
    let left: Vec<_> = std::fs::read_dir(d.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".part") || n.ends_with(".xls"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

#[test]
fn an_exported_xlsx_converts_to_csv_with_libreoffice_when_it_is_installed() {
    let Ok(o) = Command::new("soffice").arg("--version").output() else {
        println!("skipped: soffice (LibreOffice) is not installed");
        return;
    };
    if !o.status.success() {
        println!("skipped: soffice does not run");
        return;
    }
    let (d, db) = demo();
    let x = d.path().join("sites.xlsx");
    ok(&db, &["cw", "site", "list", "--out", x.to_str().unwrap()]);
    // Bounded: a first start of LibreOffice that hangs fails the test instead of stalling it.
    let st = Command::new("timeout")
        .args([
            "120",
            "soffice",
            "--headless",
            "--convert-to",
            "csv:Text - txt - csv (StarCalc):44,34,76",
            "--outdir",
        ])
        .arg(d.path())
        .arg(&x)
        .env("HOME", d.path())
        .output()
        .unwrap();
    assert!(
        st.status.success(),
        "{}",
        String::from_utf8_lossy(&st.stderr)
    );
    let csv = std::fs::read_to_string(d.path().join("sites.csv")).unwrap();
    let sites = json(&db, &["cw", "site", "list"]);
    for s in sites.as_array().unwrap() {
        assert!(csv.contains(s["name"].as_str().unwrap()), "{csv}");
    }
    assert!(csv.contains("有效期至"));
}

/// A workbook of text cells, the first row its headings.
fn book(path: &Path, rows: &[&[&str]]) {
    let mut b = rust_xlsxwriter::Workbook::new();
    let s = b.add_worksheet();
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            match v.parse::<f64>() {
                Ok(n) => s.write_number(r as u32, c as u16, n).map(|_| ()),
                Err(_) => s.write_string(r as u32, c as u16, *v).map(|_| ()),
            }
            .unwrap();
        }
    }
    b.save(path).unwrap();
}

#[test]
fn import_reads_xlsx_and_preview_names_the_bad_row_without_writing() {
    let d = tempfile::tempdir().unwrap();
    let db = d.path().join("ledger.db");
    ok(&db, &["init"]);
    let x = d.path().join("cells.xlsx");
    book(
        &x,
        &[
            &["名称", "类型", "行政区划", "人数/户数"],
            &["甲小区", "小区", "220104", "300"],
            &["乙小区", "小区", "220199", "200"],
        ],
    );
    let file = x.to_str().unwrap();
    let o = zwl(&db, &["import", "cells", file, "--preview"]);
    assert_eq!(o.status.code(), Some(1));
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.contains("第 3 行 行政区划"), "{out}");
    assert!(out.contains("新增 1") && out.contains("有误 1"), "{out}");
    let p = zwl(&db, &["--json", "import", "cells", file, "--preview"]);
    let v: J = serde_json::from_slice(&p.stdout).unwrap();
    assert_eq!(v["rows"][1]["status"], "bad");
    assert_eq!(v["rows"][1]["errors"][0]["field"], "district");
    assert_eq!(json(&db, &["cell", "list"])["total"], 0, "nothing written");
    let o = zwl(&db, &["import", "cells", file]);
    assert_eq!(o.status.code(), Some(1));
    book(
        &x,
        &[
            &["名称", "类型", "行政区划", "人数/户数"],
            &["甲小区", "小区", "220104", "300"],
        ],
    );
    assert_eq!(json(&db, &["import", "cells", file])["imported"], 1);
    let r = d.path().join("records.xlsx");
    let month = chrono::Local::now().format("%Y-%m").to_string();
    book(
        &r,
        &[
            &["细胞", "月份", "类别", "产生量", "回收利用量"],
            &["甲小区", &month, "厨余垃圾", "1500.25", "0"],
            &["甲小区", &month, "其他垃圾", "800", "0"],
        ],
    );
    let v = json(&db, &["import", "records", r.to_str().unwrap()]);
    assert_eq!(v["imported"], 2);
    let listed = json(&db, &["record", "list", "甲小区"]);
    let grams: Vec<i64> = listed
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["generated_g"].as_i64().unwrap())
        .collect();
    assert_eq!(grams, [1_500_250, 800_000]);
}

#[test]
fn the_alerts_export_takes_the_area_and_the_acknowledged_ones_as_the_list_does() {
    let (d, db) = demo();
    let all = json(&db, &["alerts"]);
    let first = &all.as_array().unwrap()[0];
    let district = first["district"].as_str().unwrap().to_string();
    let key = first["key"].as_str().unwrap().to_string();
    ok(&db, &["alerts", "--ack", &key, "--note", "已电话通知"]);
    for all_too in [false, true] {
        let mut args = vec!["alerts", "--area", &district];
        if all_too {
            args.push("--all");
        }
        let shown = json(&db, &args).as_array().unwrap().len();
        let out = d.path().join(format!("alerts-{all_too}.xlsx"));
        args.extend_from_slice(&["--format", "xlsx", "--out", out.to_str().unwrap()]);
        ok(&db, &args);
        let (head, rows) = sheet(&out);
        assert_eq!(rows.len(), shown, "--all {all_too}");
        let heading: String = head
            .iter()
            .flatten()
            .map(text)
            .collect::<Vec<_>>()
            .join(" ");
        assert!(heading.contains(&district), "{heading}");
        assert_eq!(heading.contains("含已知悉"), all_too, "{heading}");
        let acked = rows.iter().any(|r| text(&r[8]).starts_with("已电话通知"));
        assert_eq!(acked, all_too, "the acknowledged alert and its note");
    }
}

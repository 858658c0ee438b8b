//! Lists written as CSV and XLSX, and imports read from XLSX, through the core: what is
//! written reads back the same; text that looks like a formula stays text; a workbook is
//! checked exactly as a CSV file, its rows named as the sheet shows them; a preview marks
//! every bad row and writes nothing.

use std::path::Path;

use calamine::{Data, Reader};
use chrono::{Duration, Local, NaiveDate};
use rust_xlsxwriter::{Format as XFormat, Workbook};
use zwl::cells::{self, CellDraft, CellFilter};
use zwl::construction::registers::{self, EntryDraft};
use zwl::export::{self, Format, ListSpec, Value};
use zwl::import_preview::{self, ImportKind, RowStatus};
use zwl::Ledger;

fn row_count(l: &Ledger, table: &str) -> i64 {
    l.conn()
        .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
        .unwrap()
}

fn office(name: &str, uscc: &str) -> CellDraft {
    CellDraft {
        name: name.into(),
        kind: "office".into(),
        uscc: uscc.into(),
        district: "220102".into(),
        headcount: "120".into(),
        baseline_year: "2024".into(),
        ..Default::default()
    }
}

fn all_cells() -> ListSpec {
    ListSpec::Cells {
        filter: CellFilter::default(),
    }
}

fn first_sheet(path: &Path) -> Vec<Vec<Data>> {
    let mut book = calamine::open_workbook_auto(path).unwrap();
    let range = book.worksheet_range_at(0).unwrap().unwrap();
    range.rows().map(|r| r.to_vec()).collect()
}

/// A workbook whose first sheet holds `rows` as given (strings, numbers, dates).
enum X {
    S(&'static str),
    N(f64),
    D(chrono::NaiveDateTime),
    Day(NaiveDate),
    E,
}

fn workbook(path: &Path, rows: &[Vec<X>]) {
    let mut b = Workbook::new();
    let s = b.add_worksheet();
    let date = XFormat::new().set_num_format("yyyy-mm-dd hh:mm");
    let day = XFormat::new().set_num_format("yyyy-mm");
    for (r, row) in rows.iter().enumerate() {
        for (c, x) in row.iter().enumerate() {
            let (r, c) = (r as u32, c as u16);
            match x {
                X::S(v) => s.write_string(r, c, *v).map(|_| ()),
                X::N(v) => s.write_number(r, c, *v).map(|_| ()),
                X::D(t) => s.write_datetime_with_format(r, c, t, &date).map(|_| ()),
                X::Day(d) => s.write_datetime_with_format(r, c, d, &day).map(|_| ()),
                X::E => Ok(()),
            }
            .unwrap();
        }
    }
    b.save(path).unwrap();
}

#[test]
fn text_that_looks_like_a_formula_is_exported_as_text_in_csv_and_xlsx() {
    let mut l = Ledger::open_in_memory().unwrap();
    let mut d = office("某局", "91220101131860916E");
    d.address = "=HYPERLINK(\"http://example.invalid\",\"点此\")".into();
    d.contact = "+86 431 8888".into();
    d.manager = "@张伟".into();
    cells::add(&mut l, &d).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let (c, x) = (dir.path().join("c.csv"), dir.path().join("c.xlsx"));
    export::export(l.conn(), &all_cells(), Format::Csv, &c).unwrap();
    export::export(l.conn(), &all_cells(), Format::Xlsx, &x).unwrap();
    let csv = std::fs::read_to_string(&c).unwrap();
    assert!(csv.contains("\"'=HYPERLINK("), "{csv}");
    assert!(csv.contains(",'+86 431 8888,"), "{csv}");
    assert!(csv.contains(",'@张伟,"), "{csv}");
    let rows = first_sheet(&x);
    assert_eq!(rows[5][8], Data::String(d.address.clone()));
    assert_eq!(rows[5][9], Data::String(d.contact.clone()));
    let mut book = calamine::open_workbook_auto(&x).unwrap();
    let name = book.sheet_names()[0].clone();
    let formulas = book.worksheet_formula(&name).unwrap();
    assert!(
        formulas.used_cells().all(|(_, _, f)| f.is_empty()),
        "no cell is a formula"
    );
}

#[test]
fn a_csv_export_reads_back_as_the_same_values_as_the_table() {
    let mut l = Ledger::open_in_memory().unwrap();
    let c = cells::add(&mut l, &office("某局", "91220101131860916E")).unwrap();
    let month = Local::now().format("%Y-%m").to_string();
    let rec = |g: &str, r: &str| cells::records::RecordInput {
        month: month.clone(),
        category: "可回收物".into(),
        generated: g.into(),
        recycled: r.into(),
        ..Default::default()
    };
    cells::records::save_one(&mut l, c.id, &rec("1,234.125", "0.5")).unwrap();
    let spec = ListSpec::Records {
        cell: c.id.to_string(),
        from: String::new(),
        to: String::new(),
    };
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("r.csv");
    let e = export::export(l.conn(), &spec, Format::Csv, &p).unwrap();
    assert_eq!(e.rows, 1);
    let table = export::collect(l.conn(), &spec).unwrap();
    let text = std::fs::read_to_string(&p).unwrap();
    let mut rd = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.trim_start_matches('\u{FEFF}').as_bytes());
    let recs: Vec<csv::StringRecord> = rd.records().map(|r| r.unwrap()).collect();
    assert_eq!(&recs[3][2], "产生量（千克）");
    assert_eq!(&recs[4][2], "Generated (kg)");
    let data = &recs[5];
    for (i, v) in table.rows[0].iter().enumerate() {
        let want = match v {
            Value::Text(s) => s.clone(),
            Value::Empty => String::new(),
            n => n.number_text().unwrap(),
        };
        assert_eq!(&data[i], want, "column {i}");
    }
    assert_eq!(&data[2], "1234.125");
    assert_eq!(&data[3], "0.5");
}

#[test]
fn cells_import_from_xlsx_with_a_bad_row_named_by_its_sheet_row() {
    let mut l = Ledger::open_in_memory().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("cells.xlsx");
    let head = || {
        vec![
            X::S("名称"),
            X::S("类型"),
            X::S("统一社会信用代码"),
            X::S("行政区划"),
            X::S("人数/户数"),
            X::S("基准年"),
        ]
    };
    // A blank first row: the headings are on row 2, the bad district on row 4.
    let rows = vec![
        vec![X::E],
        head(),
        vec![
            X::S("甲局"),
            X::S("机关"),
            X::S("91220101131860916E"),
            X::N(220102.0),
            X::N(120.0),
            X::N(2024.0),
        ],
        vec![
            X::S("乙小区"),
            X::S("小区"),
            X::E,
            X::S("220199"),
            X::N(300.0),
            X::E,
        ],
    ];
    workbook(&p, &rows);
    let before = row_count(&l, "change_log");
    let e = import_preview::import(&mut l, ImportKind::Cells, &p).unwrap_err();
    let got: Vec<_> = e
        .fields()
        .iter()
        .map(|f| (f.row, f.field.as_str()))
        .collect();
    assert_eq!(got, [(Some(4), "district")]);
    assert_eq!(row_count(&l, "cells"), 0);
    assert_eq!(row_count(&l, "change_log"), before);
    let mut good = rows;
    good[3][3] = X::S("220104");
    workbook(&p, &good);
    assert_eq!(
        import_preview::import(&mut l, ImportKind::Cells, &p)
            .unwrap()
            .added,
        2
    );
    let c = cells::find(l.conn(), "甲局").unwrap();
    assert_eq!(
        (c.headcount, c.baseline_year, c.district.as_str()),
        (Some(120), Some(2024), "220102")
    );
}

fn cw_setup() -> Ledger {
    let mut l = Ledger::open_in_memory().unwrap();
    let until = (Local::now() + Duration::days(300))
        .format("%Y-%m-%d")
        .to_string();
    registers::add_site(
        &mut l,
        &EntryDraft {
            name: "南关区某住宅项目".into(),
            valid_until: until.clone(),
            district: "220102".into(),
            ..Default::default()
        },
    )
    .unwrap();
    registers::add_transporter(
        &mut l,
        &EntryDraft {
            name: "长春某运输公司".into(),
            uscc: "91220101131860916E".into(),
            valid_until: until.clone(),
            ..Default::default()
        },
    )
    .unwrap();
    registers::add_vehicle(
        &mut l,
        &EntryDraft {
            name: "吉A12345".into(),
            transporter: "长春某运输公司".into(),
            driver: "张伟".into(),
            rated_payload_t: "25".into(),
            valid_until: until.clone(),
            ..Default::default()
        },
    )
    .unwrap();
    registers::add_facility(
        &mut l,
        &EntryDraft {
            name: "某资源化利用厂".into(),
            kind: "资源化".into(),
            district: "220104".into(),
            valid_until: until,
            ..Default::default()
        },
    )
    .unwrap();
    l
}

#[test]
fn manifests_import_from_xlsx_reads_excel_times_and_numbers_and_names_a_bad_row() {
    let mut l = cw_setup();
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("loads.xlsx");
    let t0 = (Local::now() - Duration::hours(5)).naive_local();
    let minute = |h: i64| {
        let t = t0 + Duration::minutes(h);
        t.date()
            .and_hms_opt(chrono::Timelike::hour(&t), chrono::Timelike::minute(&t), 0)
            .unwrap()
    };
    let heads = [
        "类别",
        "申报量",
        "工地",
        "车牌号",
        "消纳场",
        "出车时间",
        "接收量",
        "接收时间",
    ];
    let row = |declared: f64, plate: &'static str, dep: i64| {
        vec![
            X::S("拆除垃圾"),
            X::N(declared),
            X::S("南关区某住宅项目"),
            X::S(plate),
            X::S("某资源化利用厂"),
            X::D(minute(dep)),
            X::N(declared),
            X::D(minute(dep + 60)),
        ]
    };
    let mut rows = vec![heads.iter().map(|h| X::S(h)).collect::<Vec<_>>()];
    rows.push(row(24.5, "吉A12345", 0));
    rows.push(row(0.1 + 0.2, "吉A12345", 10));
    rows.push(row(20.0, "吉B99999", 20));
    workbook(&p, &rows);
    let e = import_preview::import(&mut l, ImportKind::Manifests, &p).unwrap_err();
    let got: Vec<_> = e
        .fields()
        .iter()
        .map(|f| (f.row, f.field.as_str()))
        .collect();
    assert_eq!(got, [(Some(4), "vehicle")]);
    assert_eq!(row_count(&l, "cw_manifests"), 0);
    rows.pop();
    workbook(&p, &rows);
    assert_eq!(
        import_preview::import(&mut l, ImportKind::Manifests, &p)
            .unwrap()
            .added,
        2
    );
    let m = export::collect(
        l.conn(),
        &ListSpec::Manifests {
            filter: Default::default(),
        },
    )
    .unwrap();
    let mut declared: Vec<String> = m.rows.iter().map(|r| r[4].number_text().unwrap()).collect();
    declared.sort();
    // 0.1 + 0.2 stored by Excel as 0.30000000000000004 is read as the 0.3 t it shows.
    assert_eq!(declared, ["0.3", "24.5"]);
    let departures: Vec<Value> = m.rows.iter().map(|r| r[14].clone()).collect();
    assert!(
        departures.contains(&Value::DateTime(minute(0))),
        "{departures:?}"
    );
}

fn records_book(p: &Path, month: NaiveDate, generated: f64) {
    workbook(
        p,
        &[
            vec![
                X::S("细胞"),
                X::S("月份"),
                X::S("类别"),
                X::S("产生量（千克）"),
                X::S("回收利用量"),
            ],
            vec![
                X::S("某局"),
                X::Day(month),
                X::S("可回收物"),
                X::N(generated),
                X::N(0.1 + 0.2),
            ],
        ],
    );
}

#[test]
fn records_import_reads_a_month_cell_and_is_all_or_nothing_and_idempotent() {
    let mut l = Ledger::open_in_memory().unwrap();
    let c = cells::add(&mut l, &office("某局", "91220101131860916E")).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("records.xlsx");
    let month = chrono::Datelike::with_day(&Local::now().date_naive(), 1).unwrap();
    records_book(&p, month, 120.5);
    let r = import_preview::import(&mut l, ImportKind::Records, &p).unwrap();
    assert_eq!(r.added, 1);
    let stored = cells::records::list(l.conn(), c.id, "2000-01", "9999-12").unwrap();
    assert_eq!(stored[0].month, month.format("%Y-%m").to_string());
    assert_eq!(
        (stored[0].generated_g, stored[0].recycled_g),
        (120_500, 300)
    );
    // The same file again: nothing written, and it says when it was imported.
    let again = import_preview::import(&mut l, ImportKind::Records, &p).unwrap();
    assert!(again.imported_before.is_some());
    // Another file with the same record and a new one: the first is already imported.
    let q = dir.path().join("more.xlsx");
    workbook(
        &q,
        &[
            vec![
                X::S("细胞"),
                X::S("月份"),
                X::S("类别"),
                X::S("产生量（千克）"),
                X::S("回收利用量"),
            ],
            vec![
                X::S("某局"),
                X::Day(month),
                X::S("可回收物"),
                X::N(120.5),
                X::N(0.3),
            ],
            vec![
                X::S("某局"),
                X::Day(month),
                X::S("其他垃圾"),
                X::N(10.0),
                X::E,
            ],
        ],
    );
    let r = import_preview::import(&mut l, ImportKind::Records, &q).unwrap();
    assert_eq!((r.added, r.already), (1, 1));
    // Other quantities for a stored month are refused: changing it is a step of its own.
    let q2 = dir.path().join("changed.xlsx");
    records_book(&q2, month, 99.0);
    let e = import_preview::import(&mut l, ImportKind::Records, &q2).unwrap_err();
    assert_eq!(e.fields()[0].code, "exists_differs");
    assert_eq!(e.fields()[0].row, Some(2));
}

#[test]
fn a_preview_marks_every_bad_row_and_field_counts_them_and_writes_nothing() {
    let mut l = Ledger::open_in_memory().unwrap();
    cells::add(&mut l, &office("已有局", "91220101131860916E")).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("cells.xlsx");
    workbook(
        &p,
        &[
            vec![
                X::S("名称"),
                X::S("类型"),
                X::S("统一社会信用代码"),
                X::S("行政区划"),
                X::S("人数/户数"),
                X::S("基准年"),
            ],
            vec![
                X::S("已有局"),
                X::S("机关"),
                X::S("91220101131860916E"),
                X::S("220102"),
                X::N(120.0),
                X::N(2024.0),
            ],
            vec![
                X::S("新小区"),
                X::S("小区"),
                X::E,
                X::S("220104"),
                X::N(300.0),
            ],
            vec![
                X::S("坏局"),
                X::S("机关"),
                X::S("1122010052601815XA"),
                X::S("220199"),
                X::S("很多"),
            ],
        ],
    );
    let (cells_before, log_before) = (row_count(&l, "cells"), row_count(&l, "change_log"));
    let pv = import_preview::preview(&mut l, ImportKind::Cells, &p).unwrap();
    assert_eq!((pv.total, pv.new, pv.already, pv.bad), (3, 1, 1, 1));
    assert!(!pv.importable());
    let statuses: Vec<_> = pv.rows.iter().map(|r| (r.row, r.status)).collect();
    assert_eq!(
        statuses,
        [
            (2, RowStatus::Already),
            (3, RowStatus::New),
            (4, RowStatus::Bad)
        ]
    );
    let mut bad: Vec<&str> = pv.rows[2].errors.iter().map(|e| e.field.as_str()).collect();
    bad.sort();
    assert_eq!(bad, ["district", "headcount", "uscc"]);
    let name_col = pv.columns.iter().position(|c| c.key == "name").unwrap();
    assert_eq!(pv.rows[1].values[name_col], "新小区");
    assert_eq!(row_count(&l, "cells"), cells_before);
    assert_eq!(row_count(&l, "change_log"), log_before);
}

#[test]
fn a_preview_of_manifests_rolls_back_the_loads_it_checked() {
    let mut l = cw_setup();
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("loads.csv");
    let dep = (Local::now() - Duration::hours(3)).format("%Y-%m-%d %H:%M");
    std::fs::write(
        &p,
        format!("类别,申报量,工地,车牌号,消纳场,出车时间\n拆除垃圾,20,南关区某住宅项目,吉A12345,某资源化利用厂,{dep}\n"),
    )
    .unwrap();
    let pv = import_preview::preview(&mut l, ImportKind::Manifests, &p).unwrap();
    assert_eq!((pv.new, pv.bad), (1, 0));
    assert!(pv.importable());
    assert_eq!(row_count(&l, "cw_manifests"), 0);
    assert_eq!(
        import_preview::import(&mut l, ImportKind::Manifests, &p)
            .unwrap()
            .added,
        1
    );
}

#[test]
fn a_file_level_problem_is_shown_by_the_preview_without_rows() {
    let mut l = Ledger::open_in_memory().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("x.xlsx");
    workbook(
        &p,
        &[
            vec![X::S("名称"), X::S("颜色")],
            vec![X::S("甲"), X::S("红")],
        ],
    );
    let pv = import_preview::preview(&mut l, ImportKind::Cells, &p).unwrap();
    assert_eq!(pv.file_errors[0].code, "unknown_column");
    assert!(pv.rows.is_empty());
    // An error cell refuses the file, naming its row and column.
    let mut b = Workbook::new();
    let s = b.add_worksheet();
    s.write_string(0, 0, "名称").unwrap();
    s.write_string(0, 1, "人数/户数").unwrap();
    s.write_string(1, 0, "甲").unwrap();
    s.write_formula(
        1,
        1,
        rust_xlsxwriter::Formula::new("=1/0").set_result("#DIV/0!"),
    )
    .unwrap();
    b.save(&p).unwrap();
    let e = import_preview::import(&mut l, ImportKind::Cells, &p).unwrap_err();
    assert_eq!(
        (
            e.fields()[0].row,
            e.fields()[0].field.as_str(),
            e.fields()[0].code.as_str()
        ),
        (Some(2), "headcount", "xlsx_error_cell")
    );
}

#[test]
fn a_records_file_cannot_add_a_month_to_a_retired_category() {
    let mut l = Ledger::open_in_memory().unwrap();
    cells::add(&mut l, &office("某局", "91220101131860916E")).unwrap();
    l.write(|w| zwl::cells::categories::retire_category(w, "other", true))
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("records.csv");
    let month = (Local::now() - Duration::days(40))
        .format("%Y-%m")
        .to_string();
    std::fs::write(
        &p,
        format!("细胞,月份,类别,产生量（千克）\n某局,{month},其他垃圾,10\n"),
    )
    .unwrap();
    let e = import_preview::import(&mut l, ImportKind::Records, &p).unwrap_err();
    assert_eq!(e.fields()[0].code, "retired_category");
    assert_eq!(e.fields()[0].row, Some(2));
    assert!(cells::records::list(
        l.conn(),
        cells::find(l.conn(), "某局").unwrap().id,
        &month,
        &month
    )
    .unwrap()
    .is_empty());
}

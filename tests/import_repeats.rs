//! A row given again in an imported file is refused naming the earlier row that gave it,
//! found through the ledger (the rows the import wrote, and those from before that a row of
//! the file named), whatever else the file holds.

mod cw_common;

use cw_common::{ago, setup};
use zwl::cells::{self, CellDraft};
use zwl::construction::import;
use zwl::import_preview::ImportKind;
use zwl::{import_run, Ledger};

/// Each refusal as (row, field, code, the row it names in its English message).
fn refusals(e: &zwl::Error) -> Vec<(Option<usize>, String, String, String)> {
    e.fields()
        .iter()
        .map(|f| {
            let named = f
                .message_en
                .chars()
                .filter(char::is_ascii_digit)
                .collect::<String>();
            (f.row, f.field.clone(), f.code.clone(), named)
        })
        .collect()
}

fn dup(row: usize, field: &str, first: usize) -> (Option<usize>, String, String, String) {
    (
        Some(row),
        field.into(),
        "duplicate_in_file".into(),
        first.to_string(),
    )
}

#[test]
fn a_cell_given_three_times_names_the_row_that_wrote_it_twice() {
    let mut l = Ledger::open_in_memory().unwrap();
    let csv = "名称,类型,行政区划,人数/户数\n甲小区,小区,220102,300\n乙小区,小区,220102,50\n\
               甲小区,小区,220102,300\n甲小区,小区,220102,300\n";
    let e = cells::import::import_text(&mut l, csv).unwrap_err();
    assert_eq!(refusals(&e), [dup(4, "name", 2), dup(5, "name", 2)]);
}

#[test]
fn a_cell_from_before_given_twice_names_the_first_row_that_gave_it() {
    let mut l = Ledger::open_in_memory().unwrap();
    let first = "名称,类型,行政区划,人数/户数\n甲小区,小区,220102,300\n";
    cells::import::import_text(&mut l, first).unwrap();
    let csv = "名称,类型,行政区划,人数/户数\n乙小区,小区,220102,50\n甲小区,小区,220102,300\n\
               甲小区,小区,220102,300\n甲小区,小区,220102,300\n";
    let e = cells::import::import_text(&mut l, csv).unwrap_err();
    assert_eq!(refusals(&e), [dup(4, "name", 3), dup(5, "name", 3)]);
    // Refused, nothing written; the file without its repeats imports.
    let good = "名称,类型,行政区划,人数/户数\n乙小区,小区,220102,50\n甲小区,小区,220102,300\n";
    let r = cells::import::import_text(&mut l, good).unwrap();
    assert_eq!((r.added, r.already), (1, 1));
}

#[test]
fn a_load_given_three_times_names_its_first_row_each_time() {
    let mut l = setup();
    let mut csv = String::from("类别,申报量,工地,车牌号,消纳场,出车时间\n");
    for h in [3, 4, 3, 5, 3] {
        csv.push_str(&format!(
            "拆除垃圾,12,南关区某住宅项目,吉A12345,长春某建筑垃圾资源化利用厂,{}\n",
            ago(h)
        ));
    }
    let e = import::import_text(&mut l, &csv, None).unwrap_err();
    assert_eq!(
        refusals(&e),
        [dup(4, "departure_at", 2), dup(6, "departure_at", 2)]
    );
}

#[test]
fn a_monthly_record_given_twice_names_the_earlier_row_new_or_from_before() {
    let mut l = Ledger::open_in_memory().unwrap();
    cells::add(
        &mut l,
        &CellDraft {
            name: "某局".into(),
            kind: "office".into(),
            uscc: "91220101131860916E".into(),
            district: "220102".into(),
            headcount: "120".into(),
            ..Default::default()
        },
    )
    .unwrap();
    let month = chrono::Local::now()
        .date_naive()
        .format("%Y-%m")
        .to_string();
    let head = "细胞,月份,类别,产生量（千克）,回收利用量\n";
    let row = |cat: &str, kg: &str| format!("某局,{month},{cat},{kg},0\n");
    let once = format!("{head}{}", row("可回收物", "120"));
    let r = import_run::import_text(&mut l, ImportKind::Records, &once).unwrap();
    assert_eq!(r.added, 1);
    // The record from before twice (rows 2 and 4), a new one twice (rows 3 and 5).
    let csv = format!(
        "{head}{}{}{}{}",
        row("可回收物", "120"),
        row("其他垃圾", "10"),
        row("可回收物", "120"),
        row("其他垃圾", "10")
    );
    let e = import_run::import_text(&mut l, ImportKind::Records, &csv).unwrap_err();
    assert_eq!(refusals(&e), [dup(4, "month", 2), dup(5, "month", 3)]);
    // Without the repeats it imports, and the change log (written as the rows came)
    // verifies.
    let good = format!(
        "{head}{}{}{}",
        row("可回收物", "120"),
        row("其他垃圾", "10"),
        row("厨余垃圾", "30")
    );
    let r = import_run::import_text(&mut l, ImportKind::Records, &good).unwrap();
    assert_eq!((r.added, r.already), (2, 1));
    assert!(zwl::audit::check(l.conn()).unwrap().ok());
}

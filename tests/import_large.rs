//! Large imports: loads numbered from a counter per day get the numbers the form would draw
//! one by one, and one refused row in a file of 100,000 leaves the ledger as it was and is
//! named by its row and field.

mod cw_common;

use chrono::{Duration, Local};
use cw_common::{ago, load, setup};
use zwl::construction::{import, manifests};
use zwl::Ledger;

/// Each load's departure (UTC) with the day and sequence of its number (the installation
/// code, which differs from ledger to ledger, left out).
fn numbers(l: &Ledger) -> Vec<(String, String)> {
    let mut st = l
        .conn()
        .prepare("SELECT departure_at, number FROM cw_manifests ORDER BY departure_at")
        .unwrap();
    st.query_map([], |r| {
        let number: String = r.get(1)?;
        let tail: Vec<&str> = number.rsplitn(3, '-').collect();
        Ok((r.get(0)?, format!("{}-{}", tail[1], tail[0])))
    })
    .unwrap()
    .collect::<Result<_, _>>()
    .unwrap()
}

#[test]
fn numbers_drawn_for_an_imported_file_are_those_the_form_draws_one_by_one() {
    // Loads over three days, in no order of day, after a load the form numbered already; one
    // of them received (written through the form's steps, not in bulk).
    let hours = [2, 50, 3, 26, 51, 27, 4, 49, 5];
    // Each time read once, so both ledgers get the same minutes whatever the clock does.
    let at: Vec<String> = hours.iter().map(|h| ago(*h)).collect();
    let first = load("吉A12345", "10", 28);
    let mut csv = "类别,申报量,工地,车牌号,消纳场,出车时间,路线,接收量,接收时间\n".to_string();
    for (k, h) in hours.iter().enumerate() {
        let (received, rat) = if k == 3 {
            ("12".to_string(), ago(h - 1))
        } else {
            (String::new(), String::new())
        };
        csv.push_str(&format!(
            "拆除垃圾,12,南关区某住宅项目,吉A12345,长春某建筑垃圾资源化利用厂,{},人民大街—卫星路,{received},{rat}\n",
            at[k]
        ));
    }
    let mut imported = setup();
    manifests::dispatch_new(&mut imported, &first).unwrap();
    let r = import::import_text(&mut imported, &csv, None).unwrap();
    assert_eq!(r.added, hours.len());

    let mut by_form = setup();
    manifests::dispatch_new(&mut by_form, &first).unwrap();
    for (k, h) in hours.iter().enumerate() {
        let mut d = load("吉A12345", "12", *h);
        d.departure_at = at[k].clone();
        manifests::dispatch_new(&mut by_form, &d).unwrap();
    }
    let got = numbers(&imported);
    assert_eq!(got, numbers(&by_form));
    assert_eq!(got.len(), hours.len() + 1);
    assert!(zwl::audit::check(imported.conn()).unwrap().ok());
}

/// Every row of every table of the ledger, as text.
fn contents(l: &Ledger) -> Vec<String> {
    let tables: Vec<String> = l
        .conn()
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let mut out = Vec::new();
    for t in tables {
        let mut st = l.conn().prepare(&format!("SELECT * FROM \"{t}\"")).unwrap();
        let n = st.column_count();
        let mut rows = st.query([]).unwrap();
        while let Some(r) = rows.next().unwrap() {
            let vals: Vec<String> = (0..n)
                .map(|i| format!("{:?}", r.get_ref(i).unwrap()))
                .collect();
            out.push(format!("{t}: {}", vals.join("|")));
        }
    }
    out
}

#[test]
fn a_refused_row_near_the_end_of_a_file_of_20000_loads_leaves_the_ledger_unchanged_and_names_the_row(
) {
    let mut l = setup();
    manifests::dispatch_new(&mut l, &load("吉A12345", "10", 1)).unwrap();
    let before = contents(&l);
    let n = 20_000;
    let bad = 19_990;
    let start = Local::now() - Duration::hours(3);
    let mut csv = String::from("类别,申报量,工地,车牌号,消纳场,出车时间\n");
    for k in 0..n {
        let plate = if k == bad { "吉A99999" } else { "吉A12345" };
        let at = start - Duration::minutes(k as i64);
        csv.push_str(&format!(
            "拆除垃圾,12,南关区某住宅项目,{plate},长春某建筑垃圾资源化利用厂,{}\n",
            at.format("%Y-%m-%d %H:%M")
        ));
    }
    let e = import::import_text(&mut l, &csv, None).unwrap_err();
    let f = e.fields();
    assert_eq!(f.len(), 1, "{f:?}");
    // The heading is line 1: the row of index `bad` is line `bad + 2`.
    assert_eq!(f[0].row, Some(bad + 2));
    assert_eq!(f[0].field, "vehicle");
    assert_eq!(f[0].code, "unknown_value");
    assert!(f[0].message_en.contains("吉A99999"), "{}", f[0].message_en);
    assert!(contents(&l) == before, "the ledger changed");
}

#[test]
fn an_import_cuts_its_bulk_blocks_as_they_fill_and_the_check_still_verifies_every_row() {
    let mut l = Ledger::open_in_memory().unwrap();
    let mut csv = String::from("名称,类型,行政区划,地址,人数/户数\n");
    for i in 1..=2500 {
        csv.push_str(&format!("幸福{i}号小区,小区,220102,人民大街{i}号,300\n"));
    }
    let r =
        zwl::import_run::import_text(&mut l, zwl::import_preview::ImportKind::Cells, &csv).unwrap();
    assert_eq!(r.added, 2500);
    let blocks: Vec<i64> = l
        .conn()
        .prepare(
            "SELECT count(*) FROM change_log WHERE tbl = 'cells' AND action = 'bulk_insert'
             GROUP BY change_set",
        )
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(blocks, [3]);
    let report = zwl::audit::check(l.conn()).unwrap();
    assert!(report.ok(), "{report:?}");
    assert!(report.rows_checked >= 2500);
}

#[test]
fn a_load_named_twice_in_a_file_is_refused_naming_its_first_row() {
    let mut l = setup();
    let mut csv = String::from("类别,申报量,工地,车牌号,消纳场,出车时间\n");
    for h in [3, 4, 3] {
        csv.push_str(&format!(
            "拆除垃圾,12,南关区某住宅项目,吉A12345,长春某建筑垃圾资源化利用厂,{}\n",
            ago(h)
        ));
    }
    let e = import::import_text(&mut l, &csv, None).unwrap_err();
    let f = e.fields();
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(
        (f[0].row, f[0].code.as_str()),
        (Some(4), "duplicate_in_file")
    );
    assert!(f[0].message_en.contains('2'), "{}", f[0].message_en);
    // Imported once, the same file again is already there; a load of it given twice in a
    // new file is one already imported and one duplicate.
    let mut l = setup();
    let once = format!(
        "类别,申报量,工地,车牌号,消纳场,出车时间\n拆除垃圾,12,南关区某住宅项目,吉A12345,长春某建筑垃圾资源化利用厂,{}\n",
        ago(3)
    );
    assert_eq!(import::import_text(&mut l, &once, None).unwrap().added, 1);
    let twice = format!("{once}{}", once.lines().nth(1).unwrap());
    let e = import::import_text(&mut l, &twice, None).unwrap_err();
    assert_eq!(e.fields()[0].code, "duplicate_in_file");
    assert_eq!(e.fields()[0].row, Some(3));
}

#[test]
fn loads_received_refused_and_followed_up_in_one_file_leave_a_change_log_that_checks() {
    // A load the form numbered first on the day, so that the file's refused load's number
    // (the next of that day) is known before the import.
    let mut l = setup();
    let day_first = manifests::dispatch_new(&mut l, &load("吉A12345", "10", 30)).unwrap();
    let (prefix, seq) = day_first.number.rsplit_once('-').unwrap();
    let refused_no = format!(
        "{prefix}-{:0w$}",
        seq.parse::<u32>().unwrap() + 1,
        w = seq.len()
    );
    let head = "类别,申报量,工地,车牌号,消纳场,出车时间,路线,接收量,拒收量,接收结论,接收时间,处置方式,原拒收联单\n";
    let row = |dep: i64, rest: &str| {
        format!(
            "拆除垃圾,12,南关区某住宅项目,吉A12345,长春某建筑垃圾资源化利用厂,{},人民大街—卫星路,{rest}\n",
            ago(dep)
        )
    };
    let mut csv = head.to_string();
    csv.push_str(&row(29, &format!("12,12,拒收,{},,", ago(28))));
    csv.push_str(&row(5, &format!("12,,,{},,", ago(4))));
    csv.push_str(&row(3, &format!(",,,,填埋,{refused_no}")));
    csv.push_str(&row(2, &format!("12,,,{},,", ago(1))));
    let r = import::import_text(&mut l, &csv, None).unwrap();
    assert_eq!(r.added, 4);
    let refused = manifests::get(l.conn(), &refused_no).unwrap();
    let followup = refused
        .followup
        .expect("the refused load names its follow-up");
    let f = manifests::get(l.conn(), &followup).unwrap();
    assert_eq!(f.follows.as_deref(), Some(refused_no.as_str()));
    assert!(zwl::audit::check(l.conn()).unwrap().ok());
}

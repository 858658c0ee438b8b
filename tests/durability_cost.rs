//! What power-cut durability costs: a form save and a bulk import with `synchronous = FULL`
//! (the ledger's setting) against `NORMAL`, on a file in a temporary folder. A measurement,
//! not a check: run it with
//! `cargo test --release --test durability_cost -- --ignored --nocapture`
//! (results in docs/durability.md).

use std::time::Instant;

use zwl::cells::{self, CellDraft};
use zwl::Ledger;

fn draft(name: String) -> CellDraft {
    CellDraft {
        name,
        kind: "community".into(),
        district: "220102".into(),
        ..Default::default()
    }
}

fn measure(sync: &str) -> (f64, f64) {
    let d = tempfile::tempdir().unwrap();
    let mut l = Ledger::create(d.path().join("ledger.db")).unwrap();
    l.conn().pragma_update(None, "synchronous", sync).unwrap();
    let saves = 200;
    let t = Instant::now();
    for i in 0..saves {
        cells::add(&mut l, &draft(format!("表单小区{i}"))).unwrap();
    }
    let per_save_ms = t.elapsed().as_secs_f64() * 1000.0 / saves as f64;
    let mut text = String::from("name,kind,district\n");
    for i in 0..30_000 {
        text.push_str(&format!("导入小区{i},community,220104\n"));
    }
    let t = Instant::now();
    assert_eq!(
        cells::import::import_text(&mut l, &text).unwrap().added,
        30_000
    );
    (per_save_ms, t.elapsed().as_secs_f64())
}

#[test]
#[ignore = "a measurement; run with --ignored --nocapture"]
fn what_full_synchronous_costs_a_form_save_and_an_import() {
    for sync in ["NORMAL", "FULL", "NORMAL", "FULL"] {
        let (save, import) = measure(sync);
        println!(
            "synchronous={sync:6}  form save {save:.2} ms  import of 30,000 cells {import:.2} s"
        );
    }
}

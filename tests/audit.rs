//! The change log of bulk inserts: one entry per block of at most 1,000 rows of a table and
//! transaction, which `zwl check` holds the rows to, and each row's history still begins with
//! its creation.

use rusqlite::Connection;
use zwl::cells::records::RecordInput;
use zwl::demo::{generate, Spec};
use zwl::Ledger;

fn demo(cells: usize, batch: usize) -> Ledger {
    let mut l = Ledger::open_in_memory().unwrap();
    generate(
        &mut l,
        &Spec {
            cells,
            months: 4,
            batch,
            ..Default::default()
        },
    )
    .unwrap();
    l
}

fn count(c: &Connection, sql: &str) -> i64 {
    c.query_row(sql, [], |r| r.get(0)).unwrap()
}

fn problems(l: &Ledger) -> Vec<String> {
    let rep = zwl::audit::check(l.conn()).unwrap();
    assert!(rep.integrity_ok);
    rep.log_problems
}

#[test]
fn generated_records_are_logged_in_blocks_of_at_most_1000_rows_per_transaction() {
    let l = demo(120, 60);
    let c = l.conn();
    let records = count(c, "SELECT count(*) FROM cell_records");
    assert!(records > 120 * 4 * 2);
    let blocks = zwl::audit::history::bulk_blocks(c, "cell_records").unwrap();
    assert_eq!(blocks.iter().map(|b| b.rows).sum::<i64>(), records);
    assert!(blocks.iter().all(|b| b.rows <= 1000 && b.rows > 0));
    let sets: std::collections::BTreeSet<i64> = blocks.iter().map(|b| b.change_set).collect();
    assert_eq!(sets.len(), 2, "two transactions of 60 cells");
    for cs in sets {
        let n: i64 = c
            .query_row(
                "SELECT count(*) FROM cell_records WHERE clock = ?1",
                [cs],
                |r| r.get(0),
            )
            .unwrap();
        let mine: Vec<_> = blocks.iter().filter(|b| b.change_set == cs).collect();
        assert_eq!(
            mine.iter().map(|b| b.rows).sum::<i64>(),
            n,
            "the rows name their change set"
        );
        assert_eq!(
            mine.len() as i64,
            (n + 999) / 1000,
            "full blocks of 1,000 but the last"
        );
        for w in mine.windows(2) {
            assert!(
                w[0].last < w[1].first,
                "blocks follow each other in id order"
            );
        }
    }
    assert_eq!(
        count(c, "SELECT count(*) FROM change_log WHERE tbl = 'cell_records' AND action <> 'bulk_insert'"),
        0
    );
    assert!(problems(&l).is_empty());
}

#[test]
fn a_bulk_inserted_record_has_a_history_from_its_creation() {
    let mut l = demo(3, 500);
    let cell = zwl::cells::list(l.conn(), &Default::default())
        .unwrap()
        .rows[0]
        .clone();
    let recs = zwl::cells::records::list(l.conn(), cell.id, "2000-01", "2999-12").unwrap();
    let r = &recs[0];
    let h = zwl::audit::history(l.conn(), "cell_records", r.id.as_bytes()).unwrap();
    assert_eq!(h.len(), 1);
    assert_eq!(h[0].action, "insert");
    assert_eq!(h[0].after.as_ref().unwrap()["generated_g"], r.generated_g);

    // Changed through the core: the history shows the creation, then the change; the check
    // counts the row toward its bulk insert through the change's `before`.
    let kg = |g: i64| format!("{}", g as f64 / 1000.0);
    let input = RecordInput {
        month: r.month.clone(),
        category: r.category.clone(),
        generated: kg(r.generated_g + 5_000),
        recycled: kg(r.recycled_g),
        composted: kg(r.composted_g),
        incinerated: kg(r.incinerated_g),
        landfilled: kg(r.landfilled_g + 5_000),
        ..Default::default()
    };
    assert_eq!(
        zwl::cells::records::save(&mut l, cell.id, &[input]).unwrap(),
        1
    );
    let h = zwl::audit::history(l.conn(), "cell_records", r.id.as_bytes()).unwrap();
    let actions: Vec<&str> = h.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(actions, ["insert", "update"]);
    assert_eq!(h[0].after.as_ref().unwrap()["generated_g"], r.generated_g);
    assert_eq!(h[1].before.as_ref().unwrap()["generated_g"], r.generated_g);
    assert_eq!(
        h[1].after.as_ref().unwrap()["generated_g"],
        r.generated_g + 5_000
    );
    assert!(problems(&l).is_empty(), "{:?}", problems(&l));
}

#[test]
fn the_check_finds_bulk_rows_removed_added_or_changed_behind_the_core() {
    let l = demo(4, 500);
    let c = l.conn();
    let blocks = zwl::audit::history::bulk_blocks(c, "cell_records").unwrap();
    assert_eq!(blocks.len(), 1);
    let logged = blocks[0].rows;

    // A generated row removed.
    c.execute(
        "DELETE FROM cell_records WHERE id = (SELECT min(id) FROM cell_records)",
        [],
    )
    .unwrap();
    let p = problems(&l);
    assert_eq!(p.len(), 1, "{p:?}");
    assert!(
        p[0].contains(&format!("logged {logged} rows, {} found", logged - 1)),
        "{p:?}"
    );

    // A row slipped in with the same clock: its id lies in no block, so it is named.
    c.execute(
        "INSERT INTO cell_records SELECT * FROM (SELECT randomblob(16), cell_id, '2001-01',
             category, generated_g, recycled_g, composted_g, incinerated_g, landfilled_g,
             created_at, updated_at, origin, clock, deleted FROM cell_records LIMIT 1)",
        [],
    )
    .unwrap();
    let p = problems(&l);
    assert!(
        p.iter().any(|x| x.contains("no change-log entry (clock")),
        "{p:?}"
    );

    // A row with a clock no bulk insert logged.
    c.execute(
        "UPDATE cell_records SET clock = 999999 WHERE month = '2001-01'",
        [],
    )
    .unwrap();
    let p = problems(&l);
    assert!(
        p.iter()
            .any(|x| x.contains("no change-log entry (clock 999999)")),
        "{p:?}"
    );
}

#[test]
fn an_edit_of_a_bulk_inserted_row_names_its_block() {
    let l = demo(4, 500);
    let c = l.conn();
    let blocks = zwl::audit::history::bulk_blocks(c, "cell_records").unwrap();
    c.execute(
        "UPDATE cell_records SET generated_g = generated_g + 1000
         WHERE id = (SELECT max(id) FROM cell_records)",
        [],
    )
    .unwrap();
    let p = problems(&l);
    assert_eq!(p.len(), 1, "{p:?}");
    assert!(
        p[0].contains(&format!("block {}…{}", blocks[0].first, blocks[0].last))
            && p[0].contains("differ from what it logged"),
        "{p:?}"
    );
}

#[test]
fn the_check_finds_records_whose_cell_or_category_does_not_exist() {
    let l = demo(2, 500);
    let c = l.conn();
    c.execute(
        "UPDATE cell_records SET cell_id = randomblob(16)
         WHERE id = (SELECT min(id) FROM cell_records)",
        [],
    )
    .unwrap();
    c.execute(
        "UPDATE cell_records SET category = 'plutonium'
         WHERE id = (SELECT max(id) FROM cell_records)",
        [],
    )
    .unwrap();
    let rep = zwl::audit::check(c).unwrap();
    assert!(!rep.ok());
    assert!(
        rep.integrity
            .contains(&"reference: 1 rows of cell_records.cell_id name no cells row".to_string()),
        "{:?}",
        rep.integrity
    );
    assert!(
        rep.integrity.contains(
            &"reference: 1 rows of cell_records.category name no waste_categories row".to_string()
        ),
        "{:?}",
        rep.integrity
    );
}

#[test]
fn the_check_finds_a_text_index_out_of_step_with_the_cells() {
    let l = demo(3, 500);
    assert!(zwl::audit::check(l.conn()).unwrap().ok());
    l.conn()
        .execute(
            "DELETE FROM cells_fts WHERE rowid = (SELECT min(rowid) FROM cells_fts)",
            [],
        )
        .unwrap();
    let rep = zwl::audit::check(l.conn()).unwrap();
    assert_eq!(rep.integrity, ["text index: 2 entries for 3 cells"]);
}

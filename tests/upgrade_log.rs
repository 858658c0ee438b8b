//! The upgrade to schema version 3 converts a version-2 change log: a version-2 bulk insert
//! (one entry for all its rows, here 1,500) becomes one block holding all of them, a row of it
//! changed later is counted in it as it began, and the chain then holds every row to its log.

use rusqlite::Connection;
use zwl::db::migrations::{upgrade, STEPS};

const FIXTURE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/ledger-v1.db");

fn one<T: rusqlite::types::FromSql>(c: &Connection, sql: &str) -> T {
    c.query_row(sql, [], |r| r.get(0)).unwrap()
}

/// A version-2 ledger with a bulk insert of 1,500 records written as version 2 logged it, and
/// one of them changed afterwards.
fn version_2_with_a_bulk_insert(c: &mut Connection) -> (i64, Vec<u8>) {
    upgrade(c, None, &STEPS[..1]).unwrap();
    assert_eq!(one::<i64>(c, "PRAGMA user_version"), 2);
    let cs: i64 = one(c, "SELECT max(id) + 1 FROM change_sets");
    let seq: i64 = one(c, "SELECT max(seq) + 1 FROM change_log");
    c.execute_batch(&format!(
        "INSERT INTO change_sets (id, at, operator, installation)
           SELECT {cs}, '2026-05-01T08:00:00.000Z', '王芳', value FROM meta WHERE key = 'installation_id';
         WITH RECURSIVE y(n) AS (SELECT 1100 UNION ALL SELECT n + 1 FROM y WHERE n < 1349)
         INSERT INTO cell_records (id, cell_id, month, category, generated_g, created_at,
             updated_at, origin, clock)
           SELECT randomblob(16), (SELECT min(id) FROM cells), n || '-01', k.key, 1000 * n,
                  1777000000000, 1777000000000, 1, {cs}
           FROM y, waste_categories k;
         INSERT INTO change_log (row_id, seq, change_set, tbl, action, after, after_hash)
           VALUES (x'', {seq}, {cs}, 'cell_records', 'bulk_insert', '{{\"rows\": 1500}}', 0);
         INSERT INTO change_sets (id, at, operator, installation)
           SELECT {cs} + 1, '2026-05-02T08:00:00.000Z', '王芳', value FROM meta WHERE key = 'installation_id';"
    ))
    .unwrap();
    let id: Vec<u8> = one(
        c,
        "SELECT max(id) FROM cell_records WHERE month = '1200-01'",
    );
    let g: i64 = c
        .query_row(
            "SELECT generated_g FROM cell_records WHERE id = ?1",
            [&id],
            |r| r.get(0),
        )
        .unwrap();
    c.execute(
        "UPDATE cell_records SET generated_g = ?2, updated_at = 1777100000000, clock = ?3
         WHERE id = ?1",
        (&id, g + 7, cs + 1),
    )
    .unwrap();
    c.execute(
        "INSERT INTO change_log (row_id, seq, change_set, tbl, action, before, after, after_hash)
         VALUES (?1, ?2, ?3, 'cell_records', 'update', ?4, ?5, 0)",
        (
            &id,
            seq + 1,
            cs + 1,
            format!(r#"{{"generated_g": {g}, "updated_at": 1777000000000, "clock": {cs}}}"#),
            format!(
                r#"{{"generated_g": {}, "updated_at": 1777100000000, "clock": {}}}"#,
                g + 7,
                cs + 1
            ),
        ),
    )
    .unwrap();
    c.execute_batch(&format!(
        "UPDATE meta SET value = '{}' WHERE key = 'clock';
         UPDATE meta SET value = '{}' WHERE key = 'log_seq';",
        cs + 1,
        seq + 1
    ))
    .unwrap();
    (cs, id)
}

#[test]
fn a_version_2_bulk_insert_becomes_one_block_that_holds_its_rows() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("ledger.db");
    std::fs::copy(FIXTURE, &db).unwrap();
    let mut c = Connection::open(&db).unwrap();
    let (cs, changed) = version_2_with_a_bulk_insert(&mut c);
    upgrade(&mut c, None, &STEPS[1..]).unwrap();

    let rep = zwl::audit::check(&c).unwrap();
    assert!(rep.ok(), "{:?} {:?}", rep.integrity, rep.log_problems);
    let blocks = zwl::audit::history::bulk_blocks(&c, "cell_records").unwrap();
    let b: Vec<_> = blocks.iter().filter(|b| b.change_set == cs).collect();
    assert_eq!(b.len(), 1);
    assert_eq!(
        b[0].rows, 1500,
        "the changed row counts in its block as it began"
    );

    let h = zwl::audit::history(&c, "cell_records", &changed).unwrap();
    let actions: Vec<&str> = h.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(actions, ["insert", "update"]);
    let g = |v: &Option<serde_json::Value>| v.as_ref().unwrap()["generated_g"].as_i64().unwrap();
    assert_eq!(g(&h[1].after), g(&h[0].after) + 7);

    // A row of the converted block changed behind the ledger names the block.
    c.execute(
        "UPDATE cell_records SET generated_g = 1 WHERE month = '1300-01' AND category = 'other'",
        [],
    )
    .unwrap();
    let rep = zwl::audit::check(&c).unwrap();
    assert!(
        rep.log_problems
            .iter()
            .any(|p| p.contains(&format!("of change set {cs}")) && p.contains("differ")),
        "{:?}",
        rep.log_problems
    );
}

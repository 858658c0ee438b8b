//! Upgrading a database written by an older release: `tests/fixtures/ledger-v1.db` was made by
//! version 1 of the ledger (`zwl demo --cells 12 --manifests 30 --seed 7`, then an operator
//! name, a cell edit, a record changed, a cell added with an override reason, a new kind and a
//! status change).

use rusqlite::Connection;
use zwl::Ledger;

const FIXTURE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/ledger-v1.db");

fn count(c: &Connection, sql: &str) -> i64 {
    c.query_row(sql, [], |r| r.get(0)).unwrap()
}

/// The facts of the fixture read with plain SQL before the upgrade.
fn facts(c: &Connection) -> Vec<i64> {
    [
        "SELECT count(*) FROM cells",
        "SELECT count(*) FROM cell_records",
        "SELECT sum(generated_g) FROM cell_records",
        "SELECT sum(recycled_g) FROM cell_records WHERE deleted = 0",
        "SELECT count(*) FROM cw_manifests",
        // Loads weighed in tonnes keep their grams (a load declared in m³ is converted to
        // grams by version 3: see the version-2 test).
        "SELECT count(received_qty) FROM cw_manifests",
        "SELECT sum(coalesce(received_qty, 0)) FROM cw_manifests WHERE unit = 't'",
        "SELECT count(*) FROM cw_facility_outputs",
        "SELECT count(*) FROM change_log",
        "SELECT count(*) FROM change_sets",
    ]
    .iter()
    .map(|q| count(c, q))
    .collect()
}

#[test]
fn a_version_1_database_is_upgraded_with_a_backup_and_nothing_lost() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("ledger.db");
    std::fs::copy(FIXTURE, &db).unwrap();
    let (before, cell_times, installation) = {
        let c = Connection::open(&db).unwrap();
        assert_eq!(count(&c, "PRAGMA user_version"), 1);
        let times: Vec<(Vec<u8>, String, String)> = c
            .prepare("SELECT id, created_at, updated_at FROM cells ORDER BY id")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        let inst: String = c
            .query_row(
                "SELECT value FROM meta WHERE key = 'installation_id'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        (facts(&c), times, inst)
    };

    let l = Ledger::open(&db).unwrap();
    assert_eq!(
        count(l.conn(), "PRAGMA user_version"),
        zwl::db::SCHEMA_VERSION
    );
    assert_eq!(l.installation(), installation);
    assert_eq!(l.operator(), "王芳", "settings survive");
    assert_eq!(facts(l.conn()), before, "every row and log entry is kept");
    let rep = zwl::audit::check(l.conn()).unwrap();
    assert!(rep.ok(), "{:?} {:?}", rep.integrity, rep.log_problems);

    // Times are the same instants, now in milliseconds; every row names this installation.
    for (id, created, updated) in &cell_times {
        let (c, u): (i64, i64) = l
            .conn()
            .query_row(
                "SELECT created_at, updated_at FROM cells WHERE id = ?1",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap();
        assert_eq!(&zwl::ids::ms_to_rfc3339(c), created);
        assert_eq!(&zwl::ids::ms_to_rfc3339(u), updated);
    }
    assert_eq!(
        count(
            l.conn(),
            "SELECT count(*) FROM cell_records WHERE origin <> 1"
        ),
        0
    );

    // The cells' text index is built by the upgrade.
    let found = zwl::cells::list(
        l.conn(),
        &zwl::cells::CellFilter {
            q: "测试局".into(),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(found.total, 1);
    assert_eq!(found.rows[0].name, "长春市测试局");

    // The history written by version 1 is still there and readable.
    let cell = zwl::cells::find(l.conn(), "长春市测试局").unwrap();
    let h = zwl::audit::history(l.conn(), "cells", cell.id.as_bytes()).unwrap();
    let actions: Vec<&str> = h.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(actions, ["insert", "update"]);
    assert_eq!(h[1].after.as_ref().unwrap()["status"], "applying");

    // A record's history, written by version 1, is still found under its id.
    let edited = zwl::cells::find(l.conn(), "长春汽车经济技术开发区卫生健康局").unwrap();
    let rec = zwl::cells::records::list(l.conn(), edited.id, "2026-11", "2026-11")
        .unwrap()
        .into_iter()
        .find(|r| r.category == "other")
        .unwrap();
    let h = zwl::audit::history(l.conn(), "cell_records", rec.id.as_bytes()).unwrap();
    let actions: Vec<&str> = h.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(actions, ["insert", "update"]);
    assert_eq!(h[1].after.as_ref().unwrap()["generated_g"], 1_234_500);

    let backups: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().contains("upgrade-v1"))
        .collect();
    assert_eq!(backups.len(), 1, "one backup taken before the upgrade");
    let b = Connection::open(backups[0].path()).unwrap();
    assert_eq!(count(&b, "PRAGMA user_version"), 1);
    assert_eq!(facts(&b), before);
}

#[test]
fn the_upgraded_database_takes_new_writes_and_stays_consistent() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("ledger.db");
    std::fs::copy(FIXTURE, &db).unwrap();
    let mut l = Ledger::open(&db).unwrap();
    let cell = zwl::cells::find(l.conn(), "长春市测试局").unwrap();
    zwl::cells::set_status(&mut l, cell.id, zwl::cells::Status::Creating, None, None).unwrap();
    zwl::demo::generate(
        &mut l,
        &zwl::demo::Spec {
            cells: 5,
            months: 3,
            ..Default::default()
        },
    )
    .unwrap();
    drop(l);
    let l = Ledger::open(&db).unwrap();
    let rep = zwl::audit::check(l.conn()).unwrap();
    assert!(rep.ok(), "{:?}", rep.log_problems);
    assert_eq!(count(l.conn(), "SELECT count(*) FROM cells"), 18);
}

/// The schema as SQLite keeps it, with quoting, comments and spacing taken out.
fn schema(c: &Connection) -> Vec<(String, String, String)> {
    c.prepare("SELECT type, name, coalesce(sql, '') FROM sqlite_schema ORDER BY type, name")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get::<_, String>(2)?)))
        .unwrap()
        .map(|r| {
            let (t, n, sql) = r.unwrap();
            let sql: String = sql
                .lines()
                .map(|l| l.split("--").next().unwrap_or(""))
                .collect::<String>()
                .chars()
                .filter(|c| !c.is_whitespace() && *c != '"')
                .collect();
            (t, n, sql)
        })
        .collect()
}

#[test]
fn an_upgraded_database_has_the_schema_of_a_new_one() {
    let dir = tempfile::tempdir().unwrap();
    let old = dir.path().join("old.db");
    std::fs::copy(FIXTURE, &old).unwrap();
    let upgraded = Ledger::open(&old).unwrap();
    let fresh = Ledger::open(dir.path().join("new.db")).unwrap();
    let (a, b) = (schema(upgraded.conn()), schema(fresh.conn()));
    assert!(a.len() > 40);
    for (x, y) in a.iter().zip(&b) {
        assert_eq!(x, y);
    }
    assert_eq!(a.len(), b.len());
}

/// `tests/fixtures/ledger-v2.db` was made by version 2 of the ledger (`zwl demo --cells 12
/// --manifests 40 --seed 11 --months 26`, then an operator name, baseline years and
/// headcounts, a cell named (已命名) on 2026-03-15, another moved back from 已命名, a record
/// changed, a school added with an override reason, a 42 t load dispatched with an overload
/// reason, a load declared in m³ received in m³ and closed, and a facility's output).
const FIXTURE_V2: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/ledger-v2.db");

/// The facts of the version-2 fixture that every later version keeps.
fn facts_v2(c: &Connection) -> Vec<i64> {
    [
        "SELECT count(*) FROM cells",
        "SELECT count(*) FROM cells WHERE deleted = 0",
        "SELECT count(*) FROM cell_records",
        "SELECT sum(generated_g) FROM cell_records WHERE deleted = 0",
        "SELECT count(*) FROM cw_manifests",
        "SELECT count(*) FROM cw_vehicles",
        "SELECT count(*) FROM cw_facility_outputs",
        "SELECT count(*) FROM change_sets",
    ]
    .iter()
    .map(|q| count(c, q))
    .collect()
}

#[test]
fn a_version_2_database_is_upgraded_with_a_backup_and_nothing_lost() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("ledger.db");
    std::fs::copy(FIXTURE_V2, &db).unwrap();
    let (before, m3_cm3) = {
        let c = Connection::open(&db).unwrap();
        assert_eq!(count(&c, "PRAGMA user_version"), 2);
        let m3 = count(
            &c,
            "SELECT received_qty FROM cw_manifests WHERE number = 'CW-20261128-000002'",
        );
        (facts_v2(&c), m3)
    };
    assert_eq!(m3_cm3, 17_500_000, "17.5 m³ received in version 2");
    let l = Ledger::open(&db).unwrap();
    assert_eq!(
        count(l.conn(), "PRAGMA user_version"),
        zwl::db::SCHEMA_VERSION
    );
    assert_eq!(l.operator(), "李娜", "settings survive");
    assert_eq!(facts_v2(l.conn()), before, "every row is kept");
    // The load declared and received in m³ is now weighed in grams, through the density
    // frozen on it by the upgrade.
    let (grams, density): (i64, i64) = l
        .conn()
        .query_row(
            "SELECT received_qty, density_kg_m3 FROM cw_manifests
             WHERE number = 'CW-20261128-000002'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert!(
        density > 1000,
        "a soil density of more than 1 t/m³: {density}"
    );
    assert_eq!(grams, m3_cm3 * density / 1000);
    let rep = zwl::audit::check(l.conn()).unwrap();
    assert!(rep.ok(), "{:?} {:?}", rep.integrity, rep.log_problems);
    let backups: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().contains("upgrade-v2"))
        .collect();
    assert_eq!(backups.len(), 1, "one backup taken before the upgrade");
    let b = Connection::open(backups[0].path()).unwrap();
    assert_eq!(count(&b, "PRAGMA user_version"), 2);
    assert_eq!(facts_v2(&b), before);
}

#[test]
fn an_upgraded_version_2_database_has_the_schema_of_a_new_one() {
    let dir = tempfile::tempdir().unwrap();
    let old = dir.path().join("old.db");
    std::fs::copy(FIXTURE_V2, &old).unwrap();
    let upgraded = Ledger::open(&old).unwrap();
    let fresh = Ledger::open(dir.path().join("new.db")).unwrap();
    let (a, b) = (schema(upgraded.conn()), schema(fresh.conn()));
    assert!(a.len() > 40);
    for (x, y) in a.iter().zip(&b) {
        assert_eq!(x, y);
    }
    assert_eq!(a.len(), b.len());
}

#[test]
fn an_upgraded_version_2_database_takes_new_writes_and_stays_consistent() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("ledger.db");
    std::fs::copy(FIXTURE_V2, &db).unwrap();
    let mut l = Ledger::open(&db).unwrap();
    l.set_setting("operator", "张伟").unwrap();
    zwl::demo::generate(
        &mut l,
        &zwl::demo::Spec {
            cells: 3,
            months: 2,
            ..Default::default()
        },
    )
    .unwrap();
    drop(l);
    let l = Ledger::open(&db).unwrap();
    let rep = zwl::audit::check(l.conn()).unwrap();
    assert!(rep.ok(), "{:?}", rep.log_problems);
}

/// `tests/fixtures/ledger-v3.db` was made by version 3 of the ledger (`zwl init`, the
/// operator 王芳, then `zwl demo --cells 12 --manifests 40 --seed 11 --months 26`).
const FIXTURE_V3: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/ledger-v3.db");

#[test]
fn a_version_3_database_is_upgraded_with_a_backup_and_nothing_lost() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("ledger.db");
    std::fs::copy(FIXTURE_V3, &db).unwrap();
    let before = {
        let c = Connection::open(&db).unwrap();
        assert_eq!(count(&c, "PRAGMA user_version"), 3);
        facts_v2(&c)
    };
    let l = Ledger::open(&db).unwrap();
    assert_eq!(
        count(l.conn(), "PRAGMA user_version"),
        zwl::db::SCHEMA_VERSION
    );
    assert_eq!(l.operator(), "王芳", "settings survive");
    assert_eq!(facts_v2(l.conn()), before, "every row is kept");
    let rep = zwl::audit::check(l.conn()).unwrap();
    assert!(rep.ok(), "{:?} {:?}", rep.integrity, rep.log_problems);
    let backups = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().contains("upgrade-v3"))
        .count();
    assert_eq!(backups, 1, "one backup taken before the upgrade");
}

#[test]
fn an_upgraded_version_3_database_has_the_schema_of_a_new_one() {
    upgraded_has_the_schema_of_a_new_one(FIXTURE_V3, 40);
}

#[test]
fn an_upgraded_version_3_database_takes_new_writes_and_stays_consistent() {
    upgraded_takes_new_writes(FIXTURE_V3);
}

/// `tests/fixtures/ledger-v4.db` was made by version 4 of the ledger (`zwl init`, the
/// operator 王芳, then `zwl demo --cells 12 --manifests 40 --seed 11 --months 26`).
const FIXTURE_V4: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/ledger-v4.db");

/// The row count of every logged table that version 4 has: an upgrade keeps every row.
fn facts_v4(c: &Connection) -> Vec<(String, i64)> {
    let v4_has = |t: &str| {
        count(
            c,
            &format!("SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = '{t}'"),
        ) == 1
    };
    zwl::audit::COVERED
        .iter()
        .filter(|(t, _, _)| v4_has(t))
        .map(|(t, _, _)| {
            (
                t.to_string(),
                count(c, &format!("SELECT count(*) FROM {t}")),
            )
        })
        .collect()
}

#[test]
fn a_version_4_database_is_upgraded_with_a_backup_and_nothing_lost() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("ledger.db");
    std::fs::copy(FIXTURE_V4, &db).unwrap();
    let before = {
        let c = Connection::open(&db).unwrap();
        assert_eq!(count(&c, "PRAGMA user_version"), 4);
        facts_v4(&c)
    };
    let l = Ledger::open(&db).unwrap();
    assert_eq!(
        count(l.conn(), "PRAGMA user_version"),
        zwl::db::SCHEMA_VERSION
    );
    assert_eq!(l.operator(), "王芳", "settings survive");
    let after: Vec<_> = facts_v4(l.conn())
        .into_iter()
        .filter(|(t, _)| before.iter().any(|(b, _)| b == t))
        .collect();
    assert_eq!(after.len(), before.len());
    for (b, a) in before.iter().zip(&after) {
        if b.0 != "settings" {
            assert_eq!(a, b, "every row is kept");
        }
    }
    let rep = zwl::audit::check(l.conn()).unwrap();
    assert!(rep.ok(), "{:?} {:?}", rep.integrity, rep.log_problems);
    let backups = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().contains("upgrade-v4"))
        .count();
    assert_eq!(backups, 1, "one backup taken before the upgrade");
}

#[test]
fn an_upgraded_version_4_database_has_the_schema_of_a_new_one() {
    upgraded_has_the_schema_of_a_new_one(FIXTURE_V4, 60);
}

#[test]
fn an_upgraded_version_4_database_takes_new_writes_and_stays_consistent() {
    upgraded_takes_new_writes(FIXTURE_V4);
}

/// A database upgraded from `fixture` has exactly the schema of a new one.
fn upgraded_has_the_schema_of_a_new_one(fixture: &str, min_objects: usize) {
    let dir = tempfile::tempdir().unwrap();
    let old = dir.path().join("old.db");
    std::fs::copy(fixture, &old).unwrap();
    let upgraded = Ledger::open(&old).unwrap();
    let fresh = Ledger::open(dir.path().join("new.db")).unwrap();
    let (a, b) = (schema(upgraded.conn()), schema(fresh.conn()));
    assert!(a.len() > min_objects);
    for (x, y) in a.iter().zip(&b) {
        assert_eq!(x, y);
    }
    assert_eq!(a.len(), b.len());
}

/// A database upgraded from `fixture` takes new writes and its change log stays consistent.
fn upgraded_takes_new_writes(fixture: &str) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("ledger.db");
    std::fs::copy(fixture, &db).unwrap();
    let mut l = Ledger::open(&db).unwrap();
    l.set_setting("operator", "张伟").unwrap();
    zwl::demo::generate(
        &mut l,
        &zwl::demo::Spec {
            cells: 3,
            months: 2,
            ..Default::default()
        },
    )
    .unwrap();
    drop(l);
    let l = Ledger::open(&db).unwrap();
    let rep = zwl::audit::check(l.conn()).unwrap();
    assert!(rep.ok(), "{:?}", rep.log_problems);
}

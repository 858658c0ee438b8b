//! A bundle of an older schema version is upgraded on import by the ledger's own upgrade
//! steps: its rows arrive in their current shape and the ledger still checks; a bundle
//! older than the oldest that can be upgraded, or newer than this program, is refused.

mod sync_common;

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use rusqlite::types::Value as Sql;
use rusqlite::Connection;
use sha2::Digest;
use sync_common::*;
use zwl::sync::tables;

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

/// A full bundle of the version-4 ledger fixture (copied first; the fixture is not
/// touched), written from its tables as docs/sync-format.md describes, declaring `schema`.
fn bundle_of_v4_fixture(dir: &Path, schema: i64) -> PathBuf {
    let db = dir.join("v4.db");
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/ledger-v4.db"),
        &db,
    )
    .unwrap();
    let conn = Connection::open(&db).unwrap();
    let v: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(v, 4);
    let me: String = conn
        .query_row(
            "SELECT value FROM meta WHERE key = 'installation_id'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let origins: HashMap<i64, String> = conn
        .prepare("SELECT n, id FROM installations")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let path = dir.join("v4-bundle.zip");
    let mut z = zip::ZipWriter::new(std::fs::File::create(&path).unwrap());
    let opts = zip::write::SimpleFileOptions::default();
    let mut parts = Vec::new();
    for spec in tables::specs(&conn).unwrap() {
        if spec.cols.is_empty() {
            continue; // not a table of version 4
        }
        let mut body = Vec::new();
        let mut st = conn
            .prepare(&format!(
                "SELECT * FROM {} WHERE ({}) ORDER BY {}",
                spec.name, spec.only, spec.key
            ))
            .unwrap();
        let n = spec.cols.len();
        let mut rows = st.query([]).unwrap();
        let mut count = 0u64;
        while let Some(r) = rows.next().unwrap() {
            let vals: Vec<Sql> = (0..n).map(|i| r.get(i).unwrap()).collect();
            let mut m = tables::row_json(&spec, &vals, &|o| {
                origins.get(&o).cloned().unwrap_or_default()
            });
            let version = if spec.versioned {
                serde_json::json!([m["clock"], m["origin"]])
            } else {
                serde_json::json!([1, me])
            };
            m.insert("@v".into(), version);
            serde_json::to_writer(&mut body, &m).unwrap();
            body.push(b'\n');
            count += 1;
        }
        z.start_file(spec.part(), opts).unwrap();
        z.write_all(&body).unwrap();
        parts.push(serde_json::json!({
            "name": spec.part(), "table": spec.name, "rows": count,
            "bytes": body.len(), "sha256": hex(&sha2::Sha256::digest(&body)),
        }));
    }
    z.start_file("chain.jsonl", opts).unwrap();
    parts.push(serde_json::json!({
        "name": "chain.jsonl", "table": "", "rows": 0, "bytes": 0,
        "sha256": hex(&sha2::Sha256::digest(b"")),
    }));
    let manifest = serde_json::json!({
        "format": 1, "schema": schema, "created_at": "2026-11-29T03:10:00.000Z",
        "source": {"id": me, "name": "旧版台账", "code": "OLD4", "area": ""},
        "head": {"seq": 0, "hash": ""}, "full": true, "since_seq": 0, "until_seq": 0,
        "clocks": [], "parts": parts,
    });
    z.start_file("manifest.json", opts).unwrap();
    z.write_all(manifest.to_string().as_bytes()).unwrap();
    z.finish().unwrap();
    path
}

fn count(c: &Connection, sql: &str) -> i64 {
    c.query_row(sql, [], |r| r.get(0)).unwrap()
}

#[test]
fn a_bundle_of_schema_version_4_is_upgraded_and_its_rows_arrive_in_the_current_shape() {
    let dir = tempfile::tempdir().unwrap();
    let file = bundle_of_v4_fixture(dir.path(), 4);
    let old = Connection::open(dir.path().join("v4.db")).unwrap();
    let mut l = ledger(dir.path(), "now");
    let r = zwl::sync::import(&mut l, &file, &mut |_| {}).unwrap();
    assert!(r.applied > 0, "{r:?}");
    let c = l.conn();
    for (table, live) in [
        ("cells", "deleted = 0"),
        ("cell_records", "1"),
        ("cw_manifests", "1"),
        ("agri_entries", "1"),
    ] {
        let sql = format!("SELECT count(*) FROM {table} WHERE {live}");
        assert_eq!(count(c, &sql), count(&old, &sql), "{table}");
    }
    // The rows are in the current schema's tables, read by the current code.
    let name: String = old
        .query_row("SELECT name FROM cells ORDER BY id LIMIT 1", [], |r| {
            r.get(0)
        })
        .unwrap();
    let id: Vec<u8> = old
        .query_row("SELECT id FROM cells ORDER BY id LIMIT 1", [], |r| r.get(0))
        .unwrap();
    let cell = zwl::cells::get(c, zwl::sync::verify::show_key(&id).parse().unwrap()).unwrap();
    assert_eq!(cell.name, name);
    let rep = zwl::audit::check(c).unwrap();
    assert!(rep.ok(), "{rep:?}");
    // The same file again: recognised, nothing written.
    let again = zwl::sync::import(&mut l, &file, &mut |_| {}).unwrap();
    assert!(again.already);
    // No scratch left beside the ledger.
    let left: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().contains("sync-upgrade"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

#[test]
fn a_bundle_older_than_the_oldest_upgradable_version_is_refused_naming_both() {
    let dir = tempfile::tempdir().unwrap();
    let file = bundle_of_v4_fixture(dir.path(), 3);
    let mut l = ledger(dir.path(), "now");
    let before = file_sha(&l);
    let e = zwl::sync::import(&mut l, &file, &mut |_| {}).unwrap_err();
    assert_eq!(e.code(), "bundle_bad_manifest");
    let en = e.message_en();
    assert!(en.contains('3') && en.contains('4'), "{en}");
    assert_eq!(file_sha(&l), before, "the ledger is unchanged");
}

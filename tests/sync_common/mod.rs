//! What the sync tests share: ledgers on disk, their content as sync sees it, and the
//! database file's fingerprint.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rusqlite::types::Value as Sql;
use zwl::cells::{self, records::RecordInput, CellDraft};
use zwl::sync::tables;
use zwl::Ledger;

/// A new ledger at `dir/name.db` with an operator and an installation code.
pub fn ledger(dir: &Path, name: &str) -> Ledger {
    let mut l = Ledger::create(dir.join(format!("{name}.db"))).unwrap();
    l.set_setting("operator", &format!("{name} 的录入员"))
        .unwrap();
    l.set_setting("installation.name", &format!("{name} 站"))
        .unwrap();
    l
}

/// A community cell (no credit code needed).
pub fn office(name: &str) -> CellDraft {
    CellDraft {
        name: name.into(),
        kind: "community".into(),
        district: "220102".into(),
        ..Default::default()
    }
}

/// A monthly record of `cat` with `g` kg generated.
pub fn rec(month: &str, cat: &str, g: &str) -> RecordInput {
    RecordInput {
        month: month.into(),
        category: cat.into(),
        generated: g.into(),
        ..Default::default()
    }
}

/// Adds a few cells with records, edits one and deletes one.
pub fn some_work(l: &mut Ledger, tag: &str) {
    let a = cells::add(l, &office(&format!("{tag}市某某局"))).unwrap();
    let b = cells::add(l, &office(&format!("{tag}市另一局"))).unwrap();
    cells::records::save(
        l,
        a.id,
        &[
            rec("2025-01", "kitchen", "120"),
            rec("2025-02", "kitchen", "80"),
        ],
    )
    .unwrap();
    let mut d = office(&format!("{tag}市某某局（新址）"));
    d.address = "人民大街 1 号".into();
    cells::edit(l, a.id, &d).unwrap();
    cells::delete(l, b.id, Some("重复录入")).unwrap();
}

/// The content of every travelling table: per table, per row key, the row as a bundle
/// writes it (origin as the installation UUID).
pub fn content(l: &Ledger) -> BTreeMap<String, BTreeMap<String, String>> {
    let conn = l.conn();
    let origins = zwl::sync::versions::origins(conn).unwrap();
    let mut out = BTreeMap::new();
    for spec in tables::specs(conn).unwrap() {
        let mut rows = BTreeMap::new();
        let mut st = conn
            .prepare(&format!("SELECT * FROM {} WHERE {}", spec.name, spec.only))
            .unwrap();
        let n = spec.cols.len();
        let mut q = st.query([]).unwrap();
        while let Some(r) = q.next().unwrap() {
            let vals: Vec<Sql> = (0..n).map(|i| r.get(i).unwrap()).collect();
            let key = zwl::sync::verify::show_key(&tables::key_bytes(&vals[spec.key_col]));
            let m = tables::row_json(&spec, &vals, &|o| {
                origins.get(&o).cloned().unwrap_or_default()
            });
            rows.insert(key, serde_json::Value::Object(m).to_string());
        }
        out.insert(spec.name.to_string(), rows);
    }
    out
}

/// The content of a table with the columns that say which version a row is left out, as a
/// sorted list (rows made on both sides independently, such as seeded districts, compare
/// equal).
pub fn plain(rows: &BTreeMap<String, String>) -> Vec<String> {
    let mut v: Vec<String> = rows
        .values()
        .map(|j| {
            let mut m: serde_json::Map<String, serde_json::Value> =
                serde_json::from_str(j).unwrap();
            for c in tables::VERSION_COLS {
                m.remove(*c);
            }
            serde_json::Value::Object(m).to_string()
        })
        .collect();
    v.sort();
    v
}

/// Row counts of every table of the file.
pub fn counts(l: &Ledger) -> BTreeMap<String, i64> {
    let conn = l.conn();
    let names: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'cells_fts%'")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    names
        .into_iter()
        .map(|t| {
            let n = conn
                .query_row(&format!("SELECT count(*) FROM \"{t}\""), [], |r| r.get(0))
                .unwrap();
            (t, n)
        })
        .collect()
}

/// SHA-256 of the database file, its WAL checkpointed into it first.
pub fn file_sha(l: &Ledger) -> String {
    l.conn()
        .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))
        .unwrap();
    let bytes = std::fs::read(l.path().unwrap()).unwrap();
    use sha2::Digest;
    hex(&sha2::Sha256::digest(&bytes))
}

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

/// Exports everything from `l` into `dir`, returning the bundle's path.
pub fn export_full(l: &mut Ledger, dir: &Path) -> PathBuf {
    std::fs::create_dir_all(dir).unwrap();
    let r = zwl::sync::export(l, dir, true, &mut |_| {}).unwrap();
    PathBuf::from(r.file)
}

/// A copy of bundle `src` at `dst` with the first line of `table`'s part changed by `f`, its
/// size and SHA-256 in the manifest made to match (a bundle well formed, with a row that
/// breaks a rule).
pub fn with_first_row(src: &Path, dst: &Path, table: &str, f: impl Fn(&mut serde_json::Value)) {
    with_row(src, dst, table, |_| true, f);
}

/// As [`with_first_row`], for the first row of `table` that `pick` chooses; returns its line.
pub fn with_row(
    src: &Path,
    dst: &Path,
    table: &str,
    pick: impl Fn(&serde_json::Value) -> bool,
    f: impl Fn(&mut serde_json::Value),
) -> usize {
    use std::io::{Read, Write};
    let name = format!("tables/{table}.jsonl");
    let mut z = zip::ZipArchive::new(std::fs::File::open(src).unwrap()).unwrap();
    let mut es: Vec<(String, Vec<u8>)> = (0..z.len())
        .map(|i| {
            let mut e = z.by_index(i).unwrap();
            let mut b = Vec::new();
            e.read_to_end(&mut b).unwrap();
            (e.name().unwrap().to_string(), b)
        })
        .collect();
    let (_, part) = es.iter_mut().find(|(n, _)| *n == name).unwrap();
    let mut lines: Vec<serde_json::Value> = String::from_utf8(part.clone())
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let at = lines.iter().position(&pick).unwrap();
    f(&mut lines[at]);
    *part = lines
        .iter()
        .map(|l| format!("{l}\n"))
        .collect::<String>()
        .into_bytes();
    let (bytes, sha) = (part.len(), {
        use sha2::Digest;
        hex(&sha2::Sha256::digest(&*part))
    });
    for (n, b) in es.iter_mut() {
        if n == "manifest.json" {
            let mut m: serde_json::Value = serde_json::from_slice(b).unwrap();
            for p in m["parts"].as_array_mut().unwrap() {
                if p["name"] == name.as_str() {
                    p["bytes"] = bytes.into();
                    p["sha256"] = sha.clone().into();
                }
            }
            *b = serde_json::to_vec(&m).unwrap();
        }
    }
    let mut out = zip::ZipWriter::new(std::fs::File::create(dst).unwrap());
    for (n, b) in &es {
        out.start_file(n.as_str(), zip::write::SimpleFileOptions::default())
            .unwrap();
        out.write_all(b).unwrap();
    }
    out.finish().unwrap();
    at + 1
}

//! Schema version 3, part 'trust' (frozen with the step): converts the version-2 change log
//! into compact entries and seals every change set into the chain.
//!
//! The log is converted, not restarted: every entry keeps its number, change set, row,
//! action and reason, so each row's history reads as it did (an insert with the row's values,
//! each update with the columns it changed before and after). A version-2 bulk insert entry
//! becomes one block covering all the rows it logged (it may hold more than 1,000). Each row's
//! latest entry gets the row's hash as it is now; the rows no entry had logged (reference
//! data, settings and the installation, written before they were logged) are recorded with
//! their hash in `change_baseline`, which the first link covers. Then every change set, oldest
//! first, gets its link. Converting rather than starting the chain at the upgrade keeps one
//! kind of history to read and check; the old entries had no hashes worth trusting, so the
//! chain vouches for them only from the upgrade on (a head shown before the upgrade does not
//! exist).

use std::collections::{HashMap, HashSet};

use rusqlite::types::Value as Sql;
use rusqlite::Transaction;
use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::error::Result;

/// The tables version 3 logs, and the expression that names a row.
const COVERED: &[(&str, &str, &str)] = &[
    (
        "meta",
        "CAST(key AS BLOB)",
        "key IN ('installation_id', 'created_at')",
    ),
    ("installations", "CAST(id AS BLOB)", "1"),
    ("settings", "CAST(key AS BLOB)", "1"),
    ("districts", "id", "1"),
    ("district_aliases", "CAST(old_code AS BLOB)", "1"),
    ("cell_kinds", "id", "1"),
    ("waste_categories", "id", "1"),
    ("cells", "id", "1"),
    ("cell_records", "id", "1"),
    ("cw_sites", "id", "1"),
    ("cw_transporters", "id", "1"),
    ("cw_vehicles", "id", "1"),
    ("cw_facilities", "id", "1"),
    ("cw_manifests", "id", "1"),
    ("cw_facility_outputs", "id", "1"),
    ("cell_namings", "id", "1"),
    ("cell_places", "id", "1"),
    ("reporting_areas", "id", "1"),
    ("reporting_area_districts", "id", "1"),
    ("cw_site_declarations", "id", "1"),
    ("waste_streams", "id", "1"),
    ("activity_kinds", "CAST(key AS BLOB)", "1"),
    ("kind_denominators", "id", "1"),
    ("cell_activity", "id", "1"),
    ("cell_containers", "id", "1"),
    ("cell_record_counts", "id", "1"),
];

type Delta = Vec<(String, Vec<Sql>)>;

fn varint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

fn encode_value(out: &mut Vec<u8>, v: &Sql) {
    match v {
        Sql::Null => out.push(0),
        Sql::Integer(x) => {
            out.push(1);
            varint(out, ((x << 1) ^ (x >> 63)) as u64);
        }
        Sql::Real(x) => {
            out.push(2);
            out.extend_from_slice(&x.to_bits().to_le_bytes());
        }
        Sql::Text(t) => {
            out.push(3);
            varint(out, t.len() as u64);
            out.extend_from_slice(t.as_bytes());
        }
        Sql::Blob(b) => {
            out.push(4);
            varint(out, b.len() as u64);
            out.extend_from_slice(b);
        }
    }
}

fn canonical(delta: &Delta, out: &mut Vec<u8>) {
    varint(out, delta.len() as u64);
    for (name, vals) in delta {
        encode_value(out, &Sql::Text(name.clone()));
        varint(out, vals.len() as u64);
        for v in vals {
            encode_value(out, v);
        }
    }
}

fn row_hash(vals: &[Sql]) -> i64 {
    let mut h = Sha256::new_with_prefix(b"zwl-row-1");
    for v in vals {
        match v {
            Sql::Null => h.update([0]),
            Sql::Integer(x) => {
                h.update([1]);
                h.update(x.to_le_bytes());
            }
            Sql::Real(x) => {
                h.update([2]);
                h.update(x.to_bits().to_le_bytes());
            }
            Sql::Text(t) => {
                h.update([3]);
                h.update((t.len() as u64).to_le_bytes());
                h.update(t.as_bytes());
            }
            Sql::Blob(b) => {
                h.update([4]);
                h.update((b.len() as u64).to_le_bytes());
                h.update(b);
            }
        }
    }
    i64::from_le_bytes(h.finalize()[..8].try_into().unwrap_or_default())
}

fn block_hash(rows: &[(Vec<u8>, i64)]) -> i64 {
    let mut h = Sha256::new_with_prefix(b"zwl-block-1");
    for (id, hash) in rows {
        h.update((id.len() as u64).to_le_bytes());
        h.update(id);
        h.update(hash.to_le_bytes());
    }
    i64::from_le_bytes(h.finalize()[..8].try_into().unwrap_or_default())
}

fn json_value(v: &Value) -> Sql {
    match v {
        Value::Null => Sql::Null,
        Value::Bool(b) => Sql::Integer(i64::from(*b)),
        Value::Number(n) => match n.as_i64() {
            Some(i) => Sql::Integer(i),
            None => Sql::Real(n.as_f64().unwrap_or_default()),
        },
        Value::String(s) => Sql::Text(s.clone()),
        other => Sql::Text(other.to_string()),
    }
}

fn set(row: &mut Vec<(String, Sql)>, col: &str, v: &Sql) {
    match row.iter_mut().find(|(n, _)| n == col) {
        Some(slot) => slot.1 = v.clone(),
        None => row.push((col.to_string(), v.clone())),
    }
}

/// One version-2 entry, converted.
struct Converted {
    seq: i64,
    change_set: i64,
    tbl: String,
    row_id: Vec<u8>,
    action: String,
    delta: Delta,
    after_hash: Option<i64>,
    reason: Option<String>,
}

/// Converts the log and seals the chain (see the module's comment).
pub(super) fn convert(tx: &Transaction<'_>) -> Result<()> {
    let mut entries: Vec<Converted> = Vec::new();
    {
        let mut st = tx.prepare(
            "SELECT seq, change_set, tbl, row_id, action, before, after, after_hash, reason
             FROM change_log_v2 ORDER BY seq",
        )?;
        let mut q = st.query([])?;
        while let Some(r) = q.next()? {
            let parse = |s: Option<String>| -> Value {
                s.and_then(|s| serde_json::from_str(&s).ok())
                    .unwrap_or(Value::Null)
            };
            let before = parse(r.get(5)?);
            let after = parse(r.get(6)?);
            let action: String = r.get(4)?;
            let delta: Delta = match (action.as_str(), &before, &after) {
                ("bulk_insert", _, _) => Delta::new(),
                (_, Value::Object(b), Value::Object(a)) => {
                    let mut d: Delta = a
                        .iter()
                        .filter(|(k, v)| b.get(*k) != Some(*v))
                        .map(|(k, v)| {
                            let was = b.get(k).map(json_value).unwrap_or(Sql::Null);
                            (k.clone(), vec![was, json_value(v)])
                        })
                        .collect();
                    d.extend(
                        b.iter()
                            .filter(|(k, _)| !a.contains_key(*k))
                            .map(|(k, v)| (k.clone(), vec![json_value(v), Sql::Null])),
                    );
                    d
                }
                (_, _, Value::Object(a)) => a
                    .iter()
                    .filter(|(_, v)| !v.is_null())
                    .map(|(k, v)| (k.clone(), vec![json_value(v)]))
                    .collect(),
                _ => Delta::new(),
            };
            entries.push(Converted {
                seq: r.get(0)?,
                change_set: r.get(1)?,
                tbl: r.get(2)?,
                row_id: r.get(3)?,
                action,
                delta,
                after_hash: r.get(7)?,
                reason: r.get(8)?,
            });
        }
    }

    // Per row: its entries (by index), oldest first.
    let mut by_row: HashMap<(String, Vec<u8>), Vec<usize>> = HashMap::new();
    let mut bulk: HashMap<(String, i64), usize> = HashMap::new();
    for (i, e) in entries.iter().enumerate() {
        if e.action == "bulk_insert" {
            bulk.insert((e.tbl.clone(), e.change_set), i);
        } else {
            by_row
                .entry((e.tbl.clone(), e.row_id.clone()))
                .or_default()
                .push(i);
        }
    }

    let mut baseline: Vec<(String, Vec<u8>, i64)> = Vec::new();
    // The rows of each version-2 bulk insert as they began: (table, change set) → (id, hash).
    type Rows = Vec<(Vec<u8>, i64)>;
    let mut members: HashMap<(String, i64), Rows> = HashMap::new();
    for (table, key, only) in COVERED {
        let mut st = tx.prepare(&format!("SELECT *, {key} FROM {table} WHERE {only}"))?;
        let n = st.column_count() - 1;
        let names: Vec<String> = st.column_names()[..n]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let mut q = st.query([])?;
        let mut seen: HashSet<Vec<u8>> = HashSet::new();
        while let Some(r) = q.next()? {
            let id: Vec<u8> = r.get(n)?;
            let mut row: Vec<(String, Sql)> = Vec::with_capacity(n);
            for (i, name) in names.iter().enumerate() {
                row.push((name.clone(), r.get::<_, Sql>(i)?));
            }
            let vals: Vec<Sql> = row.iter().map(|c| c.1.clone()).collect();
            let now = row_hash(&vals);
            seen.insert(id.clone());
            let own = by_row.get(&(table.to_string(), id.clone()));
            if let Some(list) = own {
                if let Some(&last) = list.last() {
                    entries[last].after_hash = Some(now);
                }
                if list.first().is_some_and(|&i| entries[i].action == "insert") {
                    continue;
                }
                // Rebuild the row as it began: undo its changes, newest first.
                for &i in list.iter().rev() {
                    for (col, v) in &entries[i].delta {
                        if let [before, _] = v.as_slice() {
                            set(&mut row, col, before);
                        }
                    }
                }
            }
            let began: Vec<Sql> = row.iter().map(|c| c.1.clone()).collect();
            let clock = row.iter().find(|c| c.0 == "clock").and_then(|c| match c.1 {
                Sql::Integer(x) => Some(x),
                _ => None,
            });
            match clock.filter(|c| bulk.contains_key(&(table.to_string(), *c))) {
                Some(c) => members
                    .entry((table.to_string(), c))
                    .or_default()
                    .push((id, row_hash(&began))),
                None => baseline.push((table.to_string(), id, row_hash(&began))),
            }
        }
    }
    for ((tbl, cs), i) in &bulk {
        let mut rows = members.remove(&(tbl.clone(), *cs)).unwrap_or_default();
        rows.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        let e = &mut entries[*i];
        let (first, last) = match (rows.first(), rows.last()) {
            (Some(f), Some(l)) => (f.0.clone(), l.0.clone()),
            _ => (Vec::new(), Vec::new()),
        };
        e.row_id = first;
        e.delta = vec![
            ("@rows".into(), vec![Sql::Integer(rows.len() as i64)]),
            ("@last".into(), vec![Sql::Blob(last)]),
        ];
        e.after_hash = Some(block_hash(&rows));
    }

    // The entries, their column numbers, the baseline.
    let mut columns: HashMap<(String, String), i64> = HashMap::new();
    let mut ins = tx.prepare(
        "INSERT INTO change_log (seq, change_set, tbl, row_id, action, delta, after_hash, reason)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?;
    for e in &entries {
        let mut stored = Vec::new();
        for (name, vals) in &e.delta {
            let k = (e.tbl.clone(), name.clone());
            let n = match columns.get(&k) {
                Some(n) => *n,
                None => {
                    tx.execute(
                        "INSERT INTO change_columns (tbl, name) VALUES (?1, ?2)",
                        (&e.tbl, name),
                    )?;
                    let n = tx.last_insert_rowid();
                    columns.insert(k, n);
                    n
                }
            };
            varint(&mut stored, n as u64);
            varint(&mut stored, vals.len() as u64);
            for v in vals {
                encode_value(&mut stored, v);
            }
        }
        ins.execute(rusqlite::params![
            e.seq,
            e.change_set,
            e.tbl,
            e.row_id,
            e.action,
            stored,
            e.after_hash,
            e.reason
        ])?;
    }
    let mut ins =
        tx.prepare("INSERT INTO change_baseline (tbl, row_id, hash) VALUES (?1, ?2, ?3)")?;
    for (t, id, h) in &baseline {
        ins.execute((t, id, h))?;
    }

    // The chain: the genesis covers the baseline; each change set its entries.
    let mut prev: Vec<u8> = {
        let mut h = Sha256::new_with_prefix(b"zwl-genesis-1");
        baseline.sort();
        for (t, id, hash) in &baseline {
            let mut b = Vec::new();
            encode_value(&mut b, &Sql::Text(t.clone()));
            encode_value(&mut b, &Sql::Blob(id.clone()));
            encode_value(&mut b, &Sql::Integer(*hash));
            h.update(&b);
        }
        h.finalize().to_vec()
    };
    let mut by_set: HashMap<i64, Vec<usize>> = HashMap::new();
    for (i, e) in entries.iter().enumerate() {
        by_set.entry(e.change_set).or_default().push(i);
    }
    // Version 2 kept a change set's time as RFC 3339 text and its installation by id.
    let sets: Vec<(i64, String, String, Option<i64>)> = tx
        .prepare(
            "SELECT s.id, s.at, s.operator, i.n FROM change_sets_v2 s
             LEFT JOIN installations i ON i.id = s.installation ORDER BY s.id",
        )?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut upd = tx.prepare(
        "INSERT INTO change_sets (id, at, operator, origin, hash) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    for (id, at, operator, origin) in sets {
        let at = chrono::DateTime::parse_from_rfc3339(&at)
            .map(|t| t.timestamp_millis())
            .unwrap_or_default();
        let origin = origin.unwrap_or(1);
        let mut h = Sha256::new();
        for &i in by_set.get(&id).map(Vec::as_slice).unwrap_or_default() {
            let e = &entries[i];
            let mut b = Vec::with_capacity(128);
            encode_value(&mut b, &Sql::Integer(e.seq));
            encode_value(&mut b, &Sql::Text(e.tbl.clone()));
            encode_value(&mut b, &Sql::Blob(e.row_id.clone()));
            encode_value(&mut b, &Sql::Text(e.action.clone()));
            canonical(&e.delta, &mut b);
            encode_value(&mut b, &e.after_hash.map_or(Sql::Null, Sql::Integer));
            encode_value(&mut b, &e.reason.clone().map_or(Sql::Null, Sql::Text));
            h.update(&b);
        }
        let mut b = Vec::with_capacity(160);
        b.extend_from_slice(b"zwl-link-1");
        encode_value(&mut b, &Sql::Blob(prev.clone()));
        encode_value(&mut b, &Sql::Integer(id));
        encode_value(&mut b, &Sql::Integer(at));
        encode_value(&mut b, &Sql::Text(operator.clone()));
        encode_value(&mut b, &Sql::Integer(origin));
        encode_value(&mut b, &Sql::Blob(h.finalize().to_vec()));
        let link = Sha256::digest(&b).to_vec();
        upd.execute(rusqlite::params![id, at, operator, origin, &link])?;
        prev = link;
    }
    tx.execute_batch("DROP TABLE change_log_v2; DROP TABLE change_sets_v2;")?;
    Ok(())
}

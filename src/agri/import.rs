//! Ledger entries from a CSV file, all or nothing: every bad row and field is listed and
//! nothing is written; a file imported before is not imported again. The rows go in as one
//! bulk insert (logged in blocks of 1,000), as generated data does.

use std::collections::HashMap;

use crate::audit::RowHash;
use crate::csv_file::{self, Imported};
use crate::db::{Ledger, Writer};
use crate::error::Result;
use crate::ids::V7Seq;

use super::entries::{self, EntryDraft, Valid};
use super::points::{self, Point};

/// Columns of an entries file: key and Chinese heading.
pub const COLUMNS: &[(&str, &str)] = &[
    ("date", "日期"),
    ("point", "回收站点"),
    ("stream", "类别"),
    ("container", "容器"),
    ("material", "材质"),
    ("film_kind", "农膜种类"),
    ("count", "件数"),
    ("weight", "重量（千克）"),
    ("impurity", "杂质率（%）"),
    ("giver_kind", "交回人类型"),
    ("giver_name", "交回人"),
    ("giver_phone", "交回人电话"),
    ("price", "收购价（元）"),
];

/// Inserts checked entries in bulk in the write `w`; returns how many.
pub fn insert_bulk(w: &mut Writer<'_>, rows: &[Valid]) -> Result<usize> {
    let mut ids = V7Seq::new();
    let mut st = w.tx().prepare_cached(entries::INSERT)?;
    let mut logged = Vec::with_capacity(rows.len());
    for v in rows {
        let id = ids.next_id();
        let mut vals = vec![rusqlite::types::Value::Blob(id.as_bytes().to_vec())];
        vals.extend(entries::values(v, w));
        st.execute(rusqlite::params_from_iter(vals.iter()))?;
        let mut h = RowHash::default();
        for x in &vals {
            h.value(x);
        }
        logged.push((*id.as_bytes(), h.finish()));
    }
    drop(st);
    let n = logged.len();
    w.log_bulk(crate::db::BulkLog {
        table: "agri_entries",
        rows: logged,
    });
    Ok(n)
}

/// Imports entries from CSV text.
pub fn import(l: &mut Ledger, text: &str) -> Result<Imported> {
    let hash = csv_file::file_hash(text.as_bytes());
    if let Some(at) = csv_file::imported_before(l.conn(), "agri_entries", &hash)? {
        return Ok(Imported::before(at));
    }
    let rows = csv_file::rows(text, COLUMNS, &["date", "point", "weight"])?;
    l.write(|w| {
        let mut e = Vec::new();
        let mut found: HashMap<String, Option<Point>> = HashMap::new();
        let mut valid = Vec::with_capacity(rows.len());
        for r in &rows {
            let d = EntryDraft {
                date: r.get("date"),
                point: r.get("point"),
                stream: r.get("stream"),
                container: r.get("container"),
                material: r.get("material"),
                film_kind: r.get("film_kind"),
                count: r.get("count"),
                weight: r.get("weight"),
                impurity: r.get("impurity"),
                giver_kind: r.get("giver_kind"),
                giver_name: r.get("giver_name"),
                giver_phone: r.get("giver_phone"),
                price: r.get("price"),
            };
            let key = d.point.trim().to_string();
            let p = match found.get(&key) {
                Some(p) => p.clone(),
                None => {
                    let p = points::find(w.tx(), &key)?;
                    found.insert(key, p.clone());
                    p
                }
            };
            if let Some(v) = entries::validate(w.tx(), &mut e, Some(r.line), &d, p)? {
                valid.push(v);
            }
        }
        if !e.is_empty() {
            return Err(csv_file::rejected(e));
        }
        let added = insert_bulk(w, &valid)?;
        csv_file::remember(w, "agri_entries", &hash)?;
        Ok(Imported {
            added,
            ..Default::default()
        })
    })
}

//! Frozen: a row's change-log image and hash in format 1 (`zwl-row-1`), as the released steps
//! to versions 2 and 3 write them into the latest change-log entry of each row they reshape.
//! A copy, not a call into `crate::audit`: the live change log may move on to another form,
//! and a released step must keep writing what it wrote when it was released.

use rusqlite::types::ValueRef;
use rusqlite::Transaction;
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};

use crate::error::Result;

/// The image of each row of `table` (keyed by its 16-byte `id`): the row id, its columns as
/// JSON text (blobs as UUID text, or hex) and its row hash.
pub(in crate::db) fn images(
    tx: &Transaction<'_>,
    table: &str,
) -> Result<Vec<(Vec<u8>, String, i64)>> {
    let mut st = tx.prepare(&format!("SELECT * FROM {table}"))?;
    let names: Vec<String> = st.column_names().iter().map(|s| s.to_string()).collect();
    let id_at = names.iter().position(|n| n == "id").unwrap_or(0);
    let rows = st
        .query_map([], |r| {
            let mut json = Map::new();
            let mut hash = Sha256::new_with_prefix(b"zwl-row-1");
            for (i, name) in names.iter().enumerate() {
                let v = r.get_ref(i).unwrap_or(ValueRef::Null);
                json.insert(name.clone(), value_json(v));
                hash_value(&mut hash, v);
            }
            let d = hash.finalize();
            let hash = i64::from_le_bytes(d[..8].try_into().unwrap_or_default());
            let id: Vec<u8> = r.get(id_at)?;
            Ok((id, Value::Object(json).to_string(), hash))
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// One value into the hash: a type tag, then the value (texts and blobs with their length).
fn hash_value(h: &mut Sha256, v: ValueRef<'_>) {
    let bytes = |h: &mut Sha256, tag: u8, b: &[u8]| {
        h.update([tag]);
        h.update((b.len() as u64).to_le_bytes());
        h.update(b);
    };
    match v {
        ValueRef::Null => h.update([0]),
        ValueRef::Integer(x) => {
            h.update([1]);
            h.update(x.to_le_bytes());
        }
        ValueRef::Real(x) => {
            h.update([2]);
            h.update(x.to_bits().to_le_bytes());
        }
        ValueRef::Text(t) => bytes(h, 3, t),
        ValueRef::Blob(b) => bytes(h, 4, b),
    }
}

/// A value as the image shows it: blob ids as UUID text, other blobs as hex.
fn value_json(v: ValueRef<'_>) -> Value {
    match v {
        ValueRef::Null => Value::Null,
        ValueRef::Integer(x) => Value::from(x),
        ValueRef::Real(x) => Value::from(x),
        ValueRef::Text(t) => Value::from(String::from_utf8_lossy(t).into_owned()),
        ValueRef::Blob(b) => match uuid::Uuid::from_slice(b) {
            Ok(u) => Value::from(u.to_string()),
            Err(_) => Value::from(b.iter().map(|x| format!("{x:02x}")).collect::<String>()),
        },
    }
}

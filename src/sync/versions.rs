//! The versions of a row: the one it has and the ones it had (its lineage), read from the
//! change log. A local change is the version (its change set, this installation); a change
//! that came from a bundle is the version the bundle gave it (kept in `sync_versions`).

use std::collections::HashMap;

use rusqlite::types::Value as Sql;
use rusqlite::Connection;

use super::tables::Spec;
use super::Version;
use crate::error::Result;

const LINEAGE: &str = "SELECT c.change_set, s.origin, v.clock, v.origin FROM change_log c
             JOIN change_sets s ON s.id = c.change_set
             LEFT JOIN sync_versions v
               ON v.tbl = c.tbl AND v.row_key = c.row_id AND v.local_set = c.change_set
             WHERE c.row_id = ?1 AND c.tbl = ?2 AND c.action <> 'bulk_insert' ORDER BY c.seq";

/// Reads the versions of rows (knowing the installations by number).
pub struct Versions {
    origins: HashMap<i64, String>,
}

impl Versions {
    /// Reads the installations.
    pub fn new(conn: &Connection) -> Result<Self> {
        Ok(Versions {
            origins: origins(conn)?,
        })
    }

    /// The UUID of installation number `n`.
    pub fn origin(&self, n: i64) -> String {
        self.origins.get(&n).cloned().unwrap_or_default()
    }

    /// Learns a new installation number.
    pub fn learn(&mut self, n: i64, id: &str) {
        self.origins.insert(n, id.to_string());
    }

    /// The row's current version and the versions it had before (oldest first, without
    /// the current one).
    pub fn of(
        &self,
        conn: &Connection,
        spec: &Spec,
        key: &[u8],
        vals: &[Sql],
    ) -> Result<(Version, Vec<Version>)> {
        let mut seen: Vec<Version> = Vec::new();
        {
            let mut st = conn.prepare_cached(LINEAGE)?;
            let mut rows = st.query(rusqlite::params![key, spec.name])?;
            while let Some(r) = rows.next()? {
                let v = match (r.get::<_, Option<i64>>(2)?, r.get::<_, Option<String>>(3)?) {
                    (Some(c), Some(o)) => (c, o),
                    _ => {
                        let n: i64 = r.get(1)?;
                        (r.get(0)?, self.origins.get(&n).cloned().unwrap_or_default())
                    }
                };
                if seen.last() != Some(&v) {
                    seen.push(v);
                }
            }
        }
        let current = if spec.versioned {
            let c = spec.col("clock").and_then(|i| match &vals[i] {
                Sql::Integer(c) => Some(*c),
                _ => None,
            });
            let o = spec.col("origin").and_then(|i| match &vals[i] {
                Sql::Integer(n) => self.origins.get(n).cloned(),
                _ => None,
            });
            (c.unwrap_or(0), o.unwrap_or_default())
        } else {
            seen.last().cloned().unwrap_or((0, String::new()))
        };
        seen.retain(|v| *v != current);
        Ok((current, seen))
    }
}

/// Installation numbers and their UUIDs.
pub fn origins(conn: &Connection) -> Result<HashMap<i64, String>> {
    let mut st = conn.prepare("SELECT n, id FROM installations")?;
    let rows = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

//! The chain of change sets (变更链). Each change set carries a SHA-256 link: the hash of the
//! link before it, of its own facts (clock, time, operator, installation) and of its entries
//! (table, row, action, the values recorded, the row hash after, the reason). `check` walks
//! the chain and names the first link that does not hold.
//!
//! A copy of the file can always be rewritten whole, hashes included; what catches that is a
//! head (the last link's sequence and hash) seen outside the file — printed by `zwl check`,
//! shown in the window, printed on reports, carried in sync bundles. [`verify_head`] says
//! whether the ledger's history still extends such a head. The heads this ledger has shown
//! are kept in `chain_heads` (see docs/tamper-evidence.md for what this proves and what not).

use rusqlite::{Connection, OptionalExtension};
use serde::Serialize;
use sha2::{Digest, Sha256};

use super::images::{canonical, encode_value, Columns, Delta};
use crate::error::Result;

/// One entry of the change log as the chain hashes it.
pub struct EntryRow {
    /// Its place in the order of all entries.
    pub seq: i64,
    /// The change set it belongs to.
    pub change_set: i64,
    /// The table.
    pub tbl: String,
    /// The row's id (or key), or for a bulk block the first row's id.
    pub row_id: Vec<u8>,
    /// `insert`, `update`, `delete` or `bulk_insert`.
    pub action: String,
    /// What the entry records (`None` when it cannot be read).
    pub delta: Option<Delta>,
    /// The row hash after the change (a bulk block: the hash of its rows).
    pub after_hash: Option<i64>,
    /// The reason a clerk gave.
    pub reason: Option<String>,
}

/// Appends an entry's canonical bytes to the hash of its change set's entries.
#[allow(clippy::too_many_arguments)]
pub(crate) fn hash_entry(
    h: &mut Sha256,
    seq: i64,
    tbl: &str,
    row_id: &[u8],
    action: &str,
    delta: &Delta,
    after_hash: Option<i64>,
    reason: Option<&str>,
) {
    hash_entry_with(
        h,
        (seq, tbl, row_id, action),
        |b| canonical(delta, b),
        after_hash,
        reason,
    );
}

/// [`hash_entry`] with the delta's canonical bytes written by `delta`.
pub(crate) fn hash_entry_with(
    h: &mut Sha256,
    (seq, tbl, row_id, action): (i64, &str, &[u8], &str),
    delta: impl FnOnce(&mut Vec<u8>),
    after_hash: Option<i64>,
    reason: Option<&str>,
) {
    use rusqlite::types::Value as Sql;
    let mut b = Vec::with_capacity(256);
    encode_value(&mut b, &Sql::Integer(seq));
    encode_value(&mut b, &Sql::Text(tbl.into()));
    encode_value(&mut b, &Sql::Blob(row_id.to_vec()));
    encode_value(&mut b, &Sql::Text(action.into()));
    delta(&mut b);
    encode_value(&mut b, &after_hash.map_or(Sql::Null, Sql::Integer));
    encode_value(&mut b, &reason.map_or(Sql::Null, |r| Sql::Text(r.into())));
    h.update(&b);
}

/// The link of a change set: the link before, its own facts (number, time in milliseconds,
/// operator, installation number), and its entries' hash.
pub(crate) fn link(
    prev: &[u8],
    id: i64,
    at: i64,
    operator: &str,
    origin: i64,
    entries: &[u8],
) -> [u8; 32] {
    use rusqlite::types::Value as Sql;
    let mut b = Vec::with_capacity(160);
    b.extend_from_slice(b"zwl-link-1");
    encode_value(&mut b, &Sql::Blob(prev.to_vec()));
    encode_value(&mut b, &Sql::Integer(id));
    encode_value(&mut b, &Sql::Integer(at));
    encode_value(&mut b, &Sql::Text(operator.into()));
    encode_value(&mut b, &Sql::Integer(origin));
    encode_value(&mut b, &Sql::Blob(entries.to_vec()));
    Sha256::digest(&b).into()
}

/// What the chain starts from: the hash of the rows an upgrade found that no entry had
/// logged (`change_baseline`; empty in a ledger created by this version).
pub(crate) fn genesis(conn: &Connection) -> Result<[u8; 32]> {
    use rusqlite::types::Value as Sql;
    let mut h = Sha256::new_with_prefix(b"zwl-genesis-1");
    let mut st =
        conn.prepare("SELECT tbl, row_id, hash FROM change_baseline ORDER BY tbl, row_id")?;
    let mut rows = st.query([])?;
    while let Some(r) = rows.next()? {
        let mut b = Vec::new();
        encode_value(&mut b, &Sql::Text(r.get(0)?));
        encode_value(&mut b, &Sql::Blob(r.get(1)?));
        encode_value(&mut b, &Sql::Integer(r.get(2)?));
        h.update(&b);
    }
    Ok(h.finalize().into())
}

/// The last link before a new change set: the newest change set's hash, or the genesis.
pub(crate) fn prev_link(conn: &Connection) -> Result<Vec<u8>> {
    let last: Option<Option<Vec<u8>>> = conn
        .query_row(
            "SELECT hash FROM change_sets ORDER BY id DESC LIMIT 1",
            [],
            |r| r.get(0),
        )
        .optional()?;
    match last.flatten() {
        Some(h) => Ok(h),
        None => Ok(genesis(conn)?.to_vec()),
    }
}

/// The head of the chain: the newest change set and its link.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Head {
    /// The newest change set's number (0 before the first write).
    pub seq: i64,
    /// Its link, 64 hex digits.
    pub hash: String,
    /// A short printable form: `#seq xxxx-xxxx-xxxx-xxxx` (the first 16 hex digits).
    pub short: String,
    /// When that change set was written (UTC, RFC 3339; empty before the first write).
    pub at: String,
}

impl Head {
    fn new(seq: i64, hash: &[u8], at: String) -> Head {
        let hex = hex(hash);
        let short = format!(
            "#{seq} {}-{}-{}-{}",
            &hex[0..4],
            &hex[4..8],
            &hex[8..12],
            &hex[12..16]
        );
        Head {
            seq,
            hash: hex,
            short,
            at,
        }
    }
}

pub(crate) fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

/// The chain's head as stored (what a report prints and a bundle carries).
pub fn head(conn: &Connection) -> Result<Head> {
    let last: Option<(i64, Option<Vec<u8>>, i64)> = conn
        .query_row(
            "SELECT id, hash, at FROM change_sets ORDER BY id DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?;
    let time = crate::ids::ms_to_rfc3339;
    Ok(match last {
        Some((id, Some(h), at)) => Head::new(id, &h, time(at)),
        Some((id, None, at)) => Head::new(id, &[0; 32], time(at)),
        None => Head::new(0, &genesis(conn)?, String::new()),
    })
}

/// Records that `head` was shown outside the file (`by`: where, e.g. "zwl check", "window",
/// a report's number). Not a change of the ledger's data, so not logged: it is the log's own
/// memory of what others may have seen.
pub fn note_head(conn: &Connection, head: &Head, by: &str) -> Result<()> {
    if head.seq == 0 {
        return Ok(());
    }
    conn.execute(
        "INSERT OR IGNORE INTO chain_heads (seq, hash, seen_at, seen_by) VALUES (?1, ?2, ?3, ?4)",
        (
            head.seq,
            unhex(&head.hash).unwrap_or_default(),
            crate::ids::now_rfc3339(),
            by,
        ),
    )?;
    Ok(())
}

fn unhex(s: &str) -> Option<Vec<u8>> {
    // The short form begins with "#seq ": the hash is what follows.
    let s = s.split_whitespace().last().unwrap_or_default();
    let s: String = s
        .chars()
        .filter(|c| c.is_ascii_hexdigit())
        .map(|c| c.to_ascii_lowercase())
        .collect();
    (0..s.len() / 2)
        .map(|i| u8::from_str_radix(&s[2 * i..2 * i + 2], 16).ok())
        .collect()
}

/// Whether the ledger's history still extends a head seen before.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum HeadStatus {
    /// That change set is in the chain with that link, and every link after it holds.
    Extends,
    /// The chain no longer passes through that head: the history up to it was changed and
    /// resealed, replaced, or cut back (a head newer than the ledger).
    Rewritten,
    /// The chain itself is broken at change set `at` (see `zwl check`).
    Broken {
        /// The first link that does not hold.
        at: i64,
    },
}

/// Says whether the ledger's history still extends the head `seq` with link `hash` (its 64
/// hex digits, or at least the 16 of the short form; case, spaces and dashes ignored).
pub fn verify_head(conn: &Connection, seq: i64, hash: &str) -> Result<HeadStatus> {
    let w = walk(conn)?;
    Ok(w.status_of(seq, hash))
}

/// One link as the walk found it.
#[derive(Debug, Clone)]
pub struct Link {
    /// The change set's number.
    pub id: i64,
    /// The link it stores.
    pub stored: Option<Vec<u8>>,
    /// The link recomputed from the one before it (as stored) and its own facts and entries.
    pub computed: [u8; 32],
}

/// The chain as walked: every link, and what did not hold.
#[derive(Debug, Default)]
pub struct Walk {
    /// The links in order.
    pub links: Vec<Link>,
    /// Entries read.
    pub entries: u64,
    /// The first link that does not hold.
    pub first_broken: Option<i64>,
    /// What did not hold, in order (links that break, entries outside the chain).
    pub problems: Vec<String>,
}

impl Walk {
    /// See [`verify_head`].
    pub fn status_of(&self, seq: i64, hash: &str) -> HeadStatus {
        let want = unhex(hash).unwrap_or_default();
        if want.len() < 8 {
            return HeadStatus::Rewritten;
        }
        let Some(pos) = self.links.iter().position(|l| l.id == seq) else {
            return HeadStatus::Rewritten;
        };
        let l = &self.links[pos];
        if !l.computed.starts_with(&want)
            || !l.stored.as_deref().is_some_and(|s| s.starts_with(&want))
        {
            return HeadStatus::Rewritten;
        }
        match self.first_broken {
            Some(at) => HeadStatus::Broken { at },
            None => HeadStatus::Extends,
        }
    }
}

/// Walks the chain from its start: recomputes every link from its change set and entries
/// and compares it with the link stored. `on_entry` sees each entry once, in order.
pub(crate) fn walk_with(conn: &Connection, mut on_entry: impl FnMut(&EntryRow)) -> Result<Walk> {
    let cols = Columns::load(conn)?;
    let mut w = Walk::default();
    let mut prev = genesis(conn)?.to_vec();
    let mut sets =
        conn.prepare("SELECT id, at, operator, origin, hash FROM change_sets ORDER BY id")?;
    let mut sets = sets.query([])?;
    let mut ents = conn.prepare(
        "SELECT seq, change_set, tbl, row_id, action, delta, after_hash, reason
         FROM change_log ORDER BY seq",
    )?;
    let mut ents = ents.query([])?;
    let mut next = || -> Result<Option<EntryRow>> {
        let Some(r) = ents.next()? else {
            return Ok(None);
        };
        let delta: Option<Vec<u8>> = r.get(5)?;
        Ok(Some(EntryRow {
            seq: r.get(0)?,
            change_set: r.get(1)?,
            tbl: r.get(2)?,
            row_id: r.get(3)?,
            action: r.get(4)?,
            delta: cols.decode(delta.as_deref().unwrap_or_default()),
            after_hash: r.get(6)?,
            reason: r.get(7)?,
        }))
    };
    let mut pending = next()?;
    let orphans = |w: &mut Walk, e: &EntryRow| {
        w.problems.push(format!(
            "chain: entry {} names change set {}, which is not in the chain",
            e.seq, e.change_set
        ));
    };
    while let Some(s) = sets.next()? {
        let id: i64 = s.get(0)?;
        let at: i64 = s.get(1)?;
        let operator: String = s.get(2)?;
        let origin: i64 = s.get(3)?;
        let stored: Option<Vec<u8>> = s.get(4)?;
        let mut h = Sha256::new();
        while let Some(e) = pending.take() {
            if e.change_set > id {
                pending = Some(e);
                break;
            }
            w.entries += 1;
            if e.change_set < id {
                orphans(&mut w, &e);
            } else {
                match &e.delta {
                    Some(d) => hash_entry(
                        &mut h,
                        e.seq,
                        &e.tbl,
                        &e.row_id,
                        &e.action,
                        d,
                        e.after_hash,
                        e.reason.as_deref(),
                    ),
                    None => {
                        w.problems
                            .push(format!("chain: entry {} cannot be read", e.seq));
                        h.update(b"unreadable");
                    }
                }
            }
            on_entry(&e);
            pending = next()?;
        }
        let computed = link(&prev, id, at, &operator, origin, &h.finalize());
        if stored.as_deref() != Some(&computed[..]) {
            if w.first_broken.is_none() {
                w.first_broken = Some(id);
            }
            w.problems.push(format!(
                "chain: change set {id} ({}, {operator}) does not match its entries or the \
                 change set before it: the chain breaks here",
                chrono::DateTime::from_timestamp_millis(at)
                    .map(|t| t
                        .with_timezone(&chrono::Local)
                        .format("%Y-%m-%d %H:%M:%S")
                        .to_string())
                    .unwrap_or_default()
            ));
        }
        prev = stored.clone().unwrap_or(computed.to_vec());
        w.links.push(Link {
            id,
            stored,
            computed,
        });
    }
    while let Some(e) = pending.take() {
        w.entries += 1;
        orphans(&mut w, &e);
        on_entry(&e);
        pending = next()?;
    }
    if w.first_broken.is_none() && w.problems.iter().any(|p| p.contains("not in the chain")) {
        w.first_broken = w.links.last().map(|l| l.id);
    }
    Ok(w)
}

/// Walks the chain (see [`walk_with`]).
pub fn walk(conn: &Connection) -> Result<Walk> {
    walk_with(conn, |_| {})
}

/// The heads this ledger has shown, with the ones its history no longer extends.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SeenHead {
    /// The change set number.
    pub seq: i64,
    /// Its link, 64 hex digits.
    pub hash: String,
    /// When it was shown (UTC).
    pub seen_at: String,
    /// Where it was shown.
    pub seen_by: String,
}

/// The heads recorded in `chain_heads`, oldest first.
pub fn seen_heads(conn: &Connection) -> Result<Vec<SeenHead>> {
    let mut st =
        conn.prepare("SELECT seq, hash, seen_at, seen_by FROM chain_heads ORDER BY seq, seen_at")?;
    let rows = st.query_map([], |r| {
        Ok(SeenHead {
            seq: r.get(0)?,
            hash: hex(&r.get::<_, Vec<u8>>(1)?),
            seen_at: r.get(2)?,
            seen_by: r.get(3)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

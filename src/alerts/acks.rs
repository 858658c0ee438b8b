//! Acknowledged alerts (预警已知悉): a clerk who has seen to an alert acknowledges it with a
//! note (what was done, who was called). The note is a logged row, so the change log keeps it
//! with who wrote it and when; the alert lists leave acknowledged alerts out unless asked.
//! An acknowledgement names the alert by its key, which includes the time the alert is about,
//! so the same subject raising a new alert later (a renewed permit running out again) is shown.

use std::collections::HashMap;

use rusqlite::{Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::ids::RefId;
use crate::Ledger;

/// The longest note, in characters.
pub const NOTE_MAX: usize = 500;

/// How an alert was acknowledged.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Ack {
    /// The note.
    pub note: String,
    /// Who acknowledged it.
    pub operator: String,
    /// When, local time (`YYYY-MM-DD HH:MM`).
    pub at: String,
}

/// One acknowledgement as the change log holds it: the alert's key, the note, who and when.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct AckEntry {
    /// The alert's key.
    pub alert_key: String,
    /// What the alert was about (a cell's name, a manifest's number …).
    pub subject: String,
    /// The note as written.
    pub note: String,
    /// Who wrote it (the change set's operator).
    pub operator: String,
    /// When, local time.
    pub at: String,
    /// The change log's sequence number of the entry.
    pub seq: i64,
}

fn local(ms: i64) -> String {
    crate::construction::manifests::local_time(&crate::ids::ms_to_rfc3339(ms))
}

/// The live acknowledgements by alert key.
pub fn current(conn: &Connection) -> Result<HashMap<String, Ack>> {
    let mut st = conn.prepare_cached(
        "SELECT alert_key, note, operator, updated_at FROM alert_acks WHERE deleted = 0",
    )?;
    let rows = st.query_map([], |r| {
        Ok((
            r.get::<_, String>(0)?,
            Ack {
                note: r.get(1)?,
                operator: r.get(2)?,
                at: local(r.get(3)?),
            },
        ))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Checks an acknowledgement's note: required, at most [`NOTE_MAX`] characters. The note
/// cleaned.
pub fn check_note(note: &str) -> Result<String> {
    let mut errs = Vec::new();
    let note = crate::text::clean(&mut errs, None, "note", note, NOTE_MAX, true);
    if !errs.is_empty() {
        return Err(Error::Invalid(errs));
    }
    Ok(note)
}

/// Acknowledges the alert `key` with `note` (required). The alert must be one the ledger
/// raises now; acknowledging it again replaces the note (the change log keeps both).
pub fn acknowledge(ledger: &mut Ledger, key: &str, note: &str) -> Result<Ack> {
    let key = key.trim();
    let note = check_note(note)?;
    let raised = super::list(
        ledger.conn(),
        &super::AlertQuery {
            acknowledged: true,
            ..Default::default()
        },
    )?;
    let Some(subject) = raised
        .iter()
        .find(|a| a.key == key)
        .map(|a| a.subject.clone())
    else {
        return Err(Error::NotFound {
            what: "alert",
            key: key.into(),
        });
    };
    let operator = match ledger.operator() {
        "" => "(未设置)".to_string(),
        o => o.to_string(),
    };
    ledger.write(|w| {
        let existing: Option<RefId> = w
            .tx()
            .query_row(
                "SELECT id FROM alert_acks WHERE alert_key = ?1 AND deleted = 0",
                [key],
                |r| r.get(0),
            )
            .optional()?;
        match existing {
            Some(id) => {
                let before = w.snapshot("alert_acks", id.as_bytes())?;
                w.tx().execute(
                    "UPDATE alert_acks SET note = ?2, operator = ?3, updated_at = ?4, origin = ?5,
                        clock = ?6 WHERE id = ?1",
                    rusqlite::params![id, note, operator, w.now_ms(), w.origin(), w.clock()],
                )?;
                w.log("alert_acks", id.as_bytes(), before, None)?;
            }
            None => {
                let id = RefId::new();
                w.tx().execute(
                    "INSERT INTO alert_acks (id, alert_key, subject, note, operator, created_at,
                        updated_at, origin, clock) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6, ?7, ?8)",
                    rusqlite::params![
                        id,
                        key,
                        subject,
                        note,
                        operator,
                        w.now_ms(),
                        w.origin(),
                        w.clock()
                    ],
                )?;
                w.log("alert_acks", id.as_bytes(), None, None)?;
            }
        }
        Ok(Ack {
            note: note.clone(),
            operator: operator.clone(),
            at: local(w.now_ms()),
        })
    })
}

/// Every acknowledgement as the change log recorded it, newest first (at most `limit`): the
/// notes as they were written, including those replaced since.
pub fn history(conn: &Connection, limit: usize) -> Result<Vec<AckEntry>> {
    let ids: Vec<(RefId, String, String)> = conn
        .prepare("SELECT id, alert_key, subject FROM alert_acks")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut out = Vec::new();
    for (id, key, subject) in ids {
        for c in crate::audit::history(conn, "alert_acks", id.as_bytes())? {
            let note = c
                .after
                .as_ref()
                .and_then(|a| a.get("note"))
                .and_then(|n| n.as_str())
                .unwrap_or_default()
                .to_string();
            out.push(AckEntry {
                alert_key: key.clone(),
                subject: subject.clone(),
                note,
                operator: c.operator,
                at: crate::construction::manifests::local_time(&c.at),
                seq: c.seq,
            });
        }
    }
    out.sort_by_key(|e| std::cmp::Reverse(e.seq));
    out.truncate(limit);
    Ok(out)
}

//! A ledger copied to another computer (or beside itself) carries the original's
//! installation id; if both copies were written, two machines would write under one id. So
//! the ledger remembers where it lives — this machine's id and the file's path, in `meta`
//! (`home.machine`, `home.path`: the machine's own bookkeeping, not logged, never synced) —
//! and every opening for writing compares:
//!
//! - same machine, same path: at home;
//! - no home recorded yet (a new or upgraded ledger): recorded now;
//! - same machine, another path, and the old path no longer holds this installation's
//!   ledger: the file was moved; the new path is recorded;
//! - same machine, another path, and the old path still holds a ledger with this id: a copy;
//! - another machine: a copy, or the file moved to a new computer — the clerk says which.
//!
//! A copy is given an identity of its own ([`new_identity`]): a new installation id and a new
//! `installations` row, so that its future writes carry another origin; old rows keep theirs.
//! A moved file is kept as it is ([`keep`]).

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags, OptionalExtension};
use serde::Serialize;

use crate::error::{Error, Result, Rule};
use crate::Ledger;

/// This machine's id: `ZWL_MACHINE_ID` when set (for cloned systems whose ids are equal),
/// else `/etc/machine-id` (or D-Bus's), else the computer's name.
pub fn machine_id() -> String {
    if let Some(v) = std::env::var("ZWL_MACHINE_ID")
        .ok()
        .filter(|v| !v.trim().is_empty())
    {
        return v.trim().to_string();
    }
    for f in ["/etc/machine-id", "/var/lib/dbus/machine-id"] {
        if let Ok(t) = std::fs::read_to_string(f) {
            if !t.trim().is_empty() {
                return t.trim().to_string();
            }
        }
    }
    ["COMPUTERNAME", "HOSTNAME"]
        .iter()
        .find_map(|k| std::env::var(k).ok().filter(|v| !v.is_empty()))
        .unwrap_or_else(|| "unknown".into())
}

/// Where the ledger stands against its recorded home.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum LedgerHome {
    /// Opened where it lives (or in memory, or for reading only).
    AtHome,
    /// No home was recorded: this machine and path are now.
    Recorded,
    /// The file was moved on this machine: the new path is recorded.
    Moved {
        /// The path it had.
        from: String,
    },
    /// Probably a copy: the clerk gives it a new identity, or says it was moved.
    Copy {
        /// The path the original lives at.
        home_path: String,
        /// The original is on another machine.
        other_machine: bool,
    },
}

fn canonical(p: &Path) -> PathBuf {
    std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf())
}

fn meta(conn: &Connection, key: &str) -> Result<Option<String>> {
    Ok(conn
        .query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0))
        .optional()?)
}

/// Whether the file at `p` is a ledger with the installation id `id`.
fn holds_installation(p: &Path, id: &str) -> bool {
    if !p.is_file() {
        return false;
    }
    let Ok(c) = Connection::open_with_flags(
        p,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    ) else {
        return false;
    };
    meta(&c, "installation_id").ok().flatten().as_deref() == Some(id)
}

/// Records this machine and the ledger's path as its home (no change-log entry: the keys are
/// this machine's bookkeeping, outside the logged identity).
fn record_home(l: &mut Ledger, machine: &str) -> Result<()> {
    let Some(path) = l.path().map(canonical) else {
        return Ok(());
    };
    let path = path.display().to_string();
    l.write(|w| {
        w.tx().execute(
            "INSERT INTO meta (key, value) VALUES ('home.machine', ?1), ('home.path', ?2)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (machine, &path),
        )?;
        Ok(())
    })
}

/// Compares the ledger's recorded home with this machine and path (see the module's text).
pub fn check(l: &mut Ledger) -> Result<LedgerHome> {
    check_on(l, &machine_id())
}

/// [`check`] on the machine `machine`.
pub fn check_on(l: &mut Ledger, machine: &str) -> Result<LedgerHome> {
    let Some(here) = l.path().map(canonical) else {
        return Ok(LedgerHome::AtHome);
    };
    if l.is_read_only() {
        return Ok(LedgerHome::AtHome);
    }
    let home_machine = meta(l.conn(), "home.machine")?;
    let home_path = meta(l.conn(), "home.path")?;
    let (Some(home_machine), Some(home_path)) = (home_machine, home_path) else {
        record_home(l, machine)?;
        return Ok(LedgerHome::Recorded);
    };
    if home_machine != machine {
        return Ok(LedgerHome::Copy {
            home_path,
            other_machine: true,
        });
    }
    let home = PathBuf::from(&home_path);
    if canonical(&home) == here {
        return Ok(LedgerHome::AtHome);
    }
    if holds_installation(&home, l.installation()) {
        return Ok(LedgerHome::Copy {
            home_path,
            other_machine: false,
        });
    }
    record_home(l, machine)?;
    Ok(LedgerHome::Moved { from: home_path })
}

/// Refuses to go on with a ledger that looks copied: the clerk must first say what it is.
pub fn guard(l: &mut Ledger) -> Result<()> {
    match check(l)? {
        LedgerHome::Copy { home_path, .. } => Err(Error::field(
            "installation",
            Rule::CopiedLedger,
            &[("home", &home_path)],
        )),
        _ => Ok(()),
    }
}

/// The clerk says the file was moved, not copied: it stays this installation, at home here.
pub fn keep(l: &mut Ledger) -> Result<()> {
    keep_on(l, &machine_id())
}

/// [`keep`] on the machine `machine`.
pub fn keep_on(l: &mut Ledger, machine: &str) -> Result<()> {
    record_home(l, machine)
}

/// What a new identity is.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct NewIdentity {
    /// The installation id this copy had (the original's).
    pub old_installation: String,
    /// The new installation id.
    pub installation: String,
    /// The name given.
    pub name: String,
    /// The code given.
    pub code: String,
}

/// Gives this ledger an identity of its own: a new installation id, a new `installations` row
/// (so its future writes carry another origin; old rows keep theirs), its name and code;
/// and records this machine and path as its home.
pub fn new_identity(l: &mut Ledger, name: &str, code: &str) -> Result<NewIdentity> {
    new_identity_on(l, name, code, &machine_id())
}

/// [`new_identity`] on the machine `machine`.
pub fn new_identity_on(
    l: &mut Ledger,
    name: &str,
    code: &str,
    machine: &str,
) -> Result<NewIdentity> {
    let old = l.installation().to_string();
    let id = crate::ids::new_uuid().to_string();
    let (name, code) = (name.trim().to_string(), code.trim().to_string());
    let mut errs = Vec::new();
    if name.is_empty() {
        errs.push(crate::error::FieldError::new(
            None,
            "installation.name",
            Rule::Required,
            &[],
        ));
    }
    if code.is_empty() {
        errs.push(crate::error::FieldError::new(
            None,
            "installation.code",
            Rule::Required,
            &[],
        ));
    }
    if !errs.is_empty() {
        return Err(Error::Invalid(errs));
    }
    l.write(|w| {
        crate::profile::set_setting(w, "installation.name", &name)?;
        crate::profile::set_setting(w, "installation.code", &code)?;
        w.tx().execute(
            "INSERT INTO installations (n, id, first_seen)
             VALUES ((SELECT coalesce(max(n), 0) + 1 FROM installations), ?1, ?2)",
            (&id, w.now()),
        )?;
        w.log("installations", id.as_bytes(), None, None)?;
        let before = w.snapshot("meta", b"installation_id")?;
        w.tx().execute(
            "UPDATE meta SET value = ?1 WHERE key = 'installation_id'",
            [&id],
        )?;
        w.log("meta", b"installation_id", before, None)?;
        Ok(())
    })?;
    l.load_identity()?;
    record_home(l, machine)?;
    Ok(NewIdentity {
        old_installation: old,
        installation: id,
        name,
        code,
    })
}

#[cfg(test)]
mod tests;

//! The first start (首次使用) and who is at the keyboard. A new ledger asks for the operator's
//! name, the installation's name and short code (the prefix of manifest numbers) and its
//! reporting area, and says where the data file and its backups are. Several clerks share a
//! PC, so the operator is switched in one step; the names already in the change log are
//! offered, newest first, and every write after the switch is logged under the new name.

use std::path::Path;

use rusqlite::Connection;
use serde::{Deserialize, Serialize};

use crate::error::Result;
use crate::profile::{self, setting};
use crate::Ledger;

/// Names the change log uses for writes that no clerk made, never offered as operators.
const NOT_CLERKS: [&str; 2] = ["(未设置)", "system"];

/// What the first-start page asks.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct FirstStart {
    /// The operator's name.
    pub operator: String,
    /// The installation's name (the office or working group at this PC).
    pub installation_name: String,
    /// Its short code, the prefix of manifest numbers (2–12 capital letters or digits).
    pub installation_code: String,
    /// Its reporting area: a reporting area's code or a district's (empty: none).
    pub area: String,
}

/// Where the window stands on the first start, and where the data and its backups live.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SetupState {
    /// The first-start questions have not been answered (no operator or installation name).
    pub needed: bool,
    /// The values as they stand.
    pub values: FirstStart,
    /// The data file.
    pub db_path: String,
    /// The folder the backups are written to (beside the data file: a copy is taken before
    /// every schema upgrade).
    pub backup_dir: String,
    /// An example backup file name.
    pub backup_example: String,
}

/// The first-start state of the ledger at `path` (`None` in memory).
pub fn state(conn: &Connection, path: Option<&Path>) -> Result<SetupState> {
    let get = |k: &str| -> Result<String> { Ok(setting(conn, k)?.unwrap_or_default()) };
    let values = FirstStart {
        operator: get("operator")?,
        installation_name: get("installation.name")?,
        installation_code: get("installation.code")?,
        area: get("installation.area")?,
    };
    let db_path = path
        .map(|p| p.display().to_string())
        .unwrap_or_else(|| ":memory:".into());
    let backup_dir = path
        .and_then(|p| p.parent())
        .map(|d| {
            if d.as_os_str().is_empty() {
                ".".into()
            } else {
                d.display().to_string()
            }
        })
        .unwrap_or_default();
    let backup_example = path
        .map(|p| {
            crate::db::backup_path(p, &format!("upgrade-v{}", crate::db::SCHEMA_VERSION))
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default()
        })
        .unwrap_or_default();
    Ok(SetupState {
        needed: values.operator.trim().is_empty() || values.installation_name.trim().is_empty(),
        values,
        db_path,
        backup_dir,
        backup_example,
    })
}

/// Saves the first-start answers (each checked as its setting is; the operator and the
/// installation name are required). Everything is checked before anything is written; the
/// operator is saved first, so the other answers are logged under the new name.
pub fn apply(ledger: &mut Ledger, f: &FirstStart) -> Result<()> {
    let mut errs = Vec::new();
    let operator = crate::text::clean(&mut errs, None, "operator", &f.operator, 50, true);
    crate::text::clean(
        &mut errs,
        None,
        "installation.name",
        &f.installation_name,
        50,
        true,
    );
    let code = f.installation_code.trim().to_uppercase();
    if !code.is_empty() && !crate::construction::numbers::valid_code(&code) {
        errs.push(crate::FieldError::new(
            None,
            "installation.code",
            crate::error::Rule::BadInstallationCode,
            &[("value", &code)],
        ));
    }
    let input = f.area.trim();
    let area = match crate::areas::resolve(ledger.conn(), input)? {
        Some(a) => a,
        None => profile::resolve_district(ledger.conn(), input)?.unwrap_or_default(),
    };
    if !input.is_empty() && area.is_empty() {
        errs.push(crate::FieldError::new(
            None,
            "installation.area",
            crate::error::Rule::UnknownArea,
            &[("value", input)],
        ));
    }
    if !errs.is_empty() {
        return Err(crate::Error::Invalid(errs));
    }
    ledger.set_setting("operator", &operator)?;
    ledger.write(|w| {
        profile::set_setting(w, "installation.name", &f.installation_name)?;
        if !code.is_empty() {
            profile::set_setting(w, "installation.code", &code)?;
        }
        profile::set_setting(w, "installation.area", &area)
    })
}

/// The operators named in the change log, most recent first (at most `limit`).
pub fn recent_operators(conn: &Connection, limit: usize) -> Result<Vec<String>> {
    let mut st = conn.prepare_cached(
        "SELECT operator FROM change_sets WHERE operator NOT IN (?1, ?2)
         GROUP BY operator ORDER BY max(id) DESC LIMIT ?3",
    )?;
    let rows = st.query_map((NOT_CLERKS[0], NOT_CLERKS[1], limit as i64), |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Switches the operator: the next write is logged under `name`.
pub fn switch_operator(ledger: &mut Ledger, name: &str) -> Result<()> {
    let mut errs = Vec::new();
    let name = crate::text::clean(&mut errs, None, "operator", name, 50, true);
    if !errs.is_empty() {
        return Err(crate::Error::Invalid(errs));
    }
    ledger.set_setting("operator", &name)
}

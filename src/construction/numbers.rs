//! Manifest numbers unique across every clerk's machine: `CW-<installation code>-<departure
//! date>-<sequence>`, e.g. `CW-220102A-20261128-0001`. The installation code is the setting
//! `installation.code`; when none was chosen, the first number derives one from the city's
//! division code and the installation id, and stores it, so it never changes silently.
//! Numbers of the older form `CW-YYYYMMDD-NNNNNN` stay valid.

use std::collections::HashMap;

use chrono::Local;
use rusqlite::OptionalExtension;

use super::manifests::local_date;
use crate::db::Writer;
use crate::error::Result;

/// Whether `code` may be an installation code: 2 to 12 capital letters or digits.
pub fn valid_code(code: &str) -> bool {
    (2..=12).contains(&code.len())
        && code
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
}

/// The installation code, derived and stored when none was set: the city's division code
/// (the profile's district of kind `city`, or its first district) and two characters of the
/// installation id.
pub fn installation_code(w: &mut Writer<'_>) -> Result<String> {
    let set: Option<String> = w
        .tx()
        .prepare_cached("SELECT value FROM settings WHERE key = 'installation.code'")?
        .query_row([], |r| r.get(0))
        .optional()?;
    if let Some(c) = set.filter(|c| !c.is_empty()) {
        return Ok(c);
    }
    let city: String = w
        .tx()
        .prepare_cached("SELECT code FROM districts ORDER BY kind <> 'city', code LIMIT 1")?
        .query_row([], |r| r.get(0))
        .optional()?
        .unwrap_or_else(|| "000000".into());
    let inst: String = w
        .tx()
        .prepare_cached("SELECT value FROM meta WHERE key = 'installation_id'")?
        .query_row([], |r| r.get(0))
        .optional()?
        .unwrap_or_default();
    let tail: String = inst
        .chars()
        .filter(|c| c.is_ascii_hexdigit())
        .rev()
        .take(2)
        .collect::<String>()
        .to_uppercase();
    let code = format!("{city}{tail:0>2}");
    crate::profile::set_setting(w, "installation.code", &code)?;
    Ok(code)
}

/// The next number for a load departing at `departure` (UTC; today when none).
pub fn next(w: &mut Writer<'_>, departure: Option<&str>) -> Result<String> {
    Numbers::default().next(w, departure)
}

/// Draws numbers for many loads in one write (an import): the installation code is read
/// once, and each day's last number once, the first time the day comes up; after that each
/// number is the day's counter plus one. The numbers are those [`next`] would draw one by
/// one, as long as nothing else numbers loads in the same write.
#[derive(Debug, Default)]
pub struct Numbers {
    code: Option<String>,
    /// The last number drawn, per day prefix (`CW-<code>-<day>-`).
    last: HashMap<String, i64>,
}

impl Numbers {
    /// The next number for a load departing at `departure` (UTC; today when none).
    pub fn next(&mut self, w: &mut Writer<'_>, departure: Option<&str>) -> Result<String> {
        let code = match &self.code {
            Some(c) => c.clone(),
            None => {
                let c = installation_code(w)?;
                self.code = Some(c.clone());
                c
            }
        };
        let day = match departure {
            Some(d) => local_date(d).replace('-', ""),
            None => Local::now().format("%Y%m%d").to_string(),
        };
        let prefix = format!("CW-{code}-{day}-");
        let last = match self.last.get_mut(&prefix) {
            Some(n) => n,
            None => {
                let stored = last_stored(w, &code, &day, &prefix)?;
                self.last.entry(prefix.clone()).or_insert(stored)
            }
        };
        *last += 1;
        Ok(format!("{prefix}{:04}", *last))
    }
}

/// The highest sequence number stored under a day's prefix (0 when none).
fn last_stored(w: &Writer<'_>, code: &str, day: &str, prefix: &str) -> Result<i64> {
    let last: Option<i64> = w
        .tx()
        .prepare_cached(
            "SELECT max(CAST(substr(number, ?3) AS INTEGER)) FROM cw_manifests
         WHERE number >= ?1 AND number < ?2",
        )?
        .query_row(
            (
                prefix,
                format!("CW-{code}-{day}."),
                prefix.chars().count() as i64 + 1,
            ),
            |r| r.get(0),
        )?;
    Ok(last.unwrap_or(0))
}

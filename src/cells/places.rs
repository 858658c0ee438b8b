//! Where a cell sits below its district — street or township (街道/乡镇) and community
//! (社区/村), with their 12-digit statistical codes when known — its explicit reporting area,
//! and the reason it shares its credit code with another live cell. One `cell_places` row
//! per cell that has any of these, written with the cell and logged.

use rusqlite::OptionalExtension;

use super::ValidCell;
use crate::db::Writer;
use crate::error::{FieldError, Result, Rule};
use crate::ids::{CellId, RefId};

/// A cell's place and code-sharing reason, in stored form.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Place {
    /// 街道/乡镇.
    pub street: String,
    /// Its 12-digit code.
    pub street_code: Option<String>,
    /// 社区/村.
    pub community: String,
    /// Its 12-digit code.
    pub community_code: Option<String>,
    /// Explicit reporting area code.
    pub area: Option<String>,
    /// Why the credit code is shared.
    pub uscc_shared: Option<String>,
}

impl Place {
    /// Whether nothing is recorded.
    pub fn is_empty(&self) -> bool {
        *self == Place::default()
    }
}

/// Checks a 12-digit statistical code of a street or community: 12 digits, the first 6 the
/// district's (a community's first 9 its street's, when both are given).
pub fn check_code(
    errs: &mut Vec<FieldError>,
    field: &str,
    value: &str,
    district: &str,
) -> Option<String> {
    let v: String = super::uscc::normalise(value);
    if v.is_empty() {
        return None;
    }
    if v.len() != 12 || !v.bytes().all(|b| b.is_ascii_digit()) {
        errs.push(FieldError::new(
            None,
            field,
            Rule::Division12Digits,
            &[("value", &v)],
        ));
        return None;
    }
    if !district.is_empty() && !v.starts_with(district) {
        errs.push(FieldError::new(
            None,
            field,
            Rule::Division12District,
            &[("value", &v), ("district", district)],
        ));
        return None;
    }
    Some(v)
}

/// Writes the place of cell `id` (inserting, updating or leaving it as it is) and logs it.
pub(super) fn put(w: &mut Writer<'_>, id: CellId, v: &ValidCell) -> Result<()> {
    let p = &v.place;
    let existing: Option<(RefId, Place)> = w
        .tx()
        .prepare_cached(
            "SELECT id, street, street_code, community, community_code, area, uscc_shared
             FROM cell_places WHERE cell_id = ?1",
        )?
        .query_row([id], |r| {
            Ok((
                r.get(0)?,
                Place {
                    street: r.get(1)?,
                    street_code: r.get(2)?,
                    community: r.get(3)?,
                    community_code: r.get(4)?,
                    area: r.get(5)?,
                    uscc_shared: r.get(6)?,
                },
            ))
        })
        .optional()?;
    match existing {
        None if p.is_empty() => Ok(()),
        None => {
            let pid = RefId::new();
            w.tx()
                .prepare_cached(
                    "INSERT INTO cell_places (id, cell_id, street, street_code, community,
                    community_code, area, uscc_shared, created_at, updated_at, origin, clock)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9, ?10, ?11)",
                )?
                .execute(rusqlite::params![
                    pid,
                    id,
                    p.street,
                    p.street_code,
                    p.community,
                    p.community_code,
                    p.area,
                    p.uscc_shared,
                    w.now_ms(),
                    w.origin(),
                    w.clock()
                ])?;
            w.log(
                "cell_places",
                pid.as_bytes(),
                None,
                p.uscc_shared.as_deref(),
            )
        }
        Some((_, ref was)) if was == p => Ok(()),
        Some((pid, _)) => {
            let before = w.snapshot("cell_places", pid.as_bytes())?;
            w.tx()
                .prepare_cached(
                    "UPDATE cell_places SET street = ?2, street_code = ?3, community = ?4,
                    community_code = ?5, area = ?6, uscc_shared = ?7, updated_at = ?8,
                    origin = ?9, clock = ?10
                 WHERE id = ?1",
                )?
                .execute(rusqlite::params![
                    pid,
                    p.street,
                    p.street_code,
                    p.community,
                    p.community_code,
                    p.area,
                    p.uscc_shared,
                    w.now_ms(),
                    w.origin(),
                    w.clock()
                ])?;
            w.log(
                "cell_places",
                pid.as_bytes(),
                before,
                p.uscc_shared.as_deref(),
            )
        }
    }
}

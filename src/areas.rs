//! Reporting areas (报送区域) of the city profile: what the city reports by where that is not
//! a statistical division — 长春新区, 中韩（长春）国际合作示范区 — each with a local code and
//! the districts it groups, and 市本级 (city-level offices), which is built in. A cell counts
//! in its explicit area when it has one (a city-level office), else in its district's.

use rusqlite::{Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

use crate::db::Writer;
use crate::error::{Error, FieldError, Result, Rule};
use crate::ids::RefId;
use crate::profile;

/// The built-in reporting area of city-level offices (市本级).
pub const CITY_LEVEL: &str = "SBJ";
/// Its name.
pub const CITY_LEVEL_NAME: &str = "市本级";
/// Its English name.
pub const CITY_LEVEL_NAME_EN: &str = "City level";

/// A reporting area with the districts it groups.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ReportingArea {
    /// Local code (letters and digits; never a 6-digit division code).
    pub code: String,
    /// Name.
    pub name: String,
    /// English name, when one was given (the window's English mode shows it).
    pub name_en: Option<String>,
    /// Division codes of the districts it groups.
    pub districts: Vec<String>,
    /// Built in (市本级): cannot be renamed or given districts.
    pub builtin: bool,
}

/// Every reporting area: 市本级 first, then the others by code.
pub fn list(conn: &Connection) -> Result<Vec<ReportingArea>> {
    let mut out = vec![ReportingArea {
        code: CITY_LEVEL.into(),
        name: CITY_LEVEL_NAME.into(),
        name_en: Some(CITY_LEVEL_NAME_EN.into()),
        districts: Vec::new(),
        builtin: true,
    }];
    let mut st = conn.prepare_cached(
        "SELECT a.code, a.name, coalesce((SELECT group_concat(district, ',') FROM
             (SELECT district FROM reporting_area_districts
              WHERE area = a.code AND deleted = 0 ORDER BY district)), ''), e.name_en
         FROM reporting_areas a
         LEFT JOIN reporting_area_names_en e ON e.code = a.code AND e.deleted = 0
         WHERE a.deleted = 0 ORDER BY a.code",
    )?;
    let rows = st.query_map([], |r| {
        let ds: String = r.get(2)?;
        Ok(ReportingArea {
            code: r.get(0)?,
            name: r.get(1)?,
            name_en: r.get(3)?,
            districts: ds
                .split(',')
                .filter(|s| !s.is_empty())
                .map(String::from)
                .collect(),
            builtin: false,
        })
    })?;
    for r in rows {
        out.push(r?);
    }
    Ok(out)
}

/// The code of the area named by `input` (its code in any case, or its name).
pub fn resolve(conn: &Connection, input: &str) -> Result<Option<String>> {
    let s = input.trim();
    if s.eq_ignore_ascii_case(CITY_LEVEL) || s == CITY_LEVEL_NAME {
        return Ok(Some(CITY_LEVEL.into()));
    }
    Ok(conn
        .prepare_cached(
            "SELECT code FROM reporting_areas WHERE deleted = 0 AND (code = upper(?1) OR name = ?1)",
        )?
        .query_row([s], |r| r.get(0))
        .optional()?)
}

fn check_code(code: &str) -> bool {
    (2..=12).contains(&code.len())
        && code
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'-')
        && !(code.len() == 6 && code.bytes().all(|b| b.is_ascii_digit()))
}

/// Checks an English name of an area as typed: no Chinese characters or full-width
/// punctuation, at most 100 characters.
pub fn check_name_en(en: &str, errs: &mut Vec<FieldError>) {
    let en = en.trim();
    if en.chars().any(profile::is_cjk) {
        errs.push(FieldError::new(
            None,
            "name_en",
            Rule::BadValue,
            &[("value", en)],
        ));
    } else if en.chars().count() > 100 {
        errs.push(FieldError::new(
            None,
            "name_en",
            Rule::TooLong,
            &[("max", "100")],
        ));
    }
}

/// Checks an area's local code (2 to 12 capital letters, digits or `-`, never 6 digits, not
/// the city level's) and its name (required, not the city level's).
pub fn check_area(code: &str, name: &str, errs: &mut Vec<FieldError>) {
    if !check_code(code) || code == CITY_LEVEL {
        errs.push(FieldError::new(
            None,
            "code",
            Rule::AreaCode,
            &[("value", code)],
        ));
    }
    if name.is_empty() {
        errs.push(FieldError::new(None, "name", Rule::Required, &[]));
    } else if name == CITY_LEVEL_NAME {
        errs.push(FieldError::new(
            None,
            "name",
            Rule::AreaExists,
            &[("value", name)],
        ));
    }
}

/// Adds a reporting area with a local code, or renames one (its English name unchanged).
pub fn put(w: &mut Writer<'_>, code: &str, name: &str) -> Result<()> {
    put_named(w, code, name, None)
}

/// Adds a reporting area, or renames one, with its English name: `None` leaves the English
/// name as it is, an empty text removes it. An English name has no Chinese characters or
/// full-width punctuation.
pub fn put_named(w: &mut Writer<'_>, code: &str, name: &str, name_en: Option<&str>) -> Result<()> {
    let code = crate::cells::uscc::normalise(code);
    let name = name.trim();
    let mut errs = Vec::new();
    if let Some(en) = name_en {
        check_name_en(en, &mut errs);
    }
    check_area(&code, name, &mut errs);
    if !errs.is_empty() {
        return Err(Error::Invalid(errs));
    }
    let existing: Option<RefId> = w
        .tx()
        .query_row(
            "SELECT id FROM reporting_areas WHERE code = ?1",
            [&code],
            |r| r.get(0),
        )
        .optional()?;
    let named_by_other: Option<String> = w
        .tx()
        .query_row(
            "SELECT code FROM reporting_areas WHERE name = ?1 AND code <> ?2 AND deleted = 0",
            [name, &code],
            |r| r.get(0),
        )
        .optional()?;
    if named_by_other.is_some() {
        return Err(Error::field("name", Rule::AreaExists, &[("value", name)]));
    }
    if let Some(en) = name_en {
        put_name_en(w, &code, en.trim())?;
    }
    match existing {
        Some(id) => {
            let before = w.snapshot("reporting_areas", id.as_bytes())?;
            w.tx().execute(
                "UPDATE reporting_areas SET name = ?2, deleted = 0, updated_at = ?3, origin = ?4,
                    clock = ?5 WHERE id = ?1",
                rusqlite::params![id, name, w.now_ms(), w.origin(), w.clock()],
            )?;
            w.log("reporting_areas", id.as_bytes(), before, None)
        }
        None => {
            let id = RefId::new();
            w.tx().execute(
                "INSERT INTO reporting_areas (id, code, name, created_at, updated_at, origin, clock)
                 VALUES (?1, ?2, ?3, ?4, ?4, ?5, ?6)",
                rusqlite::params![id, code, name, w.now_ms(), w.origin(), w.clock()],
            )?;
            w.log("reporting_areas", id.as_bytes(), None, None)
        }
    }
}

/// Sets (or, given an empty text, removes) the English name of area `code`.
fn put_name_en(w: &mut Writer<'_>, code: &str, name_en: &str) -> Result<()> {
    let existing: Option<(RefId, String, i64)> = w
        .tx()
        .query_row(
            "SELECT id, name_en, deleted FROM reporting_area_names_en WHERE code = ?1",
            [code],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?;
    match existing {
        Some((_, old, 0)) if old == name_en => Ok(()),
        Some((_, _, 1)) if name_en.is_empty() => Ok(()),
        Some((id, _, _)) => {
            let before = w.snapshot("reporting_area_names_en", id.as_bytes())?;
            w.tx().execute(
                "UPDATE reporting_area_names_en SET name_en = ?2, deleted = ?3, updated_at = ?4,
                    origin = ?5, clock = ?6 WHERE id = ?1",
                rusqlite::params![
                    id,
                    name_en,
                    name_en.is_empty() as i64,
                    w.now_ms(),
                    w.origin(),
                    w.clock()
                ],
            )?;
            w.log("reporting_area_names_en", id.as_bytes(), before, None)
        }
        None if name_en.is_empty() => Ok(()),
        None => {
            let id = RefId::new();
            w.tx().execute(
                "INSERT INTO reporting_area_names_en (id, code, name_en, created_at, updated_at,
                    origin, clock) VALUES (?1, ?2, ?3, ?4, ?4, ?5, ?6)",
                rusqlite::params![id, code, name_en, w.now_ms(), w.origin(), w.clock()],
            )?;
            w.log("reporting_area_names_en", id.as_bytes(), None, None)
        }
    }
}

/// Groups districts (codes or names) into area `area`, moving them out of any other area.
pub fn group(w: &mut Writer<'_>, area: &str, districts: &[String]) -> Result<()> {
    let code = match resolve(w.tx(), area)? {
        Some(c) if c != CITY_LEVEL => c,
        _ => {
            return Err(Error::field(
                "area",
                Rule::UnknownArea,
                &[("value", area.trim())],
            ))
        }
    };
    let mut errs = Vec::new();
    let mut codes = Vec::new();
    for d in districts {
        match profile::resolve_district(w.tx(), d)? {
            Some(c) => codes.push(c),
            None => errs.push(FieldError::new(
                None,
                "district",
                Rule::UnknownDistrict,
                &[("value", d.trim())],
            )),
        }
    }
    if !errs.is_empty() {
        return Err(Error::Invalid(errs));
    }
    for d in codes {
        let existing: Option<(RefId, String)> = w
            .tx()
            .query_row(
                "SELECT id, area FROM reporting_area_districts WHERE district = ?1 AND deleted = 0",
                [&d],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        match existing {
            Some((_, a)) if a == code => {}
            Some((id, _)) => {
                let before = w.snapshot("reporting_area_districts", id.as_bytes())?;
                w.tx().execute(
                    "UPDATE reporting_area_districts SET area = ?2, updated_at = ?3, origin = ?4,
                        clock = ?5 WHERE id = ?1",
                    rusqlite::params![id, code, w.now_ms(), w.origin(), w.clock()],
                )?;
                w.log("reporting_area_districts", id.as_bytes(), before, None)?;
            }
            None => {
                let id = RefId::new();
                w.tx().execute(
                    "INSERT INTO reporting_area_districts (id, area, district, created_at,
                        updated_at, origin, clock) VALUES (?1, ?2, ?3, ?4, ?4, ?5, ?6)",
                    rusqlite::params![id, code, d, w.now_ms(), w.origin(), w.clock()],
                )?;
                w.log("reporting_area_districts", id.as_bytes(), None, None)?;
            }
        }
    }
    Ok(())
}

/// Takes districts out of whatever area groups them.
pub fn ungroup(w: &mut Writer<'_>, districts: &[String]) -> Result<()> {
    for d in districts {
        let Some(code) = profile::resolve_district(w.tx(), d)? else {
            return Err(Error::field(
                "district",
                Rule::UnknownDistrict,
                &[("value", d.trim())],
            ));
        };
        let id: Option<RefId> = w
            .tx()
            .query_row(
                "SELECT id FROM reporting_area_districts WHERE district = ?1 AND deleted = 0",
                [&code],
                |r| r.get(0),
            )
            .optional()?;
        if let Some(id) = id {
            let before = w.snapshot("reporting_area_districts", id.as_bytes())?;
            w.tx().execute(
                "UPDATE reporting_area_districts SET deleted = 1, updated_at = ?2, origin = ?3,
                    clock = ?4 WHERE id = ?1",
                rusqlite::params![id, w.now_ms(), w.origin(), w.clock()],
            )?;
            w.log("reporting_area_districts", id.as_bytes(), before, None)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_local_code_is_never_a_division_code() {
        assert!(check_code("CCXQ"));
        assert!(check_code("ZH-CC"));
        assert!(!check_code("220199"), "6 digits is a division code");
        assert!(!check_code("X"));
        assert!(!check_code("长春新区"));
    }
}

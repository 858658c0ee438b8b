//! Townships (乡镇) and villages (村) of each district, with their 12-digit statistical
//! division codes (统计用区划代码: 6 digits of the county, 3 of the township, 3 of the village)
//! where known. All villages are the denominator of coverage (农业废弃物收储运体系覆盖率).

use rusqlite::{Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

use crate::csv_file::{self, Imported};
use crate::db::{Ledger, Writer};
use crate::error::{Error, FieldError, Result, Rule};
use crate::ids::RefId;

/// A township or a village.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "ts", ts(rename = "AgriPlace"))]
pub struct Place {
    /// Id.
    pub id: RefId,
    /// District code.
    pub district: String,
    /// The township of a village (`None` for a township).
    pub township: Option<RefId>,
    /// The township's name, for a village.
    pub township_name: Option<String>,
    /// Name.
    pub name: String,
    /// 12-digit code, when known.
    pub code: Option<String>,
}

/// A place as a form or a file row gives it.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(default)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "ts", ts(rename = "AgriPlaceDraft"))]
pub struct PlaceDraft {
    /// District (code or name).
    pub district: String,
    /// For a village: its township (name or code); empty for a township.
    pub township: String,
    /// Name.
    pub name: String,
    /// 12-digit code (optional).
    pub code: String,
}

const SELECT: &str = "SELECT p.id, p.district, p.parent_id, t.name, p.name, p.code
     FROM agri_places p LEFT JOIN agri_places t ON t.id = p.parent_id";

fn of_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Place> {
    Ok(Place {
        id: r.get(0)?,
        district: r.get(1)?,
        township: r.get(2)?,
        township_name: r.get(3)?,
        name: r.get(4)?,
        code: r.get(5)?,
    })
}

/// The places of a district (every district when empty): townships, each followed by its
/// villages.
pub fn list(conn: &Connection, district: &str) -> Result<Vec<Place>> {
    Ok(conn
        .prepare(&format!(
            "{SELECT} WHERE p.deleted = 0 AND (?1 = '' OR p.district = ?1)
             ORDER BY p.district, coalesce(t.code, p.code, ''), coalesce(t.name, p.name),
                      p.parent_id IS NOT NULL, coalesce(p.code, ''), p.name"
        ))?
        .query_map([district], of_row)?
        .collect::<rusqlite::Result<_>>()?)
}

/// A place of `district` named by its name or code: a village of `township` when given,
/// otherwise a township (or, failing that, a village of that name).
pub fn find(
    conn: &Connection,
    district: &str,
    township: Option<&RefId>,
    v: &str,
) -> Result<Option<Place>> {
    let v = v.trim();
    Ok(conn
        .query_row(
            &format!(
                "{SELECT} WHERE p.deleted = 0 AND p.district = ?1 AND (p.name = ?2 OR p.code = ?2)
                   AND (?3 IS NULL OR p.parent_id = ?3)
                 ORDER BY p.parent_id IS NOT NULL LIMIT 1"
            ),
            rusqlite::params![district, v, township],
            of_row,
        )
        .optional()?)
}

/// Checks a place's name: required, at most 40 characters. The name cleaned.
pub fn check_name(e: &mut Vec<FieldError>, row: Option<usize>, name: &str) -> String {
    crate::text::clean(e, row, "name", name, 40, true)
}

/// Checks a 12-digit code against the prefix it must begin with.
pub fn check_code(
    e: &mut Vec<FieldError>,
    row: Option<usize>,
    code: &str,
    prefix: &str,
) -> Option<String> {
    let c = code.trim();
    if c.is_empty() {
        return None;
    }
    if c.len() != 12 || !c.bytes().all(|b| b.is_ascii_digit()) {
        e.push(FieldError::new(
            row,
            "code",
            Rule::Division12Digits,
            &[("value", c)],
        ));
    } else if !c.starts_with(prefix) {
        e.push(FieldError::new(
            row,
            "code",
            Rule::Division12District,
            &[("value", c), ("district", prefix)],
        ));
    }
    Some(c.to_string())
}

/// Validates a draft: (district, township, name, code). Refusals go to `e`.
fn validate(
    conn: &Connection,
    e: &mut Vec<FieldError>,
    row: Option<usize>,
    d: &PlaceDraft,
) -> Result<(String, Option<Place>, String, Option<String>)> {
    let district = super::district(conn, e, row, &d.district)?;
    let name = check_name(e, row, &d.name);
    let township = if d.township.trim().is_empty() || district.is_empty() {
        None
    } else {
        match find(conn, &district, None, &d.township)? {
            Some(t) if t.township.is_none() => Some(t),
            Some(_) => {
                e.push(FieldError::new(
                    row,
                    "township",
                    Rule::PlaceLevel,
                    &[("value", d.township.trim())],
                ));
                None
            }
            None => {
                e.push(FieldError::new(
                    row,
                    "township",
                    Rule::UnknownValue,
                    &[("value", d.township.trim())],
                ));
                None
            }
        }
    };
    // A village's code begins with its township's first 9 digits, a township's with its
    // district's 6.
    let prefix = township
        .as_ref()
        .and_then(|t| t.code.as_ref())
        .map(|c| c[..9].to_string())
        .unwrap_or_else(|| district.clone());
    let code = check_code(e, row, &d.code, &prefix);
    Ok((district, township, name, code))
}

fn insert(
    w: &mut Writer<'_>,
    district: &str,
    township: Option<&RefId>,
    name: &str,
    code: Option<&str>,
) -> Result<RefId> {
    let id = RefId::new();
    w.tx().execute(
        "INSERT INTO agri_places (id, district, parent_id, name, code, created_at, updated_at, origin, clock)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6, ?7, ?8)",
        rusqlite::params![id, district, township, name, code, w.now_ms(), w.origin(), w.clock()],
    )?;
    w.log("agri_places", id.as_bytes(), None, None)?;
    Ok(id)
}

/// Adds a township (no `township`) or a village of a township.
pub fn add(w: &mut Writer<'_>, d: &PlaceDraft) -> Result<Place> {
    let mut e = Vec::new();
    let (district, township, name, code) = validate(w.tx(), &mut e, None, d)?;
    if e.is_empty() {
        let tid = township.as_ref().map(|t| t.id);
        if find(w.tx(), &district, tid.as_ref(), &name)?
            .filter(|p| p.township == tid)
            .is_some()
        {
            e.push(FieldError::new(
                None,
                "name",
                Rule::Duplicate,
                &[("value", &name)],
            ));
        }
    }
    if !e.is_empty() {
        return Err(Error::Invalid(e));
    }
    let id = insert(
        w,
        &district,
        township.as_ref().map(|t| &t.id),
        &name,
        code.as_deref(),
    )?;
    list(w.tx(), &district)?
        .into_iter()
        .find(|p| p.id == id)
        .ok_or(Error::NotFound {
            what: "place",
            key: name,
        })
}

/// Columns of a townships-and-villages file.
pub const COLUMNS: &[(&str, &str)] = &[
    ("district", "区县"),
    ("township", "乡镇"),
    ("township_code", "乡镇代码"),
    ("village", "村"),
    ("village_code", "村代码"),
];

/// Imports townships and villages from CSV text, all or nothing: every bad row and field is
/// listed and nothing is written. A township or village already there (same district,
/// township and name, and the same code or none given) is counted, not written again.
pub fn import(l: &mut Ledger, text: &str) -> Result<Imported> {
    let rows = csv_file::rows(text, COLUMNS, &["district", "township"])?;
    l.write(|w| {
        let mut e = Vec::new();
        let mut out = Imported::default();
        for r in &rows {
            let row = Some(r.line);
            let n = e.len();
            let t = PlaceDraft {
                district: r.get("district"),
                township: String::new(),
                name: r.get("township"),
                code: r.get("township_code"),
            };
            let (district, _, tname, tcode) = validate(w.tx(), &mut e, row, &t)?;
            if e.len() > n {
                continue;
            }
            let tid = match find(w.tx(), &district, None, &tname)?.filter(|p| p.township.is_none())
            {
                Some(p) => {
                    if tcode.is_some() && p.code.is_some() && p.code != tcode {
                        e.push(FieldError::new(
                            row,
                            "township_code",
                            Rule::ExistsDiffers,
                            &[("value", &tname)],
                        ));
                        continue;
                    }
                    p.id
                }
                None => {
                    out.added += 1;
                    insert(w, &district, None, &tname, tcode.as_deref())?
                }
            };
            let vname = r.get("village");
            if vname.trim().is_empty() {
                continue;
            }
            let v = PlaceDraft {
                district: district.clone(),
                township: tname.clone(),
                name: vname,
                code: r.get("village_code"),
            };
            let (_, _, vname, vcode) = validate(w.tx(), &mut e, row, &v)?;
            if e.len() > n {
                continue;
            }
            match find(w.tx(), &district, Some(&tid), &vname)?.filter(|p| p.township == Some(tid)) {
                Some(p) if vcode.is_some() && p.code.is_some() && p.code != vcode => {
                    e.push(FieldError::new(
                        row,
                        "village_code",
                        Rule::ExistsDiffers,
                        &[("value", &vname)],
                    ));
                }
                Some(_) => out.already += 1,
                None => {
                    insert(w, &district, Some(&tid), &vname, vcode.as_deref())?;
                    out.added += 1;
                }
            }
        }
        if !e.is_empty() {
            return Err(csv_file::rejected(e));
        }
        Ok(out)
    })
}

/// Villages of a district (or of one township), as counted for coverage.
pub fn village_count(conn: &Connection, district: &str, township: Option<&RefId>) -> Result<i64> {
    Ok(conn.query_row(
        "SELECT count(*) FROM agri_places WHERE deleted = 0 AND parent_id IS NOT NULL
           AND (?1 = '' OR district = ?1) AND (?2 IS NULL OR parent_id = ?2)",
        rusqlite::params![district, township],
        |r| r.get(0),
    )?)
}

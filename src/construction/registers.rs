//! The registers of construction-waste supervision: emitting sites (工地), transporters
//! (运输单位) and their vehicles, and receiving facilities (消纳场 / 资源化利用厂).

use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

use crate::cells::uscc;
use crate::db::{Ledger, Writer};
use crate::error::{Error, FieldError, Result};
use crate::ids::RefId;
use crate::profile;

/// Province characters that open a Chinese vehicle plate.
const PROVINCES: &str = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼";

/// Normalises a plate as typed (`吉a·12345` → `吉A12345`) and checks its shape: a province
/// character, a letter, then 5 characters (6 for new-energy plates).
pub fn check_plate(input: &str) -> std::result::Result<String, &'static str> {
    let p: String = input
        .chars()
        .filter(|c| !c.is_whitespace() && !"·.-•".contains(*c))
        .collect::<String>()
        .to_uppercase();
    let cs: Vec<char> = p.chars().collect();
    let ok = (cs.len() == 7 || cs.len() == 8)
        && PROVINCES.contains(cs[0])
        && cs[1].is_ascii_uppercase()
        && cs[2..]
            .iter()
            .all(|c| (c.is_ascii_uppercase() || c.is_ascii_digit()) && *c != 'I' && *c != 'O');
    if ok {
        Ok(p)
    } else {
        Err("bad_plate")
    }
}

/// What a form gives for any register entry: every field as typed.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(default)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct EntryDraft {
    /// 名称 (or, for a vehicle, its plate).
    pub name: String,
    /// Site: project or permit number.
    pub project_no: String,
    /// Approval or permit number (处置核准 / 运输许可 / 准运证 / 消纳证).
    pub permit_no: String,
    /// Approval or permit valid until (YYYY-MM-DD).
    pub valid_until: String,
    /// Builder (site) — 建设单位.
    pub builder: String,
    /// USCC of the builder, transporter or facility.
    pub uscc: String,
    /// District code or name (sites, facilities).
    pub district: String,
    /// 地址.
    pub address: String,
    /// 联系人.
    pub contact: String,
    /// 电话.
    pub phone: String,
    /// Vehicle: the transporter (id or name).
    pub transporter: String,
    /// Vehicle: usual driver.
    pub driver: String,
    /// Facility: `disposal` or `recycling` (or 消纳 / 资源化).
    pub kind: String,
    /// Facility: annual capacity, tonnes.
    pub capacity_t: String,
}

/// One row of a register, as lists and forms show it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Entry {
    /// Id.
    pub id: RefId,
    /// Which register: `site`, `transporter`, `vehicle`, `facility`.
    pub register: String,
    /// Name (plate for vehicles).
    pub name: String,
    /// Approval / permit number.
    pub permit_no: String,
    /// Valid until.
    pub valid_until: Option<String>,
    /// USCC.
    pub uscc: Option<String>,
    /// District code (sites, facilities).
    pub district: Option<String>,
    /// Facility kind; vehicle's transporter name; site's builder.
    pub detail: String,
    /// Vehicle: driver.
    pub driver: String,
}

fn date(errs: &mut Vec<FieldError>, field: &str, v: &str) -> Option<String> {
    let v = v.trim();
    if v.is_empty() {
        return None;
    }
    match NaiveDate::parse_from_str(v, "%Y-%m-%d") {
        Ok(d) => Some(d.to_string()),
        Err(_) => {
            errs.push(FieldError::new(None, field, "bad_date", &[("value", v)]));
            None
        }
    }
}

fn code(errs: &mut Vec<FieldError>, v: &str) -> Option<String> {
    let c = uscc::normalise(v);
    if c.is_empty() {
        return None;
    }
    if let Err(p) = uscc::check(&c) {
        let (k, args): (&str, Vec<(&str, String)>) = match p {
            uscc::Problem::Length(n) => ("uscc_length", vec![("len", n.to_string())]),
            uscc::Problem::Charset(ch) => ("uscc_charset", vec![("ch", ch.to_string())]),
            uscc::Problem::Check { expected, found } => (
                "uscc_check",
                vec![
                    ("expected", expected.to_string()),
                    ("found", found.to_string()),
                ],
            ),
        };
        let a: Vec<(&str, &str)> = args.iter().map(|(k, v)| (*k, v.as_str())).collect();
        errs.push(FieldError::new(None, "uscc", k, &a));
    }
    Some(c)
}

fn district(conn: &Connection, errs: &mut Vec<FieldError>, v: &str) -> Result<String> {
    if v.trim().is_empty() {
        errs.push(FieldError::new(None, "district", "required", &[]));
        return Ok(String::new());
    }
    Ok(profile::resolve_district(conn, v)?.unwrap_or_else(|| {
        errs.push(FieldError::new(
            None,
            "district",
            "unknown_district",
            &[("value", v.trim())],
        ));
        String::new()
    }))
}

fn required(errs: &mut Vec<FieldError>, field: &str, v: &str) -> String {
    let v = v.trim();
    if v.is_empty() {
        errs.push(FieldError::new(None, field, "required", &[]));
    }
    v.to_string()
}

fn done(errs: Vec<FieldError>) -> Result<()> {
    if errs.is_empty() {
        Ok(())
    } else {
        Err(Error::Invalid(errs))
    }
}

/// Adds an emitting site (工地).
pub fn add_site(l: &mut Ledger, d: &EntryDraft) -> Result<RefId> {
    l.write(|w| {
        let mut e = Vec::new();
        let name = required(&mut e, "name", &d.name);
        let until = date(&mut e, "valid_until", &d.valid_until);
        let builder_uscc = code(&mut e, &d.uscc);
        let dist = district(w.tx(), &mut e, &d.district)?;
        done(e)?;
        let id = RefId::new();
        w.tx().execute(
            "INSERT INTO cw_sites (id, name, project_no, approval_no, approval_until, builder,
                builder_uscc, district, address, contact, phone, created_at, updated_at, origin, clock)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?12, ?13, ?14)",
            rusqlite::params![
                id, name, d.project_no.trim(), d.permit_no.trim(), until, d.builder.trim(),
                builder_uscc, dist, d.address.trim(), d.contact.trim(), d.phone.trim(), w.now_ms(),
                w.origin(), w.clock()
            ],
        )?;
        w.log("cw_sites", id.as_bytes(), None, None)?;
        Ok(id)
    })
}

/// Adds a transporter (运输单位).
pub fn add_transporter(l: &mut Ledger, d: &EntryDraft) -> Result<RefId> {
    l.write(|w| {
        let mut e = Vec::new();
        let name = required(&mut e, "name", &d.name);
        let until = date(&mut e, "valid_until", &d.valid_until);
        let c = code(&mut e, &d.uscc);
        done(e)?;
        let id = RefId::new();
        w.tx().execute(
            "INSERT INTO cw_transporters (id, name, uscc, permit_no, permit_until, created_at,
                updated_at, origin, clock) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6, ?7, ?8)",
            rusqlite::params![
                id,
                name,
                c,
                d.permit_no.trim(),
                until,
                w.now_ms(),
                w.origin(),
                w.clock()
            ],
        )?;
        w.log("cw_transporters", id.as_bytes(), None, None)?;
        Ok(id)
    })
}

/// Finds a live register entry by id or exact name (plate for vehicles).
pub fn find(conn: &Connection, register: &str, key: &str) -> Result<RefId> {
    let (table, col) = match register {
        "site" => ("cw_sites", "name"),
        "transporter" => ("cw_transporters", "name"),
        "vehicle" => ("cw_vehicles", "plate"),
        _ => ("cw_facilities", "name"),
    };
    let key = key.trim();
    let by_id = key.parse::<RefId>().ok();
    let plate = if register == "vehicle" {
        check_plate(key).unwrap_or_else(|_| key.to_string())
    } else {
        key.to_string()
    };
    // Two indexed lookups (the id, and the name or plate index): an OR of the two scans.
    let ids: Vec<RefId> = conn
        .prepare_cached(&format!(
            "SELECT id FROM {table} WHERE deleted = 0 AND id = ?1
             UNION SELECT id FROM {table} WHERE deleted = 0 AND {col} = ?2 LIMIT 2"
        ))?
        .query_map(rusqlite::params![by_id, plate], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    match ids.as_slice() {
        [id] => Ok(*id),
        _ => Err(not_found(register, key)),
    }
}

/// Adds a vehicle of a transporter, with its transport permit (准运证).
pub fn add_vehicle(l: &mut Ledger, d: &EntryDraft) -> Result<RefId> {
    l.write(|w| {
        let mut e = Vec::new();
        let plate = match check_plate(&d.name) {
            Ok(p) => p,
            Err(c) => {
                e.push(FieldError::new(None, "plate", c, &[("value", d.name.trim())]));
                String::new()
            }
        };
        let until = date(&mut e, "valid_until", &d.valid_until);
        let transporter = if d.transporter.trim().is_empty() {
            e.push(FieldError::new(None, "transporter", "required", &[]));
            None
        } else {
            match find(w.tx(), "transporter", &d.transporter) {
                Ok(t) => Some(t),
                Err(Error::NotFound { .. }) => {
                    e.push(FieldError::new(
                        None,
                        "transporter",
                        "unknown_value",
                        &[("value", d.transporter.trim())],
                    ));
                    None
                }
                Err(x) => return Err(x),
            }
        };
        if !plate.is_empty() {
            let dup: Option<String> = w
                .tx()
                .query_row(
                    "SELECT plate FROM cw_vehicles WHERE plate = ?1 AND deleted = 0",
                    [&plate],
                    |r| r.get(0),
                )
                .optional()?;
            if dup.is_some() {
                e.push(FieldError::new(None, "plate", "duplicate", &[("value", &plate)]));
            }
        }
        done(e)?;
        let id = RefId::new();
        w.tx().execute(
            "INSERT INTO cw_vehicles (id, transporter_id, plate, driver, permit_no, permit_until,
                created_at, updated_at, origin, clock) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7, ?8, ?9)",
            rusqlite::params![
                id, transporter, plate, d.driver.trim(), d.permit_no.trim(), until, w.now_ms(),
                w.origin(), w.clock()
            ],
        )?;
        w.log("cw_vehicles", id.as_bytes(), None, None)?;
        Ok(id)
    })
}

/// Adds a receiving facility.
pub fn add_facility(l: &mut Ledger, d: &EntryDraft) -> Result<RefId> {
    l.write(|w| {
        let mut e = Vec::new();
        let name = required(&mut e, "name", &d.name);
        let kind = match d.kind.trim() {
            "disposal" | "消纳" | "消纳场" => "disposal",
            "recycling" | "资源化" | "资源化利用" | "资源化利用厂" => "recycling",
            k => {
                e.push(FieldError::new(None, "kind", "bad_value", &[("value", k)]));
                ""
            }
        };
        let until = date(&mut e, "valid_until", &d.valid_until);
        let c = code(&mut e, &d.uscc);
        let dist = district(w.tx(), &mut e, &d.district)?;
        let capacity = match crate::units::parse_million(&d.capacity_t) {
            Ok(v) => v,
            Err(_) => {
                e.push(FieldError::new(
                    None,
                    "capacity_t",
                    "bad_quantity",
                    &[("value", d.capacity_t.trim())],
                ));
                None
            }
        };
        done(e)?;
        let id = RefId::new();
        w.tx().execute(
            "INSERT INTO cw_facilities (id, name, kind, uscc, district, approval_no, approval_until,
                capacity_g, created_at, updated_at, origin, clock)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9, ?10, ?11)",
            rusqlite::params![
                id, name, kind, c, dist, d.permit_no.trim(), until, capacity, w.now_ms(),
                w.origin(), w.clock()
            ],
        )?;
        w.log("cw_facilities", id.as_bytes(), None, None)?;
        Ok(id)
    })
}

/// The live entries of a register, by name.
pub fn list(conn: &Connection, register: &str) -> Result<Vec<Entry>> {
    let sql = match register {
        "site" => "SELECT id, name, approval_no, approval_until, builder_uscc, district, builder, '' FROM cw_sites WHERE deleted = 0 ORDER BY name",
        "transporter" => "SELECT id, name, permit_no, permit_until, uscc, NULL, '', '' FROM cw_transporters WHERE deleted = 0 ORDER BY name",
        "vehicle" => "SELECT v.id, v.plate, v.permit_no, v.permit_until, NULL, NULL, t.name, v.driver FROM cw_vehicles v JOIN cw_transporters t ON t.id = v.transporter_id WHERE v.deleted = 0 ORDER BY v.plate",
        _ => "SELECT id, name, approval_no, approval_until, uscc, district, kind, '' FROM cw_facilities WHERE deleted = 0 ORDER BY name",
    };
    let mut st = conn.prepare_cached(sql)?;
    let rows = st.query_map([], |r| {
        Ok(Entry {
            id: r.get(0)?,
            register: register.to_string(),
            name: r.get(1)?,
            permit_no: r.get(2)?,
            valid_until: r.get(3)?,
            uscc: r.get(4)?,
            district: r.get(5)?,
            detail: r.get(6)?,
            driver: r.get(7)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// One live entry of a register by id or name (plate for vehicles).
pub fn get(conn: &Connection, register: &str, key: &str) -> Result<Entry> {
    let id = find(conn, register, key)?;
    list(conn, register)?
        .into_iter()
        .find(|e| e.id == id)
        .ok_or_else(|| not_found(register, key))
}

fn not_found(register: &str, key: &str) -> Error {
    Error::NotFound {
        what: match register {
            "site" => "site",
            "transporter" => "transporter",
            "vehicle" => "vehicle",
            _ => "facility",
        },
        key: key.into(),
    }
}

/// Used by the writer of manifests: the validity date of an entry's approval or permit.
pub(crate) fn valid_until(w: &Writer<'_>, register: &str, id: RefId) -> Result<Option<String>> {
    let sql = match register {
        "site" => "SELECT approval_until FROM cw_sites WHERE id = ?1",
        "transporter" => "SELECT permit_until FROM cw_transporters WHERE id = ?1",
        "vehicle" => "SELECT permit_until FROM cw_vehicles WHERE id = ?1",
        _ => "SELECT approval_until FROM cw_facilities WHERE id = ?1",
    };
    Ok(w.tx()
        .query_row(sql, [id], |r| r.get(0))
        .optional()?
        .flatten())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plates_are_normalised_and_checked() {
        assert_eq!(check_plate("吉a·12345"), Ok("吉A12345".into()));
        assert_eq!(
            check_plate("吉AD12345"),
            Ok("吉AD12345".into()),
            "new-energy plate"
        );
        assert!(check_plate("XA12345").is_err(), "no province character");
        assert!(check_plate("吉A1234").is_err(), "too short");
        assert!(check_plate("吉AO2345").is_err(), "no letter O");
        assert!(
            check_plate("吉12345A").is_err(),
            "second character is a letter"
        );
    }
}

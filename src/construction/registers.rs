//! The registers of construction-waste supervision: emitting sites (工地), transporters
//! (运输单位) and their vehicles, and receiving facilities (消纳场 / 资源化利用厂).

use rusqlite::{Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

use super::{entry_rules, plates};
use crate::cells::uscc;
use crate::db::Ledger;
use crate::error::{Error, FieldError, Result, Rule};
use crate::ids::RefId;
use crate::profile;

/// The four registers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum Register {
    /// Emitting sites (工地).
    Site,
    /// Transporters (运输单位).
    Transporter,
    /// Vehicles (车辆), named by plate.
    Vehicle,
    /// Receiving facilities (消纳场 / 资源化利用厂).
    Facility,
}

impl Register {
    /// Every register, in the order forms list them.
    pub const ALL: [Register; 4] = [
        Register::Site,
        Register::Transporter,
        Register::Vehicle,
        Register::Facility,
    ];

    /// The stable key (`site`, `transporter`, `vehicle`, `facility`).
    pub fn key(self) -> &'static str {
        match self {
            Register::Site => "site",
            Register::Transporter => "transporter",
            Register::Vehicle => "vehicle",
            Register::Facility => "facility",
        }
    }

    /// Chinese label.
    pub fn label_zh(self) -> &'static str {
        match self {
            Register::Site => "工地",
            Register::Transporter => "运输单位",
            Register::Vehicle => "车辆",
            Register::Facility => "消纳场所",
        }
    }

    /// English label.
    pub fn label_en(self) -> &'static str {
        match self {
            Register::Site => "Sites",
            Register::Transporter => "Transporters",
            Register::Vehicle => "Vehicles",
            Register::Facility => "Facilities",
        }
    }

    fn table_and_name(self) -> (&'static str, &'static str) {
        match self {
            Register::Site => ("cw_sites", "name"),
            Register::Transporter => ("cw_transporters", "name"),
            Register::Vehicle => ("cw_vehicles", "plate"),
            Register::Facility => ("cw_facilities", "name"),
        }
    }
}

/// Normalises a plate as typed (`吉ａ·12345` → `吉A12345`) and checks it against the shapes
/// of GA 36-2018 (see [`plates`]); the error is the field-error code.
pub fn check_plate(input: &str) -> std::result::Result<String, &'static str> {
    plates::check(input).map(|p| p.0).map_err(|e| match e {
        plates::PlateError::Shape => "bad_plate",
        plates::PlateError::Special(..) => "special_plate",
    })
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
    /// The reason for keeping a code whose check character fails (empty: no override).
    pub uscc_override: String,
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
    /// Facility: `disposal`, `recycling`, `transfer`, `backfill` or `restoration` (or 消纳,
    /// 资源化利用, 中转/分拣, 回填, 生态修复).
    pub kind: String,
    /// Facility: annual capacity, tonnes.
    pub capacity_t: String,
    /// Facility: the categories it accepts (keys or Chinese names, comma-separated); empty:
    /// its kind's defaults.
    pub accepts: String,
    /// Vehicle: rated payload (核定载质量), tonnes.
    pub rated_payload_t: String,
    /// Vehicle: box volume (货厢容积), m³.
    pub box_volume_m3: String,
}

/// One row of a register, as lists and forms show it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Entry {
    /// Id.
    pub id: RefId,
    /// Which register.
    pub register: Register,
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
    /// Vehicle: rated payload (核定载质量), grams.
    pub rated_payload_g: Option<i64>,
    /// Vehicle: box volume, cm³.
    pub box_volume_cm3: Option<i64>,
}

/// The structure warnings of an entry's credit code (the entry is saved regardless).
pub fn code_warnings(d: &EntryDraft) -> Vec<FieldError> {
    uscc::judge("uscc", &d.uscc, &d.uscc_override, None).warnings
}

fn district(conn: &Connection, errs: &mut Vec<FieldError>, v: &str) -> Result<String> {
    if v.trim().is_empty() {
        errs.push(FieldError::new(None, "district", Rule::Required, &[]));
        return Ok(String::new());
    }
    Ok(profile::resolve_district(conn, v)?.unwrap_or_else(|| {
        errs.push(FieldError::new(
            None,
            "district",
            Rule::UnknownDistrict,
            &[("value", v.trim())],
        ));
        String::new()
    }))
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
        let (c, mut e) = entry_rules::check(Register::Site, d, false);
        let (d, name, until, builder_uscc, why) = (&c.draft, c.name, c.until, c.code, c.why);
        let dist = district(w.tx(), &mut e, &d.district)?;
        done(e)?;
        let id = RefId::new();
        w.tx().prepare_cached("INSERT INTO cw_sites (id, name, project_no, approval_no, approval_until, builder,
                builder_uscc, district, address, contact, phone, created_at, updated_at, origin, clock)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?12, ?13, ?14)")?.execute(rusqlite::params![
                id, name, d.project_no.trim(), d.permit_no.trim(), until, d.builder.trim(),
                builder_uscc, dist, d.address.trim(), d.contact.trim(), d.phone.trim(), w.now_ms(),
                w.origin(), w.clock()
            ],
        )?;
        w.log("cw_sites", id.as_bytes(), None, why.as_deref())?;
        Ok(id)
    })
}

/// Adds a transporter (运输单位).
pub fn add_transporter(l: &mut Ledger, d: &EntryDraft) -> Result<RefId> {
    l.write(|w| {
        let (k, e) = entry_rules::check(Register::Transporter, d, false);
        let (d, name, until, c, why) = (&k.draft, k.name, k.until, k.code, k.why);
        done(e)?;
        let id = RefId::new();
        w.tx()
            .prepare_cached(
                "INSERT INTO cw_transporters (id, name, uscc, permit_no, permit_until, created_at,
                updated_at, origin, clock) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6, ?7, ?8)",
            )?
            .execute(rusqlite::params![
                id,
                name,
                c,
                d.permit_no.trim(),
                until,
                w.now_ms(),
                w.origin(),
                w.clock()
            ])?;
        w.log("cw_transporters", id.as_bytes(), None, why.as_deref())?;
        Ok(id)
    })
}

/// Finds a live register entry by id or exact name (plate for vehicles).
pub fn find(conn: &Connection, register: Register, key: &str) -> Result<RefId> {
    let (table, col) = register.table_and_name();
    let key = key.trim();
    let by_id = key.parse::<RefId>().ok();
    let plate = if register == Register::Vehicle {
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
        let (c, mut e) = entry_rules::check(Register::Vehicle, d, false);
        let (d, plate, payload, volume, until) = (&c.draft, c.plate, c.payload, c.volume, c.until);
        let transporter = if d.transporter.trim().is_empty() {
            e.push(FieldError::new(None, "transporter", Rule::Required, &[]));
            None
        } else {
            match find(w.tx(), Register::Transporter, &d.transporter) {
                Ok(t) => Some(t),
                Err(Error::NotFound { .. }) => {
                    e.push(FieldError::new(
                        None,
                        "transporter",
                        Rule::UnknownValue,
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
                .prepare_cached("SELECT plate FROM cw_vehicles WHERE plate = ?1 AND deleted = 0")?.query_row([&plate],
                    |r| r.get(0),
                )
                .optional()?;
            if dup.is_some() {
                e.push(FieldError::new(
                    None,
                    "plate",
                    Rule::Duplicate,
                    &[("value", &plate)],
                ));
            }
        }
        done(e)?;
        let id = RefId::new();
        w.tx().prepare_cached("INSERT INTO cw_vehicles (id, transporter_id, plate, driver, permit_no, permit_until,
                created_at, updated_at, origin, clock, rated_payload_g, box_volume_cm3)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7, ?8, ?9, ?10, ?11)")?.execute(rusqlite::params![
                id,
                transporter,
                plate,
                d.driver.trim(),
                d.permit_no.trim(),
                until,
                w.now_ms(),
                w.origin(),
                w.clock(),
                payload,
                volume
            ],
        )?;
        w.log("cw_vehicles", id.as_bytes(), None, None)?;
        Ok(id)
    })
}

/// Adds a receiving facility.
pub fn add_facility(l: &mut Ledger, d: &EntryDraft) -> Result<RefId> {
    l.write(|w| {
        let (k, mut e) = entry_rules::check(Register::Facility, d, false);
        let (d, name, kind, accepts, until, c, why, capacity) = (
            &k.draft, k.name, k.kind, k.accepts, k.until, k.code, k.why, k.capacity,
        );
        let dist = district(w.tx(), &mut e, &d.district)?;
        done(e)?;
        let id = RefId::new();
        w.tx()
            .prepare_cached(
                "INSERT INTO cw_facilities (id, name, kind, accepts, uscc, district, approval_no,
                approval_until, capacity_g, created_at, updated_at, origin, clock)
             VALUES (?1, ?2, ?3, ?12, ?4, ?5, ?6, ?7, ?8, ?9, ?9, ?10, ?11)",
            )?
            .execute(rusqlite::params![
                id,
                name,
                kind,
                c,
                dist,
                d.permit_no.trim(),
                until,
                capacity,
                w.now_ms(),
                w.origin(),
                w.clock(),
                accepts
            ])?;
        w.log("cw_facilities", id.as_bytes(), None, why.as_deref())?;
        Ok(id)
    })
}

/// The live entries of a register, by name.
pub fn list(conn: &Connection, register: Register) -> Result<Vec<Entry>> {
    let sql = match register {
        Register::Site => "SELECT id, name, approval_no, approval_until, builder_uscc, district, builder, '', NULL, NULL FROM cw_sites WHERE deleted = 0 ORDER BY name",
        Register::Transporter => "SELECT id, name, permit_no, permit_until, uscc, NULL, '', '', NULL, NULL FROM cw_transporters WHERE deleted = 0 ORDER BY name",
        Register::Vehicle => "SELECT v.id, v.plate, v.permit_no, v.permit_until, NULL, NULL, t.name, v.driver, v.rated_payload_g, v.box_volume_cm3 FROM cw_vehicles v JOIN cw_transporters t ON t.id = v.transporter_id WHERE v.deleted = 0 ORDER BY v.plate",
        Register::Facility => "SELECT id, name, approval_no, approval_until, uscc, district, kind, '', NULL, NULL FROM cw_facilities WHERE deleted = 0 ORDER BY name",
    };
    let mut st = conn.prepare_cached(sql)?;
    let rows = st.query_map([], |r| {
        Ok(Entry {
            id: r.get(0)?,
            register,
            name: r.get(1)?,
            permit_no: r.get(2)?,
            valid_until: r.get(3)?,
            uscc: r.get(4)?,
            district: r.get(5)?,
            detail: r.get(6)?,
            driver: r.get(7)?,
            rated_payload_g: r.get(8)?,
            box_volume_cm3: r.get(9)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// One live entry of a register by id or name (plate for vehicles).
pub fn get(conn: &Connection, register: Register, key: &str) -> Result<Entry> {
    let id = find(conn, register, key)?;
    list(conn, register)?
        .into_iter()
        .find(|e| e.id == id)
        .ok_or_else(|| not_found(register, key))
}

/// Adds an entry to a register.
pub fn add(l: &mut Ledger, register: Register, d: &EntryDraft) -> Result<RefId> {
    match register {
        Register::Site => add_site(l, d),
        Register::Transporter => add_transporter(l, d),
        Register::Vehicle => add_vehicle(l, d),
        Register::Facility => add_facility(l, d),
    }
}

fn not_found(register: Register, key: &str) -> Error {
    Error::NotFound {
        what: register.key(),
        key: key.into(),
    }
}

/// Used by the writer of manifests: the approval or permit number of an entry and its
/// validity date.
pub(crate) fn permit(
    conn: &Connection,
    register: Register,
    id: RefId,
) -> Result<Option<(String, Option<String>)>> {
    let sql = match register {
        Register::Site => "SELECT approval_no, approval_until FROM cw_sites WHERE id = ?1",
        Register::Transporter => {
            "SELECT permit_no, permit_until FROM cw_transporters WHERE id = ?1"
        }
        Register::Vehicle => "SELECT permit_no, permit_until FROM cw_vehicles WHERE id = ?1",
        Register::Facility => "SELECT approval_no, approval_until FROM cw_facilities WHERE id = ?1",
    };
    Ok(conn
        .prepare_cached(sql)?
        .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?)
}

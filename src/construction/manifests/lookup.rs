//! Where a manifest's checks read what they check against: the registers (sites,
//! transporters, vehicles with their plates and payloads, facilities, and their permits) and
//! the settings (densities, the load ceiling, the hard cap). A form's save reads the ledger
//! itself; an import loads them once ([`Preloaded`]) and checks every row with the same
//! validators, rules and messages, without a query per party and row. An import writes no
//! register entry and no setting, so the maps stay true for its whole transaction.

use std::collections::HashMap;

use rusqlite::{Connection, OptionalExtension};

use super::{category, density_kg_m3, CATEGORIES};
use crate::construction::registers::{self, check_plate, Register};
use crate::error::{Error, Result};
use crate::ids::RefId;
use crate::profile::setting_or_default;
use crate::units::{Limit, Unit};

/// What a vehicle brings to a load: its transporter, usual driver and limits.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Vehicle {
    pub(super) transporter: RefId,
    pub(super) driver: String,
    pub(super) payload_g: Option<i64>,
    pub(super) volume_cm3: Option<i64>,
}

/// The registers and settings of a ledger, loaded once (see the module).
#[derive(Debug, Default)]
pub struct Preloaded {
    /// Live entries by name (plate for vehicles), per register.
    names: [HashMap<String, Vec<RefId>>; 4],
    /// Every entry of each register (live or not) with its approval or permit number and
    /// its validity date.
    permits: [HashMap<RefId, (String, Option<String>)>; 4],
    /// Live entries, per register.
    live: [std::collections::HashSet<RefId>; 4],
    vehicles: HashMap<RefId, Vehicle>,
    facility_kinds: HashMap<RefId, String>,
    densities: HashMap<&'static str, i64>,
    cap_g: i64,
    /// The load ceiling in tonnes and in m³, as stored (grams, cm³).
    load_max: (i64, i64),
}

const REGISTERS: [Register; 4] = [
    Register::Site,
    Register::Transporter,
    Register::Vehicle,
    Register::Facility,
];

fn slot(r: Register) -> usize {
    match r {
        Register::Site => 0,
        Register::Transporter => 1,
        Register::Vehicle => 2,
        Register::Facility => 3,
    }
}

impl Preloaded {
    /// Loads the registers and settings of the ledger `conn` is open on.
    pub fn load(conn: &Connection) -> Result<Preloaded> {
        let mut p = Preloaded::default();
        for r in REGISTERS {
            let (sql, name) = match r {
                Register::Site => (
                    "SELECT id, deleted, approval_no, approval_until, name FROM cw_sites",
                    4,
                ),
                Register::Transporter => (
                    "SELECT id, deleted, permit_no, permit_until, name FROM cw_transporters",
                    4,
                ),
                Register::Vehicle => (
                    "SELECT id, deleted, permit_no, permit_until, plate, transporter_id, driver,
                        rated_payload_g, box_volume_cm3 FROM cw_vehicles",
                    4,
                ),
                Register::Facility => (
                    "SELECT id, deleted, approval_no, approval_until, name, kind FROM cw_facilities",
                    4,
                ),
            };
            let i = slot(r);
            let mut st = conn.prepare(sql)?;
            let mut rows = st.query([])?;
            while let Some(row) = rows.next()? {
                let id: RefId = row.get(0)?;
                let deleted: i64 = row.get(1)?;
                p.permits[i].insert(id, (row.get(2)?, row.get(3)?));
                if deleted == 0 {
                    let n: String = row.get(name)?;
                    p.names[i].entry(n).or_default().push(id);
                    p.live[i].insert(id);
                }
                match r {
                    Register::Vehicle => {
                        p.vehicles.insert(
                            id,
                            Vehicle {
                                transporter: row.get(5)?,
                                driver: row.get(6)?,
                                payload_g: row.get(7)?,
                                volume_cm3: row.get(8)?,
                            },
                        );
                    }
                    Register::Facility => {
                        p.facility_kinds.insert(id, row.get(5)?);
                    }
                    _ => {}
                }
            }
        }
        for (c, _) in CATEGORIES {
            p.densities.insert(c, density_kg_m3(conn, c)?);
        }
        p.cap_g = cap_g(conn)?;
        p.load_max = (
            Limit::Load.stored(conn, Unit::Tonne)?,
            Limit::Load.stored(conn, Unit::CubicMetre)?,
        );
        Ok(p)
    }
}

impl Preloaded {
    /// A live register entry by id or exact name (plate for vehicles), as
    /// [`registers::find`] finds it in the ledger.
    pub fn find(&self, register: Register, key: &str) -> Result<RefId> {
        let i = slot(register);
        let key = key.trim();
        let plate = if register == Register::Vehicle {
            check_plate(key).unwrap_or_else(|_| key.to_string())
        } else {
            key.to_string()
        };
        let mut ids: Vec<RefId> = key
            .parse::<RefId>()
            .ok()
            .filter(|id| self.live[i].contains(id))
            .into_iter()
            .collect();
        for id in self.names[i].get(&plate).into_iter().flatten() {
            if !ids.contains(id) {
                ids.push(*id);
            }
        }
        match ids.as_slice() {
            [id] => Ok(*id),
            _ => Err(Error::NotFound {
                what: register.key(),
                key: key.into(),
            }),
        }
    }
}

/// The hard cap on one load in grams (`cw.max_load_t`).
fn cap_g(conn: &Connection) -> Result<i64> {
    let t: f64 = setting_or_default(conn, "cw.max_load_t")?
        .parse()
        .unwrap_or(49.0);
    Ok((t * 1e6).round() as i64)
}

/// The source the checks read: the ledger, or what an import preloaded from it.
#[derive(Clone, Copy)]
pub(crate) struct Lookup<'c> {
    pub(super) conn: &'c Connection,
    pre: Option<&'c Preloaded>,
}

impl<'c> Lookup<'c> {
    /// Reads the ledger itself.
    pub(crate) fn live(conn: &'c Connection) -> Lookup<'c> {
        Lookup { conn, pre: None }
    }

    /// Reads the maps of `pre` (loaded from `conn`'s ledger).
    pub(crate) fn preloaded(conn: &'c Connection, pre: &'c Preloaded) -> Lookup<'c> {
        Lookup {
            conn,
            pre: Some(pre),
        }
    }

    /// A live register entry by id or exact name (plate for vehicles), as
    /// [`registers::find`] finds it.
    pub(super) fn find(&self, register: Register, key: &str) -> Result<RefId> {
        match self.pre {
            Some(p) => p.find(register, key),
            None => registers::find(self.conn, register, key),
        }
    }

    /// A vehicle's transporter, usual driver and limits.
    pub(super) fn vehicle(&self, id: RefId) -> Result<Option<Vehicle>> {
        if let Some(p) = self.pre {
            return Ok(p.vehicles.get(&id).cloned());
        }
        Ok(self
            .conn
            .prepare_cached(
                "SELECT transporter_id, driver, rated_payload_g, box_volume_cm3 FROM cw_vehicles
                 WHERE id = ?1",
            )?
            .query_row([id], |r| {
                Ok(Vehicle {
                    transporter: r.get(0)?,
                    driver: r.get(1)?,
                    payload_g: r.get(2)?,
                    volume_cm3: r.get(3)?,
                })
            })
            .optional()?)
    }

    /// A facility's kind.
    pub(super) fn facility_kind(&self, id: RefId) -> Result<Option<String>> {
        if let Some(p) = self.pre {
            return Ok(p.facility_kinds.get(&id).cloned());
        }
        Ok(self
            .conn
            .prepare_cached("SELECT kind FROM cw_facilities WHERE id = ?1")?
            .query_row([id], |r| r.get(0))
            .optional()?)
    }

    /// The approval or permit number of an entry and its validity date.
    pub(crate) fn permit(
        &self,
        register: Register,
        id: RefId,
    ) -> Result<Option<(String, Option<String>)>> {
        if let Some(p) = self.pre {
            return Ok(p.permits[slot(register)].get(&id).cloned());
        }
        registers::permit(self.conn, register, id)
    }

    /// The density of a category now, kg/m³.
    pub(super) fn density(&self, cat: &str) -> Result<i64> {
        match self.pre.and_then(|p| p.densities.get(cat)) {
            Some(d) => Ok(*d),
            None => density_kg_m3(self.conn, category(cat).unwrap_or(cat)),
        }
    }

    /// The hard cap on one load, grams.
    pub(super) fn cap_g(&self) -> Result<i64> {
        match self.pre {
            Some(p) => Ok(p.cap_g),
            None => cap_g(self.conn),
        }
    }

    /// The load ceiling in the stored unit of `unit` (grams or cm³).
    pub(super) fn load_max(&self, unit: Unit) -> Result<i64> {
        match (self.pre, unit) {
            (Some(p), Unit::Tonne) => Ok(p.load_max.0),
            (Some(p), Unit::CubicMetre) => Ok(p.load_max.1),
            _ => Limit::Load.stored(self.conn, unit),
        }
    }
}

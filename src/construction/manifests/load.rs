//! What a truck may carry, the Chinese way (超限运输车辆行驶公路管理规定 Art. 3, and the
//! vehicle's 行驶证): a load above the vehicle's rated payload (核定载质量), or above its box
//! volume for a load declared in m³, needs a stated reason and is flagged as an overload; a
//! load above the hard cap (`cw.max_load_t`, 49 t: the largest legal gross mass of any
//! combination) is refused outright. And the follow-up of a refused load: the manifest that
//! took it elsewhere.

use super::lookup::Lookup;
use super::{get, grams, Manifest};
use crate::db::{Ledger, Writer};
use crate::error::{Error, FieldError, Result, Rule};
use crate::ids::RefId;
use crate::units::format_million;

/// The limits of a vehicle: rated payload (g) and box volume (cm³), when recorded.
fn vehicle_limits(look: &Lookup<'_>, vehicle: Option<RefId>) -> Result<(Option<i64>, Option<i64>)> {
    let Some(v) = vehicle else {
        return Ok((None, None));
    };
    Ok(look
        .vehicle(v)?
        .map_or((None, None), |v| (v.payload_g, v.volume_cm3)))
}

/// One load on one vehicle: `qty` in `unit` (g or cm³), through `density` kg/m³.
pub(super) struct Load<'a> {
    pub(super) vehicle: Option<RefId>,
    pub(super) unit: &'a str,
    pub(super) qty: i64,
    pub(super) density: i64,
}

/// Checks one load against the cap and the vehicle's limits. Returns whether it is over the
/// vehicle's limits (an overload), pushing the refusals into `e` under `field`: over the cap
/// always, over the limits without a reason.
pub(super) fn check(
    look: &Lookup<'_>,
    e: &mut Vec<FieldError>,
    field: &str,
    l: &Load<'_>,
    reason: &str,
) -> Result<bool> {
    let (vehicle, unit, qty) = (l.vehicle, l.unit, l.qty);
    let g = grams(unit, qty, Some(l.density)).unwrap_or(qty);
    let t = format_million(g);
    let cap = look.cap_g()?;
    if g > cap {
        e.push(FieldError::new(
            None,
            field,
            Rule::OverCap,
            &[("tonnes", &t), ("cap", &format_million(cap))],
        ));
        return Ok(false);
    }
    let (payload, volume) = vehicle_limits(look, vehicle)?;
    let mut over = None;
    if unit == "m3" {
        if let Some(v) = volume.filter(|v| qty > *v) {
            over = Some((
                format!("装载 {} 立方米", format_million(qty)),
                format!("a load of {} m³", format_million(qty)),
                format!("货厢容积 {} 立方米", format_million(v)),
                format!("box volume of {} m³", format_million(v)),
            ));
        }
    }
    if over.is_none() {
        if let Some(p) = payload.filter(|p| g > *p) {
            over = Some((
                format!("载重 {t} 吨"),
                format!("a load of {t} t"),
                format!("核定载质量 {} 吨", format_million(p)),
                format!("rated payload of {} t", format_million(p)),
            ));
        }
    }
    match over {
        Some((load, load_en, limit, limit_en)) => {
            if reason.trim().is_empty() {
                e.push(FieldError::new(
                    None,
                    field,
                    Rule::Overload,
                    &[
                        ("load", &load),
                        ("load_en", &load_en),
                        ("limit", &limit),
                        ("limit_en", &limit_en),
                    ],
                ));
            }
            Ok(true)
        }
        None => Ok(false),
    }
}

/// Links a refused or partly refused manifest to the follow-up manifest that took its load
/// elsewhere (same site and category, departing after the refusal).
pub fn link_followup(l: &mut Ledger, refused: &str, followup: &str) -> Result<Manifest> {
    let r = get(l.conn(), refused)?;
    let f = get(l.conn(), followup)?;
    l.write(|w| set_followup(w, &r, f.id))?;
    get(l.conn(), &r.number)
}

/// Records `followup` as the follow-up of `r`, with the rules of [`link_followup`].
pub(super) fn set_followup(w: &mut Writer<'_>, r: &Manifest, followup: RefId) -> Result<()> {
    if !matches!(r.outcome.as_deref(), Some("partial" | "refused")) {
        return Err(Error::field(
            "follows",
            Rule::FollowupNotRefused,
            &[("value", &r.number)],
        ));
    }
    if r.followup.is_some() {
        return Err(Error::field(
            "follows",
            Rule::FollowupExists,
            &[("value", &r.number)],
        ));
    }
    let (site, cat, dep, status): (RefId, String, Option<String>, String) = w.tx().query_row(
        "SELECT site_id, category, departure_at, status FROM cw_manifests WHERE id = ?1",
        [followup],
        |x| Ok((x.get(0)?, x.get(1)?, x.get(2)?, x.get(3)?)),
    )?;
    let after = r.received_at.clone().unwrap_or_default();
    let fits = followup != r.id
        && site == r.site_id
        && cat == r.category
        && status != "cancelled"
        && dep.as_deref().is_some_and(|d| d > after.as_str());
    if !fits {
        return Err(Error::field(
            "follows",
            Rule::FollowupMismatch,
            &[("value", &super::local_time(&after))],
        ));
    }
    let before = w.snapshot("cw_manifests", r.id.as_bytes())?;
    w.tx().execute(
        "UPDATE cw_manifests SET followup_id = ?2, updated_at = ?3, origin = ?4, clock = ?5
         WHERE id = ?1",
        rusqlite::params![r.id, followup, w.now_ms(), w.origin(), w.clock()],
    )?;
    w.log("cw_manifests", r.id.as_bytes(), before, None)
}

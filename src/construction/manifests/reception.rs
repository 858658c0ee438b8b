//! Reception at the facility's weighbridge: received and refused quantities that fit the
//! outcome, and a time after the departure.

use super::steps::{current, step_error};
use super::{get, parse_time, Manifest, Reception};
use crate::db::{Ledger, Writer};
use crate::error::{Error, FieldError, Result};
use crate::ids::RefId;
use crate::units::{parse_in, Unit};

pub(super) struct ValidReception {
    pub(super) received: i64,
    pub(super) refused: i64,
    pub(super) outcome: &'static str,
    pub(super) received_at: String,
}

/// `unit` is the manifest's and `max` its ceiling ([`crate::units::Limit::Load`], stored unit).
pub(super) fn validate_reception(
    r: &Reception,
    departure: Option<&str>,
    unit: Unit,
    max: i64,
) -> Result<ValidReception> {
    let mut e = Vec::new();
    let mut qty = |field: &str, v: &str, required: bool| match parse_in(v, unit, max) {
        Ok(Some(q)) => q,
        Ok(None) => {
            if required {
                e.push(FieldError::new(None, field, "required", &[]));
            }
            0
        }
        Err(q) => {
            e.push(q.to_field(None, field, v, unit));
            0
        }
    };
    let received = qty("received", &r.received, true);
    let refused = qty("refused", &r.refused, false);
    let outcome = match r.outcome.trim() {
        "accepted" | "接收" | "" => "accepted",
        "partial" | "部分拒收" => "partial",
        "refused" | "拒收" => "refused",
        o => {
            e.push(FieldError::new(
                None,
                "outcome",
                "bad_value",
                &[("value", o)],
            ));
            "accepted"
        }
    };
    let rule = match outcome {
        "accepted" if received <= 0 => {
            Some("接收时接收量应大于 0 / accepted needs a received quantity above 0")
        }
        "accepted" if refused != 0 => {
            Some("全部接收时拒收量应为 0 / accepted means nothing refused")
        }
        "partial" if !(0 < refused && refused < received) => {
            Some("部分拒收时 0 < 拒收量 < 接收量 / partial needs 0 < refused < received")
        }
        "refused" if refused != received || received == 0 => {
            Some("拒收时拒收量应等于接收量 / refused needs refused = received")
        }
        _ => None,
    };
    if let Some(rule) = rule {
        e.push(FieldError::new(
            None,
            "refused",
            "refused_fits_outcome",
            &[("rule", rule)],
        ));
    }
    let received_at = match parse_time(&r.received_at) {
        Some(t) => {
            if super::is_future(&t) {
                let at = super::local_time(&t);
                e.push(FieldError::new(
                    None,
                    "received_at",
                    "future_time",
                    &[("value", &at)],
                ));
            }
            if let Some(dep) = departure {
                if t.as_str() <= dep {
                    e.push(FieldError::new(
                        None,
                        "received_at",
                        "before_departure",
                        &[("value", dep)],
                    ));
                }
            }
            t
        }
        None => {
            let code = if r.received_at.trim().is_empty() {
                "required"
            } else {
                "bad_datetime"
            };
            e.push(FieldError::new(
                None,
                "received_at",
                code,
                &[("value", r.received_at.trim())],
            ));
            String::new()
        }
    };
    if !e.is_empty() {
        return Err(Error::Invalid(e));
    }
    Ok(ValidReception {
        received,
        refused,
        outcome,
        received_at,
    })
}

/// Writes a checked reception and moves the manifest to `received`.
pub(super) fn apply(w: &mut Writer<'_>, id: RefId, v: &ValidReception) -> Result<()> {
    let before = w.snapshot("cw_manifests", id.as_bytes())?;
    w.tx().execute(
        "UPDATE cw_manifests SET status = 'received', received_qty = ?2, refused_qty = ?3,
            outcome = ?4, received_at = ?5, updated_at = ?6, origin = ?7, clock = ?8 WHERE id = ?1",
        rusqlite::params![
            id,
            v.received,
            v.refused,
            v.outcome,
            v.received_at,
            w.now_ms(),
            w.origin(),
            w.clock()
        ],
    )?;
    w.log("cw_manifests", id.as_bytes(), before, None)
}

/// Records the reception of a dispatched load at the facility.
pub fn receive(l: &mut Ledger, key: &str, r: &Reception) -> Result<Manifest> {
    let m = get(l.conn(), key)?;
    l.write(|w| {
        let (status, dep) = current(w, m.id)?;
        if status != "dispatched" {
            return Err(step_error(&status, "接收"));
        }
        let unit = Unit::of_manifest(&m.unit);
        let max = crate::units::Limit::Load.stored(w.tx(), unit)?;
        let v = validate_reception(r, dep.as_deref(), unit, max)?;
        apply(w, m.id, &v)
    })?;
    get(l.conn(), key)
}

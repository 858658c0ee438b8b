//! Reception at the facility's weighbridge: the weighbridge weighs tonnes, whatever unit the
//! load was declared in, with gross, tare and net (net = gross − tare) and its ticket number;
//! received and refused quantities that fit the outcome; a time after the departure; and the
//! received load checked against its vehicle like the declared one.

use super::lookup::Lookup;
use super::steps::{current, step_error};
use super::{get, load, parse_time, Manifest, Reception};
use crate::db::{Ledger, Writer};
use crate::error::{Error, FieldError, Result, Rule};
use crate::ids::RefId;
use crate::units::{format_million, parse_in, Unit};

/// What a reception is checked against: the load's vehicle, its frozen density and the
/// overload reason it already carries.
pub(super) struct Context {
    pub(super) vehicle: Option<RefId>,
    pub(super) density: i64,
    pub(super) overload_reason: String,
}

pub(super) struct ValidReception {
    pub(super) received: i64,
    pub(super) refused: i64,
    pub(super) gross: Option<i64>,
    pub(super) tare: Option<i64>,
    pub(super) ticket_no: Option<String>,
    pub(super) outcome: &'static str,
    pub(super) received_at: String,
    /// Set when the received load is over its vehicle's limits.
    pub(super) overload_reason: Option<String>,
}

/// A weight typed in tonnes, in grams, refused above `max` (grams).
fn qty(e: &mut Vec<FieldError>, field: &str, v: &str, max: i64) -> Option<i64> {
    match parse_in(v, Unit::Tonne, max) {
        Ok(q) => q,
        Err(q) => {
            e.push(q.to_field(None, field, v, Unit::Tonne));
            None
        }
    }
}

pub(super) fn validate_reception(
    look: &Lookup<'_>,
    r: &Reception,
    departure: Option<&str>,
    ctx: &Context,
) -> Result<ValidReception> {
    // The weighbridge weighs tonnes, whatever unit the load was declared in.
    let (
        Weighing {
            received,
            refused,
            weighed,
            outcome,
        },
        mut e,
    ) = check_weighing(r, look.load_max(Unit::Tonne)?);
    let reason = if r.overload_reason.trim().is_empty() {
        ctx.overload_reason.trim()
    } else {
        r.overload_reason.trim()
    };
    let weighed_load = load::Load {
        vehicle: ctx.vehicle,
        unit: "t",
        qty: received,
        density: ctx.density,
    };
    let over = received > 0 && load::check(look, &mut e, "received", &weighed_load, reason)?;
    let received_at = match parse_time(&r.received_at) {
        Some(t) => {
            if super::is_future(&t) {
                let at = super::local_time(&t);
                e.push(FieldError::new(
                    None,
                    "received_at",
                    Rule::FutureTime,
                    &[("value", &at)],
                ));
            }
            if let Some(dep) = departure {
                if t.as_str() <= dep {
                    e.push(FieldError::new(
                        None,
                        "received_at",
                        Rule::BeforeDeparture,
                        &[("value", &super::local_time(dep))],
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
    let ticket = r.ticket_no.trim();
    Ok(ValidReception {
        received,
        refused,
        gross: weighed.map(|x| x.0),
        tare: weighed.map(|x| x.1),
        ticket_no: (!ticket.is_empty()).then(|| ticket.to_string()),
        outcome,
        received_at,
        overload_reason: (over && !reason.is_empty()).then(|| reason.to_string()),
    })
}

/// Writes the fields of a checked reception (the status is the caller's).
pub(super) fn write(w: &Writer<'_>, id: RefId, v: &ValidReception) -> Result<()> {
    w.tx().execute(
        "UPDATE cw_manifests SET received_qty = ?2, refused_qty = ?3, outcome = ?4,
            received_at = ?5, gross_g = ?6, tare_g = ?7, ticket_no = ?8,
            overload_reason = coalesce(overload_reason, ?9),
            updated_at = ?10, origin = ?11, clock = ?12 WHERE id = ?1",
        rusqlite::params![
            id,
            v.received,
            v.refused,
            v.outcome,
            v.received_at,
            v.gross,
            v.tare,
            v.ticket_no,
            v.overload_reason,
            w.now_ms(),
            w.origin(),
            w.clock()
        ],
    )?;
    Ok(())
}

/// Writes a checked reception and moves the manifest to `received`.
pub(super) fn apply(w: &mut Writer<'_>, id: RefId, v: &ValidReception) -> Result<()> {
    let before = w.snapshot("cw_manifests", id.as_bytes())?;
    write(w, id, v)?;
    w.tx().execute(
        "UPDATE cw_manifests SET status = 'received' WHERE id = ?1",
        [id],
    )?;
    w.log("cw_manifests", id.as_bytes(), before, None)
}

/// Records the reception of a dispatched load at the facility.
pub fn receive(l: &mut Ledger, key: &str, r: &Reception) -> Result<Manifest> {
    let m = get(l.conn(), key)?;
    l.write(|w| {
        let (status, dep) = current(w, m.id)?;
        if status != "dispatched" {
            return Err(step_error(&status, ("接收", "received")));
        }
        let vehicle: Option<RefId> = w.tx().query_row(
            "SELECT vehicle_id FROM cw_manifests WHERE id = ?1",
            [m.id],
            |x| x.get(0),
        )?;
        let ctx = Context {
            vehicle,
            density: m.density_kg_m3.unwrap_or(1000),
            overload_reason: m.overload_reason.clone().unwrap_or_default(),
        };
        let v = validate_reception(&Lookup::live(w.tx()), r, dep.as_deref(), &ctx)?;
        apply(w, m.id, &v)
    })?;
    get(l.conn(), key)
}

/// A reception's weights as the rules read them.
pub struct Weighing {
    /// Received and refused, g.
    pub received: i64,
    /// See `received`.
    pub refused: i64,
    /// Gross and tare, g, when weighed.
    pub weighed: Option<(i64, i64)>,
    /// `accepted`, `partial` or `refused`.
    pub outcome: &'static str,
}

/// The rules of a reception's weights that need nothing but the form and the largest load
/// (`max`, g): gross, tare and net agreeing, and received and refused quantities that fit
/// the outcome. The form ([`validate_reception`]) and a bundle's rows (`sync::rules`) are
/// checked by this one function.
pub fn check_weighing(r: &Reception, max: i64) -> (Weighing, Vec<FieldError>) {
    let mut e = Vec::new();
    let gross = qty(&mut e, "gross", &r.gross, max);
    let tare = qty(&mut e, "tare", &r.tare, max);
    let net = qty(&mut e, "received", &r.received, max);
    let weighed = match (gross, tare) {
        (Some(g), Some(t)) if t > g => {
            e.push(FieldError::new(
                None,
                "tare",
                Rule::TareOverGross,
                &[("tare", &format_million(t)), ("gross", &format_million(g))],
            ));
            None
        }
        (Some(g), Some(t)) => Some((g, t)),
        (Some(_), None) => {
            e.push(FieldError::new(None, "tare", Rule::Required, &[]));
            None
        }
        (None, Some(_)) => {
            e.push(FieldError::new(None, "gross", Rule::Required, &[]));
            None
        }
        (None, None) => None,
    };
    let received = match (net, weighed) {
        (Some(n), Some((g, t))) => {
            if n != g - t {
                e.push(FieldError::new(
                    None,
                    "received",
                    Rule::NetMismatch,
                    &[
                        ("net", &format_million(n)),
                        ("gross", &format_million(g)),
                        ("tare", &format_million(t)),
                        ("expected", &format_million(g - t)),
                    ],
                ));
            }
            n
        }
        (Some(n), None) => n,
        (None, Some((g, t))) => g - t,
        (None, None) => {
            if r.received.trim().is_empty() && gross.is_none() && tare.is_none() {
                e.push(FieldError::new(None, "received", Rule::Required, &[]));
            }
            0
        }
    };
    let weight_errors = e.len();
    let refused = qty(&mut e, "refused", &r.refused, max).unwrap_or(0);
    let outcome = match r.outcome.trim() {
        "accepted" | "接收" | "" => "accepted",
        "partial" | "部分拒收" => "partial",
        "refused" | "拒收" => "refused",
        o => {
            e.push(FieldError::new(
                None,
                "outcome",
                Rule::BadValue,
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
    // A rule of the outcome means nothing when the weights themselves are wrong.
    let rule = rule.filter(|_| weight_errors == 0);
    if let Some(rule) = rule {
        e.push(FieldError::new(
            None,
            "refused",
            Rule::RefusedFitsOutcome,
            &[("rule", rule)],
        ));
    }
    (
        Weighing {
            received,
            refused,
            weighed,
            outcome,
        },
        e,
    )
}

//! The dispatch form checked: every field of a draft as typed, turned into stored values,
//! with the load checked against its vehicle.

use super::lookup::Lookup;
use super::{category, get, load, parse_time, DisposalMethod, ManifestDraft};
use crate::construction::registers::Register;
use crate::error::{Error, FieldError, Result, Rule};
use crate::ids::RefId;
use crate::units::{parse_in, Unit};

pub(super) struct Valid {
    pub(super) category: &'static str,
    pub(super) unit: &'static str,
    pub(super) declared: i64,
    /// The reason, kept only when the load is over its vehicle's limits.
    pub(super) overload_reason: Option<String>,
    pub(super) site: RefId,
    pub(super) transporter: Option<RefId>,
    pub(super) vehicle: Option<RefId>,
    pub(super) driver: String,
    pub(super) route: String,
    pub(super) facility: Option<RefId>,
    pub(super) departure_at: Option<String>,
    pub(super) disposal: Option<DisposalMethod>,
    pub(super) paper_no: Option<String>,
    pub(super) window_from: Option<String>,
    pub(super) window_to: Option<String>,
    /// The refused manifest this load takes elsewhere.
    pub(super) follows: Option<super::Manifest>,
    /// The density the load was checked with (kg/m³).
    pub(super) density: i64,
}

fn party(
    look: &Lookup<'_>,
    e: &mut Vec<FieldError>,
    register: Register,
    v: &str,
) -> Result<Option<RefId>> {
    if v.trim().is_empty() {
        return Ok(None);
    }
    match look.find(register, v) {
        Ok(id) => Ok(Some(id)),
        Err(Error::NotFound { .. }) => {
            e.push(FieldError::new(
                None,
                register.key(),
                Rule::UnknownValue,
                &[("value", v.trim())],
            ));
            Ok(None)
        }
        Err(x) => Err(x),
    }
}

fn time(e: &mut Vec<FieldError>, field: &str, v: &str) -> Option<String> {
    match v.trim() {
        "" => None,
        s => {
            let t = parse_time(s);
            if t.is_none() {
                e.push(FieldError::new(
                    None,
                    field,
                    Rule::BadDatetime,
                    &[("value", s)],
                ));
            }
            t
        }
    }
}

fn text(v: &str) -> Option<String> {
    let v = v.trim();
    (!v.is_empty()).then(|| v.to_string())
}

/// The disposal method a facility's kind implies, when the clerk gives none.
fn method_of_facility(look: &Lookup<'_>, f: RefId) -> Result<Option<DisposalMethod>> {
    let kind = look.facility_kind(f)?.unwrap_or_default();
    Ok(match kind.as_str() {
        "recycling" => Some(DisposalMethod::Recycling),
        "disposal" => Some(DisposalMethod::Landfill),
        "transfer" | "sorting" => Some(DisposalMethod::Transfer),
        "backfill" => Some(DisposalMethod::Backfill),
        _ => None,
    })
}

/// Checks a draft. `frozen` is the density frozen on the manifest, when it has one; a draft
/// is checked with its category's density now. `look` is where the registers and settings
/// are read (the ledger, or an import's preloaded maps).
/// A dispatch form's values as the rules read them with nothing but the form.
pub struct Own {
    /// The category's key.
    pub category: Option<&'static str>,
    /// `t` or `m3`.
    pub unit: &'static str,
    /// The declared quantity (g or cm³).
    pub declared: i64,
    /// The disposal method given (none: the facility's kind decides).
    pub disposal: Option<DisposalMethod>,
    /// Times, UTC RFC 3339.
    pub departure_at: Option<String>,
    /// See `departure_at`.
    pub window_from: Option<String>,
    /// See `departure_at`.
    pub window_to: Option<String>,
    /// The draft with every text cleaned.
    pub draft: ManifestDraft,
}

/// The rules of a dispatch that need nothing but the form and the largest load (`max`, in
/// the stored unit): texts, category, unit, a positive declared quantity, the disposal
/// method, the times and the delivery window's order. The form ([`validate`]) and a
/// bundle's rows (`sync::rules`) are checked by this one function.
pub fn check_own(
    d: &ManifestDraft,
    max: impl FnOnce(Unit) -> Result<i64>,
) -> Result<(Own, Vec<FieldError>)> {
    let mut e = Vec::new();
    let d = clean_draft(&mut e, d);
    let cat = category(&d.category);
    if cat.is_none() {
        let code = if d.category.trim().is_empty() {
            "required"
        } else {
            "unknown_category"
        };
        e.push(FieldError::new(
            None,
            "category",
            code,
            &[("value", d.category.trim())],
        ));
    }
    let unit = match d.unit.trim() {
        "t" | "吨" | "" => "t",
        "m3" | "m³" | "立方米" | "方" => "m3",
        u => {
            e.push(FieldError::new(
                None,
                "unit",
                Rule::BadValue,
                &[("value", u)],
            ));
            "t"
        }
    };
    let qty_unit = Unit::of_manifest(unit);
    let max = max(qty_unit)?;
    let declared = match parse_in(&d.declared, qty_unit, max) {
        Ok(Some(q)) if q > 0 => q,
        Ok(Some(_)) => {
            e.push(FieldError::new(None, "declared", Rule::NotPositiveQty, &[]));
            0
        }
        Ok(None) => {
            e.push(FieldError::new(None, "declared", Rule::Required, &[]));
            0
        }
        Err(q) => {
            e.push(q.to_field(None, "declared", &d.declared, qty_unit));
            0
        }
    };
    let disposal = match d.disposal_method.trim() {
        "" => None,
        m => {
            let p = DisposalMethod::parse(m);
            if p.is_none() {
                e.push(FieldError::new(
                    None,
                    "disposal_method",
                    Rule::BadValue,
                    &[("value", m)],
                ));
            }
            p
        }
    };
    let departure_at = time(&mut e, "departure_at", &d.departure_at);
    let window_from = time(&mut e, "window_from", &d.window_from);
    let window_to = time(&mut e, "window_to", &d.window_to);
    if let (Some(a), Some(b)) = (&window_from, &window_to) {
        if b <= a {
            e.push(FieldError::new(
                None,
                "window_to",
                Rule::WindowOrder,
                &[("value", d.window_from.trim())],
            ));
        }
    }
    let own = Own {
        category: cat,
        unit,
        declared,
        disposal,
        departure_at,
        window_from,
        window_to,
        draft: d,
    };
    Ok((own, e))
}

pub(super) fn validate(look: &Lookup<'_>, d: &ManifestDraft, frozen: Option<i64>) -> Result<Valid> {
    let (own, mut e) = check_own(d, |u| look.load_max(u))?;
    let Own {
        category: cat,
        unit,
        declared,
        departure_at,
        window_from,
        window_to,
        ..
    } = own;
    let d = &own.draft;
    let site = party(look, &mut e, Register::Site, &d.site)?;
    if d.site.trim().is_empty() {
        e.push(FieldError::new(None, "site", Rule::Required, &[]));
    }
    let vehicle = party(look, &mut e, Register::Vehicle, &d.vehicle)?;
    let mut transporter = party(look, &mut e, Register::Transporter, &d.transporter)?;
    let mut driver = d.driver.trim().to_string();
    if let Some(v) = vehicle {
        if let Some(found) = look.vehicle(v)? {
            if transporter.is_none() {
                transporter = Some(found.transporter);
            }
            if driver.is_empty() {
                driver = found.driver;
            }
        }
    }
    let reason = d.overload_reason.trim();
    let density = match (frozen, cat) {
        (Some(f), _) => f,
        (None, Some(c)) => look.density(c)?,
        (None, None) => 1000,
    };
    let over = if cat.is_some() && declared > 0 {
        let l = load::Load {
            vehicle,
            unit,
            qty: declared,
            density,
        };
        load::check(look, &mut e, "declared", &l, reason)?
    } else {
        false
    };
    let facility = party(look, &mut e, Register::Facility, &d.facility)?;
    let disposal = match own.disposal {
        Some(m) => Some(m),
        None if d.disposal_method.trim().is_empty() => match facility {
            Some(f) => method_of_facility(look, f)?,
            None => None,
        },
        None => None,
    };
    let follows = match d.follows.trim() {
        "" => None,
        k => match get(look.conn, k) {
            Ok(m) => Some(m),
            Err(Error::NotFound { .. }) => {
                e.push(FieldError::new(
                    None,
                    "follows",
                    Rule::UnknownValue,
                    &[("value", k)],
                ));
                None
            }
            Err(x) => return Err(x),
        },
    };
    if !e.is_empty() {
        return Err(Error::Invalid(e));
    }
    Ok(Valid {
        category: cat.unwrap_or("soil"),
        unit,
        declared,
        overload_reason: (over && !reason.is_empty()).then(|| reason.to_string()),
        site: site.unwrap_or_default(),
        transporter,
        vehicle,
        driver,
        route: d.route.trim().to_string(),
        facility,
        departure_at,
        disposal,
        paper_no: text(&d.paper_no),
        window_from,
        window_to,
        follows,
        density,
    })
}

/// The draft with every text field read by [`crate::text::clean`] (see there what is
/// stripped and what refused).
fn clean_draft(e: &mut Vec<FieldError>, d: &ManifestDraft) -> ManifestDraft {
    let mut t =
        |field: &str, v: &str, max: usize| crate::text::clean(e, None, field, v, max, false);
    ManifestDraft {
        category: t("category", &d.category, 20),
        unit: t("unit", &d.unit, 10),
        declared: t("declared", &d.declared, 30),
        overload_reason: t("overload_reason", &d.overload_reason, 200),
        site: t("site", &d.site, 100),
        transporter: t("transporter", &d.transporter, 100),
        vehicle: t("vehicle", &d.vehicle, 40),
        driver: t("driver", &d.driver, 50),
        route: t("route", &d.route, 200),
        facility: t("facility", &d.facility, 100),
        departure_at: t("departure_at", &d.departure_at, 40),
        disposal_method: t("disposal_method", &d.disposal_method, 20),
        paper_no: t("paper_no", &d.paper_no, 60),
        window_from: t("window_from", &d.window_from, 40),
        window_to: t("window_to", &d.window_to, 40),
        follows: t("follows", &d.follows, 60),
    }
}

//! The rules of a register entry that need nothing but the entry itself (登记规则): a name,
//! a plate of GA 36-2018's shapes, a date, a credit code by the rule cells follow, positive
//! limits, a facility's kind and the categories it accepts. The forms (`registers::add_*`)
//! and a bundle's rows (`sync::rules`) are checked by this one function; what needs the
//! ledger (a district, a transporter, a plate already taken) the form checks after it.

use chrono::NaiveDate;

use super::registers::{check_plate, EntryDraft, Register};
use super::{facilities, plates};
use crate::cells::uscc;
use crate::error::{FieldError, Rule};

/// An entry's values as the rules read them.
#[derive(Debug, Default)]
pub struct Checked {
    /// The draft with every text cleaned.
    pub draft: EntryDraft,
    /// The name (sites, transporters, facilities), trimmed.
    pub name: String,
    /// The plate, normalised (vehicles).
    pub plate: String,
    /// Valid until.
    pub until: Option<String>,
    /// The credit code and the reason kept for a code that fails its check.
    pub code: Option<String>,
    /// See `code`.
    pub why: Option<String>,
    /// Vehicle: rated payload (g) and box volume (cm³).
    pub payload: Option<i64>,
    /// See `payload`.
    pub volume: Option<i64>,
    /// Facility: its kind's key, the categories it accepts, its capacity (g).
    pub kind: &'static str,
    /// See `kind`.
    pub accepts: Option<String>,
    /// See `kind`.
    pub capacity: Option<i64>,
}

/// Checks an entry of `register`. `stored` reads a row kept in a ledger rather than a new
/// entry: a limit left empty by an older version of the forms (the schema allows it) is
/// not refused there.
pub fn check(register: Register, d: &EntryDraft, stored: bool) -> (Checked, Vec<FieldError>) {
    let mut e = Vec::new();
    let d = clean_draft(&mut e, d);
    let mut c = Checked::default();
    match register {
        Register::Site | Register::Transporter => {
            c.name = required(&mut e, "name", &d.name);
            c.until = date(&mut e, "valid_until", &d.valid_until);
            (c.code, c.why) = code(&mut e, &d);
        }
        Register::Vehicle => {
            c.plate = match check_plate(&d.name) {
                Ok(p) => p,
                Err(_) => {
                    e.push(plate_error(&d.name));
                    String::new()
                }
            };
            c.payload = limit(&mut e, "rated_payload_t", &d.rated_payload_t, !stored);
            c.volume = limit(&mut e, "box_volume_m3", &d.box_volume_m3, false);
            c.until = date(&mut e, "valid_until", &d.valid_until);
        }
        Register::Facility => {
            c.name = required(&mut e, "name", &d.name);
            c.kind = facilities::kind(&d.kind).unwrap_or_else(|| {
                e.push(FieldError::new(
                    None,
                    "kind",
                    Rule::BadValue,
                    &[("value", d.kind.trim())],
                ));
                ""
            });
            c.accepts = facilities::parse_accepts(&d.accepts).unwrap_or_else(|bad| {
                e.push(FieldError::new(
                    None,
                    "accepts",
                    Rule::UnknownCategory,
                    &[("value", &bad)],
                ));
                None
            });
            c.until = date(&mut e, "valid_until", &d.valid_until);
            (c.code, c.why) = code(&mut e, &d);
            c.capacity = match crate::units::parse_million(&d.capacity_t) {
                Ok(v) => v,
                Err(q) => {
                    let t = crate::units::Unit::Tonne;
                    e.push(q.to_field(None, "capacity_t", &d.capacity_t, t));
                    None
                }
            };
        }
    }
    c.draft = d;
    (c, e)
}

/// Grams (or cm³) written as tonnes (or m³) exactly, as a form would take them: a value
/// finer than a form accepts reads as one with too many decimals.
pub fn tonnes_text(v: Option<i64>) -> String {
    match v {
        None => String::new(),
        Some(g) => {
            let sign = if g < 0 { "-" } else { "" };
            let a = g.unsigned_abs();
            let frac = format!("{:06}", a % 1_000_000);
            let frac = frac.trim_end_matches('0');
            if frac.is_empty() {
                format!("{sign}{}", a / 1_000_000)
            } else {
                format!("{sign}{}.{frac}", a / 1_000_000)
            }
        }
    }
}

fn plate_error(input: &str) -> FieldError {
    let v = input.trim();
    match plates::check(input) {
        Err(plates::PlateError::Special(zh, en)) => FieldError::new(
            None,
            "plate",
            Rule::SpecialPlate,
            &[("value", v), ("kind", zh), ("kind_en", en)],
        ),
        _ => FieldError::new(None, "plate", Rule::BadPlate, &[("value", v)]),
    }
}

fn date(errs: &mut Vec<FieldError>, field: &str, v: &str) -> Option<String> {
    let v = v.trim();
    if v.is_empty() {
        return None;
    }
    match NaiveDate::parse_from_str(v, "%Y-%m-%d") {
        Ok(d) => Some(d.to_string()),
        Err(_) => {
            errs.push(FieldError::new(None, field, Rule::BadDate, &[("value", v)]));
            None
        }
    }
}

/// The credit code of an entry by the rule cells follow ([`uscc::judge`]): refusals go to
/// `errs`; the code and any override reason (kept in the change log) come back.
fn code(errs: &mut Vec<FieldError>, d: &EntryDraft) -> (Option<String>, Option<String>) {
    let j = uscc::judge("uscc", &d.uscc, &d.uscc_override, None);
    errs.extend(j.errors);
    (j.code, j.override_reason)
}

fn required(errs: &mut Vec<FieldError>, field: &str, v: &str) -> String {
    let v = v.trim();
    if v.is_empty() {
        errs.push(FieldError::new(None, field, Rule::Required, &[]));
    }
    v.to_string()
}

/// A positive quantity in tonnes or m³ (as grams or cm³); `required` when it must be given.
fn limit(errs: &mut Vec<FieldError>, field: &str, v: &str, required: bool) -> Option<i64> {
    match crate::units::parse_million(v) {
        Ok(Some(q)) if q > 0 => Some(q),
        Ok(Some(_)) => {
            errs.push(FieldError::new(None, field, Rule::NotPositive, &[]));
            None
        }
        Ok(None) => {
            if required {
                errs.push(FieldError::new(None, field, Rule::Required, &[]));
            }
            None
        }
        Err(_) => {
            errs.push(FieldError::new(
                None,
                field,
                Rule::BadQuantity,
                &[
                    ("value", v.trim()),
                    ("unit", "吨或立方米"),
                    ("unit_en", "t or m³"),
                ],
            ));
            None
        }
    }
}

/// The draft with every text field read by [`crate::text::clean`]: zero-width characters
/// stripped; control and direction characters and text past each field's length refused.
fn clean_draft(e: &mut Vec<FieldError>, d: &EntryDraft) -> EntryDraft {
    let mut t =
        |field: &str, v: &str, max: usize| crate::text::clean(e, None, field, v, max, false);
    let mut c = d.clone();
    c.name = t("name", &d.name, 100);
    c.project_no = t("project_no", &d.project_no, 50);
    c.permit_no = t("permit_no", &d.permit_no, 50);
    c.valid_until = t("valid_until", &d.valid_until, 20);
    c.builder = t("builder", &d.builder, 100);
    c.uscc = t("uscc", &d.uscc, 30);
    c.district = t("district", &d.district, 50);
    c.address = t("address", &d.address, 200);
    c.contact = t("contact", &d.contact, 50);
    c.phone = t("phone", &d.phone, 30);
    c.transporter = t("transporter", &d.transporter, 100);
    c.driver = t("driver", &d.driver, 50);
    c.kind = t("kind", &d.kind, 20);
    c.capacity_t = t("capacity_t", &d.capacity_t, 30);
    c.accepts = t("accepts", &d.accepts, 200);
    c.rated_payload_t = t("rated_payload_t", &d.rated_payload_t, 30);
    c.box_volume_m3 = t("box_volume_m3", &d.box_volume_m3, 30);
    c
}

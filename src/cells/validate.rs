//! The rules a cell must satisfy, shared by the window (checked as the clerk types), the
//! CLI and imports: every field is checked and every problem reported at once.

use chrono::Datelike;
use rusqlite::{Connection, OptionalExtension};

use super::places::{self, Place};
use super::{uscc, Cell, CellDraft};
use crate::error::{Error, FieldError, Result, Rule};
use crate::ids::{today, CellId};
use crate::profile;

/// A draft that passed every rule, in stored form.
#[derive(Debug, Clone, PartialEq)]
pub struct ValidCell {
    pub name: String,
    pub kind: String,
    pub uscc: Option<String>,
    pub uscc_override: Option<String>,
    pub district: String,
    pub address: String,
    pub contact: String,
    pub phone: String,
    pub manager: String,
    pub headcount: Option<i64>,
    pub baseline_headcount: Option<i64>,
    pub baseline_year: Option<i32>,
    /// The status to store: `Planned` for every new cell but generated or migrated ones.
    pub status: super::Status,
    /// 命名日期, with `status` certified.
    pub certified_on: Option<String>,
    /// 有效期至, with `status` certified.
    pub expires_on: Option<String>,
    /// Street, community, reporting area and the reason for sharing the code.
    pub place: Place,
}

impl ValidCell {
    /// The stored form of an existing cell (to tell whether an edit changes anything).
    pub(crate) fn of(c: &Cell) -> Self {
        ValidCell {
            name: c.name.clone(),
            kind: c.kind.clone(),
            uscc: c.uscc.clone(),
            uscc_override: c.uscc_override.clone(),
            district: c.district.clone(),
            address: c.address.clone(),
            contact: c.contact.clone(),
            phone: c.phone.clone(),
            manager: c.manager.clone(),
            headcount: c.headcount,
            baseline_headcount: c.baseline_headcount,
            baseline_year: c.baseline_year,
            status: c.status,
            certified_on: c.certified_on.clone(),
            expires_on: c.expires_on.clone(),
            place: Place {
                street: c.street.clone(),
                street_code: c.street_code.clone(),
                community: c.community.clone(),
                community_code: c.community_code.clone(),
                area: c.area.clone(),
                uscc_shared: c.uscc_shared_reason.clone(),
            },
        }
    }

    /// Whether the `cells` row itself would stay as it is (only the place differs).
    pub(crate) fn same_row(&self, other: &ValidCell) -> bool {
        let strip = |v: &ValidCell| ValidCell {
            place: Place::default(),
            ..v.clone()
        };
        strip(self) == strip(other)
    }

    /// The reasons the change log keeps with the cell: an override of a failing check
    /// character, and the reason for sharing a code with another live cell.
    pub(crate) fn log_reason(&self) -> Option<String> {
        match (&self.uscc_override, &self.place.uscc_shared) {
            (None, None) => None,
            (Some(o), None) => Some(o.clone()),
            (None, Some(s)) => Some(format!("共用统一社会信用代码：{s}")),
            (Some(o), Some(s)) => Some(format!("{o}；共用统一社会信用代码：{s}")),
        }
    }
}

/// Checks a draft against every rule. `editing` is the cell being edited (its own code is
/// not a duplicate of itself). Refusals come back as `Error::Invalid` listing every field.
pub fn validate(conn: &Connection, d: &CellDraft, editing: Option<CellId>) -> Result<ValidCell> {
    validate_with(conn, None, d, editing)
}

/// The kinds and districts a cell is checked against, loaded once (an import's rows are
/// checked against these rather than reading them again for every row; an import adds no
/// kind and no district, so they stay true for its transaction).
#[derive(Debug)]
pub(crate) struct Refs {
    kinds: Vec<profile::CellKind>,
    /// A live district's code and name, and an old code, each to the code it stands for.
    districts: std::collections::HashMap<String, String>,
}

impl Refs {
    /// Loads the kinds and districts of the ledger `conn` is open on.
    pub(crate) fn load(conn: &Connection) -> Result<Refs> {
        let mut districts = std::collections::HashMap::new();
        // As `profile::resolve_district` reads them: a district's code or name before an
        // old code.
        let mut st = conn.prepare("SELECT old_code, code FROM district_aliases")?;
        let mut q = st.query([])?;
        while let Some(r) = q.next()? {
            districts.insert(r.get(0)?, r.get(1)?);
        }
        let mut st = conn.prepare("SELECT code, name FROM districts WHERE deleted = 0")?;
        let mut q = st.query([])?;
        while let Some(r) = q.next()? {
            let (code, name): (String, String) = (r.get(0)?, r.get(1)?);
            districts.insert(name, code.clone());
            districts.insert(code.clone(), code);
        }
        Ok(Refs {
            kinds: profile::kinds(conn)?,
            districts,
        })
    }

    /// The code a district's code, name or old code stands for.
    pub(crate) fn district(&self, input: &str) -> Option<String> {
        self.districts.get(input.trim()).cloned()
    }
}

/// [`validate`], reading the kinds and districts from `refs` when given.
pub(crate) fn validate_with(
    conn: &Connection,
    refs: Option<&Refs>,
    d: &CellDraft,
    editing: Option<CellId>,
) -> Result<ValidCell> {
    let mut errs = Vec::new();
    let v = check(conn, refs, d, editing, &mut errs)?;
    if errs.is_empty() {
        Ok(v)
    } else {
        Err(Error::Invalid(errs))
    }
}

fn text(
    errs: &mut Vec<FieldError>,
    field: &str,
    value: &str,
    max: usize,
    required: bool,
) -> String {
    crate::text::clean(errs, None, field, value, max, required)
}

fn positive(errs: &mut Vec<FieldError>, field: &str, value: &str) -> Option<i64> {
    let v = value.trim();
    if v.is_empty() {
        return None;
    }
    match v.parse::<i64>() {
        Ok(n) if n > 0 => Some(n),
        Ok(_) => {
            errs.push(FieldError::new(None, field, Rule::NotPositive, &[]));
            None
        }
        Err(_) => {
            errs.push(FieldError::new(
                None,
                field,
                Rule::NotInteger,
                &[("value", v)],
            ));
            None
        }
    }
}

fn check(
    conn: &Connection,
    refs: Option<&Refs>,
    d: &CellDraft,
    editing: Option<CellId>,
    errs: &mut Vec<FieldError>,
) -> Result<ValidCell> {
    let start = errs.len();
    let v = check_fields(conn, refs, d, editing, errs)?;
    // Every problem in the form's order of fields, whichever check found it.
    errs[start..].sort_by_key(|e| {
        FORM_ORDER
            .iter()
            .position(|f| *f == e.field)
            .unwrap_or(FORM_ORDER.len())
    });
    Ok(v)
}

/// The fields of the cell form, in the order it shows them.
const FORM_ORDER: [&str; 17] = [
    "name",
    "kind",
    "uscc",
    "uscc_shared_reason",
    "district",
    "street",
    "community",
    "street_code",
    "community_code",
    "area",
    "address",
    "contact",
    "manager",
    "phone",
    "headcount",
    "baseline_headcount",
    "baseline_year",
];

fn check_fields(
    conn: &Connection,
    refs: Option<&Refs>,
    d: &CellDraft,
    editing: Option<CellId>,
    errs: &mut Vec<FieldError>,
) -> Result<ValidCell> {
    let kind = if d.kind.trim().is_empty() {
        errs.push(FieldError::new(None, "kind", Rule::Required, &[]));
        None
    } else {
        let k = match refs {
            Some(r) => profile::find_kind_in(&r.kinds, &d.kind).cloned(),
            None => profile::find_kind(conn, &d.kind)?,
        };
        if k.is_none() {
            errs.push(FieldError::new(
                None,
                "kind",
                Rule::UnknownKind,
                &[("value", d.kind.trim())],
            ));
        }
        k
    };

    let district = if d.district.trim().is_empty() {
        errs.push(FieldError::new(None, "district", Rule::Required, &[]));
        String::new()
    } else {
        let found = match refs {
            Some(r) => r.district(&d.district),
            None => profile::resolve_district(conn, &d.district)?,
        };
        match found {
            Some(c) => c,
            None => {
                errs.push(FieldError::new(
                    None,
                    "district",
                    Rule::UnknownDistrict,
                    &[("value", d.district.trim())],
                ));
                String::new()
            }
        }
    };
    let own = check_own(d, kind.as_ref().map(|k| k.key.as_str()), &district, errs);
    let (name, judged) = (own.name, own.uscc);
    let uscc_override = judged.override_reason;
    let mut uscc_shared = None;
    let uscc_value = match judged.code {
        None => {
            if kind.as_ref().is_some_and(|k| k.uscc_required) {
                errs.push(FieldError::new(None, "uscc", Rule::UsccRequired, &[]));
            }
            None
        }
        Some(code) => {
            let mut st = conn.prepare_cached(
                "SELECT id, name FROM cells WHERE uscc = ?1 AND deleted = 0 AND id IS NOT ?2
                 ORDER BY id LIMIT 1",
            )?;
            let other: Option<(CellId, String)> = st
                .query_row(rusqlite::params![code, editing], |r| {
                    Ok((r.get(0)?, r.get(1)?))
                })
                .optional()?;
            if let Some((_, oname)) = other {
                // A second live cell of the same unit (a school's second campus) may share the
                // code when the clerk says why; the reason goes to the change log.
                let reason = text(
                    errs,
                    "uscc_shared_reason",
                    &d.uscc_shared_reason,
                    200,
                    false,
                );
                if reason.is_empty() {
                    errs.push(FieldError::new(
                        None,
                        "uscc",
                        Rule::UsccDuplicate,
                        &[("other", &oname)],
                    ));
                } else {
                    uscc_shared = Some(reason);
                }
            }
            Some(code)
        }
    };

    let area = match d.area.trim() {
        "" => None,
        a => {
            let found = crate::areas::resolve(conn, a)?;
            if found.is_none() {
                errs.push(FieldError::new(
                    None,
                    "area",
                    Rule::UnknownArea,
                    &[("value", a)],
                ));
            }
            found
        }
    };
    let OwnFields {
        street,
        street_code,
        community,
        community_code,
        address,
        contact,
        manager,
        phone,
        headcount,
        baseline_headcount,
        baseline_year,
        ..
    } = own;
    Ok(ValidCell {
        name,
        kind: kind.map(|k| k.key).unwrap_or_default(),
        uscc: uscc_value,
        uscc_override,
        district,
        address,
        contact,
        phone,
        manager,
        headcount,
        baseline_headcount,
        baseline_year,
        status: super::Status::Planned,
        certified_on: None,
        expires_on: None,
        place: Place {
            street,
            street_code,
            community,
            community_code,
            area,
            uscc_shared,
        },
    })
}

/// A cell's place as checked: street, its code, community, its code.
pub(crate) type PlaceFields = (String, Option<String>, String, Option<String>);

/// The rules of a cell's place (street and community, their lengths and 12-digit codes, the
/// first 6 digits the district's when it is known, a community's first 9 its street's), part
/// of [`check_own`]; a bundle's `cell_places` rows are checked by it too.
pub(crate) fn check_place(
    d: &CellDraft,
    district: &str,
    errs: &mut Vec<FieldError>,
) -> PlaceFields {
    let street = text(errs, "street", &d.street, 50, false);
    let community = text(errs, "community", &d.community, 50, false);
    let street_code = places::check_code(errs, "street_code", &d.street_code, district);
    let community_code = places::check_code(errs, "community_code", &d.community_code, district);
    if let (Some(s), Some(c)) = (&street_code, &community_code) {
        if !c.starts_with(&s[..9]) {
            errs.push(FieldError::new(
                None,
                "community_code",
                Rule::Division12District,
                &[("value", c), ("district", &s[..9])],
            ));
        }
    }
    (street, street_code, community, community_code)
}

/// What a cell's draft holds that the rules check with nothing but the draft, its kind's key
/// and its district's code.
pub(crate) struct OwnFields {
    pub(crate) name: String,
    pub(crate) uscc: uscc::Judged,
    pub(crate) street: String,
    pub(crate) street_code: Option<String>,
    pub(crate) community: String,
    pub(crate) community_code: Option<String>,
    pub(crate) address: String,
    pub(crate) contact: String,
    pub(crate) manager: String,
    pub(crate) phone: String,
    pub(crate) headcount: Option<i64>,
    pub(crate) baseline_headcount: Option<i64>,
    pub(crate) baseline_year: Option<i32>,
}

/// The rules of a cell that need nothing but the draft, its kind's key and its district's
/// code: names and texts, the credit code, the division codes, the phone, head counts and
/// the baseline year. The form ([`validate`]) and a bundle's rows (`sync::rules`) are
/// checked by this one function.
pub(crate) fn check_own(
    d: &CellDraft,
    kind: Option<&str>,
    district: &str,
    errs: &mut Vec<FieldError>,
) -> OwnFields {
    let name = text(errs, "name", &d.name, 100, true);
    let mut judged = uscc::judge("uscc", &d.uscc, &d.uscc_override, kind);
    errs.append(&mut judged.errors);
    let (street, street_code, community, community_code) = check_place(d, district, errs);
    let address = text(errs, "address", &d.address, 200, false);
    let contact = text(errs, "contact", &d.contact, 50, false);
    let manager = text(errs, "manager", &d.manager, 50, false);
    let phone = text(errs, "phone", &d.phone, 30, false);
    if !phone
        .chars()
        .all(|c| c.is_ascii_digit() || "-+() 转".contains(c))
    {
        errs.push(FieldError::new(
            None,
            "phone",
            Rule::BadValue,
            &[("value", &phone)],
        ));
    }
    let headcount = positive(errs, "headcount", &d.headcount);
    let baseline_headcount = positive(errs, "baseline_headcount", &d.baseline_headcount);
    let baseline_year = match d.baseline_year.trim() {
        "" => None,
        y => match y.parse::<i32>() {
            Ok(y) if !(2000..=2100).contains(&y) => {
                errs.push(FieldError::new(None, "baseline_year", Rule::YearRange, &[]));
                None
            }
            Ok(y) if y > today().year() => {
                errs.push(FieldError::new(
                    None,
                    "baseline_year",
                    Rule::FutureYear,
                    &[],
                ));
                None
            }
            Ok(y) => Some(y),
            Err(_) => {
                errs.push(FieldError::new(
                    None,
                    "baseline_year",
                    Rule::NotInteger,
                    &[("value", y)],
                ));
                None
            }
        },
    };
    OwnFields {
        name,
        uscc: judged,
        street,
        street_code,
        community,
        community_code,
        address,
        contact,
        manager,
        phone,
        headcount,
        baseline_headcount,
        baseline_year,
    }
}

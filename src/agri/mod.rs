//! Agricultural waste (农业废弃物): the recovery of pesticide packaging (农药包装废弃物) and
//! agricultural film (农膜), and the utilisation of straw (秸秆) and livestock manure (畜禽粪污).
//!
//! Rules: 农药包装废弃物回收处理管理办法 (in force 2020-10-01) and 农用薄膜管理办法 (in force
//! 2020-09-01): points and recyclers keep a recovery ledger (date, quantity, who handed it in,
//! destination) for at least two years.
//!
//! - [`kinds`]: containers, materials (recyclable or not), film kinds, crops and livestock as
//!   data, built-in defaults with their sources;
//! - [`places`]: townships and villages (乡镇/村) per district, with their CSV import;
//! - [`points`]: recovery points (回收站点);
//! - [`entries`]: the recovery ledger (回收台账): hand-ins, corrections with a reason, and
//!   the two-year retention;
//! - [`outbound`]: where recovered material went, and the stock of a point (never negative);
//! - [`basis`]: pesticide sold by dealers and film used, the denominators of the rates;
//! - [`rates`]: film and packaging recovery rates and coverage, with formulas;
//! - [`straw`]: straw output and its five uses (五化), the utilisation rate vs the target;
//! - [`manure`]: manure generated (head count × factor) and utilised;
//! - [`import`]: ledger entries from CSV (all or nothing);
//! - [`bench`]: the benchmark of a year's rates and the entry save at millions of entries.

pub mod basis;
pub mod bench;
pub mod entries;
pub mod import;
pub mod kinds;
pub mod manure;
pub mod outbound;
pub mod places;
pub mod points;
pub mod rates;
pub mod rules;
pub mod straw;

use chrono::NaiveDate;
use rusqlite::Connection;

use crate::error::{FieldError, Result, Rule};
use crate::ids::{today, RefId};

/// Ledger entries are kept this many years (农药包装废弃物回收处理管理办法 and
/// 农用薄膜管理办法: recovery ledgers are kept at least two years).
pub const RETENTION_YEARS: i32 = 2;

/// The recovered streams: key, Chinese, English.
pub const STREAMS: &[(&str, &str, &str)] = &[
    ("pesticide", "农药包装废弃物", "Pesticide packaging"),
    ("film", "农膜", "Film"),
];

/// What a point takes: key, Chinese, English.
pub const TAKES: &[(&str, &str, &str)] = &[
    ("both", "农药包装和农膜", "Packaging and film"),
    ("pesticide", "农药包装废弃物", "Pesticide packaging"),
    ("film", "农膜", "Film"),
];

/// Where outbound material goes: key, Chinese, English.
pub const DESTINATIONS: &[(&str, &str, &str)] = &[
    ("recycler", "资源化利用", "Recycler"),
    ("incineration", "焚烧处置", "Incineration"),
    ("landfill", "填埋", "Landfill"),
];

/// Who hands material in: key, Chinese, English.
pub const GIVERS: &[(&str, &str, &str)] = &[
    ("farmer", "农户", "Farmer"),
    ("coop", "合作社", "Cooperative"),
    ("dealer", "农药经营者", "Dealer"),
];

/// The two recovered streams: `pesticide` (packaging) or `film`.
pub fn stream(input: &str) -> Option<&'static str> {
    match input.trim() {
        "pesticide" | "农药包装" | "农药包装废弃物" | "农药" => Some("pesticide"),
        "film" | "农膜" | "废旧农膜" => Some("film"),
        _ => None,
    }
}

/// A stream's name: (Chinese, English).
pub fn stream_names(s: &str) -> (&'static str, &'static str) {
    match s {
        "film" => ("农膜", "film"),
        _ => ("农药包装废弃物", "pesticide packaging"),
    }
}

/// Reads a date (YYYY-MM-DD, not in the future) into `errs` at `field`.
pub fn date(errs: &mut Vec<FieldError>, row: Option<usize>, field: &str, v: &str) -> String {
    let v = v.trim();
    match NaiveDate::parse_from_str(v, "%Y-%m-%d") {
        Ok(d) if v.len() == 10 && chrono::Datelike::year(&d) >= 2000 => {
            if d > today() {
                errs.push(FieldError::new(
                    row,
                    field,
                    Rule::FutureDate,
                    &[("value", v)],
                ));
            }
            v.to_string()
        }
        _ => {
            let rule = if v.is_empty() {
                Rule::Required
            } else {
                Rule::BadDate
            };
            errs.push(FieldError::new(row, field, rule, &[("value", v)]));
            String::new()
        }
    }
}

/// Reads a district (code or name) into `errs` at `field`.
pub fn district(
    conn: &Connection,
    errs: &mut Vec<FieldError>,
    row: Option<usize>,
    v: &str,
) -> Result<String> {
    let v = v.trim();
    if v.is_empty() {
        errs.push(FieldError::new(row, "district", Rule::Required, &[]));
        return Ok(String::new());
    }
    Ok(match crate::profile::resolve_district(conn, v)? {
        Some(c) => c,
        None => {
            errs.push(FieldError::new(
                row,
                "district",
                Rule::UnknownDistrict,
                &[("value", v)],
            ));
            String::new()
        }
    })
}

/// Reads an optional township of `district` (name or 12-digit code) into `errs`.
pub fn township(
    conn: &Connection,
    errs: &mut Vec<FieldError>,
    row: Option<usize>,
    district: &str,
    v: &str,
) -> Result<Option<RefId>> {
    let v = v.trim();
    if v.is_empty() || district.is_empty() {
        return Ok(None);
    }
    match places::find(conn, district, None, v)? {
        Some(p) if p.township.is_none() => Ok(Some(p.id)),
        Some(_) => {
            errs.push(FieldError::new(
                row,
                "township",
                Rule::PlaceLevel,
                &[("value", v)],
            ));
            Ok(None)
        }
        None => {
            errs.push(FieldError::new(
                row,
                "township",
                Rule::UnknownValue,
                &[("value", v)],
            ));
            Ok(None)
        }
    }
}

/// Reads a quantity typed in kilograms (or tonnes with `tonnes`) into grams; `required`
/// refuses an empty field, and a quantity must be above 0 when `positive`.
pub fn grams(
    errs: &mut Vec<FieldError>,
    row: Option<usize>,
    field: &str,
    v: &str,
    tonnes: bool,
    required: bool,
) -> i64 {
    use crate::units::{parse_in, Unit};
    let unit = if tonnes { Unit::Tonne } else { Unit::Kg };
    // At most 10 million tonnes in one figure: a county's whole straw output is far below.
    let max = 10_000_000_000_000;
    match parse_in(v, unit, max) {
        Ok(Some(g)) => g,
        Ok(None) => {
            if required {
                errs.push(FieldError::new(row, field, Rule::Required, &[]));
            }
            0
        }
        Err(q) => {
            errs.push(q.to_field(row, field, v, unit));
            0
        }
    }
}

/// Reads a whole number ≥ 0 (empty is 0).
pub fn count(errs: &mut Vec<FieldError>, row: Option<usize>, field: &str, v: &str) -> i64 {
    let t = v.trim().replace(',', "");
    if t.is_empty() {
        return 0;
    }
    match t.parse::<i64>() {
        Ok(n) if (0..=1_000_000_000).contains(&n) => n,
        _ => {
            errs.push(FieldError::new(
                row,
                field,
                Rule::NotInteger,
                &[("value", v.trim())],
            ));
            0
        }
    }
}

/// Reads a decimal typed by a clerk (`1.2`) into thousandths, within `lo..=hi`.
pub fn milli(
    errs: &mut Vec<FieldError>,
    row: Option<usize>,
    field: &str,
    v: &str,
    lo: f64,
    hi: f64,
) -> Option<i64> {
    let t = v.trim();
    if t.is_empty() {
        return None;
    }
    match t.parse::<f64>() {
        Ok(x) if x.is_finite() && x >= lo && x <= hi => Some((x * 1000.0).round() as i64),
        _ => {
            let (zh, en) = crate::error::field_names(field);
            errs.push(FieldError::new(
                row,
                field,
                Rule::SettingRange,
                &[
                    ("setting", zh),
                    ("setting_en", en),
                    ("value", t),
                    ("range", &format!("{lo} 至 {hi} 之间的数")),
                    ("range_en", &format!("a number from {lo} to {hi}")),
                ],
            ));
            None
        }
    }
}

/// Thousandths shown as a decimal (`1200` → `1.2`).
pub fn show_milli(m: i64) -> String {
    crate::units::format_kg(m)
}

/// A percentage of `num ÷ den`, to one decimal; `None` when there is no denominator.
pub fn pct(num: i64, den: i64) -> Option<f64> {
    (den > 0).then(|| (num as f64 * 1000.0 / den as f64).round() / 10.0)
}

//! Livestock manure (畜禽粪污) by farm (规模养殖场) or township, per year: generated is
//! estimated as head count × (dung + wastewater per head and day) × days (the kind's factors,
//! see `kinds`, frozen on the row); utilised as fertiliser (肥料化), biogas (能源化) or other.
//!
//! 畜禽粪污综合利用率 = utilised ÷ generated × 100% (畜禽粪污资源化利用工作考核办法).

use rusqlite::Connection;
use serde::{Deserialize, Serialize};

use crate::db::Writer;
use crate::error::{Error, FieldError, Result, Rule};
use crate::ids::RefId;
use crate::units::format_million;

/// A year's manure figures as a form gives them (tonnes).
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(default)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "ts", ts(rename = "AgriManureDraft"))]
pub struct ManureDraft {
    /// District.
    pub district: String,
    /// Township (optional).
    pub township: String,
    /// Farm name (empty: the township's scattered farming as a whole).
    pub farm: String,
    /// Farm's credit code (optional).
    pub farm_uscc: String,
    /// Year.
    pub year: String,
    /// Livestock kind (key or name).
    pub livestock: String,
    /// Head count (存栏, or 出栏 for kinds counted so).
    pub heads: String,
    /// Used as fertiliser, t.
    pub fertiliser: String,
    /// Used for biogas, t.
    pub biogas: String,
    /// Other use, t.
    pub other: String,
}

/// A stored row with its estimate.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "ts", ts(rename = "AgriManure"))]
pub struct Manure {
    /// Id.
    pub id: RefId,
    /// District.
    pub district: String,
    /// Township name.
    pub township: Option<String>,
    /// Farm.
    pub farm: String,
    /// Year.
    pub year: i64,
    /// Kind key.
    pub livestock: String,
    /// Heads.
    pub heads: i64,
    /// Dung per head and day, g.
    pub dung_g_day: i64,
    /// Wastewater per head and day, g.
    pub water_g_day: i64,
    /// Days.
    pub days: i64,
    /// Generated = heads × (dung + water) × days, g.
    pub generated_g: i64,
    /// Fertiliser, biogas, other, g.
    pub uses_g: [i64; 3],
    /// Utilised, g.
    pub utilised_g: i64,
    /// Rate, %.
    pub rate: Option<f64>,
}

/// The formula: (Chinese, English).
pub fn formula() -> (String, String) {
    (
        "畜禽粪污综合利用率 = （肥料化 + 能源化 + 其他利用量）÷ 产生量 × 100%；产生量 = 存栏（出栏）数 × （日粪便量 + 日污水量）× 饲养周期".into(),
        "manure utilisation rate = (fertiliser + biogas + other) ÷ generated × 100%; generated = heads × (dung + wastewater per day) × days".into(),
    )
}

/// Records (or replaces) a farm's or township's year; returns warnings (utilised above the
/// estimate: to check, not refused).
pub fn put(w: &mut Writer<'_>, d: &ManureDraft) -> Result<(Manure, Vec<FieldError>)> {
    let mut e = Vec::new();
    let district = super::district(w.tx(), &mut e, None, &d.district)?;
    let township = super::township(w.tx(), &mut e, None, &district, &d.township)?;
    let own = check_own(&mut e, d);
    let kind = super::kinds::read(
        w.tx(),
        &mut e,
        None,
        "livestock",
        "livestock",
        &d.livestock,
        true,
    )?;
    let ManureOwn {
        ref farm,
        year: y,
        heads,
        uses,
        ..
    } = own;
    let Some(kind) = kind.filter(|_| e.is_empty()) else {
        return Err(Error::Invalid(e));
    };
    let (dung, water, days) = (
        kind.dung_g_day.unwrap_or(0),
        kind.water_g_day.unwrap_or(0),
        kind.days.unwrap_or(365),
    );
    let key = "district = ?1 AND coalesce(township_id, x'') = coalesce(?2, x'') AND farm = ?3 AND year = ?4 AND livestock = ?5";
    let at = rusqlite::params![district, township, farm, y, kind.key];
    let before = crate::audit::state_where(w.tx(), "agri_manure", key, at)?;
    let id: RefId = before
        .as_ref()
        .and_then(|b| b.json["id"].as_str().and_then(|s| s.parse().ok()))
        .unwrap_or_default();
    w.tx().execute(
        "INSERT INTO agri_manure (id, district, township_id, farm, farm_uscc, year, livestock, heads,
            dung_g_day, water_g_day, days, fertiliser_g, biogas_g, other_g, created_at, updated_at, origin, clock)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?15, ?16, ?17)
         ON CONFLICT (id) DO UPDATE SET farm_uscc = excluded.farm_uscc, heads = excluded.heads,
            dung_g_day = excluded.dung_g_day, water_g_day = excluded.water_g_day, days = excluded.days,
            fertiliser_g = excluded.fertiliser_g, biogas_g = excluded.biogas_g, other_g = excluded.other_g,
            deleted = 0, updated_at = excluded.updated_at, origin = excluded.origin, clock = excluded.clock",
        rusqlite::params![
            id, district, township, farm, own.farm_uscc, y, kind.key, heads, dung, water, days, uses[0], uses[1],
            uses[2], w.now_ms(), w.origin(), w.clock()
        ],
    )?;
    w.log("agri_manure", id.as_bytes(), before, None)?;
    let row = list(w.tx(), &district, y)?
        .into_iter()
        .find(|r| r.id == id)
        .ok_or(Error::NotFound {
            what: "manure",
            key: id.to_string(),
        })?;
    let mut warn = Vec::new();
    if row.utilised_g > row.generated_g {
        warn.push(FieldError::new(
            None,
            "fertiliser",
            Rule::UseOverBasis,
            &[
                ("used", &format_million(row.utilised_g)),
                ("total", &format_million(row.generated_g)),
                ("basis", "估算产生量"),
                ("basis_en", "estimated amount generated"),
            ],
        ));
    }
    Ok((row, warn))
}

/// Rows of a district (every district when empty) and year (every year when 0).
pub fn list(conn: &Connection, district: &str, year: i64) -> Result<Vec<Manure>> {
    Ok(conn
        .prepare(
            "SELECT m.id, m.district, t.name, m.farm, m.year, m.livestock, m.heads, m.dung_g_day,
                    m.water_g_day, m.days, m.fertiliser_g, m.biogas_g, m.other_g
             FROM agri_manure m LEFT JOIN agri_places t ON t.id = m.township_id
             WHERE m.deleted = 0 AND (?1 = '' OR m.district = ?1) AND (?2 = 0 OR m.year = ?2)
             ORDER BY m.district, t.name, m.farm, m.year, m.livestock",
        )?
        .query_map(rusqlite::params![district, year], |r| {
            let (heads, dung, water, days): (i64, i64, i64, i64) =
                (r.get(6)?, r.get(7)?, r.get(8)?, r.get(9)?);
            let uses: [i64; 3] = [r.get(10)?, r.get(11)?, r.get(12)?];
            let generated_g = heads * (dung + water) * days;
            let utilised_g = uses.iter().sum();
            Ok(Manure {
                id: r.get(0)?,
                district: r.get(1)?,
                township: r.get(2)?,
                farm: r.get(3)?,
                year: r.get(4)?,
                livestock: r.get(5)?,
                heads,
                dung_g_day: dung,
                water_g_day: water,
                days,
                generated_g,
                uses_g: uses,
                utilised_g,
                rate: super::pct(utilised_g, generated_g),
            })
        })?
        .collect::<rusqlite::Result<_>>()?)
}

/// The manure utilisation rate of an area.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "ts", ts(rename = "AgriManureRate"))]
pub struct ManureRate {
    /// District.
    pub district: String,
    /// Township ("" for the district).
    pub township: String,
    /// Generated, g.
    pub generated_g: i64,
    /// Utilised, g.
    pub utilised_g: i64,
    /// Rate, %.
    pub rate: Option<f64>,
    /// Formula.
    pub formula: (String, String),
}

/// Manure utilisation rates of a year by township or district.
pub fn rates(
    conn: &Connection,
    district: &str,
    year: i64,
    by_township: bool,
) -> Result<Vec<ManureRate>> {
    rates_by(conn, district, year, &|r| {
        let t = if by_township {
            r.township.clone().unwrap_or_default()
        } else {
            String::new()
        };
        Some((r.district.clone(), t))
    })
}

/// The rates of a year with the rows grouped by `group` (district, township), leaving out
/// rows it gives None for: a city's or a reporting area's districts together, by the same
/// formula as one district's.
pub fn rates_by(
    conn: &Connection,
    district: &str,
    year: i64,
    group: &dyn Fn(&Manure) -> Option<(String, String)>,
) -> Result<Vec<ManureRate>> {
    let mut out: Vec<ManureRate> = Vec::new();
    for m in list(conn, district, year)? {
        let Some((d, t)) = group(&m) else {
            continue;
        };
        match out.iter_mut().find(|r| r.district == d && r.township == t) {
            Some(r) => {
                r.generated_g += m.generated_g;
                r.utilised_g += m.utilised_g;
            }
            None => out.push(ManureRate {
                district: d,
                township: t,
                generated_g: m.generated_g,
                utilised_g: m.utilised_g,
                rate: None,
                formula: formula(),
            }),
        }
    }
    for r in &mut out {
        r.rate = super::pct(r.utilised_g, r.generated_g);
    }
    Ok(out)
}

/// A farm's year that the rules check with nothing but the form.
pub struct ManureOwn {
    /// The farm's name.
    pub farm: String,
    /// Its credit code.
    pub farm_uscc: Option<String>,
    /// Year.
    pub year: i64,
    /// Heads.
    pub heads: i64,
    /// Fertiliser, biogas, other, g.
    pub uses: [i64; 3],
}

/// The rules of a farm's year that need nothing but the form: the farm's name and credit
/// code, the year, the heads and the quantities used. The form ([`put`]) and a bundle's
/// rows (`agri::rules`) are checked by this one function.
pub fn check_own(e: &mut Vec<FieldError>, d: &ManureDraft) -> ManureOwn {
    let farm = crate::text::clean(e, None, "farm", &d.farm, 60, false);
    let judged = crate::cells::uscc::judge("farm_uscc", &d.farm_uscc, "", None);
    e.extend(judged.errors);
    let y = super::straw::year(e, &d.year);
    let heads = super::count(e, None, "heads", &d.heads);
    let t = |e: &mut Vec<FieldError>, f: &str, v: &str| super::grams(e, None, f, v, true, false);
    let uses = [
        t(e, "fertiliser", &d.fertiliser),
        t(e, "biogas", &d.biogas),
        t(e, "other", &d.other),
    ];
    ManureOwn {
        farm,
        farm_uscc: judged.code,
        year: y,
        heads,
        uses,
    }
}

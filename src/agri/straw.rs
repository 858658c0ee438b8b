//! Straw (秸秆) by township (or district), year and season: crop, sown area, grain output and
//! the quantities used in each of the five uses (五化: 肥料化, 饲料化, 燃料化, 基料化, 原料化),
//! burned or left.
//!
//! 秸秆综合利用率 = utilised ÷ collectable × 100%, where collectable = grain output ×
//! straw-to-grain ratio (草谷比) × collection coefficient (可收集系数); the ratio and the
//! coefficient are the crop's (see `kinds`), frozen on the row when it is saved, and shown
//! with every figure. The target is the setting `target.straw_utilisation_rate` (90 %).

use rusqlite::Connection;
use serde::{Deserialize, Serialize};

use crate::db::Writer;
use crate::error::{Error, FieldError, Result, Rule};
use crate::ids::RefId;
use crate::units::format_million;

/// A season's straw figures as a form gives them (tonnes, and 亩 for the area).
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(default)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "ts", ts(rename = "AgriStrawDraft"))]
pub struct StrawDraft {
    /// District.
    pub district: String,
    /// Township (empty: the district as a whole).
    pub township: String,
    /// Year.
    pub year: String,
    /// `spring`, `summer`, `autumn` or `year` (春, 夏, 秋, 全年); default `year`.
    pub season: String,
    /// Crop (key or name).
    pub crop: String,
    /// Sown area, 亩.
    pub area_mu: String,
    /// Grain output, t.
    pub output: String,
    /// 肥料化, t.
    pub fertiliser: String,
    /// 饲料化, t.
    pub feed: String,
    /// 燃料化, t.
    pub fuel: String,
    /// 基料化, t.
    pub substrate: String,
    /// 原料化, t.
    pub raw_material: String,
    /// Burned, t.
    pub burned: String,
    /// Left unused, t.
    pub left: String,
}

/// A stored season with its figure.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "ts", ts(rename = "AgriStraw"))]
pub struct Straw {
    /// Id.
    pub id: RefId,
    /// District.
    pub district: String,
    /// Township name.
    pub township: Option<String>,
    /// Year.
    pub year: i64,
    /// Season.
    pub season: String,
    /// Crop key.
    pub crop: String,
    /// Sown area, m².
    pub area_m2: i64,
    /// Output, g.
    pub output_g: i64,
    /// 草谷比, thousandths.
    pub ratio_milli: i64,
    /// 可收集系数, thousandths.
    pub collect_milli: i64,
    /// The five uses, g: fertiliser, feed, fuel, substrate, raw material.
    pub uses_g: [i64; 5],
    /// Burned, g.
    pub burned_g: i64,
    /// Left, g.
    pub left_g: i64,
    /// Collectable = output × ratio × coefficient, g.
    pub collectable_g: i64,
    /// Utilised = the five uses, g.
    pub utilised_g: i64,
}

/// One 亩 in square metres (10000/15).
const MU_M2: f64 = 10_000.0 / 15.0;

fn season(v: &str) -> Option<&'static str> {
    match v.trim() {
        "" | "year" | "全年" => Some("year"),
        "spring" | "春" | "春季" => Some("spring"),
        "summer" | "夏" | "夏季" => Some("summer"),
        "autumn" | "秋" | "秋季" => Some("autumn"),
        _ => None,
    }
}

/// The year typed, within 2000..=2100.
pub fn year(e: &mut Vec<FieldError>, v: &str) -> i64 {
    match v.trim().parse::<i64>() {
        Ok(y @ 2000..=2100) => y,
        _ => {
            e.push(FieldError::new(
                None,
                "year",
                Rule::YearRange,
                &[("value", v.trim())],
            ));
            0
        }
    }
}

/// Records (or replaces) a season's straw figures, freezing the crop's ratio and coefficient.
/// Returns the row and warnings (uses above the collectable amount: to check, not refused).
pub fn put(w: &mut Writer<'_>, d: &StrawDraft) -> Result<(Straw, Vec<FieldError>)> {
    let mut e = Vec::new();
    let district = super::district(w.tx(), &mut e, None, &d.district)?;
    let township = super::township(w.tx(), &mut e, None, &district, &d.township)?;
    let own = check_own(&mut e, d);
    let crop = super::kinds::read(w.tx(), &mut e, None, "crop", "crop", &d.crop, true)?;
    let StrawOwn {
        year: y,
        season: s,
        area_m2,
        output,
        uses,
        burned,
        left,
    } = own;
    let Some(crop) = crop.filter(|_| e.is_empty()) else {
        return Err(Error::Invalid(e));
    };
    let (ratio, collect) = (
        crop.ratio_milli.unwrap_or(1000),
        crop.collect_milli.unwrap_or(1000),
    );
    let key = "district = ?1 AND coalesce(township_id, x'') = coalesce(?2, x'') AND year = ?3 AND season = ?4 AND crop = ?5";
    let at = rusqlite::params![district, township, y, s, crop.key];
    let before = crate::audit::state_where(w.tx(), "agri_straw", key, at)?;
    let id: RefId = before
        .as_ref()
        .and_then(|b| b.json["id"].as_str().and_then(|s| s.parse().ok()))
        .unwrap_or_default();
    w.tx().execute(
        "INSERT INTO agri_straw (id, district, township_id, year, season, crop, area_m2, output_g,
            ratio_milli, collect_milli, fertiliser_g, feed_g, fuel_g, substrate_g, material_g,
            burned_g, left_g, created_at, updated_at, origin, clock)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?18, ?19, ?20)
         ON CONFLICT (id) DO UPDATE SET area_m2 = excluded.area_m2, output_g = excluded.output_g,
            ratio_milli = excluded.ratio_milli, collect_milli = excluded.collect_milli,
            fertiliser_g = excluded.fertiliser_g, feed_g = excluded.feed_g, fuel_g = excluded.fuel_g,
            substrate_g = excluded.substrate_g, material_g = excluded.material_g,
            burned_g = excluded.burned_g, left_g = excluded.left_g, deleted = 0,
            updated_at = excluded.updated_at, origin = excluded.origin, clock = excluded.clock",
        rusqlite::params![
            id, district, township, y, s, crop.key, area_m2, output, ratio, collect, uses[0], uses[1],
            uses[2], uses[3], uses[4], burned, left, w.now_ms(), w.origin(), w.clock()
        ],
    )?;
    w.log("agri_straw", id.as_bytes(), before, None)?;
    let row = list(w.tx(), &district, y)?
        .into_iter()
        .find(|r| r.id == id)
        .ok_or(Error::NotFound {
            what: "straw",
            key: id.to_string(),
        })?;
    let mut warn = Vec::new();
    if row.utilised_g > row.collectable_g {
        warn.push(FieldError::new(
            None,
            "fertiliser",
            Rule::UseOverBasis,
            &[
                ("used", &format_million(row.utilised_g)),
                ("total", &format_million(row.collectable_g)),
                ("basis", "可收集量"),
                ("basis_en", "collectable amount"),
            ],
        ));
    }
    Ok((row, warn))
}

/// Straw rows of a district (every district when empty) and year (every year when 0).
pub fn list(conn: &Connection, district: &str, year: i64) -> Result<Vec<Straw>> {
    Ok(conn
        .prepare(
            "SELECT s.id, s.district, t.name, s.year, s.season, s.crop, s.area_m2, s.output_g,
                    s.ratio_milli, s.collect_milli, s.fertiliser_g, s.feed_g, s.fuel_g, s.substrate_g,
                    s.material_g, s.burned_g, s.left_g
             FROM agri_straw s LEFT JOIN agri_places t ON t.id = s.township_id
             WHERE s.deleted = 0 AND (?1 = '' OR s.district = ?1) AND (?2 = 0 OR s.year = ?2)
             ORDER BY s.district, t.name, s.year, s.season, s.crop",
        )?
        .query_map(rusqlite::params![district, year], |r| {
            let output_g: i64 = r.get(7)?;
            let (ratio, collect): (i64, i64) = (r.get(8)?, r.get(9)?);
            let uses: [i64; 5] = [r.get(10)?, r.get(11)?, r.get(12)?, r.get(13)?, r.get(14)?];
            Ok(Straw {
                id: r.get(0)?,
                district: r.get(1)?,
                township: r.get(2)?,
                year: r.get(3)?,
                season: r.get(4)?,
                crop: r.get(5)?,
                area_m2: r.get(6)?,
                output_g,
                ratio_milli: ratio,
                collect_milli: collect,
                uses_g: uses,
                burned_g: r.get(15)?,
                left_g: r.get(16)?,
                collectable_g: (i128::from(output_g) * i128::from(ratio) * i128::from(collect) / 1_000_000) as i64,
                utilised_g: uses.iter().sum(),
            })
        })?
        .collect::<rusqlite::Result<_>>()?)
}

/// The straw utilisation rate of an area.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "ts", ts(rename = "AgriStrawRate"))]
pub struct StrawRate {
    /// District.
    pub district: String,
    /// Township ("" for the district as a whole).
    pub township: String,
    /// Collectable, g.
    pub collectable_g: i64,
    /// Utilised, g.
    pub utilised_g: i64,
    /// Each use, g.
    pub uses_g: [i64; 5],
    /// Rate, %.
    pub rate: Option<f64>,
    /// Target, %.
    pub target: f64,
    /// Whether the rate meets the target.
    pub meets_target: bool,
    /// The ratios and coefficients used, per crop: (crop, 草谷比, 可收集系数).
    pub factors: Vec<(String, String, String)>,
    /// Formula: (Chinese, English).
    pub formula: (String, String),
}

/// Straw utilisation rates of a year, by township (`by_township`) or district.
pub fn rates(
    conn: &Connection,
    district: &str,
    year: i64,
    by_township: bool,
) -> Result<Vec<StrawRate>> {
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
    group: &dyn Fn(&Straw) -> Option<(String, String)>,
) -> Result<Vec<StrawRate>> {
    let target: f64 = crate::profile::setting_or_default(conn, "target.straw_utilisation_rate")?
        .parse()
        .unwrap_or(90.0);
    let mut out: Vec<StrawRate> = Vec::new();
    for s in list(conn, district, year)? {
        let Some((d, t)) = group(&s) else {
            continue;
        };
        let i = match out.iter().position(|r| r.district == d && r.township == t) {
            Some(i) => i,
            None => {
                out.push(StrawRate {
                    district: d,
                    township: t,
                    collectable_g: 0,
                    utilised_g: 0,
                    uses_g: [0; 5],
                    rate: None,
                    target,
                    meets_target: false,
                    factors: Vec::new(),
                    formula: (
                        "秸秆综合利用率 = （肥料化 + 饲料化 + 燃料化 + 基料化 + 原料化）÷ 可收集量 × 100%；可收集量 = 产量 × 草谷比 × 可收集系数".into(),
                        "straw utilisation rate = (fertiliser + feed + fuel + substrate + raw material) ÷ collectable × 100%; collectable = grain output × straw-to-grain ratio × collection coefficient".into(),
                    ),
                });
                out.len() - 1
            }
        };
        let r = &mut out[i];
        r.collectable_g += s.collectable_g;
        r.utilised_g += s.utilised_g;
        for k in 0..5 {
            r.uses_g[k] += s.uses_g[k];
        }
        let f = (
            s.crop.clone(),
            super::show_milli(s.ratio_milli),
            super::show_milli(s.collect_milli),
        );
        if !r.factors.contains(&f) {
            r.factors.push(f);
        }
    }
    for r in &mut out {
        r.rate = super::pct(r.utilised_g, r.collectable_g);
        r.meets_target = r.rate.is_some_and(|x| x >= r.target);
    }
    Ok(out)
}

/// A season's straw figures that the rules check with nothing but the form.
pub struct StrawOwn {
    /// Year.
    pub year: i64,
    /// Season's key.
    pub season: &'static str,
    /// Sown area, m².
    pub area_m2: i64,
    /// Output, g.
    pub output: i64,
    /// The five uses, g.
    pub uses: [i64; 5],
    /// Burned, g.
    pub burned: i64,
    /// Left, g.
    pub left: i64,
}

/// The rules of a season's straw figures that need nothing but the form: the year, the
/// season, the area and the quantities. The form ([`put`]) and a bundle's rows
/// (`agri::rules`) are checked by this one function.
pub fn check_own(e: &mut Vec<FieldError>, d: &StrawDraft) -> StrawOwn {
    let y = year(e, &d.year);
    let s = season(&d.season).unwrap_or_else(|| {
        e.push(FieldError::new(
            None,
            "season",
            Rule::BadValue,
            &[("value", d.season.trim())],
        ));
        "year"
    });
    let area_m2 = match super::milli(e, None, "area_mu", &d.area_mu, 0.0, 1e8) {
        Some(m) => (m as f64 / 1000.0 * MU_M2).round() as i64,
        None => 0,
    };
    let t = |e: &mut Vec<FieldError>, f: &str, v: &str, req: bool| {
        super::grams(e, None, f, v, true, req)
    };
    let output = t(e, "output", &d.output, true);
    let uses = [
        t(e, "fertiliser", &d.fertiliser, false),
        t(e, "feed", &d.feed, false),
        t(e, "fuel", &d.fuel, false),
        t(e, "substrate", &d.substrate, false),
        t(e, "raw_material", &d.raw_material, false),
    ];
    let burned = t(e, "burned", &d.burned, false);
    let left = t(e, "left", &d.left, false);
    StrawOwn {
        year: y,
        season: s,
        area_m2,
        output,
        uses,
        burned,
        left,
    }
}

/// A sown area in m² as a form takes it, in 亩 (exact to the thousandth).
pub fn mu_text(area_m2: i64) -> String {
    format!("{:.3}", area_m2 as f64 / MU_M2)
}

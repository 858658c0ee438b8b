//! The basis of the recovery rates: pesticide sold by dealers (农药经营者销售台账: date,
//! product, packages and weight) from which the packaging generated is estimated by the
//! setting `agri.packaging_rule`, and film used by township and crop (农膜使用台账).

use rusqlite::Connection;
use serde::{Deserialize, Serialize};

use crate::db::Writer;
use crate::error::{Error, FieldError, Result};
use crate::ids::RefId;

/// A dealer's sale (or a month's sales) as a form gives it.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(default)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "ts", ts(rename = "AgriSaleDraft"))]
pub struct SaleDraft {
    /// Date.
    pub date: String,
    /// Dealer (农药经营者).
    pub dealer: String,
    /// District.
    pub district: String,
    /// Township (optional).
    pub township: String,
    /// Product.
    pub product: String,
    /// Packages sold.
    pub packages: String,
    /// Weight sold, kg (formulation, packaging included as sold).
    pub weight: String,
}

/// Film used as a form gives it.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(default)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "ts", ts(rename = "AgriFilmUseDraft"))]
pub struct FilmUseDraft {
    /// Date (of the season's record).
    pub date: String,
    /// District.
    pub district: String,
    /// Township (optional).
    pub township: String,
    /// Crop.
    pub crop: String,
    /// Film kind.
    pub film_kind: String,
    /// Weight used, kg.
    pub weight: String,
}

/// Records a dealer's pesticide sale.
pub fn add_sale(w: &mut Writer<'_>, d: &SaleDraft) -> Result<RefId> {
    let mut e: Vec<FieldError> = Vec::new();
    let date = super::date(&mut e, None, "date", &d.date);
    let dealer = crate::text::clean(&mut e, None, "dealer", &d.dealer, 60, true);
    let district = super::district(w.tx(), &mut e, None, &d.district)?;
    let township = super::township(w.tx(), &mut e, None, &district, &d.township)?;
    let product = crate::text::clean(&mut e, None, "product", &d.product, 60, false);
    let packages = super::count(&mut e, None, "packages", &d.packages);
    let weight = super::grams(&mut e, None, "weight", &d.weight, false, true);
    if !e.is_empty() {
        return Err(Error::Invalid(e));
    }
    let id = RefId::new();
    w.tx().execute(
        "INSERT INTO agri_pesticide_sales (id, date, dealer, district, township_id, product, packages,
            weight_g, created_at, updated_at, origin, clock)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9, ?10, ?11)",
        rusqlite::params![id, date, dealer, district, township, product, packages, weight, w.now_ms(), w.origin(), w.clock()],
    )?;
    w.log("agri_pesticide_sales", id.as_bytes(), None, None)?;
    Ok(id)
}

/// Records film used.
pub fn add_film_use(w: &mut Writer<'_>, d: &FilmUseDraft) -> Result<RefId> {
    let mut e: Vec<FieldError> = Vec::new();
    let date = super::date(&mut e, None, "date", &d.date);
    let district = super::district(w.tx(), &mut e, None, &d.district)?;
    let township = super::township(w.tx(), &mut e, None, &district, &d.township)?;
    let crop = super::kinds::read(w.tx(), &mut e, None, "crop", "crop", &d.crop, true)?;
    let film = super::kinds::read(
        w.tx(),
        &mut e,
        None,
        "film_kind",
        "film",
        &d.film_kind,
        true,
    )?;
    let weight = super::grams(&mut e, None, "weight", &d.weight, false, true);
    let (Some(crop), Some(film)) = (crop, film) else {
        return Err(Error::Invalid(e));
    };
    if !e.is_empty() {
        return Err(Error::Invalid(e));
    }
    let id = RefId::new();
    w.tx().execute(
        "INSERT INTO agri_film_use (id, date, district, township_id, crop, film_kind, weight_g,
            created_at, updated_at, origin, clock)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8, ?9, ?10)",
        rusqlite::params![
            id,
            date,
            district,
            township,
            crop.key,
            film.key,
            weight,
            w.now_ms(),
            w.origin(),
            w.clock()
        ],
    )?;
    w.log("agri_film_use", id.as_bytes(), None, None)?;
    Ok(id)
}

/// The packaging estimate in force: the rule and its share.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "ts", ts(rename = "AgriEstimate"))]
pub struct Estimate {
    /// `share` (packaging = weight sold × share) or `count` (packaging pieces = packages sold).
    pub rule: String,
    /// The share, %, for `share`.
    pub share_pct: f64,
    /// The basis in words, Chinese.
    pub basis_zh: String,
    /// The basis in words, English.
    pub basis_en: String,
    /// The basis in a few words, Chinese (for warnings).
    pub short_zh: String,
    /// The basis in a few words, English.
    pub short_en: String,
}

/// The estimate rule from the settings. The default share, 15 %, lies between the county
/// surveys of 潜江市 (packaging 16.05 % of pesticide used by weight, 湖北植保 2024) and 永城市
/// (about 104 t of packaging from 800 t of pesticide, 13 %).
pub fn estimate(conn: &Connection) -> Result<Estimate> {
    let rule = crate::profile::setting_or_default(conn, "agri.packaging_rule")?;
    let share: f64 = crate::profile::setting_or_default(conn, "agri.packaging_share_pct")?
        .parse()
        .unwrap_or(15.0);
    Ok(if rule == "count" {
        Estimate {
            rule,
            share_pct: share,
            basis_zh: "产生量按农药经营者销售包装件数估算（一件一个包装废弃物），回收率按件数计".into(),
            basis_en: "generated estimated as the packages dealers sold (one waste package each); rate by count".into(),
            short_zh: "按销售包装件数估算".into(),
            short_en: "packages sold".into(),
        }
    } else {
        Estimate {
            rule: "share".into(),
            share_pct: share,
            basis_zh: format!("产生量 = 农药销售重量 × {share}%（设置 agri.packaging_share_pct）"),
            basis_en: format!(
                "generated = pesticide weight sold × {share}% (setting agri.packaging_share_pct)"
            ),
            short_zh: format!("销售重量 × {share}%"),
            short_en: format!("{share}% of the weight sold"),
        }
    })
}

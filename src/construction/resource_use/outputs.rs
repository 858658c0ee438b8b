//! What a facility used each month per product line, as tonnes of waste INPUT (the numerator
//! of the rates), with the product's mass beside it when known: a recycled brick includes
//! cement, so its mass would overstate the waste used. A month's input may exceed what the
//! facility received that month: plants work from stock, and that output counts.

use rusqlite::Connection;
use serde::Serialize;

use crate::cells::records::check_month;
use crate::construction::registers::find;
use crate::db::Ledger;
use crate::error::{Error, FieldError, Result, Rule};
use crate::ids::RefId;
use crate::units::{parse_in, Limit, Unit};

/// What a product line counts toward.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Counts {
    /// A building-material product: 资源化利用率 and 综合利用率.
    BuildingMaterial,
    /// Backfill or ecological restoration: 综合利用率 only.
    OtherUse,
    /// Landfill: neither.
    Nothing,
}

/// Product lines: key, Chinese, English, what they count toward.
pub const PRODUCTS: &[(&str, &str, &str, Counts)] = &[
    (
        "aggregate",
        "再生骨料",
        "Recycled aggregate",
        Counts::BuildingMaterial,
    ),
    (
        "brick",
        "再生砖/砌块",
        "Recycled bricks and blocks",
        Counts::BuildingMaterial,
    ),
    (
        "road",
        "再生道路材料",
        "Recycled road material",
        Counts::BuildingMaterial,
    ),
    (
        "other",
        "其他再生建材",
        "Other recycled building materials",
        Counts::BuildingMaterial,
    ),
    ("backfill", "回填", "Backfill", Counts::OtherUse),
    (
        "restoration",
        "生态修复",
        "Ecological restoration",
        Counts::OtherUse,
    ),
    ("landfill", "填埋", "Sent to landfill", Counts::Nothing),
];

/// What a product line counts toward (landfill for an unknown key).
pub fn counts(product: &str) -> Counts {
    PRODUCTS
        .iter()
        .find(|p| p.0 == product)
        .map(|p| p.3)
        .unwrap_or(Counts::Nothing)
}

fn product_key(input: &str) -> Option<&'static str> {
    let s = input.trim();
    let alias = match s {
        "再生砖" | "砖" | "砌块" => "brick",
        "骨料" => "aggregate",
        "道路材料" | "路基材料" => "road",
        "其他" | "其他再生产品" => "other",
        _ => s,
    };
    PRODUCTS
        .iter()
        .find(|p| p.0 == alias || p.1 == alias)
        .map(|p| p.0)
}

/// Checks one line of a month's use as a form gives it (product line; tonnes of waste input,
/// optionally `/` and the product's mass in tonnes, each at most `max` grams), adding its
/// refusals to `e`. The line as stored (product key, input and mass in grams) when its input
/// is a quantity; none for an empty input.
pub fn check_line(
    row: Option<usize>,
    product: &str,
    qty: &str,
    max: i64,
    e: &mut Vec<FieldError>,
) -> Option<(&'static str, i64, Option<i64>)> {
    let key = product_key(product);
    if key.is_none() {
        e.push(FieldError::new(
            row,
            "product",
            Rule::BadValue,
            &[("value", product.trim())],
        ));
    }
    let (input, mass) = qty.split_once('/').unwrap_or((qty, ""));
    let mut parse = |field: &str, v: &str| match parse_in(v, Unit::Tonne, max) {
        Ok(g) => g,
        Err(q) => {
            e.push(q.to_field(row, field, v, Unit::Tonne));
            None
        }
    };
    let input_g = parse("qty", input);
    let product_g = parse("product_qty", mass);
    input_g.map(|g| (key.unwrap_or(""), g, product_g))
}

/// Records one month of a facility's use: per product line, the tonnes of waste input,
/// optionally followed by `/` and the product's mass in tonnes (`brick` = `85/100`). Each
/// line given replaces that line of the month.
pub fn record_output(
    l: &mut Ledger,
    facility: &str,
    month: &str,
    lines: &[(String, String)],
) -> Result<usize> {
    l.write(|w| {
        let f = find(w.tx(), crate::construction::registers::Register::Facility, facility)?;
        let max = Limit::OutputT.stored(w.tx(), Unit::Tonne)?;
        let mut e = Vec::new();
        let month = check_month(month)
            .map_err(|c| e.push(FieldError::new(None, "month", c, &[("value", month)])))
            .unwrap_or_default();
        let mut rows = Vec::new();
        for (i, (product, qty)) in lines.iter().enumerate() {
            rows.extend(check_line(Some(i + 1), product, qty, max, &mut e));
        }
        if !e.is_empty() {
            return Err(Error::Invalid(e));
        }
        let key = "facility_id = ?1 AND month = ?2 AND product = ?3";
        for (product, g, mass) in &rows {
            let at = (f, month.as_str(), *product);
            let before = crate::audit::state_where(w.tx(), "cw_facility_outputs", key, at)?;
            let id: RefId = match &before {
                Some(b) => b.json["id"]
                    .as_str()
                    .and_then(|s| s.parse().ok())
                    .unwrap_or_default(),
                None => RefId::new(),
            };
            w.tx().execute(
                "INSERT INTO cw_facility_outputs (id, facility_id, month, product, input_g, product_g,
                    created_at, updated_at, origin, clock) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7, ?8, ?9)
                 ON CONFLICT (facility_id, month, product) DO UPDATE SET input_g = excluded.input_g,
                    product_g = excluded.product_g, note = '', deleted = 0,
                    updated_at = excluded.updated_at, origin = excluded.origin, clock = excluded.clock",
                rusqlite::params![id, f, month, product, g, mass, w.now_ms(), w.origin(), w.clock()],
            )?;
            w.log_where("cw_facility_outputs", id.as_bytes(), before, None, key, at)?;
        }
        Ok(rows.len())
    })
}

/// One recorded line.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct OutputLine {
    /// Facility name.
    pub facility: String,
    /// Month.
    pub month: String,
    /// Product key.
    pub product: String,
    /// Waste input, grams.
    pub input_g: i64,
    /// Product mass, grams, when known.
    pub product_g: Option<i64>,
    /// How the figure came about, set when the upgrade from version 2 derived it from the
    /// product mass: `v2_mass` (input = mass) or `v2_mass_85` (input = 85% of the mass).
    pub note: String,
}

/// The lines recorded from month `from` to `to` (of one facility, when given).
pub fn list(
    conn: &Connection,
    facility: Option<&str>,
    from: &str,
    to: &str,
) -> Result<Vec<OutputLine>> {
    let f = facility
        .filter(|f| !f.trim().is_empty())
        .map(|f| find(conn, crate::construction::registers::Register::Facility, f))
        .transpose()?;
    let mut st = conn.prepare_cached(
        "SELECT f.name, o.month, o.product, o.input_g, o.product_g, o.note
         FROM cw_facility_outputs o JOIN cw_facilities f ON f.id = o.facility_id
         WHERE o.deleted = 0 AND o.month BETWEEN ?1 AND ?2 AND (?3 IS NULL OR o.facility_id = ?3)
         ORDER BY o.month, f.name, o.product",
    )?;
    let rows = st.query_map(rusqlite::params![from, to, f], |r| {
        Ok(OutputLine {
            facility: r.get(0)?,
            month: r.get(1)?,
            product: r.get(2)?,
            input_g: r.get(3)?,
            product_g: r.get(4)?,
            note: r.get(5)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

//! What sites declare each month and category (the denominator of the rates, which is
//! generation, not facility intake): generated, reused on the site, and sent directly to
//! another site (土方平衡). Cubic metres are converted at entry with the category's density,
//! which is kept on the row so a later change of settings never rewrites a declaration.

use rusqlite::Connection;
use serde::{Deserialize, Serialize};

use crate::cells::records::check_month;
use crate::construction::manifests::{category, density};
use crate::construction::registers::find;
use crate::db::Ledger;
use crate::error::{Error, FieldError, Result, Rule};
use crate::ids::RefId;
use crate::units::{format_million, parse_in, Limit, Unit};

/// A declaration as a form gives it: every field as typed.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(default)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DeclarationDraft {
    /// Site (id or name).
    pub site: String,
    /// Month, YYYY-MM.
    pub month: String,
    /// Category key or Chinese name.
    pub category: String,
    /// `t` (default) or `m3`.
    pub unit: String,
    /// Generated, in the unit.
    pub generated: String,
    /// Reused on the site, in the unit.
    pub reused: String,
    /// Sent directly to another site (土方平衡), in the unit.
    pub balanced: String,
}

/// A stored declaration.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Declaration {
    /// Id.
    pub id: RefId,
    /// Site name.
    pub site: String,
    /// Month.
    pub month: String,
    /// Category key.
    pub category: String,
    /// Unit it was declared in.
    pub unit: String,
    /// Density used for m³, kg/m³.
    pub density_kg_m3: Option<i64>,
    /// Generated, grams.
    pub generated_g: i64,
    /// Reused on site, grams.
    pub reused_g: i64,
    /// 土方平衡 to another site, grams.
    pub balanced_g: i64,
}

/// A declaration's own figures once checked: month, category key, unit, and the quantities
/// in the unit's stored measure (grams, or cm³ for `m3`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checked {
    /// Month, YYYY-MM.
    pub month: String,
    /// Category key ("" when unknown).
    pub category: &'static str,
    /// `t` or `m3`.
    pub unit: &'static str,
    /// Generated.
    pub generated: i64,
    /// Reused on the site.
    pub reused: i64,
    /// Sent directly to another site.
    pub balanced: i64,
}

/// Checks what a declaration says of itself (month, category, unit, quantities within the
/// largest month `max_of` gives for the unit, reuse at most what was generated), adding its
/// refusals to `e`. Which site declares is the form's to check.
pub fn check_own(
    d: &DeclarationDraft,
    max_of: impl FnOnce(Unit) -> Result<i64>,
    e: &mut Vec<FieldError>,
) -> Result<Checked> {
    let month = check_month(&d.month)
        .map_err(|c| {
            e.push(FieldError::new(
                None,
                "month",
                c,
                &[("value", d.month.trim())],
            ))
        })
        .unwrap_or_default();
    let cat = category(&d.category).unwrap_or_else(|| {
        e.push(FieldError::new(
            None,
            "category",
            Rule::UnknownCategory,
            &[("value", d.category.trim())],
        ));
        ""
    });
    let unit = match d.unit.trim() {
        "" | "t" | "吨" => "t",
        "m3" | "m³" | "方" | "立方米" => "m3",
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
    let qty_unit = if unit == "m3" {
        Unit::CubicMetre
    } else {
        Unit::Tonne
    };
    // A site's month is bounded like a facility's month of output.
    let max = max_of(qty_unit)?;
    let mut qty = |field: &str, v: &str, required: bool| match parse_in(v, qty_unit, max) {
        Ok(Some(x)) => x,
        Ok(None) => {
            if required {
                e.push(FieldError::new(None, field, Rule::Required, &[]));
            }
            0
        }
        Err(q) => {
            e.push(q.to_field(None, field, v, qty_unit));
            0
        }
    };
    let (gen, reused, balanced) = (
        qty("generated", &d.generated, true),
        qty("reused", &d.reused, false),
        qty("balanced", &d.balanced, false),
    );
    if reused + balanced > gen {
        e.push(FieldError::new(
            None,
            "reused",
            Rule::UseExceedsGenerated,
            &[
                ("used", &format_million(reused + balanced)),
                ("generated", &format_million(gen)),
            ],
        ));
    }
    Ok(Checked {
        month,
        category: cat,
        unit,
        generated: gen,
        reused,
        balanced,
    })
}

/// Records (or replaces) a site's declaration for a month and category.
pub fn declare(l: &mut Ledger, d: &DeclarationDraft) -> Result<Declaration> {
    let id = l.write(|w| {
        let mut e = Vec::new();
        let site = match find(w.tx(), crate::construction::registers::Register::Site, &d.site) {
            Ok(s) => Some(s),
            Err(Error::NotFound { .. }) => {
                let code = if d.site.trim().is_empty() {
                    "required"
                } else {
                    "unknown_value"
                };
                e.push(FieldError::new(
                    None,
                    "site",
                    code,
                    &[("value", d.site.trim())],
                ));
                None
            }
            Err(x) => return Err(x),
        };
        let c = check_own(d, |u| Limit::OutputT.stored(w.tx(), u), &mut e)?;
        let (month, cat, unit) = (c.month, c.category, c.unit);
        let (gen, reused, balanced) = (c.generated, c.reused, c.balanced);
        if !e.is_empty() {
            return Err(Error::Invalid(e));
        }
        // m³ → grams: cm³ × kg/m³ ÷ 1000.
        let dens = if unit == "m3" && !cat.is_empty() {
            Some((density(w.tx(), cat)? * 1000.0).round() as i64)
        } else {
            None
        };
        let g = |v: i64| dens.map(|k| v * k / 1000).unwrap_or(v);
        let key = "site_id = ?1 AND month = ?2 AND category = ?3";
        let at = (site, month.as_str(), cat);
        let before = crate::audit::state_where(w.tx(), "cw_site_declarations", key, at)?;
        let id: RefId = match &before {
            Some(b) => b.json["id"]
                .as_str()
                .and_then(|s| s.parse().ok())
                .unwrap_or_default(),
            None => RefId::new(),
        };
        w.tx().execute(
            "INSERT INTO cw_site_declarations (id, site_id, month, category, generated_g, reused_g,
                balanced_g, unit, density_kg_m3, created_at, updated_at, origin, clock)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10, ?11, ?12)
             ON CONFLICT (site_id, month, category) DO UPDATE SET generated_g = excluded.generated_g,
                reused_g = excluded.reused_g, balanced_g = excluded.balanced_g, unit = excluded.unit,
                density_kg_m3 = excluded.density_kg_m3, deleted = 0,
                updated_at = excluded.updated_at, origin = excluded.origin, clock = excluded.clock",
            rusqlite::params![
                id,
                site,
                month,
                cat,
                g(gen),
                g(reused),
                g(balanced),
                unit,
                dens,
                w.now_ms(),
                w.origin(),
                w.clock()
            ],
        )?;
        w.log_where("cw_site_declarations", id.as_bytes(), before, None, key, at)?;
        Ok(id)
    })?;
    list(l.conn(), None, "0000-00", "9999-99")?
        .into_iter()
        .find(|x| x.id == id)
        .ok_or(Error::NotFound {
            what: "declaration",
            key: id.to_string(),
        })
}

/// Declarations from month `from` to `to` (of one site, when given), by month and site.
pub fn list(
    conn: &Connection,
    site: Option<&str>,
    from: &str,
    to: &str,
) -> Result<Vec<Declaration>> {
    let s = site
        .filter(|s| !s.trim().is_empty())
        .map(|s| find(conn, crate::construction::registers::Register::Site, s))
        .transpose()?;
    let mut st = conn.prepare_cached(
        "SELECT d.id, s.name, d.month, d.category, d.unit, d.density_kg_m3, d.generated_g,
                d.reused_g, d.balanced_g
         FROM cw_site_declarations d JOIN cw_sites s ON s.id = d.site_id
         WHERE d.deleted = 0 AND d.month BETWEEN ?1 AND ?2 AND (?3 IS NULL OR d.site_id = ?3)
         ORDER BY d.month, s.name, d.category",
    )?;
    let rows = st.query_map(rusqlite::params![from, to, s], |r| {
        Ok(Declaration {
            id: r.get(0)?,
            site: r.get(1)?,
            month: r.get(2)?,
            category: r.get(3)?,
            unit: r.get(4)?,
            density_kg_m3: r.get(5)?,
            generated_g: r.get(6)?,
            reused_g: r.get(7)?,
            balanced_g: r.get(8)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

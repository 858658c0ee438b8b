//! Computing the rates: three aggregates, each read from a covering index (loads received in
//! the period, declarations of the period's months, facility input of the period's months),
//! combined here.

use std::collections::{BTreeMap, HashMap};

use rusqlite::Connection;

use super::outputs::{counts, Counts};
use super::{
    RateRow, ResourceUse, COMPREHENSIVE_FORMULA_EN, COMPREHENSIVE_FORMULA_ZH, RESOURCE_FORMULA_EN,
    RESOURCE_FORMULA_ZH,
};
use crate::cells::records::check_month;
use crate::error::{Error, FieldError, Result, Rule};

type Key = [u8; 16];

fn key(v: rusqlite::types::ValueRef<'_>) -> Key {
    v.as_blob()
        .ok()
        .and_then(|b| b.try_into().ok())
        .unwrap_or([0; 16])
}

/// The months from `from` to `to`, and the UTC instants (RFC 3339, as reception times are
/// stored) at which each local month starts, with the end of the last one after them.
pub(crate) fn months(from: &str, to: &str) -> (Vec<String>, Vec<String>) {
    let first = |m: &str| chrono::NaiveDate::parse_from_str(&format!("{m}-01"), "%Y-%m-%d").ok();
    let utc = |d: chrono::NaiveDate| -> String {
        d.and_hms_opt(0, 0, 0)
            .and_then(|d| chrono::TimeZone::from_local_datetime(&chrono::Local, &d).earliest())
            .map(|t| {
                t.with_timezone(&chrono::Utc)
                    .to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
            })
            .unwrap_or_default()
    };
    let (mut names, mut starts) = (Vec::new(), Vec::new());
    if let (Some(mut d), Some(last)) = (first(from), first(to)) {
        while d <= last {
            names.push(d.format("%Y-%m").to_string());
            starts.push(utc(d));
            d = d + chrono::Months::new(1);
        }
        starts.push(utc(d));
    }
    (names, starts)
}

fn pct(used: f64, gen: f64) -> Option<f64> {
    (gen > 0.0).then(|| used * 100.0 / gen)
}

#[derive(Default)]
struct Site {
    declared: f64,
    fallback: f64,
    reused: f64,
    balanced: f64,
    intake: f64,
    declared_months: i64,
    fallback_months: i64,
}

#[derive(Default, Clone, Copy)]
struct Use {
    intake: f64,
    building: f64,
    backfill: f64,
    restoration: f64,
}

/// The rates by `by` (`district`, `site`, `facility`) from month `from` to month `to`.
pub fn rate(conn: &Connection, by: &str, from: &str, to: &str) -> Result<ResourceUse> {
    let mut e = Vec::new();
    let from = check_month(from)
        .map_err(|c| e.push(FieldError::new(None, "from", c, &[("value", from)])))
        .unwrap_or_default();
    let to = check_month(to)
        .map_err(|c| e.push(FieldError::new(None, "to", c, &[("value", to)])))
        .unwrap_or_default();
    if !from.is_empty() && !to.is_empty() && from > to {
        e.push(FieldError::new(
            None,
            "to",
            Rule::BadValue,
            &[("value", &to)],
        ));
    }
    if !matches!(by, "district" | "site" | "facility") {
        e.push(FieldError::new(
            None,
            "by",
            Rule::BadValue,
            &[("value", by)],
        ));
    }
    if !e.is_empty() {
        return Err(Error::Invalid(e));
    }
    let (names, starts) = months(&from, &to);
    const T: f64 = 1e6;

    // Intake (grams, whatever unit the load was declared in) per site and facility, and per
    // site and month for the site-months that declared nothing. The loads stream from their
    // covering index and are summed here: a GROUP BY over two 16-byte keys sorts (measured,
    // the hash map is several times faster).
    let mut flows: HashMap<(Key, Key), f64> = HashMap::new();
    let mut site_month_intake: HashMap<(Key, usize), f64> = HashMap::new();
    if let (Some(lo), Some(hi)) = (starts.first(), starts.last()) {
        let mut st = conn.prepare_cached(
            "SELECT site_id, facility_id, received_at, received_qty, refused_qty
             FROM cw_manifests INDEXED BY cw_manifests_received WHERE deleted = 0 AND status IN ('received', 'closed')
               AND received_at >= ?1 AND received_at < ?2",
        )?;
        let mut rows = st.query((lo, hi))?;
        while let Some(r) = rows.next()? {
            let net = (r.get::<_, Option<i64>>(3)?.unwrap_or(0)
                - r.get::<_, Option<i64>>(4)?.unwrap_or(0)) as f64
                / T;
            let at = r.get_ref(2)?.as_str().unwrap_or("");
            let m = starts
                .partition_point(|s| s.as_str() <= at)
                .saturating_sub(1);
            let site = key(r.get_ref(0)?);
            *flows.entry((site, key(r.get_ref(1)?))).or_default() += net;
            *site_month_intake.entry((site, m)).or_default() += net;
        }
    }

    // Declarations per site and month.
    let mut sites: HashMap<Key, Site> = HashMap::new();
    let mut declared: std::collections::HashSet<(Key, String)> = Default::default();
    let mut st = conn.prepare_cached(
        "SELECT site_id, month, total(generated_g), total(reused_g), total(balanced_g)
         FROM cw_site_declarations WHERE month BETWEEN ?1 AND ?2 AND deleted = 0
         GROUP BY site_id, month",
    )?;
    let mut rows = st.query((&from, &to))?;
    while let Some(r) = rows.next()? {
        let site = key(r.get_ref(0)?);
        let s = sites.entry(site).or_default();
        s.declared += r.get::<_, f64>(2)? / T;
        s.reused += r.get::<_, f64>(3)? / T;
        s.balanced += r.get::<_, f64>(4)? / T;
        s.declared_months += 1;
        declared.insert((site, r.get(1)?));
    }
    drop(rows);
    for ((site, m), t) in &site_month_intake {
        let s = sites.entry(*site).or_default();
        s.intake += t;
        if !declared.contains(&(*site, names[(*m).min(names.len() - 1)].clone())) {
            s.fallback += t;
            s.fallback_months += 1;
        }
    }
    let densities: Vec<(String, f64)> = conn
        .prepare_cached(
            "SELECT DISTINCT category, density_kg_m3 FROM cw_site_declarations
             WHERE month BETWEEN ?1 AND ?2 AND deleted = 0 AND density_kg_m3 IS NOT NULL
             ORDER BY category, density_kg_m3",
        )?
        .query_map((&from, &to), |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)? as f64 / 1000.0))
        })?
        .collect::<rusqlite::Result<_>>()?;

    // Facilities: intake and the waste input of each kind of use.
    let mut facs: HashMap<Key, Use> = HashMap::new();
    for ((_, f), t) in &flows {
        facs.entry(*f).or_default().intake += t;
    }
    let mut st = conn.prepare_cached(
        "SELECT facility_id, product, total(input_g) FROM cw_facility_outputs
         WHERE month BETWEEN ?1 AND ?2 AND deleted = 0 GROUP BY facility_id, product",
    )?;
    let mut rows = st.query((&from, &to))?;
    while let Some(r) = rows.next()? {
        let u = facs.entry(key(r.get_ref(0)?)).or_default();
        let t = r.get::<_, f64>(2)? / T;
        match (
            counts(r.get_ref(1)?.as_str().unwrap_or("")),
            r.get_ref(1)?.as_str(),
        ) {
            (Counts::BuildingMaterial, _) => u.building += t,
            (Counts::OtherUse, Ok("backfill")) => u.backfill += t,
            (Counts::OtherUse, _) => u.restoration += t,
            (Counts::Nothing, _) => {}
        }
    }
    drop(rows);

    let (site_names, facility_names, district_names) = names_of(conn)?;
    let mut groups: BTreeMap<String, RateRow> = BTreeMap::new();
    let group_of = |site: &Key| -> String {
        match by {
            "site" => uuid::Uuid::from_bytes(*site).to_string(),
            _ => site_names
                .get(site)
                .map(|s| s.1.clone())
                .unwrap_or_default(),
        }
    };
    if by == "facility" {
        for (f, u) in &facs {
            let g = groups
                .entry(uuid::Uuid::from_bytes(*f).to_string())
                .or_default();
            g.intake_t += u.intake;
            g.building_material_t += u.building;
            g.backfill_t += u.backfill;
            g.restoration_t += u.restoration;
        }
    } else {
        for (site, s) in &sites {
            let g = groups.entry(group_of(site)).or_default();
            g.declared_t += s.declared;
            g.intake_fallback_t += s.fallback;
            g.reused_on_site_t += s.reused;
            g.balanced_t += s.balanced;
            g.intake_t += s.intake;
        }
        for ((site, f), t) in &flows {
            let u = facs[f];
            let share = if u.intake > 0.0 { t / u.intake } else { 0.0 };
            let g = groups.entry(group_of(site)).or_default();
            g.building_material_t += u.building * share;
            g.backfill_t += u.backfill * share;
            g.restoration_t += u.restoration * share;
        }
        let mut un = RateRow::default();
        for u in facs.values().filter(|u| u.intake <= 0.0) {
            un.building_material_t += u.building;
            un.backfill_t += u.backfill;
            un.restoration_t += u.restoration;
        }
        if un.building_material_t + un.backfill_t + un.restoration_t > 0.0 {
            groups.insert("unallocated".into(), un);
        }
    }
    let mut total = RateRow {
        key: "total".into(),
        name: "合计".into(),
        ..Default::default()
    };
    let mut rows: Vec<RateRow> = Vec::new();
    for (k, mut g) in groups {
        g.name = match (by, k.as_str()) {
            (_, "unallocated") => "未能分摊（设施期内无接收）".into(),
            ("district", _) => district_names.get(&k).cloned().unwrap_or_else(|| k.clone()),
            ("site", _) => k
                .parse::<uuid::Uuid>()
                .ok()
                .and_then(|u| site_names.get(u.as_bytes()))
                .map(|s| s.0.clone())
                .unwrap_or_else(|| k.clone()),
            _ => k
                .parse::<uuid::Uuid>()
                .ok()
                .and_then(|u| facility_names.get(u.as_bytes()))
                .cloned()
                .unwrap_or_else(|| k.clone()),
        };
        g.key = k;
        for (t, x) in [
            (&mut total.declared_t, g.declared_t),
            (&mut total.intake_fallback_t, g.intake_fallback_t),
            (&mut total.intake_t, g.intake_t),
            (&mut total.building_material_t, g.building_material_t),
            (&mut total.backfill_t, g.backfill_t),
            (&mut total.restoration_t, g.restoration_t),
            (&mut total.reused_on_site_t, g.reused_on_site_t),
            (&mut total.balanced_t, g.balanced_t),
        ] {
            *t += x;
        }
        finish(&mut g, by != "facility");
        rows.push(g);
    }
    if by == "facility" {
        // The facility rows carry no generation: the total's denominator is the sites'.
        for s in sites.values() {
            total.declared_t += s.declared;
            total.intake_fallback_t += s.fallback;
            total.reused_on_site_t += s.reused;
            total.balanced_t += s.balanced;
        }
    }
    finish(&mut total, true);
    let (dm, fm) = sites.values().fold((0, 0), |a, s| {
        (a.0 + s.declared_months, a.1 + s.fallback_months)
    });
    let (basis_zh, basis_en) = basis_words(dm, fm);
    Ok(ResourceUse {
        by: by.into(),
        from,
        to,
        rows,
        total,
        declared_site_months: dm,
        fallback_site_months: fm,
        basis_zh,
        basis_en,
        densities,
        resource_formula_zh: RESOURCE_FORMULA_ZH,
        resource_formula_en: RESOURCE_FORMULA_EN,
        comprehensive_formula_zh: COMPREHENSIVE_FORMULA_ZH,
        comprehensive_formula_en: COMPREHENSIVE_FORMULA_EN,
    })
}

/// Sets a row's generation, basis and rates from its parts.
fn finish(g: &mut RateRow, has_generation: bool) {
    if !has_generation {
        g.basis = "none".into();
        return;
    }
    g.generated_t = g.declared_t + g.intake_fallback_t;
    g.basis = match (g.declared_t > 0.0, g.intake_fallback_t > 0.0) {
        (true, false) => "declared",
        (false, true) => "intake",
        (true, true) => "mixed",
        (false, false) => "none",
    }
    .into();
    let other = g.backfill_t + g.restoration_t + g.reused_on_site_t + g.balanced_t;
    g.resource_rate = pct(g.building_material_t, g.generated_t);
    g.comprehensive_rate = pct(g.building_material_t + other, g.generated_t);
}

fn basis_words(declared: i64, fallback: i64) -> (String, String) {
    match (declared, fallback) {
        (0, 0) => (
            "期内没有工地申报，也没有设施接收，无法计算。".into(),
            "No site declared anything and no facility received anything in the period.".into(),
        ),
        (d, 0) => (
            format!("产生量为工地申报量（{d} 个工地·月）。"),
            format!("Generated is what sites declared ({d} site-months)."),
        ),
        (0, f) => (
            format!("期内没有工地申报产生量：产生量以设施接收量代替（{f} 个工地·月），不是指标定义的口径，利用率偏高。"),
            format!("No site declared its generation in the period: facility intake stands in for it ({f} site-months). This is not the indicator's denominator and overstates the rates."),
        ),
        (d, f) => (
            format!("产生量为工地申报量（{d} 个工地·月）；另有 {f} 个工地·月未申报，以设施接收量代替（见“接收量代替”列）。"),
            format!("Generated is what sites declared ({d} site-months); for {f} site-months with no declaration, facility intake stands in (see the “intake stands in” column)."),
        ),
    }
}

type Names = (
    HashMap<Key, (String, String)>,
    HashMap<Key, String>,
    HashMap<String, String>,
);

fn names_of(conn: &Connection) -> Result<Names> {
    let sites = conn
        .prepare_cached("SELECT id, name, district FROM cw_sites")?
        .query_map([], |r| Ok((key(r.get_ref(0)?), (r.get(1)?, r.get(2)?))))?
        .collect::<rusqlite::Result<_>>()?;
    let facs = conn
        .prepare_cached("SELECT id, name FROM cw_facilities")?
        .query_map([], |r| Ok((key(r.get_ref(0)?), r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let districts = conn
        .prepare_cached("SELECT code, name FROM districts")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    Ok((sites, facs, districts))
}

/// District rows of [`rate`] taken together (a reporting area's districts): their parts
/// summed and the rates set by the same rule as every row's.
pub fn total_of(rows: &[&RateRow], key: &str, name: &str) -> RateRow {
    let mut t = RateRow {
        key: key.into(),
        name: name.into(),
        ..Default::default()
    };
    for g in rows {
        t.declared_t += g.declared_t;
        t.intake_fallback_t += g.intake_fallback_t;
        t.intake_t += g.intake_t;
        t.building_material_t += g.building_material_t;
        t.backfill_t += g.backfill_t;
        t.restoration_t += g.restoration_t;
        t.reused_on_site_t += g.reused_on_site_t;
        t.balanced_t += g.balanced_t;
    }
    finish(&mut t, true);
    t
}

//! Demo construction-waste data: sites across the districts, transporters with their fleets,
//! disposal and recycling facilities, and a year of manifests — mostly closed, some with a
//! received quantity off the declared one, some still on the road past the overdue limit,
//! a few cancelled — plus each recycling facility's monthly output.

use chrono::{Duration, Local, Months, NaiveDate, TimeZone, Utc};
use serde::Serialize;

use super::Rng;
use crate::audit::RowHash;
use crate::construction::manifests::CATEGORIES;
use crate::db::{BulkLog, Ledger};
use crate::error::Result;
use crate::ids::{today, RefId};
use crate::profile;

/// What was generated.
#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    /// Sites.
    pub sites: usize,
    /// Vehicles.
    pub vehicles: usize,
    /// Facilities.
    pub facilities: usize,
    /// Manifests.
    pub manifests: usize,
    /// Seconds.
    pub seconds: f64,
}

const PROJECTS: &[&str] = &[
    "住宅小区",
    "商业综合体",
    "棚户区改造",
    "道路改造",
    "地铁站",
    "学校扩建",
    "医院门诊楼",
    "产业园厂房",
];
const STREETS: &[&str] = &[
    "人民大街",
    "自由大路",
    "卫星路",
    "亚泰大街",
    "南湖大路",
    "硅谷大街",
    "吉林大路",
    "普阳街",
];
const SURNAMES: &[&str] = &["王", "李", "张", "刘", "陈", "杨", "赵", "孙"];
const GIVEN: &[&str] = &["伟", "强", "磊", "军", "勇", "杰", "涛", "明"];

/// Generates `manifests` manifests over the last 12 months, with registers sized to them.
pub fn generate(l: &mut Ledger, manifests: usize, seed: u64) -> Result<Summary> {
    let t = today();
    let start = t.checked_sub_months(Months::new(12)).unwrap_or(t);
    generate_between(l, manifests, seed, start, t)
}

/// Generates `manifests` manifests departing on the days from `start` up to (not including)
/// `end`, with registers sized to them; permits and approvals run from today as in
/// [`generate`].
pub fn generate_between(
    l: &mut Ledger,
    manifests: usize,
    seed: u64,
    start: NaiveDate,
    end: NaiveDate,
) -> Result<Summary> {
    let started = std::time::Instant::now();
    let mut rng = Rng::new(seed ^ 0xC0FFEE);
    let districts = profile::districts(l.conn())?;
    let n_sites = (manifests / 400).clamp(5, 5_000);
    let n_transporters = (manifests / 5_000).clamp(3, 200);
    let n_vehicles = (manifests / 500).clamp(8, 4_000);
    let n_facilities = (manifests / 50_000).clamp(4, 60);
    let t = today();
    let in_days = |d: i64| (t + Duration::days(d)).to_string();
    let (sites, vehicles, facilities) = l.write(|w| {
        let mut sites = Vec::new();
        for i in 0..n_sites {
            let d = &districts[i % districts.len()];
            let id = RefId::new();
            // A few approvals run out within the month, as in life.
            let until = if i % 97 == 5 { in_days(12) } else { in_days(rng.range(60, 700) as i64) };
            w.tx().execute(
                "INSERT INTO cw_sites (id, name, project_no, approval_no, approval_until, builder, district,
                    address, contact, phone, created_at, updated_at, origin, clock)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?11, ?12, ?13)",
                rusqlite::params![
                    id,
                    format!("{}{}{}项目（{}期）", d.name, rng.pick(STREETS), rng.pick(PROJECTS), i % 5 + 1),
                    format!("长建施〔2026〕{:04}", i + 1),
                    format!("长建垃核〔2026〕{:04}", i + 1),
                    until,
                    format!("长春某建设集团第{}分公司", i % 40 + 1),
                    d.code,
                    format!("{}{}{}号", d.name, rng.pick(STREETS), rng.range(1, 3000)),
                    format!("{}{}", rng.pick(SURNAMES), rng.pick(GIVEN)),
                    format!("139{:08}", rng.range(0, 100_000_000)),
                    w.now_ms(),
                    w.origin(),
                    w.clock()
                ],
            )?;
            w.log("cw_sites", id.as_bytes(), None, None)?;
            sites.push((id, d.code.clone()));
        }
        let mut transporters = Vec::new();
        for i in 0..n_transporters {
            let id = RefId::new();
            w.tx().execute(
                "INSERT INTO cw_transporters (id, name, permit_no, permit_until, created_at, updated_at, origin, clock)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?5, ?6, ?7)",
                rusqlite::params![
                    id,
                    format!("长春市{}运输有限公司", ["顺达", "通利", "宏运", "安捷", "鑫路", "畅通"][i % 6].to_string() + &format!("{}", i / 6 + 1)),
                    format!("长渣运〔2026〕{:03}", i + 1),
                    in_days(rng.range(90, 700) as i64),
                    w.now_ms(),
                    w.origin(),
                    w.clock()
                ],
            )?;
            w.log("cw_transporters", id.as_bytes(), None, None)?;
            transporters.push(id);
        }
        let mut vehicles = Vec::new();
        for i in 0..n_vehicles {
            let id = RefId::new();
            let plate = format!("吉{}{:05}", (b'A' + (i % 8) as u8) as char, i);
            let until = if i % 53 == 7 { in_days(-20) } else { in_days(rng.range(40, 700) as i64) };
            let tr = transporters[i % transporters.len()];
            let driver = format!("{}{}", rng.pick(SURNAMES), rng.pick(GIVEN));
            w.tx().execute(
                "INSERT INTO cw_vehicles (id, transporter_id, plate, driver, permit_no, permit_until,
                    created_at, updated_at, origin, clock) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7, ?8, ?9)",
                rusqlite::params![id, tr, plate, driver, format!("准运〔2026〕{:05}", i + 1), until, w.now_ms(), w.origin(), w.clock()],
            )?;
            w.log("cw_vehicles", id.as_bytes(), None, None)?;
            if i % 53 != 7 {
                vehicles.push((id, tr, driver));
            }
        }
        let mut facilities = Vec::new();
        for i in 0..n_facilities {
            let id = RefId::new();
            let d = &districts[(i * 3) % districts.len()];
            let kind = if i % 3 == 0 { "disposal" } else { "recycling" };
            let name = if kind == "disposal" {
                format!("{}建筑垃圾消纳场{}号", d.name, i / 3 + 1)
            } else {
                format!("{}建筑垃圾资源化利用厂{}号", d.name, i + 1)
            };
            w.tx().execute(
                // Demo loads go to any facility: each accepts every category.
                "INSERT INTO cw_facilities (id, name, kind, district, approval_no, approval_until, capacity_g,
                    created_at, updated_at, origin, clock, accepts) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8, ?9, ?10,
                    'soil,slurry,engineering,demolition,decoration')",
                rusqlite::params![id, name, kind, d.code, format!("长消纳〔2026〕{:03}", i + 1), in_days(rng.range(200, 900) as i64), (rng.range(200_000, 2_000_000) * 1_000_000) as i64, w.now_ms(), w.origin(), w.clock()],
            )?;
            w.log("cw_facilities", id.as_bytes(), None, None)?;
            facilities.push((id, kind));
        }
        Ok((sites, vehicles, facilities))
    })?;

    // Manifests, in batches, oldest first, numbered by day under the installation's code.
    let code = l.write(crate::construction::numbers::installation_code)?;
    let span = (end - start).num_days().max(1) as u64;
    let mut per_day: std::collections::HashMap<NaiveDate, u32> = std::collections::HashMap::new();
    let mut days: Vec<u64> = (0..manifests).map(|_| rng.range(0, span)).collect();
    days.sort_unstable();
    let mut done = 0;
    let mut monthly: std::collections::HashMap<(RefId, String), f64> =
        std::collections::HashMap::new();
    while done < manifests {
        let n = 20_000.min(manifests - done);
        l.write(|w| {
            let mut st = w.tx().prepare_cached(
                "INSERT INTO cw_manifests (id, number, category, unit, declared_qty, site_id, transporter_id,
                    vehicle_id, driver, route, facility_id, departure_at, status, outcome, received_qty,
                    refused_qty, received_at, closed_at, cancel_reason, created_at, updated_at, origin, clock,
                    density_kg_m3, disposal_method)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?20, ?21, ?22, ?23, ?24)",
            )?;
            let mut rows = Vec::with_capacity(n);
            for k in done..done + n {
                let day = start + Duration::days(days[k] as i64);
                let seq = per_day.entry(day).or_insert(0);
                *seq += 1;
                let number = format!("CW-{code}-{}-{:04}", day.format("%Y%m%d"), seq);
                let hour = rng.range(5, 21) as u32;
                let dep_local = day.and_hms_opt(hour, rng.range(0, 60) as u32, 0).unwrap_or_default();
                let dep = Local.from_local_datetime(&dep_local).earliest().map(|x| x.with_timezone(&Utc)).unwrap_or_default();
                let (site, _) = &sites[rng.range(0, sites.len() as u64) as usize];
                let (veh, tr, driver) = &vehicles[rng.range(0, vehicles.len() as u64) as usize];
                let (fac, fkind) = &facilities[rng.range(0, facilities.len() as u64) as usize];
                let cat = CATEGORIES[(rng.range(0, 100) as usize * CATEGORIES.len()) / 100].0;
                let unit = if cat == "slurry" || rng.range(0, 10) == 0 { "m3" } else { "t" };
                let declared = (rng.range(8_000, 32_000) as i64) * 1000; // 8–32 t (or m³), to the kg
                // The density frozen at dispatch (the category's default); receptions weigh tonnes.
                let density = (crate::construction::manifests::default_density(cat) * 1000.0).round() as i64;
                let declared_g = if unit == "m3" { declared * density / 1000 } else { declared };
                let method = if *fkind == "recycling" { "recycling" } else { "landfill" };
                let age_h = (Utc::now() - dep).num_hours();
                let roll = rng.range(0, 1000);
                let (status, outcome, received, refused, received_at, closed_at, cancel) = if age_h < 30 && roll < 300 {
                    ("dispatched", None, None, None, None, None, None)
                } else if roll < 8 {
                    ("cancelled", None, None, None, None, None, Some("车辆故障，改派"))
                } else {
                    let off = if roll < 40 { 0.7 + rng.unit() * 0.15 } else { 0.97 + rng.unit() * 0.05 };
                    let rec = (declared_g as f64 * off / 1000.0).round() as i64 * 1000;
                    let (outcome, refused) = if roll > 990 { ("partial", rec / 10) } else { ("accepted", 0) };
                    let at = dep + Duration::minutes(rng.range(25, 180) as i64);
                    let at_s = at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
                    if *fkind == "recycling" {
                        let month = at.with_timezone(&Local).format("%Y-%m").to_string();
                        *monthly.entry((*fac, month)).or_default() += (rec - refused) as f64 / 1e6;
                    }
                    let closed = age_h > 48;
                    (if closed { "closed" } else { "received" }, Some(outcome), Some(rec), Some(refused), Some(at_s.clone()), closed.then_some(at_s), None)
                };
                let id = RefId::new();
                let dep_s = dep.to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
                let route = format!("{}—{}", STREETS[k % STREETS.len()], STREETS[(k / 3) % STREETS.len()]);
                st.execute(rusqlite::params![
                    id, number, cat, unit, declared, site, tr, veh, driver, route, fac, dep_s, status, outcome,
                    received, refused, received_at, closed_at, cancel, w.now_ms(), w.origin(), w.clock(),
                    density, method
                ])?;
                let mut h = RowHash::default();
                h.blob(id.as_bytes()).text(&number).text(cat).text(unit).int(declared).null()
                    .blob(site.as_bytes()).blob(tr.as_bytes()).blob(veh.as_bytes()).text(driver).text(&route)
                    .blob(fac.as_bytes()).text(&dep_s).text(status);
                let opt_t = |h: &mut RowHash, v: &Option<&str>| {
                    match v {
                        Some(s) => h.text(s),
                        None => h.null(),
                    };
                };
                let opt_i = |h: &mut RowHash, v: Option<i64>| {
                    match v {
                        Some(x) => h.int(x),
                        None => h.null(),
                    };
                };
                opt_t(&mut h, &outcome);
                opt_i(&mut h, received);
                opt_i(&mut h, refused);
                opt_t(&mut h, &received_at.as_deref());
                opt_t(&mut h, &closed_at.as_deref());
                opt_t(&mut h, &cancel);
                h.int(w.now_ms()).int(w.now_ms()).int(w.origin()).int(w.clock()).int(0);
                h.int(density).text(method);
                for _ in 0..11 {
                    h.null(); // frozen permits, paper number, window, weighbridge, follow-up
                }
                rows.push((*id.as_bytes(), h.finish()));
            }
            drop(st);
            w.log_bulk(BulkLog {
                table: "cw_manifests",
                rows,
            });
            Ok(())
        })?;
        done += n;
    }
    // Recycling facilities put most of what they receive into products (tonnes of waste input
    // per product line).
    l.write(|w| {
        for ((fac, month), t) in &monthly {
            if month.as_str() > Local::now().format("%Y-%m").to_string().as_str() {
                continue;
            }
            let agg = (t * 0.62 * 1e6) as i64 / 1000 * 1000;
            let brick = (t * 0.12 * 1e6) as i64 / 1000 * 1000;
            let fill = (t * 0.10 * 1e6) as i64 / 1000 * 1000;
            let landfill = (t * 0.14 * 1e6) as i64 / 1000 * 1000;
            for (product, g) in [("aggregate", agg), ("brick", brick), ("backfill", fill), ("landfill", landfill)] {
                let id = RefId::new();
                w.tx().execute(
                    "INSERT INTO cw_facility_outputs (id, facility_id, month, product, input_g, created_at, updated_at, origin, clock)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6, ?7, ?8)",
                    rusqlite::params![id, fac, month, product, g, w.now_ms(), w.origin(), w.clock()],
                )?;
                let key = "facility_id = ?1 AND month = ?2 AND product = ?3";
                w.log_where("cw_facility_outputs", id.as_bytes(), None, None, key, (fac, month.as_str(), product))?;
            }
        }
        Ok(())
    })?;
    Ok(Summary {
        sites: n_sites,
        vehicles: n_vehicles,
        facilities: n_facilities,
        manifests,
        seconds: started.elapsed().as_secs_f64(),
    })
}

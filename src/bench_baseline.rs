//! The same-table baseline of the import benchmark: what a plain script does to put the rows
//! of the bench's CSV file into the ledger's own tables. It reads the file with the `csv`
//! crate, resolves names to ids through maps it loads once, computes the values the import
//! stores (a manifest's number from a counter per day, its status, density and frozen permit
//! numbers; a cell's kind key, its search-index terms and its activity figure), and inserts
//! each row into the ledger's real table (types, constraints, indexes, and for cells the
//! search index and the activity table) with one row in a log table each (the row's id and
//! the CSV record), through prepared statements in one transaction, WAL with
//! `synchronous = FULL` and foreign keys on, as the ledger. It checks nothing a clerk could
//! get wrong: no field is validated, no duplicate sought, no permit's date compared.

use std::collections::HashMap;
use std::path::Path;
use std::time::Instant;

use chrono::{Datelike, Local, NaiveDateTime, TimeZone, Utc};
use rusqlite::Connection;

use crate::error::{Error, Result};
use crate::import_preview::ImportKind;

fn csv_err(e: csv::Error) -> Error {
    Error::Io(std::io::Error::other(e.to_string()))
}

/// Opens the ledger file at `db` (made by the bench) as a plain connection with the ledger's
/// pragmas, and adds the script's log table.
fn open(db: &Path) -> Result<Connection> {
    let c = Connection::open(db)?;
    c.pragma_update(None, "journal_mode", "WAL")?;
    c.pragma_update(None, "synchronous", "FULL")?;
    c.pragma_update(None, "foreign_keys", "ON")?;
    c.execute_batch(
        "CREATE TABLE script_log (seq INTEGER PRIMARY KEY, tbl TEXT NOT NULL,
             row_id BLOB NOT NULL, image BLOB NOT NULL);",
    )?;
    Ok(c)
}

/// Runs the script on `csv_path` into the ledger at `db`; rows/s and rows.
pub fn run(kind: ImportKind, csv_path: &Path, db: &Path) -> Result<(f64, usize)> {
    let mut c = open(db)?;
    let start = Instant::now();
    let mut rd = csv::ReaderBuilder::new()
        .has_headers(true)
        .from_path(csv_path)
        .map_err(csv_err)?;
    let tx = c.transaction()?;
    let n = match kind {
        ImportKind::Manifests => manifests(&tx, &mut rd)?,
        _ => cells(&tx, &mut rd)?,
    };
    tx.commit()?;
    Ok((n as f64 / start.elapsed().as_secs_f64(), n))
}

type Reader = csv::Reader<std::fs::File>;

/// Manifests: `类别,申报量,工地,车牌号,消纳场,出车时间` as the bench writes them.
fn manifests(tx: &Connection, rd: &mut Reader) -> Result<usize> {
    let now = Utc::now().timestamp_millis();
    // The maps, loaded once: sites, vehicles (with transporter and driver), facilities, and
    // every party's permit number.
    let mut permits: HashMap<Vec<u8>, String> = HashMap::new();
    let mut names: HashMap<String, Vec<u8>> = HashMap::new();
    for sql in [
        "SELECT id, name, approval_no FROM cw_sites WHERE deleted = 0",
        "SELECT id, name, permit_no FROM cw_transporters WHERE deleted = 0",
        "SELECT id, name, approval_no FROM cw_facilities WHERE deleted = 0",
    ] {
        let mut st = tx.prepare(sql)?;
        let mut q = st.query([])?;
        while let Some(r) = q.next()? {
            let id: Vec<u8> = r.get(0)?;
            names.insert(r.get(1)?, id.clone());
            permits.insert(id, r.get(2)?);
        }
    }
    let mut vehicles: HashMap<String, (Vec<u8>, Vec<u8>, String, String)> = HashMap::new();
    {
        let mut st = tx.prepare(
            "SELECT plate, id, transporter_id, driver, permit_no FROM cw_vehicles WHERE deleted = 0",
        )?;
        let mut q = st.query([])?;
        while let Some(r) = q.next()? {
            vehicles.insert(r.get(0)?, (r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?));
        }
    }
    let code: String = tx
        .query_row(
            "SELECT value FROM settings WHERE key = 'installation.code'",
            [],
            |r| r.get(0),
        )
        .unwrap_or_else(|_| "BENCH".into());
    let density =
        (crate::construction::manifests::default_density("demolition") * 1000.0).round() as i64;
    let mut per_day: HashMap<String, u32> = HashMap::new();
    let mut ins = tx.prepare(
        "INSERT INTO cw_manifests (id, number, category, unit, declared_qty, site_id,
            transporter_id, vehicle_id, driver, route, facility_id, departure_at, created_at,
            updated_at, origin, clock, disposal_method, status, density_kg_m3, site_approval_no,
            transporter_permit_no, vehicle_permit_no, facility_approval_no)
         VALUES (?1, ?2, 'demolition', 't', ?3, ?4, ?5, ?6, ?7, '', ?8, ?9, ?10, ?10, 1, 1,
            'recycling', 'dispatched', ?15, ?11, ?12, ?13, ?14)",
    )?;
    let mut log =
        tx.prepare("INSERT INTO script_log (tbl, row_id, image) VALUES ('cw_manifests', ?1, ?2)")?;
    let mut rec = csv::StringRecord::new();
    let mut n = 0;
    while rd.read_record(&mut rec).map_err(csv_err)? {
        let declared: i64 = rec[1].trim().parse::<i64>().unwrap_or(0) * 1_000_000;
        let site = &names[rec[2].trim()];
        let (vehicle, transporter, driver, vehicle_permit) = &vehicles[rec[3].trim()];
        let facility = &names[rec[4].trim()];
        let local =
            NaiveDateTime::parse_from_str(rec[5].trim(), "%Y-%m-%d %H:%M").unwrap_or_default();
        let dep = Local
            .from_local_datetime(&local)
            .earliest()
            .map(|t| t.with_timezone(&Utc))
            .unwrap_or_default()
            .to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
        let day = local.format("%Y%m%d").to_string();
        let seq = per_day.entry(day.clone()).or_insert(0);
        *seq += 1;
        let number = format!("CW-{code}-{day}-{seq:04}");
        let id = uuid::Uuid::now_v7();
        ins.execute(rusqlite::params![
            id.as_bytes(),
            number,
            declared,
            site,
            transporter,
            vehicle,
            driver,
            facility,
            dep,
            now,
            permits.get(site),
            permits.get(transporter),
            vehicle_permit,
            permits.get(facility),
            density,
        ])?;
        log.execute(rusqlite::params![id.as_bytes(), rec.as_slice().as_bytes()])?;
        n += 1;
    }
    Ok(n)
}

/// Cells: `名称,类型,行政区划,地址,人数/户数` as the bench writes them.
fn cells(tx: &Connection, rd: &mut Reader) -> Result<usize> {
    let now = Utc::now().timestamp_millis();
    let year = Local::now().year();
    // Kinds by Chinese name: key and the activity figure and unit 人数/户数 stands for.
    let mut kinds: HashMap<String, (String, String, String)> = HashMap::new();
    let list: Vec<(String, String, String)> = tx
        .prepare("SELECT key, name_zh, denominator FROM cell_kinds")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for (key, name, denominator) in list {
        let (figure, unit) = crate::cells::activity::form_figure(tx, &key, &denominator)?;
        kinds.insert(name, (key, figure, unit));
    }
    let mut ins = tx.prepare(
        "INSERT INTO cells (id, name, kind, district, address, status, created_at, updated_at,
            origin, clock) VALUES (?1, ?2, ?3, ?4, ?5, 'planned', ?6, ?6, 1, 1)",
    )?;
    let mut fts = tx.prepare("INSERT INTO cells_fts (cell, terms) VALUES (?1, ?2)")?;
    let mut act = tx.prepare(
        "INSERT INTO cell_activity (id, cell_id, year, figure, value_milli, unit, created_at,
            updated_at, origin, clock) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7, 1, 1)",
    )?;
    let mut log = tx.prepare("INSERT INTO script_log (tbl, row_id, image) VALUES (?1, ?2, ?3)")?;
    let mut rec = csv::StringRecord::new();
    let mut n = 0;
    while rd.read_record(&mut rec).map_err(csv_err)? {
        let (name, address) = (rec[0].trim(), rec[3].trim());
        let (kind, figure, unit) = &kinds[rec[1].trim()];
        let id = uuid::Uuid::now_v7();
        ins.execute(rusqlite::params![
            id.as_bytes(),
            name,
            kind,
            rec[2].trim(),
            address,
            now
        ])?;
        let terms = crate::cells::search::terms(&[name, "", address, "", ""]);
        fts.execute(rusqlite::params![id.as_bytes(), terms])?;
        log.execute(rusqlite::params![
            "cells",
            id.as_bytes(),
            rec.as_slice().as_bytes()
        ])?;
        if let Ok(h) = rec[4].trim().parse::<i64>() {
            let a = uuid::Uuid::now_v7();
            act.execute(rusqlite::params![
                a.as_bytes(),
                id.as_bytes(),
                year,
                figure,
                h * 1000,
                unit,
                now
            ])?;
            log.execute(rusqlite::params![
                "cell_activity",
                a.as_bytes(),
                rec[4].as_bytes()
            ])?;
        }
        n += 1;
    }
    Ok(n)
}

//! The window's calls of agricultural waste: townships and villages, kinds, recovery points,
//! the recovery ledger, outbound and stock, the basis of the rates, rates, straw and manure.

use serde::Serialize;

use super::{lock, ApiResult, Shared};
use crate::agri::{basis, entries, import, kinds, manure, outbound, places, points, rates, straw};
use crate::error::{Error, FieldError};
use crate::ids::RefId;

/// A saved row with the warnings it raised (figures to check; the save went ahead).
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "ts", ts(rename = "AgriSaved"))]
pub struct Saved<T> {
    /// The row as stored.
    pub row: T,
    /// Warnings.
    pub warnings: Vec<FieldError>,
}

fn ref_id(id: &str) -> ApiResult<RefId> {
    Ok(id.parse().map_err(|_| Error::NotFound {
        what: "entry",
        key: id.to_string(),
    })?)
}

/// Townships and villages of a district (every district when empty).
pub fn agri_places(s: &Shared, district: &str) -> ApiResult<Vec<places::Place>> {
    Ok(places::list(lock(s).conn(), district)?)
}

/// Adds a township or village.
pub fn agri_add_place(s: &Shared, d: &places::PlaceDraft) -> ApiResult<places::Place> {
    Ok(lock(s).write(|w| places::add(w, d))?)
}

/// Imports townships and villages from CSV text (all or nothing).
pub fn agri_import_places(s: &Shared, text: &str) -> ApiResult<crate::csv_file::Imported> {
    Ok(places::import(&mut lock(s), text)?)
}

/// Kinds of a domain (every domain when empty).
pub fn agri_kinds(s: &Shared, domain: &str) -> ApiResult<Vec<kinds::Kind>> {
    Ok(kinds::list(lock(s).conn(), domain)?)
}

/// Adds a kind or overrides one.
pub fn agri_put_kind(s: &Shared, d: &kinds::KindDraft) -> ApiResult<kinds::Kind> {
    Ok(lock(s).write(|w| kinds::put(w, d))?)
}

/// Recovery points of a district (every district when empty).
pub fn agri_points(s: &Shared, district: &str) -> ApiResult<Vec<points::Point>> {
    Ok(points::list(lock(s).conn(), district)?)
}

/// Registers a recovery point.
pub fn agri_add_point(s: &Shared, d: &points::PointDraft) -> ApiResult<points::Point> {
    Ok(lock(s).write(|w| points::add(w, d))?)
}

/// Ledger entries, newest first, a page of 100.
pub fn agri_entries(s: &Shared, f: &entries::EntryFilter) -> ApiResult<Vec<entries::Entry>> {
    Ok(entries::list(lock(s).conn(), f)?)
}

/// Records a hand-in.
pub fn agri_add_entry(s: &Shared, d: &entries::EntryDraft) -> ApiResult<entries::Entry> {
    Ok(lock(s).write(|w| entries::add(w, d))?)
}

/// Corrects a hand-in, with a reason.
pub fn agri_revise_entry(
    s: &Shared,
    id: &str,
    d: &entries::EntryDraft,
    reason: &str,
) -> ApiResult<entries::Entry> {
    let id = ref_id(id)?;
    Ok(lock(s).write(|w| entries::revise(w, &id, d, reason))?)
}

/// Deletes a hand-in at least two years old, with a reason.
pub fn agri_delete_entry(s: &Shared, id: &str, reason: &str) -> ApiResult<()> {
    let id = ref_id(id)?;
    Ok(lock(s).write(|w| entries::delete(w, &id, reason))?)
}

/// Imports ledger entries from CSV text (all or nothing).
pub fn agri_import_entries(s: &Shared, text: &str) -> ApiResult<crate::csv_file::Imported> {
    Ok(import::import(&mut lock(s), text)?)
}

/// Outbound of a point (every point when empty).
pub fn agri_outbound(s: &Shared, point: &str) -> ApiResult<Vec<outbound::Outbound>> {
    Ok(outbound::list(lock(s).conn(), point)?)
}

/// Records an outbound.
pub fn agri_add_outbound(s: &Shared, d: &outbound::OutboundDraft) -> ApiResult<outbound::Outbound> {
    Ok(lock(s).write(|w| outbound::add(w, d))?)
}

/// The stock of every point of a district (every district when empty).
pub fn agri_stock(s: &Shared, district: &str) -> ApiResult<Vec<outbound::Stock>> {
    Ok(outbound::stock(lock(s).conn(), district)?)
}

/// Records a dealer's pesticide sale.
pub fn agri_add_sale(s: &Shared, d: &basis::SaleDraft) -> ApiResult<String> {
    Ok(lock(s).write(|w| basis::add_sale(w, d))?.to_string())
}

/// Records film used.
pub fn agri_add_film_use(s: &Shared, d: &basis::FilmUseDraft) -> ApiResult<String> {
    Ok(lock(s).write(|w| basis::add_film_use(w, d))?.to_string())
}

/// Recovery rates and coverage with formulas.
pub fn agri_rates(s: &Shared, q: &rates::RatesQuery) -> ApiResult<rates::Rates> {
    Ok(rates::rates(lock(s).conn(), q)?)
}

/// Records a season's straw.
pub fn agri_put_straw(s: &Shared, d: &straw::StrawDraft) -> ApiResult<Saved<straw::Straw>> {
    let (row, warnings) = lock(s).write(|w| straw::put(w, d))?;
    Ok(Saved { row, warnings })
}

/// Straw rows of a district and year.
pub fn agri_straw(s: &Shared, district: &str, year: i64) -> ApiResult<Vec<straw::Straw>> {
    Ok(straw::list(lock(s).conn(), district, year)?)
}

/// Straw utilisation rates of a year.
pub fn agri_straw_rates(
    s: &Shared,
    district: &str,
    year: i64,
    by_township: bool,
) -> ApiResult<Vec<straw::StrawRate>> {
    Ok(straw::rates(lock(s).conn(), district, year, by_township)?)
}

/// Records a farm's or township's year of manure.
pub fn agri_put_manure(s: &Shared, d: &manure::ManureDraft) -> ApiResult<Saved<manure::Manure>> {
    let (row, warnings) = lock(s).write(|w| manure::put(w, d))?;
    Ok(Saved { row, warnings })
}

/// Manure rows of a district and year.
pub fn agri_manure(s: &Shared, district: &str, year: i64) -> ApiResult<Vec<manure::Manure>> {
    Ok(manure::list(lock(s).conn(), district, year)?)
}

/// Manure utilisation rates of a year.
pub fn agri_manure_rates(
    s: &Shared,
    district: &str,
    year: i64,
    by_township: bool,
) -> ApiResult<Vec<manure::ManureRate>> {
    Ok(manure::rates(lock(s).conn(), district, year, by_township)?)
}

//! What every section reads: the ledger, the resolved scope and the periods as months and
//! dates.

use rusqlite::Connection;

use super::scope::Resolved;

/// The period of a report as the sections read it.
pub struct Ctx<'a> {
    pub conn: &'a Connection,
    pub scope: &'a Resolved,
    /// First and last month, `YYYY-MM`.
    pub from_m: String,
    pub to_m: String,
    /// First and last day, `YYYY-MM-DD`.
    pub from_d: String,
    pub to_d: String,
    /// The months of the period.
    pub months: Vec<String>,
    /// The baseline year, and the same months of it.
    pub base_year: Option<i32>,
    pub base_from_m: String,
    pub base_to_m: String,
    pub base_from_d: String,
    pub base_to_d: String,
}

impl Ctx<'_> {
    /// The period's year.
    pub fn year(&self) -> i32 {
        self.from_m[..4].parse().unwrap_or(0)
    }
}

//! `zwl`: the core of the Zero-Waste City ledger (无废城市建设台账).
//!
//! Every rule, query and report lives here; the `zwl` CLI and the desktop window are two
//! doors into it. Areas, one module each:
//!
//! - [`db`]: opening the database, pragmas, schema versions, backups, the write transaction
//! - [`audit`]: the change log and the consistency check
//! - [`profile`]: the city profile — districts, kinds of cell, targets and settings
//! - [`setup`]: creating a ledger, and what a new ledger starts with
//! - [`areas`]: reporting areas (报送区域) grouping districts, 市本级 built in
//! - [`alerts`]: every alert of the ledger in one list, most urgent first
//! - [`home`]: the home page (工作台): what needs doing, cells per area, key figures; the
//!   first start and the operator switch
//! - [`agri`]: agricultural waste: pesticide packaging and film recovery, straw, manure
//! - [`cells`]: zero-waste cells (无废细胞), their status, monthly records and rates
//! - [`demo`]: deterministic demo data at any scale
//! - [`bench`]: benchmarks against a plain SQLite baseline
//! - [`paths`]: where the database lives by default
//! - [`text`], [`units`], [`csv_file`]: text, quantities and CSV files at the edge
//! - [`report`]: the certification report of a cell (PDF), issued and verified
//! - [`export`]: every list as a CSV or XLSX file; [`xlsx_file`] and [`import_preview`]:
//!   imports read from XLSX, and checked without writing

pub mod agri;
pub mod alerts;
pub mod api;
pub mod areas;
pub mod audit;
pub mod backups;
pub mod bench;
pub mod bench_baseline;
pub mod bench_import;
pub mod cells;
pub mod construction;
pub mod csv_file;
pub mod csv_stream;
pub mod db;
pub mod demo;
pub mod error;
pub mod export;
pub mod home;
pub mod identity;
pub mod ids;
pub mod import_earlier;
pub mod import_preview;
pub mod import_run;
pub mod labels;
pub mod office;
pub mod paths;
pub mod profile;
pub mod report;
pub mod setup;
pub mod sync;
pub mod text;
pub mod undo;
pub mod units;
pub mod xlsx_file;
mod xlsx_parts;
pub mod xlsx_stream;
mod xlsx_strings;

pub use db::Ledger;
pub use error::{Error, FieldError, Result};

//! Reduction and resource-use reports (减量化与资源化利用报表): the city, a reporting area, a
//! cell kind or one cell, over a month, quarter or year, against the same period of the
//! baseline year and against targets.
//!
//! A report is built once into a [`SummaryReport`] — a typed document of sections, each with
//! figures (value, unit, formula, period, settings used, completeness, baseline, target),
//! tables and charts, every label in Chinese and English — by [`build::build`], which reads
//! every figure from the core functions the window and the CLI already show. The outputs
//! (PDF, XLSX, CSV, JSON, the window's Reports page) only draw that document; none of them
//! computes a figure.
//!
//! - [`model`]: the document;
//! - [`build`]: the figures, from the ledger;
//! - [`pdf`]: the report drawn on A4 (tables, charts) with [`pdf_grid`] and [`pdf_chart`].

pub mod build;
pub mod model;
pub mod pdf;
pub mod pdf_chart;
pub mod pdf_grid;
pub mod save;

pub use build::build;
pub use model::*;

//! Reports: data → PDF. A report is computed into a typed value by the core functions that
//! the window and the CLI show, then drawn.
//!
//! - [`cert`]: the content of a cell's certification report and its content hash;
//! - [`cert_pdf`]: drawing it on A4;
//! - [`pdf`]: the page, table and font machinery (printpdf, the shipped CJK font);
//! - [`summary`]: reduction and resource-use reports (the document, its figures);
//! - [`verify`]: issuing a report (kept in `cert_reports`) and checking a printed one against
//!   the ledger now.

pub mod bench;
pub mod cert;
pub mod cert_pdf;
pub mod pdf;
pub mod summary;
pub mod verify;

pub use verify::{issue_cert, verify_cert, write_cert, Change, IssuedCert, Verification};

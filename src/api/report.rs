//! The window's calls of reduction and resource-use reports: the report a spec asks for, as
//! the document every output draws.

use super::{lock, ApiResult, Shared};
use crate::report::summary::{self, Spec, SummaryReport};

/// Builds the reduction and resource-use report `spec` asks for (scope, period, start month).
pub fn report_summary(s: &Shared, spec: &Spec) -> ApiResult<SummaryReport> {
    Ok(summary::build(&lock(s), spec)?)
}

/// Builds the report `spec` asks for and writes it to `path` as `format` in `lang`; returns the
/// file's size in bytes. The ledger is held only while the figures are read.
pub fn report_summary_save(
    s: &Shared,
    spec: &Spec,
    format: summary::save::OutputFormat,
    lang: summary::Lang,
    path: &str,
) -> ApiResult<u64> {
    let report = summary::build(&lock(s), spec)?;
    Ok(summary::save::save(
        &report,
        format,
        lang,
        std::path::Path::new(path),
    )?)
}

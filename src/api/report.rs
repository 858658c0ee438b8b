//! The window's calls of reduction and resource-use reports: the report a spec asks for, as
//! the document every output draws.

use super::{lock, ApiResult, Shared};
use crate::report::summary::{self, Spec, SummaryReport};

/// Builds the reduction and resource-use report `spec` asks for (scope, period, start month).
pub fn report_summary(s: &Shared, spec: &Spec) -> ApiResult<SummaryReport> {
    Ok(summary::build(&lock(s), spec)?)
}

//! The window's call of the office's view.

use super::{lock, ApiResult, Shared};
use crate::office::{self, OfficeView};

/// The office's view of a period (`YYYY-MM`, `YYYY`, `YYYY-MM..YYYY-MM`; empty: last month).
pub fn office_view(s: &Shared, period: &str) -> ApiResult<OfficeView> {
    Ok(office::view(lock(s).conn(), period)?)
}

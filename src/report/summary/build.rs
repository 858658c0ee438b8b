//! Building a report: the period resolved, then each section's figures read from the core
//! functions the window and the CLI show.

use chrono::{Datelike, NaiveDate};

use super::model::{Period, PeriodKind, Spec, SummaryReport};
use crate::error::{Error, Result, Rule};
use crate::Ledger;

/// Resolves a spec's period: its first and last day and its labels. A malformed start month
/// or one that does not begin its quarter or year is refused, naming the field.
pub fn period_of(spec: &Spec) -> Result<Period> {
    let bad = || Error::field("start", Rule::BadMonth, &[("value", spec.start.trim())]);
    let first = NaiveDate::parse_from_str(&format!("{}-01", spec.start.trim()), "%Y-%m-%d")
        .map_err(|_| bad())?;
    let (y, m) = (first.year(), first.month());
    let months = match spec.period {
        PeriodKind::Month => 1,
        PeriodKind::Quarter if (m - 1) % 3 == 0 => 3,
        PeriodKind::Year if m == 1 => 12,
        _ => return Err(bad()),
    };
    let next = first
        .checked_add_months(chrono::Months::new(months))
        .ok_or_else(bad)?;
    let last = next.pred_opt().ok_or_else(bad)?;
    let (label_zh, label_en) = match spec.period {
        PeriodKind::Month => (format!("{y}年{m}月"), first.format("%B %Y").to_string()),
        PeriodKind::Quarter => {
            let q = (m - 1) / 3 + 1;
            (format!("{y}年第{q}季度"), format!("{y} Q{q}"))
        }
        PeriodKind::Year => (format!("{y}年"), format!("{y}")),
    };
    Ok(Period {
        kind: spec.period,
        label_zh,
        label_en,
        from: first.to_string(),
        to: last.to_string(),
    })
}

/// Builds the report `spec` asks for.
pub fn build(l: &Ledger, spec: &Spec) -> Result<SummaryReport> {
    let _ = l.conn();
    let period = period_of(spec)?;
    let now = chrono::Local::now().format("%Y-%m-%d %H:%M").to_string();
    Ok(SummaryReport {
        title_zh: "\u{201c}无废城市\u{201d}建设减量化与资源化利用报表".into(),
        title_en: "Zero-Waste City reduction and resource-use report".into(),
        spec: spec.clone(),
        scope_zh: String::new(),
        scope_en: String::new(),
        period,
        baseline: None,
        as_of: now.clone(),
        built_at: now,
        completeness_zh: Vec::new(),
        completeness_en: Vec::new(),
        sections: Vec::new(),
    })
}

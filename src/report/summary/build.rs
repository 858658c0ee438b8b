//! Building a report: the period resolved, then each section's figures read from the core
//! functions the window and the CLI show.

use chrono::{Datelike, NaiveDate};

use super::ctx::Ctx;
use super::model::{Period, PeriodKind, Spec, SummaryReport};
use super::scope::{self, Cells};
use super::{agri, cells, construction, household};
use crate::error::{Error, Result, Rule};
use crate::{profile, Ledger};

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
        PeriodKind::Quarter => {
            return Err(Error::field(
                "start",
                Rule::PeriodStart,
                &[
                    ("value", spec.start.trim()),
                    ("period", "季度"),
                    ("period_en", "quarterly"),
                    ("months", "1、4、7 或 10 月"),
                    ("months_en", "1, 4, 7 or 10"),
                ],
            ))
        }
        PeriodKind::Year => {
            return Err(Error::field(
                "start",
                Rule::PeriodStart,
                &[
                    ("value", spec.start.trim()),
                    ("period", "年度"),
                    ("period_en", "yearly"),
                    ("months", "1 月"),
                    ("months_en", "1"),
                ],
            ))
        }
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

/// The period's last month may not come after the current month.
fn check_not_future(p: &Period) -> Result<()> {
    let this = chrono::Local::now().format("%Y-%m").to_string();
    let last = &p.to[..7];
    if last > this.as_str() {
        return Err(Error::field(
            "start",
            Rule::FuturePeriod,
            &[
                ("value", &format!("{}..{}", &p.from[..7], last)),
                ("last", &this),
            ],
        ));
    }
    Ok(())
}

/// The newest change in the ledger, local time (`YYYY-MM-DD HH:MM`); empty for a ledger
/// with no change yet.
pub fn as_of(conn: &rusqlite::Connection) -> Result<String> {
    let at: Option<i64> = conn.query_row("SELECT max(at) FROM change_sets", [], |r| r.get(0))?;
    Ok(at
        .and_then(chrono::DateTime::from_timestamp_millis)
        .map(|t| {
            t.with_timezone(&chrono::Local)
                .format("%Y-%m-%d %H:%M")
                .to_string()
        })
        .unwrap_or_default())
}

fn shift_year(date: &str, year: i32) -> String {
    format!("{year:04}{}", &date[4..])
}

/// Builds the report `spec` asks for.
pub fn build(l: &Ledger, spec: &Spec) -> Result<SummaryReport> {
    let conn = l.conn();
    let period = period_of(spec)?;
    check_not_future(&period)?;
    let scope = scope::resolve(conn, &spec.scope)?;
    let setting_year: Option<i32> = profile::setting_or_default(conn, "report.baseline_year")?
        .parse()
        .ok();
    let year: i32 = period.from[..4].parse().unwrap_or(0);
    let base_year = match &scope.cells {
        Cells::One(c) => c.baseline_year,
        Cells::Set(_) => setting_year,
    }
    .filter(|y| *y < year);
    // A February 29th of the period has no match in a common baseline year: the baseline
    // period ends with its month.
    let base_to = |y: i32| -> String {
        let m = &period.to[..7];
        let first = NaiveDate::parse_from_str(&format!("{y:04}{}-01", &m[4..]), "%Y-%m-%d")
            .ok()
            .and_then(|d| d.checked_add_months(chrono::Months::new(1)))
            .and_then(|d| d.pred_opt());
        first.map_or_else(|| shift_year(&period.to, y), |d| d.to_string())
    };
    let baseline = base_year.map(|y| {
        let label = |l: &str| l.replacen(&year.to_string(), &y.to_string(), 1);
        Period {
            kind: period.kind,
            label_zh: label(&period.label_zh),
            label_en: label(&period.label_en),
            from: shift_year(&period.from, y),
            to: base_to(y),
        }
    });
    let ctx = Ctx {
        conn,
        scope: &scope,
        from_m: period.from[..7].to_string(),
        to_m: period.to[..7].to_string(),
        from_d: period.from.clone(),
        to_d: period.to.clone(),
        months: months_of(&period.from[..7], &period.to[..7]),
        base_year,
        base_from_m: baseline
            .as_ref()
            .map(|b| b.from[..7].to_string())
            .unwrap_or_default(),
        base_to_m: baseline
            .as_ref()
            .map(|b| b.to[..7].to_string())
            .unwrap_or_default(),
        base_from_d: baseline
            .as_ref()
            .map(|b| b.from.clone())
            .unwrap_or_default(),
        base_to_d: baseline.as_ref().map(|b| b.to.clone()).unwrap_or_default(),
    };
    let mut sections = Vec::new();
    if !matches!(scope.cells, Cells::One(_)) {
        sections.push(cells::section(&ctx)?);
    }
    sections.push(household::section(&ctx)?);
    if scope.territorial {
        sections.push(construction::section(&ctx)?);
        sections.push(agri::section(&ctx)?);
    }
    let mut completeness_zh = Vec::new();
    let mut completeness_en = Vec::new();
    for f in sections.iter().flat_map(|s| &s.figures) {
        if !f.missing_zh.is_empty() {
            completeness_zh.push(format!("{}：{}", f.label_zh, f.missing_zh));
            completeness_en.push(format!("{}: {}", f.label_en, f.missing_en));
        }
    }
    let now = chrono::Local::now().format("%Y-%m-%d %H:%M").to_string();
    Ok(SummaryReport {
        title_zh: format!(
            "{}\u{201c}无废城市\u{201d}建设减量化与资源化利用报表",
            profile::setting_or_default(conn, "city.name")?
        ),
        title_en: "Zero-Waste City reduction and resource-use report".into(),
        spec: spec.clone(),
        scope_zh: scope.name_zh.clone(),
        scope_en: scope.name_en.clone(),
        period,
        baseline,
        as_of: as_of(conn)?,
        built_at: now,
        completeness_zh,
        completeness_en,
        sections,
    })
}

/// The months from `from` to `to` inclusive (`YYYY-MM`).
pub fn months_of(from: &str, to: &str) -> Vec<String> {
    let mut out = Vec::new();
    let Ok(mut d) = NaiveDate::parse_from_str(&format!("{from}-01"), "%Y-%m-%d") else {
        return out;
    };
    while d.format("%Y-%m").to_string().as_str() <= to && out.len() < 1200 {
        out.push(d.format("%Y-%m").to_string());
        match d.checked_add_months(chrono::Months::new(1)) {
            Some(n) => d = n,
            None => break,
        }
    }
    out
}

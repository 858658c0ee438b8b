//! The certification report's benchmark lines for `zwl bench`: the time to issue one report
//! (figures, drawing with the subset font, the issued row written) and its size, beside the
//! same cell's rates alone (the figures the report prints).

use std::time::Instant;

use crate::bench::Line;
use crate::error::Result;
use crate::ids::CellId;
use crate::Ledger;

fn median(mut t: Vec<f64>) -> f64 {
    t.sort_by(|a, b| a.total_cmp(b));
    t.get(t.len() / 2).copied().unwrap_or(0.0)
}

/// Issues a report for each of `ids` over `from`..`to` and measures.
pub fn lines(l: &mut Ledger, ids: &[CellId], from: &str, to: &str) -> Result<Vec<Line>> {
    let s = Instant::now();
    super::pdf::font()?;
    let parse_ms = s.elapsed().as_secs_f64() * 1000.0;
    let (mut pdf_ms, mut rates_ms, mut sizes) = (Vec::new(), Vec::new(), Vec::new());
    for id in ids {
        let s = Instant::now();
        crate::cells::rates::compute(l.conn(), *id, from, to)?;
        rates_ms.push(s.elapsed().as_secs_f64() * 1000.0);
        let s = Instant::now();
        let r = super::issue_cert(l, *id, from, to)?;
        pdf_ms.push(s.elapsed().as_secs_f64() * 1000.0);
        sizes.push(r.bytes as f64 / 1000.0);
    }
    let (pdf, rates) = (median(pdf_ms), median(rates_ms));
    let max_kb = sizes.iter().copied().fold(0.0, f64::max);
    Ok(vec![
        Line {
            what: format!(
                "certification PDF of one cell, 12 months (median of {}; the font parsed once per process: {parse_ms:.0} ms)",
                ids.len()
            ),
            ledger: pdf,
            baseline: rates,
            unit: "ms".into(),
            ratio: pdf / rates.max(1e-9),
            target: "< 20 ms".into(),
        },
        Line {
            what: "certification PDF size, largest".into(),
            ledger: max_kb,
            baseline: median(sizes),
            unit: "KB (baseline: median)".into(),
            ratio: max_kb / 100.0,
            target: "< 100 KB".into(),
        },
    ])
}

//! The ledger `zwl bench --summary` measures: last year's city report over it has every
//! section at work, in the report's year and against its baseline year.

use chrono::Datelike;
use zwl::report::summary::{self, bench, Figure, PeriodKind, Scope, Spec, SummaryReport};
use zwl::Ledger;

fn fig<'a>(r: &'a SummaryReport, key: &str) -> &'a Figure {
    r.sections
        .iter()
        .flat_map(|s| &s.figures)
        .find(|f| f.key == key)
        .unwrap_or_else(|| panic!("no figure {key}"))
}

#[test]
fn the_benchmark_ledger_fills_every_section_of_the_report_year_and_its_baseline() {
    let mut l = Ledger::open_in_memory().unwrap();
    let year = chrono::Local::now().year() - 1;
    let g = bench::generate(&mut l, 20_000, year).unwrap();
    assert!(g.records >= 15_000, "{g:?}");
    let r = summary::build(
        &l,
        &Spec {
            scope: Scope::City,
            period: PeriodKind::Year,
            start: format!("{year}-01"),
        },
    )
    .unwrap();
    // Figures of the year, each with the same figure of the baseline year beside it.
    for key in [
        "household.generated",
        "household.recycling_rate",
        "cw.generated",
        "agri.film_rate",
        "agri.packaging_rate",
        "agri.straw_rate",
        "agri.manure_rate",
    ] {
        let f = fig(&r, key);
        assert!(f.value.is_some_and(|v| v > 0.0), "{key}: {f:?}");
        assert!(f.baseline.is_some_and(|v| v > 0.0), "{key}: {f:?}");
    }
    // A year of loads: about one per 25 records dispatched in the year, nearly all closed.
    let dispatched = fig(&r, "cw.dispatched").value.unwrap();
    let per_year = (g.loads / 2) as f64;
    assert!(
        (dispatched - per_year).abs() < per_year * 0.1,
        "{dispatched} loads dispatched in {year}, {per_year} expected"
    );
    assert!(fig(&r, "cw.closure_rate").value.unwrap() > 90.0);
}

#[test]
fn the_hand_written_aggregates_read_the_years_rows() {
    let mut l = Ledger::open_in_memory().unwrap();
    let year = chrono::Local::now().year() - 1;
    bench::generate(&mut l, 5_000, year).unwrap();
    let here = summary::bench_sql::hand_sql(l.conn(), year).unwrap();
    // Monthly stream sums and load months of the year are rows of their own; a year with
    // nothing in it gives only the empty totals and the registers.
    let empty = summary::bench_sql::hand_sql(l.conn(), year - 5).unwrap();
    assert!(
        here > empty + 12 * 2,
        "{here} rows for {year}, {empty} for a year without data"
    );
}

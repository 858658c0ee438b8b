//! Reduction and resource-use reports: every figure is the one the functions behind the
//! window and the CLI give for the same scope and period; missing months are said; a bad
//! request names its field; the XLSX and CSV outputs hold the JSON's numbers, and English mode
//! has no Chinese.

use chrono::{Datelike, Local, Months, NaiveDate};
use zwl::cells::rates::{self, CellSet};
use zwl::report::summary::{self, Figure, Lang, PeriodKind, Scope, Spec, SummaryReport};
use zwl::Ledger;

/// The demo's cells over `months` months up to now, construction waste and agriculture.
fn demo(months: u32) -> Ledger {
    let mut l = Ledger::open_in_memory().unwrap();
    zwl::demo::generate(
        &mut l,
        &zwl::demo::Spec {
            cells: 40,
            months,
            ..Default::default()
        },
    )
    .unwrap();
    zwl::demo::construction::generate(&mut l, 400, 2026).unwrap();
    zwl::demo::agri::generate(&mut l, 2026).unwrap();
    l
}

fn first_of_month(back: u32) -> NaiveDate {
    let t = Local::now().date_naive();
    NaiveDate::from_ymd_opt(t.year(), t.month(), 1).unwrap() - Months::new(back)
}

/// The last complete month, the last complete quarter and last year, each as a spec.
fn periods(scope: Scope) -> Vec<Spec> {
    let m = first_of_month(1);
    let q0 = first_of_month(0);
    let q = NaiveDate::from_ymd_opt(q0.year(), (q0.month() - 1) / 3 * 3 + 1, 1).unwrap()
        - Months::new(3);
    let y = format!("{}-01", Local::now().year() - 1);
    vec![
        Spec {
            scope: scope.clone(),
            period: PeriodKind::Month,
            start: m.format("%Y-%m").to_string(),
        },
        Spec {
            scope: scope.clone(),
            period: PeriodKind::Quarter,
            start: q.format("%Y-%m").to_string(),
        },
        Spec {
            scope,
            period: PeriodKind::Year,
            start: y,
        },
    ]
}

fn fig<'a>(r: &'a SummaryReport, key: &str) -> &'a Figure {
    r.sections
        .iter()
        .flat_map(|s| &s.figures)
        .find(|f| f.key == key)
        .unwrap_or_else(|| panic!("figure {key} in the report"))
}

/// Equal but for the last bits: the construction rates sum tonnes in hash-map order, so two
/// calls of the same function may differ there.
fn close(a: Option<f64>, b: Option<f64>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => (a - b).abs() <= 1e-9 * a.abs().max(1.0),
        (a, b) => a == b,
    }
}

fn months(r: &SummaryReport) -> (String, String) {
    (r.period.from[..7].to_string(), r.period.to[..7].to_string())
}

#[test]
fn the_citys_household_figures_are_those_of_every_cell_together() {
    let l = demo(24);
    for spec in periods(Scope::City) {
        let r = summary::build(&l, &spec).unwrap();
        let (from, to) = months(&r);
        let (_, h) = rates::all_cells_household(l.conn(), &from, &to).unwrap();
        assert_eq!(fig(&r, "household.recycling_rate").value, h.recycling_rate);
        assert_eq!(fig(&r, "household.resource_rate").value, h.resource_rate);
        assert_eq!(
            fig(&r, "household.generated").value,
            Some(h.generated_g as f64 / 1e6)
        );
        assert_eq!(
            fig(&r, "household.recycling_rate")
                .target
                .as_ref()
                .unwrap()
                .value,
            h.recycling_target_pct
        );
    }
}

#[test]
fn a_cells_report_has_the_figures_of_zwl_rates() {
    let l = demo(24);
    let id: Vec<u8> = l
        .conn()
        .query_row("SELECT id FROM cells WHERE deleted = 0 LIMIT 1", [], |r| {
            r.get(0)
        })
        .unwrap();
    let id = uuid::Uuid::from_slice(&id).unwrap().to_string();
    for spec in periods(Scope::Cell(id.clone())) {
        let r = summary::build(&l, &spec).unwrap();
        let (from, to) = months(&r);
        let c = rates::compute(l.conn(), id.parse().unwrap(), &from, &to).unwrap();
        assert_eq!(
            fig(&r, "household.recycling_rate").value,
            c.household.recycling_rate
        );
        assert_eq!(
            fig(&r, "household.resource_rate").value,
            c.household.resource_rate
        );
        for s in &c.reduction {
            assert_eq!(
                fig(&r, &format!("reduction.{}", s.stream)).value,
                s.change_pct
            );
        }
        assert!(
            r.sections.iter().all(|s| s.key == "household"),
            "a cell's report has its own figures only"
        );
    }
}

#[test]
fn an_areas_cells_and_figures_are_those_of_its_cells() {
    let l = demo(24);
    let area = "220102";
    let home = zwl::home::area_cells(l.conn(), "2000-01").unwrap();
    let counted = home.iter().find(|a| a.code == area).map_or(0, |a| a.total);
    for spec in periods(Scope::Area(area.into())) {
        let r = summary::build(&l, &spec).unwrap();
        assert_eq!(fig(&r, "cells.created").value, Some(counted as f64));
        let (from, to) = months(&r);
        let (_, h) =
            rates::household_of(l.conn(), &CellSet::Area(area.into()), &from, &to).unwrap();
        assert_eq!(fig(&r, "household.recycling_rate").value, h.recycling_rate);
        // The same cells one by one, through zwl rates.
        let ids: Vec<Vec<u8>> = {
            let mut st = l
                .conn()
                .prepare(
                    "SELECT c.id FROM cells c WHERE c.deleted = 0 AND c.district = ?1
                     AND NOT EXISTS (SELECT 1 FROM cell_places p WHERE p.cell_id = c.id AND p.deleted = 0)",
                )
                .unwrap();
            let rows = st.query_map([area], |r| r.get(0)).unwrap();
            rows.map(|r| r.unwrap()).collect()
        };
        let gen: i64 = ids
            .iter()
            .map(|id| {
                let id = uuid::Uuid::from_slice(id).unwrap().to_string();
                rates::compute(l.conn(), id.parse().unwrap(), &from, &to)
                    .unwrap()
                    .household
                    .generated_g
            })
            .sum();
        assert_eq!(fig(&r, "household.generated").value, Some(gen as f64 / 1e6));
    }
}

#[test]
fn construction_figures_are_those_of_zwl_cw_rate_and_supervision() {
    let l = demo(3);
    for spec in periods(Scope::City).into_iter().take(2) {
        let r = summary::build(&l, &spec).unwrap();
        let (from, to) = months(&r);
        let u = zwl::construction::resource_use::rate(l.conn(), "district", &from, &to).unwrap();
        let s = zwl::construction::supervision::supervision(l.conn(), &from, &to).unwrap();
        assert!(close(
            fig(&r, "cw.resource_rate").value,
            u.total.resource_rate
        ));
        assert!(close(
            fig(&r, "cw.comprehensive_rate").value,
            u.total.comprehensive_rate
        ));
        assert_eq!(fig(&r, "cw.closure_rate").value, s.total.closure_rate);
        if s.total.dispatched > 0 {
            assert_eq!(fig(&r, "cw.overdue").value, Some(s.total.overdue as f64));
            assert_eq!(
                fig(&r, "cw.discrepancies").value,
                Some(s.total.discrepancy as f64)
            );
            assert_eq!(fig(&r, "cw.overloads").value, Some(s.total.overload as f64));
        }
        // A district alone: its own row of the same function.
        let one = Spec {
            scope: Scope::Area(u.rows[0].key.clone()),
            ..spec.clone()
        };
        let r = summary::build(&l, &one).unwrap();
        assert!(close(
            fig(&r, "cw.resource_rate").value,
            u.rows[0].resource_rate
        ));
        assert!(close(
            fig(&r, "cw.generated").value,
            Some(u.rows[0].generated_t)
        ));
    }
}

#[test]
fn agricultural_figures_are_those_of_zwl_agri_rates() {
    let l = demo(3);
    let spec = &periods(Scope::City)[0];
    let r = summary::build(&l, spec).unwrap();
    let q = zwl::agri::rates::RatesQuery {
        by: "district".into(),
        from: r.period.from.clone(),
        to: r.period.to.clone(),
        district: String::new(),
    };
    let a = zwl::agri::rates::rates(l.conn(), &q).unwrap();
    let villages: i64 = a.rows.iter().filter_map(|x| x.villages).sum();
    let covered: i64 = a.rows.iter().filter_map(|x| x.villages_covered).sum();
    assert_eq!(
        fig(&r, "agri.coverage").value,
        Some((covered as f64 * 1000.0 / villages as f64).round() / 10.0)
    );
    let row = a.rows.iter().find(|x| x.villages.unwrap_or(0) > 0).unwrap();
    let one = Spec {
        scope: Scope::Area(row.district.clone()),
        ..spec.clone()
    };
    let r = summary::build(&l, &one).unwrap();
    assert_eq!(fig(&r, "agri.coverage").value, row.coverage);
    assert_eq!(fig(&r, "agri.film_rate").value, row.film_rate);
    assert_eq!(fig(&r, "agri.packaging_rate").value, row.pkg_rate);
    let straw = fig(&r, "agri.straw_rate");
    assert_eq!(straw.target.as_ref().unwrap().value, 90.0);
    assert!(straw.target.as_ref().unwrap().source.contains("长春市"));
}

#[test]
fn a_period_without_records_is_not_computed_and_says_why() {
    let l = demo(2);
    let spec = Spec {
        scope: Scope::City,
        period: PeriodKind::Month,
        start: first_of_month(6).format("%Y-%m").to_string(),
    };
    let r = summary::build(&l, &spec).unwrap();
    let f = fig(&r, "household.recycling_rate");
    assert_eq!(f.value, None);
    assert!(f.missing_zh.starts_with("未计算"), "{}", f.missing_zh);
    assert!(f.missing_en.starts_with("not computed"), "{}", f.missing_en);
    assert!(r
        .completeness_zh
        .iter()
        .any(|l| l.contains("生活垃圾回收利用率")));
}

#[test]
fn months_missing_from_a_period_mark_its_rate_incomplete() {
    // Records from November of last year: last year has two months of twelve.
    let l = demo(Local::now().month() + 2);
    let spec = Spec {
        scope: Scope::City,
        period: PeriodKind::Year,
        start: format!("{}-01", Local::now().year() - 1),
    };
    let r = summary::build(&l, &spec).unwrap();
    let f = fig(&r, "household.recycling_rate");
    assert!(f.value.is_some());
    assert!(
        f.missing_zh.starts_with("不完整：10 个月无记录"),
        "{}",
        f.missing_zh
    );
    assert!(
        f.missing_en.starts_with("incomplete: 10 months"),
        "{}",
        f.missing_en
    );
    assert!(r
        .completeness_en
        .iter()
        .any(|l| l.starts_with("Household waste recycling rate")));
}

#[test]
fn the_baseline_is_the_same_period_of_the_baseline_year() {
    let mut l = demo(24);
    let spec = &periods(Scope::City)[1];
    let base = spec.start[..4].parse::<i32>().unwrap() - 1;
    l.write(|w| zwl::profile::set_setting(w, "report.baseline_year", &base.to_string()))
        .unwrap();
    let r = summary::build(&l, spec).unwrap();
    let b = r.baseline.as_ref().expect("a baseline period");
    assert_eq!(&b.from[5..], &r.period.from[5..]);
    assert_eq!(
        b.from[..4].parse::<i32>().unwrap(),
        r.period.from[..4].parse::<i32>().unwrap() - 1
    );
    let (_, h) = rates::all_cells_household(l.conn(), &b.from[..7], &b.to[..7]).unwrap();
    assert_eq!(
        fig(&r, "household.recycling_rate").baseline,
        h.recycling_rate
    );
    let (from, to) = months(&r);
    let red = rates::reduction_of(l.conn(), &CellSet::All, &from, &to, base).unwrap();
    assert!(!red.is_empty());
    for s in red {
        assert_eq!(
            fig(&r, &format!("reduction.{}", s.stream)).value,
            s.change_pct
        );
    }
}

fn refused(l: &Ledger, scope: Scope, period: PeriodKind, start: &str) -> (String, String) {
    let e = summary::build(
        l,
        &Spec {
            scope,
            period,
            start: start.into(),
        },
    )
    .unwrap_err();
    let f = &e.fields()[0];
    (f.field.clone(), f.code.clone())
}

#[test]
fn a_bad_request_is_refused_naming_its_field() {
    let l = demo(1);
    let next = first_of_month(0) + Months::new(1);
    assert_eq!(
        refused(&l, Scope::City, PeriodKind::Quarter, "2025-02"),
        ("start".into(), "period_start".into())
    );
    assert_eq!(
        refused(&l, Scope::City, PeriodKind::Year, "2025-04"),
        ("start".into(), "period_start".into())
    );
    assert_eq!(
        refused(&l, Scope::City, PeriodKind::Month, "2025-13"),
        ("start".into(), "bad_month".into())
    );
    assert_eq!(
        refused(
            &l,
            Scope::City,
            PeriodKind::Month,
            &next.format("%Y-%m").to_string()
        ),
        ("start".into(), "future_period".into())
    );
    assert_eq!(
        refused(
            &l,
            Scope::Area("没有这个区".into()),
            PeriodKind::Month,
            "2025-01"
        ),
        ("scope".into(), "unknown_area".into())
    );
    assert_eq!(
        refused(
            &l,
            Scope::Kind("nothing".into()),
            PeriodKind::Month,
            "2025-01"
        ),
        ("scope".into(), "unknown_kind".into())
    );
    let e = summary::build(
        &l,
        &Spec {
            scope: Scope::City,
            period: PeriodKind::Quarter,
            start: "2025-02".into(),
        },
    )
    .unwrap_err();
    assert!(
        e.message_zh().contains("1、4、7 或 10 月"),
        "{}",
        e.message_zh()
    );
    assert!(
        e.message_en().contains("1, 4, 7 or 10"),
        "{}",
        e.message_en()
    );
}

fn has_chinese(s: &str) -> bool {
    s.chars()
        .any(|c| ('\u{3000}'..='\u{9fff}').contains(&c) || ('\u{ff00}'..='\u{ffef}').contains(&c))
}

#[test]
fn the_xlsx_holds_the_jsons_numbers_as_numbers() {
    use calamine::{Data, Reader};
    let l = demo(3);
    let r = summary::build(&l, &periods(Scope::City)[0]).unwrap();
    let d = tempfile::tempdir().unwrap();
    for lang in [Lang::Zh, Lang::En] {
        let path = d.path().join("r.xlsx");
        summary::write_file(&r, "xlsx", lang, &path).unwrap();
        let mut book = calamine::open_workbook_auto(&path).unwrap();
        let names = book.sheet_names();
        assert_eq!(names.len(), r.sections.len() + 1, "a sheet per section");
        let mut seen = 0;
        for (i, s) in r.sections.iter().enumerate() {
            let range = book.worksheet_range(&names[i + 1]).unwrap();
            for f in &s.figures {
                let row = range
                    .rows()
                    .find(|row| matches!(&row[0], Data::String(k) if *k == f.key))
                    .unwrap_or_else(|| panic!("row of {}", f.key));
                match (f.value, &row[2]) {
                    (Some(v), Data::Float(x)) => {
                        assert_eq!(*x, v, "{}", f.key);
                        seen += 1;
                    }
                    (None, Data::Empty) => {}
                    (v, other) => panic!("{}: {v:?} written as {other:?}", f.key),
                }
            }
        }
        assert!(seen > 5, "numbers were compared: {seen}");
        if lang == Lang::En {
            for n in &names {
                let range = book.worksheet_range(n).unwrap();
                for c in range.used_cells() {
                    if let Data::String(s) = c.2 {
                        assert!(!has_chinese(s), "Chinese in English mode: {s}");
                    }
                }
            }
        }
    }
}

#[test]
fn the_csv_parses_and_holds_the_jsons_numbers() {
    let l = demo(3);
    let r = summary::build(&l, &periods(Scope::City)[1]).unwrap();
    for lang in [Lang::Zh, Lang::En] {
        let text = summary::csv::to_string(&r, lang);
        let body = text.strip_prefix('\u{feff}').expect("a BOM");
        let mut rd = csv::ReaderBuilder::new()
            .flexible(true)
            .has_headers(true)
            .from_reader(body.as_bytes());
        let mut seen = 0;
        for rec in rd.records() {
            let rec = rec.unwrap();
            if &rec[1] != "figure" {
                continue;
            }
            let f = fig(&r, &rec[2]);
            let v = &rec[5];
            match f.value {
                Some(x) => assert_eq!(v.parse::<f64>().unwrap(), x, "{}", f.key),
                None => assert_eq!(v, "", "{}", f.key),
            }
            seen += 1;
        }
        assert_eq!(
            seen,
            r.sections.iter().map(|s| s.figures.len()).sum::<usize>()
        );
        if lang == Lang::En {
            let chinese: Vec<&str> = body.lines().filter(|l| has_chinese(l)).collect();
            assert!(chinese.is_empty(), "Chinese in English mode: {chinese:#?}");
        }
    }
}

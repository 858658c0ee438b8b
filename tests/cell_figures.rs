//! The figures of a cell, one test per rule: reduction only over the months both sides have,
//! per stream with its own denominators, activity figures per year, the recycling and
//! resource-use rates, categories as profile data, and entry by bins or bags.

use zwl::cells::{
    self, activity::FigureInput, categories, categories::CategoryDraft, records::RecordInput,
    CellDraft,
};
use zwl::{Error, Ledger};

fn cell(l: &mut Ledger, name: &str, kind: &str, uscc: &str) -> cells::Cell {
    cells::add(
        l,
        &CellDraft {
            name: name.into(),
            kind: kind.into(),
            uscc: uscc.into(),
            district: "220102".into(),
            baseline_year: "2024".into(),
            ..Default::default()
        },
    )
    .unwrap()
}

fn rec(month: &str, cat: &str, q: [&str; 5]) -> RecordInput {
    RecordInput {
        month: month.into(),
        category: cat.into(),
        generated: q[0].into(),
        recycled: q[1].into(),
        composted: q[2].into(),
        incinerated: q[3].into(),
        landfilled: q[4].into(),
        ..Default::default()
    }
}

fn months(year: i32, from: u32, to: u32) -> Vec<String> {
    (from..=to).map(|m| format!("{year}-{m:02}")).collect()
}

fn figure(year: &str, figure: &str, value: &str) -> FigureInput {
    FigureInput {
        year: year.into(),
        figure: figure.into(),
        value: value.into(),
        source: "统计报表".into(),
    }
}

fn check_ok(l: &Ledger) {
    let rep = zwl::audit::check(l.conn()).unwrap();
    assert!(rep.ok(), "{:?} {:?}", rep.integrity, rep.log_problems);
}

/// Three months entered in 2025 against a whole 2024 used to read as a 75% reduction.
#[test]
fn reduction_compares_only_months_recorded_in_both_the_period_and_the_baseline_year() {
    let mut l = Ledger::open_in_memory().unwrap();
    let c = cell(&mut l, "测试机关", "office", "91220101131860916E");
    let mut rows: Vec<RecordInput> = months(2024, 1, 12)
        .iter()
        .map(|m| rec(m, "other", ["100", "", "", "", ""]))
        .collect();
    rows.extend(
        months(2025, 1, 3)
            .iter()
            .map(|m| rec(m, "other", ["100", "", "", "", ""])),
    );
    cells::records::save(&mut l, c.id, &rows).unwrap();

    let r = cells::rates::compute(l.conn(), c.id, "2025-01", "2025-12").unwrap();
    let h = &r.reduction[0];
    assert_eq!(h.stream, "household");
    assert_eq!(h.months_compared, months(2025, 1, 3));
    assert_eq!((h.period_g, h.baseline_g), (300_000, 300_000));
    assert_eq!(h.change_pct, Some(0.0), "not −75%");
    assert_eq!(h.period_missing, months(2025, 4, 12));
    assert!(h.baseline_missing.is_empty());
    assert!(!h.complete, "incomplete while months are missing");

    // A partly entered baseline year: its missing months are listed too.
    let r = cells::rates::compute(l.conn(), c.id, "2025-01", "2025-03").unwrap();
    assert!(r.reduction[0].complete);
    let d = cell(&mut l, "乙小区", "community", "");
    let mut rows: Vec<RecordInput> = months(2024, 1, 2)
        .iter()
        .map(|m| rec(m, "other", ["100", "", "", "", ""]))
        .collect();
    rows.extend(
        months(2025, 1, 3)
            .iter()
            .map(|m| rec(m, "other", ["80", "", "", "", ""])),
    );
    cells::records::save(&mut l, d.id, &rows).unwrap();
    let r = cells::rates::compute(l.conn(), d.id, "2025-01", "2025-03").unwrap();
    let h = &r.reduction[0];
    assert_eq!(h.baseline_missing, ["2024-03"]);
    assert!(h.period_missing.is_empty());
    assert_eq!((h.period_g, h.baseline_g), (160_000, 200_000));
    assert!(!h.complete);
    check_ok(&l);
}

#[test]
fn reduction_is_computed_per_stream_never_over_one_sum() {
    let mut l = Ledger::open_in_memory().unwrap();
    let c = cell(&mut l, "某工厂", "factory", "91220101131860916E");
    cells::records::save(
        &mut l,
        c.id,
        &[
            rec("2024-05", "other", ["100", "", "", "", ""]),
            rec("2024-05", "industrial", ["1000", "", "", "", ""]),
            rec("2024-05", "hazardous", ["10", "", "", "", ""]),
            rec("2025-05", "other", ["50", "", "", "", ""]),
            rec("2025-05", "industrial", ["1200", "", "", "", ""]),
            rec("2025-05", "hazardous", ["5", "", "", "", ""]),
        ],
    )
    .unwrap();
    let r = cells::rates::compute(l.conn(), c.id, "2025-05", "2025-05").unwrap();
    let by: Vec<(&str, i64, i64)> = r
        .reduction
        .iter()
        .map(|s| (s.stream.as_str(), s.period_g, s.baseline_g))
        .collect();
    assert_eq!(
        by,
        [
            ("household", 50_000, 100_000),
            ("industrial", 1_200_000, 1_000_000),
            ("hazardous", 5_000, 10_000),
        ]
    );
    // Industrial waste grew by 20% while the other two halved: no sum hides that.
    assert_eq!(r.reduction[1].change_pct, Some(20.0));
    assert_eq!(r.reduction[0].change_pct, Some(-50.0));
    // Each stream has its own denominators.
    let dens = |i: usize| -> Vec<String> {
        r.reduction[i]
            .denominators
            .iter()
            .map(|d| d.figure.clone())
            .collect()
    };
    assert_eq!(dens(0), ["people"]);
    assert_eq!(dens(1), ["output_value", "product_tonnes"]);
}

#[test]
fn denominators_are_activity_figures_per_year_with_unit_source_and_per_day_figures() {
    let mut l = Ledger::open_in_memory().unwrap();
    let f = cell(&mut l, "某工厂", "factory", "91220101131860916E");
    cells::activity::save(
        &mut l,
        f.id,
        &[
            figure("2024", "工业总产值", "2000"),
            figure("2025", "output_value", "3000.5"),
            figure("2024", "product_tonnes", "500"),
        ],
    )
    .unwrap();
    let figs = cells::activity::figures(l.conn(), f.id).unwrap();
    assert_eq!(figs[0].unit, "万元");
    assert_eq!(figs[0].source, "统计报表");
    assert_eq!(figs[1].value, "3000.5");
    cells::records::save(
        &mut l,
        f.id,
        &[
            rec("2024-02", "industrial", ["2000", "", "", "", ""]),
            rec("2025-02", "industrial", ["3000.5", "", "", "", ""]),
        ],
    )
    .unwrap();
    let r = cells::rates::compute(l.conn(), f.id, "2025-02", "2025-02").unwrap();
    let ind = &r.reduction[0];
    let value = &ind.denominators[0];
    assert_eq!(
        (value.period_year, value.baseline_year),
        (Some(2025), Some(2024))
    );
    assert_eq!(value.period_kg_per_unit, Some(1.0), "1 kg per 万元 in 2025");
    assert_eq!(value.baseline_kg_per_unit, Some(1.0));
    assert_eq!(
        value.period_kg_per_unit_day, None,
        "output is not counted per day"
    );
    // Tonnes of product counted only for 2024: that figure holds in 2025 too.
    let tonnes = &ind.denominators[1];
    assert_eq!(tonnes.period_year, Some(2024));
    assert_eq!(tonnes.baseline_kg_per_unit, Some(4.0));

    // A community: household waste per household and per person, per day over the days of
    // the months compared (February 2024 has 29, February 2025 has 28).
    let c = cell(&mut l, "某小区", "community", "");
    cells::activity::save(
        &mut l,
        c.id,
        &[
            figure("2024", "households", "100"),
            figure("2024", "people", "290"),
            figure("2025", "households", "100"),
        ],
    )
    .unwrap();
    cells::records::save(
        &mut l,
        c.id,
        &[
            rec("2024-02", "other", ["2900", "", "", "", ""]),
            rec("2025-02", "other", ["2800", "", "", "", ""]),
        ],
    )
    .unwrap();
    let r = cells::rates::compute(l.conn(), c.id, "2025-02", "2025-02").unwrap();
    let h = &r.reduction[0];
    assert_eq!((h.period_days, h.baseline_days), (28, 29));
    let per_household = &h.denominators[0];
    assert_eq!(per_household.figure, "households");
    assert_eq!(per_household.period_kg_per_unit_day, Some(1.0));
    assert_eq!(per_household.baseline_kg_per_unit_day, Some(1.0));
    let per_person = &h.denominators[1];
    assert_eq!(
        per_person.baseline_kg_per_unit_day,
        Some(2900.0 / 290.0 / 29.0)
    );

    // A figure with a bad year, kind or value is refused with every field named.
    let e = cells::activity::save(&mut l, c.id, &[figure("1999", "面积", "-3")]).unwrap_err();
    let fields: Vec<&str> = e.fields().iter().map(|f| f.field.as_str()).collect();
    assert_eq!(fields, ["year", "figure", "value"]);
    check_ok(&l);
}

#[test]
fn the_cell_form_headcount_is_this_years_activity_figure_and_the_baseline_years_by_default() {
    let mut l = Ledger::open_in_memory().unwrap();
    let c = cell(&mut l, "测试机关", "office", "91220101131860916E");
    let mut d = CellDraft::from_cell(&c);
    d.headcount = "100".into();
    let c = cells::edit(&mut l, c.id, &d).unwrap();
    assert_eq!(c.headcount, Some(100));
    assert_eq!(c.baseline_headcount, Some(100));
    let years: Vec<i32> = cells::activity::figures(l.conn(), c.id)
        .unwrap()
        .iter()
        .map(|f| f.year)
        .collect();
    let this_year = chrono::Datelike::year(&chrono::Local::now());
    assert_eq!(years, [2024, this_year]);
    // A school's 人数 is its 师生人数, the figure its household waste is divided by.
    let mut school = CellDraft::from_cell(&cell(&mut l, "某小学", "school", "52220100MJ00000016"));
    school.headcount = "800".into();
    let id = cells::find(l.conn(), "某小学").unwrap().id;
    let sc = cells::edit(&mut l, id, &school).unwrap();
    assert_eq!(sc.headcount, Some(800));
    let figs = cells::activity::figures(l.conn(), id).unwrap();
    assert!(figs.iter().all(|f| f.figure == "teachers_pupils"));
    // Saving the form unchanged writes nothing.
    let before = zwl::audit::check(l.conn()).unwrap().log_entries;
    cells::edit(&mut l, c.id, &CellDraft::from_cell(&c)).unwrap();
    assert_eq!(zwl::audit::check(l.conn()).unwrap().log_entries, before);
}

#[test]
fn only_categories_flagged_as_recovery_count_toward_the_recycling_rate() {
    let mut l = Ledger::open_in_memory().unwrap();
    let c = cell(&mut l, "测试机关", "office", "91220101131860916E");
    let saved = cells::records::save_entries(
        &mut l,
        c.id,
        &[
            rec("2025-01", "recyclable", ["100", "80", "", "", "20"]),
            rec("2025-01", "kitchen", ["100", "", "50", "50", ""]),
            rec("2025-01", "other", ["200", "30", "", "170", ""]),
        ],
    )
    .unwrap();
    // Saved, with a warning naming the row, the category and the amount.
    assert_eq!(saved.changed, 3);
    assert_eq!(saved.warnings.len(), 1);
    assert_eq!(saved.warnings[0].row, Some(3));
    assert_eq!(saved.warnings[0].code, "recovery_not_counted");
    assert!(saved.warnings[0].message_zh.contains("其他垃圾"));

    let r = cells::rates::compute(l.conn(), c.id, "2025-01", "2025-01").unwrap();
    let h = &r.household;
    assert_eq!(h.recovered_g, 130_000, "80 + 50, not the 30 of other waste");
    assert_eq!(h.recycling_rate, Some(32.5));
    assert_eq!(h.warnings.len(), 1);
    assert!(h
        .recycling_formula_zh
        .contains("未进入生活垃圾焚烧和填埋设施进行处理的可回收物、厨余垃圾"));

    // The flag is data: a city that counts a new category sets it.
    l.write(|w| {
        categories::add_category(
            w,
            &CategoryDraft {
                key: "textiles".into(),
                name_zh: "废旧衣物".into(),
                stream: "生活垃圾".into(),
                counts_as_recovery: true,
                ..Default::default()
            },
        )
    })
    .unwrap();
    cells::records::save(
        &mut l,
        c.id,
        &[rec("2025-01", "废旧衣物", ["100", "100", "", "", ""])],
    )
    .unwrap();
    let r = cells::rates::compute(l.conn(), c.id, "2025-01", "2025-01").unwrap();
    assert_eq!(r.household.recovered_g, 230_000);
    assert!(r.household.counted_zh.contains(&"废旧衣物".to_string()));
}

#[test]
fn the_resource_use_rate_counts_each_route_by_its_factor_and_landfill_not_at_all() {
    let mut l = Ledger::open_in_memory().unwrap();
    let c = cell(&mut l, "测试机关", "office", "91220101131860916E");
    cells::records::save(
        &mut l,
        c.id,
        &[
            rec("2025-01", "recyclable", ["100", "100", "", "", ""]),
            rec("2025-01", "kitchen", ["100", "", "100", "", ""]),
            rec("2025-01", "other", ["200", "", "", "100", "100"]),
        ],
    )
    .unwrap();
    let r = cells::rates::compute(l.conn(), c.id, "2025-01", "2025-01").unwrap();
    assert_eq!(
        r.household.resource_rate,
        Some(75.0),
        "(100 + 100 + 100) ÷ 400"
    );
    assert_eq!(r.household.resource_target_pct, 60.0);
    l.set_setting("factor.incineration", "0.5").unwrap();
    l.set_setting("factor.composting", "0.8").unwrap();
    let r = cells::rates::compute(l.conn(), c.id, "2025-01", "2025-01").unwrap();
    assert_eq!(r.household.resource_used_g, 100_000 + 80_000 + 50_000);
    assert!(r.household.resource_formula_zh.contains("焚烧处理量 × 0.5"));
    assert!(r.household.resource_formula_zh.contains("卫生填埋量 × 0"));
    // A city that counts landfill gas gives sanitary landfill a factor of its own.
    l.set_setting("factor.landfill", "0.1").unwrap();
    let r = cells::rates::compute(l.conn(), c.id, "2025-01", "2025-01").unwrap();
    assert_eq!(
        r.household.resource_used_g,
        100_000 + 80_000 + 50_000 + 10_000
    );
    l.set_setting("factor.landfill", "0").unwrap();
    let e = l.set_setting("factor.incineration", "1.5").unwrap_err();
    assert_eq!(e.fields()[0].code, "factor_range");
}

#[test]
fn categories_are_added_renamed_ordered_and_retired_and_a_retired_one_takes_no_new_records() {
    let mut l = Ledger::open_in_memory().unwrap();
    let c = cell(&mut l, "测试机关", "office", "91220101131860916E");
    cells::records::save(
        &mut l,
        c.id,
        &[rec("2025-01", "other", ["10", "", "", "", ""])],
    )
    .unwrap();
    l.write(|w| {
        let d = CategoryDraft {
            name_zh: "干垃圾".into(),
            name_en: "Residual waste".into(),
            ..Default::default()
        };
        categories::edit_category(w, "other", &d)?;
        categories::move_category(w, "干垃圾", 1)?;
        categories::retire_category(w, "other", true)
    })
    .unwrap();
    let cats = categories::categories(l.conn()).unwrap();
    assert_eq!(cats[0].key, "other");
    assert_eq!(cats[0].name_zh, "干垃圾");
    assert!(cats[0].retired);
    // Old records keep it and can be corrected; a new month cannot use it.
    let old = cells::records::list(l.conn(), c.id, "2025-01", "2025-01").unwrap();
    assert_eq!(old[0].category, "other");
    cells::records::save(
        &mut l,
        c.id,
        &[rec("2025-01", "干垃圾", ["12", "", "", "", ""])],
    )
    .unwrap();
    let e = cells::records::save(
        &mut l,
        c.id,
        &[rec("2025-02", "干垃圾", ["12", "", "", "", ""])],
    )
    .unwrap_err();
    assert_eq!(e.fields()[0].code, "retired_category");
    // A duplicate key or name is refused.
    let e = l
        .write(|w| {
            categories::add_category(
                w,
                &CategoryDraft {
                    key: "kitchen".into(),
                    name_zh: "厨余".into(),
                    stream: "household".into(),
                    ..Default::default()
                },
            )
        })
        .unwrap_err();
    assert!(matches!(e, Error::Invalid(_)));
    check_ok(&l);
}

#[test]
fn renovation_bulky_garden_and_canteen_food_waste_are_streams_of_their_own() {
    let mut l = Ledger::open_in_memory().unwrap();
    let c = cell(&mut l, "某小区", "community", "");
    cells::records::save(
        &mut l,
        c.id,
        &[
            rec("2024-06", "other", ["1000", "", "", "", ""]),
            rec("2025-06", "other", ["900", "", "", "", ""]),
            rec("2025-06", "装修垃圾", ["5000", "", "", "", ""]),
            rec("2025-06", "大件垃圾", ["300", "", "", "", ""]),
            rec("2025-06", "园林绿化垃圾", ["700", "", "", "", ""]),
            rec("2025-06", "餐厨垃圾", ["100", "", "", "", ""]),
        ],
    )
    .unwrap();
    let r = cells::rates::compute(l.conn(), c.id, "2025-06", "2025-06").unwrap();
    assert_eq!(
        r.household.generated_g, 900_000,
        "none of them is household waste"
    );
    let streams: Vec<&str> = r.reduction.iter().map(|s| s.stream.as_str()).collect();
    assert_eq!(
        streams,
        ["household", "food_waste", "decoration", "bulky", "garden"]
    );
    assert_eq!(r.reduction[0].change_pct, Some(-10.0));
    assert!(r.reduction[2].baseline_missing == ["2024-06"]);
}

#[test]
fn entry_by_bins_converts_at_entry_and_keeps_the_count_and_the_factor() {
    let mut l = Ledger::open_in_memory().unwrap();
    let c = cell(&mut l, "某小区", "community", "");
    let by_bins = |n: &str| RecordInput {
        month: "2025-03".into(),
        category: "厨余垃圾".into(),
        bins: n.into(),
        ..Default::default()
    };
    // No size known yet: refused, and says what to set.
    let e = cells::records::save(&mut l, c.id, &[by_bins("12")]).unwrap_err();
    assert_eq!(e.fields()[0].code, "no_container_size");
    // The category's default, then the cell's own size, which wins.
    l.write(|w| {
        let cur = categories::category(w.tx(), "kitchen")?;
        categories::edit_category(
            w,
            "kitchen",
            &CategoryDraft {
                name_zh: cur.name_zh,
                name_en: cur.name_en,
                counts_as_recovery: true,
                container: "bin".into(),
                container_kg: "50".into(),
                ..Default::default()
            },
        )
    })
    .unwrap();
    cells::records::save(&mut l, c.id, &[by_bins("12")]).unwrap();
    let r = &cells::records::list(l.conn(), c.id, "2025-03", "2025-03").unwrap()[0];
    assert_eq!(r.generated_g, 600_000);
    cells::activity::set_container(&mut l, c.id, "kitchen", "62.5").unwrap();
    cells::records::save(&mut l, c.id, &[by_bins("12")]).unwrap();
    let r = &cells::records::list(l.conn(), c.id, "2025-03", "2025-03").unwrap()[0];
    assert_eq!(r.generated_g, 750_000);
    assert_eq!(
        (r.count, r.container.as_deref(), r.container_g),
        (Some(12), Some("bin"), Some(62_500))
    );
    // The same kilograms saved again (as the grid does) keep their count.
    let same = RecordInput {
        generated: "750".into(),
        ..by_bins("")
    };
    cells::records::save(&mut l, c.id, &[same]).unwrap();
    let r = &cells::records::list(l.conn(), c.id, "2025-03", "2025-03").unwrap()[0];
    assert_eq!(r.count, Some(12));
    // Typed again in kg to another amount, the count goes: it no longer explains the figure.
    let kg = RecordInput {
        generated: "700".into(),
        ..by_bins("")
    };
    cells::records::save(&mut l, c.id, &[kg]).unwrap();
    let r = &cells::records::list(l.conn(), c.id, "2025-03", "2025-03").unwrap()[0];
    assert_eq!((r.generated_g, r.count), (700_000, None));
    // Both at once is refused.
    let both = RecordInput {
        generated: "700".into(),
        ..by_bins("3")
    };
    let e = cells::records::save(&mut l, c.id, &[both]).unwrap_err();
    assert_eq!(e.fields()[0].code, "bins_and_kg");
    check_ok(&l);
}

#[test]
fn an_upgrade_turns_version_2_headcounts_into_activity_figures_and_maps_categories_to_streams() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("ledger.db");
    std::fs::copy(
        concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/ledger-v1.db"),
        &db,
    )
    .unwrap();
    let heads: Vec<(Vec<u8>, i64, Option<i32>)> = {
        let c = rusqlite::Connection::open(&db).unwrap();
        let mut st = c
            .prepare("SELECT id, headcount, baseline_year FROM cells WHERE headcount IS NOT NULL")
            .unwrap();
        let rows = st
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        rows
    };
    assert!(!heads.is_empty());
    let l = Ledger::open(&db).unwrap();
    for (id, head, by) in &heads {
        let id = zwl::ids::CellId(uuid::Uuid::from_slice(id).unwrap());
        let figs = cells::activity::figures(l.conn(), id).unwrap();
        let years: Vec<i32> = figs.iter().map(|f| f.year).collect();
        if let Some(by) = by {
            assert!(years.contains(by), "the baseline year has a figure");
        }
        assert!(figs
            .iter()
            .any(|f| f.value_milli == head * 1000 && Some(f.year) != *by));
    }
    let cats = categories::categories(l.conn()).unwrap();
    let stream = |k: &str| cats.iter().find(|c| c.key == k).unwrap().stream.clone();
    assert_eq!(stream("kitchen"), "household");
    assert_eq!(stream("industrial"), "industrial");
    assert_eq!(stream("decoration"), "decoration");
    let flagged: Vec<&str> = cats
        .iter()
        .filter(|c| c.counts_as_recovery)
        .map(|c| c.key.as_str())
        .collect();
    assert_eq!(flagged, ["recyclable", "kitchen"]);
    check_ok(&l);
}

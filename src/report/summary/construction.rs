//! The construction-waste section: resource use (资源化利用率, 综合利用率) by district and
//! facility from `construction::resource_use::rate`, and the supervision of loads (闭环率,
//! overdue, discrepancies, overloads) from `construction::supervision` — the functions behind
//! `zwl cw rate` and `zwl cw supervision` and the window's construction pages.

use super::ctx::Ctx;
use super::fig::{self, figure, opt};
use super::model::{Chart, ChartKind, Figure, Section, Series, Table, Value};
use crate::construction::resource_use::{self, RateRow, ResourceUse};
use crate::construction::supervision::{self, Supervision};
use crate::error::Result;

/// The scope's total of a district rate: the function's own total for the city, its rows of
/// the area's districts taken together for an area.
fn scope_total(c: &Ctx<'_>, r: &ResourceUse) -> RateRow {
    match &c.scope.districts {
        None => r.total.clone(),
        Some(_) => {
            let rows: Vec<&RateRow> = r
                .rows
                .iter()
                .filter(|x| c.scope.has_district(&x.key))
                .collect();
            resource_use::total_of(&rows, "total", "合计")
        }
    }
}

fn density_settings(c: &Ctx<'_>, f: &mut Figure, r: &ResourceUse) -> Result<()> {
    for (cat, _) in &r.densities {
        let key = format!("density.{cat}");
        if crate::profile::SETTINGS.iter().any(|s| s.0 == key) {
            f.settings.push(fig::setting(c.conn, &key)?);
        }
    }
    Ok(())
}

/// The section (the city or a reporting area).
pub fn section(c: &Ctx<'_>) -> Result<Section> {
    let r = resource_use::rate(c.conn, "district", &c.from_m, &c.to_m)?;
    let total = scope_total(c, &r);
    let base = match c.base_year {
        Some(_) => Some(scope_total(
            c,
            &resource_use::rate(c.conn, "district", &c.base_from_m, &c.base_to_m)?,
        )),
        None => None,
    };
    let basis = |f: &mut Figure| {
        if total.intake_fallback_t > 0.0 {
            f.missing_zh = r.basis_zh.clone();
            f.missing_en = r.basis_en.clone();
        }
    };
    let mut generated = figure(
        "cw.generated",
        ("建筑垃圾产生量", "Construction waste generated"),
        (total.generated_t > 0.0).then_some(total.generated_t),
        ("t", "t"),
        2,
        (r.resource_formula_zh, r.resource_formula_en),
    );
    generated.baseline = base.as_ref().map(|b| b.generated_t).filter(|x| *x > 0.0);
    basis(&mut generated);
    let mut res = figure(
        "cw.resource_rate",
        (
            "建筑垃圾资源化利用率",
            "Construction waste resource-use rate",
        ),
        total.resource_rate,
        ("%", "%"),
        1,
        (r.resource_formula_zh, r.resource_formula_en),
    );
    res.baseline = base.as_ref().and_then(|b| b.resource_rate);
    basis(&mut res);
    density_settings(c, &mut res, &r)?;
    let mut comp = figure(
        "cw.comprehensive_rate",
        (
            "建筑垃圾综合利用率",
            "Construction waste comprehensive utilisation rate",
        ),
        total.comprehensive_rate,
        ("%", "%"),
        1,
        (r.comprehensive_formula_zh, r.comprehensive_formula_en),
    );
    comp.baseline = base.as_ref().and_then(|b| b.comprehensive_rate);
    basis(&mut comp);
    density_settings(c, &mut comp, &r)?;
    let mut figures = vec![generated, res, comp];
    let mut charts = Vec::new();
    let mut notes_zh = Vec::new();
    let mut notes_en = Vec::new();
    if c.scope.districts.is_none() {
        let s = supervision::supervision(c.conn, &c.from_m, &c.to_m)?;
        figures.extend(supervision_figures(c, &s)?);
        charts.push(monthly_loads(&s));
        let f = resource_use::rate(c.conn, "facility", &c.from_m, &c.to_m)?;
        charts.push(Chart {
            key: "cw.by_facility".into(),
            title_zh: "各设施资源化利用量".into(),
            title_en: "Waste made into building materials by facility".into(),
            kind: ChartKind::Bar,
            unit: "t".into(),
            labels_zh: f.rows.iter().map(|x| x.name.clone()).collect(),
            labels_en: f.rows.iter().map(|x| x.key.clone()).collect(),
            series: vec![Series {
                name_zh: "资源化利用量".into(),
                name_en: "Building materials".into(),
                values: f.rows.iter().map(|x| Some(x.building_material_t)).collect(),
            }],
        });
    } else {
        notes_zh.push(
            "联单监管指标（闭环率、超时、偏差、超载）按全市统计，不分区域，见全市报表。".into(),
        );
        notes_en.push("Load supervision figures (closure, overdue, discrepancies, overloads) are city-wide and appear in the city's report.".into());
    }
    let rows: Vec<&RateRow> = r
        .rows
        .iter()
        .filter(|x| c.scope.has_district(&x.key))
        .collect();
    let names_en = district_names_en(c)?;
    let table = Table {
        key: "cw.by_district".into(),
        title_zh: "各区县建筑垃圾资源化利用".into(),
        title_en: "Construction waste resource use by district".into(),
        columns: vec![
            fig::text("district", "区县", "District"),
            fig::num("generated_t", "产生量", "Generated", "t", 2),
            fig::num(
                "building_material_t",
                "资源化利用量",
                "Building materials",
                "t",
                2,
            ),
            fig::num("resource_rate", "资源化利用率", "Resource-use rate", "%", 1),
            fig::num(
                "comprehensive_rate",
                "综合利用率",
                "Comprehensive rate",
                "%",
                1,
            ),
        ],
        rows: rows
            .iter()
            .map(|x| {
                vec![
                    Value::Label {
                        zh: x.name.clone(),
                        en: names_en(&x.key),
                    },
                    Value::Number(x.generated_t),
                    Value::Number(x.building_material_t),
                    opt(x.resource_rate),
                    opt(x.comprehensive_rate),
                ]
            })
            .collect(),
    };
    Ok(Section {
        key: "construction".into(),
        title_zh: "建筑垃圾资源化利用与监管".into(),
        title_en: "Construction waste: resource use and supervision".into(),
        figures,
        tables: vec![table],
        charts,
        notes_zh,
        notes_en,
    })
}

/// English names of districts (the code where there is none; `unallocated` as it is).
pub fn district_names_en(c: &Ctx<'_>) -> Result<impl Fn(&str) -> String> {
    let ds = crate::profile::districts(c.conn)?;
    Ok(move |code: &str| {
        ds.iter()
            .find(|d| d.code == code)
            .and_then(|d| d.name_en.clone())
            .unwrap_or_else(|| code.to_string())
    })
}

fn supervision_figures(c: &Ctx<'_>, s: &Supervision) -> Result<Vec<Figure>> {
    let none = s.total.dispatched == 0;
    let count = |key: &str, zh: &str, en: &str, v: i64, fz: &str, fe: &str| {
        let mut f = figure(
            key,
            (zh, en),
            (!none).then_some(v as f64),
            ("车次", "loads"),
            0,
            (fz, fe),
        );
        if none {
            f.missing_zh = "未计算：期内无出车联单".into();
            f.missing_en = "not computed: no loads dispatched in the period".into();
        }
        f
    };
    let mut closure = figure(
        "cw.closure_rate",
        ("联单闭环率", "Manifest closure rate"),
        s.total.closure_rate,
        ("%", "%"),
        1,
        (s.closure_formula_zh, s.closure_formula_en),
    );
    if none {
        closure.missing_zh = "未计算：期内无出车联单".into();
        closure.missing_en = "not computed: no loads dispatched in the period".into();
    }
    let mut overdue = count(
        "cw.overdue",
        "超时联单",
        "Overdue loads",
        s.total.overdue,
        "超时 = 出车后超过预警时限未接收，或接收晚于时限的联单数",
        "overdue = loads not received within the limit after dispatch, or received after it",
    );
    overdue
        .settings
        .push(fig::setting(c.conn, "cw.overdue_hours")?);
    let mut disc = count(
        "cw.discrepancies",
        "接收量偏差联单",
        "Loads off the declared quantity",
        s.total.discrepancy,
        "偏差 = 接收量与申报量之差超过允许偏差的联单数",
        "discrepancies = loads whose received quantity is off the declared one beyond the tolerance",
    );
    disc.settings
        .push(fig::setting(c.conn, "cw.tolerance_pct")?);
    let overload = count(
        "cw.overloads",
        "超载联单",
        "Overloaded loads",
        s.total.overload,
        "超载 = 出车时登记超载理由的联单数",
        "overloads = loads dispatched with an overload reason",
    );
    let dispatched = count(
        "cw.dispatched",
        "出车联单",
        "Loads dispatched",
        s.total.dispatched,
        "出车联单 = 期内出车的联单数（含已接收、已闭环）",
        "loads dispatched = manifests dispatched in the period (received and closed included)",
    );
    let mut coverage = figure(
        "cw.coverage_rate",
        ("联单覆盖率", "Manifest coverage"),
        s.coverage_rate,
        ("%", "%"),
        1,
        (s.coverage_formula_zh, s.coverage_formula_en),
    );
    if s.coverage_rate.is_none() {
        coverage.missing_zh = "未计算：期内没有工地申报产生量".into();
        coverage.missing_en = "not computed: no site declared its generation in the period".into();
    }
    Ok(vec![dispatched, closure, overdue, disc, overload, coverage])
}

fn monthly_loads(s: &Supervision) -> Chart {
    let months: Vec<String> = s.by_month.iter().map(|m| m.key.clone()).collect();
    let series = |zh: &str, en: &str, f: fn(&supervision::LoadCounts) -> i64| Series {
        name_zh: zh.into(),
        name_en: en.into(),
        values: s.by_month.iter().map(|m| Some(f(m) as f64)).collect(),
    };
    Chart {
        key: "cw.monthly_loads".into(),
        title_zh: "每月联单（出车、闭环、超时）".into(),
        title_en: "Loads each month (dispatched, closed, overdue)".into(),
        kind: ChartKind::Line,
        unit: String::new(),
        labels_zh: months.clone(),
        labels_en: months,
        series: vec![
            series("出车", "Dispatched", |m| m.dispatched),
            series("闭环", "Closed", |m| m.closed),
            series("超时", "Overdue", |m| m.overdue),
        ],
    }
}

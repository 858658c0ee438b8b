//! The agricultural section: film and pesticide packaging recovery and village coverage
//! (`agri::rates::rates`, behind `zwl agri rates`), straw and manure utilisation
//! (`agri::straw::rates_by`, `agri::manure::rates_by`) — for the city or an area's districts.

use super::ctx::Ctx;
use super::fig::{self, figure, opt};
use super::model::{Figure, Section, SettingUsed, Table, Value};
use crate::agri::rates::{self, RateRow, Rates, RatesQuery};
use crate::agri::{manure, straw};
use crate::error::Result;

fn rates_of(c: &Ctx<'_>, from: &str, to: &str) -> Result<(Rates, RateRow)> {
    let r = rates::rates(
        c.conn,
        &RatesQuery {
            by: "district".into(),
            from: from.into(),
            to: to.into(),
            district: String::new(),
        },
    )?;
    let rows: Vec<&RateRow> = r
        .rows
        .iter()
        .filter(|x| c.scope.has_district(&x.district))
        .collect();
    let total = rates::total_of(&rows, "合计", &r.estimate);
    Ok((r, total))
}

fn straw_of(c: &Ctx<'_>, year: i64) -> Result<Option<straw::StrawRate>> {
    let s = c.scope;
    Ok(straw::rates_by(c.conn, "", year, &|x| {
        s.has_district(&x.district)
            .then(|| (String::new(), String::new()))
    })?
    .into_iter()
    .next())
}

fn manure_of(c: &Ctx<'_>, year: i64) -> Result<Option<manure::ManureRate>> {
    let s = c.scope;
    Ok(manure::rates_by(c.conn, "", year, &|x| {
        s.has_district(&x.district)
            .then(|| (String::new(), String::new()))
    })?
    .into_iter()
    .next())
}

fn not_recorded(f: &mut Figure, zh: &str, en: &str) {
    if f.value.is_none() {
        f.missing_zh = format!("未计算：{zh}");
        f.missing_en = format!("not computed: {en}");
    }
}

/// The section.
pub fn section(c: &Ctx<'_>) -> Result<Section> {
    let (r, total) = rates_of(c, &c.from_d, &c.to_d)?;
    let base = match c.base_year {
        Some(_) => Some(rates_of(c, &c.base_from_d, &c.base_to_d)?.1),
        None => None,
    };
    let formula = |i: usize| r.formulas.get(i).cloned().unwrap_or_default();
    let (fz, fe) = formula(0);
    let mut film = figure(
        "agri.film_rate",
        ("农膜回收率", "Agricultural film recovery rate"),
        total.film_rate,
        ("%", "%"),
        1,
        (&fz, &fe),
    );
    film.baseline = base.as_ref().and_then(|b| b.film_rate);
    not_recorded(
        &mut film,
        "期内无农膜使用记录",
        "no film use recorded in the period",
    );
    let (fz, fe) = formula(1);
    let mut pkg = figure(
        "agri.packaging_rate",
        ("农药包装废弃物回收率", "Pesticide packaging recovery rate"),
        total.pkg_rate,
        ("%", "%"),
        1,
        (&fz, &fe),
    );
    pkg.baseline = base.as_ref().and_then(|b| b.pkg_rate);
    pkg.settings
        .push(fig::setting(c.conn, "agri.packaging_rule")?);
    if r.estimate.rule != "count" {
        pkg.settings
            .push(fig::setting(c.conn, "agri.packaging_share_pct")?);
    }
    not_recorded(
        &mut pkg,
        "期内无农药销售记录",
        "no pesticide sales recorded in the period",
    );
    let (fz, fe) = formula(2);
    let mut cov = figure(
        "agri.coverage",
        (
            "农业废弃物收储运体系覆盖率",
            "Village coverage of the recovery network",
        ),
        total.coverage,
        ("%", "%"),
        1,
        (&fz, &fe),
    );
    cov.baseline = base.as_ref().and_then(|b| b.coverage);
    not_recorded(&mut cov, "未登记村", "no villages registered");

    let year = i64::from(c.year());
    let st = straw_of(c, year)?;
    let (sz, se) = st.as_ref().map_or_else(
        || {
            (
                "秸秆综合利用率 = 利用量 ÷ 可收集量 × 100%".to_string(),
                "straw utilisation rate = utilised ÷ collectable × 100%".to_string(),
            )
        },
        |s| s.formula.clone(),
    );
    let mut straw_f = figure(
        "agri.straw_rate",
        ("秸秆综合利用率（年度）", "Straw utilisation rate (year)"),
        st.as_ref().and_then(|s| s.rate),
        ("%", "%"),
        1,
        (&sz, &se),
    );
    if let Some(by) = c.base_year {
        straw_f.baseline = straw_of(c, i64::from(by))?.and_then(|s| s.rate);
    }
    let target: f64 = crate::profile::setting_or_default(c.conn, "target.straw_utilisation_rate")?
        .parse()
        .unwrap_or(90.0);
    straw_f.target = Some(fig::target(
        c.conn,
        "target.straw_utilisation_rate",
        st.as_ref().map_or(target, |s| s.target),
        straw_f.value,
    )?);
    for (crop, ratio, coeff) in st.iter().flat_map(|s| s.factors.iter()) {
        straw_f.settings.push(SettingUsed {
            key: format!("crop.{crop}"),
            label_zh: format!("草谷比、可收集系数（{crop}）"),
            label_en: format!("straw-to-grain ratio, collection coefficient ({crop})"),
            value: format!("{ratio} / {coeff}"),
        });
    }
    not_recorded(
        &mut straw_f,
        &format!("{year} 年无秸秆记录"),
        &format!("no straw recorded for {year}"),
    );
    let mn = manure_of(c, year)?;
    let (mz, me) = manure::formula();
    let mut manure_f = figure(
        "agri.manure_rate",
        (
            "畜禽粪污综合利用率（年度）",
            "Livestock manure utilisation rate (year)",
        ),
        mn.as_ref().and_then(|m| m.rate),
        ("%", "%"),
        1,
        (&mz, &me),
    );
    if let Some(by) = c.base_year {
        manure_f.baseline = manure_of(c, i64::from(by))?.and_then(|m| m.rate);
    }
    not_recorded(
        &mut manure_f,
        &format!("{year} 年无畜禽粪污记录"),
        &format!("no manure recorded for {year}"),
    );

    let names_en = super::construction::district_names_en(c)?;
    let rows: Vec<&RateRow> = r
        .rows
        .iter()
        .filter(|x| c.scope.has_district(&x.district))
        .collect();
    let names = crate::profile::districts(c.conn)?;
    let table = Table {
        key: "agri.by_district".into(),
        title_zh: "各区县农业废弃物回收".into(),
        title_en: "Agricultural waste recovery by district".into(),
        columns: vec![
            fig::text("district", "区县", "District"),
            fig::num("film_recovered_t", "农膜回收量", "Film recovered", "t", 3),
            fig::num("film_rate", "农膜回收率", "Film recovery rate", "%", 1),
            fig::num(
                "pkg_recovered_t",
                "农药包装回收量",
                "Packaging recovered",
                "t",
                3,
            ),
            fig::num(
                "pkg_rate",
                "农药包装回收率",
                "Packaging recovery rate",
                "%",
                1,
            ),
            fig::num("coverage", "村覆盖率", "Village coverage", "%", 1),
        ],
        rows: rows
            .iter()
            .map(|x| {
                let zh = names
                    .iter()
                    .find(|d| d.code == x.district)
                    .map_or_else(|| x.district.clone(), |d| d.name.clone());
                vec![
                    Value::Label {
                        zh,
                        en: names_en(&x.district),
                    },
                    Value::Number(fig::t(x.film_recovered_g)),
                    opt(x.film_rate),
                    Value::Number(fig::t(x.pkg_recovered_g)),
                    opt(x.pkg_rate),
                    opt(x.coverage),
                ]
            })
            .collect(),
    };
    Ok(Section {
        key: "agri".into(),
        title_zh: "农业废弃物回收利用".into(),
        title_en: "Agricultural waste".into(),
        figures: vec![film, pkg, cov, straw_f, manure_f],
        tables: vec![table],
        charts: Vec::new(),
        notes_zh: vec![format!(
            "秸秆、畜禽粪污按年度填报，取报表期所在年份（{year} 年）的数据。{}",
            r.estimate.basis_zh
        )],
        notes_en: vec![format!(
            "Straw and manure are recorded by year: the figures are those of {year}, the period's year. {}",
            r.estimate.basis_en
        )],
    })
}

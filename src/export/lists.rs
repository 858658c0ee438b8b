//! Which lists can be exported ([`ListSpec`], with the filters each takes) and how each
//! becomes a typed table. The cells and manifests lists page through SQL, 500 rows at a
//! time, so the whole list is exported (every page) without holding it in memory.

use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::Connection;
use serde::{Deserialize, Serialize};

use super::{Column, ColumnKind as K, Sink, TableHead, Value};
use crate::cells::{self, records, CellFilter};
use crate::construction::list::ManifestFilter;
use crate::error::Result;
use crate::profile;

/// A list and its filters, exactly as the window or a CLI command shows it.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(tag = "list", rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum ListSpec {
    /// Cells (`zwl cell list`); every page, whatever `page` says.
    Cells {
        /// The filter.
        filter: CellFilter,
    },
    /// A cell's monthly records (`zwl record list`).
    Records {
        /// Cell id, credit code or exact name.
        cell: String,
        /// First month (empty: 2000-01).
        from: String,
        /// Last month (empty: 9999-12).
        to: String,
    },
    /// A cell's monthly figures and rates (`zwl rates`).
    Rates {
        /// Cell id, credit code or exact name.
        cell: String,
        /// First month.
        from: String,
        /// Last month.
        to: String,
    },
    /// A cell's namings (`zwl cell namings`).
    Namings {
        /// Cell id, credit code or exact name.
        cell: String,
    },
    /// Manifests (`zwl cw manifest list`); every page.
    Manifests {
        /// The filter.
        filter: ManifestFilter,
    },
    /// A register (`zwl cw site|transporter|vehicle|facility list`).
    Register {
        /// Which register.
        register: crate::construction::registers::Register,
    },
    /// Every alert (`zwl alerts`), filtered as the alerts page filters it.
    Alerts {
        /// Kind or area filter (empty: all).
        kind: String,
        /// Reporting area or district code (empty: every area).
        #[serde(default)]
        area: String,
        /// Acknowledged alerts as well (the page's "show acknowledged").
        #[serde(default)]
        acknowledged: bool,
    },
    /// The construction-waste alerts (`zwl cw alerts`).
    CwAlerts,
    /// The resource-use rate (`zwl cw rate`).
    ResourceUse {
        /// `district`, `site` or `facility`.
        by: String,
        /// First month.
        from: String,
        /// Last month.
        to: String,
    },
    /// Reporting areas (`zwl area list`).
    Areas,
    /// Kinds of cell (`zwl kind list`).
    Kinds,
    /// Districts (`zwl district list`).
    Districts,
    /// Settings (`zwl settings list`).
    Settings,
    /// Agricultural hand-ins (`zwl agri entry list`); every page.
    AgriEntries {
        /// The filter.
        filter: crate::agri::entries::EntryFilter,
    },
    /// Stock per recovery point and stream (`zwl agri stock`).
    AgriStock {
        /// One district (code); empty: every district.
        #[serde(default)]
        district: String,
    },
    /// Agricultural outbound (`zwl agri outbound list`).
    AgriOutbound {
        /// One point (id or name); empty: every point.
        #[serde(default)]
        point: String,
    },
    /// Film and packaging recovery rates and coverage (`zwl agri rates`).
    AgriRates {
        /// The query.
        query: crate::agri::rates::RatesQuery,
    },
}

/// Rows fetched per page when a paged list is exported.
pub const PAGE: u32 = 500;

/// Writes the list `spec` into `sink`: the head, then every row. Returns the rows written.
pub fn produce(conn: &Connection, spec: &ListSpec, sink: &mut dyn Sink) -> Result<u64> {
    match spec {
        ListSpec::Cells { filter } => cells_list(conn, filter, sink),
        ListSpec::Records { cell, from, to } => records_list(conn, cell, from, to, sink),
        ListSpec::Rates { cell, from, to } => rates(conn, cell, from, to, sink),
        ListSpec::Namings { cell } => namings(conn, cell, sink),
        ListSpec::Manifests { filter } => super::lists_cw::manifests(conn, filter, sink),
        ListSpec::Register { register } => super::lists_cw::register(conn, *register, sink),
        ListSpec::Alerts {
            kind,
            area,
            acknowledged,
        } => {
            let q = crate::alerts::AlertQuery {
                kind: kind.clone(),
                area: area.clone(),
                acknowledged: *acknowledged,
            };
            super::lists_cw::alerts(conn, &q, sink)
        }
        ListSpec::CwAlerts => super::lists_cw::cw_alerts(conn, sink),
        ListSpec::ResourceUse { by, from, to } => {
            super::lists_cw::resource_use(conn, by, from, to, sink)
        }
        ListSpec::Areas => super::lists_cw::areas(conn, sink),
        ListSpec::AgriEntries { filter } => super::lists_agri::entries(conn, filter, sink),
        ListSpec::AgriStock { district } => super::lists_agri::stock(conn, district, sink),
        ListSpec::AgriOutbound { point } => super::lists_agri::outbound(conn, point, sink),
        ListSpec::AgriRates { query } => super::lists_agri::rates(conn, query, sink),
        ListSpec::Kinds => super::lists_cw::kinds(conn, sink),
        ListSpec::Districts => super::lists_cw::districts(conn, sink),
        ListSpec::Settings => super::lists_cw::settings(conn, sink),
    }
}

/// Text.
pub(super) fn t(s: &str) -> Value {
    if s.is_empty() {
        Value::Empty
    } else {
        Value::Text(s.to_string())
    }
}

/// A stored `YYYY-MM-DD` as a date (text when it is not one).
pub(super) fn date(s: Option<&str>) -> Value {
    match s {
        None | Some("") => Value::Empty,
        Some(s) => NaiveDate::parse_from_str(s, "%Y-%m-%d")
            .map(Value::Date)
            .unwrap_or_else(|_| Value::Text(s.into())),
    }
}

/// A local `YYYY-MM-DD HH:MM` (or a date) as a time.
pub(super) fn local(s: &str) -> Value {
    if let Ok(t) = NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M") {
        return Value::DateTime(t);
    }
    date(Some(s))
}

/// Grams as kilograms, exactly.
pub(super) fn kg(g: i64) -> Value {
    Value::Fixed(g, 3)
}

/// A figure in %, or empty.
pub(super) fn pct(v: Option<f64>) -> Value {
    v.map_or(Value::Empty, Value::Float)
}

fn kind_of(conn: &Connection, kind: &str) -> Result<String> {
    Ok(match kind.trim() {
        "" => String::new(),
        k => profile::find_kind(conn, k)?
            .map(|k| k.key)
            .unwrap_or(k.into()),
    })
}

fn cells_list(conn: &Connection, f: &CellFilter, sink: &mut dyn Sink) -> Result<u64> {
    let head = TableHead::new(
        "无废细胞",
        "Zero-waste cells",
        &[
            ("搜索", "search", &f.q),
            ("类型", "kind", &f.kind),
            ("区划", "district", &f.district),
            ("状态", "status", &f.status),
        ],
    )
    .with(vec![
        Column::new("名称", "Name", K::Text),
        Column::new("类型", "Kind", K::Text),
        Column::new("统一社会信用代码", "USCC", K::Text),
        Column::new("行政区划代码", "Division code", K::Text),
        Column::new("行政区划", "District", K::Text),
        Column::new("报送区域", "Reporting area", K::Text),
        Column::new("街道/乡镇", "Street or township", K::Text),
        Column::new("社区/村", "Community", K::Text),
        Column::new("地址", "Address", K::Text),
        Column::new("联系人", "Contact", K::Text),
        Column::new("电话", "Phone", K::Text),
        Column::new("负责人", "Manager", K::Text),
        Column::new(
            "人数/户数（人或户）",
            "Headcount (people or households)",
            K::Integer,
        ),
        Column::new(
            "基准年人数/户数（人或户）",
            "Baseline headcount (people or households)",
            K::Integer,
        ),
        Column::new("基准年", "Baseline year", K::Integer),
        Column::new("状态", "Status", K::Text),
        Column::new("命名批次", "Naming batch", K::Integer),
        Column::new("命名文号", "Naming document", K::Text),
        Column::new("命名日期", "Named on", K::Date),
        Column::new("有效期至", "Valid until", K::Date),
        Column::new("编号", "Id", K::Text),
    ]);
    sink.head(&head)?;
    let mut filter = f.clone();
    filter.kind = kind_of(conn, &f.kind)?;
    filter.page_size = PAGE;
    let mut n = 0;
    for page in 1.. {
        filter.page = page;
        let p = cells::list(conn, &filter)?;
        for c in &p.rows {
            sink.row(&[
                t(&c.name),
                t(&c.kind_zh),
                Value::text_opt(c.uscc.as_deref()),
                t(&c.district),
                t(&c.district_name),
                Value::text_opt(c.report_area_name.as_deref()),
                t(&c.street),
                t(&c.community),
                t(&c.address),
                t(&c.contact),
                t(&c.phone),
                t(&c.manager),
                c.headcount.map_or(Value::Empty, Value::Int),
                c.baseline_headcount.map_or(Value::Empty, Value::Int),
                c.baseline_year
                    .map_or(Value::Empty, |y| Value::Int(y.into())),
                t(c.status.label_zh()),
                c.naming_batch.map_or(Value::Empty, Value::Int),
                Value::text_opt(c.naming_doc.as_deref()),
                date(c.certified_on.as_deref()),
                date(c.expires_on.as_deref()),
                Value::Text(c.id.to_string()),
            ])?;
            n += 1;
        }
        if (p.rows.len() as u32) < PAGE || n >= p.total {
            break;
        }
    }
    Ok(n)
}

fn default_month(v: &str, d: &str) -> String {
    if v.trim().is_empty() {
        d.into()
    } else {
        v.trim().into()
    }
}

fn records_list(
    conn: &Connection,
    cell: &str,
    from: &str,
    to: &str,
    sink: &mut dyn Sink,
) -> Result<u64> {
    let c = cells::find(conn, cell)?;
    let (from, to) = (default_month(from, "2000-01"), default_month(to, "9999-12"));
    let rows = records::list(conn, c.id, &from, &to)?;
    let cats = records::categories(conn)?;
    let shown = |v: &str, d: &str| if v == d { String::new() } else { v.to_string() };
    let head = TableHead::new(
        &format!("月度记录 {}", c.name),
        &format!("Monthly records of {}", c.name),
        &[
            ("细胞", "cell", &c.name),
            ("起始月份", "from", &shown(&from, "2000-01")),
            ("截止月份", "to", &shown(&to, "9999-12")),
        ],
    )
    .with(vec![
        Column::new("月份", "Month", K::Text),
        Column::new("类别", "Category", K::Text),
        Column::new("产生量（千克）", "Generated (kg)", K::Decimal(3)),
        Column::new("回收利用量（千克）", "Recycled (kg)", K::Decimal(3)),
        Column::new("堆肥/厨余处理量（千克）", "Composted (kg)", K::Decimal(3)),
        Column::new("焚烧量（千克）", "Incinerated (kg)", K::Decimal(3)),
        Column::new("填埋量（千克）", "Landfilled (kg)", K::Decimal(3)),
    ]);
    sink.head(&head)?;
    for r in &rows {
        let cat = cats
            .iter()
            .find(|k| k.key == r.category)
            .map_or(r.category.clone(), |k| k.name_zh.clone());
        sink.row(&[
            t(&r.month),
            t(&cat),
            kg(r.generated_g),
            kg(r.recycled_g),
            kg(r.composted_g),
            kg(r.incinerated_g),
            kg(r.landfilled_g),
        ])?;
    }
    Ok(rows.len() as u64)
}

fn rates(conn: &Connection, cell: &str, from: &str, to: &str, sink: &mut dyn Sink) -> Result<u64> {
    let c = cells::find(conn, cell)?;
    let r = cells::rates::compute(conn, c.id, from, to)?;
    let hh = &r.household;
    let head = TableHead::new(
        &format!("回收利用率与减量化 {}", c.name),
        &format!("Recycling and reduction of {}", c.name),
        &[
            ("细胞", "cell", &c.name),
            ("起始月份", "from", &r.from),
            ("截止月份", "to", &r.to),
        ],
    )
    .with(vec![
        Column::new("月份 / 类别", "Month / stream", K::Text),
        Column::new(
            "生活垃圾产生量（千克）",
            "Household waste generated (kg)",
            K::Decimal(3),
        ),
        Column::new(
            "生活垃圾回收利用量（千克）",
            "Household waste recovered (kg)",
            K::Decimal(3),
        ),
        Column::new("回收利用率（%）", "Recycling rate (%)", K::Decimal(1)),
        Column::new("说明", "Note", K::Text),
    ]);
    sink.head(&head)?;
    let mut n = 0;
    for m in &r.months {
        sink.row(&[
            t(&m.month),
            kg(m.household_generated_g),
            kg(m.household_recovered_g),
            pct(m.recycling_rate),
            t(""),
        ])?;
        n += 1;
    }
    let missing = if hh.months_missing.is_empty() {
        String::new()
    } else {
        format!(
            "缺少记录的月份 months missing：{}",
            hh.months_missing.join("，")
        )
    };
    sink.row(&[
        t("合计 Total"),
        kg(hh.generated_g),
        kg(hh.recovered_g),
        pct(hh.recycling_rate),
        t(&missing),
    ])?;
    sink.row(&[
        t("生活垃圾资源化利用率 Resource-use rate"),
        kg(hh.generated_g),
        kg(hh.resource_used_g),
        pct(hh.resource_rate),
        t(""),
    ])?;
    n += 2;
    // Reduction, one row per stream, never one sum over streams.
    for x in &r.reduction {
        let state = if x.complete {
            format!("已比较 {} 个月 months compared", x.months_compared.len())
        } else {
            let mut v = vec![format!(
                "不完整 incomplete：已比较 {} 个月 {} months compared",
                x.months_compared.len(),
                x.months_compared.len()
            )];
            if !x.period_missing.is_empty() {
                v.push(format!(
                    "本期缺少 period missing：{}",
                    x.period_missing.join("，")
                ));
            }
            if !x.baseline_missing.is_empty() {
                v.push(format!(
                    "基准年缺少 baseline missing：{}",
                    x.baseline_missing.join("，")
                ));
            }
            v.join("；")
        };
        sink.row(&[
            t(&format!(
                "减量化 {} / {}（{} 基准年 baseline）",
                x.name_zh, x.name_en, x.baseline_year
            )),
            kg(x.period_g),
            kg(x.baseline_g),
            pct(x.change_pct),
            t(&state),
        ])?;
        n += 1;
    }
    sink.row(&[t(&format!(
        "公式 Formula：{} / {}",
        hh.recycling_formula_zh, hh.recycling_formula_en
    ))])?;
    sink.row(&[t(&format!(
        "公式 Formula：{} / {}",
        hh.resource_formula_zh, hh.resource_formula_en
    ))])?;
    if let Some(x) = r.reduction.first() {
        sink.row(&[t(&format!(
            "公式 Formula：{} / {}",
            x.formula_zh, x.formula_en
        ))])?;
    }
    Ok(n)
}

fn namings(conn: &Connection, cell: &str, sink: &mut dyn Sink) -> Result<u64> {
    let c = cells::find(conn, cell)?;
    let ns = cells::namings(conn, c.id)?;
    let head = TableHead::new(
        &format!("命名记录 {}", c.name),
        &format!("Namings of {}", c.name),
        &[("细胞", "cell", &c.name)],
    )
    .with(vec![
        Column::new("批次", "Batch", K::Integer),
        Column::new("命名文号", "Document", K::Text),
        Column::new("命名日期", "Named on", K::Date),
        Column::new("有效期至", "Valid until", K::Date),
        Column::new("终止日期", "Ended on", K::Date),
        Column::new("终止后状态", "Status after", K::Text),
    ]);
    sink.head(&head)?;
    for x in &ns {
        sink.row(&[
            x.batch.map_or(Value::Empty, Value::Int),
            t(&x.document_no),
            date(Some(&x.named_on)),
            date(Some(&x.expires_on)),
            date(x.ended_on.as_deref()),
            x.ended_as.map_or(Value::Empty, |s| t(s.label_zh())),
        ])?;
    }
    Ok(ns.len() as u64)
}

//! The construction-waste lists, the alerts and the profile's lists as typed tables.

use rusqlite::{Connection, OptionalExtension};

use super::lists::{date, local, pct, t, PAGE};
use super::{Column, ColumnKind as K, Sink, TableHead, Value};
use crate::construction::list::{self, ManifestFilter};
use crate::construction::manifests::{self, CATEGORIES};
use crate::construction::{alerts as cw_alerts, registers, resource_use};
use crate::error::Result;
use crate::{alerts as all_alerts, areas, profile};

fn category_zh(key: &str) -> &str {
    CATEGORIES.iter().find(|c| c.0 == key).map_or(key, |c| c.1)
}

fn outcome_zh(key: &str) -> &str {
    match key {
        "accepted" => "接收",
        "partial" => "部分拒收",
        "refused" => "拒收",
        k => k,
    }
}

/// g or cm³ as t or m³, exactly.
fn million(v: i64) -> Value {
    Value::Fixed(v, 6)
}

/// A register filter as the clerk knows it: the entry's name for an id (the window filters by
/// id), else the text given.
fn entry_name(conn: &Connection, register: registers::Register, key: &str) -> String {
    if key.trim().is_empty() {
        return String::new();
    }
    registers::get(conn, register, key)
        .map(|e| e.name)
        .unwrap_or_else(|_| key.to_string())
}

pub(super) fn manifests(conn: &Connection, f: &ManifestFilter, sink: &mut dyn Sink) -> Result<u64> {
    let site = entry_name(conn, registers::Register::Site, &f.site);
    let facility = entry_name(conn, registers::Register::Facility, &f.facility);
    let head = TableHead::new(
        "建筑垃圾联单",
        "Construction-waste manifests",
        &[
            ("状态", "status", &f.status),
            ("类别", "category", &f.category),
            ("工地", "site", &site),
            ("消纳场", "facility", &facility),
            ("出车起", "from", &f.from),
            ("出车止", "to", &f.to),
            ("联单号", "number", &f.number),
        ],
    )
    .with(vec![
        Column::new("联单号", "Number", K::Text),
        Column::new("状态", "Status", K::Text),
        Column::new("类别", "Category", K::Text),
        Column::new("单位", "Unit", K::Text),
        Column::new("申报量（吨或立方米）", "Declared (t or m³)", K::Decimal(3)),
        Column::new("接收量（吨或立方米）", "Received (t or m³)", K::Decimal(3)),
        Column::new("拒收量（吨或立方米）", "Refused (t or m³)", K::Decimal(3)),
        Column::new("接收结论", "Outcome", K::Text),
        Column::new("工地", "Site", K::Text),
        Column::new("运输单位", "Transporter", K::Text),
        Column::new("车牌号", "Plate", K::Text),
        Column::new("驾驶员", "Driver", K::Text),
        Column::new("路线", "Route", K::Text),
        Column::new("消纳场", "Facility", K::Text),
        Column::new("出车时间", "Departure", K::DateTime),
        Column::new("接收时间", "Received at", K::DateTime),
        Column::new("超载理由", "Overload reason", K::Text),
        Column::new("作废理由", "Cancel reason", K::Text),
        Column::new("预警", "Alerts", K::Text),
    ]);
    sink.head(&head)?;
    let mut filter = f.clone();
    filter.page_size = PAGE;
    let mut n = 0;
    for page in 1.. {
        filter.page = page;
        let p = list::list(conn, &filter)?;
        for r in &p.rows {
            let m = &r.manifest;
            let time = |v: &Option<String>| {
                v.as_deref()
                    .map_or(Value::Empty, |s| local(&manifests::local_time(s)))
            };
            sink.row(&[
                t(&m.number),
                t(manifests::status_zh(&m.status)),
                t(category_zh(&m.category)),
                t(if m.unit == "m3" { "m³" } else { "t" }),
                million(m.declared_qty),
                m.received_qty.map_or(Value::Empty, million),
                m.refused_qty.map_or(Value::Empty, million),
                m.outcome
                    .as_deref()
                    .map_or(Value::Empty, |o| t(outcome_zh(o))),
                t(&m.site),
                Value::text_opt(m.transporter.as_deref()),
                Value::text_opt(m.plate.as_deref()),
                t(&m.driver),
                t(&m.route),
                Value::text_opt(m.facility.as_deref()),
                time(&m.departure_at),
                time(&m.received_at),
                Value::text_opt(m.overload_reason.as_deref()),
                Value::text_opt(m.cancel_reason.as_deref()),
                t(&r.alerts
                    .iter()
                    .map(|k| k.key())
                    .collect::<Vec<_>>()
                    .join(",")),
            ])?;
            n += 1;
        }
        if (p.rows.len() as u32) < PAGE || n >= p.total {
            break;
        }
    }
    Ok(n)
}

pub(super) fn register(
    conn: &Connection,
    register: registers::Register,
    sink: &mut dyn Sink,
) -> Result<u64> {
    let which = register.key();
    let (zh, en, permit, detail) = match which {
        "site" => ("工地", "Sites", "核准/许可编号", ("建设单位", "Builder")),
        "transporter" => ("运输单位", "Transporters", "运输许可编号", ("", "")),
        "vehicle" => (
            "车辆",
            "Vehicles",
            "车辆运输证编号",
            ("运输单位", "Transporter"),
        ),
        _ => (
            "消纳/利用设施",
            "Facilities",
            "核准编号",
            ("设施类型", "Kind"),
        ),
    };
    let mut cols = vec![
        Column::new(
            if which == "vehicle" {
                "车牌号"
            } else {
                "名称"
            },
            if which == "vehicle" { "Plate" } else { "Name" },
            K::Text,
        ),
        Column::new(permit, "Permit or approval", K::Text),
        Column::new("有效期至", "Valid until", K::Date),
        Column::new("统一社会信用代码", "USCC", K::Text),
        Column::new("行政区划代码", "Division code", K::Text),
    ];
    if !detail.0.is_empty() {
        cols.push(Column::new(detail.0, detail.1, K::Text));
    }
    if which == "vehicle" {
        cols.push(Column::new("驾驶员", "Driver", K::Text));
    }
    sink.head(&TableHead::new(&format!("{zh}名录"), en, &[]).with(cols))?;
    let es = registers::list(conn, register)?;
    for e in &es {
        let mut row = vec![
            t(&e.name),
            t(&e.permit_no),
            date(e.valid_until.as_deref()),
            Value::text_opt(e.uscc.as_deref()),
            Value::text_opt(e.district.as_deref()),
        ];
        if !detail.0.is_empty() {
            row.push(t(&e.detail));
        }
        if which == "vehicle" {
            row.push(t(&e.driver));
        }
        sink.row(&row)?;
    }
    Ok(es.len() as u64)
}

pub(super) fn alerts(
    conn: &Connection,
    q: &all_alerts::AlertQuery,
    sink: &mut dyn Sink,
) -> Result<u64> {
    let a = all_alerts::list(conn, q)?;
    let area = area_named(conn, &q.area)?;
    let acked = if q.acknowledged { "是 yes" } else { "" };
    let head = TableHead::new(
        "预警",
        "Alerts",
        &[
            ("类型", "kind", &q.kind),
            ("区域", "area", &area),
            ("含已知悉", "acknowledged shown", acked),
        ],
    )
    .with(vec![
        Column::new("紧急程度", "Urgency", K::Text),
        Column::new("类型", "Kind", K::Text),
        Column::new("领域", "Area", K::Text),
        Column::new("对象类型", "Subject kind", K::Text),
        Column::new("对象", "Subject", K::Text),
        Column::new("时间", "When", K::DateTime),
        Column::new("内容", "Message (Chinese)", K::Text),
        Column::new("内容（英文）", "Message", K::Text),
        Column::new("已知悉", "Acknowledged", K::Text),
    ]);
    sink.head(&head)?;
    for x in &a {
        let ack = x
            .ack
            .as_ref()
            .map(|k| format!("{} ({}, {})", k.note, k.operator, k.at))
            .unwrap_or_default();
        sink.row(&[
            t(x.urgency.label_zh()),
            t(&x.kind),
            t(&x.area),
            t(&x.subject_kind),
            t(&x.subject),
            local(&x.when),
            t(&x.message_zh),
            t(&x.message_en),
            t(&ack),
        ])?;
    }
    Ok(a.len() as u64)
}

/// A reporting area's or a district's code with its name, as a filter row names it (the
/// code alone when it names neither).
fn area_named(conn: &Connection, code: &str) -> Result<String> {
    let code = code.trim();
    if code.is_empty() {
        return Ok(String::new());
    }
    let name: Option<String> = conn
        .prepare_cached(
            "SELECT name FROM reporting_areas WHERE code = ?1 AND deleted = 0
             UNION ALL SELECT name FROM districts WHERE code = ?1 AND deleted = 0 LIMIT 1",
        )?
        .query_row([code], |r| r.get(0))
        .optional()?;
    Ok(match name {
        Some(n) => format!("{code} {n}"),
        None if code == areas::CITY_LEVEL => format!("{code} {}", areas::CITY_LEVEL_NAME),
        None => code.to_string(),
    })
}

pub(super) fn cw_alerts(conn: &Connection, sink: &mut dyn Sink) -> Result<u64> {
    let a = cw_alerts::all(conn)?;
    let head = TableHead::new("建筑垃圾预警", "Construction-waste alerts", &[]).with(vec![
        Column::new("类型", "Kind", K::Text),
        Column::new("对象", "Subject", K::Text),
        Column::new("内容", "Message (Chinese)", K::Text),
        Column::new("内容（英文）", "Message", K::Text),
    ]);
    sink.head(&head)?;
    for x in &a {
        sink.row(&[
            t(x.kind.key()),
            t(&x.subject),
            t(&x.message_zh),
            t(&x.message_en),
        ])?;
    }
    Ok(a.len() as u64)
}

pub(super) fn resource_use(
    conn: &Connection,
    by: &str,
    from: &str,
    to: &str,
    sink: &mut dyn Sink,
) -> Result<u64> {
    let r = resource_use::rate(conn, by, from, to)?;
    let head = TableHead::new(
        "建筑垃圾资源化利用率与综合利用率",
        "Construction-waste resource use",
        &[
            ("分组", "by", &r.by),
            ("起始月份", "from", &r.from),
            ("截止月份", "to", &r.to),
        ],
    )
    .with(vec![
        Column::new("名称", "Name", K::Text),
        Column::new("产生量（吨）", "Generated (t)", K::Decimal(3)),
        Column::new(
            "其中申报产生量（吨）",
            "Declared by sites (t)",
            K::Decimal(3),
        ),
        Column::new(
            "其中以设施接收量代替（吨）",
            "Intake standing in (t)",
            K::Decimal(3),
        ),
        Column::new("设施接收量（吨）", "Facility intake (t)", K::Decimal(3)),
        Column::new("建材利用（吨）", "Building materials (t)", K::Decimal(3)),
        Column::new("回填（吨）", "Backfill (t)", K::Decimal(3)),
        Column::new("生态修复（吨）", "Restoration (t)", K::Decimal(3)),
        Column::new("现场利用（吨）", "Reused on site (t)", K::Decimal(3)),
        Column::new("土方平衡（吨）", "Sent to other sites (t)", K::Decimal(3)),
        Column::new("资源化利用率（%）", "Resource-use rate (%)", K::Decimal(1)),
        Column::new(
            "综合利用率（%）",
            "Comprehensive use rate (%)",
            K::Decimal(1),
        ),
        Column::new("分母口径", "Denominator", K::Text),
    ]);
    sink.head(&head)?;
    for x in r.rows.iter().chain(std::iter::once(&r.total)) {
        sink.row(&[
            t(&x.name),
            Value::Float(x.generated_t),
            Value::Float(x.declared_t),
            Value::Float(x.intake_fallback_t),
            Value::Float(x.intake_t),
            Value::Float(x.building_material_t),
            Value::Float(x.backfill_t),
            Value::Float(x.restoration_t),
            Value::Float(x.reused_on_site_t),
            Value::Float(x.balanced_t),
            pct(x.resource_rate),
            pct(x.comprehensive_rate),
            t(&x.basis),
        ])?;
    }
    let d: Vec<String> = r
        .densities
        .iter()
        .map(|(k, v)| format!("{} {v}", category_zh(k)))
        .collect();
    sink.row(&[t(&format!(
        "公式 Formula：{} / {}",
        r.resource_formula_zh, r.resource_formula_en
    ))])?;
    sink.row(&[t(&format!(
        "公式 Formula：{} / {}",
        r.comprehensive_formula_zh, r.comprehensive_formula_en
    ))])?;
    sink.row(&[t(&format!(
        "分母 Denominator：{} / {}",
        r.basis_zh, r.basis_en
    ))])?;
    sink.row(&[t(&format!(
        "密度（吨/立方米）Densities (t/m³)：{}",
        d.join("，")
    ))])?;
    Ok(r.rows.len() as u64 + 3)
}

pub(super) fn areas(conn: &Connection, sink: &mut dyn Sink) -> Result<u64> {
    let a = areas::list(conn)?;
    sink.head(
        &TableHead::new("报送区域", "Reporting areas", &[]).with(vec![
            Column::new("代码", "Code", K::Text),
            Column::new("名称", "Name (Chinese)", K::Text),
            Column::new("英文名称", "Name", K::Text),
            Column::new("所辖区划", "Districts", K::Text),
        ]),
    )?;
    for x in &a {
        sink.row(&[
            t(&x.code),
            t(&x.name),
            t(x.name_en.as_deref().unwrap_or("")),
            t(&x.districts.join("、")),
        ])?;
    }
    Ok(a.len() as u64)
}

pub(super) fn kinds(conn: &Connection, sink: &mut dyn Sink) -> Result<u64> {
    let k = profile::kinds(conn)?;
    sink.head(&TableHead::new("细胞类型", "Kinds of cell", &[]).with(vec![
        Column::new("键", "Key", K::Text),
        Column::new("名称", "Name (Chinese)", K::Text),
        Column::new("英文名称", "Name", K::Text),
        Column::new("信用代码", "USCC", K::Text),
        Column::new("人均分母", "Per-capita denominator", K::Text),
    ]))?;
    for x in &k {
        sink.row(&[
            t(&x.key),
            t(&x.name_zh),
            t(&x.name_en),
            t(if x.uscc_required {
                "必填 required"
            } else {
                "可空 optional"
            }),
            t(&x.denominator),
        ])?;
    }
    Ok(k.len() as u64)
}

pub(super) fn districts(conn: &Connection, sink: &mut dyn Sink) -> Result<u64> {
    let d = profile::districts(conn)?;
    sink.head(&TableHead::new("行政区划", "Districts", &[]).with(vec![
        Column::new("代码", "Code", K::Text),
        Column::new("名称", "Name", K::Text),
        Column::new("类别", "Kind", K::Text),
        Column::new("英文名", "English name", K::Text),
    ]))?;
    for x in &d {
        let en = x.name_en.as_deref().unwrap_or("");
        sink.row(&[t(&x.code), t(&x.name), t(&x.kind), t(en)])?;
    }
    Ok(d.len() as u64)
}

pub(super) fn settings(conn: &Connection, sink: &mut dyn Sink) -> Result<u64> {
    let s = profile::settings(conn)?;
    sink.head(&TableHead::new("设置", "Settings", &[]).with(vec![
        Column::new("键", "Key", K::Text),
        Column::new("值", "Value", K::Text),
        Column::new("说明", "Meaning (Chinese)", K::Text),
        Column::new("说明（英文）", "Meaning", K::Text),
    ]))?;
    for x in &s {
        sink.row(&[t(&x.key), t(&x.value), t(&x.label_zh), t(&x.label_en)])?;
    }
    Ok(s.len() as u64)
}

//! The agricultural lists as typed tables: hand-ins (every page), stock per point, outbound
//! and the recovery rates. Weights in kilograms (exact), rates in %, kinds by their Chinese
//! names.

use std::collections::HashMap;

use rusqlite::Connection;

use super::lists::{date, kg, pct, t};
use super::{Column, ColumnKind as K, Sink, TableHead, Value};
use crate::agri::{self, entries, kinds, outbound, rates};
use crate::error::Result;

/// The Chinese name of a key in a (key, Chinese, English) table; the key when unknown.
fn zh(table: &[(&str, &str, &str)], key: &str) -> Value {
    t(table
        .iter()
        .find(|(k, _, _)| *k == key)
        .map_or(key, |(_, z, _)| z))
}

/// Hand-ins (`zwl agri entry list`): every page, newest first.
pub(super) fn entries(
    conn: &Connection,
    f: &entries::EntryFilter,
    sink: &mut dyn Sink,
) -> Result<u64> {
    let names: HashMap<String, String> = kinds::list(conn, "")?
        .into_iter()
        .map(|k| (k.key, k.name_zh))
        .collect();
    let kind = |k: &Option<String>| match k {
        Some(k) => t(names.get(k).unwrap_or(k)),
        None => Value::Empty,
    };
    let head = TableHead::new(
        "农业废弃物回收台账",
        "Agricultural waste hand-ins",
        &[
            ("回收站点", "point", &f.point),
            ("起始日期", "from", &f.from),
            ("截止日期", "to", &f.to),
        ],
    )
    .with(vec![
        Column::new("日期", "Date", K::Date),
        Column::new("回收站点", "Point", K::Text),
        Column::new("类别", "Stream", K::Text),
        Column::new("包装容器", "Container", K::Text),
        Column::new("材质", "Material", K::Text),
        Column::new("农膜类型", "Film kind", K::Text),
        Column::new("数量（件）", "Count (pieces)", K::Integer),
        Column::new("重量（千克）", "Weight (kg)", K::Decimal(3)),
        Column::new("杂质率（‰）", "Impurity (‰)", K::Integer),
        Column::new("交售人类型", "Giver", K::Text),
        Column::new("交售人", "Giver's name", K::Text),
        Column::new("回收价（元）", "Price paid (yuan)", K::Decimal(2)),
    ]);
    sink.head(&head)?;
    let mut n = 0;
    for page in 1.. {
        let rows = entries::list(conn, &entries::EntryFilter { page, ..f.clone() })?;
        if rows.is_empty() {
            break;
        }
        for e in &rows {
            sink.row(&[
                date(Some(&e.date)),
                t(&e.point),
                zh(agri::STREAMS, &e.stream),
                kind(&e.container),
                kind(&e.material),
                kind(&e.film_kind),
                Value::Int(e.count),
                kg(e.weight_g),
                e.impurity_pm.map_or(Value::Empty, Value::Int),
                zh(agri::GIVERS, &e.giver_kind),
                t(&e.giver_name),
                e.price_fen.map_or(Value::Empty, |p| Value::Fixed(p, 2)),
            ])?;
            n += 1;
        }
    }
    Ok(n)
}

/// Stock per point and stream (`zwl agri stock`).
pub(super) fn stock(conn: &Connection, district: &str, sink: &mut dyn Sink) -> Result<u64> {
    let head = TableHead::new(
        "回收站点库存",
        "Stock per recovery point",
        &[("区县", "district", district)],
    )
    .with(vec![
        Column::new("回收站点", "Point", K::Text),
        Column::new("类别", "Stream", K::Text),
        Column::new("回收量（千克）", "Received (kg)", K::Decimal(3)),
        Column::new("出库量（千克）", "Sent out (kg)", K::Decimal(3)),
        Column::new("库存（千克）", "Stock (kg)", K::Decimal(3)),
    ]);
    sink.head(&head)?;
    let rows = outbound::stock(conn, district)?;
    for s in &rows {
        sink.row(&[
            t(&s.point),
            zh(agri::STREAMS, &s.stream),
            kg(s.received_g),
            kg(s.sent_g),
            kg(s.stock_g),
        ])?;
    }
    Ok(rows.len() as u64)
}

/// Outbound (`zwl agri outbound list`).
pub(super) fn outbound(conn: &Connection, point: &str, sink: &mut dyn Sink) -> Result<u64> {
    let head = TableHead::new(
        "农业废弃物出库台账",
        "Agricultural waste outbound",
        &[("回收站点", "point", point)],
    )
    .with(vec![
        Column::new("日期", "Date", K::Date),
        Column::new("回收站点", "Point", K::Text),
        Column::new("类别", "Stream", K::Text),
        Column::new("去向", "Destination", K::Text),
        Column::new("接收单位", "Receiver", K::Text),
        Column::new("重量（千克）", "Weight (kg)", K::Decimal(3)),
        Column::new("备注", "Note", K::Text),
    ]);
    sink.head(&head)?;
    let rows = outbound::list(conn, point)?;
    for o in &rows {
        sink.row(&[
            date(Some(&o.date)),
            t(&o.point),
            zh(agri::STREAMS, &o.stream),
            zh(agri::DESTINATIONS, &o.destination),
            t(&o.receiver),
            kg(o.weight_g),
            t(&o.note),
        ])?;
    }
    Ok(rows.len() as u64)
}

/// Film and packaging recovery rates and coverage (`zwl agri rates`).
pub(super) fn rates(conn: &Connection, q: &rates::RatesQuery, sink: &mut dyn Sink) -> Result<u64> {
    let r = rates::rates(conn, q)?;
    let by_share = r.estimate.rule != "count";
    let head = TableHead::new(
        "农膜与农药包装废弃物回收率、回收网络覆盖率",
        "Film and pesticide packaging recovery rates and coverage",
        &[
            ("分组", "by", &r.by),
            ("区县", "district", &q.district),
            ("起始日期", "from", &r.from),
            ("截止日期", "to", &r.to),
            ("产生量估算", "estimate", &r.estimate.short_zh),
        ],
    )
    .with(vec![
        Column::new("区县代码", "District code", K::Text),
        Column::new("乡镇或站点", "Township or point", K::Text),
        Column::new("农膜回收量（千克）", "Film recovered (kg)", K::Decimal(3)),
        Column::new("农膜使用量（千克）", "Film used (kg)", K::Decimal(3)),
        Column::new("农膜回收率（%）", "Film recovery rate (%)", K::Decimal(1)),
        Column::new(
            "包装回收量（千克）",
            "Packaging recovered (kg)",
            K::Decimal(3),
        ),
        Column::new(
            "包装回收量（件）",
            "Packaging recovered (pieces)",
            K::Integer,
        ),
        Column::new(
            "包装估算产生量（千克）",
            "Packaging generated, estimated (kg)",
            K::Decimal(3),
        ),
        Column::new(
            "包装估算产生量（件）",
            "Packaging generated, estimated (pieces)",
            K::Integer,
        ),
        Column::new(
            "农药包装废弃物回收率（%）",
            "Packaging recovery rate (%)",
            K::Decimal(1),
        ),
        Column::new("行政村数", "Villages", K::Integer),
        Column::new("覆盖村数", "Villages covered", K::Integer),
        Column::new("回收网络覆盖率（%）", "Coverage (%)", K::Decimal(1)),
    ]);
    sink.head(&head)?;
    let int = |v: Option<i64>| v.map_or(Value::Empty, Value::Int);
    for x in &r.rows {
        let (gen_g, gen_n) = match x.pkg_generated {
            Some(g) if by_share => (kg(g), Value::Empty),
            Some(n) => (Value::Empty, Value::Int(n)),
            None => (Value::Empty, Value::Empty),
        };
        sink.row(&[
            t(&x.district),
            t(&x.name),
            kg(x.film_recovered_g),
            x.film_used_g.map_or(Value::Empty, kg),
            pct(x.film_rate),
            kg(x.pkg_recovered_g),
            Value::Int(x.pkg_recovered_count),
            gen_g,
            gen_n,
            pct(x.pkg_rate),
            int(x.villages),
            int(x.villages_covered),
            pct(x.coverage),
        ])?;
    }
    Ok(r.rows.len() as u64)
}

//! The cells section: cells by kind × status × area (累计创建), as the home page counts them.

use std::collections::BTreeMap;

use super::ctx::Ctx;
use super::fig::{self, figure};
use super::model::{Chart, ChartKind, Section, Series, Table, Value};
use super::scope::Cells;
use crate::cells::rates::CellSet;
use crate::error::Result;
use crate::{home, labels, profile};

/// The section of the cells created in the scope.
pub fn section(c: &Ctx<'_>) -> Result<Section> {
    let kinds = profile::kinds(c.conn)?;
    let statuses = labels::all().cell_status;
    let kind_name = |k: &str| -> (String, String) {
        kinds
            .iter()
            .find(|x| x.key == k)
            .map_or((k.into(), k.into()), |x| {
                (x.name_zh.clone(), x.name_en.clone())
            })
    };
    let status_name = |s: &str| -> (String, String) {
        statuses
            .iter()
            .find(|x| x.key == s)
            .map_or((s.into(), s.into()), |x| (x.zh.clone(), x.en.clone()))
    };
    let mut rows = Vec::new();
    // (kind, status) → count, for the figures and the chart.
    let mut by_ks: BTreeMap<(String, String), i64> = BTreeMap::new();
    for a in home::area_cells(c.conn, &c.to_m)? {
        let in_scope = match &c.scope.cells {
            Cells::Set(CellSet::All) | Cells::Set(CellSet::Kind(_)) => true,
            Cells::Set(CellSet::Area(code)) => &a.code == code,
            Cells::One(_) => false,
        };
        if !in_scope {
            continue;
        }
        for k in &a.counts {
            if let Cells::Set(CellSet::Kind(kind)) = &c.scope.cells {
                if &k.kind != kind {
                    continue;
                }
            }
            let (kz, ke) = kind_name(&k.kind);
            let (sz, se) = status_name(&k.status);
            let area_en = if a.code.len() == 6 {
                profile::districts(c.conn)?
                    .into_iter()
                    .find(|d| d.code == a.code)
                    .and_then(|d| d.name_en)
                    .unwrap_or_else(|| a.code.clone())
            } else {
                a.code.clone()
            };
            rows.push(vec![
                Value::Label {
                    zh: a.name.clone(),
                    en: area_en,
                },
                Value::Label { zh: kz, en: ke },
                Value::Label { zh: sz, en: se },
                Value::Number(k.count as f64),
            ]);
            *by_ks.entry((k.kind.clone(), k.status.clone())).or_default() += k.count;
        }
    }
    let total: i64 = by_ks.values().sum();
    let certified: i64 = by_ks
        .iter()
        .filter(|((_, s), _)| s == "certified")
        .map(|(_, n)| n)
        .sum();
    let figures =
        vec![
        figure(
            "cells.created",
            ("累计创建无废细胞", "Zero-waste cells created"),
            Some(total as f64),
            ("个", "cells"),
            0,
            (
                "累计创建 = 台账中未删除的无废细胞数（各状态合计，含已撤销）",
                "cells created = cells in the ledger not deleted (every status, revoked included)",
            ),
        ),
        figure(
            "cells.certified",
            ("已命名无废细胞", "Zero-waste cells named"),
            Some(certified as f64),
            ("个", "cells"),
            0,
            ("已命名 = 状态为已命名的无废细胞数", "named = cells whose status is named"),
        ),
    ];
    let used_kinds: Vec<&str> = kinds
        .iter()
        .map(|k| k.key.as_str())
        .filter(|k| by_ks.keys().any(|(kk, _)| kk == k))
        .collect();
    let series = statuses
        .iter()
        .filter(|s| by_ks.keys().any(|(_, ss)| ss == &s.key))
        .map(|s| Series {
            name_zh: s.zh.clone(),
            name_en: s.en.clone(),
            values: used_kinds
                .iter()
                .map(|k| Some(*by_ks.get(&(k.to_string(), s.key.clone())).unwrap_or(&0) as f64))
                .collect(),
        })
        .collect();
    Ok(Section {
        key: "cells".into(),
        title_zh: "无废细胞创建".into(),
        title_en: "Zero-waste cells".into(),
        figures,
        tables: vec![Table {
            key: "cells.by_area_kind_status".into(),
            title_zh: "按区域、类型、状态的细胞数".into(),
            title_en: "Cells by area, kind and status".into(),
            columns: vec![
                fig::text("area", "报送区域", "Area"),
                fig::text("kind", "类型", "Kind"),
                fig::text("status", "状态", "Status"),
                fig::num("count", "细胞数", "Cells", "", 0),
            ],
            rows,
        }],
        charts: vec![Chart {
            key: "cells.by_kind_status".into(),
            title_zh: "各类型细胞数（按状态）".into(),
            title_en: "Cells by kind and status".into(),
            kind: ChartKind::StackedBar,
            unit: String::new(),
            labels_zh: used_kinds.iter().map(|k| kind_name(k).0).collect(),
            labels_en: used_kinds.iter().map(|k| kind_name(k).1).collect(),
            series,
        }],
        notes_zh: vec![
            "细胞数为出具报表时的状态（累计），一个细胞计入其所属报送区域，未指定的计入其区县所在区域。"
                .into(),
        ],
        notes_en: vec![
            "Cells are counted as they stand when the report is built (cumulative); a cell counts in its own reporting area, else its district's.".into(),
        ],
    })
}

//! The content of a cell's certification report (认证报告): the cell's details, its latest
//! assessment, its naming, and its figures over a period with their formulas — all read from
//! the same core functions the window and `zwl rates` show ([`cells::rates::compute`]), never
//! from a second copy of a formula. The figures are also kept as a flat list of labelled,
//! formatted values: their SHA-256 is the content hash printed on every page, and their
//! canonical JSON is what `zwl report verify` compares with the ledger later.

use std::collections::BTreeMap;

use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::audit::Head;
use crate::cells::assess::{self, Application, Assessment};
use crate::cells::{self, categories, rates::CellRates, records, Cell, Naming};
use crate::error::Result;
use crate::ids::CellId;
use crate::units::format_kg;

/// One printed figure: a stable key, its label and its value as printed.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Figure {
    /// Stable key (`household.recycling_rate`, `month.2025-03.recyclable` …).
    pub key: String,
    /// Label, Chinese.
    pub label_zh: String,
    /// Label, English.
    pub label_en: String,
    /// The value as printed.
    pub value: String,
}

/// Monthly generation of one category, for the chart.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct MonthBar {
    /// `YYYY-MM`.
    pub month: String,
    /// (category Chinese name, grams), in the categories' order.
    pub by_category: Vec<(String, i64)>,
}

/// Everything a certification report prints.
#[derive(Debug, Clone, Serialize)]
pub struct CertContent {
    /// The cell.
    pub cell: Cell,
    /// First month of the period.
    pub from: String,
    /// Last month.
    pub to: String,
    /// The application, if recorded.
    pub application: Option<Application>,
    /// The latest assessment, if any.
    pub assessment: Option<Assessment>,
    /// The naming that holds, or the latest one.
    pub naming: Option<Naming>,
    /// The figures as `zwl rates` computes them.
    pub rates: CellRates,
    /// Monthly generation by category.
    pub months: Vec<MonthBar>,
    /// The flat list of printed figures (what the content hash covers).
    pub figures: Vec<Figure>,
    /// SHA-256 of the figures' canonical JSON, 64 hex digits.
    pub content_hash: String,
}

impl CertContent {
    /// The short form printed on every page: the first 12 hex digits.
    pub fn short_hash(&self) -> &str {
        &self.content_hash[..12]
    }
}

/// A rate as printed: two decimals and `%`, or `—` when there is nothing to divide by.
pub fn pct(v: Option<f64>) -> String {
    v.map(|v| format!("{v:.2}%")).unwrap_or_else(|| "—".into())
}

fn num(v: Option<f64>, digits: usize) -> String {
    v.map(|v| format!("{v:.digits$}"))
        .unwrap_or_else(|| "—".into())
}

struct Figures(Vec<Figure>);

impl Figures {
    fn add(
        &mut self,
        key: impl Into<String>,
        zh: impl Into<String>,
        en: impl Into<String>,
        v: impl Into<String>,
    ) {
        self.0.push(Figure {
            key: key.into(),
            label_zh: zh.into(),
            label_en: en.into(),
            value: v.into(),
        });
    }
}

/// The SHA-256 of the figures: each `key=value` line in order.
pub fn hash_figures(figures: &[Figure]) -> String {
    let mut h = Sha256::new();
    for f in figures {
        h.update(f.key.as_bytes());
        h.update(b"=");
        h.update(f.value.as_bytes());
        h.update(b"\n");
    }
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

/// Builds the content of `cell`'s report over `from`..`to` (months `YYYY-MM`).
pub fn content(conn: &Connection, cell: CellId, from: &str, to: &str) -> Result<CertContent> {
    let c = cells::get(conn, cell)?;
    let rates = cells::rates::compute(conn, cell, from, to)?;
    let application = assess::application(conn, cell)?;
    let assessment = assess::assessments(conn, cell)?.into_iter().next();
    let namings = cells::namings(conn, cell)?;
    let naming = namings
        .iter()
        .find(|n| n.ended_on.is_none())
        .or(namings.last())
        .cloned();
    let cats = categories::categories(conn)?;
    let mut by_month: BTreeMap<String, BTreeMap<usize, i64>> = BTreeMap::new();
    for r in records::list(conn, cell, &rates.from, &rates.to)? {
        let pos = cats
            .iter()
            .position(|k| k.key == r.category)
            .unwrap_or(usize::MAX);
        *by_month.entry(r.month).or_default().entry(pos).or_default() += r.generated_g;
    }
    let name_of = |pos: usize| {
        cats.get(pos)
            .map(|k| (k.key.clone(), k.name_zh.clone(), k.name_en.clone()))
            .unwrap_or_default()
    };
    let months: Vec<MonthBar> = by_month
        .iter()
        .map(|(m, cs)| MonthBar {
            month: m.clone(),
            by_category: cs.iter().map(|(p, g)| (name_of(*p).1, *g)).collect(),
        })
        .collect();

    let mut f = Figures(Vec::new());
    f.add("cell.name", "单位名称", "name", &c.name);
    f.add("cell.kind", "细胞类型", "kind", &c.kind_zh);
    f.add(
        "cell.uscc",
        "统一社会信用代码",
        "credit code",
        c.uscc.clone().unwrap_or_default(),
    );
    f.add("cell.district", "所在区县", "district", &c.district_name);
    f.add("cell.address", "地址", "address", &c.address);
    f.add("cell.manager", "负责人", "manager", &c.manager);
    f.add("cell.status", "创建状态", "status", c.status.label_zh());
    if let Some(a) = &application {
        f.add(
            "application.letter_on",
            "承诺书收到日期",
            "commitment letter",
            &a.letter_on,
        );
        let result = match a.check_result.as_str() {
            "clear" => "无严重失信记录",
            "found" => "有严重失信记录",
            _ => "",
        };
        f.add(
            "application.check",
            "失信核查",
            "dishonesty check",
            format!("{} {} {}", a.check_on, a.check_by, result)
                .trim()
                .to_string(),
        );
        f.add(
            "application.department",
            "主管部门",
            "supervising department",
            &a.department,
        );
    }
    if let Some(n) = &naming {
        f.add(
            "naming.batch",
            "命名批次",
            "batch",
            n.batch.map(|b| format!("第 {b} 批")).unwrap_or_default(),
        );
        f.add(
            "naming.document_no",
            "命名文号",
            "document number",
            &n.document_no,
        );
        f.add("naming.named_on", "命名日期", "named on", &n.named_on);
        f.add(
            "naming.expires_on",
            "有效期至",
            "valid until",
            &n.expires_on,
        );
        if let Some(e) = &n.ended_on {
            f.add("naming.ended_on", "命名终止日期", "naming ended on", e);
        }
    }
    if let Some(a) = &assessment {
        f.add("assessment.level", "评估层级", "level", a.level.label_zh());
        f.add("assessment.on", "评估日期", "date", &a.on);
        f.add(
            "assessment.assessors",
            "评估人员",
            "assessors",
            &a.assessors,
        );
        for s in &a.scores {
            let item = a.criteria.items.iter().find(|i| i.key == s.key);
            f.add(
                format!("assessment.item.{}", s.key),
                item.map(|i| i.name.clone())
                    .unwrap_or_else(|| s.key.clone()),
                item.map(|i| i.name_en.clone())
                    .unwrap_or_else(|| s.key.clone()),
                s.score.to_string(),
            );
        }
        f.add(
            "assessment.total",
            "总分",
            "total",
            format!("{} / {}", a.total, a.criteria.max_total()),
        );
        f.add(
            "assessment.result",
            "评估结论",
            "result",
            if a.passed { "通过" } else { "未通过" },
        );
    }
    let h = &rates.household;
    f.add(
        "period",
        "统计期",
        "period",
        format!("{} — {}", rates.from, rates.to),
    );
    f.add(
        "household.generated_kg",
        "生活垃圾产生量（kg）",
        "household waste generated (kg)",
        format_kg(h.generated_g),
    );
    f.add(
        "household.recovered_kg",
        "回收利用量（kg）",
        "recycled (kg)",
        format_kg(h.recovered_g),
    );
    f.add(
        "household.recycling_rate",
        "生活垃圾回收利用率",
        "household recycling rate",
        pct(h.recycling_rate),
    );
    f.add(
        "household.resource_rate",
        "生活垃圾资源化利用率",
        "household resource-use rate",
        pct(h.resource_rate),
    );
    f.add(
        "household.months_missing",
        "缺报月份",
        "months missing",
        h.months_missing.join(" "),
    );
    for r in &rates.reduction {
        let k = format!("reduction.{}", r.stream);
        f.add(
            format!("{k}.period_kg"),
            format!("{} 本期产生量（kg）", r.name_zh),
            format!("{} generated (kg)", r.name_en),
            format_kg(r.period_g),
        );
        f.add(
            format!("{k}.baseline_kg"),
            format!("{} 基准年同期（kg）", r.name_zh),
            format!("{} baseline (kg)", r.name_en),
            format_kg(r.baseline_g),
        );
        f.add(
            format!("{k}.change_pct"),
            format!("{} 增减", r.name_zh),
            format!("{} change", r.name_en),
            pct(r.change_pct),
        );
        let missing: Vec<&str> = r
            .period_missing
            .iter()
            .chain(&r.baseline_missing)
            .map(String::as_str)
            .collect();
        f.add(
            format!("{k}.complete"),
            format!("{} 数据完整性", r.name_zh),
            format!("{} completeness", r.name_en),
            if r.complete {
                "完整".to_string()
            } else {
                format!("不完整，缺 {}", missing.join(" "))
            },
        );
        for d in r.denominators.iter().filter(|d| d.per_day) {
            let k = format!("{k}.per_day.{}", d.figure);
            f.add(
                format!("{k}.baseline"),
                format!("{} 基准年人均日产生量（kg/{}·日）", r.name_zh, d.unit_zh),
                format!("{} baseline per {} per day (kg)", r.name_en, d.unit_en),
                num(d.baseline_kg_per_unit_day, 3),
            );
            f.add(
                format!("{k}.period"),
                format!("{} 本期人均日产生量（kg/{}·日）", r.name_zh, d.unit_zh),
                format!("{} per {} per day (kg)", r.name_en, d.unit_en),
                num(d.period_kg_per_unit_day, 3),
            );
        }
    }
    for (m, cs) in &by_month {
        for (p, g) in cs {
            let (key, zh, en) = name_of(*p);
            f.add(
                format!("month.{m}.{key}"),
                format!("{m} {zh}（kg）"),
                format!("{m} {en} (kg)"),
                format_kg(*g),
            );
        }
    }
    let content_hash = hash_figures(&f.0);
    Ok(CertContent {
        cell: c,
        from: rates.from.clone(),
        to: rates.to.clone(),
        application,
        assessment,
        naming,
        rates,
        months,
        figures: f.0,
        content_hash,
    })
}

/// What a report carries besides its content: its number, the change log's head when it was
/// issued and the local time of issue.
#[derive(Debug, Clone, Serialize)]
pub struct Issue {
    /// Report number (`ZWL-YYYYMMDD-XXXXXX`).
    pub report_no: String,
    /// The change log's head read with the figures.
    pub head: Head,
    /// Issued at, local time.
    pub issued_at: String,
}

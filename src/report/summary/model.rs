//! The document of a reduction and resource-use report: what every output draws. Labels carry
//! both languages (`*_zh`, `*_en`); an output picks one.

use serde::{Deserialize, Serialize};

/// What a report covers.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "kind", content = "id", rename_all = "snake_case")]
pub enum Scope {
    /// The whole city.
    City,
    /// One reporting area (汇总口径), by id or name.
    Area(String),
    /// One cell kind (无废机关 …), by key or name.
    Kind(String),
    /// One cell, by id, credit code or name.
    Cell(String),
}

/// The length of a report's period.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum PeriodKind {
    Month,
    Quarter,
    Year,
}

/// What to report: the request from the CLI or the window.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Spec {
    pub scope: Scope,
    pub period: PeriodKind,
    /// The period's first month, `YYYY-MM` (a quarter begins in month 1, 4, 7 or 10; a year in
    /// month 1). The period may not end after the current month.
    pub start: String,
}

/// A period, resolved: its label and its first and last day.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Period {
    pub kind: PeriodKind,
    /// `2025年第1季度`, `2025年3月`, `2025年`.
    pub label_zh: String,
    /// `2025 Q1`, `March 2025`, `2025`.
    pub label_en: String,
    /// First day, `YYYY-MM-DD`.
    pub from: String,
    /// Last day, `YYYY-MM-DD`.
    pub to: String,
}

/// A setting a figure used, as it stood when the report was built.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SettingUsed {
    /// The setting's key (`agri.packaging_share_pct`, `density.construction.demolition` …).
    pub key: String,
    pub label_zh: String,
    pub label_en: String,
    /// The value as it is shown in the settings, with its unit.
    pub value: String,
}

/// A target a figure is compared with, and the document it comes from.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Target {
    /// The setting that holds it (`target.straw_utilisation_rate` …).
    pub key: String,
    /// In the figure's unit.
    pub value: f64,
    /// The source document (`《长春市"无废城市"建设实施方案》` …), as entered with the setting.
    pub source: String,
    /// The source document in English (setting `…source_en`).
    #[serde(default)]
    pub source_en: String,
    /// Whether the figure meets it (None when the figure is not computed).
    pub met: Option<bool>,
}

/// One figure of a report.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "ts", ts(rename = "SummaryFigure"))]
pub struct Figure {
    /// Stable key, unique in the report (`household.recycling_rate`, `cw.closure_rate` …).
    pub key: String,
    pub label_zh: String,
    pub label_en: String,
    /// The value in `unit`; None when it is not computed, and then `missing_*` says why.
    pub value: Option<f64>,
    /// `%`, `t`, `kg/人·日`, `个`, `车次` … (the same in both languages, or `unit_en`).
    pub unit_zh: String,
    pub unit_en: String,
    /// Decimals the value is shown with.
    pub decimals: u8,
    /// The formula in words, `可回收物 ÷ 生活垃圾总量 × 100%`.
    pub formula_zh: String,
    pub formula_en: String,
    /// The same figure over the same period of the baseline year, when there is one.
    pub baseline: Option<f64>,
    /// The target it is compared with, when there is one.
    pub target: Option<Target>,
    /// The settings it used.
    pub settings: Vec<SettingUsed>,
    /// Why `value` is None (`3 个月未录入`), or what is incomplete in it; empty when complete.
    pub missing_zh: String,
    pub missing_en: String,
}

/// A column of a table.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "ts", ts(rename = "SummaryColumn"))]
pub struct Column {
    pub key: String,
    pub title_zh: String,
    pub title_en: String,
    /// The unit of a number column (shown in the header, `重量（t）`); empty for text.
    pub unit: String,
    /// Decimals of a number column.
    pub decimals: u8,
}

/// One value in a table.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "t", content = "v", rename_all = "snake_case")]
pub enum Value {
    /// Text the same in both languages (a name, a code).
    Text(String),
    /// Text with its two languages (`已命名` / `Named`).
    Label {
        zh: String,
        en: String,
    },
    Number(f64),
    /// Not computed (a dash in the outputs).
    Missing,
}

/// A table of a section.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Table {
    pub key: String,
    pub title_zh: String,
    pub title_en: String,
    pub columns: Vec<Column>,
    pub rows: Vec<Vec<Value>>,
}

/// How a chart is drawn.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum ChartKind {
    /// Bars side by side per label (one per series).
    Bar,
    /// Bars stacked per label.
    StackedBar,
    /// A line per series.
    Line,
}

/// A series of a chart: one value per label of the chart (None: not computed).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Series {
    pub name_zh: String,
    pub name_en: String,
    pub values: Vec<Option<f64>>,
}

/// A chart of a section.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Chart {
    pub key: String,
    pub title_zh: String,
    pub title_en: String,
    pub kind: ChartKind,
    pub unit: String,
    /// The labels along the axis (months, districts, kinds), Chinese and English.
    pub labels_zh: Vec<String>,
    pub labels_en: Vec<String>,
    pub series: Vec<Series>,
}

/// A section of a report (cells, household waste, construction waste, agriculture …).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Section {
    /// Stable key (`cells`, `household`, `construction`, `agri` …); the XLSX sheet's name in
    /// English mode.
    pub key: String,
    pub title_zh: String,
    pub title_en: String,
    pub figures: Vec<Figure>,
    pub tables: Vec<Table>,
    pub charts: Vec<Chart>,
    /// Notes printed under the section (what it counts, what it leaves out).
    pub notes_zh: Vec<String>,
    pub notes_en: Vec<String>,
}

/// A built report.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SummaryReport {
    /// `长春市"无废城市"建设减量化与资源化利用报表`.
    pub title_zh: String,
    pub title_en: String,
    pub spec: Spec,
    /// The scope's name (`长春市`, `南关区`, `无废小区`, a cell's name).
    pub scope_zh: String,
    pub scope_en: String,
    pub period: Period,
    /// The same period of the baseline year (None when no baseline year is set).
    pub baseline: Option<Period>,
    /// The data's as-of time: the newest change in the ledger, local time `YYYY-MM-DD HH:MM`.
    pub as_of: String,
    /// When it was built, local time `YYYY-MM-DD HH:MM`.
    pub built_at: String,
    /// Completeness of the whole report: months or areas missing, one line each; empty when
    /// nothing is missing.
    pub completeness_zh: Vec<String>,
    pub completeness_en: Vec<String>,
    pub sections: Vec<Section>,
}

/// The language an output is drawn in.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, Default)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Lang {
    #[default]
    Zh,
    En,
}

impl Lang {
    /// Picks the text of this language.
    pub fn pick<'a>(self, zh: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }
}

//! The city profile (城市档案): the city's name, its districts with their division codes,
//! the kinds of zero-waste cell, targets and other settings. All of it is data in the
//! database and editable by a clerk; the defaults are Changchun's.

use rusqlite::{Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

use crate::db::Writer;
use crate::error::{Error, FieldError, Result, Rule};
use crate::ids::RefId;

/// A district (区/县/开发区) of the city profile.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct District {
    /// GB/T 2260 division code, 6 digits.
    pub code: String,
    /// Chinese name.
    pub name: String,
    /// `city`, `district`, `county`, `county_city`, `development_zone`.
    pub kind: String,
    /// English name, shown in English mode: the one a clerk gave, else the city profile's
    /// own (built in for its divisions), else none (the window then shows the code).
    /// Writing: `None` keeps the English name as it is, an empty text removes the clerk's.
    #[serde(default)]
    pub name_en: Option<String>,
}

/// A kind of zero-waste cell (无废机关, 无废小区 …).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CellKind {
    /// Stable key (`office`, `community` …).
    pub key: String,
    /// Chinese name (机关, 小区 …).
    pub name_zh: String,
    /// English name.
    pub name_en: String,
    /// Whether a unified social credit code is required.
    pub uscc_required: bool,
    /// `headcount` or `households`: the per-capita denominator.
    pub denominator: String,
}

/// A setting with its default and meaning.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Setting {
    /// Key.
    pub key: String,
    /// Current value.
    pub value: String,
    /// Chinese label.
    pub label_zh: String,
    /// English label.
    pub label_en: String,
}

/// Known settings: key, default, Chinese label, English label.
pub const SETTINGS: &[(&str, &str, &str, &str)] = &[
    ("operator", "", "操作员姓名", "Operator name"),
    ("language", "zh", "界面语言", "Language"),
    ("city.name", "长春市", "城市名称", "City name"),
    (
        "certification.validity_years",
        "3",
        "命名有效期（年）",
        "Certification validity (years)",
    ),
    (
        "certification.warning_days",
        "90",
        "命名到期提前预警（天）",
        "Days before a naming expires to warn",
    ),
    (
        "target.household_recycling_rate",
        "35",
        "生活垃圾回收利用率目标（%）",
        "Household waste recycling rate target (%)",
    ),
    (
        "target.household_resource_rate",
        "60",
        "生活垃圾资源化利用率目标（%）",
        "Household waste resource-use rate target (%)",
    ),
    (
        "factor.recycling",
        "1",
        "资源化利用率折算系数：回收利用",
        "Resource-use factor: recycling",
    ),
    (
        "factor.composting",
        "1",
        "资源化利用率折算系数：厨余垃圾处理（堆肥/资源化）",
        "Resource-use factor: kitchen waste treatment (composting)",
    ),
    (
        "factor.incineration",
        "1",
        "资源化利用率折算系数：焚烧（能量回收）",
        "Resource-use factor: incineration with energy recovery",
    ),
    (
        "factor.landfill",
        "0",
        "资源化利用率折算系数：卫生填埋",
        "Resource-use factor: sanitary landfill",
    ),
    (
        "target.straw_utilisation_rate",
        "90",
        "秸秆综合利用率目标（%）",
        "Straw utilisation rate target (%)",
    ),
    (
        "cw.tolerance_pct",
        "10",
        "联单接收量与申报量允许偏差（%）",
        "Manifest tolerance, received vs declared (%)",
    ),
    (
        "cw.overdue_hours",
        "6",
        "联单出车后未接收的预警时限（小时）",
        "Hours after dispatch before a load is overdue",
    ),
    (
        "cw.max_load_t",
        "49",
        "单车载重上限，超过即拒绝（吨）",
        "Largest load ever accepted (t)",
    ),
    (
        "backup.every",
        "daily",
        "自动备份周期（off 关闭、daily 每天、weekly 每周、monthly 每月）",
        "Automatic backups (off, daily, weekly, monthly)",
    ),
    (
        "backup.keep",
        "14",
        "自动备份保留份数（只轮换自动备份）",
        "Automatic backups kept (only automatic ones rotate)",
    ),
    (
        "backup.dir",
        "",
        "备份文件夹（空：台账旁的 backups 文件夹）",
        "Backup folder (empty: a backups folder beside the ledger)",
    ),
    (
        "installation.code",
        "",
        "本机简码（联单编号前缀）",
        "Installation short code (manifest number prefix)",
    ),
    (
        "installation.name",
        "",
        "本机名称（安装单位）",
        "Installation name",
    ),
    (
        "installation.area",
        "",
        "本机报送区域（区域或区划代码）",
        "Installation's reporting area (area or district code)",
    ),
    (
        "cw.permit_warning_days",
        "30",
        "许可证到期提前预警（天）",
        "Days before a permit expires to warn",
    ),
    (
        "density.soil",
        "1.8",
        "工程渣土密度（吨/立方米）",
        "Density of excavated soil (t/m³)",
    ),
    (
        "density.slurry",
        "1.3",
        "工程泥浆密度（吨/立方米）",
        "Density of slurry (t/m³)",
    ),
    (
        "density.engineering",
        "1.5",
        "工程垃圾密度（吨/立方米）",
        "Density of engineering waste (t/m³)",
    ),
    (
        "density.demolition",
        "1.6",
        "拆除垃圾密度（吨/立方米）",
        "Density of demolition waste (t/m³)",
    ),
    (
        "density.decoration",
        "1.0",
        "装修垃圾密度（吨/立方米）",
        "Density of decoration waste (t/m³)",
    ),
    (
        "limit.record_kg",
        "10000000",
        "月度记录单项数量上限（千克）",
        "Ceiling of one monthly record quantity (kg)",
    ),
    (
        "limit.load",
        "1000",
        "联单单车数量上限（吨或立方米）",
        "Ceiling of one manifest quantity (t or m³)",
    ),
    (
        "limit.output_t",
        "100000",
        "设施月产出单项上限（吨）",
        "Ceiling of one monthly facility output (t)",
    ),
    (
        "agri.packaging_rule",
        "share",
        "农药包装废弃物产生量估算方法：share（按销售重量比例）或 count（按销售包装件数）",
        "Pesticide packaging estimate: share (of the weight sold) or count (packages sold)",
    ),
    (
        "agri.packaging_share_pct",
        "15",
        "农药包装废弃物占农药销售重量的比例（%）",
        "Pesticide packaging as a share of the weight sold (%)",
    ),
    (
        "report.baseline_year",
        "",
        "报表基准年（空：不与基准年比较）",
        "Reports' baseline year (empty: no comparison)",
    ),
    (
        "target.household_recycling_rate.source",
        "《“十四五”城镇生活垃圾分类和处理设施发展规划》（发改环资〔2021〕642号）：到2025年底城市生活垃圾回收利用率达到35%左右",
        "生活垃圾回收利用率目标的依据文件",
        "Source document of the household waste recycling rate target",
    ),
    (
        "target.household_resource_rate.source",
        "《“十四五”城镇生活垃圾分类和处理设施发展规划》（发改环资〔2021〕642号）：到2025年底城市生活垃圾资源化利用率达到60%左右",
        "生活垃圾资源化利用率目标的依据文件",
        "Source document of the household waste resource-use rate target",
    ),
    (
        "target.straw_utilisation_rate.source",
        "长春市《聚焦巩固绿色发展优势在生态文明建设上实现新突破行动计划》：到2025年秸秆综合（五化）利用率达到90%",
        "秸秆综合利用率目标的依据文件",
        "Source document of the straw utilisation rate target",
    ),
    (
        "target.household_recycling_rate.source_en",
        "14th Five-Year Plan for urban household waste sorting and treatment facilities (NDRC 2021 No. 642): a recycling rate of about 35% by the end of 2025",
        "生活垃圾回收利用率目标的依据文件（英文）",
        "Source document of the household waste recycling rate target (English)",
    ),
    (
        "target.household_resource_rate.source_en",
        "14th Five-Year Plan for urban household waste sorting and treatment facilities (NDRC 2021 No. 642): a resource-use rate of about 60% by the end of 2025",
        "生活垃圾资源化利用率目标的依据文件（英文）",
        "Source document of the household waste resource-use rate target (English)",
    ),
    (
        "target.straw_utilisation_rate.source_en",
        "Changchun action plan on green development and ecological civilisation: straw utilisation of 90% by 2025",
        "秸秆综合利用率目标的依据文件（英文）",
        "Source document of the straw utilisation rate target (English)",
    ),
];

/// All known settings with their current values.
pub fn settings(conn: &Connection) -> Result<Vec<Setting>> {
    SETTINGS
        .iter()
        .map(|(k, d, zh, en)| {
            Ok(Setting {
                key: k.to_string(),
                value: setting(conn, k)?.unwrap_or_else(|| d.to_string()),
                label_zh: zh.to_string(),
                label_en: en.to_string(),
            })
        })
        .collect()
}

/// One setting's stored value.
pub fn setting(conn: &Connection, key: &str) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached("SELECT value FROM settings WHERE key = ?1")?
        .query_row([key], |r| r.get(0))
        .optional()?)
}

/// One setting's value or its default.
pub fn setting_or_default(conn: &Connection, key: &str) -> Result<String> {
    let default = SETTINGS
        .iter()
        .find(|s| s.0 == key)
        .map(|s| s.1)
        .unwrap_or("");
    Ok(setting(conn, key)?.unwrap_or_else(|| default.to_string()))
}

/// The refusal of a setting's value: the setting named as a clerk reads it, with its range.
fn setting_error(key: &str, value: &str, range: &str, range_en: &str) -> Error {
    let (zh, en) = crate::error::field_names(key);
    Error::field(
        key,
        Rule::SettingRange,
        &[
            ("setting", zh),
            ("setting_en", en),
            ("value", value),
            ("range", range),
            ("range_en", range_en),
        ],
    )
}

/// Validates and stores a setting.
pub fn set_setting(w: &mut Writer<'_>, key: &str, value: &str) -> Result<()> {
    let value = value.trim();
    match key {
        "installation.area" => {
            let known = value.is_empty()
                || crate::areas::resolve(w.tx(), value)?.as_deref() == Some(value)
                || resolve_district(w.tx(), value)?.as_deref() == Some(value);
            if !known {
                return Err(Error::field(key, Rule::UnknownArea, &[("value", value)]));
            }
        }
        _ => check_setting(key, value)?,
    }
    w.set_setting(key, value)
}

/// The rule of a setting's value that needs nothing but the value (every setting but the
/// installation's reporting area, which must name an area or district of the ledger). The
/// settings form ([`set_setting`]) and a bundle's settings (`sync::rules`) are checked by
/// this one function; an unknown key is refused.
pub fn check_setting(key: &str, value: &str) -> Result<()> {
    let value = value.trim();
    let bad = |range: &str, range_en: &str| setting_error(key, value, range, range_en);
    match key {
        "operator" | "city.name" | "installation.name" => {
            let mut errs = Vec::new();
            crate::text::clean(&mut errs, None, key, value, 50, false);
            if !errs.is_empty() {
                return Err(Error::Invalid(errs));
            }
        }
        "language" => {
            if value != "zh" && value != "en" {
                return Err(bad(
                    "zh（中文）或 en（英文）",
                    "zh (Chinese) or en (English)",
                ));
            }
        }
        "certification.validity_years" => match value.parse::<u32>() {
            Ok(1..=10) => {}
            _ => return Err(bad("1 至 10 的整数", "a whole number from 1 to 10")),
        },
        "target.household_recycling_rate"
        | "target.household_resource_rate"
        | "target.straw_utilisation_rate"
        | "cw.tolerance_pct" => match value.parse::<f64>() {
            Ok(x) if (0.0..=100.0).contains(&x) => {}
            _ => return Err(bad("0 至 100 之间的数", "a number from 0 to 100")),
        },
        "certification.warning_days" => match value.parse::<u32>() {
            Ok(1..=3650) => {}
            _ => return Err(bad("1 至 3650 的整数", "a whole number from 1 to 3650")),
        },
        "factor.recycling" | "factor.composting" | "factor.incineration" | "factor.landfill" => {
            match value.parse::<f64>() {
                Ok(x) if (0.0..=1.0).contains(&x) => {}
                _ => return Err(Error::field(key, Rule::FactorRange, &[("value", value)])),
            }
        }
        "cw.overdue_hours" | "cw.permit_warning_days" => match value.parse::<u32>() {
            Ok(1..=10_000) => {}
            _ => return Err(bad("1 至 10000 的整数", "a whole number from 1 to 10000")),
        },
        "cw.max_load_t" => match value.parse::<f64>() {
            Ok(x) if x > 0.0 && x <= 200.0 => {}
            _ => {
                return Err(bad(
                    "大于 0、不超过 200 的数",
                    "a number above 0 and at most 200",
                ))
            }
        },
        "installation.code" => {
            if !crate::construction::numbers::valid_code(value) {
                return Err(Error::field(
                    key,
                    Rule::BadInstallationCode,
                    &[("value", value)],
                ));
            }
        }
        k if k.starts_with("backup.") => crate::backups::check_setting(k, value)?,
        k if k.starts_with("density.") && SETTINGS.iter().any(|s| s.0 == k) => {
            match value.parse::<f64>() {
                Ok(x) if x > 0.0 && x < 5.0 => {}
                _ => return Err(bad("大于 0、小于 5 的数", "a number above 0 and below 5")),
            }
        }
        k if crate::units::Limit::of_key(k).is_some() => {
            let largest = crate::units::Limit::of_key(k).map_or(0, |l| l.largest());
            match value.parse::<i64>() {
                Ok(x) if (1..=largest).contains(&x) => {}
                _ => {
                    let max = crate::units::group_thousands(&largest.to_string());
                    return Err(Error::field(
                        key,
                        Rule::LimitRange,
                        &[("value", value), ("max", &max)],
                    ));
                }
            }
        }
        "agri.packaging_rule" => {
            if value != "share" && value != "count" {
                return Err(bad(
                    "share（按重量比例）或 count（按包装件数）",
                    "share (of the weight) or count (of packages)",
                ));
            }
        }
        "report.baseline_year" => match value.parse::<i32>() {
            _ if value.is_empty() => {}
            Ok(2000..=2100) => {}
            _ => {
                return Err(bad(
                    "空，或 2000 至 2100 的年份",
                    "empty, or a year from 2000 to 2100",
                ))
            }
        },
        "target.household_recycling_rate.source"
        | "target.household_resource_rate.source"
        | "target.straw_utilisation_rate.source"
        | "target.household_recycling_rate.source_en"
        | "target.household_resource_rate.source_en"
        | "target.straw_utilisation_rate.source_en" => {
            let mut errs = Vec::new();
            crate::text::clean(&mut errs, None, key, value, 200, true);
            if !errs.is_empty() {
                return Err(Error::Invalid(errs));
            }
        }
        "agri.packaging_share_pct" => match value.parse::<f64>() {
            Ok(x) if x > 0.0 && x <= 100.0 => {}
            _ => {
                return Err(bad(
                    "大于 0、不超过 100 的数",
                    "a number above 0 and at most 100",
                ))
            }
        },
        _ => return Err(Error::field("key", Rule::UnknownSetting, &[("value", key)])),
    }
    Ok(())
}

/// The districts of the profile, by code, with their English names.
pub fn districts(conn: &Connection) -> Result<Vec<District>> {
    let mut st = conn.prepare_cached(
        "SELECT d.code, d.name, d.kind, e.name_en FROM districts d
         LEFT JOIN district_names_en e ON e.code = d.code AND e.deleted = 0
         WHERE d.deleted = 0 ORDER BY d.code",
    )?;
    let rows = st.query_map([], |r| {
        let code: String = r.get(0)?;
        let own: Option<String> = r.get(3)?;
        Ok(District {
            name_en: own.or_else(|| crate::setup::division_name_en(&code).map(String::from)),
            code,
            name: r.get(1)?,
            kind: r.get(2)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Whether `c` is a Chinese character or full-width punctuation (not for an English name).
pub(crate) fn is_cjk(c: char) -> bool {
    matches!(c, '\u{3000}'..='\u{303f}' | '\u{3400}'..='\u{9fff}' | '\u{f900}'..='\u{faff}' | '\u{ff00}'..='\u{ffef}')
}

/// Sets (or, given an empty text, removes) the English name a clerk gave district `code`.
fn put_district_name_en(w: &mut Writer<'_>, code: &str, name_en: &str) -> Result<()> {
    let name_en = name_en.trim();
    let existing: Option<(Vec<u8>, String, i64)> = w
        .tx()
        .query_row(
            "SELECT id, name_en, deleted FROM district_names_en WHERE code = ?1",
            [code],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?;
    match existing {
        Some((_, old, 0)) if old == name_en => Ok(()),
        Some((_, _, 1)) if name_en.is_empty() => Ok(()),
        Some((id, _, _)) => {
            let before = w.snapshot("district_names_en", &id)?;
            w.tx().execute(
                "UPDATE district_names_en SET name_en = ?2, deleted = ?3, updated_at = ?4,
                    origin = ?5, clock = ?6 WHERE id = ?1",
                (
                    &id,
                    name_en,
                    name_en.is_empty() as i64,
                    w.now_ms(),
                    w.origin(),
                    w.clock(),
                ),
            )?;
            w.log("district_names_en", &id, before, None)
        }
        None if name_en.is_empty() => Ok(()),
        None => {
            let id = RefId::new();
            w.tx().execute(
                "INSERT INTO district_names_en (id, code, name_en, created_at, updated_at,
                    origin, clock) VALUES (?1, ?2, ?3, ?4, ?4, ?5, ?6)",
                (id, code, name_en, w.now_ms(), w.origin(), w.clock()),
            )?;
            w.log("district_names_en", id.as_bytes(), None, None)
        }
    }
}

/// Resolves a division code (or an old code with an alias, or a district's name) to the
/// current code.
pub fn resolve_district(conn: &Connection, input: &str) -> Result<Option<String>> {
    let input = input.trim();
    let mut st = conn.prepare_cached(
        "SELECT code FROM districts WHERE deleted = 0 AND (code = ?1 OR name = ?1)
         UNION ALL SELECT code FROM district_aliases WHERE old_code = ?1 LIMIT 1",
    )?;
    Ok(st.query_row([input], |r| r.get(0)).optional()?)
}

/// Checks a district as a form gives it: a 6-digit division code, a name, an English name
/// (when given) with no Chinese characters or full-width punctuation.
pub fn check_district(code: &str, name: &str, name_en: Option<&str>, errs: &mut Vec<FieldError>) {
    if code.len() != 6 || !code.bytes().all(|b| b.is_ascii_digit()) {
        errs.push(FieldError::new(
            None,
            "code",
            Rule::BadValue,
            &[("value", code)],
        ));
    }
    if name.trim().is_empty() {
        errs.push(FieldError::new(None, "name", Rule::Required, &[]));
    }
    if let Some(en) = name_en {
        check_district_name_en(en, errs);
    }
}

/// Checks a district's English name: no Chinese characters or full-width punctuation.
pub fn check_district_name_en(en: &str, errs: &mut Vec<FieldError>) {
    if en.chars().any(is_cjk) {
        errs.push(FieldError::new(
            None,
            "name_en",
            Rule::BadValue,
            &[("value", en.trim())],
        ));
    }
}

/// Adds a district, or renames one that exists.
pub fn put_district(w: &mut Writer<'_>, d: &District) -> Result<()> {
    let code = d.code.trim();
    let mut errs = Vec::new();
    check_district(code, &d.name, d.name_en.as_deref(), &mut errs);
    if !errs.is_empty() {
        return Err(Error::Invalid(errs));
    }
    if let Some(en) = &d.name_en {
        put_district_name_en(w, code, en)?;
    }
    let existing: Option<Vec<u8>> = w
        .tx()
        .prepare_cached("SELECT id FROM districts WHERE code = ?1")?
        .query_row([code], |r| r.get(0))
        .optional()?;
    match existing {
        Some(id) => {
            let before = w.snapshot("districts", &id)?;
            w.tx().prepare_cached("UPDATE districts SET name = ?2, kind = ?3, deleted = 0, updated_at = ?4, origin = ?5, clock = ?6 WHERE id = ?1")?.execute((&id, d.name.trim(), d.kind.trim(), w.now_ms(), w.origin(), w.clock()),
            )?;
            w.log("districts", &id, before, None)
        }
        None => {
            let id = RefId::new();
            w.tx().prepare_cached("INSERT INTO districts (id, code, name, kind, created_at, updated_at, origin, clock)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?5, ?6, ?7)")?.execute((id, code, d.name.trim(), d.kind.trim(), w.now_ms(), w.origin(), w.clock()),
            )?;
            w.log("districts", id.as_bytes(), None, None)
        }
    }
}

/// The kinds of cell, in display order.
pub fn kinds(conn: &Connection) -> Result<Vec<CellKind>> {
    let mut st = conn.prepare_cached(
        "SELECT key, name_zh, name_en, uscc_required, denominator FROM cell_kinds
         WHERE deleted = 0 ORDER BY sort, key",
    )?;
    let rows = st.query_map([], |r| {
        Ok(CellKind {
            key: r.get(0)?,
            name_zh: r.get(1)?,
            name_en: r.get(2)?,
            uscc_required: r.get(3)?,
            denominator: r.get(4)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Finds a kind by key, Chinese name (with or without 无废), or English name.
pub fn find_kind(conn: &Connection, input: &str) -> Result<Option<CellKind>> {
    Ok(find_kind_in(&kinds(conn)?, input).cloned())
}

/// The kind of `input` among `kinds` (as [`find_kind`] finds it in the ledger).
pub fn find_kind_in<'k>(kinds: &'k [CellKind], input: &str) -> Option<&'k CellKind> {
    let s = input.trim();
    let s = s.strip_prefix("无废").unwrap_or(s);
    kinds.iter().find(|k| {
        k.key.eq_ignore_ascii_case(s) || k.name_zh == s || k.name_en.eq_ignore_ascii_case(s)
    })
}

/// Checks a kind of cell as a form gives it (its key, lowercased: letters, digits and `_`; a
/// Chinese name; a denominator of `headcount` or `households`). Whether the kind exists
/// already is the form's to check.
pub fn check_kind(key: &str, k: &CellKind, errs: &mut Vec<FieldError>) {
    if key.is_empty()
        || !key
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
    {
        errs.push(FieldError::new(
            None,
            "key",
            Rule::BadValue,
            &[("value", key)],
        ));
    }
    if k.name_zh.trim().is_empty() {
        errs.push(FieldError::new(None, "name_zh", Rule::Required, &[]));
    }
    if k.denominator != "headcount" && k.denominator != "households" {
        errs.push(FieldError::new(
            None,
            "denominator",
            Rule::BadValue,
            &[("value", &k.denominator)],
        ));
    }
}

/// Adds a kind of cell (饭店, 医院 …).
pub fn add_kind(w: &mut Writer<'_>, k: &CellKind) -> Result<()> {
    let key = k.key.trim().to_ascii_lowercase();
    let mut errs = Vec::new();
    check_kind(&key, k, &mut errs);
    if find_kind(w.tx(), &key)?.is_some() || find_kind(w.tx(), &k.name_zh)?.is_some() {
        errs.push(FieldError::new(
            None,
            "key",
            Rule::KindExists,
            &[("value", &key)],
        ));
    }
    if !errs.is_empty() {
        return Err(Error::Invalid(errs));
    }
    let sort: i64 = w
        .tx()
        .prepare_cached("SELECT coalesce(max(sort), 0) + 1 FROM cell_kinds")?
        .query_row([], |r| r.get(0))?;
    let id = RefId::new();
    let name_en = if k.name_en.trim().is_empty() {
        key.clone()
    } else {
        k.name_en.trim().to_string()
    };
    w.tx()
        .prepare_cached(
            "INSERT INTO cell_kinds (id, key, name_zh, name_en, uscc_required, denominator, sort,
                                 created_at, updated_at, origin, clock)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8, ?9, ?10)",
        )?
        .execute((
            id,
            &key,
            k.name_zh.trim(),
            name_en,
            k.uscc_required,
            &k.denominator,
            sort,
            w.now_ms(),
            w.origin(),
            w.clock(),
        ))?;
    w.log("cell_kinds", id.as_bytes(), None, None)?;
    // A new kind divides household waste by what its denominator says, until a clerk sets
    // its denominators per stream.
    let figure = crate::cells::activity::shortcut_figure(&k.denominator).0;
    if crate::cells::categories::streams(w.tx())?
        .iter()
        .any(|s| s.key == "household")
    {
        crate::cells::categories::set_denominators(w, &key, "household", &[figure.to_string()])?;
    }
    Ok(())
}

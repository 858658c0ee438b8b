//! Kinds as data: pesticide containers (瓶, 袋, 罐 …) and materials (塑料, 玻璃, 铝箔 …, each
//! recyclable or not), film kinds (地膜, 棚膜 …), crops with their straw-to-grain ratio (草谷比)
//! and collection coefficient (可收集系数), and livestock with their daily dung and
//! wastewater and days a year (排泄系数, 饲养周期).
//!
//! The built-in kinds below carry their source; a clerk adds a kind, or overrides a built-in
//! one by its key (a province's own coefficient table), and the row wins. Figures freeze the
//! factors they used on their own rows.

use rusqlite::{Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

use crate::db::Writer;
use crate::error::{Error, FieldError, Result, Rule};
use crate::ids::RefId;

/// One kind of one domain.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "ts", ts(rename = "AgriKind"))]
pub struct Kind {
    /// `container`, `material`, `film`, `crop` or `livestock`.
    pub domain: String,
    /// Stable key.
    pub key: String,
    /// Chinese name.
    pub name_zh: String,
    /// English name.
    pub name_en: String,
    /// Materials: recyclable (local practice splits plastic from glass and foil).
    pub recyclable: Option<bool>,
    /// Crops: straw-to-grain ratio (草谷比), thousandths.
    pub ratio_milli: Option<i64>,
    /// Crops: collection coefficient (可收集系数), thousandths.
    pub collect_milli: Option<i64>,
    /// Livestock: dung per head and day, grams.
    pub dung_g_day: Option<i64>,
    /// Livestock: wastewater per head and day, grams (1 L ≈ 1 kg).
    pub water_g_day: Option<i64>,
    /// Livestock: days a year the head count stands for (饲养周期).
    pub days: Option<i64>,
    /// Where the defaults come from.
    pub source: String,
    /// Built into the program (possibly overridden by a row).
    pub built_in: bool,
}

/// The domains.
pub const DOMAINS: &[&str] = &["container", "material", "film", "crop", "livestock"];

const LOCAL: &str = "各地回收实践（可回收塑料与不可回收玻璃、铝箔分开）";
const FILM: &str = "农用薄膜管理办法（2020）";
/// Straw: 草谷比 from the measured ratios of 霍丽丽等《中国玉米秸秆草谷比及其资源时空分布特征》
/// (农业工程学报 2020) for maize (0.84, which replaced the 1.2 used before), and the values
/// in common use in the national straw ledger method (农作物秸秆资源台账, 农办科〔2019〕3号)
/// for the others; check against the province's coefficient table and override.
const STRAW: &str = "草谷比/可收集系数：玉米草谷比取霍丽丽等（农业工程学报 2020）实测均值 0.84；其余取秸秆资源台账常用值，应以省级系数表核定";
/// Manure: the parameter table for scale farms (畜禽规模养殖场粪污产生量参数表) of the
/// manure-utilisation whole-county projects: dung kg/day, wastewater L/day, feeding period.
const MANURE: &str =
    "畜禽养殖粪污产生量参数及计算公式（畜禽粪污资源化利用整县推进项目，规模养殖场参数表）";

struct Builtin {
    domain: &'static str,
    key: &'static str,
    zh: &'static str,
    en: &'static str,
    recyclable: Option<bool>,
    ratio: Option<i64>,
    collect: Option<i64>,
    dung: Option<i64>,
    water: Option<i64>,
    days: Option<i64>,
    source: &'static str,
}

const fn plain(
    domain: &'static str,
    key: &'static str,
    zh: &'static str,
    en: &'static str,
    source: &'static str,
) -> Builtin {
    Builtin {
        domain,
        key,
        zh,
        en,
        recyclable: None,
        ratio: None,
        collect: None,
        dung: None,
        water: None,
        days: None,
        source,
    }
}
const fn material(
    key: &'static str,
    zh: &'static str,
    en: &'static str,
    recyclable: bool,
) -> Builtin {
    Builtin {
        recyclable: Some(recyclable),
        ..plain("material", key, zh, en, LOCAL)
    }
}
const fn crop(
    key: &'static str,
    zh: &'static str,
    en: &'static str,
    ratio: i64,
    collect: i64,
) -> Builtin {
    Builtin {
        ratio: Some(ratio),
        collect: Some(collect),
        ..plain("crop", key, zh, en, STRAW)
    }
}
const fn animal(
    key: &'static str,
    zh: &'static str,
    en: &'static str,
    dung: i64,
    water: i64,
    days: i64,
) -> Builtin {
    Builtin {
        dung: Some(dung),
        water: Some(water),
        days: Some(days),
        ..plain("livestock", key, zh, en, MANURE)
    }
}

const BUILTIN: &[Builtin] = &[
    plain("container", "bottle", "瓶", "bottle", LOCAL),
    plain("container", "bag", "袋", "bag", LOCAL),
    plain("container", "can", "罐/桶", "can or drum", LOCAL),
    plain("container", "box", "盒", "box", LOCAL),
    material("plastic", "塑料", "plastic", true),
    material("glass", "玻璃", "glass", false),
    material("foil", "铝箔/铝塑复合", "aluminium foil or laminate", false),
    material("metal", "金属", "metal", true),
    material("paper", "纸", "paper", false),
    plain("film", "mulch", "地膜", "mulch film", FILM),
    plain("film", "greenhouse", "棚膜", "greenhouse film", FILM),
    plain("film", "other", "其他农膜", "other film", FILM),
    crop("corn", "玉米", "maize", 840, 900),
    crop("rice", "水稻", "rice", 1000, 830),
    crop("soybean", "大豆", "soybean", 1500, 800),
    crop("wheat", "小麦", "wheat", 1100, 830),
    crop("potato", "薯类", "tubers", 500, 700),
    crop("peanut", "花生", "peanut", 1000, 900),
    crop("other", "其他作物", "other crops", 1000, 800),
    // 育肥猪 counted by head sold (出栏) over 180 days; sows and the rest by head kept (存栏).
    animal("pig", "生猪（出栏）", "pigs (sold)", 2_000, 10_000, 180),
    animal("sow", "母猪（存栏）", "sows (kept)", 2_000, 10_000, 365),
    animal("dairy", "奶牛", "dairy cattle", 20_000, 48_000, 365),
    animal("beef", "肉牛", "beef cattle", 10_000, 24_000, 365),
    animal("layer", "蛋鸡", "laying hens", 100, 250, 365),
    animal("broiler", "肉鸡（出栏）", "broilers (sold)", 100, 250, 45),
    animal("sheep", "羊", "sheep and goats", 2_600, 0, 365),
    animal("duck_goose", "鸭鹅", "ducks and geese", 130, 0, 365),
];

fn of_builtin(b: &Builtin) -> Kind {
    Kind {
        domain: b.domain.into(),
        key: b.key.into(),
        name_zh: b.zh.into(),
        name_en: b.en.into(),
        recyclable: b.recyclable,
        ratio_milli: b.ratio,
        collect_milli: b.collect,
        dung_g_day: b.dung,
        water_g_day: b.water,
        days: b.days,
        source: b.source.into(),
        built_in: true,
    }
}

fn of_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Kind> {
    Ok(Kind {
        domain: r.get(0)?,
        key: r.get(1)?,
        name_zh: r.get(2)?,
        name_en: r.get(3)?,
        recyclable: r.get::<_, Option<i64>>(4)?.map(|x| x == 1),
        ratio_milli: r.get(5)?,
        collect_milli: r.get(6)?,
        dung_g_day: r.get(7)?,
        water_g_day: r.get(8)?,
        days: r.get(9)?,
        source: r.get(10)?,
        built_in: false,
    })
}

/// The kinds of `domain` (every domain when empty): built-in ones, overridden by rows of the
/// same key, then the rows the clerk added.
pub fn list(conn: &Connection, domain: &str) -> Result<Vec<Kind>> {
    let rows: Vec<Kind> = conn
        .prepare(
            "SELECT domain, key, name_zh, name_en, recyclable, ratio_milli, collect_milli,
                    dung_g_day, water_g_day, days, source
             FROM agri_kinds WHERE deleted = 0 AND (?1 = '' OR domain = ?1) ORDER BY created_at",
        )?
        .query_map([domain], of_row)?
        .collect::<rusqlite::Result<_>>()?;
    let mut out: Vec<Kind> = BUILTIN
        .iter()
        .filter(|b| domain.is_empty() || b.domain == domain)
        .map(|b| {
            rows.iter()
                .find(|r| r.domain == b.domain && r.key == b.key)
                .map(|r| Kind {
                    built_in: true,
                    ..r.clone()
                })
                .unwrap_or_else(|| of_builtin(b))
        })
        .collect();
    out.extend(rows.into_iter().filter(|r| {
        !BUILTIN
            .iter()
            .any(|b| b.domain == r.domain && b.key == r.key)
    }));
    Ok(out)
}

/// The kind of `domain` a clerk names by key, Chinese or English name.
pub fn find(conn: &Connection, domain: &str, input: &str) -> Result<Option<Kind>> {
    let v = input.trim();
    if v.is_empty() {
        return Ok(None);
    }
    Ok(list(conn, domain)?
        .into_iter()
        .find(|k| k.key == v || k.name_zh == v || k.name_en.eq_ignore_ascii_case(v)))
}

/// Reads a kind of `domain` at `field` into `errs` (`None` when empty and not required).
pub fn read(
    conn: &Connection,
    errs: &mut Vec<FieldError>,
    row: Option<usize>,
    field: &str,
    domain: &str,
    v: &str,
    required: bool,
) -> Result<Option<Kind>> {
    if v.trim().is_empty() {
        if required {
            errs.push(FieldError::new(row, field, Rule::Required, &[]));
        }
        return Ok(None);
    }
    let k = find(conn, domain, v)?;
    if k.is_none() {
        errs.push(FieldError::new(
            row,
            field,
            Rule::UnknownValue,
            &[("value", v.trim())],
        ));
    }
    Ok(k)
}

/// A kind as a form gives it.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(default)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "ts", ts(rename = "AgriKindDraft"))]
pub struct KindDraft {
    /// Domain.
    pub domain: String,
    /// Key (a built-in key overrides that kind).
    pub key: String,
    /// Chinese name (empty: the built-in's).
    pub name_zh: String,
    /// English name (empty: the built-in's).
    pub name_en: String,
    /// Materials: `yes` / `no`.
    pub recyclable: String,
    /// Crops: 草谷比.
    pub ratio: String,
    /// Crops: 可收集系数 (0–1).
    pub coefficient: String,
    /// Livestock: dung per head and day, kg.
    pub dung: String,
    /// Livestock: wastewater per head and day, kg.
    pub water: String,
    /// Livestock: days a year.
    pub days: String,
    /// Source of the values.
    pub source: String,
}

/// A kind as checked: what [`put`] writes, before the built-in's names and source fill in
/// what was left empty.
#[derive(Debug, Clone)]
pub struct Checked<'a> {
    /// Domain.
    pub domain: &'a str,
    /// Key.
    pub key: String,
    /// The built-in kind of the same domain and key, when there is one.
    pub base: Option<Kind>,
    /// Chinese name as typed.
    pub name_zh: String,
    /// English name as typed.
    pub name_en: String,
    /// Source as typed.
    pub source: String,
    /// Recyclable.
    pub recyclable: Option<bool>,
    /// 草谷比, thousandths.
    pub ratio: Option<i64>,
    /// 可收集系数, thousandths.
    pub collect: Option<i64>,
    /// Dung, grams a day.
    pub dung: Option<i64>,
    /// Wastewater, grams a day.
    pub water: Option<i64>,
    /// Days a year.
    pub days: Option<i64>,
}

/// Checks a kind as a form gives it: a known domain, a key, names and source within their
/// lengths (a Chinese name unless it overrides a built-in kind), recyclable yes or no, the
/// ratio from 0.01 to 10, the coefficient from 0 to 1, dung and wastewater up to 1,000 kg a
/// day, days from 1 to 366; a crop needs its ratio and coefficient, livestock its dung and
/// days (its own or the built-in's).
pub fn check<'a>(d: &'a KindDraft, e: &mut Vec<FieldError>) -> Checked<'a> {
    let domain = d.domain.trim();
    if !DOMAINS.contains(&domain) {
        e.push(FieldError::new(
            None,
            "domain",
            Rule::BadValue,
            &[("value", domain)],
        ));
    }
    let key = crate::text::clean(e, None, "key", &d.key, 40, true);
    let base = BUILTIN
        .iter()
        .find(|b| b.domain == domain && b.key == key)
        .map(of_builtin);
    let name_zh = crate::text::clean(e, None, "name_zh", &d.name_zh, 40, base.is_none());
    let name_en = crate::text::clean(e, None, "name_en", &d.name_en, 60, false);
    let source = crate::text::clean(e, None, "source", &d.source, 200, false);
    let pick = |v: Option<i64>, b: Option<i64>| v.or(b);
    let b = base.clone();
    let recyclable = match d.recyclable.trim() {
        "" => b.as_ref().and_then(|b| b.recyclable),
        "yes" | "是" | "1" | "true" | "可回收" => Some(true),
        "no" | "否" | "0" | "false" | "不可回收" => Some(false),
        v => {
            e.push(FieldError::new(
                None,
                "recyclable",
                Rule::BadValue,
                &[("value", v)],
            ));
            None
        }
    };
    let ratio = pick(
        super::milli(e, None, "ratio", &d.ratio, 0.01, 10.0),
        b.as_ref().and_then(|b| b.ratio_milli),
    );
    let collect = pick(
        super::milli(e, None, "coefficient", &d.coefficient, 0.0, 1.0),
        b.as_ref().and_then(|b| b.collect_milli),
    );
    let dung = pick(
        super::milli(e, None, "dung", &d.dung, 0.0, 1000.0),
        b.as_ref().and_then(|b| b.dung_g_day),
    );
    let water = pick(
        super::milli(e, None, "water", &d.water, 0.0, 1000.0),
        b.as_ref().and_then(|b| b.water_g_day),
    );
    let days = match d.days.trim() {
        "" => b.as_ref().and_then(|b| b.days),
        v => match v.parse::<i64>() {
            Ok(n @ 1..=366) => Some(n),
            _ => {
                e.push(FieldError::new(
                    None,
                    "days",
                    Rule::NotInteger,
                    &[("value", v)],
                ));
                None
            }
        },
    };
    if domain == "crop" && (ratio.is_none() || collect.is_none()) && e.is_empty() {
        e.push(FieldError::new(
            None,
            if ratio.is_none() {
                "ratio"
            } else {
                "coefficient"
            },
            Rule::Required,
            &[],
        ));
    }
    if domain == "livestock" && (dung.is_none() || days.is_none()) && e.is_empty() {
        e.push(FieldError::new(
            None,
            if dung.is_none() { "dung" } else { "days" },
            Rule::Required,
            &[],
        ));
    }
    Checked {
        domain,
        key,
        base,
        name_zh,
        name_en,
        source,
        recyclable,
        ratio,
        collect,
        dung,
        water,
        days,
    }
}

/// Adds a kind, or overrides one (built-in or added) of the same domain and key.
pub fn put(w: &mut Writer<'_>, d: &KindDraft) -> Result<Kind> {
    let mut e = Vec::new();
    let Checked {
        domain,
        key,
        base: b,
        name_zh,
        name_en,
        source,
        recyclable,
        ratio,
        collect,
        dung,
        water,
        days,
    } = check(d, &mut e);
    if !e.is_empty() {
        return Err(Error::Invalid(e));
    }
    let name_zh = if name_zh.is_empty() {
        b.as_ref().map(|b| b.name_zh.clone()).unwrap_or_default()
    } else {
        name_zh
    };
    let name_en = if name_en.is_empty() {
        b.as_ref()
            .map(|b| b.name_en.clone())
            .unwrap_or_else(|| key.clone())
    } else {
        name_en
    };
    let source = if source.is_empty() {
        "本地设定".to_string()
    } else {
        source
    };
    let existing: Option<RefId> = w
        .tx()
        .query_row(
            "SELECT id FROM agri_kinds WHERE domain = ?1 AND key = ?2",
            (domain, &key),
            |r| r.get(0),
        )
        .optional()?;
    let id = existing.unwrap_or_default();
    let before = w.snapshot("agri_kinds", id.as_bytes())?;
    w.tx().execute(
        "INSERT INTO agri_kinds (id, domain, key, name_zh, name_en, recyclable, ratio_milli,
            collect_milli, dung_g_day, water_g_day, days, source, created_at, updated_at, origin, clock)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?13, ?14, ?15)
         ON CONFLICT (id) DO UPDATE SET name_zh = excluded.name_zh, name_en = excluded.name_en,
            recyclable = excluded.recyclable, ratio_milli = excluded.ratio_milli,
            collect_milli = excluded.collect_milli, dung_g_day = excluded.dung_g_day,
            water_g_day = excluded.water_g_day, days = excluded.days, source = excluded.source,
            deleted = 0, updated_at = excluded.updated_at, origin = excluded.origin,
            clock = excluded.clock",
        rusqlite::params![
            id,
            domain,
            key,
            name_zh,
            name_en,
            recyclable.map(i64::from),
            ratio,
            collect,
            dung,
            water,
            days,
            source,
            w.now_ms(),
            w.origin(),
            w.clock()
        ],
    )?;
    w.log("agri_kinds", id.as_bytes(), before, None)?;
    find(w.tx(), domain, &key)?.ok_or(Error::NotFound { what: "kind", key })
}

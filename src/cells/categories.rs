//! Waste streams (生活垃圾, 一般工业固体废物, 危险废物, 餐厨垃圾, 装修垃圾 …) and the categories of
//! the monthly records in them, the kinds of activity figure, and which figures each kind of
//! cell divides each stream by. All of it is profile data a clerk edits: categories are
//! added, renamed, ordered and retired (a retired category stays readable in old records and
//! takes no new ones).

use rusqlite::{Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

use crate::db::Writer;
use crate::error::{Error, FieldError, Result, Rule};
use crate::ids::RefId;
use crate::units::{format_kg, parse_kg};

pub use super::denominators::{
    activity_kinds, denominators, find_activity_kind, set_denominators, ActivityKind,
    KindDenominator,
};

/// A waste stream (废物大类): reduction is computed per stream.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Stream {
    /// Key (`household`, `industrial` …).
    pub key: String,
    /// Chinese name.
    pub name_zh: String,
    /// English name.
    pub name_en: String,
    /// Household waste (生活垃圾): the stream of the recycling and resource-use rates.
    pub household: bool,
    /// Retired: kept for old records, offered for nothing new.
    pub retired: bool,
}

/// A waste category of the monthly records.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Category {
    /// Key (`recyclable`, `kitchen` …).
    pub key: String,
    /// Chinese name.
    pub name_zh: String,
    /// English name.
    pub name_en: String,
    /// The stream it belongs to.
    pub stream: String,
    /// In the household-waste stream.
    pub household: bool,
    /// What is recycled or composted of it counts toward the household recycling rate.
    pub counts_as_recovery: bool,
    /// `bin` or `bag`: what a count of it means at entry.
    pub container: String,
    /// Default mass of one bin or bag (g), if set.
    pub container_g: Option<i64>,
    /// Retired: readable in old records, takes no new ones.
    pub retired: bool,
}

/// A category as a form or the CLI gives it (names and settings; the key only when adding).
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(default)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CategoryDraft {
    /// Key, lower-case ASCII (only when adding).
    pub key: String,
    /// Chinese name.
    pub name_zh: String,
    /// English name.
    pub name_en: String,
    /// Stream key or Chinese name (only when adding).
    pub stream: String,
    /// Counts toward the household recycling rate.
    pub counts_as_recovery: bool,
    /// `bin` or `bag`.
    pub container: String,
    /// kg per bin or bag, as typed (empty: none).
    pub container_kg: String,
}

/// The streams, in display order (retired ones too).
pub fn streams(conn: &Connection) -> Result<Vec<Stream>> {
    let mut st = conn.prepare_cached(
        "SELECT key, name_zh, name_en, household, retired FROM waste_streams
         WHERE deleted = 0 ORDER BY sort, key",
    )?;
    let rows = st.query_map([], |r| {
        Ok(Stream {
            key: r.get(0)?,
            name_zh: r.get(1)?,
            name_en: r.get(2)?,
            household: r.get(3)?,
            retired: r.get(4)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The categories, in display order (retired ones too: old records name them).
pub fn categories(conn: &Connection) -> Result<Vec<Category>> {
    let mut st = conn.prepare_cached(
        "SELECT c.key, c.name_zh, c.name_en, c.stream, s.household, c.counts_as_recovery,
                c.container, c.container_g, c.retired
         FROM waste_categories c JOIN waste_streams s ON s.key = c.stream
         WHERE c.deleted = 0 ORDER BY c.sort, c.key",
    )?;
    let rows = st.query_map([], |r| {
        Ok(Category {
            key: r.get(0)?,
            name_zh: r.get(1)?,
            name_en: r.get(2)?,
            stream: r.get(3)?,
            household: r.get(4)?,
            counts_as_recovery: r.get(5)?,
            container: r.get(6)?,
            container_g: r.get(7)?,
            retired: r.get(8)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Finds a category by key, Chinese or English name.
pub fn find_category<'a>(cats: &'a [Category], input: &str) -> Option<&'a Category> {
    let c = input.trim();
    cats.iter()
        .find(|k| k.key == c || k.name_zh == c || k.name_en.eq_ignore_ascii_case(c))
}

/// Checks a stream's or category's key (as the forms lowercase it): 1 to 40 lowercase
/// letters, digits or `_`.
pub fn check_key(key: &str, errs: &mut Vec<FieldError>) {
    if key.is_empty()
        || key.len() > 40
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
}

/// Checks a stream's or category's names: a Chinese name, each at most 50 characters.
pub fn check_names(zh: &str, en: &str, errs: &mut Vec<FieldError>) {
    if zh.trim().is_empty() {
        errs.push(FieldError::new(None, "name_zh", Rule::Required, &[]));
    }
    for (f, v) in [("name_zh", zh), ("name_en", en)] {
        if v.trim().chars().count() > 50 {
            errs.push(FieldError::new(None, f, Rule::TooLong, &[("max", "50")]));
        }
    }
}

fn next_sort(w: &Writer<'_>, table: &str) -> Result<i64> {
    Ok(w.tx().query_row(
        &format!("SELECT coalesce(max(sort), 0) + 1 FROM {table}"),
        [],
        |r| r.get(0),
    )?)
}

fn id_of(w: &Writer<'_>, table: &str, key: &str) -> Result<Option<RefId>> {
    Ok(w.tx()
        .query_row(
            &format!("SELECT id FROM {table} WHERE key = ?1 AND deleted = 0"),
            [key],
            |r| r.get(0),
        )
        .optional()?)
}

/// Adds a stream.
pub fn add_stream(w: &mut Writer<'_>, key: &str, name_zh: &str, name_en: &str) -> Result<()> {
    insert_stream(w, key, name_zh, name_en, false)
}

pub(super) fn insert_stream(
    w: &mut Writer<'_>,
    key: &str,
    name_zh: &str,
    name_en: &str,
    household: bool,
) -> Result<()> {
    let key = key.trim().to_ascii_lowercase();
    let mut errs = Vec::new();
    check_key(&key, &mut errs);
    check_names(name_zh, name_en, &mut errs);
    if streams(w.tx())?
        .iter()
        .any(|s| s.key == key || s.name_zh == name_zh.trim())
    {
        errs.push(FieldError::new(
            None,
            "key",
            Rule::StreamExists,
            &[("value", &key)],
        ));
    }
    if !errs.is_empty() {
        return Err(Error::Invalid(errs));
    }
    let id = RefId::new();
    let sort = next_sort(w, "waste_streams")?;
    let name_en = if name_en.trim().is_empty() {
        key.as_str()
    } else {
        name_en.trim()
    };
    w.tx().execute(
        "INSERT INTO waste_streams (id, key, name_zh, name_en, household, sort, created_at,
             updated_at, origin, clock)
         VALUES (?1, ?2, ?3, ?4, ?9, ?5, ?6, ?6, ?7, ?8)",
        rusqlite::params![
            id,
            key,
            name_zh.trim(),
            name_en,
            sort,
            w.now_ms(),
            w.origin(),
            w.clock(),
            household
        ],
    )?;
    w.log("waste_streams", id.as_bytes(), None, None)
}

/// Renames a stream (its key stays).
pub fn rename_stream(w: &mut Writer<'_>, key: &str, name_zh: &str, name_en: &str) -> Result<()> {
    let mut errs = Vec::new();
    check_names(name_zh, name_en, &mut errs);
    if !errs.is_empty() {
        return Err(Error::Invalid(errs));
    }
    let id = id_of(w, "waste_streams", key.trim())?.ok_or_else(|| Error::NotFound {
        what: "stream",
        key: key.to_string(),
    })?;
    update(
        w,
        "waste_streams",
        id,
        "name_zh = ?2, name_en = coalesce(nullif(?3, ''), name_en)",
        vec![
            name_zh.trim().to_string().into(),
            name_en.trim().to_string().into(),
        ],
    )
}

/// Retires a stream (or brings it back): it keeps its categories and records, and takes no
/// new categories.
pub fn retire_stream(w: &mut Writer<'_>, key: &str, retired: bool) -> Result<()> {
    let current = streams(w.tx())?
        .into_iter()
        .find(|s| s.key == key.trim() || s.name_zh == key.trim())
        .ok_or_else(|| Error::NotFound {
            what: "stream",
            key: key.to_string(),
        })?;
    if current.retired == retired {
        return Ok(());
    }
    let id = id_of(w, "waste_streams", &current.key)?.ok_or_else(|| Error::NotFound {
        what: "stream",
        key: key.to_string(),
    })?;
    update(w, "waste_streams", id, "retired = ?2", vec![retired.into()])
}

/// Updates a row of a profile table with `set` (parameters from ?2 on) and logs it.
pub(super) fn update(
    w: &mut Writer<'_>,
    table: &str,
    id: RefId,
    set: &str,
    params: Vec<rusqlite::types::Value>,
) -> Result<()> {
    let before = w.snapshot(table, id.as_bytes())?;
    let sql = format!(
        "UPDATE {table} SET {set}, updated_at = ?{n}, origin = ?{o}, clock = ?{c} WHERE id = ?1",
        n = params.len() + 2,
        o = params.len() + 3,
        c = params.len() + 4
    );
    let mut values: Vec<rusqlite::types::Value> = vec![id.as_bytes().to_vec().into()];
    values.extend(params);
    values.push(w.now_ms().into());
    values.push(w.origin().into());
    values.push(w.clock().into());
    w.tx()
        .execute(&sql, rusqlite::params_from_iter(values.iter()))?;
    w.log(table, id.as_bytes(), before, None)
}

/// Checks a category's container (bin or bag) and the mass of one (positive kilograms, or
/// none): the container and the grams.
pub fn container_of(d: &CategoryDraft, errs: &mut Vec<FieldError>) -> (String, Option<i64>) {
    let container = match d.container.trim() {
        "" | "bin" | "桶" => "bin",
        "bag" | "袋" => "bag",
        other => {
            errs.push(FieldError::new(
                None,
                "container",
                Rule::BadValue,
                &[("value", other)],
            ));
            "bin"
        }
    };
    let g = match parse_kg(&d.container_kg) {
        Ok(Some(g)) if g > 0 => Some(g),
        Ok(None) => None,
        _ => {
            errs.push(FieldError::new(
                None,
                "container_kg",
                Rule::BadContainerKg,
                &[("value", d.container_kg.trim())],
            ));
            None
        }
    };
    (container.to_string(), g)
}

/// Adds a category to a stream, last in the order.
pub fn add_category(w: &mut Writer<'_>, d: &CategoryDraft) -> Result<Category> {
    let key = d.key.trim().to_ascii_lowercase();
    let mut errs = Vec::new();
    check_key(&key, &mut errs);
    check_names(&d.name_zh, &d.name_en, &mut errs);
    let stream = streams(w.tx())?
        .into_iter()
        .find(|s| !s.retired && (s.key == d.stream.trim() || s.name_zh == d.stream.trim()));
    if stream.is_none() {
        errs.push(FieldError::new(
            None,
            "stream",
            Rule::UnknownStream,
            &[("value", d.stream.trim())],
        ));
    }
    let cats = categories(w.tx())?;
    if cats
        .iter()
        .any(|c| c.key == key || c.name_zh == d.name_zh.trim())
    {
        errs.push(FieldError::new(
            None,
            "key",
            Rule::CategoryExists,
            &[("value", &key)],
        ));
    }
    let (container, container_g) = container_of(d, &mut errs);
    if !errs.is_empty() {
        return Err(Error::Invalid(errs));
    }
    let id = RefId::new();
    let sort = next_sort(w, "waste_categories")?;
    let name_en = if d.name_en.trim().is_empty() {
        key.as_str()
    } else {
        d.name_en.trim()
    };
    w.tx().execute(
        "INSERT INTO waste_categories (id, key, name_zh, name_en, stream, counts_as_recovery,
             container, container_g, sort, created_at, updated_at, origin, clock)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10, ?11, ?12)",
        rusqlite::params![
            id,
            key,
            d.name_zh.trim(),
            name_en,
            stream.map(|s| s.key).unwrap_or_default(),
            d.counts_as_recovery,
            container,
            container_g,
            sort,
            w.now_ms(),
            w.origin(),
            w.clock()
        ],
    )?;
    w.log("waste_categories", id.as_bytes(), None, None)?;
    category(w.tx(), &key)
}

/// One category by key or name.
pub fn category(conn: &Connection, key: &str) -> Result<Category> {
    find_category(&categories(conn)?, key)
        .cloned()
        .ok_or_else(|| Error::NotFound {
            what: "category",
            key: key.to_string(),
        })
}

/// Changes a category's names, recovery flag and bin or bag size (its key and stream stay:
/// old records keep their meaning).
pub fn edit_category(w: &mut Writer<'_>, key: &str, d: &CategoryDraft) -> Result<Category> {
    let current = category(w.tx(), key)?;
    let mut errs = Vec::new();
    check_names(&d.name_zh, &d.name_en, &mut errs);
    if categories(w.tx())?
        .iter()
        .any(|c| c.key != current.key && c.name_zh == d.name_zh.trim())
    {
        errs.push(FieldError::new(
            None,
            "name_zh",
            Rule::CategoryExists,
            &[("value", d.name_zh.trim())],
        ));
    }
    let (container, container_g) = container_of(d, &mut errs);
    if !errs.is_empty() {
        return Err(Error::Invalid(errs));
    }
    let id = id_of(w, "waste_categories", &current.key)?.ok_or_else(|| Error::NotFound {
        what: "category",
        key: key.to_string(),
    })?;
    let name_en = if d.name_en.trim().is_empty() {
        current.name_en.clone()
    } else {
        d.name_en.trim().to_string()
    };
    let before = w.snapshot("waste_categories", id.as_bytes())?;
    let n = w.tx().execute(
        "UPDATE waste_categories SET name_zh = ?2, name_en = ?3, counts_as_recovery = ?4,
             container = ?5, container_g = ?6, updated_at = ?7, origin = ?8, clock = ?9
         WHERE id = ?1 AND (name_zh, name_en, counts_as_recovery, container, coalesce(container_g, -1))
             IS NOT (?2, ?3, ?4, ?5, coalesce(?6, -1))",
        rusqlite::params![
            id,
            d.name_zh.trim(),
            name_en,
            d.counts_as_recovery,
            container,
            container_g,
            w.now_ms(),
            w.origin(),
            w.clock()
        ],
    )?;
    if n > 0 {
        w.log("waste_categories", id.as_bytes(), before, None)?;
    }
    category(w.tx(), &current.key)
}

/// Retires a category (or brings a retired one back).
pub fn retire_category(w: &mut Writer<'_>, key: &str, retired: bool) -> Result<Category> {
    let current = category(w.tx(), key)?;
    if current.retired != retired {
        let id = id_of(w, "waste_categories", &current.key)?.ok_or_else(|| Error::NotFound {
            what: "category",
            key: key.to_string(),
        })?;
        update(
            w,
            "waste_categories",
            id,
            "retired = ?2",
            vec![retired.into()],
        )?;
    }
    category(w.tx(), &current.key)
}

/// Moves a category to `position` (1-based) in the order; the others keep theirs.
pub fn move_category(w: &mut Writer<'_>, key: &str, position: usize) -> Result<Vec<Category>> {
    let current = category(w.tx(), key)?;
    let mut keys: Vec<String> = categories(w.tx())?.into_iter().map(|c| c.key).collect();
    if position == 0 || position > keys.len() {
        return Err(Error::field(
            "position",
            Rule::PositionRange,
            &[("max", &keys.len().to_string())],
        ));
    }
    keys.retain(|k| *k != current.key);
    keys.insert(position - 1, current.key.clone());
    for (i, k) in keys.iter().enumerate() {
        let sort = i as i64 + 1;
        let (id, old): (RefId, i64) = w.tx().query_row(
            "SELECT id, sort FROM waste_categories WHERE key = ?1",
            [k],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        if old != sort {
            update(w, "waste_categories", id, "sort = ?2", vec![sort.into()])?;
        }
    }
    categories(w.tx())
}

/// The size of one bin or bag, for messages: `60 kg/桶`.
pub fn container_label(container: &str, g: i64, zh: bool) -> String {
    match (container, zh) {
        ("bag", true) => format!("{} kg/袋", format_kg(g)),
        (_, true) => format!("{} kg/桶", format_kg(g)),
        ("bag", false) => format!("{} kg/bag", format_kg(g)),
        _ => format!("{} kg/bin", format_kg(g)),
    }
}

//! A cell's activity figures per year (人数, 户数, 师生人数, 就餐人数, 床位数, 产值, 产品产量 …),
//! each with its unit and source: the denominators of per-capita figures. A figure holds from
//! its year until a later one. Also the cell's own mass of one bin or bag of a category.

use chrono::Datelike;
use rusqlite::{Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

use super::categories::{self, find_activity_kind};
use crate::db::{Ledger, Writer};
use crate::error::{Error, FieldError, Result, Rule};
use crate::ids::{today, CellId, RefId};
use crate::units::{format_kg, parse_kg, QuantityError};

/// One activity figure of a cell.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ActivityFigure {
    /// The year it was counted for.
    pub year: i32,
    /// Kind key (`people` …).
    pub figure: String,
    /// Kind, Chinese.
    pub name_zh: String,
    /// Kind, English.
    pub name_en: String,
    /// The value in thousandths of the unit (people 120 → 120000).
    pub value_milli: i64,
    /// The value as shown (`120`, `1234.5`).
    pub value: String,
    /// Unit as recorded (人, 户, 万元 …).
    pub unit: String,
    /// Unit, English.
    pub unit_en: String,
    /// Where the figure comes from (人事报表, 物业台账 …).
    pub source: String,
    /// A count of people or households (per-capita figures are also given per day).
    pub per_day: bool,
}

/// A figure as typed: an empty value removes the figure of that year.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(default)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct FigureInput {
    /// Year.
    pub year: String,
    /// Kind key or name (人数, 产值 …).
    pub figure: String,
    /// Value in the kind's unit.
    pub value: String,
    /// Source.
    pub source: String,
}

/// The figures of a cell, by kind and year.
pub fn figures(conn: &Connection, cell: CellId) -> Result<Vec<ActivityFigure>> {
    let mut st = conn.prepare_cached(
        "SELECT a.year, a.figure, k.name_zh, k.name_en, a.value_milli, a.unit, k.unit_en,
                a.source, k.per_day
         FROM cell_activity a JOIN activity_kinds k ON k.key = a.figure
         WHERE a.cell_id = ?1 AND a.deleted = 0 ORDER BY k.sort, a.year",
    )?;
    let rows = st.query_map([cell], |r| {
        let milli: i64 = r.get(4)?;
        Ok(ActivityFigure {
            year: r.get(0)?,
            figure: r.get(1)?,
            name_zh: r.get(2)?,
            name_en: r.get(3)?,
            value_milli: milli,
            value: format_kg(milli),
            unit: r.get(5)?,
            unit_en: r.get(6)?,
            source: r.get(7)?,
            per_day: r.get(8)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The figure of kind `figure` that holds in `year`: the latest one of that year or before,
/// else (a cell counted only later) the earliest one after it.
pub fn in_force<'a>(
    figs: &'a [ActivityFigure],
    figure: &str,
    year: i32,
) -> Option<&'a ActivityFigure> {
    let of_kind = figs.iter().filter(|f| f.figure == figure);
    of_kind
        .clone()
        .filter(|f| f.year <= year)
        .max_by_key(|f| f.year)
        .or_else(|| of_kind.filter(|f| f.year > year).min_by_key(|f| f.year))
}

/// Checks a figure's year as typed (2000 to 2100, not after this year), adding its refusal
/// to `errs`; the year (0 when refused).
pub fn check_year(typed: &str, row: Option<usize>, errs: &mut Vec<FieldError>) -> i32 {
    let typed = typed.trim();
    match typed.parse::<i32>() {
        Ok(y) if (2000..=2100).contains(&y) && y <= today().year() => y,
        Ok(y) if (2000..=2100).contains(&y) => {
            errs.push(FieldError::new(
                row,
                "year",
                Rule::FutureFigureYear,
                &[("value", &y.to_string())],
            ));
            0
        }
        _ => {
            errs.push(FieldError::new(row, "year", Rule::YearRange, &[]));
            0
        }
    }
}

/// Checks a figure's value and source as typed, adding their refusals to `errs`: a positive
/// value to the thousandth of `unit` (Chinese, English: the kind's unit, when known), a
/// source of at most 100 characters. The value in thousandths (none to remove the figure)
/// and the source.
pub fn check_value(
    value: &str,
    source: &str,
    unit: Option<(&str, &str)>,
    row: Option<usize>,
    errs: &mut Vec<FieldError>,
) -> (Option<i64>, String) {
    let figure = match parse_kg(value) {
        Ok(Some(v)) if v > 0 => Some(v),
        Ok(None) => None,
        Ok(Some(_)) => {
            errs.push(FieldError::new(row, "value", Rule::NotPositive, &[]));
            None
        }
        Err(QuantityError::Negative) => {
            errs.push(FieldError::new(row, "value", Rule::NotPositive, &[]));
            None
        }
        // A figure is a count or an amount, not kilograms: the plain message, whatever
        // else is wrong with the number (grouping, decimals, size).
        Err(_) => {
            errs.push(FieldError::new(
                row,
                "value",
                Rule::BadQuantity,
                &[
                    ("value", value.trim()),
                    ("unit", unit.map_or("数值", |u| u.0)),
                    ("unit_en", unit.map_or("units", |u| u.1)),
                ],
            ));
            None
        }
    };
    let source = source.trim().to_string();
    if source.chars().count() > 100 {
        errs.push(FieldError::new(
            row,
            "source",
            Rule::TooLong,
            &[("max", "100")],
        ));
    }
    (figure, source)
}

/// A checked figure: year, kind, value (thousandths) or `None` to remove, unit, source.
type ValidFigure = (i32, String, Option<i64>, String, String);

fn validate(
    conn: &Connection,
    f: &FigureInput,
    row: Option<usize>,
    errs: &mut Vec<FieldError>,
) -> Result<Option<ValidFigure>> {
    let before = errs.len();
    let year = check_year(&f.year, row, errs);
    let kind = find_activity_kind(conn, &f.figure)?;
    if kind.is_none() {
        let kinds = categories::activity_kinds(conn)?;
        let names: Vec<&str> = kinds.iter().map(|k| k.name_zh.as_str()).collect();
        let names_en: Vec<&str> = kinds.iter().map(|k| k.name_en.as_str()).collect();
        errs.push(FieldError::new(
            row,
            "figure",
            Rule::UnknownFigure,
            &[
                ("value", f.figure.trim()),
                ("known", &names.join("、")),
                ("known_en", &names_en.join(", ")),
            ],
        ));
    }
    let unit = kind
        .as_ref()
        .map(|k| (k.unit_zh.as_str(), k.unit_en.as_str()));
    let (value, source) = check_value(&f.value, &f.source, unit, row, errs);
    match kind {
        Some(k) if errs.len() == before => Ok(Some((year, k.key, value, k.unit_zh, source))),
        _ => Ok(None),
    }
}

/// Saves figures of a cell in one transaction (all or nothing); returns how many changed.
pub fn save(ledger: &mut Ledger, cell: CellId, inputs: &[FigureInput]) -> Result<usize> {
    ledger.write(|w| {
        super::get(w.tx(), cell)?;
        let mut errs = Vec::new();
        let mut valid = Vec::new();
        for (i, f) in inputs.iter().enumerate() {
            let row = (inputs.len() > 1).then_some(i + 1);
            if let Some(v) = validate(w.tx(), f, row, &mut errs)? {
                valid.push(v);
            }
        }
        if !errs.is_empty() {
            return Err(Error::Invalid(errs));
        }
        let mut changed = 0;
        for (year, figure, value, unit, source) in valid {
            changed += usize::from(put(w, cell, year, &figure, value, &unit, &source)?);
        }
        Ok(changed)
    })
}

/// Writes one figure (or removes it, `value` `None`); returns whether anything changed.
pub fn put(
    w: &mut Writer<'_>,
    cell: CellId,
    year: i32,
    figure: &str,
    value: Option<i64>,
    unit: &str,
    source: &str,
) -> Result<bool> {
    let existing: Option<(RefId, i64, String, bool)> = w
        .tx()
        .prepare_cached(
            "SELECT id, value_milli, source, deleted FROM cell_activity
             WHERE cell_id = ?1 AND figure = ?2 AND year = ?3",
        )?
        .query_row((cell, figure, year), |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        })
        .optional()?;
    match (existing, value) {
        (None, None) => Ok(false),
        (Some((_, _, _, true)), None) => Ok(false),
        (Some((_, v, s, false)), Some(n)) if v == n && s == source => Ok(false),
        (Some((id, _, _, _)), value) => {
            let before = w.snapshot("cell_activity", id.as_bytes())?;
            w.tx()
                .prepare_cached(
                    "UPDATE cell_activity SET value_milli = coalesce(?2, value_milli), unit = ?3,
                     source = iif(?2 IS NULL, source, ?4), deleted = ?5, updated_at = ?6,
                     origin = ?7, clock = ?8
                 WHERE id = ?1",
                )?
                .execute(rusqlite::params![
                    id,
                    value,
                    unit,
                    source,
                    value.is_none(),
                    w.now_ms(),
                    w.origin(),
                    w.clock()
                ])?;
            w.log("cell_activity", id.as_bytes(), before, None)?;
            Ok(true)
        }
        (None, Some(v)) => {
            let id = insert(w, cell, year, figure, v, unit, source)?;
            w.log("cell_activity", id.as_bytes(), None, None)?;
            Ok(true)
        }
    }
}

fn insert(
    w: &Writer<'_>,
    cell: CellId,
    year: i32,
    figure: &str,
    value: i64,
    unit: &str,
    source: &str,
) -> Result<RefId> {
    let id = RefId::new();
    w.tx()
        .prepare_cached(
            "INSERT INTO cell_activity (id, cell_id, year, figure, value_milli, unit, source,
             created_at, updated_at, origin, clock)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8, ?9, ?10)",
        )?
        .execute(rusqlite::params![
            id,
            cell,
            year,
            figure,
            value,
            unit,
            source,
            w.now_ms(),
            w.origin(),
            w.clock()
        ])?;
    Ok(id)
}

/// The figure a kind's `denominator` (`headcount` or `households`) names.
pub fn shortcut_figure(denominator: &str) -> (&'static str, &'static str) {
    if denominator == "households" {
        ("households", "户")
    } else {
        ("people", "人")
    }
}

/// The figure the cell form's 人数/户数 field stands for, and its unit: the first figure the
/// kind divides household waste by (师生人数 for a school), else what its `denominator` names.
pub fn form_figure(conn: &Connection, kind: &str, denominator: &str) -> Result<(String, String)> {
    let first: Option<(String, String)> = conn
        .prepare_cached(
            "SELECT d.figure, a.unit_zh FROM kind_denominators d
             JOIN waste_streams s ON s.key = d.stream JOIN activity_kinds a ON a.key = d.figure
             WHERE d.kind = ?1 AND s.household = 1 AND d.deleted = 0 ORDER BY d.sort LIMIT 1",
        )?
        .query_row([kind], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    Ok(first.unwrap_or_else(|| {
        let (f, u) = shortcut_figure(denominator);
        (f.to_string(), u.to_string())
    }))
}

/// The cell form's 人数/户数 and 基准年人数/户数 as activity figures: the first is this year's
/// figure (written only when it differs from the one in force), the second the baseline
/// year's (which, when left empty, takes the first if the baseline year has none yet).
/// `bulk`: generated data, counted into the transaction's bulk insert.
pub(crate) fn apply_shortcut(
    w: &mut Writer<'_>,
    cell: CellId,
    denominator: &str,
    v: &super::ValidCell,
    bulk: bool,
) -> Result<()> {
    let (figure, unit) = form_figure(w.tx(), &v.kind, denominator)?;
    if bulk {
        return apply_shortcut_bulk(w, cell, &figure, &unit, v);
    }
    let figs = figures(w.tx(), cell)?;
    for (year, value) in wanted(&figs, &figure, v) {
        put(
            w,
            cell,
            year,
            &figure,
            Some(value),
            &unit,
            "登记表 cell form",
        )?;
    }
    Ok(())
}

/// The form's figures of a new cell (generated data, counted into the transaction's bulk
/// insert), as `figure` in `unit` (the kind's [`form_figure`], read once per kind by the
/// caller). Each row's hash is computed from the values written.
pub(crate) fn apply_shortcut_bulk(
    w: &mut Writer<'_>,
    cell: CellId,
    figure: &str,
    unit: &str,
    v: &super::ValidCell,
) -> Result<()> {
    for (year, value) in wanted(&[], figure, v) {
        let id = insert(w, cell, year, figure, value, unit, "")?;
        let mut h = crate::audit::RowHash::default();
        h.blob(id.as_bytes())
            .blob(cell.as_bytes())
            .int(i64::from(year))
            .text(figure)
            .int(value)
            .text(unit)
            .text("")
            .int(w.now_ms())
            .int(w.now_ms())
            .int(w.origin())
            .int(w.clock())
            .int(0);
        let hash = h.finish();
        #[cfg(debug_assertions)]
        {
            // Test builds read the row back: the hash from the values must be the stored row's.
            let stored = crate::audit::hash_of(w.tx(), "cell_activity", id.as_bytes())?;
            debug_assert_eq!(
                stored,
                Some(hash),
                "row hash of an imported activity figure"
            );
        }
        w.log_bulk_row("cell_activity", id.as_bytes(), hash)?;
    }
    Ok(())
}

/// The (year, value) figures the form's 人数/户数 and 基准年人数/户数 come to, given the
/// cell's figures `figs` already recorded.
fn wanted(figs: &[ActivityFigure], figure: &str, v: &super::ValidCell) -> Vec<(i32, i64)> {
    let this_year = today().year();
    let mut wanted: Vec<(i32, i64)> = Vec::new();
    if let Some(h) = v.headcount {
        if in_force(figs, figure, this_year).map(|f| f.value_milli) != Some(h * 1000) {
            wanted.push((this_year, h * 1000));
        }
    }
    if let Some(by) = v.baseline_year {
        let there = figs
            .iter()
            .find(|f| f.figure == figure && f.year == by)
            .map(|f| f.value_milli);
        let has = there.is_some();
        match (v.baseline_headcount, v.headcount) {
            (Some(b), _) if there != Some(b * 1000) => wanted.push((by, b * 1000)),
            (Some(_), _) => {}
            (None, Some(h)) if !has => wanted.push((by, h * 1000)),
            _ => {}
        }
    }
    wanted.dedup_by_key(|x| x.0);
    wanted
}

/// The mass of one bin or bag of a category for a cell: its own, or the category's default.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ContainerSize {
    /// Category key.
    pub category: String,
    /// `bin` or `bag`.
    pub container: String,
    /// Grams in one, if known.
    pub container_g: Option<i64>,
    /// The cell's own size (else the category's default).
    pub own: bool,
}

/// The bin or bag size of every live category for a cell.
pub fn container_sizes(conn: &Connection, cell: CellId) -> Result<Vec<ContainerSize>> {
    let mut st = conn.prepare_cached(
        "SELECT k.key, k.container, coalesce(o.container_g, k.container_g), o.container_g IS NOT NULL
         FROM waste_categories k
         LEFT JOIN cell_containers o ON o.category = k.key AND o.cell_id = ?1 AND o.deleted = 0
         WHERE k.deleted = 0 ORDER BY k.sort, k.key",
    )?;
    let rows = st.query_map([cell], |r| {
        Ok(ContainerSize {
            category: r.get(0)?,
            container: r.get(1)?,
            container_g: r.get(2)?,
            own: r.get(3)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Checks the mass of one bin or bag as typed: positive kilograms (to the gram), or empty to
/// clear it. The grams.
pub fn check_container_kg(kg: &str) -> Result<Option<i64>> {
    match parse_kg(kg) {
        Ok(Some(g)) if g > 0 => Ok(Some(g)),
        Ok(None) => Ok(None),
        _ => Err(Error::field(
            "container_kg",
            Rule::BadContainerKg,
            &[("value", kg.trim())],
        )),
    }
}

/// Sets (or, with an empty `kg`, clears) a cell's own mass of one bin or bag of a category.
pub fn set_container(ledger: &mut Ledger, cell: CellId, category: &str, kg: &str) -> Result<()> {
    ledger.write(|w| {
        super::get(w.tx(), cell)?;
        let cats = categories::categories(w.tx())?;
        let Some(cat) = categories::find_category(&cats, category).cloned() else {
            return Err(Error::field(
                "category",
                Rule::UnknownCategory,
                &[("value", category.trim())],
            ));
        };
        let g = check_container_kg(kg)?;
        let existing: Option<(RefId, i64, bool)> = w
            .tx()
            .prepare_cached("SELECT id, container_g, deleted FROM cell_containers
                 WHERE cell_id = ?1 AND category = ?2")?.query_row((cell, &cat.key),
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?;
        match (existing, g) {
            (None, None) | (Some((_, _, true)), None) => Ok(()),
            (Some((_, old, false)), Some(g)) if old == g => Ok(()),
            (Some((id, _, _)), g) => {
                let before = w.snapshot("cell_containers", id.as_bytes())?;
                w.tx().prepare_cached("UPDATE cell_containers SET container_g = coalesce(?2, container_g),
                         deleted = ?3, updated_at = ?4, origin = ?5, clock = ?6 WHERE id = ?1")?.execute(rusqlite::params![id, g, g.is_none(), w.now_ms(), w.origin(), w.clock()],
                )?;
                w.log("cell_containers", id.as_bytes(), before, None)
            }
            (None, Some(g)) => {
                let id = RefId::new();
                w.tx().prepare_cached("INSERT INTO cell_containers (id, cell_id, category, container_g, created_at,
                         updated_at, origin, clock)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?5, ?6, ?7)")?.execute(rusqlite::params![id, cell, cat.key, g, w.now_ms(), w.origin(), w.clock()],
                )?;
                w.log("cell_containers", id.as_bytes(), None, None)
            }
        }
    })
}

//! Monthly waste records of a cell (月度台账): per month and category, the amount generated
//! and where it went (recycled, composted, incinerated, landfilled), in grams.

use chrono::{Datelike, NaiveDate};
use rusqlite::{Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

use crate::db::{BulkLog, Ledger, Writer};
use crate::error::{Error, FieldError, Result};
use crate::ids::{today, CellId, RecordId};
use crate::units::{format_kg, parse_in, Limit, Unit};

use super::categories::find_category;

pub use super::categories::{categories, Category};
pub use super::counts::Counted;
use super::counts::{bins, put_count};

/// One month and category as typed: quantities in kilograms as text.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(default)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RecordInput {
    /// `YYYY-MM`.
    pub month: String,
    /// Category key or Chinese name.
    pub category: String,
    /// 产生量 (kg).
    pub generated: String,
    /// 产生量 as a number of bins or bags (instead of kg): converted at entry with the
    /// cell's (or the category's) mass of one.
    pub bins: String,
    /// 回收利用量 (kg).
    pub recycled: String,
    /// 堆肥/资源化处理量 (kg).
    pub composted: String,
    /// 焚烧量 (kg).
    pub incinerated: String,
    /// 填埋量 (kg).
    pub landfilled: String,
}

impl RecordInput {
    fn is_blank(&self) -> bool {
        [
            &self.generated,
            &self.bins,
            &self.recycled,
            &self.composted,
            &self.incinerated,
            &self.landfilled,
        ]
        .iter()
        .all(|s| s.trim().is_empty())
    }
}

/// A stored record.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Record {
    /// Id.
    pub id: RecordId,
    /// The cell.
    pub cell_id: CellId,
    /// `YYYY-MM`.
    pub month: String,
    /// Category key.
    pub category: String,
    /// Generated (g).
    pub generated_g: i64,
    /// Recycled (g).
    pub recycled_g: i64,
    /// Composted (g).
    pub composted_g: i64,
    /// Incinerated (g).
    pub incinerated_g: i64,
    /// Landfilled (g).
    pub landfilled_g: i64,
    /// Typed as a number of bins or bags: how many.
    pub count: Option<i64>,
    /// `bin` or `bag`, with `count`.
    pub container: Option<String>,
    /// The mass of one at entry (g), with `count`: generated = count × this.
    pub container_g: Option<i64>,
    /// Last changed (UTC).
    pub updated_at: String,
}

/// A record that passed every rule, in grams.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ValidRecord<'a> {
    /// `YYYY-MM`.
    pub month: &'a str,
    /// Category key.
    pub category: &'a str,
    /// Generated, recycled, composted, incinerated, landfilled (g).
    pub q: [i64; 5],
}

/// Parses and checks a month `YYYY-MM`: a real month, not before 2000 and not in the future.
pub fn check_month(month: &str) -> std::result::Result<String, &'static str> {
    let m = month.trim();
    let d = NaiveDate::parse_from_str(&format!("{m}-01"), "%Y-%m-%d").map_err(|_| "bad_month")?;
    if m.len() != 7 || d.year() < 2000 {
        return Err("bad_month");
    }
    let t = today();
    if (d.year(), d.month()) > (t.year(), t.month()) {
        return Err("future_month");
    }
    Ok(m.to_string())
}

/// The rule of a month's quantities (g: generated, then recycled, composted, incinerated,
/// landfilled): none negative, and what left by each way at most what was generated. The
/// form ([`validate`]) and a bundle's rows (`sync::rules`) are checked by this one function.
pub fn check_outflow(row: Option<usize>, q: &[i64; 5]) -> Option<FieldError> {
    if let Some(i) = q.iter().position(|g| *g < 0) {
        return Some(FieldError::new(row, FIELDS[i], "negative", &[]));
    }
    let outflow: i64 = q[1..].iter().sum();
    (outflow > q[0]).then(|| {
        FieldError::new(
            row,
            "recycled",
            "outflow_exceeds",
            &[
                ("outflow", &format_kg(outflow)),
                ("generated", &format_kg(q[0])),
            ],
        )
    })
}

const FIELDS: [&str; 5] = [
    "generated",
    "recycled",
    "composted",
    "incinerated",
    "landfilled",
];

/// Checks one input; `row` numbers its errors (1-based) when it comes from a grid or a file.
pub fn validate(
    cats: &[Category],
    sizes: &[super::activity::ContainerSize],
    input: &RecordInput,
    row: Option<usize>,
    max_g: i64,
    errs: &mut Vec<FieldError>,
) -> Option<Checked> {
    let before = errs.len();
    let mut counted = None;
    let month = match check_month(&input.month) {
        Ok(m) => m,
        Err(code) => {
            errs.push(FieldError::new(
                row,
                "month",
                code,
                &[("value", input.month.trim())],
            ));
            String::new()
        }
    };
    let c = input.category.trim();
    let category = find_category(cats, c).map(|k| k.key.clone());
    if category.is_none() {
        errs.push(FieldError::new(
            row,
            "category",
            "unknown_category",
            &[("value", c)],
        ));
    }
    let raw = [
        &input.generated,
        &input.recycled,
        &input.composted,
        &input.incinerated,
        &input.landfilled,
    ];
    let mut q = [0i64; 5];
    let by_bins = !input.bins.trim().is_empty();
    for (i, (field, text)) in FIELDS.iter().zip(raw).enumerate() {
        match parse_in(text, Unit::Kg, max_g) {
            Ok(Some(_)) if i == 0 && by_bins => {
                errs.push(FieldError::new(row, "bins", "bins_and_kg", &[]))
            }
            Ok(Some(g)) => q[i] = g,
            Ok(None) if i == 0 && by_bins => {
                if let Some(b) = bins(cats, &category, input, row, errs, sizes) {
                    q[0] = b.count * b.container_g;
                    counted = Some(b);
                }
            }
            Ok(None) if i == 0 => errs.push(FieldError::new(row, field, "required", &[])),
            Ok(None) => {}
            Err(e) => errs.push(e.to_field(row, field, text, Unit::Kg)),
        }
    }
    if errs.len() == before {
        errs.extend(check_outflow(row, &q));
    }
    (errs.len() == before).then(|| Checked {
        month,
        category: category.unwrap_or_default(),
        q,
        counted,
    })
}

/// A checked input: month, category key, the five quantities (g), and the count it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checked {
    /// `YYYY-MM`.
    pub month: String,
    /// Category key.
    pub category: String,
    /// Generated, recycled, composted, incinerated, landfilled (g).
    pub q: [i64; 5],
    /// Typed as bins or bags.
    pub counted: Option<Counted>,
}

/// What a save did: how many records changed, and the warnings of what was saved (saved all
/// the same: a warning never refuses).
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Saved {
    /// Records written or removed.
    pub changed: usize,
    /// Warnings, by row and field.
    pub warnings: Vec<FieldError>,
}

/// Saves the rows of a grid for one cell in one transaction: every row is checked first and
/// nothing is written if any is refused. A row whose quantities are all empty is left out
/// when there is no record of its month and category; emptying a stored record is refused
/// (deleting is [`delete`], a step of its own), so that nothing is deleted by a blank.
/// Returns how many records changed.
pub fn save(ledger: &mut Ledger, cell: CellId, inputs: &[RecordInput]) -> Result<usize> {
    Ok(save_entries(ledger, cell, inputs)?.changed)
}

/// Saves one month and category (the CLI's `record add`): an empty generated quantity is
/// refused, never read as a deletion.
pub fn save_one(ledger: &mut Ledger, cell: CellId, input: &RecordInput) -> Result<Saved> {
    save_rows(ledger, cell, std::slice::from_ref(input), false)
}

/// Like [`save`], with the warnings: amounts recycled or composted of a household category
/// that does not count toward the recycling rate (其他垃圾, 有害垃圾) are kept but named.
/// A retired category takes no new records (its existing ones can still be corrected).
pub fn save_entries(ledger: &mut Ledger, cell: CellId, inputs: &[RecordInput]) -> Result<Saved> {
    save_rows(ledger, cell, inputs, true)
}

fn save_rows(
    ledger: &mut Ledger,
    cell: CellId,
    inputs: &[RecordInput],
    grid: bool,
) -> Result<Saved> {
    ledger.write(|w| {
        let this = super::get(w.tx(), cell)?;
        let cats = categories(w.tx())?;
        let sizes = super::activity::container_sizes(w.tx(), cell)?;
        let max_g = Limit::RecordKg.stored(w.tx(), Unit::Kg)?;
        let mut errs = Vec::new();
        let mut valid = Vec::new();
        let mut months_refused = Vec::new();
        for (i, input) in inputs.iter().enumerate() {
            if grid && input.is_blank() {
                // An empty row still names its month: an empty grid of an invalid or future
                // month is refused, never "saved" with nothing in it.
                if let Err(code) = check_month(&input.month) {
                    if !months_refused.contains(&input.month) {
                        months_refused.push(input.month.clone());
                        errs.push(FieldError::new(
                            None,
                            "month",
                            code,
                            &[("value", input.month.trim())],
                        ));
                    }
                    continue;
                }
                let stored = find_category(&cats, &input.category)
                    .map(|c| exists(w.tx(), cell, input.month.trim(), &c.key))
                    .transpose()?
                    .unwrap_or(false);
                if stored {
                    errs.push(FieldError::new(
                        Some(i + 1),
                        "generated",
                        "cleared_record",
                        &[],
                    ));
                }
                continue;
            }
            if let Some(v) = validate(&cats, &sizes, input, Some(i + 1), max_g, &mut errs) {
                // A revoked cell takes no figures after the month it was revoked in.
                if let Some(on) = super::sheet::stopped_on(w.tx(), cell, &v.month)? {
                    errs.push(super::sheet::stopped(i + 1, &this.name, &on));
                    continue;
                }
                valid.push((i + 1, v));
            }
        }
        let mut warnings = Vec::new();
        for (row, v) in &valid {
            let Some(cat) = cats.iter().find(|c| c.key == v.category) else {
                continue;
            };
            if cat.retired && !exists(w.tx(), cell, &v.month, &v.category)? {
                errs.push(FieldError::new(
                    Some(*row),
                    "category",
                    "retired_category",
                    &[("value", &cat.name_zh)],
                ));
            }
            let recovered = v.q[1] + v.q[2];
            if cat.household && !cat.counts_as_recovery && recovered > 0 {
                warnings.push(FieldError::new(
                    Some(*row),
                    if v.q[1] > 0 { "recycled" } else { "composted" },
                    "recovery_not_counted",
                    &[
                        ("category", &cat.name_zh),
                        ("category_en", &cat.name_en),
                        ("kg", &format_kg(recovered)),
                    ],
                ));
            }
        }
        if !errs.is_empty() {
            return Err(Error::Invalid(errs));
        }
        let mut changed = 0;
        for (_, v) in &valid {
            let rec = ValidRecord {
                month: &v.month,
                category: &v.category,
                q: v.q,
            };
            let wrote = put(w, cell, &rec)?;
            let counted = put_count(w, cell, &v.month, &v.category, v.counted, v.q[0])?;
            changed += usize::from(wrote || counted);
        }
        Ok(Saved { changed, warnings })
    })
}

/// Deletes the record of a month and category (its own step, confirmed in the window):
/// refused when there is none.
pub fn delete(ledger: &mut Ledger, cell: CellId, month: &str, category: &str) -> Result<()> {
    ledger.write(|w| {
        super::get(w.tx(), cell)?;
        let mut errs = Vec::new();
        let m = check_month(month)
            .map_err(|code| {
                errs.push(FieldError::new(
                    None,
                    "month",
                    code,
                    &[("value", month.trim())],
                ))
            })
            .unwrap_or_default();
        let cats = categories(w.tx())?;
        let cat = find_category(&cats, category).map(|c| c.key.clone());
        if cat.is_none() {
            errs.push(FieldError::new(
                None,
                "category",
                "unknown_category",
                &[("value", category.trim())],
            ));
        }
        if !errs.is_empty() {
            return Err(Error::Invalid(errs));
        }
        let cat = cat.unwrap_or_default();
        if remove(w, cell, &m, &cat)? {
            put_count(w, cell, &m, &cat, None, -1)?;
            Ok(())
        } else {
            Err(Error::NotFound {
                what: "record",
                key: format!("{m} {category}"),
            })
        }
    })
}

fn exists(conn: &Connection, cell: CellId, month: &str, category: &str) -> Result<bool> {
    Ok(conn
        .prepare_cached(
            "SELECT 1 FROM cell_records WHERE cell_id = ?1 AND month = ?2 AND category = ?3
             AND deleted = 0",
        )?
        .exists((cell, month, category))?)
}

/// Inserts or updates the record of a month and category; returns whether anything changed.
pub fn put(w: &mut Writer<'_>, cell: CellId, v: &ValidRecord<'_>) -> Result<bool> {
    put_as(w, cell, v, None)
}

/// [`put`] for an import, which writes each record once: a new record takes the id
/// `new_id` when given (an import's, which carries the file's line; a record there before
/// keeps its own), and its entry is then written at once rather than kept until the commit
/// ([`Writer::log_now`]), so that a large file's entries do not stay in memory.
pub(crate) fn put_as(
    w: &mut Writer<'_>,
    cell: CellId,
    v: &ValidRecord<'_>,
    new_id: Option<RecordId>,
) -> Result<bool> {
    let existing: Option<(RecordId, [i64; 5], bool)> = w
        .tx()
        .prepare_cached(
            "SELECT id, generated_g, recycled_g, composted_g, incinerated_g, landfilled_g, deleted
             FROM cell_records WHERE cell_id = ?1 AND month = ?2 AND category = ?3",
        )?
        .query_row((cell, v.month, v.category), |r| {
            Ok((
                r.get(0)?,
                [r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?],
                r.get(6)?,
            ))
        })
        .optional()?;
    let key = "cell_id = ?1 AND month = ?2 AND category = ?3";
    let at = (cell, v.month, v.category);
    let (id, before) = match existing {
        Some((_, q, false)) if q == v.q => return Ok(false),
        Some((id, _, _)) => (
            id,
            crate::audit::state_where(w.tx(), "cell_records", key, at)?,
        ),
        None => (new_id.unwrap_or_default(), None),
    };
    // A new record, or the quantities of the one there (which keeps its id and creation).
    w.tx()
        .prepare_cached(&format!(
            "{INSERT_RECORD} ON CONFLICT (cell_id, month, category) DO UPDATE SET
                generated_g = excluded.generated_g, recycled_g = excluded.recycled_g,
                composted_g = excluded.composted_g, incinerated_g = excluded.incinerated_g,
                landfilled_g = excluded.landfilled_g, deleted = 0,
                updated_at = excluded.updated_at, origin = excluded.origin, clock = excluded.clock"
        ))?
        .execute(rusqlite::params![
            id,
            cell,
            v.month,
            v.category,
            v.q[0],
            v.q[1],
            v.q[2],
            v.q[3],
            v.q[4],
            w.now_ms(),
            w.origin(),
            w.clock()
        ])?;
    if new_id.is_some() {
        w.log_now("cell_records", id.as_bytes(), before)?;
    } else {
        w.log_where("cell_records", id.as_bytes(), before, None, key, at)?;
    }
    Ok(true)
}

/// Inserts records known to be new (generated data, imports) through one prepared
/// statement, logged as one bulk insert of the transaction (see [`Writer::log_bulk`]).
pub struct BulkRecords<'t> {
    st: rusqlite::Statement<'t>,
    now_ms: i64,
    origin: i64,
    clock: i64,
    /// Each row's id and hash, as inserted.
    rows: Vec<crate::db::BulkRow>,
    /// The cell and month bound last (kept bound while they repeat).
    bound: Option<(CellId, String)>,
    ids: crate::ids::V7Seq,
}

impl<'t> BulkRecords<'t> {
    /// Starts a bulk insert in `w`'s transaction.
    pub fn new(w: &'t Writer<'_>) -> Result<Self> {
        let mut st = w.tx().prepare(INSERT_RECORD)?;
        // The same for every row: bound once (`raw_execute` keeps bindings).
        st.raw_bind_parameter(10, w.now_ms())?;
        st.raw_bind_parameter(11, w.origin())?;
        st.raw_bind_parameter(12, w.clock())?;
        Ok(BulkRecords {
            st,
            now_ms: w.now_ms(),
            origin: w.origin(),
            clock: w.clock(),
            rows: Vec::new(),
            bound: None,
            ids: crate::ids::V7Seq::new(),
        })
    }

    /// Inserts one record.
    pub fn insert(&mut self, cell: CellId, v: &ValidRecord<'_>) -> Result<RecordId> {
        let id = RecordId(self.ids.next_id());
        let st = &mut self.st;
        st.raw_bind_parameter(1, id)?;
        match &mut self.bound {
            Some((c, m)) if *c == cell && m == v.month => {}
            Some((c, m)) if *c == cell => {
                st.raw_bind_parameter(3, v.month)?;
                m.replace_range(.., v.month);
            }
            _ => {
                st.raw_bind_parameter(2, cell)?;
                st.raw_bind_parameter(3, v.month)?;
                self.bound = Some((cell, v.month.to_string()));
            }
        }
        st.raw_bind_parameter(4, v.category)?;
        for (i, q) in v.q.iter().enumerate() {
            st.raw_bind_parameter(5 + i, q)?;
        }
        st.raw_execute()?;
        // The row's hash from the values just written, in table column order; `zwl check`
        // recomputes it from the stored row.
        let (t, o, c) = (self.now_ms, self.origin, self.clock);
        let hash = crate::audit::RowHash::default()
            .blob(id.as_bytes())
            .blob(cell.as_bytes())
            .text(v.month)
            .text(v.category)
            .int(v.q[0])
            .int(v.q[1])
            .int(v.q[2])
            .int(v.q[3])
            .int(v.q[4])
            .int(t)
            .int(t)
            .int(o)
            .int(c)
            .int(0)
            .finish();
        self.rows.push((*id.as_bytes(), hash));
        Ok(id)
    }

    /// Ends the bulk insert: what [`Writer::log_bulk`] takes to log it.
    pub fn finish(self) -> BulkLog {
        BulkLog {
            table: "cell_records",
            rows: self.rows,
        }
    }
}

const INSERT_RECORD: &str = "INSERT INTO cell_records (id, cell_id, month, category, generated_g,
        recycled_g, composted_g, incinerated_g, landfilled_g, created_at, updated_at, origin, clock)
     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10, ?11, ?12)";

fn remove(w: &mut Writer<'_>, cell: CellId, month: &str, category: &str) -> Result<bool> {
    let cats = categories(w.tx())?;
    let Some(cat) = find_category(&cats, category).map(|k| k.key.clone()) else {
        return Ok(false);
    };
    let key = "cell_id = ?1 AND month = ?2 AND category = ?3 AND deleted = 0";
    let at = (cell, month, &cat);
    let Some(before) = crate::audit::state_where(w.tx(), "cell_records", key, at)? else {
        return Ok(false);
    };
    let id: RecordId = before
        .json
        .get("id")
        .and_then(|v| v.as_str())
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| Error::NotALedger("a record without an id".into()))?;
    w.tx().execute(
        "UPDATE cell_records SET deleted = 1, updated_at = ?4, origin = ?5, clock = ?6
         WHERE cell_id = ?1 AND month = ?2 AND category = ?3",
        rusqlite::params![cell, month, &cat, w.now_ms(), w.origin(), w.clock()],
    )?;
    let key = "cell_id = ?1 AND month = ?2 AND category = ?3";
    w.log_where("cell_records", id.as_bytes(), Some(before), None, key, at)?;
    Ok(true)
}

/// A month given as a list filter: `YYYY-MM`, any year from 2000 to 9999; a bad one is an
/// error, never an unfiltered list.
pub fn month_filter(field: &str, month: &str) -> Result<String> {
    let m = month.trim();
    let ok = m.len() == 7
        && NaiveDate::parse_from_str(&format!("{m}-01"), "%Y-%m-%d")
            .is_ok_and(|d| d.year() >= 2000);
    if ok {
        Ok(m.to_string())
    } else {
        Err(Error::field(field, "bad_month", &[("value", m)]))
    }
}

/// The live records of a cell between two months (inclusive), by month and category.
pub fn list(conn: &Connection, cell: CellId, from: &str, to: &str) -> Result<Vec<Record>> {
    let (from, to) = (month_filter("from", from)?, month_filter("to", to)?);
    let mut st = conn.prepare_cached(
        "SELECT r.id, r.cell_id, r.month, r.category, r.generated_g, r.recycled_g, r.composted_g,
                r.incinerated_g, r.landfilled_g, r.updated_at, n.count, n.container, n.container_g
         FROM cell_records r JOIN waste_categories k ON k.key = r.category
         LEFT JOIN cell_record_counts n ON n.cell_id = r.cell_id AND n.month = r.month
              AND n.category = r.category AND n.deleted = 0
         WHERE r.cell_id = ?1 AND r.month BETWEEN ?2 AND ?3 AND r.deleted = 0
         ORDER BY r.month, k.sort",
    )?;
    let rows = st.query_map((cell, from, to), |r| {
        Ok(Record {
            id: r.get(0)?,
            cell_id: r.get(1)?,
            month: r.get(2)?,
            category: r.get(3)?,
            generated_g: r.get(4)?,
            recycled_g: r.get(5)?,
            composted_g: r.get(6)?,
            incinerated_g: r.get(7)?,
            landfilled_g: r.get(8)?,
            updated_at: crate::ids::ms_to_rfc3339(r.get(9)?),
            count: r.get(10)?,
            container: r.get(11)?,
            container_g: r.get(12)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

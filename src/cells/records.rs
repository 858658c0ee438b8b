//! Monthly waste records of a cell (月度台账): per month and category, the amount generated
//! and where it went (recycled, composted, incinerated, landfilled), in grams.

use chrono::{Datelike, NaiveDate};
use rusqlite::{Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

use crate::db::{BulkLog, Ledger, Writer};
use crate::error::{Error, FieldError, Result};
use crate::ids::{today, CellId, RecordId};
use crate::units::{format_kg, parse_in, Limit, Unit};

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
    /// One of the four household-waste categories.
    pub household: bool,
}

/// The categories in display order.
pub fn categories(conn: &Connection) -> Result<Vec<Category>> {
    let mut st = conn.prepare_cached(
        "SELECT key, name_zh, name_en, household FROM waste_categories ORDER BY sort",
    )?;
    let rows = st.query_map([], |r| {
        Ok(Category {
            key: r.get(0)?,
            name_zh: r.get(1)?,
            name_en: r.get(2)?,
            household: r.get(3)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

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

const FIELDS: [&str; 5] = [
    "generated",
    "recycled",
    "composted",
    "incinerated",
    "landfilled",
];

/// Checks one input; `row` numbers its errors (1-based) when it comes from a grid or a file;
/// `max_g` is the ceiling of each quantity ([`Limit::RecordKg`], in grams).
pub fn validate(
    cats: &[Category],
    input: &RecordInput,
    row: Option<usize>,
    max_g: i64,
    errs: &mut Vec<FieldError>,
) -> Option<(String, String, [i64; 5])> {
    let before = errs.len();
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
    let category = cats
        .iter()
        .find(|k| k.key == c || k.name_zh == c || k.name_en.eq_ignore_ascii_case(c))
        .map(|k| k.key.clone());
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
    for (i, (field, text)) in FIELDS.iter().zip(raw).enumerate() {
        match parse_in(text, Unit::Kg, max_g) {
            Ok(Some(g)) => q[i] = g,
            Ok(None) if i == 0 => errs.push(FieldError::new(row, field, "required", &[])),
            Ok(None) => {}
            Err(e) => errs.push(e.to_field(row, field, text, Unit::Kg)),
        }
    }
    // Each at most the ceiling (≤ 10¹² g), so four of them cannot overflow.
    let outflow: i64 = q[1..].iter().sum();
    if errs.len() == before && outflow > q[0] {
        errs.push(FieldError::new(
            row,
            "recycled",
            "outflow_exceeds",
            &[
                ("outflow", &format_kg(outflow)),
                ("generated", &format_kg(q[0])),
            ],
        ));
    }
    (errs.len() == before).then(|| (month, category.unwrap_or_default(), q))
}

/// Saves the rows of a grid for one cell in one transaction: every row is checked first and
/// nothing is written if any is refused. A row whose quantities are all empty is left out
/// when there is no record of its month and category; emptying a stored record is refused
/// (deleting is [`delete`], a step of its own), so that nothing is deleted by a blank.
pub fn save(ledger: &mut Ledger, cell: CellId, inputs: &[RecordInput]) -> Result<usize> {
    save_rows(ledger, cell, inputs, true)
}

/// Saves one month and category (the CLI's `record add`): an empty generated quantity is
/// refused, never read as a deletion.
pub fn save_one(ledger: &mut Ledger, cell: CellId, input: &RecordInput) -> Result<usize> {
    save_rows(ledger, cell, std::slice::from_ref(input), false)
}

fn save_rows(
    ledger: &mut Ledger,
    cell: CellId,
    inputs: &[RecordInput],
    skip_blank: bool,
) -> Result<usize> {
    ledger.write(|w| {
        super::get(w.tx(), cell)?;
        let cats = categories(w.tx())?;
        let max_g = Limit::RecordKg.stored(w.tx(), Unit::Kg)?;
        let mut errs = Vec::new();
        let mut valid = Vec::new();
        for (i, input) in inputs.iter().enumerate() {
            if skip_blank && input.is_blank() {
                if exists(w.tx(), &cats, cell, input)? {
                    errs.push(FieldError::new(
                        Some(i + 1),
                        "generated",
                        "cleared_record",
                        &[],
                    ));
                }
                continue;
            }
            if let Some(v) = validate(&cats, input, Some(i + 1), max_g, &mut errs) {
                valid.push(v);
            }
        }
        if !errs.is_empty() {
            return Err(Error::Invalid(errs));
        }
        let mut changed = 0;
        for (month, category, q) in &valid {
            changed += usize::from(put(
                w,
                cell,
                &ValidRecord {
                    month,
                    category,
                    q: *q,
                },
            )?);
        }
        Ok(changed)
    })
}

/// Whether a live record exists for the month and category of `input`.
fn exists(conn: &Connection, cats: &[Category], cell: CellId, input: &RecordInput) -> Result<bool> {
    let Some(cat) = category_key(cats, &input.category) else {
        return Ok(false);
    };
    Ok(conn
        .prepare_cached(
            "SELECT 1 FROM cell_records
             WHERE cell_id = ?1 AND month = ?2 AND category = ?3 AND deleted = 0",
        )?
        .exists((cell, input.month.trim(), cat))?)
}

fn category_key(cats: &[Category], c: &str) -> Option<String> {
    let c = c.trim();
    cats.iter()
        .find(|k| k.key == c || k.name_zh == c || k.name_en.eq_ignore_ascii_case(c))
        .map(|k| k.key.clone())
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
        let cat = category_key(&cats, category);
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
            Ok(())
        } else {
            Err(Error::NotFound {
                what: "record",
                key: format!("{m} {category}"),
            })
        }
    })
}

/// Inserts or updates the record of a month and category; returns whether anything changed.
pub fn put(w: &mut Writer<'_>, cell: CellId, v: &ValidRecord<'_>) -> Result<bool> {
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
        None => (RecordId::new(), None),
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
    w.log_where("cell_records", id.as_bytes(), before, None, key, at)?;
    Ok(true)
}

/// Inserts records known to be new (generated data, imports) through one prepared
/// statement, logged as one bulk insert of the transaction (see [`Writer::log_bulk`]).
pub struct BulkRecords<'t> {
    st: rusqlite::Statement<'t>,
    now_ms: i64,
    origin: i64,
    clock: i64,
    rows: i64,
    hash_sum: i64,
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
            rows: 0,
            hash_sum: 0,
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
        self.rows += 1;
        self.hash_sum = self.hash_sum.wrapping_add(hash);
        Ok(id)
    }

    /// Ends the bulk insert: what [`Writer::log_bulk`] takes to log it.
    pub fn finish(self) -> BulkLog {
        BulkLog {
            table: "cell_records",
            rows: self.rows,
            hash_sum: self.hash_sum,
        }
    }
}

const INSERT_RECORD: &str = "INSERT INTO cell_records (id, cell_id, month, category, generated_g,
        recycled_g, composted_g, incinerated_g, landfilled_g, created_at, updated_at, origin, clock)
     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10, ?11, ?12)";

fn remove(w: &mut Writer<'_>, cell: CellId, month: &str, category: &str) -> Result<bool> {
    let cats = categories(w.tx())?;
    let Some(cat) = cats
        .iter()
        .find(|k| k.key == category || k.name_zh == category)
        .map(|k| k.key.clone())
    else {
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
                r.incinerated_g, r.landfilled_g, r.updated_at
         FROM cell_records r JOIN waste_categories k ON k.key = r.category
         WHERE r.cell_id = ?1 AND r.month BETWEEN ?2 AND ?3 AND r.deleted = 0
         ORDER BY r.month, k.sort",
    )?;
    let rows = st.query_map((cell, &from, &to), |r| {
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
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

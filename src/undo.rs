//! Undo (撤销): a change set is undone by a NEW change set that puts the rows it touched back
//! as they were before it, each entry with the reason "undo". History is never erased: the
//! change and its undoing both stay in the change log and its chain.
//!
//! An undo is refused, and nothing is written, when a row it would put back has changed since
//! (a later change, by anyone: that one has to be looked at first), when the change set is not
//! of rows a clerk changed one by one (an import's blocks, the installation itself), or when
//! the rows put back would break a rule: a number or key used again by another row (the
//! schema's unique keys), a removed row that live rows still refer to, or a live row that
//! refers to a removed one. Derived data (the cells' text index) follows the rows.

use std::collections::BTreeMap;

use rusqlite::types::Value as Sql;
use rusqlite::{Connection, OptionalExtension};
use serde::Serialize;

use crate::audit::history::undo as before_of;
use crate::audit::images::{show_id, Columns, Delta};
use crate::audit::{self, Image};
use crate::db::{Ledger, Writer, UNSET_OPERATOR};
use crate::error::{Error, Result, Rule};

/// The reason every entry of an undo carries.
pub const REASON: &str = "undo";

/// A change set as a clerk reads it.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ChangeSet {
    /// Its number (the change log's `change_set`).
    pub id: i64,
    /// When, UTC (RFC 3339).
    pub at: String,
    /// Who.
    pub operator: String,
}

/// What an undo did.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Undone {
    /// The change set undone.
    pub undone: ChangeSet,
    /// The new change set that undid it.
    pub change_set: i64,
    /// The rows put back, in the order of the change.
    pub rows: Vec<UndoneRow>,
}

/// One row put back.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct UndoneRow {
    /// The table.
    pub table: String,
    /// What the row is, in Chinese (联单, 细胞 …).
    pub what_zh: String,
    /// The same in English.
    pub what_en: String,
    /// The row as people name it: a manifest's number, a cell's name, a month.
    pub subject: String,
    /// `removed` (the change had added it), `restored` (the change had removed it) or
    /// `reverted` (its changed columns put back).
    pub outcome: String,
    /// The columns put back (bookkeeping left out).
    pub columns: Vec<String>,
}

/// What a table's rows are, in Chinese and English.
pub fn table_names(table: &str) -> (&str, &str) {
    match table {
        "cells" => ("细胞", "cell"),
        "cell_records" => ("月度记录", "monthly record"),
        "cell_record_counts" => ("按桶（袋）录入", "count of bins"),
        "cell_namings" => ("命名记录", "naming"),
        "cell_places" => ("细胞位置", "cell's place"),
        "cell_activity" => ("活动数据", "activity figure"),
        "cell_containers" => ("每桶（袋）公斤数", "kg per bin"),
        "cell_kinds" => ("细胞类型", "kind of cell"),
        "districts" => ("行政区划", "district"),
        "cw_manifests" => ("联单", "manifest"),
        "cw_sites" => ("工地", "site"),
        "cw_transporters" => ("运输单位", "transporter"),
        "cw_vehicles" => ("车辆", "vehicle"),
        "cw_facilities" => ("消纳/利用设施", "facility"),
        "cw_facility_outputs" => ("设施产出", "facility output"),
        "cw_site_declarations" => ("工地申报", "site declaration"),
        "settings" => ("设置项", "setting"),
        "waste_categories" => ("废物类别", "waste category"),
        "waste_streams" => ("废物流", "waste stream"),
        "reporting_areas" => ("报送区域", "reporting area"),
        _ => (table, table),
    }
}

/// The operator's last change set on this installation, if any.
pub fn last_change_set(l: &Ledger) -> Result<Option<ChangeSet>> {
    let origin = origin_of(l.conn(), l.installation())?;
    Ok(l.conn()
        .query_row(
            "SELECT id, at, operator FROM change_sets WHERE operator = ?1 AND origin = ?2
             ORDER BY id DESC LIMIT 1",
            (l.log_operator(), origin),
            change_set_row,
        )
        .optional()?)
}

/// Undoes `change_set`, or the operator's last change set on this installation: one new
/// change set that puts back every row it touched, or an error and nothing written.
pub fn undo(l: &mut Ledger, change_set: Option<i64>) -> Result<Undone> {
    let set = match change_set {
        Some(id) => l
            .conn()
            .query_row(
                "SELECT id, at, operator FROM change_sets WHERE id = ?1",
                [id],
                change_set_row,
            )
            .optional()?
            .ok_or_else(|| Error::NotFound {
                what: "change_set",
                key: id.to_string(),
            })?,
        None => last_change_set(l)?.ok_or_else(|| {
            let op = l.log_operator();
            Error::field(
                "undo",
                Rule::NothingToUndo,
                &[("operator", &op), ("operator_en", &operator_en(&op))],
            )
        })?,
    };
    let entries = entries_of(l.conn(), set.id)?;
    let (rows, new_set) = l.write(|w| {
        let rows = put_back(w, &set, &entries)?;
        Ok((rows, w.clock()))
    })?;
    Ok(Undone {
        undone: set,
        change_set: new_set,
        rows,
    })
}

fn change_set_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<ChangeSet> {
    Ok(ChangeSet {
        id: r.get(0)?,
        at: crate::ids::ms_to_rfc3339(r.get(1)?),
        operator: r.get(2)?,
    })
}

fn origin_of(conn: &Connection, installation: &str) -> Result<i64> {
    Ok(conn.query_row(
        "SELECT n FROM installations WHERE id = ?1",
        [installation],
        |r| r.get(0),
    )?)
}

/// An operator's name as an English message shows it.
fn operator_en(op: &str) -> String {
    if op == UNSET_OPERATOR {
        "(not set)".into()
    } else {
        op.into()
    }
}

/// One entry of the change set undone.
struct Entry {
    seq: i64,
    table: String,
    row_id: Vec<u8>,
    action: String,
    delta: Delta,
    after_hash: Option<i64>,
}

/// The entries of a change set, oldest first. Entries are numbered in the order of their
/// change sets, so a recent change set's entries are read from the end of the log.
fn entries_of(conn: &Connection, set: i64) -> Result<Vec<Entry>> {
    let cols = Columns::load(conn)?;
    let mut st = conn.prepare(
        "SELECT seq, change_set, tbl, row_id, action, delta, after_hash FROM change_log
         ORDER BY seq DESC",
    )?;
    let mut rows = st.query([])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        let cs: i64 = r.get(1)?;
        if cs < set {
            break;
        }
        if cs > set {
            continue;
        }
        let delta: Option<Vec<u8>> = r.get(5)?;
        out.push(Entry {
            seq: r.get(0)?,
            table: r.get(2)?,
            row_id: r.get(3)?,
            action: r.get(4)?,
            delta: cols
                .decode(delta.as_deref().unwrap_or_default())
                .unwrap_or_default(),
            after_hash: r.get(6)?,
        });
    }
    out.reverse();
    Ok(out)
}

/// How people name a row: its number, name, plate, key or month, else its id.
fn subject(img: &[(String, Sql)], row_id: &[u8]) -> String {
    for col in ["number", "name", "plate", "key", "code", "month"] {
        if let Some((_, Sql::Text(t))) = img.iter().find(|(n, _)| n == col) {
            return t.clone();
        }
    }
    show_id(row_id)
}

fn not_possible(set: i64, kind: (&str, &str)) -> Error {
    Error::field(
        "undo",
        Rule::UndoNotPossible,
        &[
            ("set", &set.to_string()),
            ("kind", kind.0),
            ("kind_en", kind.1),
        ],
    )
}

fn breaks(table: &str, subject: &str, broken: (&str, &str)) -> Error {
    let (what, what_en) = table_names(table);
    Error::field(
        "undo",
        Rule::UndoBreaksRule,
        &[
            ("what", what),
            ("what_en", what_en),
            ("subject", subject),
            ("broken", broken.0),
            ("broken_en", broken.1),
        ],
    )
}

/// Where a row is: the condition that selects it and its parameters. A monthly record is
/// found by its key (cell, month, category; its id is not indexed), read from its insert
/// entry; any other row by the log's key column.
struct Locator {
    cond: Vec<(String, Sql)>,
}

impl Locator {
    fn find(conn: &Connection, cols: &Columns, table: &str, row_id: &[u8]) -> Result<Locator> {
        if table == "cell_records" {
            let insert: Option<Vec<u8>> = conn
                .query_row(
                    "SELECT delta FROM change_log WHERE row_id = ?1 AND tbl = ?2
                     AND action = 'insert' ORDER BY seq LIMIT 1",
                    (row_id, table),
                    |r| r.get(0),
                )
                .optional()?;
            if let Some(d) = insert.and_then(|d| cols.decode(&d)) {
                let get = |c: &str| {
                    d.iter()
                        .find(|(n, _)| n == c)
                        .and_then(|(_, v)| v.first().cloned())
                };
                if let (Some(cell), Some(month), Some(cat)) =
                    (get("cell_id"), get("month"), get("category"))
                {
                    return Ok(Locator {
                        cond: vec![
                            ("cell_id".into(), cell),
                            ("month".into(), month),
                            ("category".into(), cat),
                        ],
                    });
                }
            }
        }
        Ok(Locator {
            cond: vec![(
                audit::key_column(table).to_string(),
                Sql::Blob(row_id.to_vec()),
            )],
        })
    }

    /// The condition, its placeholders numbered from `from`.
    fn sql(&self, from: usize) -> String {
        self.cond
            .iter()
            .enumerate()
            .map(|(i, (c, _))| format!("{c} = ?{}", from + i))
            .collect::<Vec<_>>()
            .join(" AND ")
    }

    fn params(&self) -> impl Iterator<Item = Sql> + '_ {
        self.cond.iter().map(|(_, v)| v.clone())
    }

    fn state(&self, conn: &Connection, table: &str) -> Result<Option<Image>> {
        audit::state_where(
            conn,
            table,
            &self.sql(1),
            rusqlite::params_from_iter(self.params()),
        )
    }
}

/// A row of the log: its table and id.
type RowKey = (String, Vec<u8>);

/// Puts back the rows of the change set `set`, last row first.
fn put_back(w: &mut Writer<'_>, set: &ChangeSet, entries: &[Entry]) -> Result<Vec<UndoneRow>> {
    // The entries of each row, in order (a row may have more than one).
    let mut by_row: BTreeMap<RowKey, Vec<&Entry>> = BTreeMap::new();
    for e in entries {
        if e.action == "bulk_insert" {
            return Err(not_possible(
                set.id,
                ("导入或生成的成批数据", "a bulk import"),
            ));
        }
        if e.table == "meta" || e.table == "installations" {
            return Err(not_possible(
                set.id,
                ("台账的创建", "the ledger's creation"),
            ));
        }
        by_row
            .entry((e.table.clone(), e.row_id.clone()))
            .or_default()
            .push(e);
    }
    let mut order: Vec<(&RowKey, &Vec<&Entry>)> = by_row.iter().collect();
    order.sort_by_key(|(_, es)| std::cmp::Reverse(es[es.len() - 1].seq));
    let cols = Columns::load(w.tx())?;
    let mut out = Vec::with_capacity(order.len());
    let mut removed = Vec::new();
    let mut live = Vec::new();
    for ((table, row_id), es) in order {
        let at = Locator::find(w.tx(), &cols, table, row_id)?;
        let now = at.state(w.tx(), table)?;
        let last = es[es.len() - 1];
        check_unchanged(w.tx(), set.id, table, row_id, last, now.as_ref())?;
        // The row before the change set: each entry's values before, last entry first.
        let mut target: Option<Vec<(String, Sql)>> = now.as_ref().map(|n| n.cols.clone());
        for e in es.iter().rev() {
            target = match (e.action.as_str(), target) {
                ("insert", _) => None,
                (_, Some(row)) => Some(before_of(&row, &e.delta)),
                // A row removed outright: its entry kept every value before.
                (_, None) => Some(
                    e.delta
                        .iter()
                        .filter_map(|(c, v)| v.first().map(|b| (c.clone(), b.clone())))
                        .collect(),
                ),
            };
        }
        let name = subject(
            target
                .as_deref()
                .or(now.as_ref().map(|n| n.cols.as_slice()))
                .unwrap_or(&[]),
            row_id,
        );
        let (outcome, columns) = write_row(w, table, row_id, &at, now.as_ref(), target, &name)?;
        if outcome == "removed" {
            removed.push((table.clone(), row_id.clone(), name.clone()));
        } else {
            live.push((table.clone(), row_id.clone(), name.clone()));
        }
        if table == "cells" {
            crate::cells::search::reindex_row(w.tx(), row_id)?;
        }
        let (what_zh, what_en) = table_names(table);
        out.push(UndoneRow {
            table: table.clone(),
            what_zh: what_zh.into(),
            what_en: what_en.into(),
            subject: name,
            outcome: outcome.into(),
            columns,
        });
    }
    // References are checked once every row is back: rows added together go together.
    for (table, id, name) in &removed {
        check_not_referred(w.tx(), table, id, name)?;
    }
    for (table, id, name) in &live {
        check_refers_to_live(w.tx(), table, id, name)?;
    }
    out.reverse();
    Ok(out)
}

/// Refuses when the row changed after the change set: a later entry, or a row that is not
/// as the change set left it.
fn check_unchanged(
    conn: &Connection,
    set: i64,
    table: &str,
    row_id: &[u8],
    last: &Entry,
    now: Option<&Image>,
) -> Result<()> {
    let later: Option<(i64, String, i64)> = conn
        .query_row(
            "SELECT c.change_set, s.operator, s.at FROM change_log c
             JOIN change_sets s ON s.id = c.change_set
             WHERE c.row_id = ?1 AND c.tbl = ?2 AND c.seq > ?3 ORDER BY c.seq DESC LIMIT 1",
            (row_id, table, last.seq),
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?;
    let same = now.map(|n| n.hash) == last.after_hash;
    if later.is_none() && same {
        return Ok(());
    }
    let (by, at) = match &later {
        Some((_, op, at)) => (
            op.clone(),
            crate::construction::manifests::local_time(&crate::ids::ms_to_rfc3339(*at)),
        ),
        None => ("?".into(), "?".into()),
    };
    let (what, what_en) = table_names(table);
    let name = subject(now.map(|n| n.cols.as_slice()).unwrap_or(&[]), row_id);
    Err(Error::field(
        "undo",
        Rule::UndoChangedSince,
        &[
            ("what", what),
            ("what_en", what_en),
            ("subject", &name),
            ("by", &by),
            ("by_en", &operator_en(&by)),
            ("at", &at),
            ("set", &set.to_string()),
        ],
    ))
}

/// Writes the row back as `target` (`None`: the row did not exist) and logs it with the
/// reason "undo". Returns the outcome and the columns put back.
fn write_row(
    w: &mut Writer<'_>,
    table: &str,
    row_id: &[u8],
    at: &Locator,
    now: Option<&Image>,
    target: Option<Vec<(String, Sql)>>,
    name: &str,
) -> Result<(&'static str, Vec<String>)> {
    let fresh = |col: &str, was: &Sql| -> Option<Sql> {
        match col {
            "clock" => Some(Sql::Integer(w.clock())),
            "origin" => Some(Sql::Integer(w.origin())),
            "updated_at" => Some(match was {
                Sql::Text(_) => Sql::Text(w.now().to_string()),
                _ => Sql::Integer(w.now_ms()),
            }),
            _ => None,
        }
    };
    let (sql, params, outcome, columns): (String, Vec<Sql>, &str, Vec<String>) = match (now, target)
    {
        (None, None) => return Ok(("removed", Vec::new())),
        // Added by the change: a row with a tombstone gets it (sync carries it), any
        // other is removed.
        (Some(n), None) => {
            if n.get("deleted").is_some() {
                let mut sets = vec!["deleted = 1".to_string()];
                let mut params = Vec::new();
                for (c, v) in &n.cols {
                    if let Some(f) = fresh(c, v) {
                        params.push(f);
                        sets.push(format!("{c} = ?{}", params.len()));
                    }
                }
                let cond = at.sql(params.len() + 1);
                params.extend(at.params());
                (
                    format!("UPDATE {table} SET {} WHERE {cond}", sets.join(", ")),
                    params,
                    "removed",
                    vec!["deleted".into()],
                )
            } else {
                (
                    format!("DELETE FROM {table} WHERE {}", at.sql(1)),
                    at.params().collect(),
                    "removed",
                    Vec::new(),
                )
            }
        }
        // Removed outright by the change: inserted again with its values.
        (None, Some(t)) => {
            let cols: Vec<&str> = t.iter().map(|(c, _)| c.as_str()).collect();
            let marks: Vec<String> = (1..=t.len()).map(|i| format!("?{i}")).collect();
            let params = t.iter().map(|(c, v)| fresh(c, v).unwrap_or(v.clone()));
            (
                format!(
                    "INSERT INTO {table} ({}) VALUES ({})",
                    cols.join(", "),
                    marks.join(", ")
                ),
                params.collect(),
                "restored",
                Vec::new(),
            )
        }
        (Some(n), Some(t)) => {
            let mut sets = Vec::new();
            let mut params = Vec::new();
            let mut columns = Vec::new();
            for (c, v) in &t {
                let was = n.get(c).cloned().unwrap_or(Sql::Null);
                let value = match fresh(c, &was) {
                    Some(f) => f,
                    None if was == *v => continue,
                    None => {
                        columns.push(c.clone());
                        v.clone()
                    }
                };
                params.push(value);
                sets.push(format!("{c} = ?{}", params.len()));
            }
            let cond = at.sql(params.len() + 1);
            params.extend(at.params());
            let outcome = match (n.get("deleted"), t.iter().find(|(c, _)| c == "deleted")) {
                (Some(Sql::Integer(1)), Some((_, Sql::Integer(0)))) => "restored",
                _ => "reverted",
            };
            (
                format!("UPDATE {table} SET {} WHERE {cond}", sets.join(", ")),
                params,
                outcome,
                columns,
            )
        }
    };
    let before = now.cloned();
    w.tx()
        .execute(&sql, rusqlite::params_from_iter(params))
        .map_err(|e| constraint(e, table, name))?;
    let cond = at.sql(1);
    let params: Vec<Sql> = at.params().collect();
    w.log_where(
        table,
        row_id,
        before,
        Some(REASON),
        &cond,
        rusqlite::params_from_iter(params),
    )?;
    Ok((outcome, columns))
}

/// A constraint the database refused, as the rule it is; any other failure as it is.
fn constraint(e: rusqlite::Error, table: &str, name: &str) -> Error {
    let rusqlite::Error::SqliteFailure(f, msg) = &e else {
        return e.into();
    };
    if f.code != rusqlite::ErrorCode::ConstraintViolation {
        return e.into();
    }
    let msg = msg.as_deref().unwrap_or_default();
    if msg.starts_with("UNIQUE") {
        // "UNIQUE constraint failed: cw_manifests.number"
        let col = msg.rsplit('.').next().unwrap_or_default();
        let (zh, en) = crate::error::field_names(col);
        return breaks(
            table,
            name,
            (
                &format!("{zh}已被另一条记录使用"),
                &format!("its {en} is used by another row"),
            ),
        );
    }
    if msg.starts_with("FOREIGN KEY") {
        return breaks(
            table,
            name,
            ("仍有记录引用它", "other rows still refer to it"),
        );
    }
    breaks(
        table,
        name,
        ("数据库约束不允许", "a constraint of the ledger"),
    )
}

/// The foreign keys of a table: (column, the table it refers to).
fn foreign_keys(conn: &Connection, table: &str) -> Result<Vec<(String, String)>> {
    let mut st = conn.prepare("SELECT \"from\", \"table\" FROM pragma_foreign_key_list(?1)")?;
    let rows = st.query_map([table], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn has_tombstone(conn: &Connection, table: &str) -> Result<bool> {
    Ok(conn.query_row(
        "SELECT count(*) FROM pragma_table_info(?1) WHERE name = 'deleted'",
        [table],
        |r| r.get::<_, i64>(0),
    )? > 0)
}

/// A row the undo removed must have no live row referring to it.
fn check_not_referred(conn: &Connection, table: &str, id: &[u8], name: &str) -> Result<()> {
    for (other, _, _) in audit::COVERED {
        for (col, to) in foreign_keys(conn, other)? {
            if to != table {
                continue;
            }
            let live = if has_tombstone(conn, other)? {
                " AND deleted = 0"
            } else {
                ""
            };
            let found: Option<i64> = conn
                .query_row(
                    &format!("SELECT 1 FROM {other} WHERE {col} = ?1{live} LIMIT 1"),
                    [id],
                    |r| r.get(0),
                )
                .optional()?;
            if found.is_some() {
                let (zh, en) = table_names(other);
                return Err(breaks(
                    table,
                    name,
                    (
                        &format!("仍有{zh}引用它"),
                        &format!("a {en} still refers to it"),
                    ),
                ));
            }
        }
    }
    Ok(())
}

/// A live row the undo put back must not refer to a removed one.
fn check_refers_to_live(conn: &Connection, table: &str, id: &[u8], name: &str) -> Result<()> {
    let Some(row) = audit::state(conn, table, id)? else {
        return Ok(());
    };
    if row.get("deleted") == Some(&Sql::Integer(1)) {
        return Ok(());
    }
    for (col, to) in foreign_keys(conn, table)? {
        let Some(Sql::Blob(target)) = row.get(&col) else {
            continue;
        };
        if !has_tombstone(conn, &to)? {
            continue;
        }
        let gone: Option<i64> = conn
            .query_row(
                &format!("SELECT 1 FROM {to} WHERE id = ?1 AND deleted = 1"),
                [target],
                |r| r.get(0),
            )
            .optional()?;
        if gone.is_some() {
            let (zh, en) = table_names(&to);
            return Err(breaks(
                table,
                name,
                (
                    &format!("它引用的{zh}已删除"),
                    &format!("the {en} it refers to was deleted"),
                ),
            ));
        }
    }
    Ok(())
}

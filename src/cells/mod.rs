//! Zero-waste cells (无废细胞): offices, communities, factories, schools and any other kind
//! the profile holds; their creation status, monthly waste records and computed rates.

pub mod activity;
pub mod assess;
mod bulk;
pub mod categories;
mod counts;
pub use counts::check_count;
pub mod denominators;
pub mod history;
pub mod import;
mod list;
mod places;
pub mod rates;
pub mod records;
pub mod records_import;
pub mod reduction;
pub mod search;
pub mod seed;
pub mod sheet;
mod status;
pub mod uscc;
mod validate;

use rusqlite::{Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

pub use list::{list, CellFilter, CellPage};
pub use status::{check_naming, naming_date, namings, Naming, Status, StatusChange};
pub(crate) use validate::{check_own, check_place};
pub use validate::{validate, ValidCell};

use crate::db::{Ledger, Writer};
use crate::error::{Error, FieldError, Result};
use crate::ids::CellId;

/// A cell as a form or an import row gives it: every field as typed, so that each can be
/// refused with its own message.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(default)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CellDraft {
    /// 名称.
    pub name: String,
    /// Kind: key (`office`) or Chinese name (`机关`, `无废机关`).
    pub kind: String,
    /// 统一社会信用代码 as typed.
    pub uscc: String,
    /// The reason for keeping a code that fails the check (empty: no override).
    pub uscc_override: String,
    /// Division code (or an old code, or a district's name).
    pub district: String,
    /// 地址.
    pub address: String,
    /// 联系人.
    pub contact: String,
    /// 电话.
    pub phone: String,
    /// 负责人.
    pub manager: String,
    /// People or households this year, as the kind's `denominator` says: written as this
    /// year's activity figure when it differs from the one in force.
    pub headcount: String,
    /// People or households in the baseline year: the baseline year's activity figure (when
    /// empty, `headcount` is, if the baseline year has none).
    pub baseline_headcount: String,
    /// 基准年.
    pub baseline_year: String,
    /// Why this cell shares its credit code with another live cell (empty: it does not).
    pub uscc_shared_reason: String,
    /// 街道/乡镇.
    pub street: String,
    /// 街道/乡镇 12-digit statistical code, when known.
    pub street_code: String,
    /// 社区/村.
    pub community: String,
    /// 社区/村 12-digit statistical code, when known.
    pub community_code: String,
    /// Explicit reporting area (code or name, e.g. 市本级); empty: its district's area.
    pub area: String,
}

/// A stored cell.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Cell {
    /// Id.
    pub id: CellId,
    /// 名称.
    pub name: String,
    /// Kind key.
    pub kind: String,
    /// Kind, Chinese.
    pub kind_zh: String,
    /// Kind, English.
    pub kind_en: String,
    /// `headcount` or `households`.
    pub denominator: String,
    /// Normalised USCC.
    pub uscc: Option<String>,
    /// Override reason for a code that fails the check.
    pub uscc_override: Option<String>,
    /// Division code.
    pub district: String,
    /// District name.
    pub district_name: String,
    /// 地址.
    pub address: String,
    /// 联系人.
    pub contact: String,
    /// 电话.
    pub phone: String,
    /// 负责人.
    pub manager: String,
    /// People or households (the kind's `denominator`): the activity figure in force this
    /// year (see `activity::in_force`).
    pub headcount: Option<i64>,
    /// People or households: the activity figure of the baseline year.
    pub baseline_headcount: Option<i64>,
    /// 基准年.
    pub baseline_year: Option<i32>,
    /// Creation status.
    pub status: Status,
    /// The statuses it may move to next.
    pub next: Vec<Status>,
    /// 命名日期.
    pub certified_on: Option<String>,
    /// 有效期至.
    pub expires_on: Option<String>,
    /// Created (UTC).
    pub created_at: String,
    /// Last changed (UTC).
    pub updated_at: String,
    /// The batch of the naming that holds now (第 N 批).
    pub naming_batch: Option<i64>,
    /// The document number of the naming that holds now.
    pub naming_doc: Option<String>,
    /// Why the cell shares its credit code with another live cell.
    pub uscc_shared_reason: Option<String>,
    /// 街道/乡镇.
    pub street: String,
    /// Its 12-digit code.
    pub street_code: Option<String>,
    /// 社区/村.
    pub community: String,
    /// Its 12-digit code.
    pub community_code: Option<String>,
    /// The explicit reporting area, if one was given.
    pub area: Option<String>,
    /// The reporting area the cell counts in: the explicit one, else its district's.
    pub report_area: Option<String>,
    /// That area's name.
    pub report_area_name: Option<String>,
    /// Structure warnings about its credit code (the code was saved).
    pub warnings: Vec<FieldError>,
}

impl CellDraft {
    /// The draft of an existing cell, for editing.
    pub fn from_cell(c: &Cell) -> Self {
        let num = |v: Option<i64>| v.map(|x| x.to_string()).unwrap_or_default();
        CellDraft {
            name: c.name.clone(),
            kind: c.kind.clone(),
            uscc: c.uscc.clone().unwrap_or_default(),
            uscc_override: c.uscc_override.clone().unwrap_or_default(),
            district: c.district.clone(),
            address: c.address.clone(),
            contact: c.contact.clone(),
            phone: c.phone.clone(),
            manager: c.manager.clone(),
            headcount: num(c.headcount),
            baseline_headcount: num(c.baseline_headcount),
            baseline_year: c.baseline_year.map(|y| y.to_string()).unwrap_or_default(),
            uscc_shared_reason: c.uscc_shared_reason.clone().unwrap_or_default(),
            street: c.street.clone(),
            street_code: c.street_code.clone().unwrap_or_default(),
            community: c.community.clone(),
            community_code: c.community_code.clone().unwrap_or_default(),
            area: c.area.clone().unwrap_or_default(),
        }
    }
}

pub(crate) const SELECT_CELL: &str = "SELECT c.id, c.name, c.kind, k.name_zh, k.name_en, k.denominator, c.uscc,
    c.uscc_override, c.district, coalesce(d.name, c.district), c.address, c.contact, c.phone, c.manager,
    (SELECT a.value_milli / 1000 FROM cell_activity a WHERE a.cell_id = c.id AND a.deleted = 0
        AND a.figure = coalesce((SELECT d.figure FROM kind_denominators d
            JOIN waste_streams s ON s.key = d.stream
            WHERE d.kind = c.kind AND s.household = 1 AND d.deleted = 0 ORDER BY d.sort LIMIT 1),
            iif(k.denominator = 'households', 'households', 'people'))
        ORDER BY a.year > CAST(strftime('%Y', 'now', 'localtime') AS INTEGER),
            iif(a.year > CAST(strftime('%Y', 'now', 'localtime') AS INTEGER), a.year, -a.year) LIMIT 1),
    (SELECT a.value_milli / 1000 FROM cell_activity a WHERE a.cell_id = c.id AND a.deleted = 0
        AND a.figure = coalesce((SELECT d.figure FROM kind_denominators d
            JOIN waste_streams s ON s.key = d.stream
            WHERE d.kind = c.kind AND s.household = 1 AND d.deleted = 0 ORDER BY d.sort LIMIT 1),
            iif(k.denominator = 'households', 'households', 'people'))
        AND a.year = c.baseline_year),
    c.baseline_year, c.status, c.certified_on, c.expires_on,
    c.created_at, c.updated_at, n.batch, n.document_no, p.uscc_shared, coalesce(p.street, ''),
    p.street_code, coalesce(p.community, ''), p.community_code, p.area, coalesce(p.area, rad.area),
    CASE coalesce(p.area, rad.area) WHEN 'SBJ' THEN '市本级' ELSE (SELECT name FROM reporting_areas
        WHERE code = coalesce(p.area, rad.area) AND deleted = 0) END
    FROM cells c JOIN cell_kinds k ON k.key = c.kind LEFT JOIN districts d ON d.code = c.district
    LEFT JOIN cell_namings n ON n.cell_id = c.id AND n.ended_on IS NULL AND n.deleted = 0
    LEFT JOIN cell_places p ON p.cell_id = c.id AND p.deleted = 0
    LEFT JOIN reporting_area_districts rad ON rad.district = c.district AND rad.deleted = 0";

pub(crate) fn cell_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Cell> {
    let status: Status = r.get::<_, String>(17)?.parse().unwrap_or(Status::Planned);
    let kind: String = r.get(2)?;
    let code: Option<String> = r.get(6)?;
    let warnings = code
        .as_deref()
        .map(|c| uscc::warnings("uscc", c, Some(&kind)))
        .unwrap_or_default();
    Ok(Cell {
        id: r.get(0)?,
        name: r.get(1)?,
        kind,
        kind_zh: r.get(3)?,
        kind_en: r.get(4)?,
        denominator: r.get(5)?,
        uscc: code,
        uscc_override: r.get(7)?,
        district: r.get(8)?,
        district_name: r.get(9)?,
        address: r.get(10)?,
        contact: r.get(11)?,
        phone: r.get(12)?,
        manager: r.get(13)?,
        headcount: r.get(14)?,
        baseline_headcount: r.get(15)?,
        baseline_year: r.get(16)?,
        status,
        next: status.next().to_vec(),
        certified_on: r.get(18)?,
        expires_on: r.get(19)?,
        created_at: crate::ids::ms_to_rfc3339(r.get(20)?),
        updated_at: crate::ids::ms_to_rfc3339(r.get(21)?),
        naming_batch: r.get(22)?,
        naming_doc: r.get(23)?,
        uscc_shared_reason: r.get(24)?,
        street: r.get(25)?,
        street_code: r.get(26)?,
        community: r.get(27)?,
        community_code: r.get(28)?,
        area: r.get(29)?,
        report_area: r.get(30)?,
        report_area_name: r.get(31)?,
        warnings,
    })
}

/// One live cell.
pub fn get(conn: &Connection, id: CellId) -> Result<Cell> {
    let mut st =
        conn.prepare_cached(&format!("{SELECT_CELL} WHERE c.id = ?1 AND c.deleted = 0"))?;
    st.query_row([id], cell_from_row)
        .optional()?
        .ok_or_else(|| Error::NotFound {
            what: "cell",
            key: id.to_string(),
        })
}

/// Finds a cell by id, or by its exact USCC or exact name when that is unique.
pub fn find(conn: &Connection, key: &str) -> Result<Cell> {
    if let Ok(id) = key.parse::<CellId>() {
        return get(conn, id);
    }
    // Two indexed lookups (cells_uscc, cells_name): an OR of the two would scan live cells.
    let mut st = conn.prepare_cached(
        "SELECT id FROM cells WHERE deleted = 0 AND uscc = ?1
         UNION SELECT id FROM cells WHERE deleted = 0 AND name = ?2 LIMIT 2",
    )?;
    let ids: Vec<CellId> = st
        .query_map((uscc::normalise(key), key.trim()), |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    match ids.as_slice() {
        [id] => get(conn, *id),
        _ => Err(Error::NotFound {
            what: "cell",
            key: key.to_string(),
        }),
    }
}

/// Adds a cell after validating the draft; the override reason, if any, is kept in the
/// change log as well as on the row.
pub fn add(ledger: &mut Ledger, draft: &CellDraft) -> Result<Cell> {
    let id = ledger.write(|w| insert(w, draft))?;
    get(ledger.conn(), id)
}

/// Inserts a validated cell inside an open write (used by `add`, import and demo).
pub fn insert(w: &mut Writer<'_>, draft: &CellDraft) -> Result<CellId> {
    let v = validate(w.tx(), draft, None)?;
    insert_valid(w, &v)
}

/// Inserts a validated cell and logs it with its full image (and the override reason).
pub fn insert_valid(w: &mut Writer<'_>, v: &ValidCell) -> Result<CellId> {
    insert_valid_as(w, v, CellId::new())
}

/// [`insert_valid`] with the id `id` (an import's, which carries the file's line).
pub(crate) fn insert_valid_as(w: &mut Writer<'_>, v: &ValidCell, id: CellId) -> Result<CellId> {
    let id = insert_row(w, v, id)?;
    w.log("cells", id.as_bytes(), None, v.log_reason().as_deref())?;
    places::put(w, id, v)?;
    activity::apply_shortcut(w, id, &denominator_of(w, &v.kind)?, v, false)?;
    Ok(id)
}

/// The kind's `denominator`: which activity figure the form's 人数/户数 stands for.
fn denominator_of(w: &Writer<'_>, kind: &str) -> Result<String> {
    Ok(w.tx()
        .prepare_cached("SELECT denominator FROM cell_kinds WHERE key = ?1")?
        .query_row([kind], |r| r.get(0))
        .optional()?
        .unwrap_or_default())
}

/// Inserts a validated cell as a row of the transaction's bulk insert (generated data); a cell
/// with an override reason is logged on its own, since the log keeps the reason.
pub fn insert_bulk(w: &mut Writer<'_>, v: &ValidCell) -> Result<CellId> {
    bulk::insert(w, v, &mut bulk::KindFigures::default(), CellId::new())
}

fn insert_row(w: &mut Writer<'_>, v: &ValidCell, id: CellId) -> Result<CellId> {
    let mut st = w.tx().prepare_cached(
        "INSERT INTO cells (id, name, kind, uscc, uscc_override, district, address, contact, phone,
            manager, baseline_year, status, certified_on, expires_on,
            created_at, updated_at, origin, clock)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?13, ?14, ?15, ?16, ?17, ?17, ?18, ?19)",
    )?;
    st.execute(rusqlite::params![
        id,
        v.name,
        v.kind,
        v.uscc,
        v.uscc_override,
        v.district,
        v.address,
        v.contact,
        v.phone,
        v.manager,
        None::<i64>, // ?11, ?12: the version-2 headcounts, now activity figures
        None::<i64>,
        v.baseline_year,
        v.status.key(),
        v.certified_on,
        v.expires_on,
        w.now_ms(),
        w.origin(),
        w.clock()
    ])?;
    search::index(w.tx(), id, v)?;
    Ok(id)
}

/// Replaces a cell's fields with the draft's (status is changed by `set_status`).
pub fn edit(ledger: &mut Ledger, id: CellId, draft: &CellDraft) -> Result<Cell> {
    ledger.write(|w| {
        let current = get(w.tx(), id)?;
        let v = validate(w.tx(), draft, Some(id))?;
        // Status and naming change only through `change_status`; the headcount fields are
        // activity figures now (written below), never columns of the cell.
        let was = ValidCell {
            status: v.status,
            certified_on: v.certified_on.clone(),
            expires_on: v.expires_on.clone(),
            headcount: v.headcount,
            baseline_headcount: v.baseline_headcount,
            ..ValidCell::of(&current)
        };
        activity::apply_shortcut(w, id, &denominator_of(w, &v.kind)?, &v, false)?;
        if v == was {
            return Ok(()); // nothing changed: nothing to write or log
        }
        if v.same_row(&was) {
            return places::put(w, id, &v); // only where it sits changed
        }
        let before = w.snapshot("cells", id.as_bytes())?;
        w.tx().execute(
            "UPDATE cells SET name = ?2, kind = ?3, uscc = ?4, uscc_override = ?5, district = ?6,
                address = ?7, contact = ?8, phone = ?9, manager = ?10,
                baseline_year = ?13, updated_at = ?14, origin = ?15, clock = ?16
             WHERE id = ?1",
            rusqlite::params![
                id,
                v.name,
                v.kind,
                v.uscc,
                v.uscc_override,
                v.district,
                v.address,
                v.contact,
                v.phone,
                v.manager,
                None::<i64>, // ?11, ?12: unused (the headcounts are activity figures)
                None::<i64>,
                v.baseline_year,
                w.now_ms(),
                w.origin(),
                w.clock()
            ],
        )?;
        search::reindex(w.tx(), id, &v)?;
        w.log("cells", id.as_bytes(), before, v.log_reason().as_deref())?;
        places::put(w, id, &v)
    })?;
    get(ledger.conn(), id)
}

/// Changes a cell's creation status along an allowed transition. Naming needs its date,
/// batch and document number; the expiry follows from the validity period setting.
/// Revoking a naming needs a reason. Moving back from 已命名 ends the naming, which stays in
/// the cell's history ([`namings`]).
pub fn change_status(ledger: &mut Ledger, id: CellId, ch: &StatusChange) -> Result<Cell> {
    ledger.write(|w| status::apply(w, id, ch))?;
    get(ledger.conn(), id)
}

/// [`change_status`] without a batch or document number (enough for every move but naming).
pub fn set_status(
    ledger: &mut Ledger,
    id: CellId,
    to: Status,
    on: Option<&str>,
    reason: Option<&str>,
) -> Result<Cell> {
    change_status(
        ledger,
        id,
        &StatusChange {
            to: to.key().into(),
            on: on.unwrap_or_default().into(),
            reason: reason.unwrap_or_default().into(),
            ..Default::default()
        },
    )
}

/// Marks a cell deleted (a tombstone; its records stay and can be restored by sync).
pub fn delete(ledger: &mut Ledger, id: CellId, reason: Option<&str>) -> Result<()> {
    ledger.write(|w| {
        get(w.tx(), id)?;
        let before = w.snapshot("cells", id.as_bytes())?;
        w.tx().execute(
            "UPDATE cells SET deleted = 1, updated_at = ?2, origin = ?3, clock = ?4 WHERE id = ?1",
            (id, w.now_ms(), w.origin(), w.clock()),
        )?;
        w.log("cells", id.as_bytes(), before, reason)
    })
}

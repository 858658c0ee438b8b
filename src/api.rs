//! The calls the window makes, as plain functions over a shared ledger. The desktop shell's
//! commands are one-line adapters to these, so everything the window can do is tested here
//! without a window. Errors cross as [`ApiError`]: a stable code and the clerk's messages.

use std::path::PathBuf;
use std::sync::Mutex;

use serde::{Deserialize, Serialize};

use crate::cells::{self, records, CellDraft, CellFilter, CellPage, Status};
use crate::error::{Error, FieldError, Rule};
use crate::ids::CellId;
use crate::profile;
use crate::Ledger;

/// The ledger as the window holds it.
pub type Shared = Mutex<Ledger>;

/// An error as the window receives it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ApiError {
    /// Stable code (see [`Error::code`]).
    pub code: String,
    /// Chinese message.
    pub message_zh: String,
    /// English message.
    pub message_en: String,
    /// Field errors, for forms and grids.
    pub fields: Vec<FieldError>,
}

impl From<Error> for ApiError {
    fn from(e: Error) -> Self {
        ApiError::from(&e)
    }
}

impl From<&Error> for ApiError {
    fn from(e: &Error) -> Self {
        ApiError {
            code: e.code().into(),
            message_zh: e.message_zh(),
            message_en: e.message_en(),
            fields: e.fields().to_vec(),
        }
    }
}

/// Result of an API call.
pub type ApiResult<T> = Result<T, ApiError>;

fn lock(s: &Shared) -> std::sync::MutexGuard<'_, Ledger> {
    // A panic while holding the lock cannot leave a half-written transaction (SQLite rolled
    // it back), so the ledger is still usable.
    s.lock().unwrap_or_else(|p| p.into_inner())
}

fn cell_id(id: &str) -> ApiResult<CellId> {
    id.parse().map_err(|_| {
        Error::NotFound {
            what: "cell",
            key: id.into(),
        }
        .into()
    })
}

/// What the window shows about where it is working.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct AppInfo {
    /// The database file.
    pub db_path: String,
    /// The location remembered for next start, if one was chosen.
    pub chosen_db: Option<String>,
    /// This installation's id.
    pub installation: String,
    /// Schema version.
    pub schema_version: i64,
    /// Program version.
    pub version: String,
    /// Operator name.
    pub operator: String,
    /// `zh` or `en`.
    pub language: String,
    /// The ledger is open for reading only: the window shows a banner and no save buttons.
    pub read_only: bool,
}

/// Where the window is working, and who.
pub fn app_info(s: &Shared) -> ApiResult<AppInfo> {
    let l = lock(s);
    Ok(AppInfo {
        db_path: l
            .path()
            .map(|p| p.display().to_string())
            .unwrap_or_else(|| ":memory:".into()),
        chosen_db: crate::paths::chosen_db().map(|p| p.display().to_string()),
        installation: l.installation().into(),
        schema_version: crate::db::SCHEMA_VERSION,
        version: env!("CARGO_PKG_VERSION").into(),
        operator: l.operator().into(),
        language: profile::setting_or_default(l.conn(), "language")?,
        read_only: l.is_read_only(),
    })
}

/// Everything the forms need to offer choices.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Reference {
    /// Kinds of cell.
    pub kinds: Vec<profile::CellKind>,
    /// Districts.
    pub districts: Vec<profile::District>,
    /// Waste categories.
    pub categories: Vec<records::Category>,
    /// Settings with labels.
    pub settings: Vec<profile::Setting>,
    /// Waste streams.
    pub streams: Vec<cells::categories::Stream>,
    /// Kinds of activity figure.
    pub activity_kinds: Vec<cells::categories::ActivityKind>,
    /// What each kind divides each stream by.
    pub denominators: Vec<cells::categories::KindDenominator>,
    /// Reporting areas, with their English names.
    pub areas: Vec<crate::areas::ReportingArea>,
}

/// Kinds, districts, categories and settings.
pub fn reference(s: &Shared) -> ApiResult<Reference> {
    let l = lock(s);
    Ok(Reference {
        kinds: profile::kinds(l.conn())?,
        districts: profile::districts(l.conn())?,
        categories: records::categories(l.conn())?,
        settings: profile::settings(l.conn())?,
        streams: cells::categories::streams(l.conn())?,
        activity_kinds: cells::categories::activity_kinds(l.conn())?,
        denominators: cells::categories::denominators(l.conn())?,
        areas: crate::areas::list(l.conn())?,
    })
}

/// Stores a setting.
pub fn set_setting(s: &Shared, key: &str, value: &str) -> ApiResult<()> {
    Ok(lock(s).set_setting(key, value)?)
}

/// Adds or renames a district of the city profile.
pub fn put_district(s: &Shared, d: &profile::District) -> ApiResult<()> {
    Ok(lock(s).write(|w| profile::put_district(w, d))?)
}

/// Adds a kind of cell.
pub fn add_kind(s: &Shared, k: &profile::CellKind) -> ApiResult<()> {
    Ok(lock(s).write(|w| profile::add_kind(w, k))?)
}

/// Remembers the database location for the next start (empty: back to the default).
pub fn choose_db(path: &str) -> ApiResult<()> {
    let p = path.trim();
    Ok(crate::paths::choose_db(
        (!p.is_empty()).then(|| PathBuf::from(p)).as_deref(),
    )?)
}

/// One page of cells.
pub fn list_cells(s: &Shared, f: &CellFilter) -> ApiResult<CellPage> {
    Ok(cells::list(lock(s).conn(), f)?)
}

/// One cell.
pub fn get_cell(s: &Shared, id: &str) -> ApiResult<cells::Cell> {
    Ok(cells::get(lock(s).conn(), cell_id(id)?)?)
}

/// The rule breaches of a draft as typed (empty when it would be accepted).
pub fn validate_cell(
    s: &Shared,
    d: &CellDraft,
    editing: Option<&str>,
) -> ApiResult<Vec<FieldError>> {
    let editing = editing.filter(|e| !e.is_empty()).map(cell_id).transpose()?;
    match cells::validate(lock(s).conn(), d, editing) {
        Ok(_) => Ok(Vec::new()),
        Err(Error::Invalid(f)) => Ok(f),
        Err(e) => Err(e.into()),
    }
}

/// Adds a cell.
pub fn add_cell(s: &Shared, d: &CellDraft) -> ApiResult<cells::Cell> {
    Ok(cells::add(&mut lock(s), d)?)
}

/// Edits a cell.
pub fn edit_cell(s: &Shared, id: &str, d: &CellDraft) -> ApiResult<cells::Cell> {
    Ok(cells::edit(&mut lock(s), cell_id(id)?, d)?)
}

/// Changes a cell's status.
pub fn set_status(
    s: &Shared,
    id: &str,
    to: &str,
    on: Option<&str>,
    reason: Option<&str>,
) -> ApiResult<cells::Cell> {
    let to: Status = to.parse()?;
    Ok(cells::set_status(
        &mut lock(s),
        cell_id(id)?,
        to,
        on,
        reason,
    )?)
}

/// A cell's change history, oldest first.
pub fn cell_history(s: &Shared, id: &str) -> ApiResult<Vec<crate::audit::LoggedChange>> {
    Ok(crate::audit::history(
        lock(s).conn(),
        "cells",
        cell_id(id)?.as_bytes(),
    )?)
}

/// A cell's records between two months.
pub fn list_records(s: &Shared, id: &str, from: &str, to: &str) -> ApiResult<Vec<records::Record>> {
    Ok(records::list(lock(s).conn(), cell_id(id)?, from, to)?)
}

/// Saves a grid of records (all or nothing); returns how many rows changed.
pub fn save_records(s: &Shared, id: &str, rows: &[records::RecordInput]) -> ApiResult<usize> {
    Ok(records::save(&mut lock(s), cell_id(id)?, rows)?)
}

/// Deletes the record of one month and category (the grid's delete action).
pub fn delete_record(s: &Shared, id: &str, month: &str, category: &str) -> ApiResult<()> {
    Ok(records::delete(
        &mut lock(s),
        cell_id(id)?,
        month,
        category,
    )?)
}

/// Saves a grid of records (all or nothing), with the warnings of what was saved.
pub fn save_record_entries(
    s: &Shared,
    id: &str,
    rows: &[records::RecordInput],
) -> ApiResult<records::Saved> {
    Ok(records::save_entries(&mut lock(s), cell_id(id)?, rows)?)
}

/// A cell's activity figures.
pub fn cell_figures(s: &Shared, id: &str) -> ApiResult<Vec<cells::activity::ActivityFigure>> {
    Ok(cells::activity::figures(lock(s).conn(), cell_id(id)?)?)
}

/// Saves activity figures of a cell (all or nothing; an empty value removes one).
pub fn save_cell_figures(
    s: &Shared,
    id: &str,
    rows: &[cells::activity::FigureInput],
) -> ApiResult<usize> {
    Ok(cells::activity::save(&mut lock(s), cell_id(id)?, rows)?)
}

/// A cell's kg per bin (or bag) of every category.
pub fn container_sizes(s: &Shared, id: &str) -> ApiResult<Vec<cells::activity::ContainerSize>> {
    Ok(cells::activity::container_sizes(
        lock(s).conn(),
        cell_id(id)?,
    )?)
}

/// Sets (or clears) a cell's own kg per bin (or bag) of a category.
pub fn set_container(s: &Shared, id: &str, category: &str, kg: &str) -> ApiResult<()> {
    Ok(cells::activity::set_container(
        &mut lock(s),
        cell_id(id)?,
        category,
        kg,
    )?)
}

/// Adds a waste category.
pub fn add_category(
    s: &Shared,
    d: &cells::categories::CategoryDraft,
) -> ApiResult<cells::categories::Category> {
    Ok(lock(s).write(|w| cells::categories::add_category(w, d))?)
}

/// Renames a category or changes its recovery flag or bin size.
pub fn edit_category(
    s: &Shared,
    key: &str,
    d: &cells::categories::CategoryDraft,
) -> ApiResult<cells::categories::Category> {
    Ok(lock(s).write(|w| cells::categories::edit_category(w, key, d))?)
}

/// Moves a category to a position (1-based) in the order.
pub fn move_category(
    s: &Shared,
    key: &str,
    position: usize,
) -> ApiResult<Vec<cells::categories::Category>> {
    Ok(lock(s).write(|w| cells::categories::move_category(w, key, position))?)
}

/// Retires a category (or brings it back).
pub fn retire_category(
    s: &Shared,
    key: &str,
    retired: bool,
) -> ApiResult<cells::categories::Category> {
    Ok(lock(s).write(|w| cells::categories::retire_category(w, key, retired))?)
}

/// Adds a waste stream.
pub fn add_stream(s: &Shared, key: &str, name_zh: &str, name_en: &str) -> ApiResult<()> {
    Ok(lock(s).write(|w| cells::categories::add_stream(w, key, name_zh, name_en))?)
}

/// A cell's computed rates over a period.
pub fn cell_rates(
    s: &Shared,
    id: &str,
    from: &str,
    to: &str,
) -> ApiResult<cells::rates::CellRates> {
    Ok(cells::rates::compute(
        lock(s).conn(),
        cell_id(id)?,
        from,
        to,
    )?)
}

/// Everything the construction-waste forms offer as choices: the registers.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CwRegisters {
    /// Sites.
    pub sites: Vec<crate::construction::registers::Entry>,
    /// Transporters.
    pub transporters: Vec<crate::construction::registers::Entry>,
    /// Vehicles.
    pub vehicles: Vec<crate::construction::registers::Entry>,
    /// Facilities.
    pub facilities: Vec<crate::construction::registers::Entry>,
}

/// The four registers.
pub fn cw_registers(s: &Shared) -> ApiResult<CwRegisters> {
    use crate::construction::registers::{list, Register};
    let l = lock(s);
    let c = l.conn();
    Ok(CwRegisters {
        sites: list(c, Register::Site)?,
        transporters: list(c, Register::Transporter)?,
        vehicles: list(c, Register::Vehicle)?,
        facilities: list(c, Register::Facility)?,
    })
}

/// Adds an entry to a register.
pub fn cw_add_entry(
    s: &Shared,
    register: crate::construction::registers::Register,
    d: &crate::construction::registers::EntryDraft,
) -> ApiResult<()> {
    crate::construction::registers::add(&mut lock(s), register, d)?;
    Ok(())
}

/// One page of manifests.
pub fn cw_list(
    s: &Shared,
    f: &crate::construction::list::ManifestFilter,
) -> ApiResult<crate::construction::list::ManifestPage> {
    Ok(crate::construction::list::list(lock(s).conn(), f)?)
}

/// A manifest, its alerts and its history.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ManifestView {
    /// The manifest.
    pub manifest: crate::construction::manifests::Manifest,
    /// Its alerts.
    pub alerts: Vec<crate::construction::alerts::Alert>,
    /// Its history, oldest first.
    pub history: Vec<crate::audit::LoggedChange>,
}

/// One manifest by number or id, with its alerts and history.
pub fn cw_manifest(s: &Shared, key: &str) -> ApiResult<ManifestView> {
    let l = lock(s);
    let m = crate::construction::manifests::get(l.conn(), key)?;
    Ok(ManifestView {
        alerts: {
            let mut a = crate::construction::alerts::manifest_alerts(l.conn(), Some(m.id))?;
            a.extend(crate::construction::facilities::mismatch_alerts(
                l.conn(),
                Some(m.id),
            )?);
            a
        },
        history: crate::audit::history(l.conn(), "cw_manifests", m.id.as_bytes())?,
        manifest: m,
    })
}

/// Opens and dispatches a manifest (the quick dispatch form).
pub fn cw_dispatch(
    s: &Shared,
    d: &crate::construction::manifests::ManifestDraft,
) -> ApiResult<ManifestView> {
    let m = crate::construction::manifests::dispatch_new(&mut lock(s), d)?;
    cw_manifest(s, &m.number)
}

/// Records a reception (the weighbridge form).
pub fn cw_receive(
    s: &Shared,
    key: &str,
    r: &crate::construction::manifests::Reception,
) -> ApiResult<ManifestView> {
    let m = crate::construction::manifests::receive(&mut lock(s), key, r)?;
    cw_manifest(s, &m.number)
}

/// Closes, or cancels with a reason.
pub fn cw_step(
    s: &Shared,
    key: &str,
    step: crate::construction::manifests::Step,
    reason: &str,
) -> ApiResult<ManifestView> {
    let m = crate::construction::manifests::step(&mut lock(s), key, step, reason)?;
    cw_manifest(s, &m.number)
}

/// Links a refused load to the follow-up manifest that took it elsewhere.
pub fn cw_link_followup(s: &Shared, refused: &str, followup: &str) -> ApiResult<ManifestView> {
    let m = crate::construction::manifests::link_followup(&mut lock(s), refused, followup)?;
    cw_manifest(s, &m.number)
}

/// Every construction-waste alert.
pub fn cw_alerts(s: &Shared) -> ApiResult<Vec<crate::construction::alerts::Alert>> {
    Ok(crate::construction::alerts::all(lock(s).conn())?)
}

/// The resource-use rate.
pub fn cw_rate(
    s: &Shared,
    by: &str,
    from: &str,
    to: &str,
) -> ApiResult<crate::construction::resource_use::ResourceUse> {
    Ok(crate::construction::resource_use::rate(
        lock(s).conn(),
        by,
        from,
        to,
    )?)
}

/// Corrects a locked manifest with a reason (a revision).
pub fn cw_revise(
    s: &Shared,
    key: &str,
    d: &crate::construction::manifests::ManifestDraft,
    r: Option<&crate::construction::manifests::Reception>,
    reason: &str,
) -> ApiResult<ManifestView> {
    let m = crate::construction::manifests::revise(&mut lock(s), key, d, r, reason)?;
    cw_manifest(s, &m.number)
}

/// Records a facility's output for a month: (product, tonnes) pairs.
pub fn cw_output(
    s: &Shared,
    facility: &str,
    month: &str,
    products: &[(String, String)],
) -> ApiResult<usize> {
    Ok(crate::construction::resource_use::record_output(
        &mut lock(s),
        facility,
        month,
        products,
    )?)
}

/// The structure warnings of a draft's credit code, as typed (they never block a save).
pub fn cell_warnings(s: &Shared, d: &CellDraft) -> ApiResult<Vec<FieldError>> {
    let l = lock(s);
    let kind = profile::find_kind(l.conn(), &d.kind)?.map(|k| k.key);
    Ok(cells::uscc::judge("uscc", &d.uscc, &d.uscc_override, kind.as_deref()).warnings)
}

/// Moves a cell along its status; naming takes its date, batch and document number.
pub fn change_status(s: &Shared, id: &str, ch: &cells::StatusChange) -> ApiResult<cells::Cell> {
    Ok(cells::change_status(&mut lock(s), cell_id(id)?, ch)?)
}

/// A cell's namings, past and current.
pub fn cell_namings(s: &Shared, id: &str) -> ApiResult<Vec<cells::Naming>> {
    Ok(cells::namings(lock(s).conn(), cell_id(id)?)?)
}

/// Every alert, most urgent first, filtered by kind or area (empty: all).
pub fn alerts(s: &Shared, filter: &str) -> ApiResult<Vec<crate::alerts::Alert>> {
    Ok(crate::alerts::all(lock(s).conn(), filter)?)
}

/// The reporting areas with their districts.
pub fn reporting_areas(s: &Shared) -> ApiResult<Vec<crate::areas::ReportingArea>> {
    Ok(crate::areas::list(lock(s).conn())?)
}

/// Adds or renames a reporting area, with its English name (`None`: left as it is; empty:
/// removed).
pub fn put_area(s: &Shared, code: &str, name: &str, name_en: Option<&str>) -> ApiResult<()> {
    Ok(lock(s).write(|w| crate::areas::put_named(w, code, name, name_en))?)
}

/// Groups districts into a reporting area (an empty area takes them out of any).
pub fn group_area(s: &Shared, area: &str, districts: &[String]) -> ApiResult<()> {
    Ok(lock(s).write(|w| {
        if area.trim().is_empty() {
            crate::areas::ungroup(w, districts)
        } else {
            crate::areas::group(w, area, districts)
        }
    })?)
}

/// Every facility with its kind and the categories it accepts.
pub fn cw_facilities(s: &Shared) -> ApiResult<Vec<crate::construction::facilities::FacilityUse>> {
    Ok(crate::construction::facilities::list(lock(s).conn())?)
}

/// Changes a facility's kind (empty: kept) and accepted categories (empty: the kind's).
pub fn cw_set_facility(
    s: &Shared,
    facility: &str,
    kind: &str,
    accepts: &str,
) -> ApiResult<crate::construction::facilities::FacilityUse> {
    Ok(crate::construction::facilities::set(
        &mut lock(s),
        facility,
        kind,
        accepts,
    )?)
}

/// Records a site's declaration of a month and category.
pub fn cw_declare(
    s: &Shared,
    d: &crate::construction::resource_use::declarations::DeclarationDraft,
) -> ApiResult<crate::construction::resource_use::declarations::Declaration> {
    Ok(crate::construction::resource_use::declarations::declare(
        &mut lock(s),
        d,
    )?)
}

/// Sites' declarations of a period.
pub fn cw_declarations(
    s: &Shared,
    from: &str,
    to: &str,
) -> ApiResult<Vec<crate::construction::resource_use::declarations::Declaration>> {
    Ok(crate::construction::resource_use::declarations::list(
        lock(s).conn(),
        None,
        from,
        to,
    )?)
}

/// Facilities' input per product line in a period.
pub fn cw_outputs(
    s: &Shared,
    from: &str,
    to: &str,
) -> ApiResult<Vec<crate::construction::resource_use::outputs::OutputLine>> {
    Ok(crate::construction::resource_use::outputs::list(
        lock(s).conn(),
        None,
        from,
        to,
    )?)
}

/// The supervision figures of a period.
pub fn cw_supervision(
    s: &Shared,
    from: &str,
    to: &str,
) -> ApiResult<crate::construction::supervision::Supervision> {
    Ok(crate::construction::supervision::supervision(
        lock(s).conn(),
        from,
        to,
    )?)
}

/// The head of the change log's chain (sequence and hash, and a short printable form), shown
/// on the settings page; recorded as seen by the window, so that `zwl check` reports a history
/// rewritten after it. Reports and sync bundles carry the same value
/// ([`crate::audit::head`]) and check one seen before with [`crate::audit::verify_head`].
pub fn chain_head(s: &Shared) -> ApiResult<crate::audit::Head> {
    let l = lock(s);
    let head = crate::audit::head(l.conn())?;
    crate::audit::chain::note_head(l.conn(), &head, "window")?;
    Ok(head)
}
/// Writes a list, exactly as the window shows it (every page, its filters applied), to
/// `path` as CSV or XLSX. The window picks the path with a save dialog.
pub fn export_list(
    s: &Shared,
    spec: &crate::export::ListSpec,
    format: crate::export::Format,
    path: &str,
) -> ApiResult<crate::export::Exported> {
    Ok(crate::export::export(
        lock(s).conn(),
        spec,
        format,
        std::path::Path::new(path),
    )?)
}

/// Checks a CSV or XLSX file of cells, records or manifests as its import would, writing
/// nothing: every row with its bad fields marked, and the counts.
pub fn import_preview(
    s: &Shared,
    kind: crate::import_preview::ImportKind,
    path: &str,
) -> ApiResult<crate::import_preview::ImportPreview> {
    Ok(crate::import_preview::preview(
        &mut lock(s),
        kind,
        std::path::Path::new(path),
    )?)
}

/// Imports a CSV or XLSX file of cells, records or manifests, all or nothing.
pub fn import_file(
    s: &Shared,
    kind: crate::import_preview::ImportKind,
    path: &str,
) -> ApiResult<crate::csv_file::Imported> {
    Ok(crate::import_preview::import(
        &mut lock(s),
        kind,
        std::path::Path::new(path),
    )?)
}

/// [`import_preview`], telling `progress` how far the reading has got (every few thousand
/// rows), for a window that shows it on large files.
pub fn import_preview_with(
    s: &Shared,
    kind: crate::import_preview::ImportKind,
    path: &str,
    progress: &mut dyn FnMut(crate::import_run::Progress),
) -> ApiResult<crate::import_preview::ImportPreview> {
    Ok(crate::import_preview::preview_with(
        &mut lock(s),
        kind,
        std::path::Path::new(path.trim()),
        progress,
    )?)
}

/// [`import_file`], telling `progress` how far it has got.
pub fn import_file_with(
    s: &Shared,
    kind: crate::import_preview::ImportKind,
    path: &str,
    progress: &mut dyn FnMut(crate::import_run::Progress),
) -> ApiResult<crate::csv_file::Imported> {
    Ok(crate::import_run::import(
        &mut lock(s),
        kind,
        std::path::Path::new(path.trim()),
        progress,
    )?)
}

/// Where the window stands before it works on a ledger: open, or the file it tried and why it
/// could not open it (the start screen offers: retry, another file, read-only, a new ledger).
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct StartView {
    /// A ledger is open.
    pub ready: bool,
    /// The file opened or tried.
    pub path: String,
    /// Why it could not be opened (`no_ledger` on a first start, `not_a_ledger`,
    /// `read_only_file`, `busy` …).
    pub problem: Option<ApiError>,
}

/// Opens an existing ledger for the window, for reading only when asked.
pub fn start_open(path: &str, read_only: bool) -> ApiResult<Ledger> {
    let p = PathBuf::from(path.trim());
    if p.as_os_str().is_empty() {
        return Err(Error::field("file", Rule::Required, &[]).into());
    }
    let l = if read_only {
        Ledger::open_read_only(&p)
    } else {
        Ledger::open_existing(&p)
    }?;
    backup::start_auto_backup(&l);
    Ok(l)
}

/// Creates a new ledger at `path` for the window (the first-start choice). The program's own
/// data folder is made when it is missing; any other folder must exist.
pub fn start_create(path: &str) -> ApiResult<Ledger> {
    let p = PathBuf::from(path.trim());
    if p.as_os_str().is_empty() {
        return Err(Error::field("file", Rule::Required, &[]).into());
    }
    if p == crate::paths::default_db() {
        std::fs::create_dir_all(crate::paths::data_dir()).map_err(Error::from)?;
    }
    Ok(Ledger::create(&p)?)
}

/// Every label set the window shows (statuses, categories, alert kinds …), Chinese and English.
pub fn labels() -> ApiResult<crate::labels::Labels> {
    Ok(crate::labels::all())
}

/// Alerts by kind and area, acknowledged ones when asked; most urgent first.
pub fn alerts_query(
    s: &Shared,
    q: &crate::alerts::AlertQuery,
) -> ApiResult<Vec<crate::alerts::Alert>> {
    Ok(crate::alerts::list(lock(s).conn(), q)?)
}

/// Acknowledges an alert with a note (kept in the change log).
pub fn acknowledge_alert(s: &Shared, key: &str, note: &str) -> ApiResult<crate::alerts::acks::Ack> {
    Ok(crate::alerts::acks::acknowledge(&mut lock(s), key, note)?)
}

/// The acknowledgements as the change log holds them, newest first.
pub fn alert_ack_history(s: &Shared) -> ApiResult<Vec<crate::alerts::acks::AckEntry>> {
    Ok(crate::alerts::acks::history(lock(s).conn(), 200)?)
}

/// Everything the home page shows.
pub fn home(s: &Shared) -> ApiResult<crate::home::Home> {
    Ok(crate::home::home(lock(s).conn())?)
}

/// The first-start state, and where the data file and its backups are.
pub fn setup_state(s: &Shared) -> ApiResult<crate::home::setup::SetupState> {
    let l = lock(s);
    Ok(crate::home::setup::state(l.conn(), l.path())?)
}

/// Saves the first-start answers.
pub fn first_start(
    s: &Shared,
    f: &crate::home::setup::FirstStart,
) -> ApiResult<crate::home::setup::SetupState> {
    let mut l = lock(s);
    crate::home::setup::apply(&mut l, f)?;
    Ok(crate::home::setup::state(l.conn(), l.path())?)
}

/// The operators of the change log, most recent first.
pub fn recent_operators(s: &Shared) -> ApiResult<Vec<String>> {
    Ok(crate::home::setup::recent_operators(lock(s).conn(), 8)?)
}

/// Switches the operator; every write after it is logged under the new name.
pub fn switch_operator(s: &Shared, name: &str) -> ApiResult<()> {
    Ok(crate::home::setup::switch_operator(&mut lock(s), name)?)
}

/// A month sheet (本月填报): the cells a filter picks, with their values of the month and of
/// the month before.
pub fn month_sheet(s: &Shared, f: &cells::sheet::SheetFilter) -> ApiResult<cells::sheet::Sheet> {
    Ok(cells::sheet::load(lock(s).conn(), f)?)
}

/// Saves a month sheet: every row in one transaction, or nothing, refusals by row.
pub fn save_month_sheet(
    s: &Shared,
    sheet: &cells::sheet::SheetSave,
) -> ApiResult<cells::sheet::SheetSaved> {
    Ok(cells::sheet::save(&mut lock(s), sheet)?)
}

/// A cell's assessment page: the criteria in force for its kind, its application and its
/// assessments (newest first).
#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct AssessView {
    /// The criteria a new assessment is scored against.
    pub criteria: cells::assess::Criteria,
    /// The application, if recorded.
    pub application: Option<cells::assess::Application>,
    /// The assessments, newest first.
    pub assessments: Vec<cells::assess::Assessment>,
}

/// A cell's criteria, application and assessments.
pub fn cell_assessments(s: &Shared, id: &str) -> ApiResult<AssessView> {
    let id = cell_id(id)?;
    let l = lock(s);
    let c = cells::get(l.conn(), id)?;
    Ok(AssessView {
        criteria: cells::assess::criteria::current(l.conn(), &c.kind)?,
        application: cells::assess::application(l.conn(), id)?,
        assessments: cells::assess::assessments(l.conn(), id)?,
    })
}

/// Records (or replaces) a cell's application.
pub fn save_application(s: &Shared, id: &str, app: &cells::assess::Application) -> ApiResult<()> {
    let id = cell_id(id)?;
    Ok(cells::assess::save_application(&mut lock(s), id, app)?)
}

/// Records an assessment attempt of a cell.
pub fn record_assessment(
    s: &Shared,
    id: &str,
    input: &cells::assess::AssessmentInput,
) -> ApiResult<cells::assess::Assessment> {
    let id = cell_id(id)?;
    Ok(cells::assess::record(&mut lock(s), id, input)?)
}

/// Issues a cell's certification report over `from`..`to` (empty: last calendar year) and
/// writes the PDF to `path`.
pub fn save_cert_report(
    s: &Shared,
    id: &str,
    from: &str,
    to: &str,
    path: &str,
) -> ApiResult<crate::report::IssuedCert> {
    let id = cell_id(id)?;
    let (df, dt) = crate::report::verify::default_period();
    let from = if from.trim().is_empty() {
        df
    } else {
        from.to_string()
    };
    let to = if to.trim().is_empty() {
        dt
    } else {
        to.to_string()
    };
    Ok(crate::report::write_cert(
        &mut lock(s),
        id,
        &from,
        &to,
        std::path::Path::new(path),
    )?)
}

/// Checks a certification PDF against the ledger.
pub fn verify_cert_report(s: &Shared, path: &str) -> ApiResult<crate::report::Verification> {
    let bytes = std::fs::read(path).map_err(Error::from)?;
    Ok(crate::report::verify_cert(lock(s).conn(), &bytes, path)?)
}

/// The folder the window proposes for an export (Documents, else home).
pub fn export_dir() -> ApiResult<String> {
    Ok(crate::paths::export_dir().display().to_string())
}

/// Undoes the change set given, or the operator's last change on this installation, by a new
/// change with the reason "undo" (the toast's 撤销 button).
pub fn undo(s: &Shared, change_set: Option<i64>) -> ApiResult<crate::undo::Undone> {
    Ok(crate::undo::undo(&mut lock(s), change_set)?)
}

/// The operator's last change set on this installation (what the toast's 撤销 would undo).
pub fn last_change(s: &Shared) -> ApiResult<Option<crate::undo::ChangeSet>> {
    Ok(crate::undo::last_change_set(&lock(s))?)
}

/// A cell's changes and those of its monthly records, newest first, with values before and
/// after.
pub fn cell_changes(s: &Shared, id: &str) -> ApiResult<Vec<cells::history::CellChange>> {
    Ok(cells::history::history(lock(s).conn(), cell_id(id)?)?)
}

pub mod agri;
pub mod backup;
pub mod office;
pub mod report;
pub mod sync;

//! The desktop window of the Zero-Waste City ledger. Each command is a one-line adapter to
//! `zwl::api`; every rule lives in the core.

#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

mod dialog;

use std::path::PathBuf;
use std::sync::Mutex;

use tauri::{AppHandle, Emitter, Manager, State};
use zwl::agri;
use zwl::api::{self, ApiResult, Shared};
use zwl::cells::{records::RecordInput, CellDraft, CellFilter};
use zwl::construction::list::{ManifestFilter, ManifestPage};
use zwl::construction::manifests::{ManifestDraft, Reception, Step};
use zwl::construction::registers::{EntryDraft, Register};
use zwl::construction::resource_use::ResourceUse;
use zwl::import_preview::ImportKind;
use zwl::profile::{CellKind, District};

#[tauri::command]
fn app_info(s: State<'_, Shared>) -> ApiResult<api::AppInfo> {
    api::app_info(&s)
}
#[tauri::command]
fn reference(s: State<'_, Shared>) -> ApiResult<api::Reference> {
    api::reference(&s)
}
#[tauri::command]
fn set_setting(s: State<'_, Shared>, key: String, value: String) -> ApiResult<()> {
    api::set_setting(&s, &key, &value)
}
#[tauri::command]
fn put_district(s: State<'_, Shared>, district: District) -> ApiResult<()> {
    api::put_district(&s, &district)
}
#[tauri::command]
fn add_kind(s: State<'_, Shared>, kind: CellKind) -> ApiResult<()> {
    api::add_kind(&s, &kind)
}
#[tauri::command]
fn choose_db(path: String) -> ApiResult<()> {
    api::choose_db(&path)
}
#[tauri::command]
fn list_cells(s: State<'_, Shared>, filter: CellFilter) -> ApiResult<zwl::cells::CellPage> {
    api::list_cells(&s, &filter)
}
#[tauri::command]
fn get_cell(s: State<'_, Shared>, id: String) -> ApiResult<zwl::cells::Cell> {
    api::get_cell(&s, &id)
}
#[tauri::command]
fn validate_cell(
    s: State<'_, Shared>,
    draft: CellDraft,
    editing: Option<String>,
) -> ApiResult<Vec<zwl::FieldError>> {
    api::validate_cell(&s, &draft, editing.as_deref())
}
#[tauri::command]
fn add_cell(s: State<'_, Shared>, draft: CellDraft) -> ApiResult<zwl::cells::Cell> {
    api::add_cell(&s, &draft)
}
#[tauri::command]
fn edit_cell(s: State<'_, Shared>, id: String, draft: CellDraft) -> ApiResult<zwl::cells::Cell> {
    api::edit_cell(&s, &id, &draft)
}
#[tauri::command]
fn set_status(
    s: State<'_, Shared>,
    id: String,
    to: String,
    on: Option<String>,
    reason: Option<String>,
) -> ApiResult<zwl::cells::Cell> {
    api::set_status(&s, &id, &to, on.as_deref(), reason.as_deref())
}
#[tauri::command]
fn undo(s: State<'_, Shared>, change_set: Option<i64>) -> ApiResult<zwl::undo::Undone> {
    api::undo(&s, change_set)
}
#[tauri::command]
fn last_change(s: State<'_, Shared>) -> ApiResult<Option<zwl::undo::ChangeSet>> {
    api::last_change(&s)
}
#[tauri::command]
fn cell_changes(
    s: State<'_, Shared>,
    id: String,
) -> ApiResult<Vec<zwl::cells::history::CellChange>> {
    api::cell_changes(&s, &id)
}
#[tauri::command]
fn cell_history(s: State<'_, Shared>, id: String) -> ApiResult<Vec<zwl::audit::LoggedChange>> {
    api::cell_history(&s, &id)
}
#[tauri::command]
fn chain_head(s: State<'_, Shared>) -> ApiResult<zwl::audit::Head> {
    api::chain_head(&s)
}
#[tauri::command]
fn list_records(
    s: State<'_, Shared>,
    id: String,
    from: String,
    to: String,
) -> ApiResult<Vec<zwl::cells::records::Record>> {
    api::list_records(&s, &id, &from, &to)
}
#[tauri::command]
fn save_records(s: State<'_, Shared>, id: String, rows: Vec<RecordInput>) -> ApiResult<usize> {
    api::save_records(&s, &id, &rows)
}
#[tauri::command]
fn delete_record(
    s: State<'_, Shared>,
    id: String,
    month: String,
    category: String,
) -> ApiResult<()> {
    api::delete_record(&s, &id, &month, &category)
}
#[tauri::command]
fn save_record_entries(
    s: State<'_, Shared>,
    id: String,
    rows: Vec<RecordInput>,
) -> ApiResult<zwl::cells::records::Saved> {
    api::save_record_entries(&s, &id, &rows)
}
#[tauri::command]
fn cell_figures(
    s: State<'_, Shared>,
    id: String,
) -> ApiResult<Vec<zwl::cells::activity::ActivityFigure>> {
    api::cell_figures(&s, &id)
}
#[tauri::command]
fn save_cell_figures(
    s: State<'_, Shared>,
    id: String,
    rows: Vec<zwl::cells::activity::FigureInput>,
) -> ApiResult<usize> {
    api::save_cell_figures(&s, &id, &rows)
}
#[tauri::command]
fn container_sizes(
    s: State<'_, Shared>,
    id: String,
) -> ApiResult<Vec<zwl::cells::activity::ContainerSize>> {
    api::container_sizes(&s, &id)
}
#[tauri::command]
fn set_container(s: State<'_, Shared>, id: String, category: String, kg: String) -> ApiResult<()> {
    api::set_container(&s, &id, &category, &kg)
}
#[tauri::command]
fn add_category(
    s: State<'_, Shared>,
    draft: zwl::cells::categories::CategoryDraft,
) -> ApiResult<zwl::cells::categories::Category> {
    api::add_category(&s, &draft)
}
#[tauri::command]
fn edit_category(
    s: State<'_, Shared>,
    key: String,
    draft: zwl::cells::categories::CategoryDraft,
) -> ApiResult<zwl::cells::categories::Category> {
    api::edit_category(&s, &key, &draft)
}
#[tauri::command]
fn move_category(
    s: State<'_, Shared>,
    key: String,
    position: usize,
) -> ApiResult<Vec<zwl::cells::categories::Category>> {
    api::move_category(&s, &key, position)
}
#[tauri::command]
fn retire_category(
    s: State<'_, Shared>,
    key: String,
    retired: bool,
) -> ApiResult<zwl::cells::categories::Category> {
    api::retire_category(&s, &key, retired)
}
#[tauri::command]
fn add_stream(
    s: State<'_, Shared>,
    key: String,
    name_zh: String,
    name_en: String,
) -> ApiResult<()> {
    api::add_stream(&s, &key, &name_zh, &name_en)
}
#[tauri::command]
fn cell_rates(
    s: State<'_, Shared>,
    id: String,
    from: String,
    to: String,
) -> ApiResult<zwl::cells::rates::CellRates> {
    api::cell_rates(&s, &id, &from, &to)
}

#[tauri::command]
fn cell_warnings(s: State<'_, Shared>, draft: CellDraft) -> ApiResult<Vec<zwl::FieldError>> {
    api::cell_warnings(&s, &draft)
}
#[tauri::command]
fn change_status(
    s: State<'_, Shared>,
    id: String,
    change: zwl::cells::StatusChange,
) -> ApiResult<zwl::cells::Cell> {
    api::change_status(&s, &id, &change)
}
#[tauri::command]
fn cell_namings(s: State<'_, Shared>, id: String) -> ApiResult<Vec<zwl::cells::Naming>> {
    api::cell_namings(&s, &id)
}
#[tauri::command]
fn alerts(s: State<'_, Shared>, filter: String) -> ApiResult<Vec<zwl::alerts::Alert>> {
    api::alerts(&s, &filter)
}
#[tauri::command]
fn alerts_query(
    s: State<'_, Shared>,
    query: zwl::alerts::AlertQuery,
) -> ApiResult<Vec<zwl::alerts::Alert>> {
    api::alerts_query(&s, &query)
}
#[tauri::command]
fn acknowledge_alert(
    s: State<'_, Shared>,
    key: String,
    note: String,
) -> ApiResult<zwl::alerts::acks::Ack> {
    api::acknowledge_alert(&s, &key, &note)
}
#[tauri::command]
fn alert_ack_history(s: State<'_, Shared>) -> ApiResult<Vec<zwl::alerts::acks::AckEntry>> {
    api::alert_ack_history(&s)
}
#[tauri::command]
fn home(s: State<'_, Shared>) -> ApiResult<zwl::home::Home> {
    api::home(&s)
}
#[tauri::command]
fn setup_state(s: State<'_, Shared>) -> ApiResult<zwl::home::setup::SetupState> {
    api::setup_state(&s)
}
#[tauri::command]
fn first_start(
    s: State<'_, Shared>,
    answers: zwl::home::setup::FirstStart,
) -> ApiResult<zwl::home::setup::SetupState> {
    api::first_start(&s, &answers)
}
#[tauri::command]
fn recent_operators(s: State<'_, Shared>) -> ApiResult<Vec<String>> {
    api::recent_operators(&s)
}
#[tauri::command]
fn switch_operator(s: State<'_, Shared>, name: String) -> ApiResult<()> {
    api::switch_operator(&s, &name)
}
#[tauri::command]
fn labels() -> ApiResult<zwl::labels::Labels> {
    api::labels()
}
#[tauri::command]
fn reporting_areas(s: State<'_, Shared>) -> ApiResult<Vec<zwl::areas::ReportingArea>> {
    api::reporting_areas(&s)
}
#[tauri::command]
fn put_area(
    s: State<'_, Shared>,
    code: String,
    name: String,
    name_en: Option<String>,
) -> ApiResult<()> {
    api::put_area(&s, &code, &name, name_en.as_deref())
}
#[tauri::command]
fn group_area(s: State<'_, Shared>, area: String, districts: Vec<String>) -> ApiResult<()> {
    api::group_area(&s, &area, &districts)
}

#[tauri::command]
fn cw_registers(s: State<'_, Shared>) -> ApiResult<api::CwRegisters> {
    api::cw_registers(&s)
}
#[tauri::command]
fn cw_add_entry(s: State<'_, Shared>, register: Register, entry: EntryDraft) -> ApiResult<()> {
    api::cw_add_entry(&s, register, &entry)
}
#[tauri::command]
fn cw_list(s: State<'_, Shared>, filter: ManifestFilter) -> ApiResult<ManifestPage> {
    api::cw_list(&s, &filter)
}
#[tauri::command]
fn cw_manifest(s: State<'_, Shared>, key: String) -> ApiResult<api::ManifestView> {
    api::cw_manifest(&s, &key)
}
#[tauri::command]
fn cw_dispatch(s: State<'_, Shared>, draft: ManifestDraft) -> ApiResult<api::ManifestView> {
    api::cw_dispatch(&s, &draft)
}
#[tauri::command]
fn cw_receive(
    s: State<'_, Shared>,
    key: String,
    reception: Reception,
) -> ApiResult<api::ManifestView> {
    api::cw_receive(&s, &key, &reception)
}
#[tauri::command]
fn cw_step(
    s: State<'_, Shared>,
    key: String,
    step: Step,
    reason: String,
) -> ApiResult<api::ManifestView> {
    api::cw_step(&s, &key, step, &reason)
}
#[tauri::command]
fn cw_link_followup(
    s: State<'_, Shared>,
    refused: String,
    followup: String,
) -> ApiResult<api::ManifestView> {
    api::cw_link_followup(&s, &refused, &followup)
}
#[tauri::command]
fn cw_alerts(s: State<'_, Shared>) -> ApiResult<Vec<zwl::construction::alerts::Alert>> {
    api::cw_alerts(&s)
}
#[tauri::command]
fn cw_rate(s: State<'_, Shared>, by: String, from: String, to: String) -> ApiResult<ResourceUse> {
    api::cw_rate(&s, &by, &from, &to)
}

#[tauri::command]
fn cw_revise(
    s: State<'_, Shared>,
    key: String,
    draft: ManifestDraft,
    reception: Option<Reception>,
    reason: String,
) -> ApiResult<api::ManifestView> {
    api::cw_revise(&s, &key, &draft, reception.as_ref(), &reason)
}
#[tauri::command]
fn cw_output(
    s: State<'_, Shared>,
    facility: String,
    month: String,
    products: Vec<(String, String)>,
) -> ApiResult<usize> {
    api::cw_output(&s, &facility, &month, &products)
}

/// Where the window stands before it works on a ledger (the start screen's state).
struct Start(Mutex<api::StartView>);

#[tauri::command]
fn start_state(s: State<'_, Start>) -> api::StartView {
    s.0.lock().unwrap_or_else(|p| p.into_inner()).clone()
}
#[tauri::command]
fn start_open(app: AppHandle, path: String, read_only: bool) -> ApiResult<()> {
    started(&app, api::start_open(&path, read_only)?, &path);
    Ok(())
}
#[tauri::command]
fn start_create(app: AppHandle, path: String) -> ApiResult<()> {
    started(&app, api::start_create(&path)?, &path);
    Ok(())
}

/// Puts an opened ledger in the window's hands (replacing one opened before).
fn started(app: &AppHandle, ledger: zwl::Ledger, path: &str) {
    match app.try_state::<Shared>() {
        Some(s) => *s.lock().unwrap_or_else(|p| p.into_inner()) = ledger,
        None => {
            app.manage(Shared::new(ledger));
        }
    }
    let start = app.state::<Start>();
    let mut v = start.0.lock().unwrap_or_else(|p| p.into_inner());
    *v = api::StartView {
        ready: true,
        path: path.into(),
        problem: None,
    };
}

/// `--read-only` on the command line: open the ledger for reading only.
fn read_only_arg() -> bool {
    std::env::args_os().skip(1).any(|a| a == "--read-only")
}

/// `--db PATH` from the command line, if given.
fn db_arg() -> Option<PathBuf> {
    let mut args = std::env::args_os().skip(1);
    while let Some(a) = args.next() {
        if a == "--db" {
            return args.next().map(PathBuf::from);
        }
        if let Some(p) = a.to_str().and_then(|s| s.strip_prefix("--db=")) {
            return Some(PathBuf::from(p));
        }
    }
    None
}

#[tauri::command]
fn cw_facilities(
    s: State<'_, Shared>,
) -> ApiResult<Vec<zwl::construction::facilities::FacilityUse>> {
    api::cw_facilities(&s)
}
#[tauri::command]
fn cw_set_facility(
    s: State<'_, Shared>,
    facility: String,
    kind: String,
    accepts: String,
) -> ApiResult<zwl::construction::facilities::FacilityUse> {
    api::cw_set_facility(&s, &facility, &kind, &accepts)
}
#[tauri::command]
fn cw_declare(
    s: State<'_, Shared>,
    draft: zwl::construction::resource_use::declarations::DeclarationDraft,
) -> ApiResult<zwl::construction::resource_use::declarations::Declaration> {
    api::cw_declare(&s, &draft)
}
#[tauri::command]
fn cw_declarations(
    s: State<'_, Shared>,
    from: String,
    to: String,
) -> ApiResult<Vec<zwl::construction::resource_use::declarations::Declaration>> {
    api::cw_declarations(&s, &from, &to)
}
#[tauri::command]
fn cw_outputs(
    s: State<'_, Shared>,
    from: String,
    to: String,
) -> ApiResult<Vec<zwl::construction::resource_use::outputs::OutputLine>> {
    api::cw_outputs(&s, &from, &to)
}
#[tauri::command]
fn cell_assessments(s: State<'_, Shared>, id: String) -> ApiResult<api::AssessView> {
    api::cell_assessments(&s, &id)
}
#[tauri::command]
fn save_application(
    s: State<'_, Shared>,
    id: String,
    app: zwl::cells::assess::Application,
) -> ApiResult<()> {
    api::save_application(&s, &id, &app)
}
#[tauri::command]
fn record_assessment(
    s: State<'_, Shared>,
    id: String,
    input: zwl::cells::assess::AssessmentInput,
) -> ApiResult<zwl::cells::assess::Assessment> {
    api::record_assessment(&s, &id, &input)
}
#[tauri::command]
fn save_cert_report(
    s: State<'_, Shared>,
    id: String,
    from: String,
    to: String,
    path: String,
) -> ApiResult<zwl::report::IssuedCert> {
    api::save_cert_report(&s, &id, &from, &to, &path)
}
#[tauri::command]
fn verify_cert_report(s: State<'_, Shared>, path: String) -> ApiResult<zwl::report::Verification> {
    api::verify_cert_report(&s, &path)
}
#[tauri::command]
fn cw_supervision(
    s: State<'_, Shared>,
    from: String,
    to: String,
) -> ApiResult<zwl::construction::supervision::Supervision> {
    api::cw_supervision(&s, &from, &to)
}
#[tauri::command]
fn export_list(
    s: State<'_, Shared>,
    spec: zwl::export::ListSpec,
    format: zwl::export::Format,
    path: String,
) -> ApiResult<zwl::export::Exported> {
    api::export_list(&s, &spec, format, &path)
}
#[tauri::command]
fn export_dir() -> ApiResult<String> {
    api::export_dir()
}

#[tauri::command]
fn month_sheet(
    s: State<'_, Shared>,
    filter: zwl::cells::sheet::SheetFilter,
) -> ApiResult<zwl::cells::sheet::Sheet> {
    api::month_sheet(&s, &filter)
}
#[tauri::command]
fn save_month_sheet(
    s: State<'_, Shared>,
    sheet: zwl::cells::sheet::SheetSave,
) -> ApiResult<zwl::cells::sheet::SheetSaved> {
    api::save_month_sheet(&s, &sheet)
}

#[tauri::command]
fn agri_places(s: State<'_, Shared>, district: String) -> ApiResult<Vec<agri::places::Place>> {
    api::agri::agri_places(&s, &district)
}
#[tauri::command]
fn agri_add_place(
    s: State<'_, Shared>,
    draft: agri::places::PlaceDraft,
) -> ApiResult<agri::places::Place> {
    api::agri::agri_add_place(&s, &draft)
}
#[tauri::command]
fn agri_import_places(s: State<'_, Shared>, text: String) -> ApiResult<zwl::csv_file::Imported> {
    api::agri::agri_import_places(&s, &text)
}
#[tauri::command]
fn agri_kinds(s: State<'_, Shared>, domain: String) -> ApiResult<Vec<agri::kinds::Kind>> {
    api::agri::agri_kinds(&s, &domain)
}
#[tauri::command]
fn agri_put_kind(
    s: State<'_, Shared>,
    draft: agri::kinds::KindDraft,
) -> ApiResult<agri::kinds::Kind> {
    api::agri::agri_put_kind(&s, &draft)
}
#[tauri::command]
fn agri_points(s: State<'_, Shared>, district: String) -> ApiResult<Vec<agri::points::Point>> {
    api::agri::agri_points(&s, &district)
}
#[tauri::command]
fn agri_add_point(
    s: State<'_, Shared>,
    draft: agri::points::PointDraft,
) -> ApiResult<agri::points::Point> {
    api::agri::agri_add_point(&s, &draft)
}
#[tauri::command]
fn agri_entries(
    s: State<'_, Shared>,
    filter: agri::entries::EntryFilter,
) -> ApiResult<Vec<agri::entries::Entry>> {
    api::agri::agri_entries(&s, &filter)
}
#[tauri::command]
fn agri_add_entry(
    s: State<'_, Shared>,
    draft: agri::entries::EntryDraft,
) -> ApiResult<agri::entries::Entry> {
    api::agri::agri_add_entry(&s, &draft)
}
#[tauri::command]
fn agri_revise_entry(
    s: State<'_, Shared>,
    id: String,
    draft: agri::entries::EntryDraft,
    reason: String,
) -> ApiResult<agri::entries::Entry> {
    api::agri::agri_revise_entry(&s, &id, &draft, &reason)
}
#[tauri::command]
fn agri_delete_entry(s: State<'_, Shared>, id: String, reason: String) -> ApiResult<()> {
    api::agri::agri_delete_entry(&s, &id, &reason)
}
#[tauri::command]
fn agri_import_entries(s: State<'_, Shared>, text: String) -> ApiResult<zwl::csv_file::Imported> {
    api::agri::agri_import_entries(&s, &text)
}
#[tauri::command]
fn agri_outbound(s: State<'_, Shared>, point: String) -> ApiResult<Vec<agri::outbound::Outbound>> {
    api::agri::agri_outbound(&s, &point)
}
#[tauri::command]
fn agri_add_outbound(
    s: State<'_, Shared>,
    draft: agri::outbound::OutboundDraft,
) -> ApiResult<agri::outbound::Outbound> {
    api::agri::agri_add_outbound(&s, &draft)
}
#[tauri::command]
fn agri_stock(s: State<'_, Shared>, district: String) -> ApiResult<Vec<agri::outbound::Stock>> {
    api::agri::agri_stock(&s, &district)
}
#[tauri::command]
fn agri_add_sale(s: State<'_, Shared>, draft: agri::basis::SaleDraft) -> ApiResult<String> {
    api::agri::agri_add_sale(&s, &draft)
}
#[tauri::command]
fn agri_add_film_use(s: State<'_, Shared>, draft: agri::basis::FilmUseDraft) -> ApiResult<String> {
    api::agri::agri_add_film_use(&s, &draft)
}
#[tauri::command]
fn agri_rates(
    s: State<'_, Shared>,
    query: agri::rates::RatesQuery,
) -> ApiResult<agri::rates::Rates> {
    api::agri::agri_rates(&s, &query)
}
#[tauri::command]
fn agri_put_straw(
    s: State<'_, Shared>,
    draft: agri::straw::StrawDraft,
) -> ApiResult<api::agri::Saved<agri::straw::Straw>> {
    api::agri::agri_put_straw(&s, &draft)
}
#[tauri::command]
fn agri_straw(
    s: State<'_, Shared>,
    district: String,
    year: i64,
) -> ApiResult<Vec<agri::straw::Straw>> {
    api::agri::agri_straw(&s, &district, year)
}
#[tauri::command]
fn agri_straw_rates(
    s: State<'_, Shared>,
    district: String,
    year: i64,
    by_township: bool,
) -> ApiResult<Vec<agri::straw::StrawRate>> {
    api::agri::agri_straw_rates(&s, &district, year, by_township)
}
#[tauri::command]
fn agri_put_manure(
    s: State<'_, Shared>,
    draft: agri::manure::ManureDraft,
) -> ApiResult<api::agri::Saved<agri::manure::Manure>> {
    api::agri::agri_put_manure(&s, &draft)
}
#[tauri::command]
fn agri_manure(
    s: State<'_, Shared>,
    district: String,
    year: i64,
) -> ApiResult<Vec<agri::manure::Manure>> {
    api::agri::agri_manure(&s, &district, year)
}
#[tauri::command]
fn agri_manure_rates(
    s: State<'_, Shared>,
    district: String,
    year: i64,
    by_township: bool,
) -> ApiResult<Vec<agri::manure::ManureRate>> {
    api::agri::agri_manure_rates(&s, &district, year, by_township)
}

/// A file's import checked without writing; its progress arrives as `import-progress` events.
/// Async, so the window keeps drawing (and hears the events) while a large file is read.
#[tauri::command]
async fn import_preview(
    app: AppHandle,
    s: State<'_, Shared>,
    kind: ImportKind,
    path: String,
) -> ApiResult<zwl::import_preview::ImportPreview> {
    api::import_preview_with(&s, kind, &path, &mut |p| {
        drop(app.emit("import-progress", p))
    })
}
/// A file imported, all or nothing, with `import-progress` events.
#[tauri::command]
async fn import_file(
    app: AppHandle,
    s: State<'_, Shared>,
    kind: ImportKind,
    path: String,
) -> ApiResult<zwl::csv_file::Imported> {
    api::import_file_with(&s, kind, &path, &mut |p| {
        drop(app.emit("import-progress", p))
    })
}

/// Async, so the window keeps drawing (its progress) while a large report is built.
#[tauri::command]
async fn report_summary(
    s: State<'_, Shared>,
    spec: zwl::report::summary::Spec,
) -> ApiResult<zwl::report::summary::SummaryReport> {
    api::report::report_summary(&s, &spec)
}

/// A report built and saved to `path` as JSON, CSV, XLSX or PDF; async like `report_summary`.
#[tauri::command]
async fn report_summary_save(
    s: State<'_, Shared>,
    spec: zwl::report::summary::Spec,
    format: zwl::report::summary::save::OutputFormat,
    lang: zwl::report::summary::Lang,
    path: String,
) -> ApiResult<u64> {
    api::report::report_summary_save(&s, &spec, format, lang, &path)
}

#[tauri::command]
fn office_view(s: State<'_, Shared>, period: String) -> ApiResult<zwl::office::OfficeView> {
    api::office::office_view(&s, &period)
}
#[tauri::command]
fn backups_view(s: State<'_, Shared>) -> ApiResult<api::backup::BackupsView> {
    api::backup::backups_view(&s)
}
#[tauri::command]
fn backup_now(s: State<'_, Shared>) -> ApiResult<zwl::backups::BackupFile> {
    api::backup::backup_now(&s)
}
#[tauri::command]
fn restore_backup(s: State<'_, Shared>, file: String) -> ApiResult<zwl::db::Restored> {
    api::backup::restore_backup(&s, &file)
}
#[tauri::command]
fn identity_state(s: State<'_, Shared>) -> ApiResult<zwl::identity::LedgerHome> {
    api::backup::identity_state(&s)
}
#[tauri::command]
fn identity_new(
    s: State<'_, Shared>,
    name: String,
    code: String,
) -> ApiResult<zwl::identity::NewIdentity> {
    api::backup::identity_new(&s, &name, &code)
}
#[tauri::command]
fn identity_keep(s: State<'_, Shared>) -> ApiResult<()> {
    api::backup::identity_keep(&s)
}
/// A sync bundle written to a folder; its progress arrives as `sync-progress` events.
#[tauri::command]
async fn sync_export(
    app: AppHandle,
    s: State<'_, Shared>,
    dest: String,
    full: bool,
) -> ApiResult<zwl::sync::ExportReport> {
    api::sync::sync_export_with(&s, &dest, full, &mut |p| drop(app.emit("sync-progress", p)))
}
/// A sync bundle imported, verified whole first; progress as `sync-progress` events.
#[tauri::command]
async fn sync_import(
    app: AppHandle,
    s: State<'_, Shared>,
    path: String,
) -> ApiResult<zwl::sync::ImportReport> {
    api::sync::sync_import_with(&s, &path, &mut |p| drop(app.emit("sync-progress", p)))
}
#[tauri::command]
fn sync_history(s: State<'_, Shared>) -> ApiResult<Vec<zwl::sync::HistoryEntry>> {
    api::sync::sync_history(&s)
}
#[tauri::command]
fn sync_conflicts(s: State<'_, Shared>, all: bool) -> ApiResult<Vec<zwl::sync::Conflict>> {
    api::sync::sync_conflicts(&s, all)
}
#[tauri::command]
fn sync_resolve(
    s: State<'_, Shared>,
    id: i64,
    keep: zwl::sync::Keep,
    reason: Option<String>,
) -> ApiResult<zwl::sync::Conflict> {
    api::sync::sync_resolve(&s, id, keep, reason)
}

fn main() {
    let path = zwl::paths::resolve_db(db_arg().as_deref());
    let shown = path.display().to_string();
    // A file that cannot be opened is not fatal: the window shows why, with the choices.
    let mut builder = tauri::Builder::default();
    let view = match api::start_open(&shown, read_only_arg()) {
        Ok(ledger) => {
            builder = builder.manage(Shared::new(ledger));
            api::StartView {
                ready: true,
                path: shown,
                problem: None,
            }
        }
        Err(problem) => api::StartView {
            ready: false,
            path: shown,
            problem: Some(problem),
        },
    };
    builder
        .plugin(tauri_plugin_dialog::init())
        .manage(Start(Mutex::new(view)))
        .invoke_handler(tauri::generate_handler![
            import_preview,
            import_file,
            sync_export,
            sync_import,
            sync_history,
            sync_conflicts,
            sync_resolve,
            start_state,
            start_open,
            start_create,
            app_info,
            labels,
            reference,
            set_setting,
            put_district,
            add_kind,
            choose_db,
            list_cells,
            get_cell,
            validate_cell,
            add_cell,
            edit_cell,
            set_status,
            cell_history,
            chain_head,
            list_records,
            save_records,
            delete_record,
            cell_rates,
            save_record_entries,
            cell_figures,
            save_cell_figures,
            container_sizes,
            set_container,
            add_category,
            edit_category,
            move_category,
            retire_category,
            add_stream,
            cw_registers,
            cw_add_entry,
            cw_list,
            cw_manifest,
            cw_dispatch,
            cw_receive,
            cw_step,
            cw_alerts,
            cw_rate,
            cw_revise,
            cw_output,
            cell_warnings,
            change_status,
            cell_namings,
            alerts,
            reporting_areas,
            put_area,
            group_area,
            cw_facilities,
            cw_set_facility,
            cw_declare,
            cw_declarations,
            cw_outputs,
            cw_supervision,
            cell_assessments,
            save_application,
            record_assessment,
            save_cert_report,
            verify_cert_report,
            cw_link_followup,
            alerts_query,
            acknowledge_alert,
            alert_ack_history,
            home,
            setup_state,
            first_start,
            recent_operators,
            switch_operator,
            month_sheet,
            save_month_sheet,
            export_list,
            export_dir,
            undo,
            last_change,
            cell_changes,
            agri_places,
            agri_add_place,
            agri_import_places,
            agri_kinds,
            agri_put_kind,
            agri_points,
            agri_add_point,
            agri_entries,
            agri_add_entry,
            agri_revise_entry,
            agri_delete_entry,
            agri_import_entries,
            agri_outbound,
            agri_add_outbound,
            agri_stock,
            agri_add_sale,
            agri_add_film_use,
            agri_rates,
            agri_put_straw,
            agri_straw,
            agri_straw_rates,
            agri_put_manure,
            agri_manure,
            agri_manure_rates,
            dialog::pick_path,
            report_summary,
            report_summary_save,
            backups_view,
            backup_now,
            restore_backup,
            identity_state,
            identity_new,
            identity_keep,
            office_view
        ])
        .run(tauri::generate_context!())
        .unwrap_or_else(|e| {
            eprintln!("the window could not start: {e}");
            std::process::exit(2);
        });
}

//! Writes the TypeScript types of everything the window exchanges with the core into
//! ui/src/bindings/ (run with `--features ts`). The test script then fails when the committed
//! files differ, so the window's types cannot drift from the Rust ones.
#![cfg(feature = "ts")]

use ts_rs::{Config, TS};

#[test]
fn export_bindings() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("ui/src/bindings");
    let _ = std::fs::remove_dir_all(&dir);
    // Quantities are grams and counts far below 2^53: plain numbers in JavaScript.
    let cfg = Config::new().with_large_int("number").with_out_dir(&dir);
    zwl::api::ApiError::export_all(&cfg).unwrap();
    zwl::api::AppInfo::export_all(&cfg).unwrap();
    zwl::api::StartView::export_all(&cfg).unwrap();
    zwl::api::Reference::export_all(&cfg).unwrap();
    zwl::api::CwRegisters::export_all(&cfg).unwrap();
    zwl::api::ManifestView::export_all(&cfg).unwrap();
    zwl::cells::CellDraft::export_all(&cfg).unwrap();
    zwl::cells::Cell::export_all(&cfg).unwrap();
    zwl::cells::CellFilter::export_all(&cfg).unwrap();
    zwl::cells::CellPage::export_all(&cfg).unwrap();
    zwl::cells::records::RecordInput::export_all(&cfg).unwrap();
    zwl::cells::records::Record::export_all(&cfg).unwrap();
    zwl::cells::rates::CellRates::export_all(&cfg).unwrap();
    zwl::cells::records::Saved::export_all(&cfg).unwrap();
    zwl::cells::activity::ActivityFigure::export_all(&cfg).unwrap();
    zwl::cells::activity::FigureInput::export_all(&cfg).unwrap();
    zwl::cells::activity::ContainerSize::export_all(&cfg).unwrap();
    zwl::cells::categories::CategoryDraft::export_all(&cfg).unwrap();
    zwl::audit::LoggedChange::export_all(&cfg).unwrap();
    zwl::audit::Head::export_all(&cfg).unwrap();
    zwl::api::AssessView::export_all(&cfg).unwrap();
    zwl::cells::assess::Application::export_all(&cfg).unwrap();
    zwl::cells::assess::AssessmentInput::export_all(&cfg).unwrap();
    zwl::report::IssuedCert::export_all(&cfg).unwrap();
    zwl::report::Verification::export_all(&cfg).unwrap();
    zwl::construction::registers::EntryDraft::export_all(&cfg).unwrap();
    zwl::construction::manifests::ManifestDraft::export_all(&cfg).unwrap();
    zwl::construction::manifests::Reception::export_all(&cfg).unwrap();
    zwl::construction::list::ManifestFilter::export_all(&cfg).unwrap();
    zwl::construction::list::ManifestPage::export_all(&cfg).unwrap();
    zwl::construction::resource_use::ResourceUse::export_all(&cfg).unwrap();
    zwl::cells::StatusChange::export_all(&cfg).unwrap();
    zwl::labels::Labels::export_all(&cfg).unwrap();
    zwl::cells::Naming::export_all(&cfg).unwrap();
    zwl::alerts::Alert::export_all(&cfg).unwrap();
    zwl::areas::ReportingArea::export_all(&cfg).unwrap();
    zwl::construction::facilities::FacilityUse::export_all(&cfg).unwrap();
    zwl::construction::resource_use::declarations::DeclarationDraft::export_all(&cfg).unwrap();
    zwl::construction::resource_use::declarations::Declaration::export_all(&cfg).unwrap();
    zwl::construction::resource_use::outputs::OutputLine::export_all(&cfg).unwrap();
    zwl::construction::supervision::Supervision::export_all(&cfg).unwrap();
    zwl::construction::manifests::Step::export_all(&cfg).unwrap();
    zwl::export::ListSpec::export_all(&cfg).unwrap();
    zwl::export::Format::export_all(&cfg).unwrap();
    zwl::export::Exported::export_all(&cfg).unwrap();
    zwl::import_preview::ImportKind::export_all(&cfg).unwrap();
    zwl::import_preview::ImportPreview::export_all(&cfg).unwrap();
    zwl::csv_file::Imported::export_all(&cfg).unwrap();
    zwl::alerts::AlertQuery::export_all(&cfg).unwrap();
    zwl::alerts::acks::AckEntry::export_all(&cfg).unwrap();
    zwl::home::Home::export_all(&cfg).unwrap();
    zwl::home::setup::SetupState::export_all(&cfg).unwrap();
    zwl::home::setup::FirstStart::export_all(&cfg).unwrap();
    zwl::cells::sheet::Sheet::export_all(&cfg).unwrap();
    zwl::cells::sheet::SheetFilter::export_all(&cfg).unwrap();
    zwl::cells::sheet::SheetSave::export_all(&cfg).unwrap();
    zwl::cells::sheet::SheetSaved::export_all(&cfg).unwrap();
    zwl::undo::Undone::export_all(&cfg).unwrap();
    zwl::undo::ChangeSet::export_all(&cfg).unwrap();
    zwl::cells::history::CellChange::export_all(&cfg).unwrap();
    zwl::agri::kinds::Kind::export_all(&cfg).unwrap();
    zwl::agri::kinds::KindDraft::export_all(&cfg).unwrap();
    zwl::agri::basis::SaleDraft::export_all(&cfg).unwrap();
    zwl::agri::basis::FilmUseDraft::export_all(&cfg).unwrap();
    zwl::agri::basis::Estimate::export_all(&cfg).unwrap();
    zwl::agri::places::Place::export_all(&cfg).unwrap();
    zwl::agri::places::PlaceDraft::export_all(&cfg).unwrap();
    zwl::agri::entries::EntryDraft::export_all(&cfg).unwrap();
    zwl::agri::entries::Entry::export_all(&cfg).unwrap();
    zwl::agri::entries::EntryFilter::export_all(&cfg).unwrap();
    zwl::agri::outbound::OutboundDraft::export_all(&cfg).unwrap();
    zwl::agri::outbound::Outbound::export_all(&cfg).unwrap();
    zwl::agri::outbound::Stock::export_all(&cfg).unwrap();
    zwl::agri::manure::ManureDraft::export_all(&cfg).unwrap();
    zwl::agri::manure::Manure::export_all(&cfg).unwrap();
    zwl::agri::manure::ManureRate::export_all(&cfg).unwrap();
    zwl::agri::straw::StrawDraft::export_all(&cfg).unwrap();
    zwl::agri::straw::Straw::export_all(&cfg).unwrap();
    zwl::agri::straw::StrawRate::export_all(&cfg).unwrap();
    zwl::agri::points::Point::export_all(&cfg).unwrap();
    zwl::agri::points::PointDraft::export_all(&cfg).unwrap();
    zwl::agri::rates::RatesQuery::export_all(&cfg).unwrap();
    zwl::agri::rates::RateRow::export_all(&cfg).unwrap();
    zwl::agri::rates::Rates::export_all(&cfg).unwrap();
    zwl::api::agri::Saved::<zwl::agri::straw::Straw>::export_all(&cfg).unwrap();
    zwl::import_run::Progress::export_all(&cfg).unwrap();
    zwl::api::backup::BackupsView::export_all(&cfg).unwrap();
    zwl::db::Restored::export_all(&cfg).unwrap();
    zwl::identity::LedgerHome::export_all(&cfg).unwrap();
    zwl::identity::NewIdentity::export_all(&cfg).unwrap();
    assert!(dir.join("Cell.ts").exists());
}

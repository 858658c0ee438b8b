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
    zwl::construction::registers::EntryDraft::export_all(&cfg).unwrap();
    zwl::construction::manifests::ManifestDraft::export_all(&cfg).unwrap();
    zwl::construction::manifests::Reception::export_all(&cfg).unwrap();
    zwl::construction::list::ManifestFilter::export_all(&cfg).unwrap();
    zwl::construction::list::ManifestPage::export_all(&cfg).unwrap();
    zwl::construction::resource_use::ResourceUse::export_all(&cfg).unwrap();
    assert!(dir.join("Cell.ts").exists());
}

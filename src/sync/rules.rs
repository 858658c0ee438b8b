//! The rules of the forms that a row from a bundle must keep as well, checked before anything
//! is written. Each table's row is read back into what its form takes and checked by the
//! very function the form calls (never a copy of its rules): cells
//! (`cells::validate::check_own`), monthly records (`cells::records::check_month`,
//! `check_outflow`), the four registers (`construction::entry_rules::check`), manifests
//! (`construction::manifests::check_own`), the agricultural ledgers (`agri::rules`), the
//! settings that travel (`profile::check_setting`), and every other table a form fills in
//! (the list is in docs/sync-format.md, "The rules of the forms").
//! Rules that need other rows (a district, a transporter, a point that exists) are checked
//! once the rows are applied, with the references; the schema's own checks run again when
//! the row is written.

use rusqlite::types::Value as Sql;

mod agri;
mod cell_tables;
mod city;
mod construction;

use super::tables::Spec;
use crate::construction::entry_rules::{self, tonnes_text};
use crate::construction::registers::{EntryDraft, Register};
use crate::error::FieldError;

/// What a row breaks: (field, English, Chinese).
pub type Broken = (String, String, String);

/// A row's values by column name.
pub(crate) struct Row<'a> {
    spec: &'a Spec,
    vals: &'a [Sql],
}

impl Row<'_> {
    /// A text column ("" when empty or absent).
    pub(crate) fn text(&self, col: &str) -> String {
        match self.spec.col(col).map(|i| &self.vals[i]) {
            Some(Sql::Text(t)) => t.clone(),
            _ => String::new(),
        }
    }
    /// An integer column.
    pub(crate) fn int(&self, col: &str) -> Option<i64> {
        match self.spec.col(col).map(|i| &self.vals[i]) {
            Some(Sql::Integer(v)) => Some(*v),
            _ => None,
        }
    }
    /// An integer column as a form would have it typed ("" when empty).
    pub(crate) fn int_text(&self, col: &str) -> String {
        self.int(col).map(|v| v.to_string()).unwrap_or_default()
    }
}

/// The first rule the row breaks, if any.
pub fn check(spec: &Spec, vals: &[Sql]) -> Option<Broken> {
    let r = Row { spec, vals };
    let errs = match spec.name {
        "cells" => cell(&r),
        "cell_records" => record(&r),
        "cw_sites" => entry(&r, Register::Site),
        "cw_transporters" => entry(&r, Register::Transporter),
        "cw_vehicles" => entry(&r, Register::Vehicle),
        "cw_facilities" => entry(&r, Register::Facility),
        "cw_manifests" => manifest(&r),
        "settings" => setting(&r),
        "cw_facility_outputs" => construction::output(&r),
        "cw_site_declarations" => construction::declaration(&r),
        "cell_record_counts" => cell_tables::count(&r),
        "cell_activity" => cell_tables::activity(&r),
        "cell_containers" => cell_tables::container(&r),
        "agri_points" => agri::point(&r),
        "cell_places" => cell_tables::place(&r),
        "reporting_areas" => city::area(&r),
        "districts" => city::district(&r),
        "district_names_en" => city::name_en(&r, crate::profile::check_district_name_en),
        "cell_kinds" => cell_tables::kind(&r),
        "cell_namings" => cell_tables::naming(&r),
        "cell_applications" => cell_tables::application(&r),
        "cell_assessments" => cell_tables::assessment(&r),
        "cert_reports" => cell_tables::cert_report(&r),
        "agri_places" => agri::place(&r),
        "agri_kinds" => agri::kind(&r),
        "waste_streams" => cell_tables::stream(&r),
        "waste_categories" => cell_tables::category(&r),
        "criteria_templates" => cell_tables::criteria(&r),
        "alert_acks" => city::alert_note(&r),
        "reporting_area_names_en" => city::name_en(&r, crate::areas::check_name_en),
        t => crate::agri::rules::check_row(t, &|c| r.text(c), &|c| r.int(c)),
    };
    errs.into_iter()
        .next()
        .map(|e| (column(spec.name, &e.field), e.message_en, e.message_zh))
}

/// The column a form's field is kept in.
fn column(table: &str, field: &str) -> String {
    let c = match (table, field) {
        ("cw_sites", "permit_no") | ("cw_facilities", "permit_no") => "approval_no",
        ("cw_sites", "valid_until") | ("cw_facilities", "valid_until") => "approval_until",
        (_, "valid_until") => "permit_until",
        ("cw_sites", "uscc") => "builder_uscc",
        ("cw_vehicles", "name") => "plate",
        (_, "rated_payload_t") => "rated_payload_g",
        (_, "box_volume_m3") => "box_volume_cm3",
        (_, "capacity_t") => "capacity_g",
        (
            "cell_records",
            f @ ("generated" | "recycled" | "composted" | "incinerated" | "landfilled"),
        ) => return format!("{f}_g"),
        ("cw_manifests", "declared") => "declared_qty",
        ("cw_manifests", "received") => "received_qty",
        ("cw_manifests", "refused") => "refused_qty",
        ("cw_manifests", "gross") => "gross_g",
        ("cw_manifests", "tare") => "tare_g",
        ("cw_facility_outputs", "qty") => "input_g",
        ("cw_facility_outputs", "product_qty") => "product_g",
        ("cw_site_declarations", f @ ("generated" | "reused" | "balanced")) => {
            return format!("{f}_g")
        }
        ("cell_record_counts", "bins") => "count",
        ("cell_activity", "value") => "value_milli",
        ("cell_namings", "certified_on") => "named_on",
        ("cell_namings", "naming_batch") => "batch",
        ("cell_namings", "naming_doc") => "document_no",
        ("cell_namings", "status") => "ended_as",
        ("cell_assessments", f) if f.starts_with("score.") => "scores",
        ("criteria_templates", "criteria") => "items",
        ("agri_kinds", "ratio") => "ratio_milli",
        ("agri_kinds", "coefficient") => "collect_milli",
        ("agri_kinds", "dung") => "dung_g_day",
        ("agri_kinds", "water") => "water_g_day",
        ("cell_containers" | "waste_categories", "container_kg") => "container_g",
        (_, f) => f,
    };
    c.to_string()
}

fn cell(r: &Row<'_>) -> Vec<FieldError> {
    let d = crate::cells::CellDraft {
        name: r.text("name"),
        kind: r.text("kind"),
        uscc: r.text("uscc"),
        uscc_override: r.text("uscc_override"),
        district: r.text("district"),
        address: r.text("address"),
        contact: r.text("contact"),
        phone: r.text("phone"),
        manager: r.text("manager"),
        headcount: r.int_text("headcount"),
        baseline_headcount: r.int_text("baseline_headcount"),
        baseline_year: r.int_text("baseline_year"),
        ..Default::default()
    };
    let mut e = Vec::new();
    let kind = r.text("kind");
    crate::cells::check_own(&d, Some(&kind), &r.text("district"), &mut e);
    let status = r.text("status");
    if status.parse::<crate::cells::Status>().is_err() {
        e.push(FieldError::new(
            None,
            "status",
            crate::error::Rule::BadValue,
            &[("value", &status)],
        ));
    }
    e
}

fn record(r: &Row<'_>) -> Vec<FieldError> {
    let mut e = Vec::new();
    let month = r.text("month");
    if let Err(code) = crate::cells::records::check_month(&month) {
        e.push(FieldError::new(None, "month", code, &[("value", &month)]));
    }
    let q = [
        "generated_g",
        "recycled_g",
        "composted_g",
        "incinerated_g",
        "landfilled_g",
    ]
    .map(|c| r.int(c).unwrap_or(0));
    e.extend(crate::cells::records::check_outflow(None, &q));
    e
}

fn entry(r: &Row<'_>, register: Register) -> Vec<FieldError> {
    let code = match register {
        Register::Site => r.text("builder_uscc"),
        _ => r.text("uscc"),
    };
    let d = EntryDraft {
        name: match register {
            Register::Vehicle => r.text("plate"),
            _ => r.text("name"),
        },
        project_no: r.text("project_no"),
        permit_no: match register {
            Register::Site | Register::Facility => r.text("approval_no"),
            _ => r.text("permit_no"),
        },
        valid_until: match register {
            Register::Site | Register::Facility => r.text("approval_until"),
            _ => r.text("permit_until"),
        },
        builder: r.text("builder"),
        // The reason for keeping a code whose check character fails is kept in the source's
        // change log, not in the row: a code it kept is taken as kept with a reason.
        uscc_override: if code.is_empty() {
            String::new()
        } else {
            "（来源台账的变更日志中）".into()
        },
        uscc: code,
        address: r.text("address"),
        contact: r.text("contact"),
        phone: r.text("phone"),
        driver: r.text("driver"),
        kind: r.text("kind"),
        accepts: r.text("accepts"),
        capacity_t: tonnes_text(r.int("capacity_g")),
        rated_payload_t: tonnes_text(r.int("rated_payload_g")),
        box_volume_m3: tonnes_text(r.int("box_volume_cm3")),
        ..Default::default()
    };
    entry_rules::check(register, &d, true).1
}

fn manifest(r: &Row<'_>) -> Vec<FieldError> {
    let unit = r.text("unit");
    let d = crate::construction::manifests::ManifestDraft {
        category: r.text("category"),
        unit: unit.clone(),
        declared: tonnes_text(r.int("declared_qty")),
        overload_reason: r.text("overload_reason"),
        driver: r.text("driver"),
        route: r.text("route"),
        departure_at: r.text("departure_at"),
        disposal_method: r.text("disposal_method"),
        paper_no: r.text("paper_no"),
        window_from: r.text("window_from"),
        window_to: r.text("window_to"),
        ..Default::default()
    };
    // The largest load is the receiving ledger's setting, read when the row is written.
    let mut e = match crate::construction::manifests::check_own(&d, |_| Ok(i64::MAX)) {
        Ok((_, e)) => e,
        Err(_) => Vec::new(),
    };
    if r.int("received_qty").is_some() {
        // Before version 3 a load declared in m³ and not weighed had its received quantity
        // converted by density, to the gram: no figure a form types, so it is read to the
        // kilogram below it.
        let converted = unit == "m3" && r.int("gross_g").is_none() && r.int("tare_g").is_none();
        let kept = |c: &str| r.int(c).map(|g| if converted { g - g % 1000 } else { g });
        let weighed = crate::construction::manifests::Reception {
            received: tonnes_text(kept("received_qty")),
            refused: tonnes_text(kept("refused_qty")),
            gross: tonnes_text(r.int("gross_g")),
            tare: tonnes_text(r.int("tare_g")),
            outcome: r.text("outcome"),
            ..Default::default()
        };
        e.extend(crate::construction::manifests::check_weighing(&weighed, i64::MAX).1);
    }
    e
}

fn setting(r: &Row<'_>) -> Vec<FieldError> {
    match crate::profile::check_setting(&r.text("key"), &r.text("value")) {
        Ok(()) => Vec::new(),
        // A key the settings form does not set (one the program keeps for itself) is held
        // to its column's type only.
        Err(e) => e
            .fields()
            .iter()
            .filter(|f| f.code != "unknown_setting")
            .cloned()
            .collect(),
    }
}

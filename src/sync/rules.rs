//! The rules of the forms that a row from a bundle must keep as well, checked before anything
//! is written. Each table's row is read back into what its form takes and checked by the
//! very function the form calls (never a copy of its rules): cells
//! (`cells::validate::check_own`), monthly records (`cells::records::check_month`,
//! `check_outflow`), the four registers (`construction::entry_rules::check`), manifests
//! (`construction::manifests::check_own`), the agricultural ledgers (`agri::rules`) and the
//! settings that travel (`profile::check_setting`).
//! Rules that need other rows (a district, a transporter, a point that exists) are checked
//! once the rows are applied, with the references; the schema's own checks run again when
//! the row is written.

use rusqlite::types::Value as Sql;

use super::tables::Spec;
use crate::construction::entry_rules::{self, tonnes_text};
use crate::construction::registers::{EntryDraft, Register};
use crate::error::FieldError;
use crate::units::format_kg;

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
        "cw_facility_outputs" => output(&r),
        "cw_site_declarations" => declaration(&r),
        "cell_record_counts" => count(&r),
        "cell_activity" => activity(&r),
        "cell_containers" => container(&r),
        "agri_points" => point(&r),
        "cell_places" => place(&r),
        "reporting_areas" => area(&r),
        "districts" => district(&r),
        "district_names_en" => name_en(&r, crate::profile::check_district_name_en),
        "cell_kinds" => kind(&r),
        "cell_namings" => naming(&r),
        "cell_applications" => application(&r),
        "cell_assessments" => assessment(&r),
        "cert_reports" => cert_report(&r),
        "agri_places" => agri_place(&r),
        "agri_kinds" => agri_kind(&r),
        "waste_streams" => stream(&r),
        "waste_categories" => category(&r),
        "criteria_templates" => criteria(&r),
        "alert_acks" => match crate::alerts::acks::check_note(&r.text("note")) {
            Ok(_) => Vec::new(),
            Err(x) => x.fields().to_vec(),
        },
        "reporting_area_names_en" => name_en(&r, crate::areas::check_name_en),
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
        let weighed = crate::construction::manifests::Reception {
            received: tonnes_text(r.int("received_qty")),
            refused: tonnes_text(r.int("refused_qty")),
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

/// The largest figure a form takes is the receiving ledger's setting, read when the row is
/// written; a row is held to the form's shape of a figure here.
const NO_CEILING: i64 = i64::MAX;

fn output(r: &Row<'_>) -> Vec<FieldError> {
    use crate::construction::resource_use::outputs::check_line;
    let mut e = Vec::new();
    let month = r.text("month");
    if let Err(code) = crate::cells::records::check_month(&month) {
        e.push(FieldError::new(None, "month", code, &[("value", &month)]));
    }
    let mut qty = tonnes_text(r.int("input_g"));
    if let Some(g) = r.int("product_g") {
        qty = format!("{qty}/{}", tonnes_text(Some(g)));
    }
    check_line(None, &r.text("product"), &qty, NO_CEILING, &mut e);
    e
}

fn declaration(r: &Row<'_>) -> Vec<FieldError> {
    use crate::construction::resource_use::declarations::{check_own, DeclarationDraft};
    let unit = r.text("unit");
    // A declaration in cubic metres is kept in grams by the category's density: its grams
    // are no figure a form types, so only a declaration in tonnes has its figures re-read.
    let t = unit != "m3";
    let q = |c: &str| {
        if t {
            tonnes_text(r.int(c))
        } else {
            String::new()
        }
    };
    let d = DeclarationDraft {
        month: r.text("month"),
        category: r.text("category"),
        unit,
        generated: if t { q("generated_g") } else { "0".into() },
        reused: q("reused_g"),
        balanced: q("balanced_g"),
        ..Default::default()
    };
    let mut e = Vec::new();
    let _ = check_own(&d, |_| Ok(NO_CEILING), &mut e);
    e
}

fn count(r: &Row<'_>) -> Vec<FieldError> {
    let mut e = Vec::new();
    crate::cells::check_count(&r.int_text("count"), None, &mut e);
    e
}

fn activity(r: &Row<'_>) -> Vec<FieldError> {
    use crate::cells::activity::{check_value, check_year};
    let mut e = Vec::new();
    check_year(&r.int_text("year"), None, &mut e);
    // A figure is typed in thousandths of its unit, as kilograms are in grams.
    let value = r.int("value_milli").map(format_kg).unwrap_or_default();
    check_value(&value, &r.text("source"), None, None, &mut e);
    e
}

fn container(r: &Row<'_>) -> Vec<FieldError> {
    let kg = r.int("container_g").map(format_kg).unwrap_or_default();
    match crate::cells::activity::check_container_kg(&kg) {
        Ok(_) => Vec::new(),
        Err(x) => x.fields().to_vec(),
    }
}

fn point(r: &Row<'_>) -> Vec<FieldError> {
    use crate::agri::points::{check_terms, check_who, PointDraft};
    let d = PointDraft {
        name: r.text("name"),
        operator: r.text("operator"),
        operator_uscc: r.text("operator_uscc"),
        takes: r.text("takes"),
        active_from: r.text("active_from"),
        active_to: r.text("active_to"),
        contact: r.text("contact"),
        phone: r.text("phone"),
        ..Default::default()
    };
    let mut e = Vec::new();
    check_who(&d, &mut e);
    check_terms(&d, &mut e);
    e
}

fn place(r: &Row<'_>) -> Vec<FieldError> {
    let d = crate::cells::CellDraft {
        street: r.text("street"),
        street_code: r.text("street_code"),
        community: r.text("community"),
        community_code: r.text("community_code"),
        ..Default::default()
    };
    let mut e = Vec::new();
    // The codes' district is the cell's, another row: checked with the references.
    crate::cells::check_place(&d, "", &mut e);
    e
}

fn area(r: &Row<'_>) -> Vec<FieldError> {
    let mut e = Vec::new();
    crate::areas::check_area(&r.text("code"), &r.text("name"), &mut e);
    e
}

fn name_en(r: &Row<'_>, check: fn(&str, &mut Vec<FieldError>)) -> Vec<FieldError> {
    let mut e = Vec::new();
    check(&r.text("name_en"), &mut e);
    e
}

fn district(r: &Row<'_>) -> Vec<FieldError> {
    let mut e = Vec::new();
    crate::profile::check_district(&r.text("code"), &r.text("name"), None, &mut e);
    e
}

fn kind(r: &Row<'_>) -> Vec<FieldError> {
    let k = crate::profile::CellKind {
        key: r.text("key"),
        name_zh: r.text("name_zh"),
        name_en: r.text("name_en"),
        uscc_required: r.int("uscc_required").unwrap_or(0) != 0,
        denominator: r.text("denominator"),
    };
    let mut e = Vec::new();
    // A key as the form keeps it: lowercased.
    crate::profile::check_kind(&k.key, &k, &mut e);
    e
}

fn naming(r: &Row<'_>) -> Vec<FieldError> {
    let mut e = match crate::cells::naming_date(&r.text("named_on")) {
        Ok(_) => Vec::new(),
        Err(x) => x.fields().to_vec(),
    };
    // A naming recorded only as it ended (the cell was named before namings were kept) has
    // neither batch nor document.
    let batch = r.int_text("batch");
    let doc = r.text("document_no");
    if !(batch.is_empty() && doc.is_empty()) {
        e.extend(crate::cells::check_naming(&batch, &doc).2);
    }
    let ended_as = r.text("ended_as");
    if !ended_as.is_empty() {
        if let Err(x) = ended_as.parse::<crate::cells::Status>() {
            e.extend(x.fields().iter().cloned());
        }
    }
    e
}

fn application(r: &Row<'_>) -> Vec<FieldError> {
    let a = crate::cells::assess::Application {
        letter_on: r.text("letter_on"),
        check_on: r.text("check_on"),
        check_by: r.text("check_by"),
        check_result: r.text("check_result"),
        department: r.text("department"),
    };
    let mut e = Vec::new();
    crate::cells::assess::check_application(&a, &mut e);
    e
}

fn assessment(r: &Row<'_>) -> Vec<FieldError> {
    use crate::cells::assess::{self, AssessmentInput, Criteria, Level, Score, ScoreInput};
    let mut e = Vec::new();
    let bad = |field: &str, value: &str| {
        FieldError::new(
            None,
            field,
            crate::error::Rule::BadValue,
            &[("value", value)],
        )
    };
    if let Err(x) = Level::parse(&r.text("level")) {
        e.extend(x.fields().iter().cloned());
    }
    // The criteria it was scored against travel with it, as they were.
    let Ok(criteria) = serde_json::from_str::<Criteria>(&r.text("template")) else {
        e.push(bad(
            "template",
            &crate::text::quote_short(&r.text("template")),
        ));
        return e;
    };
    let Ok(given) = serde_json::from_str::<Vec<Score>>(&r.text("scores")) else {
        e.push(bad("scores", &crate::text::quote_short(&r.text("scores"))));
        return e;
    };
    let a = AssessmentInput {
        level: r.text("level"),
        on: r.text("assessed_on"),
        assessors: r.text("assessors"),
        scores: given
            .iter()
            .map(|s| ScoreInput {
                item: s.key.clone(),
                score: s.score.to_string(),
                note: s.note.clone(),
            })
            .collect(),
        note: r.text("note"),
    };
    let (_, _, scores) = assess::check_own(&a, &criteria, &mut e);
    if !e.is_empty() {
        return e;
    }
    let (total, passed) = assess::outcome(&scores, criteria.pass_mark);
    if r.int("pass_mark") != Some(criteria.pass_mark) {
        e.push(bad("pass_mark", &r.int_text("pass_mark")));
    }
    if r.int("total") != Some(total) {
        e.push(bad("total", &r.int_text("total")));
    }
    if (r.int("passed") == Some(1)) != passed {
        e.push(bad("passed", &r.int_text("passed")));
    }
    e
}

fn cert_report(r: &Row<'_>) -> Vec<FieldError> {
    use crate::report::cert::{hash_figures, Figure};
    let bad = |field: &str, value: &str| {
        vec![FieldError::new(
            None,
            field,
            crate::error::Rule::BadValue,
            &[("value", value)],
        )]
    };
    // The figures printed travel with the report: their hash is the one it was issued with.
    let figures = r.text("figures");
    let Ok(figures) = serde_json::from_str::<Vec<Figure>>(&figures) else {
        return bad("figures", &crate::text::quote_short(&figures));
    };
    let hash = r.text("content_hash");
    if hash_figures(&figures) != hash {
        return bad("content_hash", &hash);
    }
    Vec::new()
}

fn agri_place(r: &Row<'_>) -> Vec<FieldError> {
    use crate::agri::places::{check_code, check_name};
    let mut e = Vec::new();
    check_name(&mut e, None, &r.text("name"));
    // Every code begins with its district's 6 digits (a village's 9 with its township's,
    // another row: checked with the references).
    check_code(&mut e, None, &r.text("code"), &r.text("district"));
    e
}

fn agri_kind(r: &Row<'_>) -> Vec<FieldError> {
    // Thousandths (of a ratio, of a kilogram) typed as the form has them.
    let milli = |c: &str| r.int(c).map(format_kg).unwrap_or_default();
    let d = crate::agri::kinds::KindDraft {
        domain: r.text("domain"),
        key: r.text("key"),
        name_zh: r.text("name_zh"),
        name_en: r.text("name_en"),
        recyclable: r.int_text("recyclable"),
        ratio: milli("ratio_milli"),
        coefficient: milli("collect_milli"),
        dung: milli("dung_g_day"),
        water: milli("water_g_day"),
        days: r.int_text("days"),
        source: r.text("source"),
    };
    let mut e = Vec::new();
    crate::agri::kinds::check(&d, &mut e);
    e
}

fn stream(r: &Row<'_>) -> Vec<FieldError> {
    use crate::cells::categories::{check_key, check_names};
    let mut e = Vec::new();
    check_key(&r.text("key"), &mut e);
    check_names(&r.text("name_zh"), &r.text("name_en"), &mut e);
    e
}

fn category(r: &Row<'_>) -> Vec<FieldError> {
    use crate::cells::categories::{container_of, CategoryDraft};
    let mut e = stream(r);
    let d = CategoryDraft {
        container: r.text("container"),
        container_kg: r.int("container_g").map(format_kg).unwrap_or_default(),
        ..Default::default()
    };
    container_of(&d, &mut e);
    e
}

fn criteria(r: &Row<'_>) -> Vec<FieldError> {
    use crate::cells::assess::criteria::{validate, Criteria};
    let items = r.text("items");
    let Ok(items) = serde_json::from_str(&items) else {
        return vec![FieldError::new(
            None,
            "items",
            crate::error::Rule::BadValue,
            &[("value", &crate::text::quote_short(&items))],
        )];
    };
    let c = Criteria {
        kind: r.text("kind"),
        version: r.int("version").unwrap_or(0),
        title: r.text("title"),
        pass_mark: r.int("pass_mark").unwrap_or(0),
        items,
    };
    match validate(&c) {
        Ok(()) => Vec::new(),
        Err(x) => x.fields().to_vec(),
    }
}

//! Cells' other tables: places, namings, activity figures, bin sizes and counts, applications,
//! assessments and their criteria, certification reports, kinds of cell, streams and categories.

use super::Row;
use crate::error::FieldError;
use crate::units::format_kg;

pub(super) fn place(r: &Row<'_>) -> Vec<FieldError> {
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

pub(super) fn naming(r: &Row<'_>) -> Vec<FieldError> {
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

pub(super) fn activity(r: &Row<'_>) -> Vec<FieldError> {
    use crate::cells::activity::{check_value, check_year};
    let mut e = Vec::new();
    check_year(&r.int_text("year"), None, &mut e);
    // A figure is typed in thousandths of its unit, as kilograms are in grams.
    let value = r.int("value_milli").map(format_kg).unwrap_or_default();
    check_value(&value, &r.text("source"), None, None, &mut e);
    e
}

pub(super) fn container(r: &Row<'_>) -> Vec<FieldError> {
    let kg = r.int("container_g").map(format_kg).unwrap_or_default();
    match crate::cells::activity::check_container_kg(&kg) {
        Ok(_) => Vec::new(),
        Err(x) => x.fields().to_vec(),
    }
}

pub(super) fn count(r: &Row<'_>) -> Vec<FieldError> {
    let mut e = Vec::new();
    crate::cells::check_count(&r.int_text("count"), None, &mut e);
    e
}

pub(super) fn application(r: &Row<'_>) -> Vec<FieldError> {
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

pub(super) fn assessment(r: &Row<'_>) -> Vec<FieldError> {
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

pub(super) fn criteria(r: &Row<'_>) -> Vec<FieldError> {
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

pub(super) fn cert_report(r: &Row<'_>) -> Vec<FieldError> {
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

pub(super) fn kind(r: &Row<'_>) -> Vec<FieldError> {
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

pub(super) fn stream(r: &Row<'_>) -> Vec<FieldError> {
    use crate::cells::categories::{check_key, check_names};
    let mut e = Vec::new();
    check_key(&r.text("key"), &mut e);
    check_names(&r.text("name_zh"), &r.text("name_en"), &mut e);
    e
}

pub(super) fn category(r: &Row<'_>) -> Vec<FieldError> {
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

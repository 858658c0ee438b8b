//! The city's own tables: districts, reporting areas, their English names, and alert notes.

use super::Row;
use crate::error::FieldError;

pub(super) fn district(r: &Row<'_>) -> Vec<FieldError> {
    let mut e = Vec::new();
    crate::profile::check_district(&r.text("code"), &r.text("name"), None, &mut e);
    e
}

pub(super) fn area(r: &Row<'_>) -> Vec<FieldError> {
    let mut e = Vec::new();
    crate::areas::check_area(&r.text("code"), &r.text("name"), &mut e);
    e
}

pub(super) fn name_en(r: &Row<'_>, check: fn(&str, &mut Vec<FieldError>)) -> Vec<FieldError> {
    let mut e = Vec::new();
    check(&r.text("name_en"), &mut e);
    e
}

pub(super) fn alert_note(r: &Row<'_>) -> Vec<FieldError> {
    match crate::alerts::acks::check_note(&r.text("note")) {
        Ok(_) => Vec::new(),
        Err(x) => x.fields().to_vec(),
    }
}

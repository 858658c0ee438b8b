//! The agricultural tables a form fills in besides the ledgers: recovery points, townships and
//! villages, kinds.

use super::Row;
use crate::error::FieldError;
use crate::units::format_kg;

pub(super) fn point(r: &Row<'_>) -> Vec<FieldError> {
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

pub(super) fn place(r: &Row<'_>) -> Vec<FieldError> {
    use crate::agri::places::{check_code, check_name};
    let mut e = Vec::new();
    check_name(&mut e, None, &r.text("name"));
    // Every code begins with its district's 6 digits (a village's 9 with its township's,
    // another row: checked with the references).
    check_code(&mut e, None, &r.text("code"), &r.text("district"));
    e
}

pub(super) fn kind(r: &Row<'_>) -> Vec<FieldError> {
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

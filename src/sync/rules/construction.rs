//! Construction waste's monthly figures: facility outputs and site declarations.

use super::Row;
use crate::construction::entry_rules::tonnes_text;
use crate::error::FieldError;

/// The largest figure a form takes is a ledger's own setting, not applied to a row kept by
/// another ledger; a row is held to the form's shape of a figure.
pub(super) const NO_CEILING: i64 = i64::MAX;

pub(super) fn output(r: &Row<'_>) -> Vec<FieldError> {
    use crate::construction::resource_use::outputs::check_line;
    let mut e = Vec::new();
    let month = r.text("month");
    if let Err(code) = crate::cells::records::check_month(&month) {
        e.push(FieldError::new(None, "month", code, &[("value", &month)]));
    }
    // An input the upgrade from version 2 derived from the product's mass (`note` says how)
    // was never typed: only the mass is re-read.
    let derived = r.text("note").starts_with("v2_mass");
    let mut qty = if derived {
        String::new()
    } else {
        tonnes_text(r.int("input_g"))
    };
    if let Some(g) = r.int("product_g") {
        qty = format!("{qty}/{}", tonnes_text(Some(g)));
    }
    check_line(None, &r.text("product"), &qty, NO_CEILING, &mut e);
    e
}

pub(super) fn declaration(r: &Row<'_>) -> Vec<FieldError> {
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

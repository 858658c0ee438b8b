//! The agricultural ledgers' rows read back into their forms and checked by the forms' own
//! functions, for a row that comes from a sync bundle: hand-ins (`entries::check_own`),
//! straw (`straw::check_own`), manure (`manure::check_own`), and the dated quantities of
//! outbound loads, pesticide sales and film use (`agri::date`, `agri::grams`,
//! `agri::count`). Rules that need other rows (a point, a kind, a township) are checked
//! with the references once the rows are applied.

use super::{entries, manure, straw};
use crate::error::FieldError;
use crate::units::format_kg;

/// The refusals of a row of `table` (none for a table that is not an agricultural ledger),
/// read through `text` and `int` by column name; each names the column it is kept in.
pub fn check_row(
    table: &str,
    text: &dyn Fn(&str) -> String,
    int: &dyn Fn(&str) -> Option<i64>,
) -> Vec<FieldError> {
    let kg = |c: &str| int(c).map(format_kg).unwrap_or_default();
    let t = |c: &str| int(c).map(tonnes).unwrap_or_default();
    let n = |c: &str| int(c).map(|v| v.to_string()).unwrap_or_default();
    let mut e = Vec::new();
    let columns: &[(&str, &str)] = match table {
        "agri_entries" => {
            let d = entries::EntryDraft {
                date: text("date"),
                stream: text("stream"),
                count: n("count"),
                weight: kg("weight_g"),
                impurity: int("impurity_pm")
                    .map(|pm| format!("{}", pm as f64 / 10.0))
                    .unwrap_or_default(),
                giver_kind: text("giver_kind"),
                giver_name: text("giver_name"),
                giver_phone: text("giver_phone"),
                price: int("price_fen")
                    .map(|f| format!("{}.{:02}", f / 100, (f % 100).abs()))
                    .unwrap_or_default(),
                ..Default::default()
            };
            entries::check_own(&mut e, None, &d);
            &[
                ("weight", "weight_g"),
                ("impurity", "impurity_pm"),
                ("price", "price_fen"),
            ]
        }
        "agri_straw" => {
            let d = straw::StrawDraft {
                year: n("year"),
                season: text("season"),
                area_mu: int("area_m2").map(straw::mu_text).unwrap_or_default(),
                output: t("output_g"),
                fertiliser: t("fertiliser_g"),
                feed: t("feed_g"),
                fuel: t("fuel_g"),
                substrate: t("substrate_g"),
                raw_material: t("material_g"),
                burned: t("burned_g"),
                left: t("left_g"),
                ..Default::default()
            };
            straw::check_own(&mut e, &d);
            &[
                ("area_mu", "area_m2"),
                ("output", "output_g"),
                ("fertiliser", "fertiliser_g"),
                ("feed", "feed_g"),
                ("fuel", "fuel_g"),
                ("substrate", "substrate_g"),
                ("raw_material", "material_g"),
                ("burned", "burned_g"),
                ("left", "left_g"),
            ]
        }
        "agri_manure" => {
            let d = manure::ManureDraft {
                farm: text("farm"),
                farm_uscc: text("farm_uscc"),
                year: n("year"),
                heads: n("heads"),
                fertiliser: t("fertiliser_g"),
                biogas: t("biogas_g"),
                other: t("other_g"),
                ..Default::default()
            };
            manure::check_own(&mut e, &d);
            &[
                ("fertiliser", "fertiliser_g"),
                ("biogas", "biogas_g"),
                ("other", "other_g"),
            ]
        }
        "agri_outbound" | "agri_pesticide_sales" | "agri_film_use" => {
            super::date(&mut e, None, "date", &text("date"));
            super::grams(&mut e, None, "weight_g", &kg("weight_g"), false, true);
            if table == "agri_pesticide_sales" {
                super::count(&mut e, None, "packages", &n("packages"));
            }
            &[]
        }
        _ => &[],
    };
    for f in &mut e {
        if let Some((_, c)) = columns.iter().find(|(field, _)| *field == f.field) {
            f.field = c.to_string();
        }
    }
    e
}

/// Grams as tonnes, exactly (see `construction::entry_rules::tonnes_text`).
fn tonnes(g: i64) -> String {
    crate::construction::entry_rules::tonnes_text(Some(g))
}

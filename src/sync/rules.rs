//! The rules of the forms that a row from a bundle must keep as well, checked before anything
//! is written (the schema's own checks run again when the row is written): a cell's name and
//! credit code, a month's quantities, a vehicle's plate.

use rusqlite::types::Value as Sql;

use super::tables::Spec;

/// What a row breaks: (field, English, Chinese).
pub type Broken = (String, String, String);

fn text<'a>(spec: &Spec, vals: &'a [Sql], col: &str) -> Option<&'a str> {
    match spec.col(col).map(|i| &vals[i]) {
        Some(Sql::Text(t)) => Some(t.as_str()),
        _ => None,
    }
}

fn int(spec: &Spec, vals: &[Sql], col: &str) -> i64 {
    match spec.col(col).map(|i| &vals[i]) {
        Some(Sql::Integer(v)) => *v,
        _ => 0,
    }
}

/// The first rule the row breaks, if any.
pub fn check(spec: &Spec, vals: &[Sql]) -> Option<Broken> {
    match spec.name {
        "cells" => {
            if text(spec, vals, "name").is_none_or(|n| n.trim().is_empty()) {
                return Some(("name".into(), "is required".into(), "必填".into()));
            }
            if let Some(code) = text(spec, vals, "uscc") {
                let overridden =
                    text(spec, vals, "uscc_override").is_some_and(|r| !r.trim().is_empty());
                if crate::cells::uscc::check(code).is_err() && !overridden {
                    return Some((
                        "uscc".into(),
                        format!("“{code}” is not a valid unified social credit code and no reason to keep it is given"),
                        format!("“{code}”不是有效的统一社会信用代码，且未填写保留理由"),
                    ));
                }
            }
            None
        }
        "cell_records" => {
            let g = int(spec, vals, "generated_g");
            let parts: i64 = ["recycled_g", "composted_g", "incinerated_g", "landfilled_g"]
                .iter()
                .map(|c| int(spec, vals, c))
                .sum();
            if g < 0 || parts > g {
                return Some((
                    "generated".into(),
                    format!("the quantities handled ({parts} g) exceed the quantity generated ({g} g), or it is negative"),
                    format!("各去向之和（{parts} 克）超过产生量（{g} 克），或产生量为负"),
                ));
            }
            None
        }
        "cw_vehicles" => {
            let plate = text(spec, vals, "plate").unwrap_or_default();
            match crate::construction::registers::check_plate(plate) {
                Ok(_) => None,
                Err(_) => Some((
                    "plate".into(),
                    format!("“{plate}” is not a plate number"),
                    format!("“{plate}”不是有效的车牌号"),
                )),
            }
        }
        _ => None,
    }
}

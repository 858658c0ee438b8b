//! A report's scope resolved against the ledger: which cells its household figures sum,
//! which districts its construction and agricultural figures take, and its name.

use rusqlite::Connection;

use super::model::Scope;
use crate::cells::{self, rates::CellSet, Cell};
use crate::error::{Error, Result, Rule};
use crate::{areas, profile};

/// The cells of a scope.
#[derive(Debug, Clone)]
pub enum Cells {
    /// A set of cells summed together.
    Set(CellSet),
    /// One cell.
    One(Box<Cell>),
}

/// A scope, resolved.
#[derive(Debug, Clone)]
pub struct Resolved {
    pub cells: Cells,
    /// The districts of the construction and agricultural figures: None for the whole city;
    /// Some(list) for a reporting area (empty for 市本级, which has none); for a kind or a
    /// cell these figures are not part of the report.
    pub districts: Option<Vec<String>>,
    /// Whether the construction and agricultural sections belong to the scope.
    pub territorial: bool,
    /// The area code of an area scope (for the cells' table).
    pub area: Option<String>,
    pub name_zh: String,
    pub name_en: String,
}

/// Resolves `scope`; an unknown area, kind or cell is refused, naming the field `scope`.
pub fn resolve(conn: &Connection, scope: &Scope) -> Result<Resolved> {
    let districts = profile::districts(conn)?;
    match scope {
        Scope::City => {
            let name = profile::setting_or_default(conn, "city.name")?;
            let en = districts
                .iter()
                .find(|d| d.kind == "city" && d.name == name)
                .and_then(|d| d.name_en.clone())
                .unwrap_or_else(|| "the whole city".into());
            Ok(Resolved {
                cells: Cells::Set(CellSet::All),
                districts: None,
                territorial: true,
                area: None,
                name_zh: name,
                name_en: en,
            })
        }
        Scope::Area(input) => {
            let unknown = || Error::field("scope", Rule::UnknownArea, &[("value", input.trim())]);
            if let Some(code) = areas::resolve(conn, input)? {
                let a = areas::list(conn)?
                    .into_iter()
                    .find(|a| a.code == code)
                    .ok_or_else(unknown)?;
                let en = if a.builtin {
                    "City-level offices".to_string()
                } else {
                    format!("Reporting area {}", a.code)
                };
                return Ok(Resolved {
                    cells: Cells::Set(CellSet::Area(a.code.clone())),
                    districts: Some(a.districts.clone()),
                    territorial: true,
                    area: Some(a.code),
                    name_zh: a.name,
                    name_en: en,
                });
            }
            let code = profile::resolve_district(conn, input)?.ok_or_else(unknown)?;
            let d = districts
                .iter()
                .find(|d| d.code == code)
                .ok_or_else(unknown)?;
            Ok(Resolved {
                cells: Cells::Set(CellSet::Area(code.clone())),
                districts: Some(vec![code.clone()]),
                territorial: true,
                area: Some(code.clone()),
                name_zh: d.name.clone(),
                name_en: d
                    .name_en
                    .clone()
                    .unwrap_or_else(|| format!("District {code}")),
            })
        }
        Scope::Kind(input) => {
            let s = input.trim();
            let k = profile::kinds(conn)?
                .into_iter()
                .find(|k| k.key == s || k.name_zh == s || k.name_en.eq_ignore_ascii_case(s))
                .ok_or_else(|| Error::field("scope", Rule::UnknownKind, &[("value", s)]))?;
            Ok(Resolved {
                cells: Cells::Set(CellSet::Kind(k.key.clone())),
                districts: None,
                territorial: false,
                area: None,
                name_zh: format!("无废{}", k.name_zh),
                name_en: format!("Zero-waste {}", k.name_en.to_lowercase()),
            })
        }
        Scope::Cell(input) => {
            let c = cells::find(conn, input)?;
            Ok(Resolved {
                name_zh: c.name.clone(),
                name_en: c
                    .uscc
                    .clone()
                    .map_or_else(|| format!("Cell {}", c.id), |u| format!("Cell {u}")),
                cells: Cells::One(Box::new(c)),
                districts: None,
                territorial: false,
                area: None,
            })
        }
    }
}

impl Resolved {
    /// Whether a district belongs to the scope's districts.
    pub fn has_district(&self, code: &str) -> bool {
        self.districts
            .as_ref()
            .is_none_or(|ds| ds.iter().any(|d| d == code))
    }
}

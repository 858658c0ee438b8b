//! Every label set the window shows, in one answer: each a list of a stored key with its
//! Chinese and English label, in the order forms list them. The labels themselves live with
//! their rules (cell statuses, manifest statuses, categories …); this module only gathers
//! them, so that the window holds no copy of its own.

use serde::Serialize;

use crate::alerts::{Urgency, CELL_KINDS};
use crate::cells::Status;
use crate::construction::alerts::AlertKind;
use crate::construction::facilities::KINDS;
use crate::construction::manifests::{category_en, DisposalMethod, CATEGORIES, OUTCOMES, STATUSES};
use crate::construction::registers::Register;
use crate::construction::resource_use::PRODUCTS;

/// One label: a stored key with its Chinese and English label.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Label {
    /// The stored key.
    pub key: String,
    /// Chinese label.
    pub zh: String,
    /// English label.
    pub en: String,
}

/// Every label set of the window.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Labels {
    /// A cell's creation status.
    pub cell_status: Vec<Label>,
    /// A manifest's status.
    pub manifest_status: Vec<Label>,
    /// Construction-waste categories.
    pub cw_category: Vec<Label>,
    /// Construction-waste alert kinds.
    pub cw_alert: Vec<Label>,
    /// Every alert kind of the general list (cells' and construction waste's).
    pub alert_kind: Vec<Label>,
    /// How urgent an alert is.
    pub urgency: Vec<Label>,
    /// The construction-waste registers.
    pub register: Vec<Label>,
    /// Disposal methods.
    pub disposal: Vec<Label>,
    /// Reception outcomes.
    pub outcome: Vec<Label>,
    /// Facility kinds.
    pub facility_kind: Vec<Label>,
    /// A facility's product lines.
    pub product: Vec<Label>,
    /// Agricultural recovery streams (pesticide packaging, film).
    pub agri_stream: Vec<Label>,
    /// What a recovery point takes.
    pub agri_takes: Vec<Label>,
    /// Where a point's outbound goes.
    pub agri_destination: Vec<Label>,
    /// Who handed material in.
    pub agri_giver: Vec<Label>,
}

fn label(key: &str, zh: &str, en: &str) -> Label {
    Label {
        key: key.into(),
        zh: zh.into(),
        en: en.into(),
    }
}

/// Every label set the window shows. (Waste categories of the cells are rows of the ledger's
/// own table and come with the reference data.)
pub fn all() -> Labels {
    let cw_alert: Vec<Label> = AlertKind::ALL
        .iter()
        .map(|k| label(k.key(), k.label_zh(), k.label_en()))
        .collect();
    let alert_kind = CELL_KINDS
        .iter()
        .map(|k| label(k.0, k.1, k.2))
        .chain(cw_alert.iter().cloned())
        .collect();
    Labels {
        cell_status: Status::ALL
            .iter()
            .map(|s| label(s.key(), s.label_zh(), s.label_en()))
            .collect(),
        manifest_status: STATUSES.iter().map(|s| label(s.0, s.1, s.2)).collect(),
        cw_category: CATEGORIES
            .iter()
            .map(|c| label(c.0, c.1, category_en(c.0)))
            .collect(),
        cw_alert,
        alert_kind,
        urgency: Urgency::ALL
            .iter()
            .map(|u| label(u.key(), u.label_zh(), u.label_en()))
            .collect(),
        register: Register::ALL
            .iter()
            .map(|r| label(r.key(), r.label_zh(), r.label_en()))
            .collect(),
        disposal: DisposalMethod::ALL
            .iter()
            .map(|d| label(d.1, d.2, d.0.label_en()))
            .collect(),
        outcome: OUTCOMES.iter().map(|o| label(o.0, o.1, o.2)).collect(),
        facility_kind: KINDS.iter().map(|k| label(k.0, k.1, k.2)).collect(),
        product: PRODUCTS.iter().map(|p| label(p.0, p.1, p.2)).collect(),
        agri_stream: of(crate::agri::STREAMS),
        agri_takes: of(crate::agri::TAKES),
        agri_destination: of(crate::agri::DESTINATIONS),
        agri_giver: of(crate::agri::GIVERS),
    }
}

fn of(set: &[(&str, &str, &str)]) -> Vec<Label> {
    set.iter().map(|x| label(x.0, x.1, x.2)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sets(l: &Labels) -> Vec<(&'static str, &Vec<Label>)> {
        vec![
            ("cell_status", &l.cell_status),
            ("manifest_status", &l.manifest_status),
            ("cw_category", &l.cw_category),
            ("cw_alert", &l.cw_alert),
            ("alert_kind", &l.alert_kind),
            ("urgency", &l.urgency),
            ("register", &l.register),
            ("disposal", &l.disposal),
            ("outcome", &l.outcome),
            ("facility_kind", &l.facility_kind),
            ("product", &l.product),
            ("agri_stream", &l.agri_stream),
            ("agri_takes", &l.agri_takes),
            ("agri_destination", &l.agri_destination),
            ("agri_giver", &l.agri_giver),
        ]
    }

    #[test]
    fn every_key_has_a_chinese_and_an_english_label() {
        for (name, set) in sets(&all()) {
            assert!(!set.is_empty(), "{name} is empty");
            for l in set {
                assert!(!l.key.is_empty(), "{name}: empty key");
                assert!(!l.zh.trim().is_empty(), "{name}.{}: no Chinese", l.key);
                assert!(!l.en.trim().is_empty(), "{name}.{}: no English", l.key);
                assert_ne!(l.en, l.key, "{name}.{}: English is the bare key", l.key);
                assert!(
                    !l.en.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
                    "{name}.{}: Chinese in the English label",
                    l.key
                );
            }
        }
    }

    #[test]
    fn every_variant_appears_once_per_set() {
        let l = all();
        assert_eq!(l.cell_status.len(), Status::ALL.len());
        assert_eq!(l.cw_alert.len(), AlertKind::ALL.len());
        assert_eq!(l.urgency.len(), Urgency::ALL.len());
        assert_eq!(l.register.len(), Register::ALL.len());
        assert_eq!(l.disposal.len(), DisposalMethod::ALL.len());
        assert_eq!(l.cw_category.len(), CATEGORIES.len());
        for (name, set) in sets(&l) {
            let mut keys: Vec<&str> = set.iter().map(|x| x.key.as_str()).collect();
            keys.sort();
            keys.dedup();
            assert_eq!(keys.len(), set.len(), "{name} repeats a key");
        }
    }

    #[test]
    fn every_category_has_an_english_name_of_its_own() {
        for c in CATEGORIES {
            assert_ne!(category_en(c.0), c.0, "{} has no English name", c.0);
        }
    }
}

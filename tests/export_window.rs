//! Exports started from the window: the window filters by register ids, and the heading rows
//! still name what the clerk chose; the proposed folder exists.

use chrono::{Duration, Local};
use zwl::construction::list::ManifestFilter;
use zwl::construction::registers::{self, EntryDraft, Register};
use zwl::export::{self, ListSpec};
use zwl::Ledger;

fn with_site(name: &str) -> Ledger {
    let mut l = Ledger::open_in_memory().unwrap();
    let until = (Local::now() + Duration::days(300))
        .format("%Y-%m-%d")
        .to_string();
    registers::add_site(
        &mut l,
        &EntryDraft {
            name: name.into(),
            valid_until: until,
            district: "220102".into(),
            ..Default::default()
        },
    )
    .unwrap();
    l
}

#[test]
fn a_manifests_export_filtered_by_a_site_id_names_the_site_on_its_filter_row() {
    let l = with_site("南关区某住宅项目");
    let id = registers::find(l.conn(), Register::Site, "南关区某住宅项目").unwrap();
    let spec = ListSpec::Manifests {
        filter: ManifestFilter {
            site: id.to_string(),
            ..Default::default()
        },
    };
    let head = export::collect(l.conn(), &spec).unwrap().head.unwrap();
    let site = head.filters.iter().find(|f| f.en == "site").unwrap();
    assert_eq!(site.value, "南关区某住宅项目");
    assert!(head.meta_lines()[1].contains("南关区某住宅项目"));
}

#[test]
fn a_filter_that_names_no_entry_is_shown_as_given() {
    let l = with_site("南关区某住宅项目");
    let spec = ListSpec::Manifests {
        filter: ManifestFilter {
            facility: "某不存在的设施".into(),
            ..Default::default()
        },
    };
    let c = export::collect(l.conn(), &spec).unwrap();
    let f = c.head.unwrap().filters;
    assert_eq!(f.len(), 1);
    assert_eq!(f[0].value, "某不存在的设施");
    assert!(c.rows.is_empty());
}

#[test]
fn an_export_is_proposed_in_a_folder_that_exists() {
    assert!(zwl::paths::export_dir().is_dir());
}

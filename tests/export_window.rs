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

/// The alerts page filters by area and can show acknowledged alerts; its export exports what
/// it shows, and says so on the filter rows.
#[test]
fn an_alerts_export_takes_the_pages_area_and_acknowledged_filters() {
    use zwl::alerts::{self, acks, AlertQuery};
    let mut l = with_site("南关区某住宅项目");
    l.set_setting("operator", "王芳").unwrap();
    for (name, days) in [("南关区某商业项目", 10), ("南关区某学校项目", 20)] {
        registers::add_site(
            &mut l,
            &EntryDraft {
                name: name.into(),
                valid_until: (Local::now() + Duration::days(days))
                    .format("%Y-%m-%d")
                    .to_string(),
                district: "220102".into(),
                ..Default::default()
            },
        )
        .unwrap();
    }
    let q = |area: &str, acknowledged: bool| AlertQuery {
        kind: String::new(),
        area: area.into(),
        acknowledged,
    };
    let open = alerts::list(l.conn(), &q("", false)).unwrap();
    assert_eq!(open.len(), 2, "two permits run out soon");
    acks::acknowledge(&mut l, &open[0].key, "已联系处理").unwrap();
    let export = |area: &str, acknowledged: bool| {
        let spec = ListSpec::Alerts {
            kind: String::new(),
            area: area.into(),
            acknowledged,
        };
        export::collect(l.conn(), &spec).unwrap()
    };
    for (area, acked) in [("", false), ("", true), ("220102", true), ("220104", true)] {
        let t = export(area, acked);
        let page = alerts::list(l.conn(), &q(area, acked)).unwrap();
        assert_eq!(
            t.rows.len(),
            page.len(),
            "area {area:?}, acknowledged {acked}"
        );
        let head = t.head.unwrap();
        let shown = head.filters.iter().any(|f| f.en == "acknowledged shown");
        assert_eq!(shown, acked, "area {area:?}");
    }
    assert_eq!(
        export("", false).rows.len(),
        1,
        "the acknowledged one is hidden"
    );
    assert_eq!(
        export("", true).rows.len(),
        2,
        "and shown with the switch on"
    );
    assert_eq!(export("220104", true).rows.len(), 0, "no subject in 朝阳区");
    let head = export("220102", false).head.unwrap();
    let area = head.filters.iter().find(|f| f.en == "area").unwrap();
    assert_eq!(area.value, "220102 南关区");
}

//! Imported loads and cells are written once in their final state and logged in bulk blocks:
//! the rows are those the forms write, and `zwl check` verifies them, also after later steps.

mod cw_common;

use cw_common::{ago, load, setup};
use zwl::construction::{
    import,
    manifests::{self, Reception},
};

fn csv_of(plate: &str, hours_ago: i64) -> String {
    format!(
        "类别,申报量,工地,车牌号,消纳场,出车时间,路线\n拆除垃圾,12,南关区某住宅项目,{plate},长春某建筑垃圾资源化利用厂,{},人民大街—卫星路\n",
        ago(hours_ago)
    )
}

#[test]
fn an_imported_load_is_stored_as_the_dispatch_form_stores_it_and_passes_the_check() {
    let mut form = setup();
    let by_form = manifests::dispatch_new(&mut form, &load("吉A12345", "12", 3)).unwrap();
    let mut l = setup();
    let r = import::import_text(&mut l, &csv_of("吉A12345", 3), None).unwrap();
    assert_eq!(r.added, 1);
    let page = zwl::construction::list::list(l.conn(), &Default::default()).unwrap();
    let by_import = manifests::get(l.conn(), &page.rows[0].manifest.number).unwrap();
    let facts = |m: &manifests::Manifest| {
        (
            m.status.clone(),
            m.declared_qty,
            m.density_kg_m3,
            m.disposal_method,
            m.site_approval_no.clone(),
            m.transporter_permit_no.clone(),
            m.vehicle_permit_no.clone(),
            m.facility_approval_no.clone(),
            m.driver.clone(),
            m.route.clone(),
            m.departure_at.clone(),
        )
    };
    assert_eq!(facts(&by_import), facts(&by_form));
    assert!(by_import.vehicle_permit_no.is_some());
    assert!(zwl::audit::check(l.conn()).unwrap().ok());
}

#[test]
fn an_imported_load_received_and_closed_later_still_passes_the_check() {
    let mut l = setup();
    import::import_text(&mut l, &csv_of("吉A12345", 5), None).unwrap();
    let page = zwl::construction::list::list(l.conn(), &Default::default()).unwrap();
    let number = page.rows[0].manifest.number.clone();
    manifests::receive(
        &mut l,
        &number,
        &Reception {
            received: "12".into(),
            outcome: "接收".into(),
            received_at: ago(4),
            ..Default::default()
        },
    )
    .unwrap();
    manifests::close(&mut l, &number).unwrap();
    assert!(zwl::audit::check(l.conn()).unwrap().ok());
}

//! The rules of facility kinds, resource use and supervision figures of construction waste,
//! through the core API. Loads here are declared in tonnes: received quantities are grams.

use chrono::{Duration, Local};
use zwl::construction::{
    alerts, facilities,
    manifests::{self, ManifestDraft, Reception},
    registers::{self, EntryDraft},
    resource_use::{self, declarations::DeclarationDraft},
    supervision,
};
use zwl::{Error, Ledger};

const SITE: &str = "南关区某住宅项目";
const SITE2: &str = "朝阳区某拆迁项目";
const PLANT: &str = "长春某建筑垃圾资源化利用厂";
const DUMP: &str = "双阳区某消纳场";

fn codes(e: &Error) -> Vec<(String, String)> {
    e.fields()
        .iter()
        .map(|f| (f.field.clone(), f.code.clone()))
        .collect()
}

fn ago(hours: i64) -> String {
    (Local::now() - Duration::hours(hours))
        .format("%Y-%m-%d %H:%M")
        .to_string()
}

fn in_days(days: i64) -> String {
    (Local::now() + Duration::days(days))
        .format("%Y-%m-%d")
        .to_string()
}

fn this_month() -> String {
    Local::now().format("%Y-%m").to_string()
}

/// Two sites in two districts, two transporters with a vehicle each, a recycling plant and a
/// disposal site.
fn setup() -> Ledger {
    let mut l = Ledger::open_in_memory().unwrap();
    l.set_setting("cw.overdue_hours", "6").unwrap();
    for (name, d) in [(SITE, "220102"), (SITE2, "220104")] {
        registers::add_site(
            &mut l,
            &EntryDraft {
                name: name.into(),
                district: d.into(),
                valid_until: in_days(200),
                ..Default::default()
            },
        )
        .unwrap();
    }
    for (t, plate) in [
        ("长春某运输公司", "吉A12345"),
        ("长春另一运输公司", "吉A67890"),
    ] {
        registers::add_transporter(
            &mut l,
            &EntryDraft {
                name: t.into(),
                valid_until: in_days(200),
                ..Default::default()
            },
        )
        .unwrap();
        registers::add_vehicle(
            &mut l,
            &EntryDraft {
                name: plate.into(),
                transporter: t.into(),
                driver: "张伟".into(),
                rated_payload_t: "25".into(),
                valid_until: in_days(200),
                ..Default::default()
            },
        )
        .unwrap();
    }
    for (name, kind) in [(PLANT, "资源化利用"), (DUMP, "消纳场")] {
        registers::add_facility(
            &mut l,
            &EntryDraft {
                name: name.into(),
                kind: kind.into(),
                district: "220112".into(),
                valid_until: in_days(365),
                ..Default::default()
            },
        )
        .unwrap();
    }
    l
}

fn load(
    site: &str,
    plate: &str,
    cat: &str,
    tonnes: &str,
    facility: &str,
    hours_ago: i64,
) -> ManifestDraft {
    ManifestDraft {
        category: cat.into(),
        unit: "t".into(),
        declared: tonnes.into(),
        site: site.into(),
        vehicle: plate.into(),
        facility: facility.into(),
        departure_at: ago(hours_ago),
        ..Default::default()
    }
}

/// Dispatches a load and receives `received` tonnes of it an hour after departure.
fn deliver(l: &mut Ledger, d: ManifestDraft, received: &str) -> manifests::Manifest {
    let m = manifests::dispatch_new(l, &d).unwrap();
    let at = (chrono::NaiveDateTime::parse_from_str(&d.departure_at, "%Y-%m-%d %H:%M").unwrap()
        + Duration::hours(1))
    .format("%Y-%m-%d %H:%M")
    .to_string();
    manifests::receive(
        l,
        &m.number,
        &Reception {
            received: received.into(),
            received_at: at,
            ..Default::default()
        },
    )
    .unwrap()
}

fn declare(l: &mut Ledger, site: &str, cat: &str, generated: &str, reused: &str, balanced: &str) {
    resource_use::declarations::declare(
        l,
        &DeclarationDraft {
            site: site.into(),
            month: this_month(),
            category: cat.into(),
            generated: generated.into(),
            reused: reused.into(),
            balanced: balanced.into(),
            ..Default::default()
        },
    )
    .unwrap();
}

fn output(l: &mut Ledger, facility: &str, lines: &[(&str, &str)]) {
    let lines: Vec<(String, String)> = lines
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
    resource_use::record_output(l, facility, &this_month(), &lines).unwrap();
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-6
}

#[test]
fn facilities_are_of_the_five_kinds_of_changchuns_rules() {
    let mut l = setup();
    for (name, kind) in [
        ("某中转分拣站", "中转/分拣"),
        ("某回填场地", "回填"),
        ("某矿坑生态修复项目", "生态修复"),
    ] {
        registers::add_facility(
            &mut l,
            &EntryDraft {
                name: name.into(),
                kind: kind.into(),
                district: "220112".into(),
                ..Default::default()
            },
        )
        .unwrap();
    }
    let mut kinds: Vec<String> = facilities::list(l.conn())
        .unwrap()
        .into_iter()
        .map(|f| f.kind)
        .collect();
    kinds.sort();
    assert_eq!(
        kinds,
        [
            "backfill",
            "disposal",
            "recycling",
            "restoration",
            "transfer"
        ]
    );
    let e = registers::add_facility(
        &mut l,
        &EntryDraft {
            name: "某焚烧厂".into(),
            kind: "焚烧".into(),
            district: "220112".into(),
            ..Default::default()
        },
    )
    .unwrap_err();
    assert_eq!(codes(&e), [("kind".into(), "bad_value".into())]);
}

#[test]
fn each_facility_accepts_its_kinds_categories_unless_it_has_its_own() {
    let mut l = setup();
    let dump = facilities::get(l.conn(), DUMP).unwrap();
    assert_eq!(
        dump.accepts.len(),
        5,
        "a 消纳场 takes every construction category"
    );
    assert!(dump.default_accepts);
    let plant = facilities::get(l.conn(), PLANT).unwrap();
    assert_eq!(plant.accepts, ["engineering", "demolition", "decoration"]);
    let f = facilities::set(&mut l, PLANT, "", "工程渣土、拆除垃圾").unwrap();
    assert_eq!(f.accepts, ["soil", "demolition"]);
    assert!(!f.default_accepts);
    let back = facilities::set(&mut l, PLANT, "", "").unwrap();
    assert!(back.default_accepts);
    let e = facilities::set(&mut l, PLANT, "", "soil, 生活垃圾").unwrap_err();
    assert_eq!(codes(&e), [("accepts".into(), "unknown_category".into())]);
    let h = zwl::audit::history(l.conn(), "cw_facilities", plant.id.as_bytes()).unwrap();
    assert_eq!(
        h.len(),
        3,
        "added, changed, changed back: each in the change log"
    );
}

#[test]
fn a_load_of_a_category_the_facility_does_not_accept_raises_an_alert() {
    let mut l = setup();
    let m = manifests::dispatch_new(&mut l, &load(SITE, "吉A12345", "工程渣土", "20", PLANT, 2))
        .unwrap();
    manifests::dispatch_new(&mut l, &load(SITE, "吉A67890", "工程渣土", "20", DUMP, 2)).unwrap();
    let a: Vec<_> = alerts::all(l.conn())
        .unwrap()
        .into_iter()
        .filter(|a| a.kind == zwl::construction::alerts::AlertKind::CategoryMismatch)
        .collect();
    assert_eq!(a.len(), 1, "only the plant, not the disposal site: {a:?}");
    assert_eq!(a[0].subject, m.number);
    assert!(
        a[0].message_zh.contains("不接收工程渣土"),
        "{}",
        a[0].message_zh
    );
    assert!(a[0].message_en.contains("does not accept excavated soil"));
    facilities::set(&mut l, PLANT, "", "soil,engineering,demolition,decoration").unwrap();
    assert!(facilities::mismatch_alerts(l.conn(), None)
        .unwrap()
        .is_empty());
}

#[test]
fn the_numerator_is_the_waste_input_of_each_product_line_not_the_product_mass() {
    let mut l = setup();
    deliver(
        &mut l,
        load(SITE, "吉A12345", "拆除垃圾", "18", PLANT, 5),
        "18",
    );
    // 17 t of waste went into 20 t of bricks (cement makes up the rest).
    output(&mut l, PLANT, &[("再生砖", "17/20")]);
    let r = resource_use::rate(l.conn(), "district", &this_month(), &this_month()).unwrap();
    assert!(close(r.total.building_material_t, 17.0), "{:?}", r.total);
    let lines = resource_use::outputs::list(l.conn(), None, &this_month(), &this_month()).unwrap();
    assert_eq!(lines[0].input_g, 17_000_000);
    assert_eq!(lines[0].product_g, Some(20_000_000));
}

#[test]
fn the_denominator_is_declared_generation_not_facility_intake() {
    let mut l = setup();
    declare(&mut l, SITE, "拆除垃圾", "200", "", "");
    deliver(
        &mut l,
        load(SITE, "吉A12345", "拆除垃圾", "16", PLANT, 5),
        "16",
    );
    output(&mut l, PLANT, &[("aggregate", "16")]);
    let r = resource_use::rate(l.conn(), "site", &this_month(), &this_month()).unwrap();
    assert!(close(r.total.generated_t, 200.0), "{:?}", r.total);
    assert!(
        close(r.total.intake_t, 16.0),
        "设施接收量 is shown beside it"
    );
    assert!(close(r.total.resource_rate.unwrap(), 8.0));
    assert_eq!(r.total.basis, "declared");
    assert_eq!((r.declared_site_months, r.fallback_site_months), (1, 0));
    assert!(r.basis_zh.contains("工地申报量"), "{}", r.basis_zh);
}

#[test]
fn without_a_declaration_facility_intake_stands_in_and_is_marked() {
    let mut l = setup();
    declare(&mut l, SITE, "拆除垃圾", "100", "", "");
    deliver(
        &mut l,
        load(SITE, "吉A12345", "拆除垃圾", "16", PLANT, 5),
        "16",
    );
    deliver(
        &mut l,
        load(SITE2, "吉A67890", "拆除垃圾", "16", PLANT, 5),
        "16",
    );
    output(&mut l, PLANT, &[("aggregate", "60")]);
    let r = resource_use::rate(l.conn(), "site", &this_month(), &this_month()).unwrap();
    let second = r.rows.iter().find(|x| x.name == SITE2).unwrap();
    assert_eq!(second.basis, "intake");
    assert!(close(second.intake_fallback_t, 16.0));
    assert_eq!(r.total.basis, "mixed");
    assert!(close(r.total.generated_t, 116.0));
    assert_eq!((r.declared_site_months, r.fallback_site_months), (1, 1));
    assert!(r.basis_zh.contains("以设施接收量代替"), "{}", r.basis_zh);
    assert!(r.basis_en.contains("intake stands in"));
}

#[test]
fn building_material_and_comprehensive_rates_are_reported_apart_each_with_its_formula() {
    let mut l = setup();
    // 100 t generated: 10 t reused on site, 20 t sent to another site (土方平衡).
    declare(&mut l, SITE, "工程渣土", "100", "10", "20");
    facilities::set(&mut l, PLANT, "", "soil,demolition").unwrap();
    deliver(
        &mut l,
        load(SITE, "吉A12345", "工程渣土", "18", PLANT, 5),
        "18",
    );
    deliver(
        &mut l,
        load(SITE, "吉A12345", "工程渣土", "17", PLANT, 4),
        "17",
    );
    output(
        &mut l,
        PLANT,
        &[
            ("brick", "30"),
            ("backfill", "15"),
            ("restoration", "5"),
            ("landfill", "20"),
        ],
    );
    let r = resource_use::rate(l.conn(), "district", &this_month(), &this_month()).unwrap();
    assert!(close(r.total.resource_rate.unwrap(), 30.0), "{:?}", r.total);
    // 30 + 15 + 5 + 10 + 20 of 100.
    assert!(close(r.total.comprehensive_rate.unwrap(), 80.0));
    assert!(r
        .resource_formula_zh
        .contains("资源化利用量 ÷ 建筑垃圾产生量"));
    assert!(r.resource_formula_zh.contains("按投入量计"));
    assert!(r.comprehensive_formula_zh.contains("土方平衡"));
    assert!(
        !r.resource_formula_en.contains('土'),
        "English has no Chinese"
    );
}

#[test]
fn output_made_from_stock_of_earlier_months_is_counted() {
    let mut l = setup();
    declare(&mut l, SITE, "拆除垃圾", "100", "", "");
    deliver(
        &mut l,
        load(SITE, "吉A12345", "拆除垃圾", "15", PLANT, 5),
        "15",
    );
    // The plant worked through 50 t this month, 35 t of it from stock.
    output(&mut l, PLANT, &[("aggregate", "50")]);
    let r = resource_use::rate(l.conn(), "district", &this_month(), &this_month()).unwrap();
    assert!(close(r.total.building_material_t, 50.0));
    assert!(close(r.total.resource_rate.unwrap(), 50.0));
}

#[test]
fn a_facilitys_use_is_shared_among_the_sites_that_fed_it() {
    let mut l = setup();
    deliver(
        &mut l,
        load(SITE, "吉A12345", "拆除垃圾", "15", PLANT, 5),
        "15",
    );
    deliver(
        &mut l,
        load(SITE2, "吉A67890", "拆除垃圾", "5", PLANT, 5),
        "5",
    );
    output(&mut l, PLANT, &[("aggregate", "20")]);
    let r = resource_use::rate(l.conn(), "district", &this_month(), &this_month()).unwrap();
    let by: Vec<(&str, f64)> = r
        .rows
        .iter()
        .map(|x| (x.name.as_str(), x.building_material_t))
        .collect();
    assert_eq!(by, [("南关区", 15.0), ("朝阳区", 5.0)]);
    let f = resource_use::rate(l.conn(), "facility", &this_month(), &this_month()).unwrap();
    assert_eq!(f.rows.len(), 1);
    assert!(close(f.rows[0].intake_t, 20.0));
    assert_eq!(
        f.rows[0].resource_rate, None,
        "a facility has no generation of its own"
    );
}

#[test]
fn declarations_in_cubic_metres_keep_the_density_they_were_converted_with() {
    let mut l = setup();
    resource_use::declarations::declare(
        &mut l,
        &DeclarationDraft {
            site: SITE.into(),
            month: this_month(),
            category: "工程渣土".into(),
            unit: "m3".into(),
            generated: "100".into(),
            ..Default::default()
        },
    )
    .unwrap();
    l.set_setting("density.soil", "2.0").unwrap();
    let r = resource_use::rate(l.conn(), "district", &this_month(), &this_month()).unwrap();
    assert!(
        close(r.total.generated_t, 180.0),
        "1.8 t/m³ at entry: {:?}",
        r.total
    );
    assert_eq!(r.densities, [("soil".to_string(), 1.8)]);
}

#[test]
fn reuse_on_site_and_earthwork_balance_cannot_exceed_generation() {
    let mut l = setup();
    let e = resource_use::declarations::declare(
        &mut l,
        &DeclarationDraft {
            site: SITE.into(),
            month: this_month(),
            category: "工程渣土".into(),
            generated: "10".into(),
            reused: "6".into(),
            balanced: "6".into(),
            ..Default::default()
        },
    )
    .unwrap_err();
    assert_eq!(
        codes(&e),
        [("reused".into(), "use_exceeds_generated".into())]
    );
    assert!(
        resource_use::declarations::list(l.conn(), None, "2000-01", "2100-12")
            .unwrap()
            .is_empty()
    );
}

#[test]
fn the_closure_rate_is_closed_over_dispatched() {
    let mut l = setup();
    let a = deliver(
        &mut l,
        load(SITE, "吉A12345", "拆除垃圾", "15", PLANT, 5),
        "15",
    );
    manifests::close(&mut l, &a.number).unwrap();
    deliver(
        &mut l,
        load(SITE, "吉A12345", "拆除垃圾", "15", PLANT, 4),
        "15",
    );
    manifests::dispatch_new(&mut l, &load(SITE, "吉A67890", "拆除垃圾", "15", PLANT, 1)).unwrap();
    let draft =
        manifests::new(&mut l, &load(SITE, "吉A67890", "拆除垃圾", "15", PLANT, 1)).unwrap();
    assert_eq!(draft.status, "draft");
    let s = supervision::supervision(l.conn(), &this_month(), &this_month()).unwrap();
    assert_eq!(
        (s.total.closed, s.total.dispatched),
        (1, 3),
        "drafts do not count"
    );
    assert!(close(s.total.closure_rate.unwrap(), 100.0 / 3.0));
    assert!(s.closure_formula_zh.contains("已关闭联单数 ÷ 已出车联单数"));
}

#[test]
fn coverage_is_tonnes_under_a_manifest_over_what_sites_declared_would_leave_them() {
    let mut l = setup();
    // 40 t generated, 10 t reused on site: 30 t should leave under manifests; 22.5 t did.
    declare(&mut l, SITE, "拆除垃圾", "40", "10", "");
    deliver(
        &mut l,
        load(SITE, "吉A12345", "拆除垃圾", "15", PLANT, 5),
        "15",
    );
    manifests::dispatch_new(&mut l, &load(SITE, "吉A67890", "拆除垃圾", "7.5", PLANT, 1)).unwrap();
    // A site with no declaration is left out of coverage.
    deliver(
        &mut l,
        load(SITE2, "吉A67890", "拆除垃圾", "15", PLANT, 3),
        "15",
    );
    let s = supervision::supervision(l.conn(), &this_month(), &this_month()).unwrap();
    assert!(close(s.declared_outflow_t, 30.0));
    assert!(close(s.manifested_t, 22.5));
    assert!(close(s.coverage_rate.unwrap(), 75.0));
    assert!(s.coverage_formula_zh.contains("申报"));
}

#[test]
fn overdue_discrepant_refused_and_overloaded_loads_are_counted_by_transporter_and_by_site() {
    let mut l = setup();
    // Overdue: dispatched 8 h ago, nothing received (limit 6 h).
    manifests::dispatch_new(&mut l, &load(SITE, "吉A12345", "拆除垃圾", "15", PLANT, 8)).unwrap();
    // Received 7 h after departure: overdue too.
    let late = manifests::dispatch_new(&mut l, &load(SITE, "吉A12345", "拆除垃圾", "15", PLANT, 9))
        .unwrap();
    manifests::receive(
        &mut l,
        &late.number,
        &Reception {
            received: "15".into(),
            received_at: ago(2),
            ..Default::default()
        },
    )
    .unwrap();
    // Discrepancy: 15 t declared, 12 t weighed.
    deliver(
        &mut l,
        load(SITE2, "吉A67890", "拆除垃圾", "15", PLANT, 5),
        "12",
    );
    // Refused.
    let r = manifests::dispatch_new(&mut l, &load(SITE2, "吉A67890", "拆除垃圾", "15", PLANT, 4))
        .unwrap();
    manifests::receive(
        &mut l,
        &r.number,
        &Reception {
            received: "15".into(),
            refused: "15".into(),
            outcome: "refused".into(),
            received_at: ago(3),
            ..Default::default()
        },
    )
    .unwrap();
    // Overloaded, with its reason.
    let mut heavy = load(SITE2, "吉A67890", "拆除垃圾", "45", PLANT, 1);
    heavy.overload_reason = "大件构件，经批准".into();
    manifests::dispatch_new(&mut l, &heavy).unwrap();
    let s = supervision::supervision(l.conn(), &this_month(), &this_month()).unwrap();
    let t = &s.total;
    assert_eq!(
        (
            t.dispatched,
            t.overdue,
            t.discrepancy,
            t.refused,
            t.overload
        ),
        (5, 2, 1, 1, 1)
    );
    let by_t: Vec<(&str, i64, i64, i64, i64)> = s
        .by_transporter
        .iter()
        .map(|c| {
            (
                c.name.as_str(),
                c.overdue,
                c.discrepancy,
                c.refused,
                c.overload,
            )
        })
        .collect();
    assert_eq!(
        by_t,
        [
            ("长春另一运输公司", 0, 1, 1, 1),
            ("长春某运输公司", 2, 0, 0, 0)
        ]
    );
    let by_s: Vec<(&str, i64)> = s
        .by_site
        .iter()
        .map(|c| (c.name.as_str(), c.dispatched))
        .collect();
    assert_eq!(by_s, [("南关区某住宅项目", 2), ("朝阳区某拆迁项目", 3)]);
}

#[test]
fn monthly_totals_are_given_by_category_and_district() {
    let mut l = setup();
    facilities::set(&mut l, PLANT, "", "soil,demolition").unwrap();
    deliver(
        &mut l,
        load(SITE, "吉A12345", "拆除垃圾", "15", PLANT, 5),
        "14",
    );
    deliver(
        &mut l,
        load(SITE, "吉A12345", "工程渣土", "10", PLANT, 4),
        "10",
    );
    deliver(
        &mut l,
        load(SITE2, "吉A67890", "拆除垃圾", "16", PLANT, 3),
        "16",
    );
    let s = supervision::supervision(l.conn(), &this_month(), &this_month()).unwrap();
    let m: Vec<(&str, &str, i64, f64)> = s
        .monthly
        .iter()
        .map(|x| {
            (
                x.district_name.as_str(),
                x.category.as_str(),
                x.loads,
                x.received_t,
            )
        })
        .collect();
    assert_eq!(
        m,
        [
            ("南关区", "demolition", 1, 14.0),
            ("南关区", "soil", 1, 10.0),
            ("朝阳区", "demolition", 1, 16.0)
        ]
    );
    assert!(s.monthly.iter().all(|x| x.month == this_month()));
}

#[test]
fn an_upgraded_database_keeps_its_facility_kinds_and_turns_product_mass_into_waste_input() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("ledger.db");
    std::fs::copy(
        concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/ledger-v1.db"),
        &db,
    )
    .unwrap();
    let old: Vec<(String, i64)> = {
        let c = rusqlite::Connection::open(&db).unwrap();
        let v = c
            .prepare("SELECT product, qty_g FROM cw_facility_outputs ORDER BY id")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        v
    };
    assert!(old.iter().any(|o| o.0 == "brick"));
    let l = Ledger::open(&db).unwrap();
    let kinds: std::collections::BTreeSet<String> = facilities::list(l.conn())
        .unwrap()
        .into_iter()
        .map(|f| f.kind)
        .collect();
    assert_eq!(
        kinds.into_iter().collect::<Vec<_>>(),
        ["disposal", "recycling"]
    );
    let new: Vec<(String, i64, Option<i64>)> = l
        .conn()
        .prepare("SELECT product, input_g, product_g FROM cw_facility_outputs ORDER BY id")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    for ((p, mass), (p2, input, kept)) in old.iter().zip(&new) {
        assert_eq!((p, Some(*mass)), (p2, *kept), "the product mass is kept");
        let expected = if p == "brick" || p == "other" {
            mass * 85 / 100
        } else {
            *mass
        };
        assert_eq!(*input, expected, "{p}: waste input from product mass");
    }
    // Loads a facility took before categories were checked raise no alert.
    assert!(facilities::mismatch_alerts(l.conn(), None)
        .unwrap()
        .is_empty());
    assert!(zwl::audit::check(l.conn()).unwrap().ok());
}

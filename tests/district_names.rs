//! Districts' English names: the city profile's own are built in, a clerk may give one to a
//! district added later (or replace a built-in one), and English mode shows no Chinese.

use zwl::profile::{self, District};
use zwl::Ledger;

fn english(l: &Ledger, code: &str) -> Option<String> {
    profile::districts(l.conn())
        .unwrap()
        .into_iter()
        .find(|d| d.code == code)
        .unwrap()
        .name_en
}

fn put(l: &mut Ledger, code: &str, name: &str, name_en: Option<&str>) -> zwl::error::Result<()> {
    let d = District {
        code: code.into(),
        name: name.into(),
        kind: "district".into(),
        name_en: name_en.map(String::from),
    };
    l.write(|w| profile::put_district(w, &d))
}

#[test]
fn every_district_of_the_city_profile_has_an_english_name_without_chinese() {
    let l = Ledger::open_in_memory().unwrap();
    let ds = profile::districts(l.conn()).unwrap();
    assert!(ds.len() >= 15);
    for d in &ds {
        let en = d
            .name_en
            .as_deref()
            .unwrap_or_else(|| panic!("{} has none", d.name));
        assert!(en.is_ascii() || en.chars().all(|c| c < '\u{3000}'), "{en}");
    }
    assert_eq!(english(&l, "220102").as_deref(), Some("Nanguan District"));
    assert_eq!(english(&l, "220122").as_deref(), Some("Nong'an County"));
    assert_eq!(
        english(&l, "220182").as_deref(),
        Some("Yushu (county-level city)")
    );
}

#[test]
fn a_district_added_by_a_clerk_may_have_an_english_name_kept_in_the_change_log() {
    let mut l = Ledger::open_in_memory().unwrap();
    put(&mut l, "220199", "新区", None).unwrap();
    assert_eq!(english(&l, "220199"), None, "optional");
    put(&mut l, "220199", "新区", Some("New Area")).unwrap();
    assert_eq!(english(&l, "220199").as_deref(), Some("New Area"));
    put(&mut l, "220199", "新区", None).unwrap();
    assert_eq!(
        english(&l, "220199").as_deref(),
        Some("New Area"),
        "kept when not given"
    );
    put(&mut l, "220199", "新区", Some("")).unwrap();
    assert_eq!(english(&l, "220199"), None, "an empty one removes it");
    let logged: i64 = l
        .conn()
        .query_row(
            "SELECT count(*) FROM change_log WHERE tbl = 'district_names_en'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(logged, 2, "set, then removed");
    assert!(zwl::audit::check(l.conn()).unwrap().ok());
}

#[test]
fn a_clerks_english_name_replaces_the_built_in_one() {
    let mut l = Ledger::open_in_memory().unwrap();
    put(&mut l, "220102", "南关区", Some("Nanguan")).unwrap();
    assert_eq!(english(&l, "220102").as_deref(), Some("Nanguan"));
    put(&mut l, "220102", "南关区", Some("")).unwrap();
    assert_eq!(english(&l, "220102").as_deref(), Some("Nanguan District"));
}

#[test]
fn an_english_name_with_chinese_in_it_is_refused_and_nothing_is_written() {
    let mut l = Ledger::open_in_memory().unwrap();
    let e = put(&mut l, "220199", "新区", Some("新区 New Area")).unwrap_err();
    assert_eq!(e.code(), "invalid");
    assert!(profile::districts(l.conn())
        .unwrap()
        .iter()
        .all(|d| d.code != "220199"));
}

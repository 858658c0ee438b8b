//! English names of reporting areas (报送区域): given beside the Chinese name, kept in the
//! change log, shown in the window's English mode.

use zwl::{areas, Ledger};

fn codes(e: &zwl::Error) -> Vec<(String, String)> {
    e.fields()
        .iter()
        .map(|f| (f.field.clone(), f.code.clone()))
        .collect()
}

fn name_en(l: &Ledger, code: &str) -> Option<String> {
    areas::list(l.conn())
        .unwrap()
        .into_iter()
        .find(|a| a.code == code)
        .and_then(|a| a.name_en)
}

#[test]
fn an_area_keeps_the_english_name_given_with_it() {
    let mut l = Ledger::open_in_memory().unwrap();
    l.write(|w| areas::put_named(w, "CCXQ", "长春新区", Some(" Changchun New Area ")))
        .unwrap();
    assert_eq!(name_en(&l, "CCXQ").as_deref(), Some("Changchun New Area"));
    assert!(zwl::audit::check(l.conn()).unwrap().ok());
}

#[test]
fn city_level_has_its_english_name_built_in() {
    let l = Ledger::open_in_memory().unwrap();
    assert_eq!(
        name_en(&l, areas::CITY_LEVEL).as_deref(),
        Some("City level")
    );
}

#[test]
fn the_english_name_is_optional_and_renaming_without_one_keeps_it() {
    let mut l = Ledger::open_in_memory().unwrap();
    l.write(|w| areas::put(w, "ZHSFQ", "中韩示范区")).unwrap();
    assert_eq!(name_en(&l, "ZHSFQ"), None, "none given, none shown");
    l.write(|w| areas::put_named(w, "ZHSFQ", "中韩示范区", Some("Sino-Korean Zone")))
        .unwrap();
    l.write(|w| areas::put(w, "ZHSFQ", "中韩（长春）国际合作示范区"))
        .unwrap();
    assert_eq!(name_en(&l, "ZHSFQ").as_deref(), Some("Sino-Korean Zone"));
    // An empty text removes it.
    l.write(|w| areas::put_named(w, "ZHSFQ", "中韩（长春）国际合作示范区", Some("")))
        .unwrap();
    assert_eq!(name_en(&l, "ZHSFQ"), None);
    assert!(zwl::audit::check(l.conn()).unwrap().ok());
}

#[test]
fn an_english_name_with_chinese_characters_is_refused_and_nothing_is_written() {
    let mut l = Ledger::open_in_memory().unwrap();
    let e = l
        .write(|w| areas::put_named(w, "CCXQ", "长春新区", Some("长春 New Area")))
        .unwrap_err();
    assert_eq!(codes(&e), [("name_en".into(), "bad_value".into())]);
    assert_eq!(areas::list(l.conn()).unwrap().len(), 1, "only 市本级");
}

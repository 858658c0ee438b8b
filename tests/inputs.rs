//! Inputs that never change data silently, and import messages a clerk can act on: each
//! test is one rule, through the core API.

use chrono::{Duration, Local};
use zwl::cells::{self, records::RecordInput, CellDraft};
use zwl::construction::{
    import as cw_import, list as cw_list,
    manifests::{self, ManifestDraft, Reception},
    registers::{self, EntryDraft},
    resource_use,
};
use zwl::{Error, Ledger};

fn codes(e: &Error) -> Vec<(Option<usize>, String, String)> {
    e.fields()
        .iter()
        .map(|f| (f.row, f.field.clone(), f.code.clone()))
        .collect()
}

fn has(e: &Error, row: Option<usize>, field: &str, code: &str) -> bool {
    codes(e).contains(&(row, field.to_string(), code.to_string()))
}

fn at(hours: i64) -> String {
    (Local::now() + Duration::hours(hours))
        .format("%Y-%m-%d %H:%M")
        .to_string()
}

fn in_days(days: i64) -> String {
    (Local::now() + Duration::days(days))
        .format("%Y-%m-%d")
        .to_string()
}

fn office(name: &str) -> CellDraft {
    CellDraft {
        name: name.into(),
        kind: "office".into(),
        uscc: "91220101131860916E".into(),
        district: "220102".into(),
        ..Default::default()
    }
}

fn rec(generated: &str) -> RecordInput {
    RecordInput {
        month: "2025-05".into(),
        category: "recyclable".into(),
        generated: generated.into(),
        ..Default::default()
    }
}

fn change_sets(l: &Ledger) -> i64 {
    l.conn()
        .query_row("SELECT count(*) FROM change_sets", [], |r| r.get(0))
        .unwrap()
}

/// A ledger with a site, a transporter, a vehicle and a facility, all valid.
fn registers_ledger() -> Ledger {
    let mut l = Ledger::open_in_memory().unwrap();
    let entry = |name: &str| EntryDraft {
        name: name.into(),
        valid_until: in_days(100),
        district: "220102".into(),
        ..Default::default()
    };
    registers::add_site(&mut l, &entry("南关区某住宅项目")).unwrap();
    registers::add_transporter(&mut l, &entry("长春某运输公司")).unwrap();
    registers::add_vehicle(
        &mut l,
        &EntryDraft {
            transporter: "长春某运输公司".into(),
            driver: "张伟".into(),
            rated_payload_t: "25".into(),
            ..entry("吉A12345")
        },
    )
    .unwrap();
    registers::add_facility(
        &mut l,
        &EntryDraft {
            kind: "recycling".into(),
            ..entry("长春某资源化利用厂")
        },
    )
    .unwrap();
    l
}

fn load(declared: &str, departure: &str) -> ManifestDraft {
    ManifestDraft {
        category: "拆除垃圾".into(),
        declared: declared.into(),
        site: "南关区某住宅项目".into(),
        vehicle: "吉A12345".into(),
        facility: "长春某资源化利用厂".into(),
        departure_at: departure.into(),
        ..Default::default()
    }
}

#[test]
fn an_empty_generated_quantity_is_refused_and_deletes_nothing() {
    let mut l = Ledger::open_in_memory().unwrap();
    let c = cells::add(&mut l, &office("甲局")).unwrap();
    cells::records::save_one(&mut l, c.id, &rec("100")).unwrap();
    let e = cells::records::save_one(&mut l, c.id, &rec("")).unwrap_err();
    assert!(has(&e, Some(1), "generated", "required"), "{e:?}");
    let kept = cells::records::list(l.conn(), c.id, "2025-05", "2025-05").unwrap();
    assert_eq!(kept.len(), 1);
    assert_eq!(kept[0].generated_g, 100_000);
}

#[test]
fn deleting_a_record_is_a_step_of_its_own() {
    let mut l = Ledger::open_in_memory().unwrap();
    let c = cells::add(&mut l, &office("甲局")).unwrap();
    cells::records::save_one(&mut l, c.id, &rec("100")).unwrap();
    let id = cells::records::list(l.conn(), c.id, "2025-05", "2025-05").unwrap()[0].id;
    cells::records::delete(&mut l, c.id, "2025-05", "可回收物").unwrap();
    assert!(cells::records::list(l.conn(), c.id, "2025-05", "2025-05")
        .unwrap()
        .is_empty());
    let h = zwl::audit::history(l.conn(), "cell_records", id.as_bytes()).unwrap();
    assert_eq!(h.last().unwrap().action, "delete");
    let again = cells::records::delete(&mut l, c.id, "2025-05", "recyclable").unwrap_err();
    assert_eq!(again.code(), "not_found");
    assert!(zwl::audit::check(l.conn()).unwrap().ok());
}

#[test]
fn a_comma_separates_thousands_only_in_groups_of_three() {
    let mut l = Ledger::open_in_memory().unwrap();
    let c = cells::add(&mut l, &office("甲局")).unwrap();
    let e = cells::records::save_one(&mut l, c.id, &rec("12,5")).unwrap_err();
    assert!(has(&e, Some(1), "generated", "quantity_grouping"), "{e:?}");
    assert!(e.fields()[0].message_zh.contains("12,5"), "{e:?}");
    assert!(cells::records::list(l.conn(), c.id, "2025-05", "2025-05")
        .unwrap()
        .is_empty());
    cells::records::save_one(&mut l, c.id, &rec("１,２００")).unwrap();
    let r = cells::records::list(l.conn(), c.id, "2025-05", "2025-05").unwrap();
    assert_eq!(r[0].generated_g, 1_200_000);
}

#[test]
fn saving_the_same_record_values_again_changes_nothing() {
    let mut l = Ledger::open_in_memory().unwrap();
    let c = cells::add(&mut l, &office("甲局")).unwrap();
    assert_eq!(
        cells::records::save_one(&mut l, c.id, &rec("100"))
            .unwrap()
            .changed,
        1
    );
    let sets = change_sets(&l);
    assert_eq!(
        cells::records::save_one(&mut l, c.id, &rec("100.000"))
            .unwrap()
            .changed,
        0
    );
    assert_eq!(change_sets(&l), sets);
}

#[test]
fn a_quantity_above_its_ceiling_is_refused_with_the_valid_range() {
    let mut l = Ledger::open_in_memory().unwrap();
    let c = cells::add(&mut l, &office("甲局")).unwrap();
    let e = cells::records::save_one(&mut l, c.id, &rec("10,000,001")).unwrap_err();
    assert!(has(&e, Some(1), "generated", "quantity_too_large"), "{e:?}");
    assert!(
        e.fields()[0].message_zh.contains("0 至 10,000,000 千克"),
        "{e:?}"
    );
    l.set_setting("limit.record_kg", "20000000").unwrap();
    cells::records::save_one(&mut l, c.id, &rec("10,000,001")).unwrap();
    // The ceiling itself has a ceiling, so that sums stay exact.
    let e = l
        .set_setting("limit.record_kg", "1000000000000")
        .unwrap_err();
    assert!(e.fields()[0].message_zh.contains("1,000,000,000"), "{e:?}");
}

#[test]
fn facility_output_that_would_overflow_a_sum_is_refused() {
    let mut l = registers_ledger();
    let huge = vec![("aggregate".to_string(), "999,999,999,999".to_string())];
    let e =
        resource_use::record_output(&mut l, "长春某资源化利用厂", "2025-05", &huge).unwrap_err();
    assert!(has(&e, Some(1), "qty", "quantity_too_large"), "{e:?}");
    // What is allowed sums without overflow, whatever the number of months.
    let max = vec![("aggregate".to_string(), "100,000".to_string())];
    for m in 1..=12 {
        let month = format!("2025-{m:02}");
        resource_use::record_output(&mut l, "长春某资源化利用厂", &month, &max).unwrap();
    }
    resource_use::rate(l.conn(), "facility", "2025-01", "2025-12").unwrap();
}

#[test]
fn a_departure_or_reception_later_than_now_is_refused_but_a_draft_may_be_planned() {
    let mut l = registers_ledger();
    let e = manifests::dispatch_new(&mut l, &load("20", &at(2))).unwrap_err();
    assert!(has(&e, None, "departure_at", "future_time"), "{e:?}");
    manifests::new(&mut l, &load("20", &at(48))).unwrap();
    // A clock a minute or two ahead is not the future.
    let soon = (Local::now() + Duration::minutes(2))
        .format("%Y-%m-%d %H:%M")
        .to_string();
    manifests::dispatch_new(&mut l, &load("20", &soon)).unwrap();
    let m = manifests::dispatch_new(&mut l, &load("20", &at(-3))).unwrap();
    let r = Reception {
        received: "20".into(),
        received_at: at(3),
        ..Default::default()
    };
    let e = manifests::receive(&mut l, &m.number, &r).unwrap_err();
    assert!(has(&e, None, "received_at", "future_time"), "{e:?}");
}

#[test]
fn a_bad_date_in_a_list_filter_is_an_error_not_an_unfiltered_list() {
    let mut l = registers_ledger();
    manifests::dispatch_new(&mut l, &load("20", &at(-3))).unwrap();
    let f = cw_list::ManifestFilter {
        from: "2026-02-30".into(),
        ..Default::default()
    };
    let e = cw_list::list(l.conn(), &f).unwrap_err();
    assert!(has(&e, None, "from", "bad_date"), "{e:?}");
    let c = cells::add(&mut l, &office("甲局")).unwrap();
    let e = cells::records::list(l.conn(), c.id, "2025-13", "2025-12").unwrap_err();
    assert!(has(&e, None, "from", "bad_month"), "{e:?}");
}

#[test]
fn invisible_characters_in_names_are_stripped_or_refused_per_field() {
    let mut l = Ledger::open_in_memory().unwrap();
    // Zero-width characters: stripped.
    let c = cells::add(&mut l, &office("甲\u{200B}局\u{FEFF}")).unwrap();
    assert_eq!(c.name, "甲局");
    // A NUL byte: refused with its field, never a raw database error.
    let mut d = office("乙\0局");
    d.uscc = String::new();
    d.kind = "community".into();
    let e = cells::add(&mut l, &d).unwrap_err();
    assert!(has(&e, None, "name", "nul_char"), "{e:?}");
    // Direction overrides and control characters: refused.
    d.name = "乙局\u{202E}".into();
    let e = cells::add(&mut l, &d).unwrap_err();
    assert!(has(&e, None, "name", "bidi_char"), "{e:?}");
    d.name = "乙局".into();
    d.address = "人民大街\u{7}1 号".into();
    let e = cells::add(&mut l, &d).unwrap_err();
    assert!(has(&e, None, "address", "control_char"), "{e:?}");
    let e = registers::add_site(
        &mut l,
        &EntryDraft {
            name: "某\0工地".into(),
            district: "220102".into(),
            ..Default::default()
        },
    )
    .unwrap_err();
    assert!(has(&e, None, "name", "nul_char"), "{e:?}");
}

#[test]
fn names_addresses_and_other_text_have_length_limits() {
    let mut l = Ledger::open_in_memory().unwrap();
    let mut d = office(&"长".repeat(101));
    d.address = "路".repeat(201);
    let e = cells::add(&mut l, &d).unwrap_err();
    assert!(has(&e, None, "name", "too_long"), "{e:?}");
    assert!(has(&e, None, "address", "too_long"), "{e:?}");
    let mut l = registers_ledger();
    let mut m = load("20", &at(-3));
    m.route = "路".repeat(201);
    let e = manifests::dispatch_new(&mut l, &m).unwrap_err();
    assert!(has(&e, None, "route", "too_long"), "{e:?}");
}

const CELLS_HEAD: &str = "名称,类型,统一社会信用代码,行政区划,地址\n";

#[test]
fn a_nul_byte_in_an_imported_name_is_refused_with_its_row_and_field() {
    let mut l = Ledger::open_in_memory().unwrap();
    let csv = format!("{CELLS_HEAD}甲\0局,机关,91220101131860916E,220102,\n");
    let e = cells::import::import_text(&mut l, &csv).unwrap_err();
    assert!(has(&e, Some(2), "name", "nul_char"), "{e:?}");
}

#[test]
fn a_last_row_cut_short_is_refused_and_named() {
    let mut l = Ledger::open_in_memory().unwrap();
    let sets = change_sets(&l);
    let csv = format!("{CELLS_HEAD}甲局,机关,91220101131860916E,220102,人民大街\n乙小区,小区");
    let e = cells::import::import_text(&mut l, &csv).unwrap_err();
    assert!(has(&e, Some(3), "file", "truncated_row"), "{e:?}");
    let csv = format!("{CELLS_HEAD}甲局,机关,91220101131860916E,220102,\"人民大");
    let e = cells::import::import_text(&mut l, &csv).unwrap_err();
    assert!(has(&e, Some(2), "file", "truncated_row"), "{e:?}");
    assert_eq!(change_sets(&l), sets, "nothing written");
}

#[test]
fn importing_the_same_cells_twice_writes_nothing_the_second_time() {
    let mut l = Ledger::open_in_memory().unwrap();
    let csv = format!("{CELLS_HEAD}甲局,机关,91220101131860916E,220102,\n乙小区,小区,,220102,\n");
    let first = cells::import::import_text(&mut l, &csv).unwrap();
    assert_eq!((first.added, first.already), (2, 0));
    let sets = change_sets(&l);
    let second = cells::import::import_text(&mut l, &csv).unwrap();
    assert_eq!((second.added, second.already), (0, 2));
    assert_eq!(change_sets(&l), sets, "nothing written");
    // The same key with other values is refused: an edit is a step of its own.
    let changed = format!("{CELLS_HEAD}甲局,机关,91220101131860916E,220102,新地址\n");
    let e = cells::import::import_text(&mut l, &changed).unwrap_err();
    assert!(has(&e, Some(2), "name", "exists_differs"), "{e:?}");
}

fn manifests_csv(departure: &str) -> String {
    format!(
        "类别,申报量,工地,车牌号,消纳场,出车时间\n\
         拆除垃圾,20,南关区某住宅项目,吉A12345,长春某资源化利用厂,{departure}\n"
    )
}

#[test]
fn importing_the_same_manifests_twice_writes_nothing_the_second_time() {
    let mut l = registers_ledger();
    let csv = manifests_csv(&at(-3));
    assert_eq!(cw_import::import_text(&mut l, &csv, None).unwrap().added, 1);
    let sets = change_sets(&l);
    let again = cw_import::import_text(&mut l, &csv, None).unwrap();
    assert_eq!((again.added, again.already), (0, 1));
    assert_eq!(change_sets(&l), sets);
    let all = cw_list::list(l.conn(), &Default::default()).unwrap();
    assert_eq!(all.total, 1, "the loads are not doubled");
}

#[test]
fn a_manifest_file_imported_before_is_known_by_its_hash() {
    let mut l = registers_ledger();
    let d = tempfile::tempdir().unwrap();
    let file = d.path().join("loads.csv");
    std::fs::write(&file, manifests_csv(&at(-3))).unwrap();
    let first = cw_import::import_file(&mut l, &file).unwrap();
    assert_eq!(first.added, 1);
    let again = cw_import::import_file(&mut l, &file).unwrap();
    assert_eq!(again.added, 0);
    assert!(again.imported_before.is_some());
}

#[test]
fn import_rows_are_the_rows_a_spreadsheet_shows() {
    let mut l = Ledger::open_in_memory().unwrap();
    // Row 2 has a line break in a quoted cell, row 3 is blank, row 4 is bad.
    let csv = format!(
        "{CELLS_HEAD}甲局,机关,91220101131860916E,220102,\"人民大街\n1 号\"\n\n乙局,无此类型,,220102,\n"
    );
    let e = cells::import::import_text(&mut l, &csv).unwrap_err();
    assert!(has(&e, Some(4), "kind", "unknown_kind"), "{e:?}");
    // A file whose rows end with CR alone (old Mac Excel).
    let csv = CELLS_HEAD.replace('\n', "\r")
        + "甲局,机关,91220101131860916E,220102,\r乙局,无此类型,,220102,\r";
    let e = cells::import::import_text(&mut l, &csv).unwrap_err();
    assert!(has(&e, Some(3), "kind", "unknown_kind"), "{e:?}");
}

#[test]
fn an_import_message_quotes_sixty_characters_and_stops_after_a_hundred_problems() {
    let mut l = Ledger::open_in_memory().unwrap();
    let mut csv = format!("{CELLS_HEAD}甲局,{},,220102,\n", "类".repeat(1_000_000));
    for i in 0..300 {
        csv.push_str(&format!("局{i},无此类型,,220102,\n"));
    }
    let e = cells::import::import_text(&mut l, &csv).unwrap_err();
    assert_eq!(e.fields().len(), zwl::csv_file::MAX_ERRORS + 1);
    let rest = e.fields().last().unwrap();
    assert_eq!(rest.code, "more_errors");
    assert!(rest.message_zh.contains("201"), "{}", rest.message_zh);
    assert!(e.message_zh().len() < 40_000, "{}", e.message_zh().len());
    assert!(e.message_zh().contains("共 301 处问题"));
}

#[test]
fn the_encoding_error_says_in_chinese_how_to_save_the_file() {
    let mut l = Ledger::open_in_memory().unwrap();
    let d = tempfile::tempdir().unwrap();
    let file = d.path().join("cells.csv");
    std::fs::write(&file, b"\x80\x80,\xFF\xFE\xFF\n").unwrap();
    let e = cells::import::import_file(&mut l, &file).unwrap_err();
    assert!(e.message_zh().contains("另存为"), "{}", e.message_zh());
    assert!(e.message_zh().contains("CSV UTF-8"), "{}", e.message_zh());
}

#[test]
fn utf16_text_saved_by_excel_is_read() {
    let mut l = Ledger::open_in_memory().unwrap();
    let d = tempfile::tempdir().unwrap();
    let file = d.path().join("cells.txt");
    let text =
        "名称\t类型\t统一社会信用代码\t行政区划\r\n甲局\t机关\t91220101131860916E\t220102\r\n";
    let mut bytes = vec![0xFF, 0xFE];
    for u in text.encode_utf16() {
        bytes.extend(u.to_le_bytes());
    }
    std::fs::write(&file, bytes).unwrap();
    assert_eq!(cells::import::import_file(&mut l, &file).unwrap().added, 1);
}

#[test]
fn units_in_messages_are_the_fields_own() {
    let mut l = registers_ledger();
    let mut m = load("12,5", &at(-3));
    m.unit = "m3".into();
    let e = manifests::dispatch_new(&mut l, &m).unwrap_err();
    let f = &e.fields()[0];
    assert_eq!(f.field, "declared");
    assert!(f.message_zh.contains("12,5"), "{}", f.message_zh);
    let m = load("20.1234", &at(-3));
    let e = manifests::dispatch_new(&mut l, &m).unwrap_err();
    assert!(e.fields()[0].message_zh.contains("吨"), "{e:?}");
    assert!(!e.fields()[0].message_zh.contains("千克"), "{e:?}");
    let mut m = load("1001", &at(-3));
    m.unit = "m3".into();
    m.overload_reason = "超长构件".into();
    let e = manifests::dispatch_new(&mut l, &m).unwrap_err();
    assert!(e.fields()[0].message_zh.contains("立方米"), "{e:?}");
}

#[test]
fn text_that_starts_like_a_formula_is_exported_as_text() {
    let line = zwl::text::csv_line(&["=HYPERLINK(\"http://x\")", "@A1", "+1", "-1", "长春"]);
    assert_eq!(
        line,
        "\"'=HYPERLINK(\"\"http://x\"\")\",'@A1,'+1,'-1,长春\r\n"
    );
}

#[test]
fn the_resource_use_sum_never_overflows_even_on_data_from_before_the_ceilings() {
    let l = registers_ledger();
    let f: Vec<u8> = l
        .conn()
        .query_row("SELECT id FROM cw_facilities", [], |r| r.get(0))
        .unwrap();
    // Outputs of 999,999,999,999 t, as an older version accepted them: twelve of them add
    // up to more than a 64-bit integer holds.
    for m in 1..=3u8 {
        for (i, p) in ["aggregate", "brick", "backfill", "other"]
            .iter()
            .enumerate()
        {
            l.conn()
                .execute(
                    "INSERT INTO cw_facility_outputs (id, facility_id, month, product, input_g,
                        created_at, updated_at, origin, clock)
                     VALUES (?1, ?2, ?3, ?4, 999999999999000000, 0, 0, 1, 1)",
                    (vec![m * 10 + i as u8; 16], &f, format!("2025-0{m}"), p),
                )
                .unwrap();
        }
    }
    resource_use::rate(l.conn(), "facility", "2025-01", "2025-03").unwrap();
}

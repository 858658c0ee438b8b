//! What a new ledger starts with: the waste streams, the categories in them, and which
//! activity figures the four kinds of cell the plan names divide each stream by.

/// Streams: key, Chinese, English, household.
pub const STREAMS: &[(&str, &str, &str, bool)] = &[
    ("household", "生活垃圾", "Household waste", true),
    (
        "industrial",
        "一般工业固体废物",
        "General industrial solid waste",
        false,
    ),
    ("hazardous", "危险废物", "Hazardous waste", false),
    ("food_waste", "餐厨垃圾", "Food waste (canteens)", false),
    ("decoration", "装修垃圾", "Renovation waste", false),
    ("bulky", "大件垃圾", "Bulky waste", false),
    ("garden", "园林绿化垃圾", "Garden waste", false),
];
/// Categories: key, Chinese, English, stream, counts as recovery.
pub const CATEGORIES: &[(&str, &str, &str, &str, bool)] = &[
    ("recyclable", "可回收物", "Recyclables", "household", true),
    ("kitchen", "厨余垃圾", "Kitchen waste", "household", true),
    (
        "hazardous_household",
        "有害垃圾",
        "Household hazardous waste",
        "household",
        false,
    ),
    ("other", "其他垃圾", "Other waste", "household", false),
    (
        "industrial",
        "一般工业固体废物",
        "General industrial solid waste",
        "industrial",
        false,
    ),
    (
        "hazardous",
        "危险废物",
        "Hazardous waste",
        "hazardous",
        false,
    ),
    (
        "food_waste",
        "餐厨垃圾",
        "Food waste (canteens)",
        "food_waste",
        false,
    ),
    (
        "decoration",
        "装修垃圾",
        "Renovation waste",
        "decoration",
        false,
    ),
    ("bulky", "大件垃圾", "Bulky waste", "bulky", false),
    ("garden", "园林绿化垃圾", "Garden waste", "garden", false),
];
/// Denominators: kind, stream, figure (in order).
pub const DENOMINATORS: &[(&str, &str, &str)] = &[
    ("office", "household", "people"),
    ("office", "food_waste", "diners"),
    ("community", "household", "households"),
    ("community", "household", "people"),
    ("community", "decoration", "households"),
    ("community", "bulky", "households"),
    ("community", "garden", "households"),
    ("factory", "industrial", "output_value"),
    ("factory", "industrial", "product_tonnes"),
    ("factory", "hazardous", "output_value"),
    ("factory", "hazardous", "product_tonnes"),
    ("factory", "household", "people"),
    ("factory", "food_waste", "diners"),
    ("school", "household", "teachers_pupils"),
    ("school", "food_waste", "teachers_pupils"),
];

/// Writes the streams and categories (before the kinds).
pub fn streams_and_categories(w: &mut crate::db::Writer<'_>) -> crate::error::Result<()> {
    for (key, zh, en, household) in STREAMS {
        super::categories::insert_stream(w, key, zh, en, *household)?;
    }
    for (key, zh, en, stream, recovery) in CATEGORIES {
        super::categories::add_category(
            w,
            &super::categories::CategoryDraft {
                key: key.to_string(),
                name_zh: zh.to_string(),
                name_en: en.to_string(),
                stream: stream.to_string(),
                counts_as_recovery: *recovery,
                ..Default::default()
            },
        )?;
    }
    Ok(())
}

/// Writes the denominators of the seeded kinds (after the kinds).
pub fn denominators(w: &mut crate::db::Writer<'_>) -> crate::error::Result<()> {
    let mut kinds: Vec<&str> = DENOMINATORS.iter().map(|d| d.0).collect();
    kinds.dedup();
    for kind in kinds {
        let mut streams: Vec<&str> = DENOMINATORS
            .iter()
            .filter(|d| d.0 == kind)
            .map(|d| d.1)
            .collect();
        streams.dedup();
        for stream in streams {
            let figures: Vec<String> = DENOMINATORS
                .iter()
                .filter(|d| d.0 == kind && d.1 == stream)
                .map(|d| d.2.to_string())
                .collect();
            super::denominators::set_denominators(w, kind, stream, &figures)?;
        }
    }
    Ok(())
}

//! Quantities at the edge: clerks type kilograms (or tonnes, cubic metres) with up to three
//! decimals; the ledger stores whole grams (or cm³) so that sums are exact.
//!
//! Reading is strict, because a quantity read wrongly is a figure changed silently: a comma
//! (or a space) is a thousands separator only between groups of three digits (`1,200`,
//! `1,234,567.5`), so `12,5` is refused with what was read rather than stored as 125.
//! Full-width digits and punctuation (`１２．５`, typed with a Chinese input method) are read
//! as their ASCII forms, and spaces around the number are ignored. Every field has a ceiling
//! (a setting, see [`Limit`]) low enough that no sum of stored quantities can overflow.

use rusqlite::Connection;

use crate::error::{FieldError, Result};

/// Why a typed quantity was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum QuantityError {
    /// Below zero.
    Negative,
    /// Not a number.
    Malformed,
    /// A comma or space that does not separate groups of three digits (`12,5`).
    Grouping,
    /// More than three decimals.
    Decimals,
    /// Above the field's ceiling, given in the stored unit (g or cm³).
    TooLarge {
        /// The ceiling in the stored unit.
        max: i64,
    },
}

/// The unit a field is typed in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    /// Kilograms, stored as grams.
    Kg,
    /// Tonnes, stored as grams.
    Tonne,
    /// Cubic metres, stored as cm³.
    CubicMetre,
}

impl Unit {
    /// The unit of a manifest's `unit` column (`t` or `m3`).
    pub fn of_manifest(unit: &str) -> Unit {
        if unit == "m3" {
            Unit::CubicMetre
        } else {
            Unit::Tonne
        }
    }
    /// Stored units per typed unit.
    fn factor(self) -> i64 {
        match self {
            Unit::Kg => 1_000,
            Unit::Tonne | Unit::CubicMetre => 1_000_000,
        }
    }
    /// The unit as a Chinese message writes it.
    pub fn zh(self) -> &'static str {
        match self {
            Unit::Kg => "千克",
            Unit::Tonne => "吨",
            Unit::CubicMetre => "立方米",
        }
    }
    /// The unit as an English message writes it.
    pub fn en(self) -> &'static str {
        match self {
            Unit::Kg => "kg",
            Unit::Tonne => "t",
            Unit::CubicMetre => "m³",
        }
    }
    /// A stored value shown in this unit.
    pub fn format(self, stored: i64) -> String {
        match self {
            Unit::Kg => format_kg(stored),
            Unit::Tonne | Unit::CubicMetre => format_million(stored),
        }
    }
}

/// The ceiling of a kind of quantity: a setting in the typed unit, with a default and a
/// largest allowed value chosen so that sums of stored values stay far inside `i64`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Limit {
    /// One monthly record quantity of a cell (kg). Largest 1,000,000,000 kg = 10¹² g:
    /// 9 million records at the ceiling still sum inside `i64`.
    RecordKg,
    /// One manifest quantity (declared, received, refused), t or m³. Largest 10,000.
    Load,
    /// One facility output of a month (t). Largest 1,000,000 t = 10¹² g.
    OutputT,
}

impl Limit {
    /// The setting's key.
    pub fn key(self) -> &'static str {
        match self {
            Limit::RecordKg => "limit.record_kg",
            Limit::Load => "limit.load",
            Limit::OutputT => "limit.output_t",
        }
    }
    /// The default ceiling, in the typed unit.
    pub fn default_value(self) -> i64 {
        match self {
            Limit::RecordKg => 10_000_000,
            Limit::Load => 1_000,
            Limit::OutputT => 100_000,
        }
    }
    /// The largest ceiling a setting may choose, in the typed unit.
    pub fn largest(self) -> i64 {
        match self {
            Limit::RecordKg => 1_000_000_000,
            Limit::Load => 10_000,
            Limit::OutputT => 1_000_000,
        }
    }
    /// The limit of a setting key.
    pub fn of_key(key: &str) -> Option<Limit> {
        [Limit::RecordKg, Limit::Load, Limit::OutputT]
            .into_iter()
            .find(|l| l.key() == key)
    }
    /// The ceiling in force, in the typed unit (the setting, or the default).
    pub fn value(self, conn: &Connection) -> Result<i64> {
        Ok(crate::profile::setting(conn, self.key())?
            .and_then(|v| v.trim().parse::<i64>().ok())
            .filter(|v| (1..=self.largest()).contains(v))
            .unwrap_or(self.default_value()))
    }
    /// The ceiling in force in the stored unit of `unit`.
    pub fn stored(self, conn: &Connection, unit: Unit) -> Result<i64> {
        Ok(self.value(conn)? * unit.factor())
    }
}

/// Reads a number as typed into thousandths of the typed unit. An empty string is
/// `Ok(None)`.
fn parse_milli(input: &str) -> Result<Option<i128>, QuantityError> {
    let s: String = input
        .trim()
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            '．' | '。' => '.',
            '，' => ',',
            '－' | '−' => '-',
            c if c.is_whitespace() => ' ',
            _ => c,
        })
        .collect();
    if s.is_empty() {
        return Ok(None);
    }
    let (neg, body) = match s.strip_prefix('-') {
        Some(b) => (true, b.trim_start()),
        None => (false, s.as_str()),
    };
    let (whole, frac) = body.split_once('.').unwrap_or((body, ""));
    if !frac.bytes().all(|b| b.is_ascii_digit()) {
        return Err(if frac.contains(',') {
            QuantityError::Grouping
        } else {
            QuantityError::Malformed
        });
    }
    let digits = grouped_digits(whole)?;
    if digits.is_empty() && frac.is_empty() {
        return Err(QuantityError::Malformed);
    }
    if frac.len() > 3 {
        return Err(QuantityError::Decimals);
    }
    // More digits than any ceiling allows: too large, whatever the ceiling.
    if digits.trim_start_matches('0').len() > 20 {
        return Err(QuantityError::TooLarge { max: i64::MAX });
    }
    let w: i128 = if digits.is_empty() {
        0
    } else {
        digits.parse().map_err(|_| QuantityError::Malformed)?
    };
    let f: i128 = format!("{frac:0<3}")
        .parse()
        .map_err(|_| QuantityError::Malformed)?;
    let milli = w * 1000 + f;
    if neg && milli > 0 {
        return Err(QuantityError::Negative);
    }
    Ok(Some(milli))
}

/// The digits of a whole part whose separators (`,` or a space, one kind) stand between
/// groups of three: `1,234,567` → `1234567`; `12,5` and `1,2345` are refused.
fn grouped_digits(whole: &str) -> Result<String, QuantityError> {
    let sep = match (whole.contains(','), whole.contains(' ')) {
        (false, false) => {
            return if whole.bytes().all(|b| b.is_ascii_digit()) {
                Ok(whole.to_string())
            } else {
                Err(QuantityError::Malformed)
            };
        }
        (true, false) => ',',
        (false, true) => ' ',
        (true, true) => return Err(QuantityError::Grouping),
    };
    let groups: Vec<&str> = whole.split(sep).collect();
    if groups
        .iter()
        .any(|g| !g.bytes().all(|b| b.is_ascii_digit()))
    {
        return Err(QuantityError::Malformed);
    }
    let first_ok = (1..=3).contains(&groups[0].len());
    if !first_ok || groups[1..].iter().any(|g| g.len() != 3) {
        return Err(QuantityError::Grouping);
    }
    Ok(groups.concat())
}

/// Reads a quantity typed in `unit` into the stored unit, refusing values above `max`
/// (stored unit). An empty string is `Ok(None)`.
pub fn parse_in(input: &str, unit: Unit, max: i64) -> Result<Option<i64>, QuantityError> {
    let milli = match parse_milli(input) {
        Ok(Some(m)) => m,
        Ok(None) => return Ok(None),
        Err(QuantityError::TooLarge { .. }) => return Err(QuantityError::TooLarge { max }),
        Err(e) => return Err(e),
    };
    let stored = milli * i128::from(unit.factor() / 1000);
    if stored > i128::from(max) {
        return Err(QuantityError::TooLarge { max });
    }
    Ok(Some(stored as i64))
}

/// Parses kilograms as typed (`12`, `12.5`, `1,234.125`, full-width digits) into grams,
/// with no ceiling but `i64` (callers that store apply their [`Limit`]). An empty string is
/// `Ok(None)`.
pub fn parse_kg(input: &str) -> Result<Option<i64>, QuantityError> {
    parse_in(input, Unit::Kg, i64::MAX)
}

/// Parses tonnes (or cubic metres) as typed, with up to three decimals, into grams (or
/// cubic centimetres): 1 t = 1,000,000 g, 1 m³ = 1,000,000 cm³.
pub fn parse_million(input: &str) -> Result<Option<i64>, QuantityError> {
    parse_in(input, Unit::Tonne, i64::MAX)
}

impl QuantityError {
    /// The refusal of field `field` typed as `raw` in `unit`, with what was read and, for
    /// a value out of range, the valid range.
    pub fn to_field(&self, row: Option<usize>, field: &str, raw: &str, unit: Unit) -> FieldError {
        let value = raw.trim();
        let args = |extra: &[(&str, &str)]| -> Vec<(String, String)> {
            let mut a = vec![
                ("value".to_string(), value.to_string()),
                ("unit".to_string(), unit.zh().to_string()),
                ("unit_en".to_string(), unit.en().to_string()),
            ];
            a.extend(extra.iter().map(|(k, v)| (k.to_string(), v.to_string())));
            a
        };
        let (code, a) = match self {
            QuantityError::Negative => ("negative", args(&[])),
            QuantityError::Malformed => ("bad_quantity", args(&[])),
            QuantityError::Grouping => ("quantity_grouping", args(&[])),
            QuantityError::Decimals => ("quantity_decimals", args(&[])),
            QuantityError::TooLarge { max } => {
                let m = group_thousands(&unit.format(*max));
                ("quantity_too_large", args(&[("max", &m)]))
            }
        };
        let a: Vec<(&str, &str)> = a.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        FieldError::new(row, field, code, &a)
    }
}

/// `1234567.5` → `1,234,567.5`, for ranges in messages.
pub fn group_thousands(n: &str) -> String {
    let (whole, frac) = n.split_once('.').map_or((n, None), |(w, f)| (w, Some(f)));
    let mut out = String::new();
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if let Some(f) = frac {
        out.push('.');
        out.push_str(f);
    }
    out
}

/// Grams (or cm³) shown as tonnes (or m³), without trailing zeros.
pub fn format_million(v: i64) -> String {
    // Exact to the kilogram, the precision of input.
    format_kg(v / 1000)
}

/// Grams shown as kilograms, without trailing zeros (`12500` → `12.5`).
pub fn format_kg(grams: i64) -> String {
    let sign = if grams < 0 { "-" } else { "" };
    let g = grams.unsigned_abs();
    let (w, f) = (g / 1000, g % 1000);
    if f == 0 {
        format!("{sign}{w}")
    } else {
        let frac = format!("{f:03}");
        format!("{sign}{w}.{}", frac.trim_end_matches('0'))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kilograms_become_exact_grams() {
        assert_eq!(parse_kg("12"), Ok(Some(12_000)));
        assert_eq!(parse_kg(" 12.5 "), Ok(Some(12_500)));
        assert_eq!(parse_kg("1,234.125"), Ok(Some(1_234_125)));
        assert_eq!(parse_kg("０.５"), Ok(Some(500)));
        assert_eq!(parse_kg(".25"), Ok(Some(250)));
        assert_eq!(parse_kg(""), Ok(None));
        assert_eq!(parse_kg("-0"), Ok(Some(0)));
    }

    #[test]
    fn a_comma_separates_thousands_only_in_groups_of_three() {
        assert_eq!(parse_kg("1,200"), Ok(Some(1_200_000)));
        assert_eq!(parse_kg("1,234,567.5"), Ok(Some(1_234_567_500)));
        assert_eq!(parse_kg("１，２００"), Ok(Some(1_200_000)));
        assert_eq!(parse_kg("1 200"), Ok(Some(1_200_000)));
        for bad in [
            "12,5",
            "1,2345",
            "1,23",
            ",123",
            "1,,200",
            "12 5",
            "1,200 300",
            "1.5,0",
        ] {
            assert_eq!(parse_kg(bad), Err(QuantityError::Grouping), "{bad}");
        }
    }

    #[test]
    fn full_width_digits_and_stray_spaces_are_read() {
        assert_eq!(parse_kg("　１２．５　"), Ok(Some(12_500)));
        assert_eq!(parse_kg("\u{a0}7\t"), Ok(Some(7_000)));
    }

    #[test]
    fn negatives_and_junk_are_refused() {
        assert_eq!(parse_kg("-3"), Err(QuantityError::Negative));
        assert_eq!(parse_kg("1.2345"), Err(QuantityError::Decimals));
        assert_eq!(parse_kg("abc"), Err(QuantityError::Malformed));
        assert_eq!(parse_kg("."), Err(QuantityError::Malformed));
        assert_eq!(parse_kg("1e5"), Err(QuantityError::Malformed));
        assert_eq!(parse_kg("+5"), Err(QuantityError::Malformed));
    }

    #[test]
    fn a_quantity_above_the_ceiling_is_refused_with_the_range() {
        assert_eq!(
            parse_in("1000.001", Unit::Tonne, 1_000_000_000),
            Err(QuantityError::TooLarge { max: 1_000_000_000 })
        );
        assert_eq!(
            parse_in("1,000", Unit::Tonne, 1_000_000_000),
            Ok(Some(1_000_000_000))
        );
        let e = QuantityError::TooLarge { max: 1_000_000_000 }.to_field(
            Some(3),
            "declared",
            "1001",
            Unit::Tonne,
        );
        assert!(e.message_zh.contains("1,000 吨"), "{}", e.message_zh);
        assert!(e.message_en.contains("1,000 t"), "{}", e.message_en);
        // Digits past any i64 are too large, never an overflow.
        assert!(matches!(
            parse_kg("999999999999999999999999"),
            Err(QuantityError::TooLarge { .. })
        ));
    }

    #[test]
    fn a_message_names_the_unit_of_the_field_and_what_was_read() {
        let e = QuantityError::Grouping.to_field(None, "declared", "12,5", Unit::CubicMetre);
        assert!(e.message_zh.contains("12,5"), "{}", e.message_zh);
        assert!(e.message_zh.contains("立方米"), "{}", e.message_zh);
        assert!(!e.message_zh.contains("千克"), "{}", e.message_zh);
    }

    #[test]
    fn grams_print_as_kilograms() {
        assert_eq!(format_kg(12_500), "12.5");
        assert_eq!(format_kg(12_000), "12");
        assert_eq!(format_kg(1), "0.001");
        for g in [0, 1, 999, 1000, 123_456_789] {
            assert_eq!(parse_kg(&format_kg(g)), Ok(Some(g)));
        }
        assert_eq!(group_thousands("1234567.5"), "1,234,567.5");
        assert_eq!(group_thousands("100"), "100");
    }
}

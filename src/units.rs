//! Quantities at the edge: clerks type kilograms with up to three decimals; the ledger stores
//! whole grams so that sums are exact.

/// Why a typed quantity was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum QuantityError {
    /// Below zero.
    Negative,
    /// Not a number with at most three decimals.
    Malformed,
}

/// Parses kilograms as typed (`12`, `12.5`, `1,234.125`, full-width digits) into grams.
/// An empty string is `Ok(None)`.
pub fn parse_kg(input: &str) -> Result<Option<i64>, QuantityError> {
    let s: String = input
        .trim()
        .chars()
        .filter(|c| *c != ',' && *c != '，' && !c.is_whitespace())
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            '．' => '.',
            '－' => '-',
            _ => c,
        })
        .collect();
    if s.is_empty() {
        return Ok(None);
    }
    let (neg, body) = match s.strip_prefix('-') {
        Some(b) => (true, b),
        None => (false, s.as_str()),
    };
    let (whole, frac) = body.split_once('.').unwrap_or((body, ""));
    if whole.is_empty() && frac.is_empty()
        || !whole.bytes().all(|b| b.is_ascii_digit())
        || !frac.bytes().all(|b| b.is_ascii_digit())
        || frac.len() > 3
        || whole.len() > 12
    {
        return Err(QuantityError::Malformed);
    }
    let w: i64 = if whole.is_empty() {
        0
    } else {
        whole.parse().map_err(|_| QuantityError::Malformed)?
    };
    let f: i64 = format!("{frac:0<3}")
        .parse()
        .map_err(|_| QuantityError::Malformed)?;
    let g = w * 1000 + f;
    if neg && g > 0 {
        return Err(QuantityError::Negative);
    }
    Ok(Some(g))
}

/// Parses tonnes (or cubic metres) as typed, with up to three decimals, into grams (or
/// cubic centimetres): 1 t = 1,000,000 g, 1 m³ = 1,000,000 cm³.
pub fn parse_million(input: &str) -> Result<Option<i64>, QuantityError> {
    Ok(parse_kg(input)?.map(|milli| milli * 1000))
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
    fn negatives_and_junk_are_refused() {
        assert_eq!(parse_kg("-3"), Err(QuantityError::Negative));
        assert_eq!(parse_kg("1.2345"), Err(QuantityError::Malformed));
        assert_eq!(parse_kg("abc"), Err(QuantityError::Malformed));
        assert_eq!(parse_kg("."), Err(QuantityError::Malformed));
        assert_eq!(parse_kg("1e5"), Err(QuantityError::Malformed));
    }

    #[test]
    fn grams_print_as_kilograms() {
        assert_eq!(format_kg(12_500), "12.5");
        assert_eq!(format_kg(12_000), "12");
        assert_eq!(format_kg(1), "0.001");
        for g in [0, 1, 999, 1000, 123_456_789] {
            assert_eq!(parse_kg(&format_kg(g)), Ok(Some(g)));
        }
    }
}

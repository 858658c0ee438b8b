//! Free text as clerks type or paste it, and as the ledger writes it out again.
//!
//! Every validator reads its text fields through [`clean`], so that the same rules hold for
//! names, addresses, contacts, drivers, routes and reasons, typed, pasted or imported:
//! - stripped (silently, because they are invisible and carry no meaning in a name or an
//!   address): zero-width characters (U+200B–U+200D, U+2060, U+FEFF) and spaces around the
//!   text (full-width U+3000 included);
//! - made one space: line breaks and tabs (a spreadsheet cell's Alt+Enter in an address),
//!   since every field is one line;
//! - refused, naming the field and the character's position: a NUL byte, every other
//!   control character, and the invisible characters that change the direction of text
//!   (U+202A–U+202E, U+2066–U+2069, U+200E, U+200F, U+061C), which can make a name read
//!   differently from what is stored;
//! - too long: each field has its length limit, in characters.
//!
//! Written out, [`csv_field`] keeps a spreadsheet from running text as a formula, and
//! [`quote_short`] keeps a message short whatever the value it quotes.

use crate::error::{FieldError, Rule};

/// Zero-width characters: stripped.
fn is_zero_width(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}')
}

/// Characters that reorder text: refused.
fn is_bidi(c: char) -> bool {
    matches!(
        c,
        '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}'
    )
}

/// The text of one field, cleaned: zero-width characters stripped and the ends trimmed.
/// Refusals are pushed to `errs` (at `row` when the text comes from a file or a grid):
/// `required` when empty and required, `nul_char`, `control_char`, `bidi_char`, and
/// `too_long` above `max` characters.
pub fn clean(
    errs: &mut Vec<FieldError>,
    row: Option<usize>,
    field: &str,
    value: &str,
    max: usize,
    required: bool,
) -> String {
    let mut v = String::with_capacity(value.len());
    for c in value.chars().filter(|c| !is_zero_width(*c)) {
        if matches!(c, '\r' | '\n' | '\t') {
            if !v.ends_with(' ') {
                v.push(' ');
            }
        } else {
            v.push(c);
        }
    }
    let v = v.trim().to_string();
    if required && v.is_empty() {
        errs.push(FieldError::new(row, field, Rule::Required, &[]));
    }
    if v.contains('\0') {
        errs.push(FieldError::new(row, field, Rule::NulChar, &[]));
    } else if let Some((i, c)) = v.chars().enumerate().find(|(_, c)| c.is_control()) {
        errs.push(FieldError::new(
            row,
            field,
            Rule::ControlChar,
            &[("pos", &(i + 1).to_string()), ("ch", &code_point(c))],
        ));
    }
    if let Some((i, c)) = v.chars().enumerate().find(|(_, c)| is_bidi(*c)) {
        errs.push(FieldError::new(
            row,
            field,
            Rule::BidiChar,
            &[("pos", &(i + 1).to_string()), ("ch", &code_point(c))],
        ));
    }
    if v.chars().count() > max {
        errs.push(FieldError::new(
            row,
            field,
            Rule::TooLong,
            &[("max", &max.to_string())],
        ));
    }
    v
}

/// `U+0007`.
fn code_point(c: char) -> String {
    format!("U+{:04X}", c as u32)
}

/// How many characters of a value a message quotes.
pub const QUOTE_MAX: usize = 60;

/// A value as a message quotes it: at most [`QUOTE_MAX`] characters, then `…` and the
/// full length; control characters shown as `�` so a message stays one readable line.
pub fn quote_short(v: &str) -> String {
    let n = v.chars().count();
    let shown: String = v
        .chars()
        .take(QUOTE_MAX)
        .map(|c| if c.is_control() { '\u{FFFD}' } else { c })
        .collect();
    if n > QUOTE_MAX {
        format!("{shown}…（共 {n} 字 / {n} chars）")
    } else {
        shown
    }
}

/// One CSV field as the ledger writes it: text a spreadsheet would run as a formula
/// (starting with `=`, `+`, `-`, `@`, or a tab or carriage return before one) gets a
/// leading apostrophe, the usual way to make Excel and WPS show it as text; then the field
/// is quoted when it holds the delimiter, a quote or a line break. Numbers the ledger
/// itself formats (`-3.5` in a signed figure) are passed with `number = true` and left as
/// numbers.
pub fn csv_field(v: &str, number: bool) -> String {
    let formula = !number && v.starts_with(['=', '+', '-', '@', '\t', '\r']);
    let v = if formula {
        format!("'{v}")
    } else {
        v.to_string()
    };
    if v.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", v.replace('"', "\"\""))
    } else {
        v
    }
}

/// One CSV line (with CRLF, as Excel writes it) of text fields.
pub fn csv_line<S: AsRef<str>>(fields: &[S]) -> String {
    let mut out = fields
        .iter()
        .map(|f| csv_field(f.as_ref(), false))
        .collect::<Vec<_>>()
        .join(",");
    out.push_str("\r\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(v: &str, max: usize) -> (String, Vec<String>) {
        let mut e = Vec::new();
        let s = clean(&mut e, Some(4), "name", v, max, true);
        (s, e.into_iter().map(|e| e.code).collect())
    }

    #[test]
    fn zero_width_characters_are_stripped() {
        assert_eq!(
            one("长春\u{200B}市某局\u{FEFF}", 50),
            ("长春市某局".into(), vec![])
        );
    }

    #[test]
    fn line_breaks_and_tabs_become_one_space() {
        assert_eq!(
            one("人民大街\r\n1 号\t", 50),
            ("人民大街 1 号".into(), vec![])
        );
    }

    #[test]
    fn control_and_direction_characters_are_refused() {
        assert_eq!(one("a\0b", 50).1, ["nul_char"]);
        assert_eq!(one("a\u{7}b", 50).1, ["control_char"]);
        assert_eq!(one("a\u{1b}b", 50).1, ["control_char"]);
        assert_eq!(one("abc\u{202E}fed", 50).1, ["bidi_char"]);
        let mut e = Vec::new();
        clean(&mut e, Some(4), "name", "ab\u{1}", 50, true);
        assert!(
            e[0].message_zh.contains("第 3 个字符"),
            "{}",
            e[0].message_zh
        );
        assert_eq!(e[0].row, Some(4));
    }

    #[test]
    fn text_has_a_length_limit() {
        assert_eq!(one(&"长".repeat(51), 50).1, ["too_long"]);
        assert_eq!(one(&"长".repeat(50), 50).1, Vec::<String>::new());
        assert_eq!(one("　", 50).1, ["required"]);
    }

    #[test]
    fn a_message_quotes_at_most_sixty_characters() {
        let q = quote_short(&"x".repeat(1_000_000));
        assert!(q.len() < 120, "{}", q.len());
        assert!(q.contains("1000000"));
        assert_eq!(quote_short("short"), "short");
    }

    #[test]
    fn text_that_starts_like_a_formula_is_exported_as_text() {
        assert_eq!(csv_field("=1+1", false), "'=1+1");
        assert_eq!(csv_field("+86 138", false), "'+86 138");
        assert_eq!(csv_field("-2", false), "'-2");
        assert_eq!(csv_field("@SUM(A1)", false), "'@SUM(A1)");
        assert_eq!(
            csv_field("=HYPERLINK(\"x\",\"y\")", false),
            "\"'=HYPERLINK(\"\"x\"\",\"\"y\"\")\""
        );
        assert_eq!(csv_field("-2.5", true), "-2.5");
        assert_eq!(csv_field("长春市", false), "长春市");
        assert_eq!(csv_line(&["a,b", "=x"]), "\"a,b\",'=x\r\n");
    }
}

//! The unified social credit code (统一社会信用代码, GB 32100-2015): 18 characters —
//! registration authority, organisation kind, 6-digit division code, 9-character entity code
//! (a GB 11714 organisation code with its own check character) and a check character
//! computed with weights 3^(i-1) mod 31.
//!
//! [`judge`] is the one rule every door and every register applies to a code as typed:
//! character and length errors refuse, a wrong check character refuses unless the clerk
//! states a reason, and the structure checks only warn.

use crate::error::{FieldError, Rule};

/// The 31 symbols of the code (no I, O, S, V, Z).
pub const CHARSET: &str = "0123456789ABCDEFGHJKLMNPQRTUWXY";

const WEIGHTS: [u32; 17] = [
    1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
];

/// GB 11714 weights of the organisation code's 8 body characters.
const ORG_WEIGHTS: [u32; 8] = [3, 7, 9, 10, 5, 8, 4, 2];

/// Registration authority (登记管理部门, 1st character) and organisation kind (机构类别,
/// 2nd character) pairs of GB 32100-2015 Appendix A, with what each names.
pub const KIND_PAIRS: &[(&str, &str, &str)] = &[
    ("11", "机构编制·机关", "government office"),
    ("12", "机构编制·事业单位", "public institution"),
    (
        "13",
        "机构编制·群众团体",
        "mass organisation (central establishment office)",
    ),
    ("19", "机构编制·其他", "other (establishment office)"),
    (
        "21",
        "外交·外国常驻新闻机构",
        "resident foreign news agency",
    ),
    ("29", "外交·其他", "other (foreign affairs)"),
    ("31", "司法行政·律师执业机构", "law firm"),
    ("32", "司法行政·公证处", "notary office"),
    (
        "33",
        "司法行政·基层法律服务所",
        "basic legal service office",
    ),
    (
        "34",
        "司法行政·司法鉴定机构",
        "forensic appraisal institution",
    ),
    ("35", "司法行政·仲裁委员会", "arbitration commission"),
    ("39", "司法行政·其他", "other (justice)"),
    ("41", "文化·外国在华文化中心", "foreign cultural centre"),
    ("49", "文化·其他", "other (culture)"),
    ("51", "民政·社会团体", "social association"),
    ("52", "民政·民办非企业单位", "private non-enterprise unit"),
    ("53", "民政·基金会", "foundation"),
    ("59", "民政·其他", "other (civil affairs)"),
    (
        "61",
        "旅游·外国旅游部门常驻代表机构",
        "foreign tourism office",
    ),
    (
        "62",
        "旅游·港澳台地区旅游部门常驻代表机构",
        "Hong Kong, Macao or Taiwan tourism office",
    ),
    ("69", "旅游·其他", "other (tourism)"),
    ("71", "宗教·宗教活动场所", "place of religious activity"),
    ("72", "宗教·宗教院校", "religious college"),
    ("79", "宗教·其他", "other (religion)"),
    ("81", "工会·基层工会", "grassroots trade union"),
    ("89", "工会·其他", "other (trade union)"),
    ("91", "工商·企业", "enterprise"),
    ("92", "工商·个体工商户", "individual business"),
    ("93", "工商·农民专业合作社", "farmers' cooperative"),
    (
        "A1",
        "军队改革和编制·军队事业单位",
        "military public institution",
    ),
    (
        "A9",
        "军队改革和编制·其他",
        "other (military establishment)",
    ),
    ("N1", "农业·组级集体经济组织", "group-level collective"),
    ("N2", "农业·村级集体经济组织", "village-level collective"),
    ("N3", "农业·乡镇级集体经济组织", "township-level collective"),
    ("N9", "农业·其他", "other (agriculture)"),
    ("Y1", "其他", "other"),
];

/// The code prefixes (authority + kind) a kind of cell usually has: offices are 机关 (11),
/// schools 事业单位 (12) or 民办非企业单位 (52), factories 企业 (91). Kinds not listed get
/// no hint.
pub const KIND_HINTS: &[(&str, &[&str])] = &[
    ("office", &["11"]),
    ("school", &["12", "52"]),
    ("factory", &["91"]),
];

/// Why a code fails the standard.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// Not 18 characters (the count found).
    Length(usize),
    /// A character outside the set: where (1-based), which, and the character it most
    /// likely stands for.
    Charset {
        /// 1-based position.
        pos: usize,
        /// The character found.
        ch: char,
        /// The look-alike symbol of the set it was probably meant to be.
        likely: Option<char>,
    },
    /// The check character is wrong.
    Check {
        /// What it should be.
        expected: char,
        /// What it is.
        found: char,
    },
}

/// The stored form of a code as typed: full-width characters made half-width, every space
/// (inner ones too, and the ideographic space) removed, upper-cased.
pub fn normalise(code: &str) -> String {
    code.chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            _ => c,
        })
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_uppercase()
}

fn value(c: char) -> Option<u32> {
    CHARSET.find(c).map(|i| i as u32)
}

/// The symbol of the set a character outside it most likely stands for: O → 0, I → 1,
/// S → 5, Z → 2, V → U (the letter it is read as on a blurred copy).
pub fn likely(c: char) -> Option<char> {
    match c {
        'O' => Some('0'),
        'I' => Some('1'),
        'S' => Some('5'),
        'Z' => Some('2'),
        'V' => Some('U'),
        _ => None,
    }
}

/// The check character for the first 17 characters, if they are all in the set.
pub fn check_char(first17: &str) -> Option<char> {
    let mut sum = 0;
    for (c, w) in first17.chars().zip(WEIGHTS) {
        sum += value(c)? * w;
    }
    let idx = (31 - sum % 31) % 31;
    CHARSET.chars().nth(idx as usize)
}

/// Checks a normalised code against GB 32100-2015. A character outside the set is an error
/// wherever it stands, the 18th included: no registry issues one, so it is a typo.
pub fn check(code: &str) -> Result<(), Problem> {
    let n = code.chars().count();
    if n != 18 {
        return Err(Problem::Length(n));
    }
    if let Some((i, bad)) = code.chars().enumerate().find(|(_, c)| value(*c).is_none()) {
        return Err(Problem::Charset {
            pos: i + 1,
            ch: bad,
            likely: likely(bad),
        });
    }
    let first17: String = code.chars().take(17).collect();
    let found = code.chars().nth(17).unwrap_or(' ');
    match check_char(&first17) {
        Some(expected) if expected == found => Ok(()),
        Some(expected) => Err(Problem::Check { expected, found }),
        None => Err(Problem::Length(n)),
    }
}

/// The GB 11714 check character of an organisation code's 8 body characters
/// (weights 3 7 9 10 5 8 4 2, mod 11; 10 is X, 11 is 0).
pub fn org_check_char(body: &str) -> Option<char> {
    let mut sum = 0;
    let mut n = 0;
    for (c, w) in body.chars().zip(ORG_WEIGHTS) {
        let v = c.to_digit(36)?;
        sum += v * w;
        n += 1;
    }
    if n != 8 {
        return None;
    }
    match 11 - sum % 11 {
        10 => Some('X'),
        11 => Some('0'),
        d => char::from_digit(d, 10),
    }
}

/// What an authority + kind pair names, if GB 32100 lists it.
pub fn pair_name(prefix: &str) -> Option<(&'static str, &'static str)> {
    KIND_PAIRS
        .iter()
        .find(|p| p.0 == prefix)
        .map(|p| (p.1, p.2))
}

/// The structure checks of a code that passed [`check`]: each a warning, never a refusal
/// (registries hold old codes that break them). `cell_kind` adds the per-kind hint.
pub fn warnings(field: &str, code: &str, cell_kind: Option<&str>) -> Vec<FieldError> {
    let cs: Vec<char> = code.chars().collect();
    let mut out = Vec::new();
    if cs.len() != 18 {
        return out;
    }
    let division: String = cs[2..8].iter().collect();
    if !division.bytes().all(|b| b.is_ascii_digit()) {
        out.push(FieldError::new(
            None,
            field,
            Rule::UsccDivision,
            &[("value", &division)],
        ));
    }
    let body: String = cs[8..16].iter().collect();
    if let Some(expected) = org_check_char(&body) {
        if expected != cs[16] {
            out.push(FieldError::new(
                None,
                field,
                Rule::UsccOrgCheck,
                &[
                    ("expected", &expected.to_string()),
                    ("found", &cs[16].to_string()),
                ],
            ));
        }
    }
    let prefix: String = cs[..2].iter().collect();
    let named = pair_name(&prefix);
    if named.is_none() {
        out.push(FieldError::new(
            None,
            field,
            Rule::UsccPair,
            &[("value", &prefix)],
        ));
    }
    if let Some((kind, expected)) = cell_kind.and_then(|k| KIND_HINTS.iter().find(|h| h.0 == k)) {
        if !expected.contains(&prefix.as_str()) {
            let (zh, en) = named.unwrap_or(("未列明的类别", "an unlisted kind"));
            out.push(FieldError::new(
                None,
                field,
                Rule::UsccKindHint,
                &[
                    ("kind", kind),
                    ("expected", &expected.join("/")),
                    ("value", &prefix),
                    ("named_zh", zh),
                    ("named_en", en),
                ],
            ));
        }
    }
    out
}

/// A code as judged by [`judge`].
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Judged {
    /// The stored form (`None` when nothing was typed).
    pub code: Option<String>,
    /// The override reason to keep, when the check character fails and a reason was given.
    pub override_reason: Option<String>,
    /// Refusals.
    pub errors: Vec<FieldError>,
    /// Structure warnings (the save goes ahead).
    pub warnings: Vec<FieldError>,
}

/// The one rule for a credit code as typed, for cells and every register: normalise; refuse
/// a wrong length or a character outside the set (with the likely character); refuse a wrong
/// check character unless `reason` is given (then keep the reason); warn of the structure.
pub fn judge(field: &str, input: &str, reason: &str, cell_kind: Option<&str>) -> Judged {
    let code = normalise(input);
    let mut j = Judged::default();
    if code.is_empty() {
        return j;
    }
    let reason = reason.trim();
    match check(&code) {
        Ok(()) => {}
        Err(Problem::Length(n)) => j.errors.push(FieldError::new(
            None,
            field,
            Rule::UsccLength,
            &[("len", &n.to_string())],
        )),
        Err(Problem::Charset { pos, ch, likely }) => {
            let hint = likely.map(|c| c.to_string()).unwrap_or_default();
            j.errors.push(FieldError::new(
                None,
                field,
                if hint.is_empty() {
                    "uscc_charset"
                } else {
                    "uscc_charset_likely"
                },
                &[
                    ("pos", &pos.to_string()),
                    ("ch", &ch.to_string()),
                    ("likely", &hint),
                ],
            ))
        }
        Err(Problem::Check { expected, found }) => {
            if reason.is_empty() {
                j.errors.push(FieldError::new(
                    None,
                    field,
                    Rule::UsccCheck,
                    &[
                        ("expected", &expected.to_string()),
                        ("found", &found.to_string()),
                    ],
                ));
            } else if reason.chars().count() > 200 {
                j.errors.push(FieldError::new(
                    None,
                    "uscc_override",
                    Rule::TooLong,
                    &[("max", "200")],
                ));
            } else {
                j.override_reason = Some(reason.to_string());
            }
        }
    }
    if j.errors.is_empty() {
        j.warnings = warnings(field, &code, cell_kind);
    }
    j.code = Some(code);
    j
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(v: &[FieldError]) -> Vec<&str> {
        v.iter().map(|f| f.code.as_str()).collect()
    }

    #[test]
    fn a_valid_code_passes_and_its_last_character_is_the_check() {
        assert_eq!(check("91220101131860916E"), Ok(()));
        assert_eq!(check_char("91220101131860916"), Some('E'));
    }

    #[test]
    fn each_kind_of_failure_is_named() {
        assert_eq!(check("91220101131860916"), Err(Problem::Length(17)));
        assert_eq!(
            check("9122010113186O916E"),
            Err(Problem::Charset {
                pos: 14,
                ch: 'O',
                likely: Some('0')
            })
        );
        assert_eq!(
            check("1122010052601815XA"),
            Err(Problem::Check {
                expected: 'Y',
                found: 'A'
            })
        );
    }

    #[test]
    fn an_18th_character_outside_the_set_is_a_character_error_never_overridable() {
        for (typed, likely) in [('O', "0"), ('I', "1"), ('S', "5"), ('Z', "2"), ('V', "U")] {
            let code = format!("91220101131860916{typed}");
            let j = judge("uscc", &code, "registry says so", None);
            assert_eq!(codes(&j.errors), ["uscc_charset_likely"], "{code}");
            assert!(j.override_reason.is_none(), "{code}: no override");
            assert!(
                j.errors[0].message_zh.contains(&format!("「{likely}」")),
                "{code}: suggests {likely}: {}",
                j.errors[0].message_zh
            );
        }
    }

    #[test]
    fn the_likely_digit_of_a_look_alike_letter_is_suggested() {
        assert_eq!(likely('O'), Some('0'));
        assert_eq!(likely('I'), Some('1'));
        assert_eq!(likely('S'), Some('5'));
        assert_eq!(likely('Z'), Some('2'));
        assert_eq!(likely('V'), Some('U'));
        // The suggestion for a typed O is right when the code was 0: the check then passes.
        let typed = "9122O101131860916E";
        assert!(check(typed).is_err());
        assert_eq!(check(&typed.replace('O', "0")), Ok(()));
    }

    #[test]
    fn full_width_input_and_inner_spaces_are_normalised() {
        assert_eq!(normalise("  91220101131860916e \t"), "91220101131860916E");
        assert_eq!(
            normalise("９１２２ ０１０１　１３１８６０９１６ｅ"),
            "91220101131860916E"
        );
        assert!(
            judge("uscc", "９１２２０１０１ １３１８６０９１６Ｅ", "", None)
                .errors
                .is_empty()
        );
    }

    #[test]
    fn a_wrong_check_character_is_kept_only_with_a_reason() {
        let j = judge("uscc", "1122010052601815XA", "", None);
        assert_eq!(codes(&j.errors), ["uscc_check"]);
        let j = judge("uscc", "1122010052601815XA", "登记证书如此", None);
        assert!(j.errors.is_empty());
        assert_eq!(j.override_reason.as_deref(), Some("登记证书如此"));
    }

    #[test]
    fn the_organisation_code_check_follows_gb_11714() {
        assert_eq!(org_check_char("13186091"), Some('6'));
        assert_eq!(org_check_char("52601815"), Some('X'), "10 is X");
        // 11 - 0 = 11 is written 0.
        assert_eq!(org_check_char("00000000"), Some('0'));
    }

    #[test]
    fn structure_checks_warn_and_never_refuse() {
        // Division code with a letter, organisation check broken: a valid GB 32100 code.
        let first17 = "91A2010113186091X";
        let code = format!("{first17}{}", check_char(first17).unwrap());
        let j = judge("uscc", &code, "", None);
        assert!(j.errors.is_empty(), "{:?}", j.errors);
        assert_eq!(codes(&j.warnings), ["uscc_division", "uscc_org_check"]);
    }

    #[test]
    fn an_unlisted_authority_and_kind_pair_warns() {
        let first17 = "9522010113186091";
        let first17 = format!("{first17}6");
        let code = format!("{first17}{}", check_char(&first17).unwrap());
        assert_eq!(codes(&warnings("uscc", &code, None)), ["uscc_pair"]);
        for listed in [
            "11", "12", "13", "51", "52", "53", "91", "92", "93", "N2", "Y1",
        ] {
            assert!(pair_name(listed).is_some(), "{listed}");
        }
    }

    #[test]
    fn a_kind_of_cell_hints_at_its_prefix() {
        // An enterprise code (91) for an office warns; for a factory it does not.
        let w = warnings("uscc", "91220101131860916E", Some("office"));
        assert_eq!(codes(&w), ["uscc_kind_hint"]);
        assert!(warnings("uscc", "91220101131860916E", Some("factory")).is_empty());
        assert!(warnings("uscc", "12220100908301663U", Some("school")).is_empty());
        assert!(warnings("uscc", "52220102390996033M", Some("school")).is_empty());
        assert!(warnings("uscc", "91220101131860916E", Some("community")).is_empty());
    }
}

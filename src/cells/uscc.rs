//! The unified social credit code (统一社会信用代码, GB 32100-2015): 18 characters —
//! registration authority, organisation kind, 6-digit division code, 9-character entity code
//! and a check character computed with weights 3^(i-1) mod 31.

/// The 31 symbols of the code (no I, O, S, V, Z).
pub const CHARSET: &str = "0123456789ABCDEFGHJKLMNPQRTUWXY";

const WEIGHTS: [u32; 17] = [
    1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
];

/// Why a code fails the standard.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// Not 18 characters (the count found).
    Length(usize),
    /// A character outside the set.
    Charset(char),
    /// The check character is wrong.
    Check {
        /// What it should be.
        expected: char,
        /// What it is.
        found: char,
    },
}

/// Trims and upper-cases a code as typed; the stored form.
pub fn normalise(code: &str) -> String {
    code.trim().to_uppercase()
}

fn value(c: char) -> Option<u32> {
    CHARSET.find(c).map(|i| i as u32)
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

/// Checks a normalised code against GB 32100-2015.
pub fn check(code: &str) -> Result<(), Problem> {
    let n = code.chars().count();
    if n != 18 {
        return Err(Problem::Length(n));
    }
    // The first 17 must be in the set; a wrong 18th character is reported as a wrong check
    // character (with the right one), which is what the clerk needs to see.
    if let Some(bad) = code.chars().take(17).find(|c| value(*c).is_none()) {
        return Err(Problem::Charset(bad));
    }
    let first17: String = code.chars().take(17).collect();
    let found = code.chars().nth(17).unwrap_or(' ');
    match check_char(&first17) {
        Some(expected) if expected == found => Ok(()),
        Some(expected) => Err(Problem::Check { expected, found }),
        None => Err(Problem::Charset(' ')),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_valid_code_passes_and_its_last_character_is_the_check() {
        assert_eq!(check("91220101131860916E"), Ok(()));
        assert_eq!(check_char("91220101131860916"), Some('E'));
    }

    #[test]
    fn each_kind_of_failure_is_named() {
        assert_eq!(check("91220101131860916"), Err(Problem::Length(17)));
        assert_eq!(check("9122010113186O916E"), Err(Problem::Charset('O')));
        assert_eq!(
            check("1122010052601815XZ"),
            Err(Problem::Check {
                expected: 'Y',
                found: 'Z'
            })
        );
    }

    #[test]
    fn normalising_trims_and_upper_cases() {
        assert_eq!(normalise("  91220101131860916e \t"), "91220101131860916E");
    }
}

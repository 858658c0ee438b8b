//! Vehicle plates (机动车号牌, GA 36-2018) as a construction-waste register accepts them:
//! ordinary plates, small and large new-energy plates, and trailers. Special plates (police,
//! embassy, coach, Hong Kong and Macau entry …) name their kind when refused: a 渣土车 never
//! carries one.

/// Province characters that open a Chinese vehicle plate.
const PROVINCES: &str = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼";

/// Special plates by a character they carry: the character, Chinese kind, English kind.
const SPECIAL: &[(char, &str, &str)] = &[
    ('警', "警用号牌", "police plate"),
    ('使', "使馆号牌", "embassy plate"),
    ('领', "领馆号牌", "consulate plate"),
    ('学', "教练号牌", "driving-school plate"),
    ('港', "港籍入境号牌", "Hong Kong entry plate"),
    ('澳', "澳籍入境号牌", "Macau entry plate"),
    ('试', "试验号牌", "test plate"),
    ('超', "超限号牌", "oversize plate"),
    ('临', "临时号牌", "temporary plate"),
    ('应', "应急救援号牌", "emergency rescue plate"),
    ('急', "应急救援号牌", "emergency rescue plate"),
    ('军', "军队号牌", "military plate"),
    ('民', "民航号牌", "civil aviation plate"),
];

/// The kind of an accepted plate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlateKind {
    /// 普通号牌: province, letter, 5 letters or digits.
    Ordinary,
    /// 小型新能源: province, letter, D or F, a letter or digit, 4 digits.
    SmallNewEnergy,
    /// 大型新能源: province, letter, 5 digits, D or F.
    LargeNewEnergy,
    /// 挂车号牌: province, letter, 4 letters or digits, 挂.
    Trailer,
}

/// Why a plate is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PlateError {
    /// Not the shape of any accepted plate.
    Shape,
    /// A special plate: its kind, in Chinese and English.
    Special(&'static str, &'static str),
}

/// A letter of a plate: A–Z without I and O.
fn letter(c: char) -> bool {
    c.is_ascii_uppercase() && c != 'I' && c != 'O'
}

/// A serial character: a plate letter or a digit.
fn serial(c: char) -> bool {
    letter(c) || c.is_ascii_digit()
}

/// Normalises a plate as typed: full-width letters and digits to ASCII, upper case, and the
/// separators people type (spaces, dots, hyphens) removed. `吉ａ·12345` → `吉A12345`.
pub fn normalise(input: &str) -> String {
    input
        .chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            _ => c,
        })
        .filter(|c| !c.is_whitespace() && !"·.-•・".contains(*c))
        .collect::<String>()
        .to_uppercase()
}

/// Normalises and checks a plate; returns it with its kind.
pub fn check(input: &str) -> Result<(String, PlateKind), PlateError> {
    let p = normalise(input);
    let cs: Vec<char> = p.chars().collect();
    if let Some((_, zh, en)) = SPECIAL.iter().find(|(c, _, _)| cs.contains(c)) {
        return Err(PlateError::Special(zh, en));
    }
    if cs.len() >= 2 && cs[0] == 'W' && cs[1] == 'J' {
        return Err(PlateError::Special("武警号牌", "armed police plate"));
    }
    if cs.len() < 7 || !PROVINCES.contains(cs[0]) || !letter(cs[1]) {
        return Err(PlateError::Shape);
    }
    let rest = &cs[2..];
    let digits = |s: &[char]| s.iter().all(|c| c.is_ascii_digit());
    let kind = match rest {
        [a, b, c, d, e] if [a, b, c, d, e].iter().all(|c| serial(**c)) => PlateKind::Ordinary,
        [ty, x, tail @ ..]
            if (*ty == 'D' || *ty == 'F') && serial(*x) && tail.len() == 4 && digits(tail) =>
        {
            PlateKind::SmallNewEnergy
        }
        [head @ .., ty] if head.len() == 5 && digits(head) && (*ty == 'D' || *ty == 'F') => {
            PlateKind::LargeNewEnergy
        }
        [a, b, c, d, '挂'] if [a, b, c, d].iter().all(|c| serial(**c)) => PlateKind::Trailer,
        _ => return Err(PlateError::Shape),
    };
    Ok((p, kind))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_kind_of_plate_has_exactly_its_shape() {
        let ok = |p: &str| check(p).map(|x| x.1);
        assert_eq!(ok("吉A12345"), Ok(PlateKind::Ordinary));
        assert_eq!(ok("吉AD12345"), Ok(PlateKind::SmallNewEnergy));
        assert_eq!(ok("吉AFK1234"), Ok(PlateKind::SmallNewEnergy));
        assert_eq!(ok("吉A12345D"), Ok(PlateKind::LargeNewEnergy));
        assert_eq!(ok("吉A1234挂"), Ok(PlateKind::Trailer));
        assert_eq!(
            ok("吉AA123B4"),
            Err(PlateError::Shape),
            "six serial characters"
        );
        assert_eq!(
            ok("吉AD1234X"),
            Err(PlateError::Shape),
            "new-energy tail of digits"
        );
        assert_eq!(
            ok("吉AX12345"),
            Err(PlateError::Shape),
            "8 characters, no D or F"
        );
        assert_eq!(
            ok("吉I12345"),
            Err(PlateError::Shape),
            "no letter I after the province"
        );
        assert_eq!(
            ok("吉A1O345"),
            Err(PlateError::Shape),
            "no letter O in the serial"
        );
        assert_eq!(
            ok("XA12345"),
            Err(PlateError::Shape),
            "no province character"
        );
    }

    #[test]
    fn full_width_letters_and_separators_are_normalised() {
        assert_eq!(check("吉ａ·１2345").unwrap().0, "吉A12345");
        assert_eq!(check(" 吉A-12345D ").unwrap().0, "吉A12345D");
    }

    #[test]
    fn special_plates_are_refused_naming_their_kind() {
        assert_eq!(
            check("吉A1234警"),
            Err(PlateError::Special("警用号牌", "police plate"))
        );
        assert_eq!(
            check("粤Z1234港"),
            Err(PlateError::Special("港籍入境号牌", "Hong Kong entry plate"))
        );
        assert_eq!(
            check("吉A1234学"),
            Err(PlateError::Special("教练号牌", "driving-school plate"))
        );
        assert!(matches!(check("使123456"), Err(PlateError::Special(..))));
    }
}

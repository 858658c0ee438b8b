//! The catalogue's own rules: every message is whole in both languages.

use super::Rule;

fn placeholders(t: &str) -> Vec<&str> {
    t.split('{')
        .skip(1)
        .filter_map(|s| s.split_once('}').map(|p| p.0))
        .collect()
}

fn has_cjk(t: &str) -> bool {
    t.chars().any(|c| {
        matches!(c as u32, 0x3000..=0x303F | 0x3400..=0x9FFF | 0xF900..=0xFAFF | 0xFF00..=0xFFEF)
    })
}

#[test]
fn english_messages_carry_no_chinese() {
    for r in Rule::ALL {
        let (_, en) = r.messages();
        assert!(!has_cjk(en), "{}: {en}", r.code());
    }
}

#[test]
fn every_rule_has_a_code_of_its_own() {
    for r in Rule::ALL {
        assert_eq!(Rule::of_code(r.code()), Some(*r));
    }
    let mut codes: Vec<_> = Rule::ALL.iter().map(|r| r.code()).collect();
    codes.sort();
    codes.dedup();
    assert_eq!(codes.len(), Rule::ALL.len());
}

#[test]
fn a_long_value_is_quoted_in_english_in_an_english_message() {
    let long = "x".repeat(500);
    let e = super::FieldError::new(None, "name", Rule::UnknownValue, &[("value", &long)]);
    assert!(!has_cjk(&e.message_en), "{}", e.message_en);
    assert!(e.message_en.contains("500 characters"));
}

/// The arguments given at each call of a rule in the source (`Rule::X` followed by an
/// argument list of `("name", …)` pairs), as far as a call names its rule literally.
fn calls() -> Vec<(String, Rule, Vec<String>)> {
    fn walk(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
        for e in std::fs::read_dir(dir).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                walk(&p, out);
            } else if p.extension().is_some_and(|x| x == "rs") {
                out.push(p);
            }
        }
    }
    let mut files = Vec::new();
    walk(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        &mut files,
    );
    let mut found = Vec::new();
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap();
        for r in Rule::ALL {
            let name = format!("Rule::{r:?}");
            for (at, _) in text.match_indices(&name) {
                let rest = &text[at + name.len()..];
                if rest.starts_with(|c: char| c.is_alphanumeric() || c == '_' || c == ' ') {
                    continue;
                }
                let Some(rest) = rest.trim_start().strip_prefix(',') else {
                    continue;
                };
                let rest = rest.trim_start();
                if !rest.starts_with("&[") {
                    continue;
                }
                // The argument list up to its closing bracket.
                let mut depth = 0;
                let mut end = 0;
                for (i, c) in rest.char_indices() {
                    match c {
                        '[' | '(' => depth += 1,
                        ']' | ')' => {
                            depth -= 1;
                            if depth == 0 {
                                end = i;
                                break;
                            }
                        }
                        _ => {}
                    }
                }
                let list = &rest[2..end];
                let args = list
                    .split('(')
                    .skip(1)
                    .filter_map(|s| s.trim_start().strip_prefix('"'))
                    .filter_map(|s| s.split_once('"').map(|p| p.0.to_string()))
                    .collect();
                found.push((f.display().to_string(), *r, args));
            }
        }
    }
    found
}

#[test]
fn every_placeholder_is_filled_where_a_rule_is_used() {
    let calls = calls();
    assert!(calls.len() > 100, "the calls of the rules are found");
    let mut unfilled = Vec::new();
    for (file, r, args) in calls {
        let (zh, en) = r.messages();
        for p in placeholders(zh).into_iter().chain(placeholders(en)) {
            if !args.iter().any(|a| a == p) {
                unfilled.push(format!("{file}: {} without {{{p}}}", r.code()));
            }
        }
    }
    unfilled.dedup();
    assert!(unfilled.is_empty(), "{unfilled:#?}");
}

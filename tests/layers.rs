//! The database layer knows nothing of the domain: the files of `src/db/` name no module of
//! the crate but the change log (`audit`, the write path's own record), errors and ids.

use std::path::{Path, PathBuf};

/// What `src/db/` may name under `crate::`.
const DB_MAY_USE: &[&str] = &["db", "audit", "error", "ids"];

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// The modules a source text names as `crate::name` or `crate::{a, b::c, …}`, comments aside.
fn crate_modules(src: &str) -> Vec<String> {
    let code: String = src
        .lines()
        .map(|l| l.split("//").next().unwrap_or(""))
        .collect::<Vec<_>>()
        .join("\n");
    let ident = |s: &str| -> String {
        s.trim_start()
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect()
    };
    let mut out = Vec::new();
    for part in code.split("crate::").skip(1) {
        if let Some(group) = part.trim_start().strip_prefix('{') {
            let mut depth = 0;
            let mut item = String::new();
            for c in group.chars() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => break,
                    '}' => depth -= 1,
                    ',' if depth == 0 => out.push(ident(&std::mem::take(&mut item))),
                    _ => item.push(c),
                }
            }
            out.push(ident(&item));
        } else {
            out.push(ident(part));
        }
    }
    out.retain(|m| !m.is_empty());
    out
}

#[test]
fn the_database_layer_names_no_domain_module() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/db");
    let mut files = Vec::new();
    rust_files(&root, &mut files);
    assert!(files.len() >= 5, "src/db/ should hold its sources");
    let mut found = Vec::new();
    for f in &files {
        let src = std::fs::read_to_string(f).unwrap();
        for m in crate_modules(&src) {
            if !DB_MAY_USE.contains(&m.as_str()) {
                found.push(format!("{} names crate::{m}", f.display()));
            }
        }
    }
    assert!(found.is_empty(), "{}", found.join("\n"));
}

#[test]
fn the_check_of_layers_sees_every_form_of_a_crate_path() {
    let src = "use crate::error::Result;\nuse crate::{audit, cells::seed};\n\
               // crate::profile in a comment\nlet x = crate::profile::f();\n\
               use crate::{ids::{a, b}, export};";
    assert_eq!(
        crate_modules(src),
        ["error", "audit", "cells", "profile", "ids", "export"]
    );
}

//! Hostile or broken bundles are refused with a clear message, and the ledger's file is
//! byte-for-byte what it was.

mod sync_common;

use std::io::Write;
use std::path::{Path, PathBuf};

use sync_common::*;
use zip::write::SimpleFileOptions;
use zwl::{Error, Ledger};

/// A source ledger's full bundle and a fresh target ledger.
fn setup(dir: &Path) -> (PathBuf, Ledger) {
    let mut a = ledger(dir, "a");
    some_work(&mut a, "甲");
    let bundle = export_full(&mut a, &dir.join("out"));
    (bundle, ledger(dir, "b"))
}

/// Imports `file` into `b`, expecting a refusal with `code`; the file is unchanged.
fn refused(b: &mut Ledger, file: &Path, code: &str) -> Error {
    let before = file_sha(b);
    let e = zwl::sync::import(b, file, &mut |_| {}).unwrap_err();
    assert_eq!(e.code(), code, "{e}");
    assert!(!e.message_zh().is_empty() && !e.message_en().is_empty());
    assert!(
        e.message_zh().contains("台账未做任何更改"),
        "{}",
        e.message_zh()
    );
    assert_eq!(file_sha(b), before, "the database changed");
    e
}

/// The entries of a bundle: (name, bytes unpacked).
fn entries(file: &Path) -> Vec<(String, Vec<u8>)> {
    let mut z = zip::ZipArchive::new(std::fs::File::open(file).unwrap()).unwrap();
    (0..z.len())
        .map(|i| {
            let mut e = z.by_index(i).unwrap();
            let mut b = Vec::new();
            std::io::Read::read_to_end(&mut e, &mut b).unwrap();
            (e.name().unwrap().to_string(), b)
        })
        .collect()
}

/// Writes entries as a new archive.
fn write(path: &Path, es: &[(String, Vec<u8>)]) {
    let mut z = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    for (n, b) in es {
        z.start_file(n.as_str(), SimpleFileOptions::default())
            .unwrap();
        z.write_all(b).unwrap();
    }
    z.finish().unwrap();
}

/// The bundle with its manifest changed by `f`.
fn with_manifest(src: &Path, dst: &Path, f: impl Fn(&mut serde_json::Value)) {
    let mut es = entries(src);
    for (n, b) in es.iter_mut() {
        if n == "manifest.json" {
            let mut m: serde_json::Value = serde_json::from_slice(b).unwrap();
            f(&mut m);
            *b = serde_json::to_vec(&m).unwrap();
        }
    }
    write(dst, &es);
}

#[test]
fn a_file_cut_short_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let (bundle, mut b) = setup(dir.path());
    let bytes = std::fs::read(&bundle).unwrap();
    let cut = dir.path().join("cut.zip");
    std::fs::write(&cut, &bytes[..bytes.len() * 2 / 3]).unwrap();
    refused(&mut b, &cut, "bundle_not_archive");
}

#[test]
fn a_flipped_byte_in_a_part_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let (bundle, mut b) = setup(dir.path());
    let mut es = entries(&bundle);
    let (_, part) = es
        .iter_mut()
        .find(|(n, _)| n == "tables/cells.jsonl")
        .unwrap();
    let i = part.iter().position(|c| *c == b'"').unwrap() + 3;
    part[i] ^= 0x01;
    let bad = dir.path().join("flip.zip");
    write(&bad, &es);
    refused(&mut b, &bad, "bundle_checksum");
}

#[test]
fn a_flipped_byte_in_the_compressed_file_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let (bundle, mut b) = setup(dir.path());
    let mut bytes = std::fs::read(&bundle).unwrap();
    let i = bytes.len() / 3;
    bytes[i] ^= 0x40;
    let bad = dir.path().join("flip.zip");
    std::fs::write(&bad, &bytes).unwrap();
    let before = file_sha(&b);
    let e = zwl::sync::import(&mut b, &bad, &mut |_| {}).unwrap_err();
    assert!(e.code().starts_with("bundle_"), "{e}");
    assert_eq!(file_sha(&b), before);
}

#[test]
fn a_newer_format_is_refused_naming_both_versions() {
    let dir = tempfile::tempdir().unwrap();
    let (bundle, mut b) = setup(dir.path());
    let bad = dir.path().join("newer.zip");
    with_manifest(&bundle, &bad, |m| m["format"] = 99.into());
    let e = refused(&mut b, &bad, "bundle_format_too_new");
    assert!(
        e.message_en().contains("99") && e.message_en().contains(" 1 "),
        "{}",
        e.message_en()
    );
}

#[test]
fn a_newer_schema_is_refused_naming_both_versions() {
    let dir = tempfile::tempdir().unwrap();
    let (bundle, mut b) = setup(dir.path());
    let bad = dir.path().join("schema.zip");
    with_manifest(&bundle, &bad, |m| m["schema"] = 42.into());
    let e = refused(&mut b, &bad, "bundle_schema_too_new");
    assert!(
        e.message_zh().contains("42")
            && e.message_zh()
                .contains(&zwl::db::SCHEMA_VERSION.to_string())
    );
}

#[test]
fn a_row_whose_id_comes_twice_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let (bundle, mut b) = setup(dir.path());
    let mut es = entries(&bundle);
    let (_, part) = es
        .iter_mut()
        .find(|(n, _)| n == "tables/cells.jsonl")
        .unwrap();
    let first: Vec<u8> = part.split(|c| *c == b'\n').next().unwrap().to_vec();
    part.extend_from_slice(&first);
    part.push(b'\n');
    let part = part.clone();
    let sha = {
        use sha2::Digest;
        sha2::Sha256::digest(&part)
            .iter()
            .map(|x| format!("{x:02x}"))
            .collect::<String>()
    };
    let tmp = dir.path().join("tmp.zip");
    write(&tmp, &es);
    let bad = dir.path().join("dup.zip");
    with_manifest(&tmp, &bad, |m| {
        for p in m["parts"].as_array_mut().unwrap() {
            if p["name"] == "tables/cells.jsonl" {
                p["rows"] = (p["rows"].as_u64().unwrap() + 1).into();
                p["bytes"] = part.len().into();
                p["sha256"] = sha.clone().into();
            }
        }
    });
    let e = refused(&mut b, &bad, "bundle_duplicate_id");
    assert!(e.message_en().contains("cells"), "{}", e.message_en());
}

/// The bundle with the first row of `table` changed by `f`, its manifest updated to match.
fn with_first_row(
    src: &Path,
    dir: &Path,
    table: &str,
    f: impl Fn(&mut serde_json::Value),
) -> PathBuf {
    let name = format!("tables/{table}.jsonl");
    let mut es = entries(src);
    let (_, part) = es.iter_mut().find(|(n, _)| *n == name).unwrap();
    let text = String::from_utf8(part.clone()).unwrap();
    let mut lines: Vec<serde_json::Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    f(&mut lines[0]);
    *part = lines
        .iter()
        .map(|l| format!("{l}\n"))
        .collect::<String>()
        .into_bytes();
    let part = part.clone();
    let sha = {
        use sha2::Digest;
        sha2::Sha256::digest(&part)
            .iter()
            .map(|x| format!("{x:02x}"))
            .collect::<String>()
    };
    let tmp = dir.join("tmp.zip");
    write(&tmp, &es);
    let bad = dir.join(format!("{table}-changed.zip"));
    with_manifest(&tmp, &bad, |m| {
        for p in m["parts"].as_array_mut().unwrap() {
            if p["name"] == name.as_str() {
                p["bytes"] = part.len().into();
                p["sha256"] = sha.clone().into();
            }
        }
    });
    bad
}

#[test]
fn a_row_that_breaks_a_rule_is_refused_naming_table_row_and_field() {
    let dir = tempfile::tempdir().unwrap();
    let (bundle, mut b) = setup(dir.path());
    let bad = with_first_row(&bundle, dir.path(), "cells", |r| {
        r["created_at"] = "yesterday".into()
    });
    let e = refused(&mut b, &bad, "bundle_bad_row");
    assert!(
        e.message_en().contains("cells") && e.message_en().contains("row 1"),
        "{}",
        e.message_en()
    );
}

#[test]
fn a_cell_whose_credit_code_the_form_would_refuse_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let (bundle, mut b) = setup(dir.path());
    let bad = with_first_row(&bundle, dir.path(), "cells", |r| {
        r["uscc"] = "91220101131860916X".into()
    });
    let e = refused(&mut b, &bad, "bundle_bad_row");
    // The form's own refusal: the check character it expected.
    assert!(
        e.message_en().contains("check character") && e.message_en().contains("“E”"),
        "{}",
        e.message_en()
    );
    assert!(
        e.message_zh().contains("统一社会信用代码"),
        "{}",
        e.message_zh()
    );
}

#[test]
fn an_absurd_declared_size_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let (bundle, mut b) = setup(dir.path());
    let bad = dir.path().join("size.zip");
    with_manifest(&bundle, &bad, |m| {
        m["parts"][0]["bytes"] = (1u64 << 50).into();
    });
    refused(&mut b, &bad, "bundle_checksum");
}

#[test]
fn parent_and_absolute_paths_in_the_archive_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let (bundle, mut b) = setup(dir.path());
    for (name, code) in [
        ("../evil.jsonl", "bundle_bad_entry"),
        ("/etc/passwd", "bundle_bad_entry"),
        ("tables/../../x.jsonl", "bundle_bad_entry"),
        ("notes.txt", "bundle_bad_entry"),
    ] {
        let mut es = entries(&bundle);
        es.push((name.to_string(), b"{}\n".to_vec()));
        let bad = dir.path().join("paths.zip");
        write(&bad, &es);
        let e = refused(&mut b, &bad, code);
        assert!(e.message_en().contains(name), "{}", e.message_en());
    }
}

#[test]
fn a_zip_bomb_is_refused_before_it_is_unpacked() {
    let dir = tempfile::tempdir().unwrap();
    let (bundle, mut b) = setup(dir.path());
    let bad = dir.path().join("bomb.zip");
    let mut z = zip::ZipWriter::new(std::fs::File::create(&bad).unwrap());
    for (n, body) in entries(&bundle) {
        z.start_file(n.as_str(), SimpleFileOptions::default())
            .unwrap();
        z.write_all(&body).unwrap();
    }
    let opts = SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .large_file(true);
    z.start_file("tables/cells_bomb.jsonl", opts).unwrap();
    let zeros = vec![b' '; 1 << 20];
    for _ in 0..64 {
        z.write_all(&zeros).unwrap();
    }
    z.finish().unwrap();
    let e = refused(&mut b, &bad, "bundle_bomb");
    assert!(e.message_en().contains("zip bomb"));
}

#[test]
fn a_file_that_is_not_an_archive_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let (_, mut b) = setup(dir.path());
    let bad = dir.path().join("letter.zip");
    std::fs::write(&bad, "尊敬的领导：这不是同步包。").unwrap();
    let e = refused(&mut b, &bad, "bundle_not_archive");
    assert!(e.message_en().contains("not a sync bundle"));
}

#[test]
fn a_part_the_manifest_lists_but_the_archive_lacks_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let (bundle, mut b) = setup(dir.path());
    let es: Vec<_> = entries(&bundle)
        .into_iter()
        .filter(|(n, _)| n != "tables/cells.jsonl")
        .collect();
    let bad = dir.path().join("missing.zip");
    write(&bad, &es);
    refused(&mut b, &bad, "bundle_missing_part");
}

#[test]
fn a_bundle_of_this_installation_itself_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = ledger(dir.path(), "a");
    some_work(&mut a, "甲");
    let bundle = export_full(&mut a, &dir.path().join("out"));
    refused(&mut a, &bundle, "bundle_own");
}

#[test]
fn a_per_installation_setting_in_a_bundle_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let (bundle, mut b) = setup(dir.path());
    let mut es = entries(&bundle);
    let (_, part) = es
        .iter_mut()
        .find(|(n, _)| n == "tables/settings.jsonl")
        .unwrap();
    let line = format!(
        "{{\"key\":\"operator\",\"value\":\"冒名者\",\"updated_at\":\"2025-01-01T00:00:00Z\",\"@v\":[999,\"{}\"]}}\n",
        uuid::Uuid::now_v7()
    );
    let mut text = String::from_utf8(part.clone()).unwrap();
    text.push_str(&line);
    *part = text.into_bytes();
    let part = part.clone();
    let sha = {
        use sha2::Digest;
        sha2::Sha256::digest(&part)
            .iter()
            .map(|x| format!("{x:02x}"))
            .collect::<String>()
    };
    let tmp = dir.path().join("tmp.zip");
    write(&tmp, &es);
    let bad = dir.path().join("op.zip");
    with_manifest(&tmp, &bad, |m| {
        for p in m["parts"].as_array_mut().unwrap() {
            if p["name"] == "tables/settings.jsonl" {
                p["rows"] = (p["rows"].as_u64().unwrap() + 1).into();
                p["bytes"] = part.len().into();
                p["sha256"] = sha.clone().into();
            }
        }
    });
    refused(&mut b, &bad, "bundle_bad_row");
}

//! Reading a bundle: the archive's entries, the manifest, every part's size and SHA-256 and
//! every row, before anything is written. Anything hostile or broken is refused with a
//! [`BundleProblem`].

use std::collections::HashSet;
use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;

use serde_json::Value;
use sha2::{Digest, Sha256};

pub use super::line::{parse_row, InRow, Reader};
use super::manifest::{Manifest, Part};
use super::tables::{self, Spec};
use super::{Progress, Version, FORMAT_VERSION};
use crate::error::{BundleProblem, EntryWhy, Error, Result};

/// The largest bundle file accepted.
pub const MAX_FILE: u64 = 16 << 30;
/// The largest a part may unpack to.
pub const MAX_PART: u64 = 16 << 30;
/// The largest all parts together may unpack to.
pub const MAX_TOTAL: u64 = 64 << 30;
/// The largest manifest.
pub const MAX_MANIFEST: u64 = 16 << 20;
/// The largest line (row) of a part.
pub const MAX_LINE: usize = 1 << 20;
/// The highest compression ratio accepted for an entry of more than [`RATIO_FROM`] bytes.
pub const MAX_RATIO: u64 = 200;
/// See [`MAX_RATIO`].
pub const RATIO_FROM: u64 = 1 << 20;

fn refuse<T>(p: BundleProblem) -> Result<T> {
    Err(Error::Bundle(p))
}

/// A bundle opened and checked as an archive, its manifest read.
pub struct Bundle {
    zip: zip::ZipArchive<BufReader<File>>,
    /// Its manifest.
    pub manifest: Manifest,
    /// SHA-256 of the whole file.
    pub sha256: String,
}

/// Whether an entry name is one a bundle may have.
fn check_name(name: &str) -> Option<EntryWhy> {
    if name.starts_with('/') || name.starts_with('\\') || name.get(1..2) == Some(":") {
        return Some(EntryWhy::Absolute);
    }
    if name.split(['/', '\\']).any(|c| c == "..") {
        return Some(EntryWhy::Parent);
    }
    let ok = name == "manifest.json"
        || name == "chain.jsonl"
        || name.strip_prefix("tables/").is_some_and(|t| {
            t.strip_suffix(".jsonl").is_some_and(|t| {
                !t.is_empty()
                    && t.bytes()
                        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
            })
        });
    (!ok).then_some(EntryWhy::Unexpected)
}

impl Bundle {
    /// Opens `path` and checks the archive (entries, sizes, ratios) and the manifest
    /// (format and schema versions, parts).
    pub fn open(path: &Path, schema: i64) -> Result<Bundle> {
        let meta = std::fs::metadata(path)?;
        if meta.len() > MAX_FILE {
            return refuse(BundleProblem::TooLarge {
                size: meta.len(),
                max: MAX_FILE,
            });
        }
        let (sha256, _) = super::export::file_sha256(path)?;
        let f = BufReader::new(File::open(path)?);
        let Ok(mut zip) = zip::ZipArchive::new(f) else {
            return refuse(BundleProblem::NotAnArchive);
        };
        let mut names = HashSet::new();
        let mut total = 0u64;
        for i in 0..zip.len() {
            let e = zip
                .by_index_raw(i)
                .map_err(|_| Error::Bundle(BundleProblem::NotAnArchive))?;
            let name = String::from_utf8_lossy(e.name_raw()).to_string();
            if let Some(why) = check_name(&name) {
                return refuse(BundleProblem::BadEntry { name, why });
            }
            if !names.insert(name.clone()) {
                return refuse(BundleProblem::BadEntry {
                    name,
                    why: EntryWhy::Duplicate,
                });
            }
            let (size, packed) = (e.size(), e.compressed_size());
            total = total.saturating_add(size);
            let cap = if name == "manifest.json" {
                MAX_MANIFEST
            } else {
                MAX_PART
            };
            if size > cap
                || total > MAX_TOTAL
                || (size > RATIO_FROM && size / packed.max(1) > MAX_RATIO)
            {
                return refuse(BundleProblem::Bomb { name, size, packed });
            }
        }
        let manifest = read_manifest(&mut zip)?;
        if manifest.format > FORMAT_VERSION {
            return refuse(BundleProblem::FormatTooNew {
                found: manifest.format,
                supported: FORMAT_VERSION,
            });
        }
        if manifest.format < 1 {
            return refuse(BundleProblem::BadManifest(format!(
                "format version {}",
                manifest.format
            )));
        }
        if manifest.schema > schema {
            return refuse(BundleProblem::SchemaTooNew {
                found: manifest.schema,
                supported: schema,
            });
        }
        let mut listed = HashSet::new();
        for p in &manifest.parts {
            if !names.contains(&p.name) {
                return refuse(BundleProblem::MissingPart {
                    part: p.name.clone(),
                });
            }
            if !listed.insert(p.name.clone()) {
                return refuse(BundleProblem::BadEntry {
                    name: p.name.clone(),
                    why: EntryWhy::Duplicate,
                });
            }
        }
        if let Some(extra) = names
            .iter()
            .find(|n| *n != "manifest.json" && !listed.contains(*n))
        {
            return refuse(BundleProblem::BadEntry {
                name: extra.clone(),
                why: EntryWhy::Unexpected,
            });
        }
        if uuid::Uuid::parse_str(&manifest.source.id).is_err() {
            return refuse(BundleProblem::BadManifest("source.id is not a UUID".into()));
        }
        Ok(Bundle {
            zip,
            manifest,
            sha256,
        })
    }

    /// Streams the lines of `part`, checking its size and SHA-256 against the manifest at
    /// the end (a part cut short or changed is refused, even after its rows were seen).
    pub fn lines(
        &mut self,
        part: &Part,
        mut each: impl FnMut(u64, &[u8]) -> Result<()>,
    ) -> Result<()> {
        let bad = || {
            Error::Bundle(BundleProblem::Checksum {
                part: part.name.clone(),
            })
        };
        let e = self.zip.by_name(&part.name).map_err(|_| bad())?;
        let mut r = BufReader::with_capacity(1 << 16, Hashing::new(e.take(part.bytes + 1)));
        let mut buf = Vec::with_capacity(4096);
        let mut line = 0u64;
        // A row refused: the rest is still read, so that a part that was changed or cut
        // short is named as such rather than by the row the change broke.
        let mut refused: Option<Error> = None;
        loop {
            buf.clear();
            let n = (&mut r)
                .take(MAX_LINE as u64 + 1)
                .read_until(b'\n', &mut buf)
                .map_err(|_| bad())?;
            if n == 0 {
                break;
            }
            if buf.last() != Some(&b'\n') {
                // A last line without its end, or a line beyond the cap: cut short or hostile.
                return Err(bad());
            }
            line += 1;
            if refused.is_none() {
                if let Err(e) = each(line, &buf[..buf.len() - 1]) {
                    if !matches!(e, Error::Bundle(_)) {
                        return Err(e);
                    }
                    refused = Some(e);
                }
            }
        }
        let h = r.into_inner();
        if h.n != part.bytes
            || audit_hex(h.h.finalize().as_slice()) != part.sha256
            || line != part.rows
        {
            return Err(bad());
        }
        match refused {
            Some(e) => Err(e),
            None => Ok(()),
        }
    }

    /// Reads every part once, checking every row (see [`parse_row`]); the rows are not kept.
    pub fn check_all(&mut self, specs: &[Spec], progress: &mut dyn FnMut(Progress)) -> Result<u64> {
        let parts = self.manifest.parts.clone();
        let schema = self.manifest.schema;
        let mut total = 0u64;
        for part in &parts {
            if part.name == "chain.jsonl" {
                self.lines(part, |line, b| {
                    let v: Value = serde_json::from_slice(b)
                        .map_err(|e| bad_line("chain", line, &e.to_string()))?;
                    if v.get("seq").and_then(Value::as_i64).is_none()
                        || v.get("hash").and_then(Value::as_str).is_none()
                    {
                        return Err(bad_line("chain", line, "seq and hash expected"));
                    }
                    Ok(())
                })?;
                continue;
            }
            let Some(spec) = specs
                .iter()
                .find(|s| s.name == part.table && s.part() == part.name)
            else {
                return refuse(BundleProblem::BadEntry {
                    name: part.name.clone(),
                    why: EntryWhy::Unexpected,
                });
            };
            let mut prev: Option<Vec<u8>> = None;
            let mut reader = Reader::new(spec, schema);
            self.lines(part, |line, b| {
                let row = reader.row(line, b)?;
                if prev.as_ref().is_some_and(|p| *p >= row.key) {
                    return refuse(BundleProblem::DuplicateId {
                        table: spec.name.into(),
                        row: line,
                        id: show_key(&row.key),
                    });
                }
                prev = Some(row.key);
                total += 1;
                if line.is_multiple_of(10_000) {
                    progress(Progress {
                        stage: "verify".into(),
                        table: spec.name.into(),
                        rows: line,
                        total: part.rows,
                    });
                }
                Ok(())
            })?;
        }
        Ok(total)
    }

    /// The chain links the bundle carries, `(seq, hash)`.
    pub fn chain(&mut self) -> Result<Vec<(i64, String)>> {
        let Some(part) = self
            .manifest
            .parts
            .iter()
            .find(|p| p.name == "chain.jsonl")
            .cloned()
        else {
            return Ok(Vec::new());
        };
        let mut out = Vec::new();
        self.lines(&part, |_, b| {
            let v: Value = serde_json::from_slice(b).unwrap_or_default();
            out.push((
                v.get("seq").and_then(Value::as_i64).unwrap_or(0),
                v.get("hash")
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .to_string(),
            ));
            Ok(())
        })?;
        Ok(out)
    }
}

fn audit_hex(b: &[u8]) -> String {
    crate::audit::chain::hex(b)
}

/// A key as a message shows it.
pub fn show_key(k: &[u8]) -> String {
    if k.len() == 16 {
        tables::uuid_text(k)
    } else {
        String::from_utf8_lossy(k).to_string()
    }
}

fn read_manifest(zip: &mut zip::ZipArchive<BufReader<File>>) -> Result<Manifest> {
    let mut s = Vec::new();
    {
        let Ok(e) = zip.by_name("manifest.json") else {
            return refuse(BundleProblem::BadManifest("not in the archive".into()));
        };
        e.take(MAX_MANIFEST + 1)
            .read_to_end(&mut s)
            .map_err(|e| Error::Bundle(BundleProblem::BadManifest(e.to_string())))?;
    }
    // The format version first, so that a newer format is named as such even when the rest
    // of its manifest reads differently.
    let v: Value = serde_json::from_slice(&s)
        .map_err(|e| Error::Bundle(BundleProblem::BadManifest(e.to_string())))?;
    if let Some(f) = v.get("format").and_then(Value::as_i64) {
        if f > FORMAT_VERSION {
            return refuse(BundleProblem::FormatTooNew {
                found: f,
                supported: FORMAT_VERSION,
            });
        }
    }
    serde_json::from_value(v).map_err(|e| Error::Bundle(BundleProblem::BadManifest(e.to_string())))
}

fn bad_line(table: &str, row: u64, en: &str) -> Error {
    Error::Bundle(BundleProblem::BadRow {
        table: table.into(),
        row,
        field: String::new(),
        en: en.into(),
        zh: format!("无法读取（{en}）"),
    })
}

pub(crate) fn parse_version(v: &Value) -> Option<Version> {
    let a = v.as_array()?;
    let c = a.first()?.as_i64()?;
    let o = a.get(1)?.as_str()?;
    (o.is_empty() || uuid::Uuid::parse_str(o).is_ok()).then(|| (c, o.to_string()))
}

/// Whether a setting belongs to one installation (see [`tables::LOCAL_SETTINGS`]).
pub fn is_local_setting(k: &str) -> bool {
    matches!(k, "operator" | "lang" | "language")
        || ["installation.", "backup.", "ui.", "window."]
            .iter()
            .any(|p| k.starts_with(p))
}

/// A reader that hashes and counts what passes through it.
struct Hashing<R> {
    inner: R,
    h: Sha256,
    n: u64,
}

impl<R> Hashing<R> {
    fn new(inner: R) -> Self {
        Hashing {
            inner,
            h: Sha256::new(),
            n: 0,
        }
    }
}

impl<R: Read> Read for Hashing<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.h.update(&buf[..n]);
        self.n += n as u64;
        Ok(n)
    }
}

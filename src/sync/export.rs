//! Writing a bundle: the rows changed since the last export to the same destination (every
//! row the first time, or with `full`), tombstones included, streamed table by table into a
//! zip archive so that memory stays flat whatever the bundle's size.

use std::collections::HashMap;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use rusqlite::types::Value as Sql;
use rusqlite::OptionalExtension;
use serde::Serialize;
use sha2::{Digest, Sha256};
use zip::write::SimpleFileOptions;

use super::manifest::{ChainHead, ClockRange, Manifest, Part, Source};
use super::tables::{self, Spec};
use super::versions::Versions;
use super::{Progress, FORMAT_VERSION};
use crate::audit;
use crate::error::Result;
use crate::Ledger;

/// What an export wrote.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ExportReport {
    /// The bundle written.
    pub file: String,
    /// The destination it was recorded for (a folder).
    pub destination: String,
    /// Whether it holds every row.
    pub full: bool,
    /// Rows written, per table (tables with none left out).
    pub tables: Vec<super::TableCount>,
    /// Rows in all.
    pub rows: u64,
    /// The bundle's size in bytes.
    pub bytes: u64,
    /// SHA-256 of the bundle file.
    pub sha256: String,
    /// The chain head it carries.
    pub head_seq: i64,
    /// See `head_seq`.
    pub head_hash: String,
}

/// Where a bundle goes: the file, and the destination (its folder) the export is recorded
/// for.
fn target(l: &Ledger, out: &Path) -> Result<(PathBuf, String)> {
    let code = crate::profile::setting_or_default(l.conn(), "installation.code")
        .ok()
        .filter(|c| !c.is_empty())
        .unwrap_or_else(|| l.installation()[..8].to_string());
    let stamp = chrono::Local::now().format("%Y%m%d-%H%M%S");
    let (file, folder) = if out.is_dir() {
        (
            out.join(format!("zwl-sync-{code}-{stamp}.zip")),
            out.to_path_buf(),
        )
    } else {
        let parent = match out.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        if !parent.is_dir() {
            return Err(crate::error::Error::NoFolder {
                path: parent.display().to_string(),
            });
        }
        (out.to_path_buf(), parent)
    };
    let dest = std::fs::canonicalize(&folder)
        .unwrap_or(folder)
        .display()
        .to_string();
    Ok((file, dest))
}

/// Writes a bundle to `out` (a folder: a new file in it; or a file path) of the rows changed
/// since the last export to that destination, every row when `full` or the first time.
pub fn export(
    l: &mut Ledger,
    out: &Path,
    full: bool,
    progress: &mut dyn FnMut(Progress),
) -> Result<ExportReport> {
    let (file, dest) = target(l, out)?;
    let last: Option<i64> = l
        .conn()
        .query_row(
            "SELECT last_seq FROM sync_peers WHERE dest = ?1",
            [&dest],
            |r| r.get(0),
        )
        .optional()?;
    let since = if full { 0 } else { last.unwrap_or(0) };
    let tmp = file.with_extension("zip.part");
    let written = write_bundle(l, &tmp, since, progress);
    let (manifest, counts) = match written {
        Ok(m) => m,
        Err(e) => {
            let _ = std::fs::remove_file(&tmp);
            return Err(e);
        }
    };
    std::fs::rename(&tmp, &file)?;
    let (sha, bytes) = file_sha256(&file)?;
    let head = audit::head(l.conn())?;
    audit::chain::note_head(l.conn(), &head, &format!("sync bundle {}", file.display()))?;
    let rows: u64 = counts.iter().map(|c| c.rows).sum();
    let file_s = file.display().to_string();
    l.write(|w| {
        let now = w.now().to_string();
        let op = w.operator().to_string();
        w.tx().execute(
            "INSERT INTO sync_peers (dest, last_seq, last_at) VALUES (?1, ?2, ?3)
             ON CONFLICT (dest) DO UPDATE SET last_seq = excluded.last_seq, last_at = excluded.last_at",
            rusqlite::params![dest, manifest.until_seq, now],
        )?;
        w.tx().execute(
            "INSERT INTO sync_history (at, direction, path, installation, name, code, sha256,
                full, rows, applied, conflicts, head_seq, head_hash, head_ok, newest, operator)
             VALUES (?1, 'export', ?2, ?3, ?4, ?5, ?6, ?7, ?8, 0, 0, ?9, ?10, 1, ?11, ?12)",
            rusqlite::params![
                now,
                file_s,
                manifest.source.id,
                manifest.source.name,
                manifest.source.code,
                sha,
                manifest.full,
                rows as i64,
                manifest.head.seq,
                manifest.head.hash,
                manifest.created_at,
                op
            ],
        )?;
        Ok(())
    })?;
    Ok(ExportReport {
        file: file_s,
        destination: dest,
        full: manifest.full,
        tables: counts,
        rows,
        bytes,
        sha256: sha,
        head_seq: manifest.head.seq,
        head_hash: manifest.head.hash,
    })
}

/// SHA-256 and size of a file.
pub fn file_sha256(p: &Path) -> Result<(String, u64)> {
    let mut f = File::open(p)?;
    let mut h = Sha256::new();
    let n = std::io::copy(&mut f, &mut h)?;
    Ok((audit::chain::hex(&h.finalize()), n))
}

/// A part being written: its bytes go to the archive and through its hash.
pub(crate) struct PartSink<'z, W: Write + std::io::Seek> {
    zip: &'z mut zip::ZipWriter<W>,
    h: Sha256,
    bytes: u64,
    rows: u64,
    buf: Vec<u8>,
}

impl<'z, W: Write + std::io::Seek> PartSink<'z, W> {
    /// A new part of `zip` (its entry already started).
    pub(crate) fn new(zip: &'z mut zip::ZipWriter<W>) -> Self {
        PartSink {
            zip,
            h: Sha256::new(),
            bytes: 0,
            rows: 0,
            buf: Vec::with_capacity(1 << 17),
        }
    }
    pub(crate) fn line(&mut self, v: &impl Serialize) -> Result<()> {
        serde_json::to_writer(&mut self.buf, v).map_err(std::io::Error::other)?;
        self.buf.push(b'\n');
        self.rows += 1;
        if self.buf.len() >= 1 << 16 {
            self.flush()?;
        }
        Ok(())
    }
    fn flush(&mut self) -> Result<()> {
        self.h.update(&self.buf);
        self.bytes += self.buf.len() as u64;
        self.zip.write_all(&self.buf)?;
        self.buf.clear();
        Ok(())
    }
    pub(crate) fn finish(mut self, name: &str, table: &str) -> Result<Part> {
        self.flush()?;
        Ok(Part {
            name: name.to_string(),
            table: table.to_string(),
            rows: self.rows,
            bytes: self.bytes,
            sha256: audit::chain::hex(&self.h.finalize()),
        })
    }
}

pub(crate) fn opts() -> SimpleFileOptions {
    SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(1))
        .large_file(true)
}

fn write_bundle(
    l: &Ledger,
    path: &Path,
    since: i64,
    progress: &mut dyn FnMut(Progress),
) -> Result<(Manifest, Vec<super::TableCount>)> {
    let conn = l.conn();
    // One read transaction: the bundle is one consistent state of the ledger.
    let tx = conn.unchecked_transaction()?;
    let until: i64 = tx
        .query_row(
            "SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'log_seq'",
            [],
            |r| r.get(0),
        )
        .optional()?
        .unwrap_or(0);
    let head = audit::head(&tx)?;
    let setting = |k: &str| crate::profile::setting_or_default(&tx, k).unwrap_or_default();
    let source = Source {
        id: l.installation().to_string(),
        name: setting("installation.name"),
        code: setting("installation.code"),
        area: setting("installation.area"),
    };
    let mut zip = zip::ZipWriter::new(BufWriter::with_capacity(1 << 20, File::create(path)?));
    let specs = tables::specs(&tx)?;
    let versions = Versions::new(&tx)?;
    let mut parts = Vec::new();
    let mut counts = Vec::new();
    let mut clocks: HashMap<String, (i64, i64)> = HashMap::new();
    for spec in &specs {
        zip.start_file(spec.part(), opts()).map_err(zip_err)?;
        let mut sink = PartSink {
            zip: &mut zip,
            h: Sha256::new(),
            bytes: 0,
            rows: 0,
            buf: Vec::with_capacity(1 << 17),
        };
        write_table(
            &tx,
            spec,
            since,
            &versions,
            &mut sink,
            &mut clocks,
            progress,
        )?;
        let part = sink.finish(&spec.part(), spec.name)?;
        if part.rows > 0 {
            counts.push(super::TableCount {
                table: spec.name.to_string(),
                rows: part.rows,
                conflicts: 0,
            });
        }
        parts.push(part);
    }
    // The chain's links, so that an importer can see whether this history extends the
    // heads it saw from this installation before.
    zip.start_file("chain.jsonl", opts()).map_err(zip_err)?;
    let mut sink = PartSink {
        zip: &mut zip,
        h: Sha256::new(),
        bytes: 0,
        rows: 0,
        buf: Vec::new(),
    };
    {
        let mut st = tx.prepare("SELECT id, hash FROM change_sets ORDER BY id")?;
        let mut rows = st.query([])?;
        while let Some(r) = rows.next()? {
            let h: Option<Vec<u8>> = r.get(1)?;
            let link = serde_json::json!({"seq": r.get::<_, i64>(0)?, "hash": audit::chain::hex(&h.unwrap_or_default())});
            sink.line(&link)?;
        }
    }
    parts.push(sink.finish("chain.jsonl", "")?);
    let mut clocks: Vec<ClockRange> = clocks
        .into_iter()
        .map(|(origin, (min, max))| ClockRange { origin, min, max })
        .collect();
    clocks.sort_by(|a, b| a.origin.cmp(&b.origin));
    let manifest = Manifest {
        format: FORMAT_VERSION,
        schema: crate::db::SCHEMA_VERSION,
        created_at: crate::ids::now_rfc3339(),
        source,
        head: ChainHead {
            seq: head.seq,
            hash: head.hash,
        },
        full: since == 0,
        since_seq: since,
        until_seq: until,
        clocks,
        parts,
    };
    zip.start_file("manifest.json", opts()).map_err(zip_err)?;
    serde_json::to_writer_pretty(&mut zip, &manifest).map_err(std::io::Error::other)?;
    let mut inner = zip.finish().map_err(zip_err)?;
    inner.flush()?;
    inner.get_ref().sync_all()?;
    drop(tx);
    Ok((manifest, counts))
}

fn write_table<W: Write + std::io::Seek>(
    tx: &rusqlite::Connection,
    spec: &Spec,
    since: i64,
    versions: &Versions,
    sink: &mut PartSink<'_, W>,
    clocks: &mut HashMap<String, (i64, i64)>,
    progress: &mut dyn FnMut(Progress),
) -> Result<()> {
    let key = spec.key;
    let changed = if since == 0 {
        String::new()
    } else {
        let bulk = if spec.versioned {
            format!(
                " OR clock IN (SELECT change_set FROM change_log WHERE tbl = '{t}' AND seq > {since}
                   AND action = 'bulk_insert')",
                t = spec.name
            )
        } else {
            String::new()
        };
        format!(
            " AND ({key} IN (SELECT row_id FROM change_log WHERE tbl = '{t}' AND seq > {since}
                 AND action <> 'bulk_insert'){bulk})",
            t = spec.name
        )
    };
    let sql = format!(
        "SELECT * FROM {t} WHERE ({only}){changed} ORDER BY {key}",
        t = spec.name,
        only = spec.only
    );
    let mut st = tx.prepare(&sql)?;
    let n = spec.cols.len();
    let mut rows = st.query([])?;
    let mut vals: Vec<Sql> = Vec::with_capacity(n);
    while let Some(r) = rows.next()? {
        vals.clear();
        for i in 0..n {
            vals.push(r.get(i)?);
        }
        let k = tables::key_bytes(&vals[spec.key_col]);
        let (v, lineage) = versions.of(tx, spec, &k, &vals)?;
        let mut m = tables::row_json(spec, &vals, &|o| versions.origin(o));
        let e = clocks.entry(v.1.clone()).or_insert((v.0, v.0));
        e.0 = e.0.min(v.0);
        e.1 = e.1.max(v.0);
        m.insert("@v".into(), serde_json::json!([v.0, v.1]));
        if !lineage.is_empty() {
            m.insert(
                "@lineage".into(),
                serde_json::Value::Array(
                    lineage
                        .iter()
                        .map(|(c, o)| serde_json::json!([c, o]))
                        .collect(),
                ),
            );
        }
        sink.line(&m)?;
        if sink.rows.is_multiple_of(10_000) {
            progress(Progress {
                stage: "export".into(),
                table: spec.name.into(),
                rows: sink.rows,
                total: 0,
            });
        }
    }
    Ok(())
}

/// A zip error as a file error.
pub(crate) fn zip_err(e: zip::result::ZipError) -> crate::error::Error {
    crate::error::Error::Io(std::io::Error::other(e.to_string()))
}

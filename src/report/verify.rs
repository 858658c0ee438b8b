//! Issuing a certification report and checking a printed one. Each issued report is kept in
//! `cert_reports` (logged): its number, cell, period, the change log's head when it was
//! issued, and the canonical JSON of the figures it printed with their SHA-256. The PDF
//! carries `zwl-cert:NUMBER:HASH` in its keywords; `verify` reads it back, recomputes the
//! figures from the ledger now with the same function, and names each figure that changed.

use std::path::Path;

use rusqlite::{Connection, OptionalExtension};
use serde::Serialize;

use super::cert::{self, Figure, Issue};
use crate::audit::{self, Head, HeadStatus};
use crate::db::Ledger;
use crate::error::{Error, Result, Rule};
use crate::ids::{today, CellId, RefId};

/// A report just issued.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct IssuedCert {
    /// Report number.
    pub report_no: String,
    /// The cell.
    pub cell_id: CellId,
    /// Period, first month.
    pub from: String,
    /// Period, last month.
    pub to: String,
    /// SHA-256 of the figures, 64 hex digits.
    pub content_hash: String,
    /// The short form printed on every page.
    pub short_hash: String,
    /// The change log's head printed on it.
    pub head: Head,
    /// The figures printed.
    pub figures: Vec<Figure>,
    /// Where the PDF was written (when written to a file).
    pub path: Option<String>,
    /// Its size in bytes.
    pub bytes: usize,
    /// Pages.
    #[serde(skip)]
    pub pdf: Vec<u8>,
}

/// The default period of a report: the last complete calendar year.
pub fn default_period() -> (String, String) {
    let y = chrono::Datelike::year(&today()) - 1;
    (format!("{y:04}-01"), format!("{y:04}-12"))
}

fn report_no() -> String {
    let id = RefId::new();
    let tail: String = id.as_bytes()[10..13]
        .iter()
        .map(|b| format!("{b:02X}"))
        .collect();
    format!("ZWL-{}-{tail}", today().format("%Y%m%d"))
}

/// Computes `cell`'s certification report over `from`..`to`, draws it, and records it as
/// issued. The head printed is the change log's head the figures were read at.
pub fn issue_cert(ledger: &mut Ledger, cell: CellId, from: &str, to: &str) -> Result<IssuedCert> {
    let conn = ledger.conn();
    let head = audit::head(conn)?;
    let content = cert::content(conn, cell, from, to)?;
    let issue = Issue {
        report_no: report_no(),
        head: head.clone(),
        issued_at: crate::export::now_local(),
    };
    let pdf = super::cert_pdf::render(&content, &issue)?;
    let figures_json = serde_json::to_string(&content.figures).unwrap_or_default();
    ledger.write(|w| {
        let id = RefId::new();
        w.tx().execute(
            "INSERT INTO cert_reports (id, report_no, cell_id, period_from, period_to,
                content_hash, figures, head_seq, head_hash, created_at, updated_at, origin, clock)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10, ?11, ?12)",
            rusqlite::params![
                id,
                issue.report_no,
                cell,
                content.from,
                content.to,
                content.content_hash,
                figures_json,
                head.seq,
                head.hash,
                w.now_ms(),
                w.origin(),
                w.clock()
            ],
        )?;
        w.log("cert_reports", id.as_bytes(), None, None)
    })?;
    audit::chain::note_head(ledger.conn(), &head, &issue.report_no)?;
    Ok(IssuedCert {
        report_no: issue.report_no,
        cell_id: cell,
        from: content.from.clone(),
        to: content.to.clone(),
        short_hash: content.short_hash().to_string(),
        content_hash: content.content_hash,
        head,
        figures: content.figures,
        path: None,
        bytes: pdf.len(),
        pdf,
    })
}

/// [`issue_cert`], written to `out` (through a temporary file renamed into place).
pub fn write_cert(
    ledger: &mut Ledger,
    cell: CellId,
    from: &str,
    to: &str,
    out: &Path,
) -> Result<IssuedCert> {
    crate::export::check_out(out)?;
    let mut r = issue_cert(ledger, cell, from, to)?;
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "report.pdf".into());
    let tmp = out.with_file_name(format!(".{name}.{}.part", std::process::id()));
    std::fs::write(&tmp, &r.pdf)
        .and_then(|()| std::fs::rename(&tmp, out))
        .inspect_err(|_| {
            let _ = std::fs::remove_file(&tmp);
        })?;
    r.path = Some(out.display().to_string());
    Ok(r)
}

/// A figure that differs between the report and the ledger now.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Change {
    /// Figure key.
    pub key: String,
    /// Label, Chinese.
    pub label_zh: String,
    /// Label, English.
    pub label_en: String,
    /// As printed (`None`: not on the report).
    pub before: Option<String>,
    /// Now (`None`: no longer there).
    pub after: Option<String>,
}

/// What `zwl report verify` finds.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Verification {
    /// Report number.
    pub report_no: String,
    /// The cell's name now.
    pub cell_name: String,
    /// Period, first month.
    pub from: String,
    /// Period, last month.
    pub to: String,
    /// The content hash the file carries equals the one recorded when it was issued.
    pub file_matches_issue: bool,
    /// The figures recomputed now equal those printed.
    pub figures_match: bool,
    /// Each figure that changed since.
    pub changes: Vec<Change>,
    /// The head printed on the report.
    pub head_seq: i64,
    /// Its hash.
    pub head_hash: String,
    /// Whether the ledger's history still extends that head.
    pub head_status: HeadStatus,
}

impl Verification {
    /// The report holds: the file is the one issued, its figures still hold, and the
    /// history still extends its head.
    pub fn ok(&self) -> bool {
        self.file_matches_issue && self.figures_match && self.head_status == HeadStatus::Extends
    }
}

/// The report number and content hash a certification PDF carries in its keywords
/// (`zwl-cert:NUMBER:HASH`; printpdf writes them as UTF-16 in hex).
pub fn marker(pdf: &[u8]) -> Option<(String, String)> {
    const KEY: &[u8] = b"/Keywords<";
    let text = match pdf.windows(KEY.len()).position(|w| w == KEY) {
        Some(at) => {
            let rest = &pdf[at + KEY.len()..];
            let hex = &rest[..rest.iter().position(|b| *b == b'>')?];
            let bytes: Vec<u8> = hex
                .chunks(2)
                .filter_map(|c| u8::from_str_radix(std::str::from_utf8(c).ok()?, 16).ok())
                .collect();
            let units: Vec<u16> = bytes
                .chunks_exact(2)
                .map(|c| u16::from_be_bytes([c[0], c[1]]))
                .collect();
            String::from_utf16_lossy(&units)
        }
        None => String::from_utf8_lossy(pdf).into_owned(),
    };
    let at = text.find("zwl-cert:")?;
    let rest = &text[at + "zwl-cert:".len()..];
    let end = rest
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == ':'))
        .unwrap_or(rest.len());
    let (no, hash) = rest[..end].split_once(':')?;
    (hash.len() == 64).then(|| (no.to_string(), hash.to_string()))
}

/// Checks the certification PDF `pdf` (its bytes; `name` for messages) against the ledger.
pub fn verify_cert(conn: &Connection, pdf: &[u8], name: &str) -> Result<Verification> {
    let Some((no, hash)) = marker(pdf) else {
        return Err(Error::field(
            "file",
            Rule::NotACertReport,
            &[("value", name)],
        ));
    };
    let row: Option<(CellId, String, String, String, String, i64, String)> = conn
        .query_row(
            "SELECT cell_id, period_from, period_to, content_hash, figures, head_seq, head_hash
             FROM cert_reports WHERE report_no = ?1 AND deleted = 0",
            [&no],
            |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                    r.get(6)?,
                ))
            },
        )
        .optional()?;
    let Some((cell, from, to, issued_hash, figures, head_seq, head_hash)) = row else {
        return Err(Error::NotFound {
            what: "report",
            key: no,
        });
    };
    let printed: Vec<Figure> = serde_json::from_str(&figures).unwrap_or_default();
    let now = cert::content(conn, cell, &from, &to)?;
    let mut changes = Vec::new();
    for p in &printed {
        match now.figures.iter().find(|f| f.key == p.key) {
            Some(f) if f.value == p.value => {}
            f => changes.push(Change {
                key: p.key.clone(),
                label_zh: p.label_zh.clone(),
                label_en: p.label_en.clone(),
                before: Some(p.value.clone()),
                after: f.map(|f| f.value.clone()),
            }),
        }
    }
    for f in now
        .figures
        .iter()
        .filter(|f| !printed.iter().any(|p| p.key == f.key))
    {
        changes.push(Change {
            key: f.key.clone(),
            label_zh: f.label_zh.clone(),
            label_en: f.label_en.clone(),
            before: None,
            after: Some(f.value.clone()),
        });
    }
    Ok(Verification {
        report_no: no,
        cell_name: now.cell.name.clone(),
        from,
        to,
        file_matches_issue: hash == issued_hash && cert::hash_figures(&printed) == issued_hash,
        figures_match: changes.is_empty() && now.content_hash == issued_hash,
        changes,
        head_status: audit::verify_head(conn, head_seq, &head_hash)?,
        head_seq,
        head_hash,
    })
}

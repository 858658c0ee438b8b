//! Importing manifests from a CSV file (a district's or a weighbridge's export). All or
//! nothing: each row is a dispatched load (received too when its reception columns are
//! filled; weights in tonnes), numbered by its departure date; every bad row and field is
//! reported and nothing is written unless all are good.

use std::path::Path;

use super::manifests::{self, ManifestDraft, Reception};
use crate::csv_file;
use crate::db::Ledger;
use crate::error::{Error, Result};

/// The columns: key and Chinese heading.
pub const COLUMNS: &[(&str, &str)] = &[
    ("category", "类别"),
    ("unit", "单位"),
    ("declared", "申报量"),
    ("overload_reason", "超载理由"),
    ("site", "工地"),
    ("transporter", "运输单位"),
    ("vehicle", "车牌号"),
    ("driver", "驾驶员"),
    ("route", "路线"),
    ("facility", "消纳场"),
    ("departure_at", "出车时间"),
    ("disposal_method", "处置方式"),
    ("paper_no", "纸质联单号"),
    ("window_from", "计划开始"),
    ("window_to", "计划结束"),
    ("follows", "原拒收联单"),
    ("received", "接收量"),
    ("gross", "毛重"),
    ("tare", "皮重"),
    ("ticket_no", "磅单号"),
    ("refused", "拒收量"),
    ("outcome", "接收结论"),
    ("received_at", "接收时间"),
];

/// Imports the manifests of a CSV file; returns how many were added.
pub fn import_file(l: &mut Ledger, path: &Path) -> Result<usize> {
    let text = csv_file::read_text(path)?;
    let rows: Vec<_> = csv_file::rows(&text, COLUMNS, &[])?
        .into_iter()
        .map(|r| {
            let draft = ManifestDraft {
                category: r.get("category"),
                unit: r.get("unit"),
                declared: r.get("declared"),
                overload_reason: r.get("overload_reason"),
                site: r.get("site"),
                transporter: r.get("transporter"),
                vehicle: r.get("vehicle"),
                driver: r.get("driver"),
                route: r.get("route"),
                facility: r.get("facility"),
                departure_at: r.get("departure_at"),
                disposal_method: r.get("disposal_method"),
                paper_no: r.get("paper_no"),
                window_from: r.get("window_from"),
                window_to: r.get("window_to"),
                follows: r.get("follows"),
            };
            let weighed = ["received", "gross", "tare"]
                .iter()
                .any(|k| !r.get(k).trim().is_empty());
            let reception = weighed.then(|| Reception {
                received: r.get("received"),
                refused: r.get("refused"),
                gross: r.get("gross"),
                tare: r.get("tare"),
                ticket_no: r.get("ticket_no"),
                outcome: r.get("outcome"),
                received_at: r.get("received_at"),
                overload_reason: r.get("overload_reason"),
            });
            (r.line, draft, reception)
        })
        .collect();
    l.write(|w| {
        let mut errs = Vec::new();
        for (line, d, r) in &rows {
            match manifests::import_row(w, d, r.as_ref()) {
                Ok(()) => {}
                Err(Error::Invalid(f)) => errs.extend(f.into_iter().map(|e| e.at_row(*line))),
                Err(e) => return Err(e),
            }
        }
        if errs.is_empty() {
            Ok(rows.len())
        } else {
            Err(Error::ImportRejected(errs))
        }
    })
}

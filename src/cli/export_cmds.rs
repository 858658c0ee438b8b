//! `--format xlsx|csv --out FILE` on every list command: the whole list the command shows
//! (every page, its filters applied) written to a file instead of printed.

use std::path::PathBuf;
use zwl::error::Rule;

use anyhow::Result;
use clap::Args as ClapArgs;
use zwl::export::{self, Format, ListSpec};
use zwl::Ledger;

use super::output::json;

/// The export flags every list command takes.
#[derive(ClapArgs, Debug, Default, Clone)]
pub struct ExportArgs {
    /// Write the whole list (every page, the filters applied) as xlsx or csv to --out.
    #[arg(long, value_name = "xlsx|csv")]
    pub format: Option<String>,
    /// The file to write; without --format its extension (.xlsx, .csv) decides.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

impl ExportArgs {
    /// Whether an export was asked for.
    pub fn wanted(&self) -> bool {
        self.format.is_some() || self.out.is_some()
    }

    /// Writes `spec` when an export was asked for; `false` when the list is to be printed.
    pub fn run(&self, l: &Ledger, spec: impl FnOnce() -> ListSpec, j: bool) -> Result<bool> {
        if !self.wanted() {
            return Ok(false);
        }
        let Some(out) = &self.out else {
            return Err(zwl::Error::field("out", Rule::Required, &[]).into());
        };
        export::check_out(out)?;
        let format = match &self.format {
            Some(f) => Format::parse(f)?,
            None => {
                let ext = out
                    .extension()
                    .map(|e| e.to_string_lossy().into_owned())
                    .unwrap_or_default();
                Format::parse(&ext)?
            }
        };
        let e = export::export(l.conn(), &spec(), format, out)?;
        if j {
            json(&e);
        } else {
            println!(
                "已导出 {n} 行到 {p} (exported {n} rows to {p})",
                n = e.rows,
                p = e.path
            );
        }
        Ok(true)
    }
}

/// `zwl import … --preview`: the file checked without writing, row by row.
pub fn preview(
    l: &mut Ledger,
    kind: zwl::import_preview::ImportKind,
    file: &std::path::Path,
    j: bool,
) -> Result<()> {
    use zwl::import_preview::RowStatus;
    let p = zwl::import_preview::preview(l, kind, file)?;
    if j {
        json(&p);
    } else {
        if let Some(at) = &p.imported_before {
            let at = zwl::construction::manifests::local_time(at);
            println!("该文件已于 {at} 导入，再次导入不会写入数据 (imported before on {at})");
        }
        for e in &p.file_errors {
            let at = e.row.map(|r| format!("第 {r} 行 ")).unwrap_or_default();
            println!("  {at}{}：{} / {}", e.field, e.message_zh, e.message_en);
        }
        for r in p.rows.iter().filter(|r| r.status == RowStatus::Bad) {
            for e in &r.errors {
                println!(
                    "  第 {} 行 {}（{}）：{} / {}",
                    r.row,
                    zwl::error::field_label_zh(&e.field),
                    e.field,
                    e.message_zh,
                    e.message_en
                );
            }
        }
        println!(
            "预览 preview：共 {} 行，新增 {}，已在台账 {}，有误 {} ({} rows: {} new, {} already in the ledger, {} refused)；未写入任何数据 (nothing written)",
            p.total, p.new, p.already, p.bad, p.total, p.new, p.already, p.bad
        );
    }
    if !p.file_errors.is_empty() || p.bad > 0 {
        std::process::exit(1);
    }
    Ok(())
}

//! `zwl sync …`: bundles exported and imported, their history, the conflicts and their
//! resolution.

use std::path::PathBuf;

use anyhow::Result;
use clap::Subcommand;
use zwl::sync::{self, Keep};
use zwl::Ledger;

use super::output::{json, table};

#[derive(Subcommand, Debug)]
pub enum SyncCmd {
    /// Write a bundle of the rows changed since the last export to this destination (every
    /// row the first time, or with --full).
    Export {
        /// A folder (a new file is named in it) or a file path.
        #[arg(long)]
        out: PathBuf,
        /// Every row, not only those changed since the last export there.
        #[arg(long)]
        full: bool,
    },
    /// Import a bundle: verified whole first, a backup, then one transaction.
    Import {
        /// The bundle file.
        file: PathBuf,
    },
    /// Every export and import, newest first.
    History,
    /// The conflicts still open (--all: resolved ones too), both versions side by side.
    Conflicts {
        /// Resolved conflicts too.
        #[arg(long)]
        all: bool,
    },
    /// The office's view: every installation that has sent bundles (its last bundle and the
    /// newest data it held), and the reporting areas with nothing dated in the period.
    Office {
        /// YYYY-MM, YYYY or YYYY-MM..YYYY-MM (default: last month).
        #[arg(long, default_value = "")]
        period: String,
    },
    /// Resolve a conflict: keep the current version, or take the other as a new edit.
    Resolve {
        /// The conflict's number.
        id: i64,
        /// current or other.
        #[arg(long, value_parser = ["current", "other"])]
        keep: String,
        /// Why.
        #[arg(long)]
        reason: Option<String>,
    },
}

fn progress(p: sync::Progress) {
    eprintln!("{} {} {} 行 rows", p.stage, p.table, p.rows);
}

/// Runs a `zwl sync` command.
pub fn run(l: &mut Ledger, c: SyncCmd, j: bool) -> Result<()> {
    match c {
        SyncCmd::Export { out, full } => {
            let r = sync::export(l, &out, full, &mut |p| {
                if !j {
                    progress(p)
                }
            })?;
            if j {
                json(&r);
            } else {
                println!("同步包 bundle: {}", r.file);
                println!(
                    "{} 行 rows{}, {} 字节 bytes, SHA-256 {}",
                    r.rows,
                    if r.full { "（全部 full）" } else { "" },
                    r.bytes,
                    r.sha256
                );
                println!(
                    "链头 chain head: #{} {}",
                    r.head_seq,
                    &r.head_hash[..16.min(r.head_hash.len())]
                );
                let rows: Vec<Vec<String>> = r
                    .tables
                    .iter()
                    .map(|t| vec![t.table.clone(), t.rows.to_string()])
                    .collect();
                table(&["表 table", "行 rows"], &rows);
            }
        }
        SyncCmd::Import { file } => {
            let r = sync::import(l, &file, &mut |p| {
                if !j {
                    progress(p)
                }
            })?;
            if j {
                json(&r);
            } else if r.already {
                println!(
                    "此同步包已导入过，未做任何更改 (already imported; nothing changed): {}",
                    r.file
                );
            } else {
                println!(
                    "来自 from: {} {} ({})",
                    r.source_name, r.source_code, r.source_id
                );
                println!(
                    "已应用 applied {} 行 rows, 跳过 skipped {}, 冲突 conflicts {}",
                    r.applied, r.skipped, r.conflicts
                );
                if r.remapped > 0 {
                    println!(
                        "改指合并记录的引用 references following a merge: {} (见冲突列表 see the conflicts list)",
                        r.remapped
                    );
                }
                if !r.head_ok {
                    println!("警告：来源台账的变更链不再延续此前见过的链头，其历史可能被改写 (warning: the source's history no longer extends a head seen before)");
                }
                let rows: Vec<Vec<String>> = r
                    .tables
                    .iter()
                    .map(|t| vec![t.table.clone(), t.rows.to_string(), t.conflicts.to_string()])
                    .collect();
                table(&["表 table", "应用 applied", "冲突 conflicts"], &rows);
                if !r.backup.is_empty() {
                    println!("导入前备份 backup: {}", r.backup);
                }
            }
        }
        SyncCmd::History => {
            let h = sync::history(l.conn())?;
            if j {
                json(&h);
            } else {
                let rows: Vec<Vec<String>> = h
                    .iter()
                    .map(|e| {
                        vec![
                            e.id.to_string(),
                            e.at.clone(),
                            if e.direction == "export" {
                                "导出 export"
                            } else {
                                "导入 import"
                            }
                            .into(),
                            format!("{} {}", e.name, e.code).trim().to_string(),
                            e.rows.to_string(),
                            e.applied.to_string(),
                            e.conflicts.to_string(),
                            e.path.clone(),
                        ]
                    })
                    .collect();
                table(
                    &[
                        "#",
                        "时间 at",
                        "方向 direction",
                        "安装 installation",
                        "行 rows",
                        "应用 applied",
                        "冲突 conflicts",
                        "文件 file",
                    ],
                    &rows,
                );
            }
        }
        SyncCmd::Conflicts { all } => {
            let cs = sync::conflicts(l.conn(), all)?;
            if j {
                json(&cs);
            } else if cs.is_empty() {
                println!("没有待处理的冲突 (no open conflicts)");
            } else {
                for c in &cs {
                    println!(
                        "#{} {} {} ({}) {}",
                        c.id,
                        c.table,
                        c.row,
                        c.reason,
                        c.resolution.as_deref().unwrap_or("")
                    );
                    let rows: Vec<Vec<String>> = c
                        .fields
                        .iter()
                        .filter(|f| f.differs)
                        .map(|f| {
                            vec![
                                format!("{} {}", f.label_zh, f.label_en),
                                f.current.clone(),
                                f.other.clone(),
                            ]
                        })
                        .collect();
                    table(&["字段 field", "当前 current", "另一版本 other"], &rows);
                }
            }
        }
        SyncCmd::Resolve { id, keep, reason } => {
            let keep = if keep == "other" {
                Keep::Other
            } else {
                Keep::Current
            };
            let c = sync::resolve(l, id, keep, reason.as_deref())?;
            if j {
                json(&c);
            } else {
                println!(
                    "冲突 #{} 已处理 resolved: {}",
                    c.id,
                    c.resolution.as_deref().unwrap_or("")
                );
            }
        }
        SyncCmd::Office { period } => super::office_cmd::office(l, &period, j)?,
    }
    Ok(())
}

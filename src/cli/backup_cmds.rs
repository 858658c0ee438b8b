//! `zwl backup`, `zwl restore` and `zwl identity`, and what every command does when it opens
//! the ledger: the copy check and the automatic backup.

use std::path::{Path, PathBuf};

use anyhow::Result;
use clap::{Args as ClapArgs, Subcommand};
use zwl::backups::{self, BackupKind};
use zwl::identity::{self, LedgerHome};
use zwl::Ledger;

use super::output::{json, table};

/// `zwl backup [FILE]` or `zwl backup list`.
#[derive(ClapArgs, Debug)]
#[command(args_conflicts_with_subcommands = true)]
pub struct BackupArgs {
    #[command(subcommand)]
    cmd: Option<BackupCmd>,
    /// Where to write the backup (a new file); without it, into the backup folder.
    file: Option<PathBuf>,
}

#[derive(Subcommand, Debug)]
enum BackupCmd {
    /// Every backup of the ledger, newest first: time (local), kind, size, file.
    List,
}

/// `zwl identity …`.
#[derive(Subcommand, Debug)]
pub enum IdentityCmd {
    /// This installation's id and where the ledger's home is.
    Show,
    /// Give a copied ledger an identity of its own: a new installation id, name and code.
    New {
        /// The installation's name (本机名称).
        #[arg(long)]
        name: String,
        /// The installation's short code, 2 to 12 capital letters or digits (本机简码).
        #[arg(long)]
        code: String,
    },
    /// The ledger was moved here, not copied: keep its identity.
    Keep,
}

fn kind_label(k: BackupKind) -> &'static str {
    match k {
        BackupKind::Automatic => "自动 automatic",
        BackupKind::Manual => "手动 manual",
        BackupKind::BeforeImport => "导入前 before import",
        BackupKind::BeforeUpgrade => "升级前 before upgrade",
        BackupKind::BeforeRestore => "恢复前 before restore",
    }
}

/// Runs `zwl backup`.
pub fn backup(l: &Ledger, a: BackupArgs, j: bool) -> Result<()> {
    match (a.cmd, a.file) {
        (Some(BackupCmd::List), _) => {
            let list = backups::list(l)?;
            if j {
                json(&list);
            } else {
                let rows: Vec<Vec<String>> = list
                    .iter()
                    .map(|b| {
                        vec![
                            zwl::construction::manifests::local_time(&b.taken_at),
                            kind_label(b.kind).into(),
                            zwl::units::group_thousands(&b.size.to_string()),
                            b.path.clone(),
                        ]
                    })
                    .collect();
                table(
                    &["时间 time", "类型 kind", "字节 bytes", "文件 file"],
                    &rows,
                );
            }
        }
        (None, file) => {
            let b = match file {
                Some(f) => backups::take_to(l, &f)?,
                None => backups::take_now(l)?,
            };
            if j {
                json(&b);
            } else {
                println!("已备份 backed up: {}", b.path);
            }
        }
    }
    Ok(())
}

/// Runs `zwl restore FILE` on the ledger at `db` (which is not open).
pub fn restore(db: &Path, file: &Path, j: bool) -> Result<()> {
    let r = zwl::db::restore(db, file)?;
    if j {
        json(&r);
    } else {
        println!("已从 {} 恢复台账 restored the ledger {}", r.from, r.ledger);
        if let Some(k) = &r.kept {
            println!("原台账保存在 the replaced ledger is kept at: {k}");
        }
    }
    Ok(())
}

/// Runs `zwl identity …`.
pub fn identity_cmd(l: &mut Ledger, c: IdentityCmd, j: bool) -> Result<()> {
    match c {
        IdentityCmd::Show => {
            let home = identity::check(l)?;
            if j {
                json(&serde_json::json!({ "installation": l.installation(), "home": home }));
            } else {
                println!("安装标识 installation: {}", l.installation());
                match home {
                    LedgerHome::Copy { home_path, .. } => println!(
                        "此台账似乎是从 {home_path} 复制来的 this ledger looks copied from {home_path}"
                    ),
                    _ => println!("台账在本机 the ledger is at home on this computer"),
                }
            }
        }
        IdentityCmd::New { name, code } => {
            let n = identity::new_identity(l, &name, &code)?;
            if j {
                json(&n);
            } else {
                println!(
                    "已建立新标识 new identity: {} ({} {}), 原标识 was {}",
                    n.installation, n.name, n.code, n.old_installation
                );
            }
        }
        IdentityCmd::Keep => {
            identity::keep(l)?;
            if !j {
                println!("已保留标识 identity kept: {}", l.installation());
            }
        }
    }
    Ok(())
}

/// The ledger and its change log's last number when the command opened it.
static OPENED: std::sync::Mutex<Option<(PathBuf, Option<String>)>> = std::sync::Mutex::new(None);

fn log_seq(conn: &rusqlite::Connection) -> Option<String> {
    conn.query_row("SELECT value FROM meta WHERE key = 'log_seq'", [], |r| {
        r.get(0)
    })
    .ok()
}

/// Notes the ledger a command opened, and its change log's last number.
pub fn note_opened(l: &Ledger) {
    if let (Some(p), false) = (l.path(), l.is_read_only()) {
        *OPENED.lock().unwrap_or_else(|p| p.into_inner()) =
            Some((p.to_path_buf(), log_seq(l.conn())));
    }
}

/// After a command that wrote (its change log moved), takes the automatic backup when one is
/// due; a failure is a warning, never fatal.
pub fn backup_after_write() {
    let Some((db, before)) = OPENED.lock().unwrap_or_else(|p| p.into_inner()).take() else {
        return;
    };
    let now = rusqlite::Connection::open_with_flags(
        &db,
        rusqlite::OpenFlags::SQLITE_OPEN_READ_WRITE | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .ok()
    .and_then(|c| log_seq(&c));
    if now.is_none() || now == before {
        return;
    }
    let out = backups::auto_at(&db, chrono::Utc::now());
    if let (Some(zh), Some(en)) = (out.error_zh, out.error_en) {
        eprintln!("警告：自动备份失败 warning: the automatic backup failed: {zh} / {en}");
    }
}

//! Flags are parsed into plain values here, then each command makes one core call.

mod agri;
mod agri_args;
mod agri_subcmds;
mod agri_uses;
mod backup_cmds;
mod office_cmd;
pub use backup_cmds::backup_after_write;
mod category_cmds;
mod cell_cmds;
mod codes_cmds;
mod cw;
mod cw_registers;
mod cw_use;
mod export_cmds;
mod figures;
mod home_cmds;
pub mod output;
mod report_cmds;
mod report_summary;
mod sheet_cmds;
mod sync_cmds;

use std::path::PathBuf;

use anyhow::Result;
use clap::{Parser, Subcommand};
use zwl::cells;

use zwl::{profile, Ledger};

use export_cmds::ExportArgs;
use output::{json, table};
use zwl::export::ListSpec;

/// 无废城市建设台账 — the Zero-Waste City ledger.
#[derive(Parser, Debug)]
#[command(name = "zwl", version, about)]
pub struct Args {
    /// The database file (default: the same file the window uses, in the OS data directory).
    #[arg(long, global = true, value_name = "PATH")]
    pub db: Option<PathBuf>,
    /// Machine-readable JSON output.
    #[arg(long, global = true)]
    pub json: bool,
    #[command(subcommand)]
    cmd: Cmd,
}

#[derive(Subcommand, Debug)]
enum Cmd {
    /// Create a new ledger (or open and upgrade the one there) and print where it is.
    Init,
    /// Zero-waste cells (无废细胞).
    #[command(subcommand)]
    Cell(cell_cmds::CellCmd),
    /// Monthly waste records of a cell.
    #[command(subcommand)]
    Record(cell_cmds::RecordCmd),
    /// Construction waste (建筑垃圾): registers, manifests (联单), output, resource use, alerts.
    #[command(subcommand)]
    Cw(cw::CwCmd),
    /// Agricultural waste: recovery points, the recovery ledger (回收台账), outbound, stock,
    /// rates, straw (秸秆) and manure (畜禽粪污).
    #[command(subcommand)]
    Agri(agri::AgriCmd),
    /// A cell's recycling rate and reduction over a period, with formulas.
    Rates {
        /// Cell id, USCC or exact name.
        cell: String,
        /// First month (YYYY-MM).
        #[arg(long)]
        from: String,
        /// Last month (YYYY-MM).
        #[arg(long)]
        to: String,
        #[command(flatten)]
        export: ExportArgs,
    },
    /// Import a file (all or nothing).
    #[command(subcommand)]
    Import(ImportCmd),
    /// Settings and the city profile.
    #[command(subcommand)]
    Settings(SettingsCmd),
    /// Kinds of cell.
    #[command(subcommand)]
    Kind(KindCmd),
    /// Districts of the city profile.
    #[command(subcommand)]
    District(DistrictCmd),
    /// Reporting areas (报送区域): local codes grouping districts; 市本级 built in.
    #[command(subcommand)]
    Area(codes_cmds::AreaCmd),
    /// Every alert (预警), most urgent first: namings expiring or expired, and the
    /// construction-waste alerts.
    Alerts {
        /// Only this kind (certification_expiring, overdue …), area (cells, construction)
        /// or `certification`.
        #[arg(long, default_value = "")]
        kind: String,
        #[command(flatten)]
        more: home_cmds::AlertArgs,
        #[command(flatten)]
        export: ExportArgs,
    },
    /// What the home page (工作台) shows: what needs doing, cells per area, this year's key
    /// figures against their targets.
    Home,
    /// Who is at the keyboard: show the operator and the recent ones, or switch to NAME.
    Operator {
        /// The new operator's name.
        name: Option<String>,
    },
    /// The first-start answers: operator, installation name and code, reporting area; shows
    /// where the data file and its backups are.
    Setup {
        #[command(flatten)]
        args: home_cmds::SetupArgs,
    },
    /// Waste categories and streams of the monthly records (profile data).
    #[command(subcommand)]
    Category(category_cmds::CategoryCmd),
    /// Generate deterministic demo data (in a new ledger when none is there).
    Demo {
        /// Number of cells (default 2,000).
        #[arg(long)]
        cells: Option<usize>,
        /// Months of records up to this month.
        #[arg(long, default_value_t = 24)]
        months: u32,
        /// Benchmark size: 2,000 × SCALE cells with 50 records each (50 → 100k cells, 5M records).
        #[arg(long)]
        scale: Option<usize>,
        /// Random seed.
        #[arg(long, default_value_t = 2026)]
        seed: u64,
        /// Construction-waste manifests over the last 12 months (0: none).
        #[arg(long, default_value_t = 20_000)]
        manifests: usize,
    },
    /// Check the database: integrity, foreign keys, the change log and its chain; prints the
    /// chain's head (keep it: a later check against it catches a rewritten history).
    Check,
    /// Says whether the ledger's history still extends a head seen before (as `zwl check`,
    /// a report or the window printed it): exit 0 if it does, 2 if rewritten or broken.
    VerifyHead {
        /// The head's change set number (`#N`).
        seq: i64,
        /// Its hash: the 64 hex digits, or the 16 of the short form (xxxx-xxxx-xxxx-xxxx).
        hash: String,
    },
    /// Undo (撤销) your last change on this installation, or the change set given: a new
    /// change puts the rows back, with the reason "undo"; nothing is erased. Refused when a
    /// row changed since or the rows put back would break a rule.
    Undo {
        /// The change set to undo (as `zwl check` or a row's history numbers it).
        #[arg(long)]
        change_set: Option<i64>,
    },
    /// Assessment and naming (评估验收与命名): criteria, application, assessments, naming.
    #[command(subcommand)]
    Assess(report_cmds::AssessCmd),
    /// Reports: a cell's certification report (PDF) and its verification; reduction and resource-use reports.
    #[command(subcommand)]
    Report(report_cmds::ReportCmd),
    /// Sync by file (文件同步): bundles exported and imported, history, conflicts.
    #[command(subcommand)]
    Sync(sync_cmds::SyncCmd),
    /// Benchmarks against a plain SQLite baseline, on generated data in a scratch database.
    Bench {
        /// Cells to generate.
        #[arg(long, default_value_t = 100_000)]
        cells: usize,
        /// Monthly records to generate.
        #[arg(long, default_value_t = 5_000_000)]
        records: usize,
        /// Construction-waste manifests to generate (0: skip).
        #[arg(long, default_value_t = 2_000_000)]
        manifests: usize,
        /// Rows of the import benchmark: a CSV file of manifests and one of cells, each
        /// imported beside a bare insert of the same rows (0: skip).
        #[arg(long, default_value_t = 1_000_000)]
        imports: usize,
        /// Write the results as Markdown to this file as well.
        #[arg(long)]
        out: Option<PathBuf>,
        /// Agricultural recovery ledger entries to generate (0, the default: skip; the
        /// documented size is 3,000,000).
        #[arg(long, default_value_t = 0)]
        agri_entries: usize,
        /// Monthly records of the ledger the city's annual reduction and resource-use report
        /// is measured over (0, the default: skip; the documented size is 5,000,000).
        #[arg(long, default_value_t = 0)]
        summary: usize,
        /// Rows of the sync benchmark (export and import of a bundle of N cells, and of N/10,
        /// beside a plain insert); with it, only the sync benchmark runs.
        #[arg(long, default_value_t = 0)]
        sync: usize,
        /// The import benchmark's own process: KIND CSV DB (started by the bench).
        #[arg(long, hide = true, num_args = 3, value_names = ["KIND", "CSV", "DB"])]
        import_child: Vec<PathBuf>,
    },
    /// Back up the ledger: to FILE, or into the backup folder; `backup list` lists them.
    Backup(backup_cmds::BackupArgs),
    /// Replace the ledger with a backup, after checking it; the replaced file is kept.
    Restore {
        /// The backup file.
        file: PathBuf,
    },
    /// This installation's identity; a copied ledger gets one of its own here.
    #[command(subcommand)]
    Identity(backup_cmds::IdentityCmd),
}

#[derive(Subcommand, Debug)]
enum ImportCmd {
    /// Cells from a CSV or XLSX file (headers: English keys or Chinese column names).
    Cells {
        /// The CSV or XLSX file.
        file: PathBuf,
        /// Check the file without writing: every row, its bad fields, and the counts.
        #[arg(long)]
        preview: bool,
    },
    /// Construction-waste manifests from a CSV or XLSX file.
    Manifests {
        /// The CSV or XLSX file.
        file: PathBuf,
        /// Check the file without writing: every row, its bad fields, and the counts.
        #[arg(long)]
        preview: bool,
    },
    /// Monthly records of cells from a CSV or XLSX file (细胞, 月份, 类别, 产生量 …).
    Records {
        /// The CSV or XLSX file.
        file: PathBuf,
        /// Check the file without writing: every row, its bad fields, and the counts.
        #[arg(long)]
        preview: bool,
    },
}

#[derive(Subcommand, Debug)]
enum SettingsCmd {
    /// Every setting.
    List {
        #[command(flatten)]
        export: ExportArgs,
    },
    /// Change one setting.
    Set {
        /// Key (see `settings list`).
        key: String,
        /// Value.
        value: String,
    },
}

#[derive(Subcommand, Debug)]
enum KindCmd {
    /// The kinds of cell.
    List {
        #[command(flatten)]
        export: ExportArgs,
    },
    /// Add a kind (饭店, 医院 …).
    Add {
        /// Stable key, lower-case ASCII (restaurant).
        key: String,
        /// Chinese name (饭店).
        name_zh: String,
        /// English name.
        #[arg(long, default_value = "")]
        name_en: String,
        /// Cells of this kind need no USCC.
        #[arg(long)]
        no_uscc: bool,
        /// Per-capita figures divide by households instead of people.
        #[arg(long)]
        households: bool,
    },
    /// Which activity figures each kind divides each stream by.
    Denominators,
    /// Set the activity figures a kind divides a stream by, in order (none: clear).
    SetDenominators {
        /// Kind key or name.
        kind: String,
        /// Stream key or name.
        stream: String,
        /// Activity figures (people, households, output_value …).
        figures: Vec<String>,
    },
}

#[derive(Subcommand, Debug)]
enum DistrictCmd {
    /// The districts of the city profile.
    List {
        #[command(flatten)]
        export: ExportArgs,
    },
    /// Add or rename a district.
    Put {
        /// Division code.
        code: String,
        /// Name.
        name: String,
        /// district, county, county_city, development_zone.
        #[arg(long, default_value = "district")]
        kind: String,
        /// English name, shown in English mode (an empty one removes the name given before;
        /// without it the English name stays as it is).
        #[arg(long)]
        name_en: Option<String>,
    },
}

/// How long a command waits for another program's write (the window, another script) before
/// it gives up: long enough for a large import beside it.
const WAIT_FOR_WRITER: std::time::Duration = std::time::Duration::from_secs(600);

/// Opens the ledger; only `init` and `demo` create one, every other command refuses a file
/// that is not there.
fn open(args: &Args) -> Result<Ledger> {
    let path = zwl::paths::resolve_db(args.db.as_deref());
    let creates = matches!(args.cmd, Cmd::Init | Cmd::Demo { .. });
    let l = if creates && !path.exists() {
        if args.db.is_none() && path == zwl::paths::default_db() {
            // The default location's folder is the program's own: made on first use.
            std::fs::create_dir_all(zwl::paths::data_dir())?;
        }
        Ledger::create(&path)?
    } else {
        Ledger::open_existing(&path)?
    };
    l.set_busy_timeout(WAIT_FOR_WRITER)?;
    let mut l = l;
    let guard = !matches!(
        args.cmd,
        Cmd::Init | Cmd::Identity(_) | Cmd::Backup(_) | Cmd::Check | Cmd::VerifyHead { .. }
    );
    if guard {
        zwl::identity::guard(&mut l)?;
    }
    backup_cmds::note_opened(&l);
    Ok(l)
}

/// Runs one command.
pub fn run(args: Args) -> Result<()> {
    if let Cmd::Bench {
        cells,
        records,
        manifests,
        imports,
        out,
        agri_entries,
        summary,
        sync,
        import_child,
    } = &args.cmd
    {
        if let [kind, csv, db] = import_child.as_slice() {
            return Ok(zwl::bench_import::child(&kind.to_string_lossy(), csv, db)?);
        }
        if *sync > 0 {
            let dir = std::env::temp_dir().join(format!("zwl-bench-sync-{}", std::process::id()));
            std::fs::create_dir_all(&dir)?;
            let lines = zwl::sync::bench::measure(&dir, *sync, &mut |line| eprintln!("{line}"));
            let _ = std::fs::remove_dir_all(&dir);
            let lines = lines?;
            let mut md = String::from(
                "| measure | ledger | plain SQLite | ratio | target |\n|---|---:|---:|---:|---|\n",
            );
            for l in &lines {
                md.push_str(&format!(
                    "| {} | {:.2} {} | {:.2} {} | {:.2}× | {} |\n",
                    l.what, l.ledger, l.unit, l.baseline, l.unit, l.ratio, l.target
                ));
            }
            if args.json {
                json(&lines);
            } else {
                println!("{md}");
            }
            if let Some(out) = out {
                std::fs::write(out, md)?;
            }
            return Ok(());
        }
        let mut rep = zwl::bench::run(*cells, *records, *manifests, *imports, &mut |line| {
            eprintln!("{line}")
        })?;
        if *agri_entries > 0 {
            let dir = std::env::temp_dir().join(format!("zwl-bench-agri-{}", std::process::id()));
            std::fs::create_dir_all(&dir)?;
            let lines = zwl::agri::bench::run(&dir, *agri_entries, &mut |line| eprintln!("{line}"));
            let _ = std::fs::remove_dir_all(&dir);
            rep.lines.extend(lines?);
        }
        if *summary > 0 {
            let dir =
                std::env::temp_dir().join(format!("zwl-bench-summary-{}", std::process::id()));
            std::fs::create_dir_all(&dir)?;
            let lines =
                zwl::report::summary::bench::run(&dir, *summary, &mut |line| eprintln!("{line}"));
            let _ = std::fs::remove_dir_all(&dir);
            rep.lines.extend(lines?);
        }
        if args.json {
            json(&rep);
        } else {
            println!("{}", rep.markdown());
        }
        if let Some(out) = out {
            std::fs::write(out, rep.markdown())?;
        }
        return Ok(());
    }
    if let Cmd::Restore { file } = &args.cmd {
        let db = zwl::paths::resolve_db(args.db.as_deref());
        return backup_cmds::restore(&db, file, args.json);
    }
    let mut l = open(&args)?;
    let j = args.json;
    match args.cmd {
        Cmd::Init => {
            let path = l
                .path()
                .map(|p| p.display().to_string())
                .unwrap_or_default();
            if j {
                json(&serde_json::json!({
                    "db_path": path,
                    "schema_version": zwl::db::SCHEMA_VERSION,
                    "installation": l.installation(),
                }));
            } else {
                println!("台账数据库 ledger: {path}");
                println!("版本 schema version: {}", zwl::db::SCHEMA_VERSION);
                println!("安装 installation: {}", l.installation());
            }
        }
        Cmd::Cell(c) => cell_cmds::cell(&mut l, c, j)?,
        Cmd::Record(c) => cell_cmds::record(&mut l, c, j)?,
        Cmd::Cw(c) => cw::run(&mut l, c, j)?,
        Cmd::Agri(c) => agri::run(&mut l, c, j)?,
        Cmd::Area(c) => codes_cmds::area(&mut l, c, j)?,
        Cmd::Alerts { kind, more, export } => {
            let spec = || ListSpec::Alerts {
                kind: kind.clone(),
                area: more.area.clone(),
                acknowledged: more.all,
            };
            if !export.run(&l, spec, j)? {
                home_cmds::alerts(&mut l, &kind, &more, j)?
            }
        }
        Cmd::Home => home_cmds::home(&l, j)?,
        Cmd::Operator { name } => home_cmds::operator(&mut l, name, j)?,
        Cmd::Setup { args } => home_cmds::setup_cmd(&mut l, args, j)?,
        Cmd::Import(ImportCmd::Manifests { file, preview }) => {
            use zwl::import_preview::ImportKind;
            if preview {
                return export_cmds::preview(&mut l, ImportKind::Manifests, &file, j);
            }
            let r = zwl::construction::import::import_file(&mut l, &file)?;
            output::imported(&r, "张联单", "manifests", j);
        }
        Cmd::Import(ImportCmd::Records { file, preview }) => {
            use zwl::import_preview::ImportKind;
            if preview {
                return export_cmds::preview(&mut l, ImportKind::Records, &file, j);
            }
            let r = cells::records_import::import_file(&mut l, &file)?;
            output::imported(&r, "条月度记录", "records", j);
        }
        Cmd::Rates {
            cell,
            from,
            to,
            export,
        } => {
            let spec = || ListSpec::Rates {
                cell: cell.clone(),
                from: from.clone(),
                to: to.clone(),
            };
            if export.run(&l, spec, j)? {
                return Ok(());
            }
            let c = cells::find(l.conn(), &cell)?;
            let r = cells::rates::compute(l.conn(), c.id, &from, &to)?;
            if j {
                json(&r);
            } else {
                figures::print_rates(&c, &r);
            }
        }
        Cmd::Import(ImportCmd::Cells { file, preview }) => {
            use zwl::import_preview::ImportKind;
            if preview {
                return export_cmds::preview(&mut l, ImportKind::Cells, &file, j);
            }
            let r = cells::import::import_file(&mut l, &file)?;
            output::imported(&r, "个细胞", "cells", j);
        }
        Cmd::Settings(SettingsCmd::List { export }) => {
            if export.run(&l, || ListSpec::Settings, j)? {
                return Ok(());
            }
            let s = profile::settings(l.conn())?;
            if j {
                json(&s);
            } else {
                let rows: Vec<Vec<String>> = s
                    .iter()
                    .map(|s| vec![s.key.clone(), s.value.clone(), s.label_zh.clone()])
                    .collect();
                table(&["键 key", "值 value", "说明"], &rows);
            }
        }
        Cmd::Settings(SettingsCmd::Set { key, value }) => {
            l.set_setting(&key, &value)?;
            if !j {
                println!("已保存 saved: {key} = {value}");
            }
        }
        Cmd::Kind(KindCmd::List { export }) => {
            if export.run(&l, || ListSpec::Kinds, j)? {
                return Ok(());
            }
            let k = profile::kinds(l.conn())?;
            if j {
                json(&k);
            } else {
                let rows: Vec<Vec<String>> = k
                    .iter()
                    .map(|k| {
                        vec![
                            k.key.clone(),
                            k.name_zh.clone(),
                            k.name_en.clone(),
                            if k.uscc_required { "必填" } else { "可空" }.into(),
                            k.denominator.clone(),
                        ]
                    })
                    .collect();
                table(
                    &["键 key", "名称", "name", "信用代码", "denominator"],
                    &rows,
                );
            }
        }
        Cmd::Kind(KindCmd::Add {
            key,
            name_zh,
            name_en,
            no_uscc,
            households,
        }) => {
            let k = profile::CellKind {
                key,
                name_zh,
                name_en,
                uscc_required: !no_uscc,
                denominator: if households {
                    "households"
                } else {
                    "headcount"
                }
                .into(),
            };
            l.write(|w| profile::add_kind(w, &k))?;
            if !j {
                println!("已添加类型 added kind: {} {}", k.key, k.name_zh);
            }
        }
        Cmd::Category(c) => category_cmds::run(&mut l, c, j)?,
        Cmd::Kind(KindCmd::Denominators) => category_cmds::denominators(&l, j)?,
        Cmd::Kind(KindCmd::SetDenominators {
            kind,
            stream,
            figures,
        }) => {
            l.write(|w| zwl::cells::categories::set_denominators(w, &kind, &stream, &figures))?;
            category_cmds::denominators(&l, j)?;
        }
        Cmd::District(DistrictCmd::List { export }) => {
            if export.run(&l, || ListSpec::Districts, j)? {
                return Ok(());
            }
            let d = profile::districts(l.conn())?;
            if j {
                json(&d);
            } else {
                let rows: Vec<Vec<String>> = d
                    .iter()
                    .map(|d| {
                        let en = d.name_en.clone().unwrap_or_default();
                        vec![d.code.clone(), d.name.clone(), en, d.kind.clone()]
                    })
                    .collect();
                table(
                    &["代码 code", "名称 name", "英文名 English name", "kind"],
                    &rows,
                );
            }
        }
        Cmd::District(DistrictCmd::Put {
            code,
            name,
            kind,
            name_en,
        }) => {
            let d = profile::District {
                code,
                name,
                kind,
                name_en,
            };
            l.write(|w| profile::put_district(w, &d))?;
        }
        Cmd::Demo {
            cells,
            months,
            scale,
            seed,
            manifests,
        } => {
            let mut spec = scale.map(zwl::demo::Spec::scaled).unwrap_or_default();
            if let Some(c) = cells {
                spec.cells = c;
            }
            spec.months = months;
            spec.seed = seed;
            let s = zwl::demo::generate(&mut l, &spec)?;
            let cw = if manifests > 0 {
                Some(zwl::demo::construction::generate(&mut l, manifests, seed)?)
            } else {
                None
            };
            let agri = zwl::demo::agri::generate(&mut l, seed)?;
            if j {
                json(&serde_json::json!({
                    "cells": s.cells, "records": s.records, "seconds": s.seconds, "construction": cw,
                    "agri": agri,
                }));
            } else {
                println!(
                    "已生成 {} 个细胞、{} 条月度记录，用时 {:.1} 秒（{:.0} 条/秒）",
                    s.cells,
                    s.records,
                    s.seconds,
                    s.records as f64 / s.seconds.max(1e-9)
                );
                println!(
                    "已生成农业废弃物台账（{} 年）：{} 个乡镇、{} 个村、{} 个回收站点、{} 条回收记录、{} 次出库",
                    agri.year, agri.townships, agri.villages, agri.points, agri.entries, agri.outbound
                );
                if let Some(c) = cw {
                    println!(
                        "已生成建筑垃圾台账：{} 个工地、{} 辆车、{} 个设施、{} 张联单，用时 {:.1} 秒",
                        c.sites, c.vehicles, c.facilities, c.manifests, c.seconds
                    );
                }
            }
        }
        Cmd::Check => {
            let rep = zwl::audit::check(l.conn())?;
            if let Some(h) = &rep.head {
                zwl::audit::chain::note_head(l.conn(), h, "zwl check")?;
            }
            if j {
                json(&rep);
            } else {
                println!(
                    "完整性 integrity_check: {}",
                    if rep.integrity_ok { "ok" } else { "FAILED" }
                );
                for p in &rep.integrity {
                    println!("  {p}");
                }
                println!(
                    "变更记录 change log: {} 行已核对 rows checked, {} 条记录 entries, {} 个变更批次 change sets, {} 处不一致 problems",
                    rep.rows_checked, rep.log_entries, rep.change_sets, rep.log_problem_count
                );
                for p in &rep.log_problems {
                    println!("  {p}");
                }
                if let Some(h) = &rep.head {
                    println!(
                        "变更链头 chain head: {}（{}）",
                        h.short,
                        zwl::construction::manifests::local_time(&h.at)
                    );
                    println!("  {}", h.hash);
                }
            }
            if !rep.ok() {
                std::process::exit(2);
            }
        }
        Cmd::VerifyHead { seq, hash } => {
            let status = zwl::audit::verify_head(l.conn(), seq, &hash)?;
            if j {
                json(&status);
            } else {
                match &status {
                    zwl::audit::HeadStatus::Extends => println!(
                        "台账历史延续该链头 the ledger's history extends head #{seq}"
                    ),
                    zwl::audit::HeadStatus::Rewritten => println!(
                        "台账历史已被改写 history rewritten: it no longer passes through head #{seq}"
                    ),
                    zwl::audit::HeadStatus::Broken { at } => println!(
                        "变更链在第 {at} 批处断开 the chain breaks at change set {at} (see zwl check)"
                    ),
                }
            }
            if status != zwl::audit::HeadStatus::Extends {
                std::process::exit(2);
            }
        }
        Cmd::Undo { change_set } => {
            let u = zwl::undo::undo(&mut l, change_set)?;
            if j {
                json(&u);
            } else {
                println!(
                    "已撤销第 {} 批修改（{}，{}）undone change set {}, as change set {}:",
                    u.undone.id,
                    u.undone.operator,
                    zwl::construction::manifests::local_time(&u.undone.at),
                    u.undone.id,
                    u.change_set
                );
                for r in &u.rows {
                    let (zh, en) = match r.outcome.as_str() {
                        "removed" => ("已移除", "removed"),
                        "restored" => ("已恢复", "restored"),
                        _ => ("已还原", "reverted"),
                    };
                    let cols = if r.columns.is_empty() {
                        String::new()
                    } else {
                        format!(" ({})", r.columns.join(", "))
                    };
                    println!(
                        "  {} {} {} {zh} {en}{cols}",
                        r.what_zh, r.what_en, r.subject
                    );
                }
            }
        }
        Cmd::Assess(c) => report_cmds::assess_cmd(&mut l, c, j)?,
        Cmd::Report(c) => report_cmds::report_cmd(&mut l, c, j)?,
        Cmd::Backup(a) => backup_cmds::backup(&l, a, j)?,
        Cmd::Identity(c) => backup_cmds::identity_cmd(&mut l, c, j)?,
        Cmd::Sync(c) => sync_cmds::run(&mut l, c, j)?,
        Cmd::Bench { .. } | Cmd::Restore { .. } => unreachable!("handled above"),
    }
    Ok(())
}

//! `zwl category`: the waste streams and categories of the monthly records (profile data:
//! add, rename, order, retire), and `zwl kind denominators`.

use anyhow::Result;
use clap::Subcommand;
use zwl::cells::categories::{self, Category, CategoryDraft};
use zwl::units::format_kg;
use zwl::Ledger;

use super::output::{json, table};

#[derive(Subcommand, Debug)]
pub enum CategoryCmd {
    /// The categories, in order (retired ones marked).
    List,
    /// Add a category to a stream.
    Add {
        /// Stable key, lower-case ASCII (paper).
        key: String,
        /// Chinese name (废纸).
        name_zh: String,
        /// Stream key or name (household, 生活垃圾 …).
        #[arg(long)]
        stream: String,
        /// English name.
        #[arg(long, default_value = "")]
        name_en: String,
        /// What is recycled or composted of it counts toward the household recycling rate.
        #[arg(long)]
        recovery: bool,
        /// bin or bag.
        #[arg(long, default_value = "bin")]
        container: String,
        /// Default kg per bin or bag.
        #[arg(long, default_value = "")]
        kg: String,
    },
    /// Rename a category or change its recovery flag or bin size (only what is given).
    Edit {
        /// Key or name.
        category: String,
        /// Chinese name.
        #[arg(long)]
        name_zh: Option<String>,
        /// English name.
        #[arg(long)]
        name_en: Option<String>,
        /// Counts toward the household recycling rate: true or false.
        #[arg(long)]
        recovery: Option<bool>,
        /// bin or bag.
        #[arg(long)]
        container: Option<String>,
        /// Default kg per bin or bag (empty: none).
        #[arg(long)]
        kg: Option<String>,
    },
    /// Move a category to a position in the order (1 = first).
    Move {
        /// Key or name.
        category: String,
        /// Position, 1-based.
        position: usize,
    },
    /// Retire a category: old records keep it, new ones cannot use it.
    Retire {
        /// Key or name.
        category: String,
    },
    /// Bring a retired category back.
    Restore {
        /// Key or name.
        category: String,
    },
    /// The waste streams.
    Streams,
    /// Add a waste stream.
    StreamAdd {
        /// Stable key, lower-case ASCII.
        key: String,
        /// Chinese name.
        name_zh: String,
        /// English name.
        #[arg(long, default_value = "")]
        name_en: String,
    },
    /// Retire a waste stream (its categories and records stay; it takes no new categories).
    StreamRetire {
        /// Key or name.
        key: String,
        /// Bring it back instead.
        #[arg(long)]
        restore: bool,
    },
    /// Rename a waste stream.
    StreamRename {
        /// Key.
        key: String,
        /// Chinese name.
        name_zh: String,
        /// English name.
        #[arg(long, default_value = "")]
        name_en: String,
    },
}

pub fn run(l: &mut Ledger, c: CategoryCmd, j: bool) -> Result<()> {
    match c {
        CategoryCmd::List => {}
        CategoryCmd::Add {
            key,
            name_zh,
            stream,
            name_en,
            recovery,
            container,
            kg,
        } => {
            let d = CategoryDraft {
                key,
                name_zh,
                name_en,
                stream,
                counts_as_recovery: recovery,
                container,
                container_kg: kg,
            };
            l.write(|w| categories::add_category(w, &d))?;
        }
        CategoryCmd::Edit {
            category,
            name_zh,
            name_en,
            recovery,
            container,
            kg,
        } => {
            let cur = categories::category(l.conn(), &category)?;
            let d = CategoryDraft {
                key: cur.key.clone(),
                name_zh: name_zh.unwrap_or(cur.name_zh),
                name_en: name_en.unwrap_or(cur.name_en),
                stream: cur.stream,
                counts_as_recovery: recovery.unwrap_or(cur.counts_as_recovery),
                container: container.unwrap_or(cur.container),
                container_kg: kg
                    .unwrap_or_else(|| cur.container_g.map(format_kg).unwrap_or_default()),
            };
            l.write(|w| categories::edit_category(w, &cur.key, &d))?;
        }
        CategoryCmd::Move { category, position } => {
            l.write(|w| categories::move_category(w, &category, position))?;
        }
        CategoryCmd::Retire { category } => {
            l.write(|w| categories::retire_category(w, &category, true))?;
        }
        CategoryCmd::Restore { category } => {
            l.write(|w| categories::retire_category(w, &category, false))?;
        }
        CategoryCmd::Streams => return streams(l, j),
        CategoryCmd::StreamAdd {
            key,
            name_zh,
            name_en,
        } => {
            l.write(|w| categories::add_stream(w, &key, &name_zh, &name_en))?;
            return streams(l, j);
        }
        CategoryCmd::StreamRetire { key, restore } => {
            l.write(|w| categories::retire_stream(w, &key, !restore))?;
            return streams(l, j);
        }
        CategoryCmd::StreamRename {
            key,
            name_zh,
            name_en,
        } => {
            l.write(|w| categories::rename_stream(w, &key, &name_zh, &name_en))?;
            return streams(l, j);
        }
    }
    list(l, j)
}

fn list(l: &Ledger, j: bool) -> Result<()> {
    let cats: Vec<Category> = categories::categories(l.conn())?;
    if j {
        json(&cats);
        return Ok(());
    }
    let streams = categories::streams(l.conn())?;
    let rows: Vec<Vec<String>> = cats
        .iter()
        .enumerate()
        .map(|(i, c)| {
            vec![
                (i + 1).to_string(),
                c.key.clone(),
                c.name_zh.clone(),
                streams
                    .iter()
                    .find(|s| s.key == c.stream)
                    .map(|s| s.name_zh.clone())
                    .unwrap_or(c.stream.clone()),
                if c.counts_as_recovery {
                    "计入"
                } else {
                    "—"
                }
                .into(),
                c.container_g
                    .map(|g| categories::container_label(&c.container, g, true))
                    .unwrap_or_else(|| "—".into()),
                if c.retired { "已停用" } else { "" }.into(),
            ]
        })
        .collect();
    table(
        &[
            "序",
            "键 key",
            "名称",
            "废物流",
            "计入回收利用率",
            "每桶（袋）",
            "状态",
        ],
        &rows,
    );
    Ok(())
}

fn streams(l: &Ledger, j: bool) -> Result<()> {
    let s = categories::streams(l.conn())?;
    if j {
        json(&s);
    } else {
        let rows: Vec<Vec<String>> = s
            .iter()
            .map(|s| {
                vec![
                    s.key.clone(),
                    s.name_zh.clone(),
                    s.name_en.clone(),
                    if s.household { "生活垃圾" } else { "" }.into(),
                    if s.retired { "已停用" } else { "" }.into(),
                ]
            })
            .collect();
        table(&["键 key", "名称", "name", "", "状态"], &rows);
    }
    Ok(())
}

pub fn denominators(l: &Ledger, j: bool) -> Result<()> {
    let d = categories::denominators(l.conn())?;
    if j {
        json(&d);
        return Ok(());
    }
    let kinds = categories::activity_kinds(l.conn())?;
    let rows: Vec<Vec<String>> = d
        .iter()
        .map(|d| {
            let k = kinds.iter().find(|k| k.key == d.figure);
            vec![
                d.kind.clone(),
                d.stream.clone(),
                k.map(|k| format!("{}（{}）", k.name_zh, k.unit_zh))
                    .unwrap_or(d.figure.clone()),
            ]
        })
        .collect();
    table(&["类型 kind", "废物流 stream", "分母 denominator"], &rows);
    Ok(())
}

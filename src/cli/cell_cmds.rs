//! `zwl cell`, `zwl record` and `zwl rates`: zero-waste cells, their monthly records and
//! computed figures.

use anyhow::Result;
use clap::{Args as ClapArgs, Subcommand};
use zwl::cells::{self, records::RecordInput, CellDraft, CellFilter, Status};
use zwl::units::format_kg;
use zwl::{profile, Ledger};

use super::output::{json, table};

#[derive(ClapArgs, Debug, Default)]
pub struct CellFields {
    /// 名称.
    #[arg(long)]
    name: Option<String>,
    /// Kind: office, community, factory, school … or 机关, 小区, 工厂, 学校.
    #[arg(long)]
    kind: Option<String>,
    /// 统一社会信用代码.
    #[arg(long)]
    uscc: Option<String>,
    /// Reason for keeping a code whose check character fails (kept in the change log).
    #[arg(long)]
    override_reason: Option<String>,
    /// Division code (e.g. 220102) or district name.
    #[arg(long)]
    district: Option<String>,
    /// 地址.
    #[arg(long)]
    address: Option<String>,
    /// 联系人.
    #[arg(long)]
    contact: Option<String>,
    /// 电话.
    #[arg(long)]
    phone: Option<String>,
    /// 负责人.
    #[arg(long)]
    manager: Option<String>,
    /// People (or households for communities).
    #[arg(long)]
    headcount: Option<String>,
    /// People or households in the baseline year.
    #[arg(long)]
    baseline_headcount: Option<String>,
    /// 基准年.
    #[arg(long)]
    baseline_year: Option<String>,
}

impl CellFields {
    fn apply(self, d: &mut CellDraft) {
        let set = |dst: &mut String, v: Option<String>| {
            if let Some(v) = v {
                *dst = v;
            }
        };
        set(&mut d.name, self.name);
        set(&mut d.kind, self.kind);
        set(&mut d.uscc, self.uscc);
        set(&mut d.uscc_override, self.override_reason);
        set(&mut d.district, self.district);
        set(&mut d.address, self.address);
        set(&mut d.contact, self.contact);
        set(&mut d.phone, self.phone);
        set(&mut d.manager, self.manager);
        set(&mut d.headcount, self.headcount);
        set(&mut d.baseline_headcount, self.baseline_headcount);
        set(&mut d.baseline_year, self.baseline_year);
    }
}

#[derive(Subcommand, Debug)]
pub enum CellCmd {
    /// Add a cell.
    Add(CellFields),
    /// List cells, a page at a time.
    List {
        /// Search name, code, address, contact, manager.
        #[arg(long, default_value = "")]
        q: String,
        /// Kind key.
        #[arg(long, default_value = "")]
        kind: String,
        /// Division code.
        #[arg(long, default_value = "")]
        district: String,
        /// Status key.
        #[arg(long, default_value = "")]
        status: String,
        /// Page number.
        #[arg(long, default_value_t = 1)]
        page: u32,
        /// Rows per page.
        #[arg(long, default_value_t = 50)]
        page_size: u32,
    },
    /// Show one cell.
    Show {
        /// Cell id, USCC or exact name.
        cell: String,
    },
    /// Change fields of a cell (only the ones given).
    Edit {
        /// Cell id, USCC or exact name.
        cell: String,
        #[command(flatten)]
        fields: CellFields,
    },
    /// Move a cell along its creation status.
    SetStatus {
        /// Cell id, USCC or exact name.
        cell: String,
        /// planned, applying, creating, assessed, certified, revoked (or 计划 … 撤销).
        status: String,
        /// Certification date (YYYY-MM-DD), for certified.
        #[arg(long)]
        on: Option<String>,
        /// Reason (required to revoke).
        #[arg(long)]
        reason: Option<String>,
    },
    /// A cell's change history.
    History {
        /// Cell id, USCC or exact name.
        cell: String,
    },
    /// A cell's activity figures per year (人数, 户数, 产值 …): the denominators.
    #[command(subcommand)]
    Figure(super::figures::FigureCmd),
    /// A cell's own kg per bin (or bag) of a category, for entry by count.
    BinSize {
        /// Cell id, USCC or exact name.
        cell: String,
        /// Category key or name.
        #[arg(long)]
        category: String,
        /// kg in one bin or bag (empty: use the category's default).
        #[arg(long, default_value = "")]
        kg: String,
    },
}

#[derive(Subcommand, Debug)]
pub enum RecordCmd {
    /// Record one month and category of a cell (kg; replaces what was there).
    Add {
        /// Cell id, USCC or exact name.
        cell: String,
        /// Month (YYYY-MM).
        #[arg(long)]
        month: String,
        /// recyclable, kitchen, hazardous_household, other, industrial, hazardous (or Chinese).
        #[arg(long)]
        category: String,
        /// Generated, kg.
        #[arg(long, default_value = "")]
        generated: String,
        /// Generated as a number of bins or bags (instead of --generated): converted with the
        /// cell's or the category's kg per bin.
        #[arg(long, default_value = "")]
        bins: String,
        /// Recycled, kg.
        #[arg(long, default_value = "")]
        recycled: String,
        /// Composted, kg.
        #[arg(long, default_value = "")]
        composted: String,
        /// Incinerated, kg.
        #[arg(long, default_value = "")]
        incinerated: String,
        /// Landfilled, kg.
        #[arg(long, default_value = "")]
        landfilled: String,
    },
    /// A cell's records between two months.
    List {
        /// Cell id, USCC or exact name.
        cell: String,
        /// First month (default 2000-01).
        #[arg(long, default_value = "2000-01")]
        from: String,
        /// Last month (default 9999-12).
        #[arg(long, default_value = "9999-12")]
        to: String,
    },
}

pub fn cell(l: &mut Ledger, c: CellCmd, j: bool) -> Result<()> {
    match c {
        CellCmd::Add(f) => {
            let mut d = CellDraft::default();
            f.apply(&mut d);
            let c = cells::add(l, &d)?;
            if j {
                json(&c);
            } else {
                println!("已添加 added: {} {}", c.id, c.name);
            }
        }
        CellCmd::List {
            q,
            kind,
            district,
            status,
            page,
            page_size,
        } => {
            let kind = match kind.trim() {
                "" => String::new(),
                k => profile::find_kind(l.conn(), k)?
                    .map(|k| k.key)
                    .unwrap_or(k.into()),
            };
            let p = cells::list(
                l.conn(),
                &CellFilter {
                    q,
                    kind,
                    district,
                    status,
                    page,
                    page_size,
                },
            )?;
            if j {
                json(&p);
            } else {
                let rows: Vec<Vec<String>> = p
                    .rows
                    .iter()
                    .map(|c| {
                        vec![
                            c.id.to_string(),
                            c.name.clone(),
                            c.kind_zh.clone(),
                            c.district_name.clone(),
                            c.uscc.clone().unwrap_or_default(),
                            c.status.label_zh().into(),
                        ]
                    })
                    .collect();
                table(
                    &[
                        "编号 id",
                        "名称",
                        "类型",
                        "区划",
                        "统一社会信用代码",
                        "状态",
                    ],
                    &rows,
                );
                let pages = p.total.div_ceil(p.page_size.max(1) as u64).max(1);
                println!(
                    "第 {}/{} 页，共 {} 个 (page {}/{}, {} cells)",
                    p.page, pages, p.total, p.page, pages, p.total
                );
            }
        }
        CellCmd::Show { cell } => {
            let c = cells::find(l.conn(), &cell)?;
            if j {
                json(&c);
            } else {
                print_cell(&c);
                super::figures::print_figures(&cells::activity::figures(l.conn(), c.id)?);
            }
        }
        CellCmd::Edit { cell, fields } => {
            let c = cells::find(l.conn(), &cell)?;
            let mut d = CellDraft::from_cell(&c);
            fields.apply(&mut d);
            let c = cells::edit(l, c.id, &d)?;
            if j {
                json(&c);
            } else {
                println!("已保存 saved: {} {}", c.id, c.name);
            }
        }
        CellCmd::SetStatus {
            cell,
            status,
            on,
            reason,
        } => {
            let c = cells::find(l.conn(), &cell)?;
            let to: Status = status.parse()?;
            let c = cells::set_status(l, c.id, to, on.as_deref(), reason.as_deref())?;
            if j {
                json(&c);
            } else {
                println!("{}：{}", c.name, c.status.label_zh());
            }
        }
        CellCmd::Figure(f) => super::figures::figure(l, f, j)?,
        CellCmd::BinSize { cell, category, kg } => {
            let c = cells::find(l.conn(), &cell)?;
            cells::activity::set_container(l, c.id, &category, &kg)?;
            let sizes = cells::activity::container_sizes(l.conn(), c.id)?;
            if j {
                json(&sizes);
            } else {
                super::figures::print_sizes(l, &sizes)?;
            }
        }
        CellCmd::History { cell } => {
            let c = cells::find(l.conn(), &cell)?;
            let h = zwl::audit::history(l.conn(), "cells", c.id.as_bytes())?;
            if j {
                json(&h);
            } else {
                for e in h {
                    println!(
                        "{}  {}  {}{}",
                        e.at,
                        e.operator,
                        e.action,
                        e.reason
                            .map(|r| format!("（理由：{r}）"))
                            .unwrap_or_default()
                    );
                }
            }
        }
    }
    Ok(())
}

pub fn record(l: &mut Ledger, c: RecordCmd, j: bool) -> Result<()> {
    match c {
        RecordCmd::Add {
            cell,
            month,
            category,
            generated,
            bins,
            recycled,
            composted,
            incinerated,
            landfilled,
        } => {
            let c = cells::find(l.conn(), &cell)?;
            let input = RecordInput {
                month,
                category,
                generated,
                bins,
                recycled,
                composted,
                incinerated,
                landfilled,
            };
            let saved = cells::records::save_entries(l, c.id, std::slice::from_ref(&input))?;
            if j {
                json(&saved);
            } else {
                for w in &saved.warnings {
                    eprintln!("注意 warning：{} / {}", w.message_zh, w.message_en);
                }
                println!(
                    "已保存 saved: {} {} {}",
                    c.name, input.month, input.category
                );
            }
        }
        RecordCmd::List { cell, from, to } => {
            let c = cells::find(l.conn(), &cell)?;
            let r = cells::records::list(l.conn(), c.id, &from, &to)?;
            if j {
                json(&r);
            } else {
                let cats = cells::records::categories(l.conn())?;
                let name = |k: &str| {
                    cats.iter()
                        .find(|c| c.key == k)
                        .map(|c| c.name_zh.clone())
                        .unwrap_or(k.into())
                };
                let rows: Vec<Vec<String>> = r
                    .iter()
                    .map(|r| {
                        vec![
                            r.month.clone(),
                            name(&r.category),
                            format_kg(r.generated_g),
                            format_kg(r.recycled_g),
                            format_kg(r.composted_g),
                            format_kg(r.incinerated_g),
                            format_kg(r.landfilled_g),
                        ]
                    })
                    .collect();
                table(
                    &[
                        "月份",
                        "类别",
                        "产生量kg",
                        "回收利用kg",
                        "堆肥kg",
                        "焚烧kg",
                        "填埋kg",
                    ],
                    &rows,
                );
            }
        }
    }
    Ok(())
}

fn print_cell(c: &cells::Cell) {
    let opt = |v: &Option<String>| v.clone().unwrap_or_else(|| "—".into());
    println!("编号 id        {}", c.id);
    println!("名称           {}", c.name);
    println!("类型           {}（{}）", c.kind_zh, c.kind);
    println!("统一社会信用代码 {}", opt(&c.uscc));
    if let Some(r) = &c.uscc_override {
        println!("代码保留理由     {r}");
    }
    println!("行政区划       {} {}", c.district, c.district_name);
    println!("地址           {}", c.address);
    println!("联系人/电话    {} {}", c.contact, c.phone);
    println!("负责人         {}", c.manager);
    println!(
        "基准年         {}",
        c.baseline_year.map(|y| y.to_string()).unwrap_or("—".into())
    );
    println!("状态           {}", c.status.label_zh());
    if let Some(d) = &c.certified_on {
        println!("命名日期       {d}，有效期至 {}", opt(&c.expires_on));
    }
}

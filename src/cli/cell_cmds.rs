//! `zwl cell`, `zwl record` and `zwl rates`: zero-waste cells, their monthly records and
//! computed figures.

use anyhow::Result;
use clap::{Args as ClapArgs, Subcommand};
use zwl::cells::{self, records::RecordInput, CellDraft, CellFilter, StatusChange};
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
    /// Why this cell shares its credit code with another live cell (a school's second
    /// campus); kept in the change log. Without it a shared code is refused.
    #[arg(long)]
    shared_reason: Option<String>,
    /// 街道/乡镇.
    #[arg(long)]
    street: Option<String>,
    /// 街道/乡镇 12-digit statistical code (begins with the district's 6).
    #[arg(long)]
    street_code: Option<String>,
    /// 社区/村.
    #[arg(long)]
    community: Option<String>,
    /// 社区/村 12-digit statistical code (begins with the district's 6).
    #[arg(long)]
    community_code: Option<String>,
    /// Reporting area (code or name, e.g. 市本级 for city-level offices); "" clears it.
    #[arg(long)]
    area: Option<String>,
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
        set(&mut d.uscc_shared_reason, self.shared_reason);
        set(&mut d.street, self.street);
        set(&mut d.street_code, self.street_code);
        set(&mut d.community, self.community);
        set(&mut d.community_code, self.community_code);
        set(&mut d.area, self.area);
    }
}

#[derive(Subcommand, Debug)]
pub enum CellCmd {
    /// Add a cell.
    Add(Box<CellFields>),
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
        #[command(flatten)]
        export: super::export_cmds::ExportArgs,
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
        fields: Box<CellFields>,
    },
    /// Move a cell along its creation status.
    SetStatus {
        /// Cell id, USCC or exact name.
        cell: String,
        /// planned 计划创建, applying 已申报, creating 创建中, assessed 验收通过（待命名）,
        /// certified 已命名, revoked 撤销命名.
        status: String,
        /// Naming date (YYYY-MM-DD), for certified.
        #[arg(long)]
        on: Option<String>,
        /// Naming batch (第 N 批: N), for certified.
        #[arg(long)]
        batch: Option<String>,
        /// Naming document number (命名文号), for certified.
        #[arg(long)]
        document: Option<String>,
        /// Reason (required to revoke).
        #[arg(long)]
        reason: Option<String>,
    },
    /// A cell's namings, past and current.
    Namings {
        /// Cell id, USCC or exact name.
        cell: String,
        #[command(flatten)]
        export: super::export_cmds::ExportArgs,
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
    /// Delete the record of one month and category.
    Delete {
        /// Cell id, USCC or exact name.
        cell: String,
        /// Month (YYYY-MM).
        #[arg(long)]
        month: String,
        /// Category key or Chinese name.
        #[arg(long)]
        category: String,
    },
    /// The month sheet (本月填报): many cells' month on one table, or saved from a file.
    Sheet(super::sheet_cmds::SheetArgs),
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
        #[command(flatten)]
        export: super::export_cmds::ExportArgs,
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
                print_warnings(&c.warnings);
            }
        }
        CellCmd::List {
            q,
            kind,
            district,
            status,
            page,
            page_size,
            export,
        } => {
            let spec = || zwl::export::ListSpec::Cells {
                filter: CellFilter {
                    q: q.clone(),
                    kind: kind.clone(),
                    district: district.clone(),
                    status: status.clone(),
                    page: 1,
                    page_size,
                },
            };
            if export.run(l, spec, j)? {
                return Ok(());
            }
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
                print_warnings(&c.warnings);
            }
        }
        CellCmd::SetStatus {
            cell,
            status,
            on,
            batch,
            document,
            reason,
        } => {
            let c = cells::find(l.conn(), &cell)?;
            let ch = StatusChange {
                to: status,
                on: on.unwrap_or_default(),
                batch: batch.unwrap_or_default(),
                document_no: document.unwrap_or_default(),
                reason: reason.unwrap_or_default(),
            };
            let c = cells::change_status(l, c.id, &ch)?;
            if j {
                json(&c);
            } else {
                println!("{}：{}", c.name, c.status.label_zh());
            }
        }
        CellCmd::Namings { cell, export } => {
            let c2 = cell.clone();
            if export.run(l, || zwl::export::ListSpec::Namings { cell: c2 }, j)? {
                return Ok(());
            }
            let c = cells::find(l.conn(), &cell)?;
            let n = cells::namings(l.conn(), c.id)?;
            if j {
                json(&n);
            } else {
                let rows: Vec<Vec<String>> = n
                    .iter()
                    .map(|n| {
                        vec![
                            n.batch
                                .map(|b| format!("第 {b} 批"))
                                .unwrap_or_else(|| "—".into()),
                            n.document_no.clone(),
                            n.named_on.clone(),
                            n.expires_on.clone(),
                            match (&n.ended_on, n.ended_as) {
                                (Some(d), Some(s)) => format!("{d} 止（{}）", s.label_zh()),
                                (Some(d), None) => format!("{d} 止"),
                                _ => "现行".into(),
                            },
                        ]
                    })
                    .collect();
                table(&["批次", "命名文号", "命名日期", "有效期至", "状态"], &rows);
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
                        zwl::construction::manifests::local_time(&e.at),
                        e.operator,
                        e.action,
                        e.reason
                            .as_ref()
                            .map(|r| format!("（理由：{r}）"))
                            .unwrap_or_default()
                    );
                    println!("    {}", zwl::audit::history::describe(&e));
                }
            }
        }
    }
    Ok(())
}

pub fn record(l: &mut Ledger, c: RecordCmd, j: bool) -> Result<()> {
    match c {
        RecordCmd::Sheet(a) => super::sheet_cmds::sheet(l, a, j)?,
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
            let saved = cells::records::save_one(l, c.id, &input)?;
            if j {
                json(&saved);
            } else if saved.changed == 0 {
                println!(
                    "未变化 unchanged: {} {} {}（与已有记录相同 same as stored）",
                    c.name, input.month, input.category
                );
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
        RecordCmd::Delete {
            cell,
            month,
            category,
        } => {
            let c = cells::find(l.conn(), &cell)?;
            cells::records::delete(l, c.id, &month, &category)?;
            if j {
                json(&serde_json::json!({ "deleted": 1 }));
            } else {
                println!(
                    "已删除 deleted: {} {} {}",
                    c.name,
                    month.trim(),
                    category.trim()
                );
            }
        }
        RecordCmd::List {
            cell,
            from,
            to,
            export,
        } => {
            let spec = || zwl::export::ListSpec::Records {
                cell: cell.clone(),
                from: from.clone(),
                to: to.clone(),
            };
            if export.run(l, spec, j)? {
                return Ok(());
            }
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
    if !c.street.is_empty() || c.street_code.is_some() {
        println!("街道/乡镇      {} {}", c.street, opt(&c.street_code));
    }
    if !c.community.is_empty() || c.community_code.is_some() {
        println!("社区/村        {} {}", c.community, opt(&c.community_code));
    }
    if let (Some(a), Some(n)) = (&c.report_area, &c.report_area_name) {
        println!("报送区域       {n}（{a}）");
    }
    if let Some(r) = &c.uscc_shared_reason {
        println!("共用代码理由   {r}");
    }
    println!("状态           {}", c.status.label_zh());
    if let Some(d) = &c.certified_on {
        let batch = c
            .naming_batch
            .map(|b| format!("第 {b} 批，"))
            .unwrap_or_default();
        println!(
            "命名           {batch}{}{d}，有效期至 {}",
            c.naming_doc
                .as_ref()
                .filter(|s| !s.is_empty())
                .map(|s| format!("{s}，"))
                .unwrap_or_default(),
            opt(&c.expires_on)
        );
    }
    print_warnings(&c.warnings);
}

/// Prints structure warnings of a saved code: they never block a save.
pub fn print_warnings(w: &[zwl::FieldError]) {
    for f in w {
        println!(
            "提示 warning：{}（{}）：{} / {}",
            zwl::error::field_label_zh(&f.field),
            f.field,
            f.message_zh,
            f.message_en
        );
    }
}

//! `zwl agri`: agricultural waste — townships and villages, recovery points, the recovery
//! ledger, outbound and stock, the basis of the rates (usage), rates, straw and manure.

use std::path::PathBuf;

use anyhow::Result;
use clap::Subcommand;
use zwl::agri::{self, basis, entries, import, kinds, outbound, places, points, rates};
use zwl::export::ListSpec;
use zwl::units::{format_kg, format_million};
use zwl::Ledger;

pub use super::agri_subcmds::{EntryCmd, KindCmd, OutboundCmd, PlaceCmd, PointCmd, UsageCmd};
use super::output::{imported, json, table};

// Parsed once per run: the size of a variant does not matter.
#[allow(clippy::large_enum_variant)]
#[derive(Subcommand, Debug)]
pub enum AgriCmd {
    /// Townships and villages (乡镇/村) of the districts.
    #[command(subcommand, alias = "village")]
    Place(PlaceCmd),
    /// Containers, materials, film kinds, crops (草谷比, 可收集系数) and livestock (排泄系数).
    #[command(subcommand)]
    Kind(KindCmd),
    /// Recovery points (回收站点).
    #[command(subcommand)]
    Point(PointCmd),
    /// The recovery ledger (回收台账): hand-ins.
    #[command(subcommand)]
    Entry(EntryCmd),
    /// Outbound (出库) of recovered material.
    #[command(subcommand)]
    Outbound(OutboundCmd),
    /// Stock per point and stream (received − sent).
    Stock {
        /// One district only.
        #[arg(long, default_value = "")]
        district: String,
        #[command(flatten)]
        export: super::export_cmds::ExportArgs,
    },
    /// The basis of the rates: pesticide sold by dealers, film used.
    #[command(subcommand)]
    Usage(UsageCmd),
    /// Straw (秸秆) by township and season, and its utilisation rate.
    #[command(subcommand)]
    Straw(super::agri_uses::StrawCmd),
    /// Livestock manure (畜禽粪污) by farm or township, and its utilisation rate.
    #[command(subcommand)]
    Manure(super::agri_uses::ManureCmd),
    /// Film and packaging recovery rates and coverage, with formulas.
    Rates {
        /// district, township or point.
        #[arg(long, default_value = "township")]
        by: String,
        /// A calendar year (instead of --from and --to).
        #[arg(long)]
        year: Option<i32>,
        /// First date (YYYY-MM-DD).
        #[arg(long, default_value = "")]
        from: String,
        /// Last date (YYYY-MM-DD).
        #[arg(long, default_value = "")]
        to: String,
        /// One district only.
        #[arg(long, default_value = "")]
        district: String,
        #[command(flatten)]
        export: super::export_cmds::ExportArgs,
    },
    /// Import ledger entries from CSV (all or nothing; every bad row and field listed).
    Import {
        /// The file.
        file: PathBuf,
    },
}

pub(super) fn pct(v: Option<f64>) -> String {
    v.map(|x| format!("{x:.1}%")).unwrap_or("—".into())
}

pub(super) fn warn(w: &[zwl::FieldError]) {
    for f in w {
        eprintln!("提示 [{}]：{} / {}", f.code, f.message_zh, f.message_en);
    }
}

/// Runs one command.
pub fn run(l: &mut Ledger, c: AgriCmd, j: bool) -> Result<()> {
    match c {
        AgriCmd::Place(c) => place(l, c, j)?,
        AgriCmd::Kind(KindCmd::List { domain }) => {
            let k = kinds::list(l.conn(), &domain)?;
            if j {
                json(&k);
            } else {
                let rows: Vec<Vec<String>> = k
                    .iter()
                    .map(|k| {
                        let f = |m: Option<i64>| m.map(agri::show_milli).unwrap_or_default();
                        vec![
                            k.domain.clone(),
                            k.key.clone(),
                            k.name_zh.clone(),
                            k.recyclable
                                .map(|r| if r { "可回收" } else { "不可回收" }.to_string())
                                .unwrap_or_default(),
                            f(k.ratio_milli),
                            f(k.collect_milli),
                            f(k.dung_g_day),
                            f(k.water_g_day),
                            k.days.map(|d| d.to_string()).unwrap_or_default(),
                            k.source.clone(),
                        ]
                    })
                    .collect();
                table(
                    &[
                        "类别",
                        "键",
                        "名称",
                        "可回收",
                        "草谷比",
                        "可收集系数",
                        "日粪便kg",
                        "日污水kg",
                        "周期天",
                        "来源",
                    ],
                    &rows,
                );
            }
        }
        AgriCmd::Kind(KindCmd::Set(a)) => {
            let k = l.write(|w| kinds::put(w, &(*a).into()))?;
            if j {
                json(&k);
            } else {
                println!("已保存 {} {}（{}）", k.domain, k.key, k.name_zh);
            }
        }
        AgriCmd::Point(PointCmd::Add(a)) => {
            let p = l.write(|w| points::add(w, &(*a).into()))?;
            if j {
                json(&p);
            } else {
                println!("已登记回收站点 {}（{}）", p.name, p.id);
            }
        }
        AgriCmd::Point(PointCmd::List { district }) => {
            let p = points::list(l.conn(), &district)?;
            if j {
                json(&p);
            } else {
                let rows: Vec<Vec<String>> = p
                    .iter()
                    .map(|p| {
                        vec![
                            p.name.clone(),
                            p.operator.clone(),
                            p.district.clone(),
                            p.township.clone().unwrap_or_default(),
                            p.village.clone().unwrap_or_default(),
                            p.takes.clone(),
                            format!(
                                "{} – {}",
                                p.active_from,
                                p.active_to.clone().unwrap_or_default()
                            ),
                        ]
                    })
                    .collect();
                table(
                    &[
                        "站点",
                        "运营主体",
                        "区县",
                        "乡镇",
                        "村",
                        "回收品类",
                        "运营期",
                    ],
                    &rows,
                );
            }
        }
        AgriCmd::Entry(c) => entry(l, c, j)?,
        AgriCmd::Outbound(OutboundCmd::Add(a)) => {
            let o = l.write(|w| outbound::add(w, &(*a).into()))?;
            if j {
                json(&o);
            } else {
                println!(
                    "已出库 {} 千克（{}，{}）",
                    format_kg(o.weight_g),
                    o.point,
                    o.receiver
                );
            }
        }
        AgriCmd::Outbound(OutboundCmd::List { point, export }) => {
            if export.run(
                l,
                || ListSpec::AgriOutbound {
                    point: point.clone(),
                },
                j,
            )? {
                return Ok(());
            }
            let o = outbound::list(l.conn(), &point)?;
            if j {
                json(&o);
            } else {
                let rows: Vec<Vec<String>> = o
                    .iter()
                    .map(|o| {
                        vec![
                            o.date.clone(),
                            o.point.clone(),
                            o.stream.clone(),
                            o.destination.clone(),
                            o.receiver.clone(),
                            format_kg(o.weight_g),
                        ]
                    })
                    .collect();
                table(&["日期", "站点", "类别", "去向", "接收单位", "千克"], &rows);
            }
        }
        AgriCmd::Stock { district, export } => {
            if export.run(
                l,
                || ListSpec::AgriStock {
                    district: district.clone(),
                },
                j,
            )? {
                return Ok(());
            }
            let s = outbound::stock(l.conn(), &district)?;
            if j {
                json(&s);
            } else {
                let rows: Vec<Vec<String>> = s
                    .iter()
                    .map(|s| {
                        vec![
                            s.point.clone(),
                            s.stream.clone(),
                            format_kg(s.received_g),
                            format_kg(s.sent_g),
                            format_kg(s.stock_g),
                        ]
                    })
                    .collect();
                table(&["站点", "类别", "回收千克", "出库千克", "库存千克"], &rows);
            }
        }
        AgriCmd::Usage(c) => {
            let id = match c {
                UsageCmd::Sale(a) => l.write(|w| basis::add_sale(w, &a.sale()))?,
                UsageCmd::Film(a) => l.write(|w| basis::add_film_use(w, &a.film_use()))?,
            };
            if j {
                json(&serde_json::json!({ "id": id }));
            } else {
                println!("已记录 {id}");
            }
        }
        AgriCmd::Straw(c) => super::agri_uses::straw(l, c, j)?,
        AgriCmd::Manure(c) => super::agri_uses::manure(l, c, j)?,
        AgriCmd::Rates {
            by,
            year,
            from,
            to,
            district,
            export,
        } => {
            let (from, to) = match year {
                Some(y) => (format!("{y}-01-01"), format!("{y}-12-31")),
                None => (from, to),
            };
            let query = rates::RatesQuery {
                by,
                from,
                to,
                district,
            };
            let spec = || ListSpec::AgriRates {
                query: query.clone(),
            };
            if export.run(l, spec, j)? {
                return Ok(());
            }
            let r = rates::rates(l.conn(), &query)?;
            if j {
                json(&r);
            } else {
                // Districts by name, as the window shows them (the rows carry the code).
                let names: std::collections::HashMap<String, String> =
                    zwl::profile::districts(l.conn())?
                        .into_iter()
                        .map(|d| (d.code, d.name))
                        .collect();
                let rows: Vec<Vec<String>> = r
                    .rows
                    .iter()
                    .map(|x| {
                        vec![
                            names.get(&x.district).unwrap_or(&x.district).clone(),
                            x.name.clone(),
                            format_million(x.film_recovered_g),
                            x.film_used_g.map(format_million).unwrap_or_default(),
                            pct(x.film_rate),
                            format_million(x.pkg_recovered_g),
                            x.pkg_recovered_count.to_string(),
                            x.pkg_generated
                                .map(|g| {
                                    if r.estimate.rule == "count" {
                                        g.to_string()
                                    } else {
                                        format_million(g)
                                    }
                                })
                                .unwrap_or_default(),
                            pct(x.pkg_rate),
                            format!(
                                "{}/{}",
                                x.villages_covered.unwrap_or(0),
                                x.villages.unwrap_or(0)
                            ),
                            pct(x.coverage),
                        ]
                    })
                    .collect();
                table(
                    &[
                        "区县",
                        "乡镇/站点",
                        "农膜回收吨",
                        "农膜使用吨",
                        "农膜回收率",
                        "包装回收吨",
                        "包装件数",
                        "估算产生量",
                        "包装回收率",
                        "覆盖村",
                        "覆盖率",
                    ],
                    &rows,
                );
                for x in &r.rows {
                    warn(&x.warnings);
                }
                for (zh, _) in &r.formulas {
                    println!("{zh}");
                }
            }
        }
        AgriCmd::Import { file } => {
            let text = zwl::csv_file::read_text(&file)?;
            let r = import::import(l, &text)?;
            imported(&r, "条回收台账", "ledger entries", j);
        }
    }
    Ok(())
}

fn place(l: &mut Ledger, c: PlaceCmd, j: bool) -> Result<()> {
    match c {
        PlaceCmd::Add {
            district,
            township,
            name,
            code,
        } => {
            let p = l.write(|w| {
                places::add(
                    w,
                    &places::PlaceDraft {
                        district,
                        township,
                        name,
                        code,
                    },
                )
            })?;
            if j {
                json(&p);
            } else {
                println!("已添加 {}", p.name);
            }
        }
        PlaceCmd::List { district } => {
            let p = places::list(l.conn(), &district)?;
            if j {
                json(&p);
            } else {
                let rows: Vec<Vec<String>> = p
                    .iter()
                    .map(|p| {
                        vec![
                            p.district.clone(),
                            p.township_name.clone().unwrap_or_else(|| p.name.clone()),
                            if p.township.is_some() {
                                p.name.clone()
                            } else {
                                String::new()
                            },
                            p.code.clone().unwrap_or_default(),
                        ]
                    })
                    .collect();
                table(&["区县", "乡镇", "村", "代码"], &rows);
            }
        }
        PlaceCmd::Import { file } => {
            let text = zwl::csv_file::read_text(&file)?;
            let r = places::import(l, &text)?;
            imported(&r, "个乡镇/村", "townships and villages", j);
        }
    }
    Ok(())
}

fn entry(l: &mut Ledger, c: EntryCmd, j: bool) -> Result<()> {
    match c {
        EntryCmd::Add(a) => {
            let e = l.write(|w| entries::add(w, &(*a).into()))?;
            if j {
                json(&e);
            } else {
                println!(
                    "已记录 {} 千克（{}，{}）",
                    format_kg(e.weight_g),
                    e.point,
                    e.id
                );
            }
        }
        EntryCmd::List {
            point,
            from,
            to,
            page,
            export,
        } => {
            let filter = entries::EntryFilter {
                point,
                from,
                to,
                page,
            };
            let spec = || ListSpec::AgriEntries {
                filter: filter.clone(),
            };
            if export.run(l, spec, j)? {
                return Ok(());
            }
            let e = entries::list(l.conn(), &filter)?;
            if j {
                json(&e);
            } else {
                let rows: Vec<Vec<String>> = e
                    .iter()
                    .map(|e| {
                        vec![
                            e.date.clone(),
                            e.point.clone(),
                            e.stream.clone(),
                            e.material
                                .clone()
                                .or(e.film_kind.clone())
                                .unwrap_or_default(),
                            e.count.to_string(),
                            format_kg(e.weight_g),
                            e.giver_name.clone(),
                            e.id.to_string(),
                        ]
                    })
                    .collect();
                table(
                    &[
                        "日期",
                        "站点",
                        "类别",
                        "材质/种类",
                        "件数",
                        "千克",
                        "交回人",
                        "编号",
                    ],
                    &rows,
                );
            }
        }
        EntryCmd::Revise { id, reason, entry } => {
            let id = id.parse().map_err(|_| zwl::Error::NotFound {
                what: "entry",
                key: id.clone(),
            })?;
            let e = l.write(|w| entries::revise(w, &id, &entry.into(), &reason))?;
            if j {
                json(&e);
            } else {
                println!("已更正 {}", e.id);
            }
        }
        EntryCmd::Delete { id, reason } => {
            let id = id.parse().map_err(|_| zwl::Error::NotFound {
                what: "entry",
                key: id.clone(),
            })?;
            l.write(|w| entries::delete(w, &id, &reason))?;
            if j {
                json(&serde_json::json!({ "deleted": id }));
            } else {
                println!("已删除 {id}");
            }
        }
    }
    Ok(())
}

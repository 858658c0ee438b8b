//! `zwl cw` commands of resource use and supervision: the categories a facility accepts,
//! sites' declarations of generation, facility input per product line, the two resource-use
//! rates and the supervision figures.

use anyhow::Result;
use clap::Subcommand;
use zwl::construction::resource_use::{self, declarations, outputs};
use zwl::construction::{facilities, supervision};
use zwl::units::format_million;
use zwl::Ledger;

use super::output::{json, table};

#[derive(Subcommand, Debug)]
pub enum UseCmd {
    /// Show a facility's kind and the categories it accepts (every facility without a name),
    /// or change them.
    Accepts {
        /// Facility (id or name).
        facility: Option<String>,
        /// New kind: disposal, recycling, transfer, backfill, restoration (or 消纳, 资源化利用,
        /// 中转/分拣, 回填, 生态修复).
        #[arg(long, default_value = "")]
        kind: String,
        /// Accepted categories, comma-separated (keys or Chinese names).
        #[arg(long)]
        set: Option<String>,
        /// Back to the kind's default categories.
        #[arg(long)]
        default: bool,
    },
    /// Record what a site generated in a month (one category), with what it reused on site
    /// and sent directly to another site (土方平衡).
    Declare {
        /// Site (id or name).
        site: String,
        /// Month (YYYY-MM).
        #[arg(long)]
        month: String,
        /// Category (工程渣土 … or soil …).
        #[arg(long)]
        category: String,
        /// t (default) or m3.
        #[arg(long, default_value = "t")]
        unit: String,
        /// Generated.
        #[arg(long)]
        generated: String,
        /// Reused on the site.
        #[arg(long, default_value = "")]
        reused: String,
        /// Sent directly to another site (土方平衡).
        #[arg(long, default_value = "")]
        balanced: String,
    },
    /// List sites' declarations.
    Declarations {
        /// One site only.
        #[arg(long, default_value = "")]
        site: String,
        /// First month.
        #[arg(long)]
        from: String,
        /// Last month.
        #[arg(long)]
        to: String,
    },
    /// List facilities' input per product line.
    Outputs {
        /// One facility only.
        #[arg(long, default_value = "")]
        facility: String,
        /// First month.
        #[arg(long)]
        from: String,
        /// Last month.
        #[arg(long)]
        to: String,
    },
    /// Supervision figures: 联单闭环率, 联单覆盖率, overdue, discrepancy, refused and overload
    /// counts by transporter and by site, monthly totals by category and district.
    Supervision {
        /// First month (YYYY-MM).
        #[arg(long)]
        from: String,
        /// Last month (YYYY-MM).
        #[arg(long)]
        to: String,
    },
}

fn pct(v: Option<f64>) -> String {
    v.map(|x| format!("{x:.1}%")).unwrap_or("—".into())
}

fn cat_zh(k: &str) -> &str {
    zwl::construction::manifests::CATEGORIES
        .iter()
        .find(|c| c.0 == k)
        .map(|c| c.1)
        .unwrap_or(k)
}

fn print_facility(f: &facilities::FacilityUse) {
    let cats: Vec<&str> = f.accepts.iter().map(|c| cat_zh(c)).collect();
    println!(
        "{}  {}（{}）  接收：{}{}",
        f.name,
        f.kind_zh,
        f.kind,
        cats.join("、"),
        if f.default_accepts {
            "（类型默认）"
        } else {
            ""
        }
    );
}

/// Runs one command.
pub fn run(l: &mut Ledger, c: UseCmd, j: bool) -> Result<()> {
    match c {
        UseCmd::Accepts { facility: None, .. } => {
            let fs = facilities::list(l.conn())?;
            if j {
                json(&fs);
            } else {
                fs.iter().for_each(print_facility);
            }
        }
        UseCmd::Accepts {
            facility: Some(f),
            kind,
            set,
            default,
        } => {
            let r = if set.is_some() || default || !kind.is_empty() {
                let current = facilities::get(l.conn(), &f)?;
                let acc = match (&set, default) {
                    (Some(s), _) => s.clone(),
                    (None, true) => String::new(),
                    (None, false) if current.default_accepts => String::new(),
                    (None, false) => current.accepts.join(","),
                };
                facilities::set(l, &f, &kind, &acc)?
            } else {
                facilities::get(l.conn(), &f)?
            };
            if j {
                json(&r);
            } else {
                print_facility(&r);
            }
        }
        UseCmd::Declare {
            site,
            month,
            category,
            unit,
            generated,
            reused,
            balanced,
        } => {
            let d = declarations::declare(
                l,
                &declarations::DeclarationDraft {
                    site,
                    month,
                    category,
                    unit,
                    generated,
                    reused,
                    balanced,
                },
            )?;
            if j {
                json(&d);
            } else {
                println!(
                    "已申报 declared: {} {} {} 产生 {} 吨，现场利用 {} 吨，土方平衡 {} 吨",
                    d.site,
                    d.month,
                    cat_zh(&d.category),
                    format_million(d.generated_g),
                    format_million(d.reused_g),
                    format_million(d.balanced_g)
                );
            }
        }
        UseCmd::Declarations { site, from, to } => {
            let ds = declarations::list(l.conn(), Some(&site), &from, &to)?;
            if j {
                json(&ds);
            } else {
                let rows: Vec<Vec<String>> = ds
                    .iter()
                    .map(|d| {
                        vec![
                            d.month.clone(),
                            d.site.clone(),
                            cat_zh(&d.category).into(),
                            format_million(d.generated_g),
                            format_million(d.reused_g),
                            format_million(d.balanced_g),
                            d.density_kg_m3
                                .map(|k| format!("{} t/m³", k as f64 / 1000.0))
                                .unwrap_or_default(),
                        ]
                    })
                    .collect();
                table(
                    &[
                        "月份",
                        "工地",
                        "类别",
                        "产生(吨)",
                        "现场利用(吨)",
                        "土方平衡(吨)",
                        "密度",
                    ],
                    &rows,
                );
            }
        }
        UseCmd::Outputs { facility, from, to } => {
            let os = outputs::list(l.conn(), Some(&facility), &from, &to)?;
            if j {
                json(&os);
            } else {
                let rows: Vec<Vec<String>> = os
                    .iter()
                    .map(|o| {
                        vec![
                            o.month.clone(),
                            o.facility.clone(),
                            resource_use::PRODUCTS
                                .iter()
                                .find(|p| p.0 == o.product)
                                .map(|p| p.1.to_string())
                                .unwrap_or(o.product.clone()),
                            format_million(o.input_g),
                            o.product_g.map(format_million).unwrap_or_default(),
                            match o.note.as_str() {
                                "v2_mass" => "由产品量折算（投入 = 产品量）".into(),
                                "v2_mass_85" => "由产品量折算（投入 = 产品量 × 85%）".into(),
                                n => n.to_string(),
                            },
                        ]
                    })
                    .collect();
                table(
                    &[
                        "月份",
                        "设施",
                        "产品线",
                        "投入建筑垃圾(吨)",
                        "产品量(吨)",
                        "说明",
                    ],
                    &rows,
                );
            }
        }
        UseCmd::Supervision { from, to } => {
            let s = supervision::supervision(l.conn(), &from, &to)?;
            if j {
                json(&s);
            } else {
                print_supervision(&s);
            }
        }
    }
    Ok(())
}

fn print_supervision(s: &supervision::Supervision) {
    println!("建筑垃圾运输监管指标 {} 至 {}", s.from, s.to);
    println!(
        "联单闭环率 {}（已关闭 {} ÷ 已出车 {}）",
        pct(s.total.closure_rate),
        s.total.closed,
        s.total.dispatched
    );
    println!("  公式：{}", s.closure_formula_zh);
    println!(
        "联单覆盖率 {}（联单量 {:.3} 吨 ÷ 申报应运出量 {:.3} 吨，{} 个工地·月）",
        pct(s.coverage_rate),
        s.manifested_t,
        s.declared_outflow_t,
        s.declared_site_months
    );
    println!("  公式：{}", s.coverage_formula_zh);
    let counts = |title: &str, rows: &[supervision::LoadCounts]| {
        println!("{title}");
        let rows: Vec<Vec<String>> = rows
            .iter()
            .chain(std::iter::once(&s.total))
            .map(|c| {
                vec![
                    if c.key.is_empty() && c.name.is_empty() {
                        "合计".into()
                    } else {
                        c.name.clone()
                    },
                    c.dispatched.to_string(),
                    c.closed.to_string(),
                    pct(c.closure_rate),
                    c.overdue.to_string(),
                    c.discrepancy.to_string(),
                    c.refused.to_string(),
                    c.overload.to_string(),
                ]
            })
            .collect();
        table(
            &["", "出车", "关闭", "闭环率", "超时", "量差", "拒收", "超载"],
            &rows,
        );
    };
    counts("按运输单位", &s.by_transporter);
    counts("按工地", &s.by_site);
    println!("按月份、区划、类别");
    let rows: Vec<Vec<String>> = s
        .monthly
        .iter()
        .map(|m| {
            vec![
                m.month.clone(),
                m.district_name.clone(),
                cat_zh(&m.category).into(),
                m.loads.to_string(),
                format!("{:.3}", m.declared_t),
                format!("{:.3}", m.received_t),
            ]
        })
        .collect();
    table(
        &["月份", "区划", "类别", "车次", "申报(吨)", "接收(吨)"],
        &rows,
    );
    println!(
        "超时时限 {} 小时；量差允许 ±{}%",
        s.overdue_hours, s.tolerance_pct
    );
    if !s.densities.is_empty() {
        let d: Vec<String> = s
            .densities
            .iter()
            .map(|(k, v)| format!("{} {v}", cat_zh(k)))
            .collect();
        println!(
            "未冻结密度的立方米联单按设置折算（吨/立方米）：{}",
            d.join("，")
        );
    }
}

/// `zwl cw rate`: the two rates by district, site or facility.
pub fn rate(l: &Ledger, by: &str, from: &str, to: &str, j: bool) -> Result<()> {
    let r = resource_use::rate(l.conn(), by, from, to)?;
    if j {
        json(&r);
        return Ok(());
    }
    let t = |v: f64| format!("{v:.3}");
    let rows: Vec<Vec<String>> = r
        .rows
        .iter()
        .chain(std::iter::once(&r.total))
        .map(|x| {
            vec![
                x.name.clone(),
                t(x.generated_t),
                if x.intake_fallback_t > 0.0 {
                    t(x.intake_fallback_t)
                } else {
                    String::new()
                },
                t(x.intake_t),
                t(x.building_material_t),
                t(x.backfill_t + x.restoration_t + x.reused_on_site_t + x.balanced_t),
                pct(x.resource_rate),
                pct(x.comprehensive_rate),
            ]
        })
        .collect();
    println!("建筑垃圾资源化利用率与综合利用率 {} 至 {}", r.from, r.to);
    table(
        &[
            "",
            "产生量(吨)",
            "其中接收量代替",
            "设施接收量(吨)",
            "资源化利用量(吨)",
            "回填/修复/现场/土方平衡(吨)",
            "资源化利用率",
            "综合利用率",
        ],
        &rows,
    );
    println!("产生量口径：{}", r.basis_zh);
    println!("资源化利用率公式：{}", r.resource_formula_zh);
    println!("综合利用率公式：{}", r.comprehensive_formula_zh);
    if r.densities.is_empty() {
        println!("密度：未使用（申报均以吨计；设施接收量为过磅吨数）");
    } else {
        let d: Vec<String> = r
            .densities
            .iter()
            .map(|(k, v)| format!("{} {v}", cat_zh(k)))
            .collect();
        println!("申报折算密度（吨/立方米）：{}", d.join("，"));
    }
    Ok(())
}

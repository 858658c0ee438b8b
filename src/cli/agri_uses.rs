//! `zwl agri straw` and `zwl agri manure`: a season's straw and a year's manure by township or
//! farm, and their utilisation rates with the factors and formulas.

use anyhow::Result;
use clap::Subcommand;
use zwl::agri::{self, manure, straw};
use zwl::units::format_million;
use zwl::Ledger;

use super::agri::{pct, warn};
use super::agri_args::{ManureArgs, StrawArgs};
use super::output::{json, table};

#[derive(Subcommand, Debug)]
pub enum StrawCmd {
    /// Record (or replace) a season's straw.
    Put(Box<StrawArgs>),
    /// List straw rows.
    List {
        /// One district only.
        #[arg(long, default_value = "")]
        district: String,
        /// One year only.
        #[arg(long, default_value_t = 0)]
        year: i64,
    },
    /// The utilisation rate vs the target.
    Rates {
        /// Year.
        #[arg(long)]
        year: i64,
        /// One district only.
        #[arg(long, default_value = "")]
        district: String,
        /// district or township.
        #[arg(long, default_value = "township")]
        by: String,
    },
}

#[derive(Subcommand, Debug)]
pub enum ManureCmd {
    /// Record (or replace) a farm's or township's year.
    Put(Box<ManureArgs>),
    /// List manure rows.
    List {
        /// One district only.
        #[arg(long, default_value = "")]
        district: String,
        /// One year only.
        #[arg(long, default_value_t = 0)]
        year: i64,
    },
    /// The utilisation rate.
    Rates {
        /// Year.
        #[arg(long)]
        year: i64,
        /// One district only.
        #[arg(long, default_value = "")]
        district: String,
        /// district or township.
        #[arg(long, default_value = "township")]
        by: String,
    },
}

pub fn straw(l: &mut Ledger, c: StrawCmd, j: bool) -> Result<()> {
    match c {
        StrawCmd::Put(a) => {
            let (row, w) = l.write(|w| straw::put(w, &(*a).into()))?;
            if j {
                json(&serde_json::json!({ "row": row, "warnings": w }));
            } else {
                println!(
                    "已保存：可收集量 {} 吨，利用量 {} 吨",
                    format_million(row.collectable_g),
                    format_million(row.utilised_g)
                );
                warn(&w);
            }
        }
        StrawCmd::List { district, year } => {
            let s = straw::list(l.conn(), &district, year)?;
            if j {
                json(&s);
            } else {
                let rows: Vec<Vec<String>> = s
                    .iter()
                    .map(|s| {
                        vec![
                            s.district.clone(),
                            s.township.clone().unwrap_or_default(),
                            format!("{} {}", s.year, s.season),
                            s.crop.clone(),
                            format_million(s.output_g),
                            agri::show_milli(s.ratio_milli),
                            agri::show_milli(s.collect_milli),
                            format_million(s.collectable_g),
                            format_million(s.utilised_g),
                        ]
                    })
                    .collect();
                table(
                    &[
                        "区县",
                        "乡镇",
                        "季",
                        "作物",
                        "产量吨",
                        "草谷比",
                        "可收集系数",
                        "可收集吨",
                        "利用吨",
                    ],
                    &rows,
                );
            }
        }
        StrawCmd::Rates { year, district, by } => {
            let r = straw::rates(l.conn(), &district, year, by != "district")?;
            if j {
                json(&r);
            } else {
                let rows: Vec<Vec<String>> = r
                    .iter()
                    .map(|x| {
                        let f: Vec<String> = x
                            .factors
                            .iter()
                            .map(|(c, a, b)| format!("{c} {a}×{b}"))
                            .collect();
                        vec![
                            x.district.clone(),
                            x.township.clone(),
                            format_million(x.collectable_g),
                            format_million(x.utilised_g),
                            pct(x.rate),
                            format!("{}%{}", x.target, if x.meets_target { " ✓" } else { "" }),
                            f.join("；"),
                        ]
                    })
                    .collect();
                table(
                    &[
                        "区县",
                        "乡镇",
                        "可收集吨",
                        "利用吨",
                        "利用率",
                        "目标",
                        "草谷比×可收集系数",
                    ],
                    &rows,
                );
                if let Some(x) = r.first() {
                    println!("{}", x.formula.0);
                }
            }
        }
    }
    Ok(())
}

pub fn manure(l: &mut Ledger, c: ManureCmd, j: bool) -> Result<()> {
    match c {
        ManureCmd::Put(a) => {
            let (row, w) = l.write(|w| manure::put(w, &(*a).into()))?;
            if j {
                json(&serde_json::json!({ "row": row, "warnings": w }));
            } else {
                println!(
                    "已保存：产生量 {} 吨，利用量 {} 吨，利用率 {}",
                    format_million(row.generated_g),
                    format_million(row.utilised_g),
                    pct(row.rate)
                );
                warn(&w);
            }
        }
        ManureCmd::List { district, year } => {
            let m = manure::list(l.conn(), &district, year)?;
            if j {
                json(&m);
            } else {
                let rows: Vec<Vec<String>> = m
                    .iter()
                    .map(|m| {
                        vec![
                            m.district.clone(),
                            m.township.clone().unwrap_or_default(),
                            m.farm.clone(),
                            m.year.to_string(),
                            m.livestock.clone(),
                            m.heads.to_string(),
                            format_million(m.generated_g),
                            format_million(m.utilised_g),
                            pct(m.rate),
                        ]
                    })
                    .collect();
                table(
                    &[
                        "区县",
                        "乡镇",
                        "养殖场",
                        "年",
                        "畜种",
                        "头数",
                        "产生吨",
                        "利用吨",
                        "利用率",
                    ],
                    &rows,
                );
            }
        }
        ManureCmd::Rates { year, district, by } => {
            let r = manure::rates(l.conn(), &district, year, by != "district")?;
            if j {
                json(&r);
            } else {
                let rows: Vec<Vec<String>> = r
                    .iter()
                    .map(|x| {
                        vec![
                            x.district.clone(),
                            x.township.clone(),
                            format_million(x.generated_g),
                            format_million(x.utilised_g),
                            pct(x.rate),
                        ]
                    })
                    .collect();
                table(&["区县", "乡镇", "产生吨", "利用吨", "利用率"], &rows);
                println!("{}", manure::formula().0);
            }
        }
    }
    Ok(())
}

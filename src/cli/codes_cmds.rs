//! `zwl area` (reporting areas).

use anyhow::Result;
use clap::Subcommand;
use zwl::{areas, Ledger};

use super::output::{json, table};

#[derive(Subcommand, Debug)]
pub enum AreaCmd {
    /// The reporting areas with their districts (市本级 first).
    List {
        #[command(flatten)]
        export: super::export_cmds::ExportArgs,
    },
    /// Add a reporting area with a local code, or rename one.
    Put {
        /// Local code: 2–12 capital letters, digits or "-" (never 6 digits), e.g. CCXQ.
        code: String,
        /// Name, e.g. 长春新区.
        name: String,
        /// English name, e.g. "Changchun New Area" (shown in the window's English mode);
        /// "" removes it, absent leaves it as it is.
        #[arg(long = "en")]
        name_en: Option<String>,
    },
    /// Group districts into an area (moving them out of any other).
    Group {
        /// Area code or name.
        area: String,
        /// Division codes or names.
        #[arg(required = true)]
        districts: Vec<String>,
    },
    /// Take districts out of their area.
    Ungroup {
        /// Division codes or names.
        #[arg(required = true)]
        districts: Vec<String>,
    },
}

pub fn area(l: &mut Ledger, c: AreaCmd, j: bool) -> Result<()> {
    match c {
        AreaCmd::List { export } => {
            if export.run(l, || zwl::export::ListSpec::Areas, j)? {
                return Ok(());
            }
            let a = areas::list(l.conn())?;
            if j {
                json(&a);
            } else {
                let rows: Vec<Vec<String>> = a
                    .iter()
                    .map(|a| {
                        vec![
                            a.code.clone(),
                            a.name.clone(),
                            a.name_en.clone().unwrap_or_default(),
                            a.districts.join("、"),
                        ]
                    })
                    .collect();
                table(
                    &[
                        "代码 code",
                        "名称 name",
                        "英文名 English",
                        "所辖区划 districts",
                    ],
                    &rows,
                );
            }
        }
        AreaCmd::Put {
            code,
            name,
            name_en,
        } => {
            l.write(|w| areas::put_named(w, &code, &name, name_en.as_deref()))?;
            if !j {
                println!(
                    "已保存 saved: {} {}",
                    code.trim().to_uppercase(),
                    name.trim()
                );
            }
        }
        AreaCmd::Group { area, districts } => {
            l.write(|w| areas::group(w, &area, &districts))?;
            if !j {
                println!("已归入 grouped into {area}: {}", districts.join("、"));
            }
        }
        AreaCmd::Ungroup { districts } => {
            l.write(|w| areas::ungroup(w, &districts))?;
            if !j {
                println!("已移出 ungrouped: {}", districts.join("、"));
            }
        }
    }
    Ok(())
}

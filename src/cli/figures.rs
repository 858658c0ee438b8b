//! `zwl cell figure` (a cell's activity figures per year) and how `zwl rates` prints a cell's
//! figures: household rates, and reduction per stream with the months compared and missing.

use anyhow::Result;
use clap::Subcommand;
use zwl::cells::{self, activity::FigureInput, rates::CellRates};
use zwl::units::format_kg;
use zwl::Ledger;

use super::output::{json, table};

#[derive(Subcommand, Debug)]
pub enum FigureCmd {
    /// A cell's activity figures.
    List {
        /// Cell id, USCC or exact name.
        cell: String,
    },
    /// Set the figure of a year (an empty --value removes it).
    Set {
        /// Cell id, USCC or exact name.
        cell: String,
        /// Year.
        #[arg(long)]
        year: String,
        /// people, households, teachers_pupils, diners, beds, output_value, product_tonnes
        /// (or 人数, 户数, 师生人数, 就餐人数, 床位数, 工业总产值, 产品产量).
        #[arg(long)]
        figure: String,
        /// Value in the figure's unit (人, 户, 万元, 吨 …).
        #[arg(long, default_value = "")]
        value: String,
        /// Where the figure comes from (人事报表, 物业台账, 统计年报 …).
        #[arg(long, default_value = "")]
        source: String,
    },
    /// The kinds of activity figure and their units.
    Kinds,
}

pub fn figure(l: &mut Ledger, c: FigureCmd, j: bool) -> Result<()> {
    match c {
        FigureCmd::List { cell } => {
            let c = cells::find(l.conn(), &cell)?;
            let f = cells::activity::figures(l.conn(), c.id)?;
            if j {
                json(&f);
            } else {
                print_figures(&f);
            }
        }
        FigureCmd::Set {
            cell,
            year,
            figure,
            value,
            source,
        } => {
            let c = cells::find(l.conn(), &cell)?;
            let input = FigureInput {
                year,
                figure,
                value,
                source,
            };
            let n = cells::activity::save(l, c.id, std::slice::from_ref(&input))?;
            let f = cells::activity::figures(l.conn(), c.id)?;
            if j {
                json(&serde_json::json!({ "changed": n, "figures": f }));
            } else {
                println!("已保存 saved: {} {} {}", c.name, input.year, input.figure);
            }
        }
        FigureCmd::Kinds => {
            let k = cells::categories::activity_kinds(l.conn())?;
            if j {
                json(&k);
            } else {
                let rows: Vec<Vec<String>> = k
                    .iter()
                    .map(|k| {
                        vec![
                            k.key.clone(),
                            k.name_zh.clone(),
                            k.unit_zh.clone(),
                            if k.per_day { "是" } else { "否" }.into(),
                        ]
                    })
                    .collect();
                table(&["键 key", "名称", "单位", "按日"], &rows);
            }
        }
    }
    Ok(())
}

pub fn print_figures(f: &[cells::activity::ActivityFigure]) {
    if f.is_empty() {
        println!("活动数据       —（未录入 none）");
        return;
    }
    let rows: Vec<Vec<String>> = f
        .iter()
        .map(|f| {
            vec![
                f.year.to_string(),
                f.name_zh.clone(),
                format!("{} {}", f.value, f.unit),
                f.source.clone(),
            ]
        })
        .collect();
    table(&["年份", "活动数据", "数值", "来源"], &rows);
}

pub fn print_sizes(l: &Ledger, sizes: &[cells::activity::ContainerSize]) -> Result<()> {
    let cats = cells::categories::categories(l.conn())?;
    let rows: Vec<Vec<String>> = sizes
        .iter()
        .map(|s| {
            let name = cats
                .iter()
                .find(|c| c.key == s.category)
                .map(|c| c.name_zh.clone())
                .unwrap_or_default();
            vec![
                name,
                s.container_g
                    .map(|g| cells::categories::container_label(&s.container, g, true))
                    .unwrap_or_else(|| "—".into()),
                if s.own { "本细胞" } else { "类别默认" }.into(),
            ]
        })
        .collect();
    table(&["类别", "每桶（袋）", "来自"], &rows);
    Ok(())
}

fn pct(v: Option<f64>) -> String {
    v.map(|x| format!("{x:.1}%")).unwrap_or_else(|| "—".into())
}

fn num(v: Option<f64>, digits: usize) -> String {
    v.map(|x| format!("{x:.digits$}"))
        .unwrap_or_else(|| "—".into())
}

pub fn print_rates(c: &cells::Cell, r: &CellRates) {
    println!("{} {} 至 {}", c.name, r.from, r.to);
    let h = &r.household;
    let rows: Vec<Vec<String>> = r
        .months
        .iter()
        .map(|m| {
            vec![
                m.month.clone(),
                format_kg(m.household_generated_g),
                format_kg(m.household_recovered_g),
                pct(m.recycling_rate),
            ]
        })
        .collect();
    table(
        &["月份", "生活垃圾产生kg", "回收利用kg", "回收利用率"],
        &rows,
    );
    if !h.months_missing.is_empty() {
        println!("  生活垃圾缺少记录的月份：{}", h.months_missing.join("、"));
    }
    println!(
        "生活垃圾回收利用率 {}（目标 {}%）",
        pct(h.recycling_rate),
        h.recycling_target_pct
    );
    println!("  公式：{}", h.recycling_formula_zh);
    for w in &h.warnings {
        println!(
            "  注意：{} {} 的回收利用/堆肥量 {} kg 不计入回收利用率",
            w.month,
            w.name_zh,
            format_kg(w.recovered_g)
        );
    }
    println!(
        "生活垃圾资源化利用率 {}（目标 {}%）",
        pct(h.resource_rate),
        h.resource_target_pct
    );
    println!("  公式：{}", h.resource_formula_zh);
    match r.reduction_note.as_deref() {
        Some("no_baseline") => println!("减量化：未设基准年"),
        Some(_) => println!("减量化：基准年不早于本期"),
        None if r.reduction.is_empty() => println!("减量化：本期和基准年都没有记录"),
        None => {}
    }
    for s in &r.reduction {
        let state = if s.complete {
            String::new()
        } else {
            format!(
                "（不完整 incomplete：只比较了 {} 个月）",
                s.months_compared.len()
            )
        };
        println!(
            "减量化·{}：本期 {} kg，{} 年同期 {} kg，变化 {} kg（{}）{}",
            s.name_zh,
            format_kg(s.period_g),
            s.baseline_year,
            format_kg(s.baseline_g),
            format_kg(s.change_g),
            pct(s.change_pct),
            state
        );
        if !s.period_missing.is_empty() {
            println!("  本期缺少记录的月份：{}", s.period_missing.join("、"));
        }
        if !s.baseline_missing.is_empty() {
            println!("  基准年缺少记录的月份：{}", s.baseline_missing.join("、"));
        }
        for d in &s.denominators {
            let year = |y: Option<i32>| y.map(|y| format!("{y} 年")).unwrap_or("未录入".into());
            println!(
                "  单位{}：本期 {} kg/{}（{} {} {}），基准 {} kg/{}（{} {} {}），变化 {}",
                d.name_zh,
                num(d.period_kg_per_unit, 3),
                d.unit_zh,
                year(d.period_year),
                num(d.period_value, 0),
                d.unit_zh,
                num(d.baseline_kg_per_unit, 3),
                d.unit_zh,
                year(d.baseline_year),
                num(d.baseline_value, 0),
                d.unit_zh,
                pct(d.change_pct)
            );
            if d.per_day {
                println!(
                    "    日均：本期 {} kg/{}·日，基准 {} kg/{}·日",
                    num(d.period_kg_per_unit_day, 3),
                    d.unit_zh,
                    num(d.baseline_kg_per_unit_day, 3),
                    d.unit_zh
                );
            }
        }
        println!("  公式：{}", s.formula_zh);
    }
}

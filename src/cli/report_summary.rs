//! `zwl report summary`: the reduction and resource-use report of the city, a reporting area,
//! a cell kind or one cell over a month, quarter or year, as JSON, CSV, XLSX or PDF.

use std::path::PathBuf;

use anyhow::Result;
use clap::Args;
use zwl::error::{Error, Rule};
use zwl::report::summary::{self, Lang, PeriodKind, Scope, Spec, SummaryReport};
use zwl::Ledger;

use super::output::{json, table};

#[derive(Args, Debug)]
pub struct SummaryArgs {
    /// city, area:NAME (a reporting area or a district, by code or name), kind:KIND (key or
    /// name) or cell:CELL (id, USCC or exact name).
    #[arg(long, default_value = "city")]
    scope: String,
    /// month, quarter or year.
    #[arg(long)]
    period: String,
    /// The period's first month, YYYY-MM (a quarter starts in 01, 04, 07 or 10; a year in 01).
    #[arg(long)]
    start: String,
    /// json, csv, xlsx or pdf (default: the figures as a table, or JSON with --json).
    #[arg(long)]
    format: Option<String>,
    /// The file to write (json and csv print to the screen without it).
    #[arg(long)]
    out: Option<PathBuf>,
    /// zh (Chinese, default) or en (English).
    #[arg(long, default_value = "zh")]
    lang: String,
}

fn bad(field: &str, value: &str) -> Error {
    Error::field(field, Rule::BadValue, &[("value", value)])
}

/// The spec the arguments ask for.
pub fn spec_of(scope: &str, period: &str, start: &str) -> Result<Spec, Error> {
    let s = scope.trim();
    let scope = match s.split_once(':') {
        None if s == "city" => Scope::City,
        Some(("area", v)) if !v.trim().is_empty() => Scope::Area(v.trim().into()),
        Some(("kind", v)) if !v.trim().is_empty() => Scope::Kind(v.trim().into()),
        Some(("cell", v)) if !v.trim().is_empty() => Scope::Cell(v.trim().into()),
        _ => return Err(bad("scope", s)),
    };
    let period = match period.trim() {
        "month" => PeriodKind::Month,
        "quarter" => PeriodKind::Quarter,
        "year" => PeriodKind::Year,
        p => return Err(bad("period", p)),
    };
    Ok(Spec {
        scope,
        period,
        start: start.trim().into(),
    })
}

fn print(r: &SummaryReport, lang: Lang) {
    println!("{}", lang.pick(&r.title_zh, &r.title_en));
    for (k, v) in summary::text::header(r, lang).into_iter().skip(1) {
        println!("{k}: {v}");
    }
    for s in &r.sections {
        println!();
        println!("{}", lang.pick(&s.title_zh, &s.title_en));
        let rows: Vec<Vec<String>> = s
            .figures
            .iter()
            .map(|f| {
                let v = |x: Option<f64>| {
                    x.map_or("—".to_string(), |x| {
                        format!("{x:.*}", f.decimals as usize)
                    })
                };
                vec![
                    lang.pick(&f.label_zh, &f.label_en).to_string(),
                    v(f.value),
                    lang.pick(&f.unit_zh, &f.unit_en).to_string(),
                    v(f.baseline),
                    v(f.target.as_ref().map(|t| t.value)),
                    lang.pick(&f.missing_zh, &f.missing_en).to_string(),
                ]
            })
            .collect();
        let heads = match lang {
            Lang::Zh => ["指标", "数值", "单位", "基准年同期", "目标", "完整性"],
            Lang::En => [
                "Figure",
                "Value",
                "Unit",
                "Baseline",
                "Target",
                "Completeness",
            ],
        };
        table(&heads, &rows);
    }
}

/// Runs `zwl report summary`.
pub fn run(l: &Ledger, a: SummaryArgs, j: bool) -> Result<()> {
    let lang = match a.lang.trim() {
        "zh" => Lang::Zh,
        "en" => Lang::En,
        v => return Err(bad("lang", v).into()),
    };
    if let Some(f) = &a.format {
        if !summary::FORMATS.contains(&f.as_str()) {
            return Err(bad("format", f).into());
        }
    }
    let spec = spec_of(&a.scope, &a.period, &a.start)?;
    let report = summary::build(l, &spec)?;
    match (a.format.as_deref(), &a.out) {
        (Some(f), Some(out)) => {
            summary::write_file(&report, f, lang, out)?;
            if j {
                json(&serde_json::json!({ "format": f, "out": out.display().to_string() }));
            } else {
                println!(
                    "{} → {}",
                    lang.pick("已写入 written", "written"),
                    out.display()
                );
            }
        }
        (Some("csv"), None) => print!("{}", summary::csv::to_string(&report, lang)),
        (Some("json"), None) => json(&report),
        (None, _) if j => json(&report),
        (None, None) => print(&report, lang),
        (None, Some(out)) => summary::write_file(&report, "json", lang, out)?,
        (Some(f), None) => {
            return Err(Error::field("out", Rule::Required, &[("value", f)]).into());
        }
    }
    Ok(())
}

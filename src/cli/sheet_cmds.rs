//! `zwl record sheet`: the month sheet (本月填报) — many cells' month shown on one table, and
//! saved from a file in one transaction.

use std::io::Read;
use std::path::PathBuf;

use anyhow::Result;
use clap::Args as ClapArgs;
use zwl::cells::sheet::{self, SheetFilter, SheetRowInput, SheetSave};
use zwl::error::{Error, FieldError, Rule};
use zwl::units::format_kg;
use zwl::Ledger;

use super::output::{json, table};

/// Show a month sheet, or save one from a file.
#[derive(ClapArgs, Debug)]
pub struct SheetArgs {
    /// Month (YYYY-MM; not in the future).
    #[arg(long)]
    month: String,
    /// Reporting area (code or name, 市本级 too) or district (code or name).
    #[arg(long, default_value = "")]
    area: String,
    /// Kind of cell (key or name).
    #[arg(long, default_value = "")]
    kind: String,
    /// Only the cells with no record of the month yet (未填报).
    #[arg(long)]
    missing: bool,
    /// Page (1-based; 100 rows a page).
    #[arg(long, default_value_t = 1)]
    page: u32,
    /// Save the sheet in FILE (JSON; `-` reads standard input): `{"rows": [{"row": 1,
    /// "cell": "<id, credit code or name>", "entries": [{"category": "kitchen",
    /// "generated": "120"}, {"category": "other", "bins": "12"}]}]}`. All rows or none.
    #[arg(long, value_name = "FILE")]
    save: Option<PathBuf>,
}

/// The rows of a sheet file: `{"rows": [...]}` (a `month` there must match `--month`) or the
/// list of rows alone.
#[derive(serde::Deserialize)]
#[serde(untagged)]
enum SheetFile {
    Whole(SheetSave),
    Rows(Vec<SheetRowInput>),
}

fn read_file(path: &PathBuf, month: &str) -> zwl::Result<SheetSave> {
    let mut text = String::new();
    if path.as_os_str() == "-" {
        std::io::stdin().read_to_string(&mut text)?;
    } else {
        text = std::fs::read_to_string(path)?;
    }
    let bad = |what: &str| {
        Error::Invalid(vec![FieldError::new(
            None,
            "file",
            Rule::BadValue,
            &[("value", what)],
        )])
    };
    let rows = match serde_json::from_str::<SheetFile>(&text) {
        Ok(SheetFile::Whole(s)) if !s.month.trim().is_empty() && s.month.trim() != month.trim() => {
            return Err(bad(&format!("month {} ≠ --month {}", s.month, month)))
        }
        Ok(SheetFile::Whole(s)) => s.rows,
        Ok(SheetFile::Rows(r)) => r,
        Err(e) => return Err(bad(&e.to_string())),
    };
    Ok(SheetSave {
        month: month.to_string(),
        rows,
    })
}

pub fn sheet(l: &mut Ledger, a: SheetArgs, j: bool) -> Result<()> {
    if let Some(path) = &a.save {
        let input = read_file(path, &a.month)?;
        let saved = sheet::save(l, &input)?;
        if j {
            json(&saved);
        } else {
            println!(
                "已保存 saved: {} 月 month，{} 行 rows，{} 条记录 records changed",
                saved.month, saved.rows, saved.changed
            );
        }
        return Ok(());
    }
    let s = sheet::load(
        l.conn(),
        &SheetFilter {
            month: a.month,
            area: a.area,
            kind: a.kind,
            missing: a.missing,
            page: a.page,
            page_size: 0,
        },
    )?;
    if j {
        json(&s);
        return Ok(());
    }
    let mut heads = vec!["行".to_string(), "细胞".to_string()];
    heads.extend(s.columns.iter().map(|c| format!("{}（千克）", c.name_zh)));
    let rows: Vec<Vec<String>> = s
        .rows
        .iter()
        .map(|r| {
            let mut v = vec![r.row.to_string(), r.name.clone()];
            v.extend(
                r.entries
                    .iter()
                    .map(|e| e.generated_g.map(format_kg).unwrap_or_default()),
            );
            v
        })
        .collect();
    let heads: Vec<&str> = heads.iter().map(String::as_str).collect();
    table(&heads, &rows);
    println!(
        "{} 月 month：共 {} 个细胞 cells，第 {} 页 page（每页 {} per page）",
        s.month, s.total, s.page, s.page_size
    );
    Ok(())
}

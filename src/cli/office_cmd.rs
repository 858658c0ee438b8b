//! `zwl sync office`: who has sent bundles, and which reporting areas have sent nothing.

use anyhow::Result;
use zwl::construction::manifests::local_time;
use zwl::Ledger;

use super::output::{json, table};

/// Prints the office's view of a period.
pub fn office(l: &Ledger, period: &str, j: bool) -> Result<()> {
    let v = zwl::office::view(l.conn(), period)?;
    if j {
        json(&v);
        return Ok(());
    }
    println!("已发送同步包的安装 installations that have sent bundles:");
    let rows: Vec<Vec<String>> = v
        .senders
        .iter()
        .map(|s| {
            vec![
                s.code.clone(),
                s.name.clone(),
                s.bundles.to_string(),
                local_time(&s.last_at),
                local_time(&s.newest),
                s.last_file.clone(),
            ]
        })
        .collect();
    table(
        &[
            "简码 code",
            "名称 name",
            "包数 bundles",
            "最近导入 last",
            "最新数据 newest",
            "文件 file",
        ],
        &rows,
    );
    println!();
    println!("报送区域 reporting areas, {} – {}:", v.from, v.to);
    let rows: Vec<Vec<String>> = v
        .areas
        .iter()
        .map(|a| {
            vec![
                a.code.clone(),
                a.name.clone(),
                a.records.to_string(),
                a.manifests.to_string(),
                a.entries.to_string(),
                if a.silent {
                    "未报送 nothing sent".into()
                } else {
                    String::new()
                },
            ]
        })
        .collect();
    table(
        &[
            "代码 code",
            "名称 name",
            "月度记录 records",
            "联单 manifests",
            "回收记录 entries",
            "",
        ],
        &rows,
    );
    Ok(())
}

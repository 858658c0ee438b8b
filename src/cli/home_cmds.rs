//! `zwl home` (what the home page shows), `zwl operator` (who is at the keyboard),
//! `zwl setup` (the first-start answers) and acknowledging alerts (`zwl alerts --ack`).

use anyhow::Result;
use clap::Args as ClapArgs;
use zwl::alerts::{self, AlertQuery};
use zwl::home::{self, setup};
use zwl::Ledger;

use super::output::{json, table};

/// `zwl setup`: the first-start answers.
#[derive(ClapArgs, Debug)]
pub struct SetupArgs {
    /// The operator's name.
    #[arg(long)]
    pub operator: Option<String>,
    /// The installation's name.
    #[arg(long)]
    pub name: Option<String>,
    /// The installation's short code (prefix of manifest numbers).
    #[arg(long, default_value = "")]
    pub code: String,
    /// The reporting area (area or district, code or name).
    #[arg(long, default_value = "")]
    pub area: String,
}

/// `zwl alerts` beyond its kind: area, acknowledged ones, acknowledging one.
#[derive(ClapArgs, Debug)]
pub struct AlertArgs {
    /// Only this reporting area or district (code).
    #[arg(long, default_value = "")]
    pub area: String,
    /// Show acknowledged alerts as well.
    #[arg(long)]
    pub all: bool,
    /// Acknowledge the alert with this key (see --json), with --note.
    #[arg(long, value_name = "KEY", requires = "note")]
    pub ack: Option<String>,
    /// The note of the acknowledgement.
    #[arg(long)]
    pub note: Option<String>,
    /// List the acknowledgements as the change log holds them.
    #[arg(long)]
    pub acks: bool,
}

pub fn home(l: &Ledger, j: bool) -> Result<()> {
    let h = home::home(l.conn())?;
    if j {
        json(&h);
        return Ok(());
    }
    println!("工作台 home — {}", h.today);
    println!("待办 to do:");
    for t in &h.todo {
        let what = if t.kind == "missing_records" {
            format!(
                "{} 未填报 no figures for {}",
                t.count,
                t.month.as_deref().unwrap_or("")
            )
        } else {
            format!("{} × {}", t.count, t.kind)
        };
        println!("  [{}] {what}", t.urgency.label_zh());
    }
    let rows: Vec<Vec<String>> = h
        .areas
        .iter()
        .map(|a| {
            vec![
                a.code.clone(),
                a.name.clone(),
                a.total.to_string(),
                a.missing_last_month.to_string(),
            ]
        })
        .collect();
    table(
        &["区域 area", "名称 name", "细胞 cells", "上月未填报 missing"],
        &rows,
    );
    for f in &h.figures {
        let v = f.value.map(|v| format!("{v:.1}%")).unwrap_or("—".into());
        let t = f
            .target
            .map(|t| format!(" / 目标 target {t}%"))
            .unwrap_or_default();
        println!("{} {} ~ {}: {v}{t}", f.name_zh, f.from, f.to);
    }
    Ok(())
}

pub fn alerts(l: &mut Ledger, kind: &str, a: &AlertArgs, j: bool) -> Result<()> {
    if let Some(key) = &a.ack {
        let ack = alerts::acks::acknowledge(l, key, a.note.as_deref().unwrap_or(""))?;
        if j {
            json(&ack);
        } else {
            println!("已知悉 acknowledged: {key}（{}）", ack.note);
        }
        return Ok(());
    }
    if a.acks {
        let h = alerts::acks::history(l.conn(), 1000)?;
        if j {
            json(&h);
        } else {
            let rows: Vec<Vec<String>> = h
                .iter()
                .map(|e| {
                    vec![
                        e.at.clone(),
                        e.operator.clone(),
                        e.alert_key.clone(),
                        e.note.clone(),
                    ]
                })
                .collect();
            table(
                &["时间 at", "操作员 operator", "预警 alert", "说明 note"],
                &rows,
            );
        }
        return Ok(());
    }
    let list = alerts::list(
        l.conn(),
        &AlertQuery {
            kind: kind.into(),
            area: a.area.clone(),
            acknowledged: a.all,
        },
    )?;
    if j {
        json(&list);
        return Ok(());
    }
    let rows: Vec<Vec<String>> = list
        .iter()
        .map(|a| {
            vec![
                a.urgency.label_zh().into(),
                a.kind.clone(),
                a.subject.clone(),
                a.when.clone(),
                a.message_zh.clone(),
                a.ack
                    .as_ref()
                    .map(|k| format!("已知悉：{}", k.note))
                    .unwrap_or_default(),
            ]
        })
        .collect();
    table(
        &["紧急程度", "类型 kind", "对象", "时间", "内容", "处理"],
        &rows,
    );
    println!("共 {} 条预警 ({} alerts)", list.len(), list.len());
    Ok(())
}

pub fn operator(l: &mut Ledger, name: Option<String>, j: bool) -> Result<()> {
    if let Some(n) = name {
        setup::switch_operator(l, &n)?;
    }
    let recent = setup::recent_operators(l.conn(), 8)?;
    if j {
        json(&serde_json::json!({ "operator": l.operator(), "recent": recent }));
    } else {
        println!("操作员 operator: {}", l.operator());
        if !recent.is_empty() {
            println!("最近 recent: {}", recent.join("、"));
        }
    }
    Ok(())
}

pub fn setup_cmd(l: &mut Ledger, a: SetupArgs, j: bool) -> Result<()> {
    if a.operator.is_some() || a.name.is_some() {
        setup::apply(
            l,
            &setup::FirstStart {
                operator: a.operator.unwrap_or_default(),
                installation_name: a.name.unwrap_or_default(),
                installation_code: a.code,
                area: a.area,
            },
        )?;
    }
    let s = setup::state(l.conn(), l.path())?;
    if j {
        json(&s);
    } else {
        println!("操作员 operator: {}", s.values.operator);
        println!("本机名称 installation: {}", s.values.installation_name);
        println!("本机简码 code: {}", s.values.installation_code);
        println!("报送区域 area: {}", s.values.area);
        println!("数据文件 data file: {}", s.db_path);
        println!(
            "备份位置 backups: {}（例如 e.g. {}）",
            s.backup_dir, s.backup_example
        );
    }
    Ok(())
}

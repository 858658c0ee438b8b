//! `zwl assess …` (criteria, application, assessments, naming, revocation) and
//! `zwl report cert|verify` (the certification report of a cell).

use std::path::PathBuf;

use anyhow::Result;
use clap::Subcommand;
use zwl::cells::assess::{self, Application, AssessmentInput, Criteria, ScoreInput};
use zwl::cells::{self, Status, StatusChange};
use zwl::report;
use zwl::Ledger;

use super::output::{json, table};

#[derive(Subcommand, Debug)]
pub enum AssessCmd {
    /// A kind's criteria in force (评估标准); --all: every version.
    Criteria {
        /// Kind key or name (office, 机关 …).
        kind: String,
        /// Every version, oldest first.
        #[arg(long)]
        all: bool,
    },
    /// Store a kind's criteria from a JSON file ({title, pass_mark, items: [{key, group,
    /// name, max_points, evidence}]}) as its next version.
    SetCriteria {
        /// Kind key or name.
        kind: String,
        /// The JSON file.
        #[arg(long)]
        file: PathBuf,
    },
    /// Record a cell's application (申报): commitment letter, dishonesty check, department.
    Apply {
        /// Cell id, USCC or exact name.
        cell: String,
        /// 承诺书 received on (YYYY-MM-DD).
        #[arg(long, default_value = "")]
        letter_on: String,
        /// 失信核查 date.
        #[arg(long, default_value = "")]
        check_on: String,
        /// 失信核查 by whom.
        #[arg(long, default_value = "")]
        check_by: String,
        /// 失信核查 result: clear (无严重失信记录) or found (有严重失信记录).
        #[arg(long, default_value = "")]
        check_result: String,
        /// 主管部门.
        #[arg(long, default_value = "")]
        department: String,
    },
    /// Record an assessment attempt (评估): a score per item of the kind's criteria.
    Record {
        /// Cell id, USCC or exact name.
        cell: String,
        /// county (县区初评), city (市级验收) or review (复核).
        #[arg(long)]
        level: String,
        /// Date (YYYY-MM-DD).
        #[arg(long)]
        on: String,
        /// Assessors (评估人员).
        #[arg(long)]
        assessors: String,
        /// ITEM=POINTS or ITEM=POINTS:NOTE, one per item (repeat the flag).
        #[arg(long = "score")]
        scores: Vec<String>,
        /// Overall note.
        #[arg(long, default_value = "")]
        note: String,
    },
    /// A cell's assessments (newest first) and application.
    List {
        /// Cell id, USCC or exact name.
        cell: String,
    },
    /// Name a cell (命名): batch, document number, date.
    Name {
        /// Cell id, USCC or exact name.
        cell: String,
        /// 第 N 批.
        #[arg(long)]
        batch: String,
        /// 文号.
        #[arg(long)]
        doc: String,
        /// Naming date (YYYY-MM-DD).
        #[arg(long)]
        on: String,
    },
    /// Revoke a cell's naming (撤销命名) with a reason.
    Revoke {
        /// Cell id, USCC or exact name.
        cell: String,
        /// Why.
        #[arg(long)]
        reason: String,
    },
}

#[derive(Subcommand, Debug)]
pub enum ReportCmd {
    /// A cell's certification report as an A4 PDF (default period: last calendar year).
    Cert {
        /// Cell id, USCC or exact name.
        cell: String,
        /// The PDF file to write.
        #[arg(long)]
        out: PathBuf,
        /// First month (YYYY-MM).
        #[arg(long)]
        from: Option<String>,
        /// Last month (YYYY-MM).
        #[arg(long)]
        to: Option<String>,
    },
    /// Check a certification PDF against the ledger: exit 0 if it holds, 2 if not (and what
    /// changed).
    Verify {
        /// The PDF file.
        file: PathBuf,
    },
    /// The reduction and resource-use report (减量化与资源化利用报表) of the city, a
    /// reporting area, a cell kind or one cell over a month, quarter or year.
    Summary(super::report_summary::SummaryArgs),
}

fn print_criteria(c: &Criteria) {
    println!(
        "{}（{} 第 {} 版）合格分 {} / {}",
        c.title,
        c.kind,
        c.version,
        c.pass_mark,
        c.max_total()
    );
    let rows: Vec<Vec<String>> = c
        .items
        .iter()
        .map(|i| {
            vec![
                i.key.clone(),
                i.group.clone(),
                i.name.clone(),
                i.max_points.to_string(),
                i.evidence.clone(),
            ]
        })
        .collect();
    table(&["键 key", "类别", "评分项", "满分", "佐证"], &rows);
}

fn parse_score(s: &str) -> ScoreInput {
    let (item, rest) = s.split_once('=').unwrap_or((s, ""));
    let (score, note) = rest.split_once(':').unwrap_or((rest, ""));
    ScoreInput {
        item: item.trim().into(),
        score: score.trim().into(),
        note: note.trim().into(),
    }
}

pub fn assess_cmd(l: &mut Ledger, c: AssessCmd, j: bool) -> Result<()> {
    match c {
        AssessCmd::Criteria { kind, all } => {
            let k = zwl::profile::find_kind(l.conn(), &kind)?.ok_or_else(|| {
                zwl::Error::field("kind", zwl::error::Rule::UnknownKind, &[("value", &kind)])
            })?;
            let list = if all {
                assess::criteria::versions(l.conn(), &k.key)?
            } else {
                vec![assess::criteria::current(l.conn(), &k.key)?]
            };
            if j {
                json(&list);
            } else {
                list.iter().for_each(print_criteria);
            }
        }
        AssessCmd::SetCriteria { kind, file } => {
            let text = std::fs::read_to_string(&file)?;
            let mut c: Criteria = serde_json::from_str(&text).map_err(|e| {
                zwl::Error::field(
                    "criteria",
                    zwl::error::Rule::BadTemplate,
                    &[("value", &e.to_string()), ("value_en", &e.to_string())],
                )
            })?;
            c.kind = kind;
            let v = assess::criteria::save(l, &c)?;
            if j {
                json(&serde_json::json!({ "kind": c.kind, "version": v }));
            } else {
                println!("已保存 saved: {} 第 {v} 版 version {v}", c.kind);
            }
        }
        AssessCmd::Apply {
            cell,
            letter_on,
            check_on,
            check_by,
            check_result,
            department,
        } => {
            let c = cells::find(l.conn(), &cell)?;
            let a = Application {
                letter_on,
                check_on,
                check_by,
                check_result,
                department,
            };
            assess::save_application(l, c.id, &a)?;
            let a = assess::application(l.conn(), c.id)?;
            if j {
                json(&a);
            } else {
                println!("已保存申报 application saved: {}", c.name);
            }
        }
        AssessCmd::Record {
            cell,
            level,
            on,
            assessors,
            scores,
            note,
        } => {
            let c = cells::find(l.conn(), &cell)?;
            let input = AssessmentInput {
                level,
                on,
                assessors,
                scores: scores.iter().map(|s| parse_score(s)).collect(),
                note,
            };
            let a = assess::record(l, c.id, &input)?;
            if j {
                json(&a);
            } else {
                println!(
                    "{} {} {}：{} / {}（合格 {}）{}；状态 status: {}",
                    c.name,
                    a.level.label_zh(),
                    a.on,
                    a.total,
                    a.criteria.max_total(),
                    a.pass_mark,
                    if a.passed {
                        "通过 passed"
                    } else {
                        "未通过 failed"
                    },
                    a.status_after.map(Status::label_zh).unwrap_or_default()
                );
            }
        }
        AssessCmd::List { cell } => {
            let c = cells::find(l.conn(), &cell)?;
            let list = assess::assessments(l.conn(), c.id)?;
            let app = assess::application(l.conn(), c.id)?;
            if j {
                json(&serde_json::json!({ "application": app, "assessments": list }));
            } else {
                if let Some(a) = app {
                    println!(
                        "承诺书 {} · 失信核查 {} {} {} · 主管部门 {}",
                        a.letter_on, a.check_on, a.check_by, a.check_result, a.department
                    );
                }
                let rows: Vec<Vec<String>> = list
                    .iter()
                    .map(|a| {
                        vec![
                            a.on.clone(),
                            a.level.label_zh().into(),
                            a.assessors.clone(),
                            format!("{} / {}", a.total, a.criteria.max_total()),
                            if a.passed { "通过" } else { "未通过" }.into(),
                            format!("v{}", a.criteria.version),
                        ]
                    })
                    .collect();
                table(
                    &["日期", "层级", "评估人员", "总分", "结论", "标准版本"],
                    &rows,
                );
            }
        }
        AssessCmd::Name {
            cell,
            batch,
            doc,
            on,
        } => {
            let c = cells::find(l.conn(), &cell)?;
            let ch = StatusChange {
                to: Status::Certified.key().into(),
                on,
                batch,
                document_no: doc,
                reason: String::new(),
            };
            let c = cells::change_status(l, c.id, &ch)?;
            if j {
                json(&c);
            } else {
                println!(
                    "已命名 named: {}，有效期至 valid until {}",
                    c.name,
                    c.expires_on.unwrap_or_default()
                );
            }
        }
        AssessCmd::Revoke { cell, reason } => {
            let c = cells::find(l.conn(), &cell)?;
            let c = cells::set_status(l, c.id, Status::Revoked, None, Some(&reason))?;
            if j {
                json(&c);
            } else {
                println!("已撤销命名 naming revoked: {}", c.name);
            }
        }
    }
    Ok(())
}

pub fn report_cmd(l: &mut Ledger, c: ReportCmd, j: bool) -> Result<()> {
    match c {
        ReportCmd::Cert {
            cell,
            out,
            from,
            to,
        } => {
            let c = cells::find(l.conn(), &cell)?;
            let (df, dt) = report::verify::default_period();
            let r = report::write_cert(l, c.id, &from.unwrap_or(df), &to.unwrap_or(dt), &out)?;
            if j {
                json(&r);
            } else {
                println!(
                    "已出具 issued: {} 报告编号 {} 内容摘要 {}（{} 至 {}，{} 字节）→ {}",
                    c.name,
                    r.report_no,
                    r.short_hash,
                    r.from,
                    r.to,
                    r.bytes,
                    out.display()
                );
            }
        }
        ReportCmd::Summary(a) => super::report_summary::run(l, a, j)?,
        ReportCmd::Verify { file } => {
            let bytes = std::fs::read(&file)?;
            let v = report::verify_cert(l.conn(), &bytes, &file.display().to_string())?;
            if j {
                json(&v);
            } else {
                println!(
                    "报告 {}（{}，{} 至 {}）",
                    v.report_no, v.cell_name, v.from, v.to
                );
                if !v.file_matches_issue {
                    println!("文件内容摘要与出具时记录不符 the file's content hash is not the one issued");
                }
                if v.figures_match {
                    println!("指标与台账一致 the figures match the ledger");
                } else {
                    println!("指标已变化 figures changed since the report:");
                    let rows: Vec<Vec<String>> = v
                        .changes
                        .iter()
                        .map(|c| {
                            vec![
                                c.label_zh.clone(),
                                c.before.clone().unwrap_or("—".into()),
                                c.after.clone().unwrap_or("—".into()),
                            ]
                        })
                        .collect();
                    table(&["指标 figure", "报告 before", "现在 after"], &rows);
                }
                println!(
                    "变更链头 #{}: {}",
                    v.head_seq,
                    match v.head_status {
                        zwl::audit::HeadStatus::Extends => "历史延续 history extends it",
                        zwl::audit::HeadStatus::Rewritten => "历史已被改写 history rewritten",
                        zwl::audit::HeadStatus::Broken { .. } => "变更链断开 chain broken",
                    }
                );
            }
            if !v.ok() {
                std::process::exit(2);
            }
        }
    }
    Ok(())
}

//! The certification report on A4, in Chinese: the cell's details and application, its
//! naming, the latest assessment table, the figures with their formulas, a chart of monthly
//! generation by category, the change log's head, signature and seal lines; the report
//! number and the content's short hash at the foot of every page.

use super::cert::{pct, CertContent, Issue};
use super::pdf::{rgb, width, Doc, MARGIN, PAGE_W};
use crate::error::Result;
use crate::units::format_kg;

const BODY: f32 = 10.0;
const SMALL: f32 = 8.0;

fn heading(d: &mut Doc, s: &str) {
    d.need(60.0);
    d.y -= 22.0;
    let y = d.y;
    d.text_at(MARGIN, y, 13.0, s);
    d.y -= 6.0;
}

fn s(v: &str) -> String {
    if v.trim().is_empty() {
        "—".into()
    } else {
        v.to_string()
    }
}

/// Draws the report and returns the PDF's bytes.
pub fn render(c: &CertContent, issue: &Issue) -> Result<Vec<u8>> {
    let cell = &c.cell;
    let mut d = Doc::new(&format!("无废细胞认证报告 {}", cell.name))?;
    let title = "无废细胞认证报告";
    let y = d.y;
    d.text_at((PAGE_W - width(title, 20.0)) / 2.0, y, 20.0, title);
    d.y -= 26.0;
    let sub = format!("{} · 无废{}", cell.name, cell.kind_zh);
    let y = d.y;
    d.text_at((PAGE_W - width(&sub, 13.0)) / 2.0, y, 13.0, &sub);
    d.y -= 8.0;
    d.para(
        MARGIN,
        SMALL,
        &format!(
            "报告编号：{}    统计期：{} 至 {}    出具时间：{}",
            issue.report_no, c.from, c.to, issue.issued_at
        ),
    );

    heading(&mut d, "一、单位基本情况");
    let app = c.application.clone().unwrap_or_default();
    let check = match app.check_result.as_str() {
        "clear" => format!("{} {} 无严重失信记录", app.check_on, app.check_by),
        "found" => format!("{} {} 有严重失信记录", app.check_on, app.check_by),
        _ => String::new(),
    };
    let rows = vec![
        vec![
            "单位名称".into(),
            cell.name.clone(),
            "细胞类型".into(),
            format!("无废{}", cell.kind_zh),
        ],
        vec![
            "统一社会信用代码".into(),
            s(cell.uscc.as_deref().unwrap_or("")),
            "所在区县".into(),
            s(&cell.district_name),
        ],
        vec![
            "街道/社区".into(),
            s(format!("{} {}", cell.street, cell.community).trim()),
            "地址".into(),
            s(&cell.address),
        ],
        vec![
            "负责人".into(),
            s(&cell.manager),
            "联系人/电话".into(),
            s(format!("{} {}", cell.contact, cell.phone).trim()),
        ],
        vec![
            "承诺书收到日期".into(),
            s(&app.letter_on),
            "主管部门".into(),
            s(&app.department),
        ],
        vec![
            "失信核查".into(),
            s(&check),
            "基准年".into(),
            s(&cell
                .baseline_year
                .map(|y| y.to_string())
                .unwrap_or_default()),
        ],
    ];
    d.table(
        &[90.0, 157.0, 90.0, 158.0],
        &["项目", "内容", "项目", "内容"],
        &rows,
        BODY,
    );

    heading(&mut d, "二、命名情况");
    let n = c.naming.clone();
    let rows = vec![vec![
        cell.status.label_zh().to_string(),
        s(&n.as_ref()
            .and_then(|n| n.batch)
            .map(|b| format!("第 {b} 批"))
            .unwrap_or_default()),
        s(n.as_ref().map(|n| n.document_no.as_str()).unwrap_or("")),
        s(n.as_ref().map(|n| n.named_on.as_str()).unwrap_or("")),
        s(&n.as_ref()
            .map(|n| match &n.ended_on {
                Some(e) => format!("{}（{} 终止）", n.expires_on, e),
                None => n.expires_on.clone(),
            })
            .unwrap_or_default()),
    ]];
    d.table(
        &[110.0, 70.0, 135.0, 85.0, 95.0],
        &["创建状态", "命名批次", "命名文号", "命名日期", "有效期至"],
        &rows,
        BODY,
    );

    heading(&mut d, "三、评估验收（最近一次）");
    match &c.assessment {
        None => d.para(MARGIN, BODY, "尚无评估记录。"),
        Some(a) => {
            d.para(
                MARGIN,
                BODY,
                &format!(
                    "{} · {} · 评估人员：{} · 评估标准：{}（第 {} 版）",
                    a.level.label_zh(),
                    a.on,
                    a.assessors,
                    a.criteria.title,
                    a.criteria.version
                ),
            );
            d.y -= 4.0;
            let rows: Vec<Vec<String>> = a
                .criteria
                .items
                .iter()
                .map(|i| {
                    let sc = a.scores.iter().find(|x| x.key == i.key);
                    vec![
                        i.group.clone(),
                        i.name.clone(),
                        i.max_points.to_string(),
                        sc.map(|x| x.score.to_string()).unwrap_or_default(),
                        sc.map(|x| x.note.clone()).unwrap_or_default(),
                    ]
                })
                .collect();
            d.table(
                &[65.0, 215.0, 40.0, 40.0, 135.0],
                &["类别", "评分项", "满分", "得分", "说明"],
                &rows,
                SMALL + 1.0,
            );
            d.para(
                MARGIN,
                BODY,
                &format!(
                    "总分 {} / {}，合格分 {}，结论：{}",
                    a.total,
                    a.criteria.max_total(),
                    a.pass_mark,
                    if a.passed { "通过" } else { "未通过" }
                ),
            );
        }
    }

    heading(&mut d, &format!("四、主要指标（{} 至 {}）", c.from, c.to));
    let h = &c.rates.household;
    let rows = vec![
        vec![
            "生活垃圾产生量".into(),
            format!("{} kg", format_kg(h.generated_g)),
            String::new(),
        ],
        vec![
            "回收利用量".into(),
            format!("{} kg", format_kg(h.recovered_g)),
            String::new(),
        ],
        vec![
            "生活垃圾回收利用率".into(),
            pct(h.recycling_rate),
            format!("目标 ≥ {}%", h.recycling_target_pct),
        ],
        vec![
            "生活垃圾资源化利用率".into(),
            pct(h.resource_rate),
            format!("目标 {}% 左右", h.resource_target_pct),
        ],
        vec![
            "缺报月份".into(),
            if h.months_missing.is_empty() {
                "无".into()
            } else {
                h.months_missing.join(" ")
            },
            String::new(),
        ],
    ];
    d.table(
        &[150.0, 200.0, 145.0],
        &["指标", "数值", "说明"],
        &rows,
        BODY,
    );
    d.para(MARGIN, SMALL, &format!("公式：{}", h.recycling_formula_zh));
    d.para(MARGIN, SMALL, &format!("公式：{}", h.resource_formula_zh));
    if c.rates.reduction.is_empty() {
        let why = match c.rates.reduction_note.as_deref() {
            Some("no_baseline") => "未设基准年，无减量对比。",
            _ => "基准年不早于统计期，无减量对比。",
        };
        d.para(MARGIN, BODY, why);
    } else {
        d.y -= 6.0;
        let rows: Vec<Vec<String>> = c
            .rates
            .reduction
            .iter()
            .map(|r| {
                let per_day = r
                    .denominators
                    .iter()
                    .filter(|x| x.per_day)
                    .map(|x| {
                        format!(
                            "{} → {} kg/{}·日",
                            x.baseline_kg_per_unit_day
                                .map(|v| format!("{v:.3}"))
                                .unwrap_or("—".into()),
                            x.period_kg_per_unit_day
                                .map(|v| format!("{v:.3}"))
                                .unwrap_or("—".into()),
                            x.unit_zh
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("；");
                let missing: Vec<&str> = r
                    .period_missing
                    .iter()
                    .chain(&r.baseline_missing)
                    .map(String::as_str)
                    .collect();
                vec![
                    r.name_zh.clone(),
                    format_kg(r.baseline_g),
                    format_kg(r.period_g),
                    pct(r.change_pct),
                    s(&per_day),
                    if r.complete {
                        "完整".into()
                    } else {
                        format!("不完整，缺 {}", missing.join(" "))
                    },
                ]
            })
            .collect();
        d.table(
            &[70.0, 75.0, 75.0, 55.0, 120.0, 100.0],
            &[
                "废物流",
                "基准年同期 kg",
                "本期 kg",
                "增减",
                "人均日产生量",
                "完整性",
            ],
            &rows,
            SMALL + 1.0,
        );
        if let Some(r) = c.rates.reduction.first() {
            d.para(MARGIN, SMALL, &format!("公式：{}", r.formula_zh));
        }
    }

    chart(&mut d, c);

    heading(&mut d, "六、台账变更链");
    d.para(
        MARGIN,
        BODY,
        &format!(
            "出具时台账变更链头：第 {} 批变更（写入于 {}）",
            issue.head.seq,
            local_time(&issue.head.at)
        ),
    );
    d.para(
        MARGIN,
        BODY,
        &format!("#{} {}", issue.head.seq, issue.head.hash),
    );
    d.para(
        MARGIN,
        SMALL,
        &format!(
            "核验：zwl verify-head {} {}（历史被改写时报错）；zwl report verify 本文件（重算指标并指出变化）。",
            issue.head.seq,
            &issue.head.hash[..16.min(issue.head.hash.len())]
        ),
    );

    heading(&mut d, "七、签章");
    d.need(110.0);
    for l in [
        "单位负责人（签字）：",
        "评估单位（盖章）：",
        "无废城市建设工作专班（盖章）：",
    ] {
        d.y -= 30.0;
        let y = d.y;
        d.text_at(MARGIN, y, BODY, l);
        d.line(MARGIN + 170.0, y - 2.0, MARGIN + 330.0, y - 2.0, 0.5);
        d.text_at(MARGIN + 345.0, y, BODY, "日期：");
        d.line(MARGIN + 375.0, y - 2.0, PAGE_W - MARGIN, y - 2.0, 0.5);
    }

    let no = issue.report_no.clone();
    let short = c.short_hash().to_string();
    let name = cell.name.clone();
    Ok(d.finish(
        vec![format!("zwl-cert:{}:{}", issue.report_no, c.content_hash)],
        move |p, n| format!("{name}    报告编号 {no}    内容摘要 {short}    第 {p} / {n} 页"),
    ))
}

/// An RFC 3339 UTC time as local time, `YYYY-MM-DD HH:MM:SS`.
fn local_time(at: &str) -> String {
    chrono::DateTime::parse_from_rfc3339(at)
        .map(|t| {
            t.with_timezone(&chrono::Local)
                .format("%Y-%m-%d %H:%M:%S")
                .to_string()
        })
        .unwrap_or_else(|_| at.to_string())
}

const PALETTE: [(u8, u8, u8); 8] = [
    (46, 125, 50),
    (255, 152, 0),
    (211, 47, 47),
    (96, 125, 139),
    (25, 118, 210),
    (123, 31, 162),
    (0, 150, 136),
    (121, 85, 72),
];

/// Stacked bars of monthly generation by category, drawn with rectangles.
fn chart(d: &mut Doc, c: &CertContent) {
    d.need(260.0);
    heading(d, "五、月度产生量（按类别，kg）");
    if c.months.is_empty() {
        d.para(MARGIN, BODY, "统计期内无月度记录。");
        return;
    }
    let mut cats: Vec<String> = Vec::new();
    for m in &c.months {
        for (k, _) in &m.by_category {
            if !cats.contains(k) {
                cats.push(k.clone());
            }
        }
    }
    let max = c
        .months
        .iter()
        .map(|m| m.by_category.iter().map(|x| x.1).sum::<i64>())
        .max()
        .unwrap_or(0)
        .max(1);
    let chart_h = 150.0;
    d.need(chart_h + 70.0);
    let base = d.y - chart_h - 10.0;
    let left = MARGIN + 50.0;
    let w = PAGE_W - MARGIN - left;
    d.line(left, base, left + w, base, 0.6);
    d.line(left, base, left, base + chart_h, 0.6);
    for t in 0..=4 {
        let v = max as f64 * t as f64 / 4.0;
        let y = base + chart_h * t as f32 / 4.0;
        d.text_at(MARGIN, y - 3.0, SMALL - 1.0, &format_kg(v.round() as i64));
        if t > 0 {
            d.line(left - 3.0, y, left, y, 0.4);
        }
    }
    let slot = w / c.months.len() as f32;
    let bar = (slot * 0.6).min(28.0);
    for (i, m) in c.months.iter().enumerate() {
        let x = left + slot * i as f32 + (slot - bar) / 2.0;
        let mut y = base;
        for (k, g) in &m.by_category {
            let h = chart_h * (*g as f32 / max as f32);
            let (r, gg, b) = PALETTE[cats.iter().position(|x| x == k).unwrap_or(0) % PALETTE.len()];
            if h > 0.0 {
                d.rect(x, y, bar, h, rgb(r, gg, b));
            }
            y += h;
        }
        let label = &m.month[2..];
        d.text_at(
            x + bar / 2.0 - width(label, 6.5) / 2.0,
            base - 10.0,
            6.5,
            label,
        );
    }
    d.y = base - 22.0;
    let mut x = MARGIN;
    let y = d.y;
    for (i, k) in cats.iter().enumerate() {
        let (r, g, b) = PALETTE[i % PALETTE.len()];
        d.rect(x, y - 1.0, 8.0, 8.0, rgb(r, g, b));
        d.text_at(x + 11.0, y, SMALL, k);
        x += 18.0 + width(k, SMALL);
    }
    d.y -= 6.0;
}

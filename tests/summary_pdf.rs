//! The reduction and resource-use report's PDF, drawn from a report document built by hand and
//! read back with real tools: pdftotext finds the names (a rare character included) and the
//! figures as formatted, the missing figure marked, the long table's header on every page it
//! spans and the title and page numbers on every page; pdffonts shows an embedded subset font;
//! qpdf --check passes; pdftoppm renders the pages; the English report has no Chinese of its
//! own.

use std::path::Path;
use std::process::{Command, Output};

use zwl::report::summary::model::*;
use zwl::report::summary::pdf;

const RARE: &str = "南关区镕赟堃喆珺社区";
const LONG_ROWS: usize = 160;

fn tool(name: &str, args: &[&str]) -> Output {
    Command::new(name)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{name} is installed: {e}"))
}

fn figure(key: &str, zh: &str, en: &str, value: Option<f64>, unit: &str, dec: u8) -> Figure {
    Figure {
        key: key.into(),
        label_zh: zh.into(),
        label_en: en.into(),
        value,
        unit_zh: unit.into(),
        unit_en: unit.into(),
        decimals: dec,
        formula_zh: "可回收物 ÷ 生活垃圾总量 × 100%".into(),
        formula_en: "recyclables ÷ household waste × 100%".into(),
        baseline: None,
        target: None,
        settings: Vec::new(),
        missing_zh: String::new(),
        missing_en: String::new(),
    }
}

fn col(key: &str, zh: &str, en: &str, unit: &str, dec: u8) -> Column {
    Column {
        key: key.into(),
        title_zh: zh.into(),
        title_en: en.into(),
        unit: unit.into(),
        decimals: dec,
    }
}

fn months() -> (Vec<String>, Vec<String>) {
    const EN: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    (
        (1..=12).map(|m| format!("{m}月")).collect(),
        EN.iter().map(|s| s.to_string()).collect(),
    )
}

/// A city's annual report with every kind of value: a figure with baseline, target and
/// settings, a missing figure, a long table of cells, and a chart of each kind.
fn report() -> SummaryReport {
    let mut rate = figure(
        "household.recycling_rate",
        "生活垃圾回收利用率",
        "Household waste recycling rate",
        Some(38.64),
        "%",
        2,
    );
    rate.baseline = Some(31.2);
    rate.target = Some(Target {
        key: "target.household_recycling_rate".into(),
        value: 35.0,
        source: "实施方案".into(),
        source_en: "Implementation plan".into(),
        met: Some(true),
    });
    rate.settings = vec![SettingUsed {
        key: "density.household.kitchen".into(),
        label_zh: "厨余垃圾容重".into(),
        label_en: "Kitchen waste density".into(),
        value: "0.55 t/m³".into(),
    }];
    let mut generated = figure(
        "household.generated",
        "生活垃圾产生量",
        "Household waste generated",
        Some(1_234_567.891),
        "t",
        2,
    );
    generated.baseline = Some(1_301_002.5);
    generated.missing_zh = "朝阳区 2 个月未录入".into();
    generated.missing_en = "Chaoyang: 2 months not entered".into();
    let mut straw = figure(
        "agri.straw_rate",
        "秸秆综合利用率",
        "Straw utilisation rate",
        None,
        "%",
        1,
    );
    straw.missing_zh = "3 个月未录入".into();
    straw.missing_en = "3 months not entered".into();
    straw.target = Some(Target {
        key: "target.straw_utilisation_rate".into(),
        value: 90.0,
        source: "实施方案".into(),
        source_en: "Implementation plan".into(),
        met: None,
    });
    let cells_table = Table {
        key: "cells".into(),
        title_zh: "无废细胞清单".into(),
        title_en: "Zero-waste cells".into(),
        columns: vec![
            col("name", "名称", "Name", "", 0),
            col("status", "状态", "Status", "", 0),
            col("generated", "产生量", "Generated", "t", 3),
            col("rate", "回收利用率", "Recycling rate", "%", 1),
        ],
        rows: (0..LONG_ROWS)
            .map(|i| {
                let name = if i == 0 {
                    RARE.to_string()
                } else {
                    format!("长春市第{i:03}号无废小区")
                };
                vec![
                    Value::Text(name),
                    Value::Label {
                        zh: "已命名".into(),
                        en: "Named".into(),
                    },
                    Value::Number(1000.0 + i as f64 * 12.345),
                    if i % 7 == 3 {
                        Value::Missing
                    } else {
                        Value::Number(30.0 + (i % 20) as f64)
                    },
                ]
            })
            .collect(),
    };
    let (mz, me) = months();
    let monthly = |f: f64| -> Vec<Option<f64>> {
        (0..12)
            .map(|m| (m != 4).then_some(900.0 + f * m as f64))
            .collect()
    };
    let line = Chart {
        key: "household.monthly".into(),
        title_zh: "月度生活垃圾回收利用率".into(),
        title_en: "Monthly household recycling rate".into(),
        kind: ChartKind::Line,
        unit: "%".into(),
        labels_zh: mz.clone(),
        labels_en: me.clone(),
        series: vec![
            Series {
                name_zh: "本期".into(),
                name_en: "This period".into(),
                values: (0..12).map(|m| Some(30.0 + m as f64)).collect(),
            },
            Series {
                name_zh: "基准年同期".into(),
                name_en: "Baseline".into(),
                values: (0..12)
                    .map(|m| (m != 6).then_some(28.0 + m as f64 / 2.0))
                    .collect(),
            },
        ],
    };
    let stacked = Chart {
        key: "construction.monthly".into(),
        title_zh: "建筑垃圾月度产生量".into(),
        title_en: "Construction waste by month".into(),
        kind: ChartKind::StackedBar,
        unit: "t".into(),
        labels_zh: mz,
        labels_en: me,
        series: vec![
            Series {
                name_zh: "拆除垃圾".into(),
                name_en: "Demolition".into(),
                values: monthly(35.0),
            },
            Series {
                name_zh: "工程渣土".into(),
                name_en: "Excavated soil".into(),
                values: monthly(80.0),
            },
            Series {
                name_zh: "装修垃圾".into(),
                name_en: "Renovation".into(),
                values: monthly(10.0),
            },
        ],
    };
    let bars = Chart {
        key: "agri.by_area".into(),
        title_zh: "各区县秸秆综合利用率".into(),
        title_en: "Straw utilisation by district".into(),
        kind: ChartKind::Bar,
        unit: "%".into(),
        labels_zh: vec!["南关区".into(), "宽城区".into(), "朝阳区".into()],
        labels_en: vec!["Nanguan".into(), "Kuancheng".into(), "Chaoyang".into()],
        series: vec![
            Series {
                name_zh: "本期".into(),
                name_en: "This period".into(),
                values: vec![Some(92.5), None, Some(88.0)],
            },
            Series {
                name_zh: "目标".into(),
                name_en: "Target".into(),
                values: vec![Some(90.0), Some(90.0), Some(90.0)],
            },
        ],
    };
    let period = Period {
        kind: PeriodKind::Year,
        label_zh: "2025年".into(),
        label_en: "2025".into(),
        from: "2025-01-01".into(),
        to: "2025-12-31".into(),
    };
    SummaryReport {
        title_zh: "长春市\u{201c}无废城市\u{201d}建设减量化与资源化利用报表".into(),
        title_en: "Changchun Zero-Waste City reduction and resource-use report".into(),
        spec: Spec {
            scope: Scope::City,
            period: PeriodKind::Year,
            start: "2025-01".into(),
        },
        scope_zh: "长春市".into(),
        scope_en: "Changchun".into(),
        period,
        baseline: Some(Period {
            kind: PeriodKind::Year,
            label_zh: "2020年".into(),
            label_en: "2020".into(),
            from: "2020-01-01".into(),
            to: "2020-12-31".into(),
        }),
        as_of: "2026-01-05 16:20".into(),
        built_at: "2026-01-06 09:00".into(),
        completeness_zh: vec!["朝阳区 2025年11月、12月未录入".into()],
        completeness_en: vec!["Chaoyang: November and December 2025 not entered".into()],
        sections: vec![
            Section {
                key: "household".into(),
                title_zh: "生活垃圾".into(),
                title_en: "Household waste".into(),
                figures: vec![rate, generated],
                tables: vec![cells_table],
                charts: vec![line],
                notes_zh: vec!["回收利用量含再生资源回收网点的回收量。".into()],
                notes_en: vec!["Recovered includes the recycling depots' collections.".into()],
            },
            Section {
                key: "construction".into(),
                title_zh: "建筑垃圾".into(),
                title_en: "Construction waste".into(),
                figures: Vec::new(),
                tables: Vec::new(),
                charts: vec![stacked],
                notes_zh: Vec::new(),
                notes_en: Vec::new(),
            },
            Section {
                key: "agri".into(),
                title_zh: "农业废弃物".into(),
                title_en: "Agricultural waste".into(),
                figures: vec![straw],
                tables: Vec::new(),
                charts: vec![bars],
                notes_zh: Vec::new(),
                notes_en: Vec::new(),
            },
        ],
    }
}

fn write(r: &SummaryReport, lang: Lang, dir: &Path, name: &str) -> std::path::PathBuf {
    let p = dir.join(name);
    pdf::write(r, lang, &p).expect("the report is drawn");
    // SUMMARY_PDF_KEEP=<dir> keeps a copy to look at.
    if let Ok(keep) = std::env::var("SUMMARY_PDF_KEEP") {
        std::fs::copy(&p, Path::new(&keep).join(name)).unwrap();
    }
    p
}

fn text(pdf: &Path) -> String {
    // In drawing order: a cell's wrapped lines follow each other.
    let o = tool("pdftotext", &["-raw", pdf.to_str().unwrap(), "-"]);
    assert!(o.status.success());
    String::from_utf8(o.stdout).unwrap()
}

fn pages(text: &str) -> Vec<&str> {
    text.split('\u{c}')
        .filter(|p| !p.trim().is_empty())
        .collect()
}

fn flat(s: &str) -> String {
    s.split_whitespace().collect()
}

fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x2E80..=0x9FFF | 0xF900..=0xFAFF | 0xFF00..=0xFFEF)
}

#[test]
fn the_chinese_report_reads_back_with_names_and_figures_as_formatted() {
    let d = tempfile::tempdir().unwrap();
    let p = write(&report(), Lang::Zh, d.path(), "zh.pdf");
    let t = flat(&text(&p));
    for w in [
        "长春市\u{201c}无废城市\u{201d}建设减量化与资源化利用报表",
        RARE,
        "长春市第159号无废小区",
        "38.64%",
        "31.20%",
        "1,234,567.89t",
        "1,301,002.50t",
        "35.00%，已达到；来源：实施方案",
        "未计算：3个月未录入",
        "朝阳区2个月未录入",
        "厨余垃圾容重：0.55t/m³",
        "可回收物÷生活垃圾总量×100%",
        "2025年（2025-01-01至2025-12-31）",
        "2020年（2020-01-01至2020-12-31）",
        "2026-01-0516:20",
        "一、生活垃圾",
        "三、农业废弃物",
        "2,962.855",
        "注：回收利用量含再生资源回收网点的回收量。",
        "拆除垃圾",
        "南关区",
    ] {
        assert!(t.contains(w), "{w} not in the text");
    }
}

#[test]
fn every_page_carries_the_title_and_its_number_of_the_total() {
    let d = tempfile::tempdir().unwrap();
    let p = write(&report(), Lang::Zh, d.path(), "zh.pdf");
    let text = text(&p);
    let pages = pages(&text);
    let n = pages.len();
    assert!(n >= 4, "{n} pages");
    for (i, page) in pages.iter().enumerate() {
        let f = flat(page);
        assert!(
            f.contains(&format!("第{}页共{n}页", i + 1)),
            "page {}",
            i + 1
        );
        assert!(f.contains("长春市\u{201c}无废城市\u{201d}建设减量化与资源化利用报表"));
    }
}

#[test]
fn a_long_table_repeats_its_header_on_each_page_it_spans() {
    let d = tempfile::tempdir().unwrap();
    let p = write(&report(), Lang::Zh, d.path(), "zh.pdf");
    let text = text(&p);
    let spanned: Vec<&str> = pages(&text)
        .into_iter()
        .filter(|p| p.contains("号无废小区"))
        .collect();
    assert!(spanned.len() >= 3, "{} pages", spanned.len());
    for p in spanned {
        let f = flat(p);
        assert!(f.contains("名称状态产生量（t）回收利用率（%）"), "{p}");
    }
}

#[test]
fn numbers_in_tables_are_right_aligned() {
    let d = tempfile::tempdir().unwrap();
    let p = write(&report(), Lang::Zh, d.path(), "zh.pdf");
    let o = tool("pdftotext", &["-bbox", p.to_str().unwrap(), "-"]);
    let html = String::from_utf8(o.stdout).unwrap();
    // The right edge of 1,000.000 (row 0) and of 2,962.855 (the last row) are the same.
    let x_max = |word: &str| -> f64 {
        let line = html
            .lines()
            .find(|l| l.ends_with(&format!(">{word}</word>")))
            .unwrap_or_else(|| panic!("{word} in the boxes"));
        let at = line.find("xMax=\"").unwrap() + 6;
        line[at..].split('"').next().unwrap().parse().unwrap()
    };
    let (a, b) = (x_max("1,000.000"), x_max("2,962.855"));
    assert!((a - b).abs() < 1.0, "{a} vs {b}");
    let (c, e) = (x_max("1,012.345"), x_max("1,000.000"));
    assert!((c - e).abs() < 1.0, "{c} vs {e}");
}

#[test]
fn the_font_is_embedded_as_a_subset_and_qpdf_finds_the_file_sound() {
    let d = tempfile::tempdir().unwrap();
    let p = write(&report(), Lang::Zh, d.path(), "zh.pdf");
    let fonts = String::from_utf8(tool("pdffonts", &[p.to_str().unwrap()]).stdout).unwrap();
    let line = fonts.lines().nth(2).expect("a font");
    let name = line.split_whitespace().next().unwrap();
    assert!(name.len() > 7 && name.as_bytes()[6] == b'+', "{fonts}");
    assert!(line.contains("yes yes"), "embedded subset: {fonts}");
    let q = tool("qpdf", &["--check", p.to_str().unwrap()]);
    assert!(q.status.success(), "{}", String::from_utf8_lossy(&q.stdout));
    let size = std::fs::metadata(&p).unwrap().len();
    assert!(size < 400_000, "{size} bytes");
}

/// The pixel bytes of a binary PPM (after its three header lines).
fn ppm_pixels(b: &[u8]) -> &[u8] {
    let mut newlines = 0;
    for (i, c) in b.iter().enumerate() {
        if *c == b'\n' {
            newlines += 1;
            if newlines == 3 {
                return &b[i + 1..];
            }
        }
    }
    &[]
}

#[test]
fn every_page_renders_with_its_charts_in_colour() {
    let d = tempfile::tempdir().unwrap();
    let p = write(&report(), Lang::Zh, d.path(), "zh.pdf");
    let out = d.path().join("page");
    let o = tool(
        "pdftoppm",
        &["-r", "40", p.to_str().unwrap(), out.to_str().unwrap()],
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let n = pages(&text(&p)).len();
    let mut images: Vec<_> = std::fs::read_dir(d.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "ppm"))
        .collect();
    images.sort();
    assert_eq!(images.len(), n);
    // Some page holds the charts' green and blue series (the palette's first two colours).
    let coloured = images.iter().any(|i| {
        let bytes = std::fs::read(i).unwrap();
        let px = ppm_pixels(&bytes);
        let green = px
            .chunks(3)
            .filter(|c| c[1] > 100 && c[0] < 80 && c[2] < 80);
        let blue = px.chunks(3).filter(|c| c[2] > 170 && c[0] < 60);
        green.count() > 20 && blue.count() > 20
    });
    assert!(coloured, "no page shows the charts' colours");
}

#[test]
fn the_english_report_has_no_chinese_of_its_own() {
    let mut r = report();
    // Names are the same in both languages; give them Latin spellings so that any Chinese
    // left in the text is the PDF's own.
    for s in &mut r.sections {
        for t in &mut s.tables {
            for row in &mut t.rows {
                for v in row {
                    if let Value::Text(name) = v {
                        *name = name
                            .replace(RARE, "Nanguan Rongyun")
                            .replace("长春市第", "No ");
                        *name = name.replace("号无废小区", " estate");
                    }
                }
            }
        }
    }
    let d = tempfile::tempdir().unwrap();
    let p = write(&r, Lang::En, d.path(), "en.pdf");
    let t = text(&p);
    let chinese: String = t.chars().filter(|c| is_cjk(*c)).collect();
    assert!(
        chinese.is_empty(),
        "Chinese in the English report: {chinese}"
    );
    let f = flat(&t);
    for w in [
        "1.Householdwaste",
        "Householdwastegenerated",
        "1,234,567.89t",
        "Notcomputed:3monthsnotentered",
        "35.00%,met;source:Implementationplan",
        "Kitchenwastedensity:0.55t/m³",
        "Page1of",
        "NameStatusGenerated(t)Recyclingrate(%)",
        "Demolition",
    ] {
        assert!(f.contains(w), "{w} not in {t}");
    }
}

#[test]
fn names_keep_their_chinese_in_the_english_report() {
    let d = tempfile::tempdir().unwrap();
    let p = write(&report(), Lang::En, d.path(), "en.pdf");
    assert!(flat(&text(&p)).contains(RARE));
}

#[test]
fn a_report_without_figures_tables_or_sections_still_draws() {
    let mut r = report();
    r.sections.clear();
    r.baseline = None;
    r.completeness_zh.clear();
    r.completeness_en.clear();
    let bytes = pdf::render(&r, Lang::Zh).unwrap();
    let d = tempfile::tempdir().unwrap();
    let p = d.path().join("empty.pdf");
    std::fs::write(&p, bytes).unwrap();
    let f = flat(&text(&p));
    assert!(f.contains("未设基准年") && f.contains("数据完整"), "{f}");
}

fn zwl(db: &Path, args: &[&str]) -> String {
    let o = Command::new(env!("CARGO_BIN_EXE_zwl"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("ZWL_DB")
        .output()
        .expect("the zwl binary runs");
    assert!(
        o.status.success(),
        "zwl {args:?} failed: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8(o.stdout).unwrap()
}

#[test]
fn zwl_report_summary_writes_a_pdf_whose_figures_equal_its_json() {
    let d = tempfile::tempdir().unwrap();
    let db = d.path().join("ledger.db");
    zwl(
        &db,
        &[
            "demo",
            "--cells",
            "30",
            "--months",
            "4",
            "--manifests",
            "300",
        ],
    );
    let t = chrono::Local::now().date_naive();
    let first =
        chrono::NaiveDate::from_ymd_opt(chrono::Datelike::year(&t), chrono::Datelike::month(&t), 1)
            .unwrap()
            - chrono::Months::new(1);
    let month = first.format("%Y-%m").to_string();
    let args = ["report", "summary", "--period", "month", "--start", &month];
    let r: SummaryReport = serde_json::from_str(&zwl(
        &db,
        &[&["--json"][..], &args[..], &["--format", "json"][..]].concat(),
    ))
    .expect("the report as JSON");
    let out = d.path().join("r.pdf");
    let o = out.display().to_string();
    zwl(
        &db,
        &[&args[..], &["--format", "pdf", "--out", &o][..]].concat(),
    );
    let f = flat(&text(&out));
    let mut checked = 0;
    for fig in r.sections.iter().flat_map(|s| &s.figures) {
        let printed = match fig.value {
            Some(v) => pdf::with_unit(v, fig.decimals, &fig.unit_zh),
            None => format!("未计算：{}", fig.missing_zh),
        };
        assert!(
            f.contains(&flat(&printed)),
            "{}: {printed} not in the PDF",
            fig.key
        );
        checked += 1;
    }
    assert!(checked >= 5, "{checked} figures");
}

//! The certification report through the `zwl` binary, read back with real tools: pdftotext
//! finds the cell's name (with a rare character) and its figures, equal to `zwl rates
//! --json`; pdffonts shows an embedded subset font; qpdf --check passes; `zwl report verify`
//! accepts the file, and names the figure that changed after a record is edited.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn zwl(db: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_zwl"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("ZWL_DB")
        .output()
        .expect("the zwl binary runs")
}

fn ok(db: &Path, args: &[&str]) -> String {
    let o = zwl(db, args);
    assert!(
        o.status.success(),
        "zwl {args:?} failed: {}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8(o.stdout).unwrap()
}

fn json(db: &Path, args: &[&str]) -> serde_json::Value {
    let mut a = vec!["--json"];
    a.extend_from_slice(args);
    serde_json::from_str(&ok(db, &a)).expect("valid JSON")
}

fn tool(name: &str, args: &[&str]) -> Option<Output> {
    Command::new(name).args(args).output().ok()
}

const NAME: &str = "长春市王镕赟堃喆珺机关";

/// A ledger with a named office: records for 2024 (baseline) and 2025, an application, a
/// county and a city assessment, and a naming.
fn named_office() -> (tempfile::TempDir, PathBuf) {
    let d = tempfile::tempdir().unwrap();
    let db = d.path().join("ledger.db");
    ok(&db, &["init"]);
    ok(
        &db,
        &[
            "cell",
            "add",
            "--name",
            NAME,
            "--kind",
            "office",
            "--district",
            "220102",
            "--uscc",
            "91220101131860916E",
            "--baseline-year",
            "2024",
            "--headcount",
            "120",
        ],
    );
    for (y, gen, rec) in [("2024", "300", "60"), ("2025", "240", "96")] {
        for m in ["01", "02", "03"] {
            let month = format!("{y}-{m}");
            ok(
                &db,
                &[
                    "record",
                    "add",
                    NAME,
                    "--month",
                    &month,
                    "--category",
                    "recyclable",
                    "--generated",
                    rec,
                    "--recycled",
                    rec,
                ],
            );
            ok(
                &db,
                &[
                    "record",
                    "add",
                    NAME,
                    "--month",
                    &month,
                    "--category",
                    "other",
                    "--generated",
                    gen,
                    "--incinerated",
                    gen,
                ],
            );
        }
    }
    ok(&db, &["cell", "set-status", NAME, "applying"]);
    ok(&db, &["cell", "set-status", NAME, "creating"]);
    ok(
        &db,
        &[
            "assess",
            "apply",
            NAME,
            "--letter-on",
            "2025-04-01",
            "--check-on",
            "2025-04-03",
            "--check-by",
            "市信用办",
            "--check-result",
            "clear",
            "--department",
            "市机关事务管理局",
        ],
    );
    let scores = |pts: &str| -> Vec<String> {
        let c = json(&db, &["assess", "criteria", "office"]);
        c[0]["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| {
                let max = i["max_points"].as_i64().unwrap();
                let p = if pts == "max" { max } else { max - 1 };
                format!("{}={p}", i["key"].as_str().unwrap())
            })
            .collect()
    };
    for (level, on, pts) in [
        ("county", "2025-05-10", "max-1"),
        ("city", "2025-06-10", "max"),
    ] {
        let s = scores(pts);
        let mut a = vec![
            "assess",
            "record",
            NAME,
            "--level",
            level,
            "--on",
            on,
            "--assessors",
            "张三、李四",
        ];
        for x in &s {
            a.push("--score");
            a.push(x);
        }
        ok(&db, &a);
    }
    ok(
        &db,
        &[
            "assess",
            "name",
            NAME,
            "--batch",
            "第 2 批",
            "--doc",
            "长无废办〔2025〕7号",
            "--on",
            "2025-07-01",
        ],
    );
    (d, db)
}

fn pdftotext(pdf: &Path) -> String {
    let o = tool("pdftotext", &["-layout", pdf.to_str().unwrap(), "-"])
        .expect("pdftotext is installed");
    assert!(o.status.success());
    String::from_utf8(o.stdout).unwrap()
}

#[test]
fn a_pass_at_city_level_moves_the_cell_to_accepted_and_naming_follows() {
    let (_d, db) = named_office();
    let c = json(&db, &["cell", "show", NAME]);
    assert_eq!(c["status"], "certified");
    assert_eq!(c["expires_on"], "2028-06-30");
    let l = json(&db, &["assess", "list", NAME]);
    assert_eq!(l["assessments"][0]["level"], "city");
    assert_eq!(l["assessments"][0]["passed"], true);
    assert_eq!(l["assessments"][1]["total"], 92);
}

#[test]
fn the_certification_pdf_reads_back_with_the_name_figures_and_an_embedded_subset_font() {
    let (d, db) = named_office();
    let pdf = d.path().join("cert.pdf");
    let r = json(
        &db,
        &[
            "report",
            "cert",
            NAME,
            "--out",
            pdf.to_str().unwrap(),
            "--from",
            "2025-01",
            "--to",
            "2025-03",
        ],
    );
    let bytes = std::fs::metadata(&pdf).unwrap().len();
    assert!(bytes < 100_000, "{bytes} bytes");
    let text = pdftotext(&pdf);
    let flat: String = text.split_whitespace().collect();
    assert!(flat.contains(NAME), "{text}");
    let no = r["report_no"].as_str().unwrap();
    let short = r["short_hash"].as_str().unwrap();
    // The number and short hash on every page.
    let pages: Vec<&str> = text
        .split('\u{c}')
        .filter(|p| !p.trim().is_empty())
        .collect();
    assert!(pages.len() >= 2, "{} pages", pages.len());
    for p in &pages {
        assert!(
            p.contains(no) && p.contains(short),
            "a page without the number: {p}"
        );
    }
    // The recycling rate printed equals the CLI's figure for the same period.
    let rates = json(
        &db,
        &["rates", NAME, "--from", "2025-01", "--to", "2025-03"],
    );
    let rate = rates["household"]["recycling_rate"].as_f64().unwrap();
    assert!(
        flat.contains(&format!("{rate:.2}%")),
        "{rate:.2}% not in {text}"
    );
    let gen = rates["household"]["generated_g"].as_i64().unwrap();
    assert!(flat.contains(&format!("{}kg", gen / 1000)), "{text}");
    for w in [
        "第2批",
        "长无废办〔2025〕7号",
        "2028-06-30",
        "市级验收",
        "签字",
        "盖章",
        "公式",
    ] {
        assert!(flat.contains(w), "{w} not in {text}");
    }
    // The change log's head printed on the report is one `zwl verify-head` accepts.
    let seq = r["head"]["seq"].as_i64().unwrap().to_string();
    let hash = r["head"]["hash"].as_str().unwrap();
    assert!(flat.contains(&format!("#{seq}{hash}")), "{text}");
    ok(&db, &["verify-head", &seq, &hash[..16]]);
    let fonts = tool("pdffonts", &[pdf.to_str().unwrap()]).expect("pdffonts is installed");
    let fonts = String::from_utf8(fonts.stdout).unwrap();
    let line = fonts.lines().nth(2).expect("a font");
    let cols: Vec<&str> = line.split_whitespace().collect();
    assert!(
        cols[0].len() > 7 && cols[0].as_bytes()[6] == b'+',
        "subset prefix: {fonts}"
    );
    assert!(line.contains("yes yes"), "embedded subset: {fonts}");
    let q = tool("qpdf", &["--check", pdf.to_str().unwrap()]).expect("qpdf is installed");
    assert!(q.status.success(), "{}", String::from_utf8_lossy(&q.stdout));
}

#[test]
fn verify_accepts_the_report_and_names_the_figure_that_changed() {
    let (d, db) = named_office();
    let pdf = d.path().join("cert.pdf");
    ok(
        &db,
        &[
            "report",
            "cert",
            NAME,
            "--out",
            pdf.to_str().unwrap(),
            "--from",
            "2025-01",
            "--to",
            "2025-03",
        ],
    );
    let v = json(&db, &["report", "verify", pdf.to_str().unwrap()]);
    assert_eq!(v["figures_match"], true);
    assert_eq!(v["file_matches_issue"], true);
    assert_eq!(v["head_status"]["status"], "extends");
    ok(
        &db,
        &[
            "record",
            "add",
            NAME,
            "--month",
            "2025-02",
            "--category",
            "recyclable",
            "--generated",
            "50",
            "--recycled",
            "50",
        ],
    );
    let o = zwl(&db, &["--json", "report", "verify", pdf.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["figures_match"], false);
    let changes = v["changes"].as_array().unwrap();
    let month = changes
        .iter()
        .find(|c| c["key"] == "month.2025-02.recyclable")
        .expect("the month's record is named");
    assert_eq!(month["before"], "96");
    assert_eq!(month["after"], "50");
    assert!(changes
        .iter()
        .any(|c| c["key"] == "household.recycling_rate"));
    let text =
        String::from_utf8(zwl(&db, &["report", "verify", pdf.to_str().unwrap()]).stdout).unwrap();
    assert!(text.contains("生活垃圾回收利用率"), "{text}");
}

#[test]
fn a_file_that_is_not_a_report_is_refused_with_its_name() {
    let (d, db) = named_office();
    let f = d.path().join("other.pdf");
    std::fs::write(&f, b"%PDF-1.4\n%%EOF\n").unwrap();
    let o = zwl(&db, &["report", "verify", f.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("other.pdf"));
}

/// A copy of `pdf` whose printed content hash (in its keywords, UTF-16 hex) has its last
/// digit changed.
fn with_other_hash(pdf: &[u8]) -> Vec<u8> {
    let key = b"/Keywords<";
    let at = pdf.windows(key.len()).position(|w| w == key).unwrap() + key.len();
    let end = at + pdf[at..].iter().position(|b| *b == b'>').unwrap();
    let mut out = pdf.to_vec();
    // The last UTF-16 unit is the hash's last hex digit: 0030–0039 or 0061–0066.
    let last = &mut out[end - 2..end];
    let swapped: &[u8] = if last == b"30" { b"31" } else { b"30" };
    last.copy_from_slice(swapped);
    out
}

#[test]
fn a_file_whose_printed_hash_was_altered_is_not_the_one_issued() {
    let (d, db) = named_office();
    let pdf = d.path().join("cert.pdf");
    ok(
        &db,
        &[
            "report",
            "cert",
            NAME,
            "--out",
            pdf.to_str().unwrap(),
            "--from",
            "2025-01",
            "--to",
            "2025-03",
        ],
    );
    let forged = d.path().join("forged.pdf");
    std::fs::write(&forged, with_other_hash(&std::fs::read(&pdf).unwrap())).unwrap();
    let o = zwl(
        &db,
        &["--json", "report", "verify", forged.to_str().unwrap()],
    );
    assert_eq!(o.status.code(), Some(2));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["file_matches_issue"], false);
    assert_eq!(v["figures_match"], true, "the ledger itself did not change");
}

//! How the CLI prints: aligned text for people, JSON (`--json`) for scripts.

use serde::Serialize;

/// Prints `value` as pretty JSON (a closed pipe, as with `| head`, is not an error).
pub fn json<T: Serialize>(value: &T) {
    use std::io::Write;
    match serde_json::to_string_pretty(value) {
        Ok(s) => {
            let _ = writeln!(std::io::stdout().lock(), "{s}");
        }
        Err(e) => eprintln!("error: {e}"),
    }
}

/// Prints an error: the Chinese message and every field, or a JSON object with `--json`.
pub fn print_error(e: &zwl::Error, as_json: bool) {
    if as_json {
        json(&serde_json::json!({ "error": zwl::api::ApiError::from(e) }));
        return;
    }
    eprintln!("错误 [{}]：{}", e.code(), e.headline_zh());
    for f in e.fields() {
        let at = f.row.map(|r| format!("第 {r} 行 ")).unwrap_or_default();
        eprintln!(
            "  {at}{}（{}）：{} / {}",
            zwl::error::field_label_zh(&f.field),
            f.field,
            f.message_zh,
            f.message_en
        );
    }
}

/// Prints rows as a table with aligned columns (CJK characters count double).
pub fn table(headers: &[&str], rows: &[Vec<String>]) {
    let width = |s: &str| -> usize {
        s.chars()
            .map(|c| if (c as u32) >= 0x2E80 { 2 } else { 1 })
            .sum()
    };
    let mut w: Vec<usize> = headers.iter().map(|h| width(h)).collect();
    for r in rows {
        for (i, c) in r.iter().enumerate() {
            if i < w.len() {
                w[i] = w[i].max(width(c));
            }
        }
    }
    let line = |cells: Vec<&str>| {
        let mut s = String::new();
        for (i, c) in cells.iter().enumerate() {
            s.push_str(c);
            if i + 1 < cells.len() {
                s.push_str(&" ".repeat(w[i] - width(c) + 2));
            }
        }
        println!("{}", s.trim_end());
    };
    line(headers.to_vec());
    for r in rows {
        line(r.iter().map(String::as_str).collect());
    }
}

/// Prints what an import did; a file or rows imported before say "already imported".
pub fn imported(r: &zwl::csv_file::Imported, what_zh: &str, what_en: &str, as_json: bool) {
    if as_json {
        json(&serde_json::json!({
            "imported": r.added,
            "already": r.already,
            "imported_before": r.imported_before,
        }));
        return;
    }
    if let Some(at) = &r.imported_before {
        let at = zwl::construction::manifests::local_time(at);
        println!("已导入：该文件已于 {at} 导入，未写入任何数据 (already imported on {at}; nothing written)");
    } else if r.added == 0 && r.already > 0 {
        println!(
            "已导入：{n} 行均已在台账中，未写入任何数据 (already imported: all {n} rows are in the ledger; nothing written)",
            n = r.already
        );
    } else {
        let n = r.added;
        print!("已导入 {n} {what_zh} imported {n} {what_en}");
        if r.already > 0 {
            print!(
                "；另有 {} 行已在台账中，未重复写入 ({} already imported)",
                r.already, r.already
            );
        }
        println!();
    }
}

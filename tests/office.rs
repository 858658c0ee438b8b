//! The office's view through `zwl sync office`: the installations that sent bundles, and the
//! reporting areas that have sent nothing for a period.

use std::path::Path;
use std::process::Command;

fn zwl(db: &Path, args: &[&str]) -> String {
    let o = Command::new(env!("CARGO_BIN_EXE_zwl"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("ZWL_DB")
        .env("ZWL_MACHINE_ID", "office-test")
        .output()
        .expect("the zwl binary runs");
    assert!(
        o.status.success(),
        "zwl {args:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8(o.stdout).unwrap()
}

#[test]
fn the_office_sees_who_sent_bundles_and_which_areas_sent_nothing() {
    let d = tempfile::tempdir().unwrap();
    let a = d.path().join("district.db");
    let office = d.path().join("office.db");
    zwl(&a, &["init"]);
    zwl(
        &a,
        &[
            "setup",
            "--operator",
            "张三",
            "--name",
            "南关区分中心",
            "--code",
            "NG1",
        ],
    );
    zwl(
        &a,
        &[
            "cell",
            "add",
            "--name",
            "幸福小区",
            "--kind",
            "community",
            "--district",
            "220102",
        ],
    );
    zwl(
        &a,
        &[
            "record",
            "add",
            "幸福小区",
            "--month",
            "2026-01",
            "--category",
            "other",
            "--generated",
            "100",
        ],
    );
    let out = d.path().join("out");
    std::fs::create_dir_all(&out).unwrap();
    let exported: serde_json::Value = serde_json::from_str(&zwl(
        &a,
        &["--json", "sync", "export", "--out", out.to_str().unwrap()],
    ))
    .unwrap();
    let file = exported["file"].as_str().unwrap().to_string();
    zwl(&office, &["init"]);
    zwl(&office, &["operator", "李四"]);
    zwl(&office, &["sync", "import", &file]);
    let v: serde_json::Value = serde_json::from_str(&zwl(
        &office,
        &["--json", "sync", "office", "--period", "2026-01"],
    ))
    .unwrap();
    let senders = v["senders"].as_array().unwrap();
    assert_eq!(senders.len(), 1, "{v}");
    assert_eq!(senders[0]["code"], "NG1");
    assert_eq!(senders[0]["name"], "南关区分中心");
    assert_eq!(senders[0]["bundles"], 1);
    assert_eq!(senders[0]["last_file"].as_str().unwrap(), file);
    assert!(!senders[0]["newest"].as_str().unwrap().is_empty());
    let areas = v["areas"].as_array().unwrap();
    let nanguan = areas.iter().find(|x| x["code"] == "220102").unwrap();
    assert_eq!(nanguan["records"], 1);
    assert_eq!(nanguan["silent"], false);
    let chaoyang = areas.iter().find(|x| x["code"] == "220104").unwrap();
    assert_eq!(
        chaoyang["silent"], true,
        "no data dated in the period there"
    );
    // Another month: Nanguan has sent nothing for it.
    let feb: serde_json::Value = serde_json::from_str(&zwl(
        &office,
        &["--json", "sync", "office", "--period", "2026-02"],
    ))
    .unwrap();
    assert!(feb["areas"]
        .as_array()
        .unwrap()
        .iter()
        .all(|x| x["silent"] == true));
    let text = zwl(&office, &["sync", "office", "--period", "2026-01"]);
    assert!(
        text.contains("NG1") && text.contains("未报送 nothing sent"),
        "{text}"
    );
}

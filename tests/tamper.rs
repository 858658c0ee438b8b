//! Tamper evidence: each change made behind the ledger's back with plain SQL (as with the
//! sqlite3 shell) is found by `check`, which names what was changed; a forgery that
//! recomputes every hash is caught against a head seen before it.

use std::path::{Path, PathBuf};

use rusqlite::Connection;
use zwl::audit::images::show_id;
use zwl::cells::{self, CellDraft};
use zwl::demo::{generate, Spec};
use zwl::Ledger;

/// A ledger file with generated cells and records (bulk inserts), generated manifests, a
/// cell added with a reason and edited, and settings.
fn template(dir: &Path) -> PathBuf {
    let p = dir.join("template.db");
    let mut l = Ledger::open(&p).unwrap();
    l.set_setting("operator", "王芳").unwrap();
    generate(
        &mut l,
        &Spec {
            cells: 6,
            months: 3,
            ..Default::default()
        },
    )
    .unwrap();
    zwl::demo::construction::generate(&mut l, 8, 7).unwrap();
    let c = cells::add(
        &mut l,
        &CellDraft {
            name: "长春市测试局".into(),
            kind: "office".into(),
            uscc: "1122010052601815XA".into(),
            uscc_override: "登记机关核发的原始代码".into(),
            district: "220102".into(),
            headcount: "120".into(),
            ..Default::default()
        },
    )
    .unwrap();
    cells::set_status(&mut l, c.id, cells::Status::Applying, None, None).unwrap();
    l.set_setting("operator", "李娜").unwrap();
    let rep = zwl::audit::check(l.conn()).unwrap();
    assert!(rep.ok(), "{:?} {:?}", rep.integrity, rep.log_problems);
    p
}

fn one<T: rusqlite::types::FromSql>(c: &Connection, sql: &str) -> T {
    c.query_row(sql, [], |r| r.get(0)).unwrap()
}

/// The test cell's id, and the change sets of its insert and its status change.
fn cell(c: &Connection) -> (Vec<u8>, i64, i64) {
    let id: Vec<u8> = one(c, "SELECT id FROM cells WHERE name = '长春市测试局'");
    let sets: Vec<i64> = c
        .prepare("SELECT change_set FROM change_log WHERE row_id = ?1 ORDER BY seq")
        .unwrap()
        .query_map([&id], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    (id, sets[0], sets[1])
}

type Tamper = fn(&Connection) -> String;

/// Each tamper: what it does (as the sqlite3 shell would), and what `check` must name.
const TAMPERS: &[(&str, Tamper)] = &[
    ("a cell's name edited", |c| {
        let (id, _, last) = cell(c);
        c.execute("UPDATE cells SET name = '长春市某局' WHERE id = ?1", [&id])
            .unwrap();
        let _ = last;
        format!(
            "cells {}: differs from its last change-log entry",
            show_id(&id)
        )
    }),
    ("history text: a value after a change", |c| {
        let (id, _, last) = cell(c);
        c.execute(
            "UPDATE change_log SET delta = CAST(replace(delta, CAST('applying' AS BLOB),
                 CAST('assessed' AS BLOB)) AS BLOB) WHERE row_id = ?1 AND change_set = ?2",
            (&id, last),
        )
        .unwrap();
        format!("chain: change set {last} ")
    }),
    ("history text: a value before a change", |c| {
        let (id, _, last) = cell(c);
        c.execute(
            "UPDATE change_log SET delta = CAST(replace(delta, CAST('planned' AS BLOB),
                 CAST('created' AS BLOB)) AS BLOB) WHERE row_id = ?1 AND change_set = ?2",
            (&id, last),
        )
        .unwrap();
        format!("chain: change set {last} ")
    }),
    ("history text: a value of an insert", |c| {
        let (id, first, _) = cell(c);
        c.execute(
            "UPDATE change_log SET delta = CAST(replace(delta, CAST('测试' AS BLOB),
                 CAST('某某' AS BLOB)) AS BLOB) WHERE row_id = ?1 AND change_set = ?2",
            (&id, first),
        )
        .unwrap();
        format!("chain: change set {first} ")
    }),
    ("history text: a reason", |c| {
        let (id, first, _) = cell(c);
        c.execute(
            "UPDATE change_log SET reason = '无' WHERE row_id = ?1 AND change_set = ?2",
            (&id, first),
        )
        .unwrap();
        format!("chain: change set {first} ")
    }),
    ("an entry's action", |c| {
        let (id, _, last) = cell(c);
        c.execute(
            "UPDATE change_log SET action = 'insert' WHERE row_id = ?1 AND change_set = ?2",
            (&id, last),
        )
        .unwrap();
        format!("chain: change set {last} ")
    }),
    ("a change set's operator (who)", |c| {
        let (_, first, _) = cell(c);
        c.execute(
            "UPDATE change_sets SET operator = '张三' WHERE id = ?1",
            [first],
        )
        .unwrap();
        format!("chain: change set {first} ")
    }),
    ("a change set's time (when)", |c| {
        let (_, first, _) = cell(c);
        c.execute(
            "UPDATE change_sets SET at = at - 86400000 WHERE id = ?1",
            [first],
        )
        .unwrap();
        format!("chain: change set {first} ")
    }),
    ("an entry deleted", |c| {
        let (id, _, last) = cell(c);
        c.execute(
            "DELETE FROM change_log WHERE row_id = ?1 AND change_set = ?2",
            (&id, last),
        )
        .unwrap();
        format!("chain: change set {last} ")
    }),
    ("a whole change set deleted with its entries", |c| {
        let (_, _, last) = cell(c);
        c.execute("DELETE FROM change_log WHERE change_set = ?1", [last])
            .unwrap();
        c.execute("DELETE FROM change_sets WHERE id = ?1", [last])
            .unwrap();
        "chain: change set ".to_string() + &(last + 1).to_string()
    }),
    ("a row and its log entries deleted together", |c| {
        let (id, first, _) = cell(c);
        // With what hangs from the row (its activity figures), as a forger would.
        c.execute("DELETE FROM cell_activity WHERE cell_id = ?1", [&id])
            .unwrap();
        c.execute("DELETE FROM cells WHERE id = ?1", [&id]).unwrap();
        c.execute("DELETE FROM cells_fts WHERE cell = ?1", [&id])
            .unwrap();
        c.execute("DELETE FROM change_log WHERE row_id = ?1", [&id])
            .unwrap();
        format!("chain: change set {first} ")
    }),
    ("a forged entry with the row hash recomputed", |c| {
        let (id, _, last) = cell(c);
        c.execute("UPDATE cells SET status = 'assessed' WHERE id = ?1", [&id])
            .unwrap();
        let h = zwl::audit::hash_of(c, "cells", &id).unwrap().unwrap();
        c.execute(
            "UPDATE change_log SET after_hash = ?3, delta = CAST(replace(delta,
                 CAST('applying' AS BLOB), CAST('assessed' AS BLOB)) AS BLOB)
             WHERE row_id = ?1 AND change_set = ?2",
            (&id, last, h),
        )
        .unwrap();
        format!("chain: change set {last} ")
    }),
    ("an entry moved to another change set", |c| {
        let (id, first, last) = cell(c);
        c.execute(
            "UPDATE change_log SET change_set = ?3 WHERE row_id = ?1 AND change_set = ?2",
            (&id, last, first),
        )
        .unwrap();
        format!("chain: change set {first} ")
    }),
    ("a setting's value", |c| {
        c.execute(
            "UPDATE settings SET value = '赵六' WHERE key = 'operator'",
            [],
        )
        .unwrap();
        "settings operator: differs".into()
    }),
    ("a setting added", |c| {
        c.execute(
            "INSERT INTO settings (key, value, updated_at) VALUES ('language', 'en', '2026-01-01')",
            [],
        )
        .unwrap();
        "settings language: no change-log entry".into()
    }),
    ("a waste category's name", |c| {
        c.execute(
            "UPDATE waste_categories SET name_zh = '可燃物' WHERE key = 'other'",
            [],
        )
        .unwrap();
        let id: Vec<u8> = c
            .query_row(
                "SELECT id FROM waste_categories WHERE key = 'other'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        let id = uuid::Uuid::from_slice(&id).unwrap();
        format!("waste_categories {id}: differs")
    }),
    ("a kind of cell's rule", |c| {
        c.execute(
            "UPDATE cell_kinds SET uscc_required = 0 WHERE key = 'office'",
            [],
        )
        .unwrap();
        "cell_kinds ".into()
    }),
    ("a district alias", |c| {
        c.execute(
            "UPDATE district_aliases SET code = '220102' WHERE old_code = '220181'",
            [],
        )
        .unwrap();
        "district_aliases 220181: differs".into()
    }),
    ("a district's name", |c| {
        c.execute(
            "UPDATE districts SET name = '新区' WHERE code = '220102'",
            [],
        )
        .unwrap();
        "districts ".into()
    }),
    ("meta: the installation id", |c| {
        c.execute(
            "UPDATE meta SET value = '01900000-0000-7000-8000-000000000000'
             WHERE key = 'installation_id'",
            [],
        )
        .unwrap();
        "meta installation_id: differs".into()
    }),
    ("meta: the log counter", |c| {
        c.execute("UPDATE meta SET value = '3' WHERE key = 'log_seq'", [])
            .unwrap();
        "meta: log_seq is 3".into()
    }),
    ("an installation's id", |c| {
        c.execute(
            "UPDATE installations SET id = '01900000-0000-7000-8000-000000000001'",
            [],
        )
        .unwrap();
        "installations ".into()
    }),
    ("a bulk-inserted record edited", |c| {
        c.execute(
            "UPDATE cell_records SET generated_g = generated_g * 2
             WHERE id = (SELECT max(id) FROM cell_records)",
            [],
        )
        .unwrap();
        "cell_records: bulk insert block ".into()
    }),
    ("a bulk-inserted record deleted", |c| {
        c.execute(
            "DELETE FROM cell_records WHERE id = (SELECT min(id) FROM cell_records)",
            [],
        )
        .unwrap();
        "cell_records: bulk insert block ".into()
    }),
    ("a record inserted without an entry", |c| {
        c.execute(
            "INSERT INTO cell_records SELECT randomblob(16), cell_id, '2001-01', category,
                 generated_g, recycled_g, composted_g, incinerated_g, landfilled_g, created_at,
                 updated_at, origin, 424242, deleted FROM cell_records LIMIT 1",
            [],
        )
        .unwrap();
        "no change-log entry (clock 424242)".into()
    }),
    ("a generated manifest's quantity", |c| {
        c.execute(
            "UPDATE cw_manifests SET received_qty = 1 WHERE number = (SELECT min(number) FROM cw_manifests)",
            [],
        )
        .unwrap();
        "cw_manifests".into()
    }),
    ("a bulk block's row count", |c| {
        let seq: i64 = one(
            c,
            "SELECT min(seq) FROM change_log WHERE action = 'bulk_insert'",
        );
        c.execute(
            "UPDATE change_log SET after_hash = after_hash + 1 WHERE seq = ?1",
            [seq],
        )
        .unwrap();
        let cs: i64 = one(
            c,
            &format!("SELECT change_set FROM change_log WHERE seq = {seq}"),
        );
        format!("chain: change set {cs} ")
    }),
    ("a column's name in the log's dictionary", |c| {
        c.execute(
            "UPDATE change_columns SET name = 'statux' WHERE tbl = 'cells' AND name = 'status'",
            [],
        )
        .unwrap();
        "chain: change set ".into()
    }),
];

#[test]
fn every_tamper_made_behind_the_ledger_is_found_and_named() {
    let dir = tempfile::tempdir().unwrap();
    let template = template(dir.path());
    let mut missed = Vec::new();
    for (i, (what, tamper)) in TAMPERS.iter().enumerate() {
        let p = dir.path().join(format!("t{i}.db"));
        std::fs::copy(&template, &p).unwrap();
        let c = Connection::open(&p).unwrap();
        let expect = tamper(&c);
        let rep = zwl::audit::check(&c).unwrap();
        let all = rep.log_problems.join("\n");
        if rep.ok() || !all.contains(&expect) {
            missed.push(format!(
                "{what}: expected «{expect}», got {:?}",
                rep.log_problems
            ));
        }
    }
    assert!(TAMPERS.len() >= 27);
    assert!(missed.is_empty(), "missed:\n{}", missed.join("\n"));
}

/// What a forger with the file can do: recompute every link from the first one that no
/// longer holds, with the same public algorithm the ledger uses.
fn reseal(c: &Connection) {
    loop {
        let w = zwl::audit::chain::walk(c).unwrap();
        let Some(l) = w
            .links
            .iter()
            .find(|l| l.stored.as_deref() != Some(&l.computed[..]))
        else {
            return;
        };
        c.execute(
            "UPDATE change_sets SET hash = ?2 WHERE id = ?1",
            (l.id, &l.computed[..]),
        )
        .unwrap();
    }
}

#[test]
fn a_forgery_that_recomputes_every_hash_is_caught_against_a_head_seen_before_it() {
    let dir = tempfile::tempdir().unwrap();
    let p = template(dir.path());
    // A report made today prints the head; the ledger notes that it showed it.
    let seen = {
        let l = Ledger::open(&p).unwrap();
        let h = zwl::audit::head(l.conn()).unwrap();
        zwl::audit::chain::note_head(l.conn(), &h, "report").unwrap();
        h
    };
    // Later work extends the chain: the old head is still extended.
    {
        let mut l = Ledger::open(&p).unwrap();
        l.set_setting("operator", "王芳").unwrap();
        assert_eq!(
            zwl::audit::verify_head(l.conn(), seen.seq, &seen.hash).unwrap(),
            zwl::audit::HeadStatus::Extends
        );
        assert_eq!(
            zwl::audit::verify_head(l.conn(), seen.seq, &seen.short).unwrap(),
            zwl::audit::HeadStatus::Extends,
            "the short printed form is enough"
        );
    }

    // The forger changes a status, fixes the entry and its row hash, and reseals the chain.
    let c = Connection::open(&p).unwrap();
    let (id, _, last) = cell(&c);
    assert!(last < seen.seq);
    c.execute("UPDATE cells SET status = 'assessed' WHERE id = ?1", [&id])
        .unwrap();
    let h = zwl::audit::hash_of(&c, "cells", &id).unwrap().unwrap();
    c.execute(
        "UPDATE change_log SET after_hash = ?3, delta = CAST(replace(delta,
             CAST('applying' AS BLOB), CAST('assessed' AS BLOB)) AS BLOB)
         WHERE row_id = ?1 AND change_set = ?2",
        (&id, last, h),
    )
    .unwrap();
    reseal(&c);

    // The file alone is consistent again, except for the head it had shown.
    let rep = zwl::audit::check(&c).unwrap();
    assert_eq!(rep.log_problem_count, 1, "{:?}", rep.log_problems);
    assert!(
        rep.log_problems[0].contains(&format!(
            "history rewritten: it no longer extends head #{}",
            seen.seq
        )),
        "{:?}",
        rep.log_problems
    );
    // Cleared of its memory of heads, the file passes: only a head kept elsewhere catches it.
    c.execute("DELETE FROM chain_heads", []).unwrap();
    assert!(zwl::audit::check(&c).unwrap().ok());
    assert_eq!(
        zwl::audit::verify_head(&c, seen.seq, &seen.hash).unwrap(),
        zwl::audit::HeadStatus::Rewritten
    );
    assert_eq!(
        zwl::audit::verify_head(&c, seen.seq, &seen.short).unwrap(),
        zwl::audit::HeadStatus::Rewritten
    );
}

#[test]
fn a_ledger_cut_back_to_an_older_copy_does_not_extend_a_newer_head() {
    let dir = tempfile::tempdir().unwrap();
    let p = template(dir.path());
    let old = dir.path().join("old.db");
    std::fs::copy(&p, &old).unwrap();
    let mut l = Ledger::open(&p).unwrap();
    l.set_setting("operator", "王芳").unwrap();
    let newer = zwl::audit::head(l.conn()).unwrap();
    let c = Connection::open(&old).unwrap();
    assert_eq!(
        zwl::audit::verify_head(&c, newer.seq, &newer.hash).unwrap(),
        zwl::audit::HeadStatus::Rewritten
    );
}

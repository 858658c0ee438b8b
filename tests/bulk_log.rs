//! The change log of a bulk insert: block entries are written as the blocks are cut.

use zwl::Ledger;

fn entries(w: &zwl::db::Writer<'_>) -> i64 {
    w.tx()
        .query_row(
            "SELECT count(*) FROM change_log WHERE change_set = ?1",
            [w.clock()],
            |r| r.get(0),
        )
        .unwrap()
}

fn id(n: u32) -> [u8; 16] {
    let mut b = [0u8; 16];
    b[12..].copy_from_slice(&n.to_be_bytes());
    b
}

#[test]
fn a_full_block_is_written_when_cut_unless_a_row_s_entry_comes_before_it() {
    let mut l = Ledger::open_in_memory().unwrap();
    l.write(|w| {
        for n in 1..1000 {
            w.log_bulk_row("cells", &id(n), 0)?;
        }
        assert_eq!(entries(w), 0, "a block is not cut before 1,000 rows");
        w.log_bulk_row("cells", &id(1000), 0)?;
        assert_eq!(entries(w), 1, "the cut block is written at once");
        // A row's entry may still change until the end: the blocks after it wait.
        w.log("districts", b"220102", None, None)?;
        for n in 1001..=2000 {
            w.log_bulk_row("cells", &id(n), 0)?;
        }
        assert_eq!(entries(w), 1);
        Ok(())
    })
    .unwrap();
    let n: i64 = l
        .conn()
        .query_row(
            "SELECT count(*) FROM change_log WHERE action = 'bulk_insert'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(n, 2, "every block is written by the commit");
}

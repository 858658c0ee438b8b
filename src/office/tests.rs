use super::*;
use chrono::NaiveDate;

#[test]
fn a_period_is_a_month_a_year_or_a_range_and_last_month_by_default() {
    let today = NaiveDate::from_ymd_opt(2026, 3, 15).unwrap();
    assert_eq!(
        period("", today).unwrap(),
        ("2026-02".into(), "2026-02".into())
    );
    let jan = NaiveDate::from_ymd_opt(2026, 1, 5).unwrap();
    assert_eq!(
        period("", jan).unwrap(),
        ("2025-12".into(), "2025-12".into())
    );
    assert_eq!(
        period("2025", today).unwrap(),
        ("2025-01".into(), "2025-12".into())
    );
    assert_eq!(
        period("2025-11..2026-01", today).unwrap(),
        ("2025-11".into(), "2026-01".into())
    );
    assert!(period("2026-13", today).is_err());
    assert!(period("2026-03..2026-01", today).is_err());
}

#[test]
fn a_ledger_without_imports_has_no_senders_and_every_area_silent() {
    let l = crate::Ledger::open_in_memory().unwrap();
    let v = view(l.conn(), "2026-01").unwrap();
    assert!(v.senders.is_empty());
    assert!(!v.areas.is_empty());
    assert!(v.areas.iter().all(|a| a.silent));
    assert!(v.areas.iter().any(|a| a.code == "SBJ"));
}

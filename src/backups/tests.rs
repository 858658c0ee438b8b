use super::*;
use chrono::TimeZone;

fn ledger(dir: &Path) -> Ledger {
    Ledger::create(dir.join("ledger.db")).unwrap()
}

fn at(y: i32, m: u32, d: u32, h: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, h, 0, 0).unwrap()
}

fn touch(folder: &Path, what: &str, at: DateTime<Utc>) {
    std::fs::create_dir_all(folder).unwrap();
    let stamp = at.format("%Y%m%dT%H%M%S%3fZ");
    std::fs::write(folder.join(format!("ledger.db.{what}-{stamp}.bak")), b"x").unwrap();
}

#[test]
fn an_automatic_backup_is_taken_when_none_is_there_and_not_again_within_the_period() {
    let dir = tempfile::tempdir().unwrap();
    let l = ledger(dir.path());
    let db = l.path().unwrap().to_path_buf();
    let first = auto_at(&db, Utc::now());
    assert!(first.error_zh.is_none(), "{first:?}");
    let taken = first.taken.expect("a backup is due: none was taken before");
    assert!(taken.path.contains("/backups/"), "{}", taken.path);
    assert!(Ledger::open_existing(&taken.path).is_ok(), "a whole ledger");
    let again = auto_at(&db, Utc::now() + chrono::Duration::hours(23));
    assert!(again.taken.is_none(), "a day has not passed");
    let later = auto_at(&db, Utc::now() + chrono::Duration::hours(25));
    assert!(later.taken.is_some(), "a day has passed");
    assert_eq!(
        list(&l)
            .unwrap()
            .iter()
            .filter(|b| b.kind == BackupKind::Automatic)
            .count(),
        2
    );
}

#[test]
fn automatic_backups_off_takes_none() {
    let dir = tempfile::tempdir().unwrap();
    let mut l = ledger(dir.path());
    l.set_setting("backup.every", "off").unwrap();
    let out = auto_at(l.path().unwrap(), Utc::now());
    assert!(out.taken.is_none() && out.error_zh.is_none());
}

#[test]
fn rotation_keeps_the_newest_automatic_backups_and_never_removes_other_kinds() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("ledger.db");
    let folder = dir.path().join("backups");
    for d in 1..=20 {
        touch(&folder, "auto", at(2026, 1, d, 8));
    }
    touch(&folder, "manual", at(2025, 1, 1, 8));
    touch(dir.path(), "upgrade-v4", at(2025, 2, 1, 8));
    touch(dir.path(), "sync-import", at(2025, 3, 1, 8));
    touch(dir.path(), "before-restore", at(2025, 4, 1, 8));
    let removed = rotate(&db, &folder, 14);
    assert_eq!(removed.len(), 6);
    let left = list_at(&db, &folder);
    let autos: Vec<&BackupFile> = left
        .iter()
        .filter(|b| b.kind == BackupKind::Automatic)
        .collect();
    assert_eq!(autos.len(), 14);
    assert_eq!(autos.last().unwrap().taken_at, "2026-01-07T08:00:00Z");
    for kind in [
        BackupKind::Manual,
        BackupKind::BeforeUpgrade,
        BackupKind::BeforeImport,
        BackupKind::BeforeRestore,
    ] {
        assert!(left.iter().any(|b| b.kind == kind), "{kind:?} kept");
    }
}

#[test]
fn the_list_is_newest_first_with_kind_time_and_size() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("ledger.db");
    let folder = dir.path().join("backups");
    touch(&folder, "auto", at(2026, 3, 1, 8));
    touch(&folder, "manual", at(2026, 3, 2, 8));
    touch(dir.path(), "upgrade-v4", at(2026, 2, 1, 8));
    std::fs::write(folder.join("other.db.auto-20260101T000000000Z.bak"), b"x").unwrap();
    std::fs::write(folder.join("notes.txt"), b"x").unwrap();
    let l = list_at(&db, &folder);
    let kinds: Vec<BackupKind> = l.iter().map(|b| b.kind).collect();
    assert_eq!(
        kinds,
        [
            BackupKind::Manual,
            BackupKind::Automatic,
            BackupKind::BeforeUpgrade
        ]
    );
    assert_eq!(l[0].size, 1);
    assert_eq!(l[0].taken_at, "2026-03-02T08:00:00Z");
}

#[test]
fn the_backup_folder_setting_is_relative_to_the_ledger() {
    let dir = tempfile::tempdir().unwrap();
    let mut l = ledger(dir.path());
    l.set_setting("backup.dir", "copies").unwrap();
    let b = take_now(&l).unwrap();
    assert!(Path::new(&b.path).starts_with(dir.path().join("copies")));
    assert_eq!(b.kind, BackupKind::Manual);
    assert_eq!(list(&l).unwrap().len(), 1);
}

#[test]
fn backup_settings_out_of_range_are_refused_with_the_range() {
    let dir = tempfile::tempdir().unwrap();
    let mut l = ledger(dir.path());
    let e = l.set_setting("backup.every", "hourly").unwrap_err();
    assert!(
        e.message_en().contains("off, daily, weekly or monthly"),
        "{}",
        e.message_en()
    );
    let e = l.set_setting("backup.keep", "0").unwrap_err();
    assert!(e.message_en().contains("1 to 1000"), "{}", e.message_en());
    l.set_setting("backup.keep", "3").unwrap();
}

#[test]
fn a_manual_backup_to_a_file_never_writes_over_one() {
    let dir = tempfile::tempdir().unwrap();
    let l = ledger(dir.path());
    let dest = dir.path().join("mine.bak");
    take_to(&l, &dest).unwrap();
    assert!(take_to(&l, &dest).is_err());
}

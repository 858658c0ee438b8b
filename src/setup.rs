//! Creating a ledger and what a new ledger starts with: the Changchun city profile and the
//! four kinds of cell the plan names. All of it is ordinary data that a clerk can change
//! afterwards. This lives above [`crate::db`], which builds the schema and the identity and
//! runs [`seed`] in the new ledger's first write.

use std::path::Path;

use crate::db::{Ledger, Writer};
use crate::error::Result;
use crate::profile::{self, CellKind, District};

impl Ledger {
    /// Opens the ledger at `path`, creating a new one when no file is there. For tests and
    /// scratch databases: the CLI and the window create only when asked ([`Ledger::create`])
    /// and otherwise use [`Ledger::open_existing`].
    pub fn open(path: impl AsRef<Path>) -> Result<Ledger> {
        let path = path.as_ref();
        if path.exists() {
            Self::open_existing(path)
        } else {
            Self::create(path)
        }
    }

    /// Creates a new ledger at `path` (the folder must exist) with the city profile, and
    /// opens it. Refused when a file is already there.
    pub fn create(path: impl AsRef<Path>) -> Result<Ledger> {
        Self::create_seeded(path.as_ref(), seed)
    }

    /// A new ledger in memory with the city profile, for tests.
    pub fn open_in_memory() -> Result<Ledger> {
        Self::in_memory_seeded(seed)
    }

    /// Validates and stores a setting; a new operator name applies to the next write.
    pub fn set_setting(&mut self, key: &str, value: &str) -> Result<()> {
        self.write(|w| profile::set_setting(w, key, value))?;
        self.load_identity()
    }
}

/// Division codes of Changchun (2023 statistical codes; 2201 7x are development zones).
const DIVISIONS_CSV: &str = include_str!("../data/divisions-changchun.csv");

/// The English name the city profile gives division `code` (the data file's `name_en`).
pub(crate) fn division_name_en(code: &str) -> Option<&'static str> {
    DIVISIONS_CSV.lines().skip(1).find_map(|line| {
        let f: Vec<&str> = line.split(',').map(str::trim).collect();
        (f.first() == Some(&code))
            .then(|| f.get(3).copied())
            .flatten()
            .filter(|n| !n.is_empty())
    })
}

/// The seeded kinds: key, Chinese, English, USCC required, denominator.
const KINDS: &[(&str, &str, &str, bool, &str)] = &[
    ("office", "机关", "Government office", true, "headcount"),
    (
        "community",
        "小区",
        "Residential community",
        false,
        "households",
    ),
    ("factory", "工厂", "Factory", true, "headcount"),
    ("school", "学校", "School", true, "headcount"),
];

/// Writes what a new ledger starts with: districts and their old codes, waste streams and
/// categories, the kinds of cell and their denominators.
pub fn seed(w: &mut Writer<'_>) -> Result<()> {
    for line in DIVISIONS_CSV.lines().skip(1) {
        let f: Vec<&str> = line.split(',').map(str::trim).collect();
        if f.len() < 3 || f[2] == "city" {
            continue;
        }
        profile::put_district(
            w,
            &District {
                code: f[0].into(),
                name: f[1].into(),
                kind: f[2].into(),
                name_en: None,
            },
        )?;
    }
    // 九台市 became 九台区 in 2014; 公主岭市 moved from 四平 (220381) to 长春 (220184) in
    // 2020. Older data still carries the old codes.
    w.tx().execute(
        "INSERT INTO district_aliases (old_code, code, note) VALUES
            ('220181', '220113', '九台市撤市设区（2014）'),
            ('220381', '220184', '公主岭市由四平市划归长春市（2020）')",
        [],
    )?;
    crate::cells::seed::streams_and_categories(w)?;
    for (key, zh, en, req, den) in KINDS {
        profile::add_kind(
            w,
            &CellKind {
                key: key.to_string(),
                name_zh: zh.to_string(),
                name_en: en.to_string(),
                uscc_required: *req,
                denominator: den.to_string(),
            },
        )?;
    }
    crate::cells::seed::denominators(w)
}

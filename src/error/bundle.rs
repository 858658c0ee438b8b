//! Why a sync bundle was refused: each a stable code and a message in Chinese and English
//! that says what was wrong and where (the part, the row, the field). A refused bundle
//! leaves the ledger exactly as it was.

/// What was wrong with a sync bundle.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BundleProblem {
    /// The file is not a zip archive (or its directory is unreadable: cut short).
    NotAnArchive,
    /// The file is larger than any bundle is allowed to be.
    TooLarge {
        /// Its size in bytes.
        size: u64,
        /// The largest accepted.
        max: u64,
    },
    /// An entry of the archive has a name a bundle never has (`../`, an absolute path, a
    /// name that is neither the manifest nor a known part, a duplicate).
    BadEntry {
        /// The name as stored.
        name: String,
        /// Why (English; the Chinese is chosen from the same cause).
        why: EntryWhy,
    },
    /// An entry would unpack beyond the caps (size or compression ratio: a zip bomb).
    Bomb {
        /// The entry.
        name: String,
        /// Its declared size.
        size: u64,
        /// Its compressed size.
        packed: u64,
    },
    /// The manifest is missing or unreadable.
    BadManifest(String),
    /// The bundle's format is newer than this program reads.
    FormatTooNew {
        /// The bundle's format version.
        found: i64,
        /// The newest this program reads.
        supported: i64,
    },
    /// The bundle was written by a ledger of a newer schema.
    SchemaTooNew {
        /// The bundle's schema version.
        found: i64,
        /// This ledger's.
        supported: i64,
    },
    /// A part's bytes are not what the manifest declares (size or SHA-256): tampered,
    /// damaged or cut short.
    Checksum {
        /// The part.
        part: String,
    },
    /// A part the manifest lists is missing from the archive.
    MissingPart {
        /// The part.
        part: String,
    },
    /// A row of a part breaks a rule of the format or the ledger.
    BadRow {
        /// The table.
        table: String,
        /// The 1-based row (line) of its part.
        row: u64,
        /// The field, when one is to blame.
        field: String,
        /// What is wrong (English).
        en: String,
        /// What is wrong (Chinese).
        zh: String,
    },
    /// A row's id comes twice (or out of order) in its part.
    DuplicateId {
        /// The table.
        table: String,
        /// The 1-based row.
        row: u64,
        /// The id or key.
        id: String,
    },
    /// The bundle was written by this installation itself.
    OwnBundle,
}

/// Why an archive entry's name is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntryWhy {
    /// An absolute path or a drive letter.
    Absolute,
    /// A `..` component.
    Parent,
    /// Not a name a bundle has.
    Unexpected,
    /// The same name twice.
    Duplicate,
}

impl BundleProblem {
    /// The stable code.
    pub fn code(&self) -> &'static str {
        match self {
            BundleProblem::NotAnArchive => "bundle_not_archive",
            BundleProblem::TooLarge { .. } => "bundle_too_large",
            BundleProblem::BadEntry { .. } => "bundle_bad_entry",
            BundleProblem::Bomb { .. } => "bundle_bomb",
            BundleProblem::BadManifest(_) => "bundle_bad_manifest",
            BundleProblem::FormatTooNew { .. } => "bundle_format_too_new",
            BundleProblem::SchemaTooNew { .. } => "bundle_schema_too_new",
            BundleProblem::Checksum { .. } => "bundle_checksum",
            BundleProblem::MissingPart { .. } => "bundle_missing_part",
            BundleProblem::BadRow { .. } => "bundle_bad_row",
            BundleProblem::DuplicateId { .. } => "bundle_duplicate_id",
            BundleProblem::OwnBundle => "bundle_own",
        }
    }

    /// The message in Chinese.
    pub fn message_zh(&self) -> String {
        let tail = "同步包被拒绝，台账未做任何更改";
        match self {
            BundleProblem::NotAnArchive => {
                format!("此文件不是同步包（不是 zip 压缩包，或文件不完整、被截断）；{tail}")
            }
            BundleProblem::TooLarge { size, max } => {
                format!("同步包大小为 {size} 字节，超过上限 {max} 字节；{tail}")
            }
            BundleProblem::BadEntry { name, why } => {
                let w = match why {
                    EntryWhy::Absolute => "是绝对路径",
                    EntryWhy::Parent => "含“..”上级目录",
                    EntryWhy::Unexpected => "不是同步包应有的文件",
                    EntryWhy::Duplicate => "重复出现",
                };
                format!("同步包中的条目“{name}”{w}；{tail}")
            }
            BundleProblem::Bomb { name, size, packed } => format!(
                "同步包中的条目“{name}”声明解压后 {size} 字节（压缩后 {packed} 字节），超过大小或压缩比上限（疑似压缩炸弹）；{tail}"
            ),
            BundleProblem::BadManifest(m) => {
                format!("同步包的清单 manifest.json 缺失或无法读取（{m}）；{tail}")
            }
            BundleProblem::FormatTooNew { found, supported } => format!(
                "同步包格式版本为 {found}，高于本程序支持的 {supported}，请先升级本程序；{tail}"
            ),
            BundleProblem::SchemaTooNew { found, supported } => format!(
                "同步包来自数据库版本 {found} 的台账，高于本台账的版本 {supported}，请先升级本程序；{tail}"
            ),
            BundleProblem::Checksum { part } => format!(
                "同步包中的“{part}”与清单记录的大小或 SHA-256 校验值不符（文件被改动、损坏或不完整）；{tail}"
            ),
            BundleProblem::MissingPart { part } => {
                format!("同步包缺少清单中列出的“{part}”；{tail}")
            }
            BundleProblem::BadRow {
                table,
                row,
                field,
                zh,
                ..
            } => {
                if field.is_empty() {
                    format!("同步包表 {table} 第 {row} 行：{zh}；{tail}")
                } else {
                    format!(
                        "同步包表 {table} 第 {row} 行“{}”：{zh}；{tail}",
                        super::field_names(field).0
                    )
                }
            }
            BundleProblem::DuplicateId { table, row, id } => format!(
                "同步包表 {table} 第 {row} 行的编号 {id} 重复（或未按编号排序）；{tail}"
            ),
            BundleProblem::OwnBundle => {
                format!("这是本机自己导出的同步包，无需导入；{tail}")
            }
        }
    }

    /// The message in English.
    pub fn message_en(&self) -> String {
        let tail = "the bundle was refused and the ledger is unchanged";
        match self {
            BundleProblem::NotAnArchive => format!(
                "this file is not a sync bundle (not a zip archive, or incomplete or cut short); {tail}"
            ),
            BundleProblem::TooLarge { size, max } => {
                format!("the bundle has {size} bytes, more than the largest accepted, {max} bytes; {tail}")
            }
            BundleProblem::BadEntry { name, why } => {
                let w = match why {
                    EntryWhy::Absolute => "is an absolute path",
                    EntryWhy::Parent => "climbs out of the archive with “..”",
                    EntryWhy::Unexpected => "is not a file a bundle has",
                    EntryWhy::Duplicate => "comes twice",
                };
                format!("the entry “{name}” of the bundle {w}; {tail}")
            }
            BundleProblem::Bomb { name, size, packed } => format!(
                "the entry “{name}” declares {size} bytes unpacked from {packed} bytes packed, beyond the size or compression-ratio caps (a zip bomb?); {tail}"
            ),
            BundleProblem::BadManifest(m) => {
                format!("the bundle's manifest.json is missing or unreadable ({m}); {tail}")
            }
            BundleProblem::FormatTooNew { found, supported } => format!(
                "the bundle has format version {found}, newer than the {supported} this program reads; upgrade the program; {tail}"
            ),
            BundleProblem::SchemaTooNew { found, supported } => format!(
                "the bundle comes from a ledger of schema version {found}, newer than this ledger's {supported}; upgrade the program; {tail}"
            ),
            BundleProblem::Checksum { part } => format!(
                "“{part}” in the bundle does not match the size or SHA-256 its manifest records (changed, damaged or cut short); {tail}"
            ),
            BundleProblem::MissingPart { part } => {
                format!("the bundle lacks “{part}”, which its manifest lists; {tail}")
            }
            BundleProblem::BadRow {
                table,
                row,
                field,
                en,
                ..
            } => {
                if field.is_empty() {
                    format!("table {table} of the bundle, row {row}: {en}; {tail}")
                } else {
                    format!(
                        "table {table} of the bundle, row {row}, {}: {en}; {tail}",
                        super::field_names(field).1
                    )
                }
            }
            BundleProblem::DuplicateId { table, row, id } => format!(
                "table {table} of the bundle, row {row}: the id {id} comes twice (or out of order); {tail}"
            ),
            BundleProblem::OwnBundle => {
                format!("this bundle was exported by this installation itself; {tail}")
            }
        }
    }
}

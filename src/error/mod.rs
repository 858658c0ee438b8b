//! The one error type of the core. Every variant has a stable `code()` that the window and
//! scripts can rely on, and a message a clerk understands in Chinese and in English.
//! This module is the one place that decides what a user is shown: the field rules and
//! their messages are in [`Rule`] (`rule.rs`, `catalogue.rs`), the names of fields in
//! `labels.rs`.

use serde::{Deserialize, Serialize};

mod bundle;
mod catalogue;
mod labels;
mod rule;

pub use bundle::{BundleProblem, EntryWhy};
pub use labels::field_names;
pub use rule::Rule;

/// Result of a core call.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// A refusal of one field of one input, e.g. one cell of an imported CSV row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct FieldError {
    /// 1-based data row of an imported file; `None` for a form.
    pub row: Option<usize>,
    /// The field's key (`uscc`, `district`, `generated` …).
    pub field: String,
    /// The stable code of the rule that refused it.
    pub code: String,
    /// Chinese message.
    pub message_zh: String,
    /// English message.
    pub message_en: String,
}

/// Everything the core can refuse or fail at.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// One or more fields of the input break a rule; nothing was written.
    #[error("invalid input: {}", summary_en(.0))]
    Invalid(Vec<FieldError>),

    /// A row named by id or key does not exist (or was deleted).
    #[error("{what} not found: {}", crate::text::quote_short(.key))]
    NotFound {
        /// What was looked for (`cell`, `kind`, `district` …).
        what: &'static str,
        /// The id or key given.
        key: String,
    },

    /// The status change is not one of the allowed transitions.
    #[error("status cannot change from {from} to {to}")]
    BadTransition {
        /// Current status.
        from: String,
        /// Requested status.
        to: String,
    },

    /// An imported file was refused as a whole; every bad row and field is listed.
    #[error("import refused, nothing was written: {} problem(s)", problem_count(.0))]
    ImportRejected(Vec<FieldError>),

    /// The database was written by a newer version of the program.
    #[error("the database has schema version {found}, newer than this program's {supported}; use a newer program")]
    SchemaTooNew {
        /// `user_version` of the file.
        found: i64,
        /// The newest version this program knows.
        supported: i64,
    },

    /// The file is not a ledger database (or is damaged).
    #[error("not a ledger database: {0}")]
    NotALedger(String),

    /// Reading or writing a file failed.
    #[error("file error: {0}")]
    Io(#[from] std::io::Error),

    /// A CSV file could not be read at all.
    #[error("CSV error: {0}")]
    Csv(String),

    /// SQLite failed; the clerk is shown what kind of failure it was (see [`Storage`]), never
    /// SQLite's own text.
    #[error("{}", Storage::of(.0).message_en())]
    Db(#[from] rusqlite::Error),

    /// No ledger file at the path: creating one is explicit (`zwl init`, `zwl demo`, or the
    /// window's first-start choice).
    #[error("there is no ledger at {path}; to start a new ledger there, run `zwl init`")]
    NoLedger {
        /// The path given.
        path: String,
    },

    /// The folder of the ledger is not there (an unmounted share, a mistyped path).
    #[error("the folder {path} does not exist (is the network share or drive connected?)")]
    NoFolder {
        /// The missing folder.
        path: String,
    },

    /// The file is empty (zero bytes): not a ledger, and not silently made one.
    #[error("the file {path} is empty (0 bytes): it is not a ledger")]
    EmptyFile {
        /// The path given.
        path: String,
    },

    /// A new ledger was asked for where a file already is.
    #[error("a file already exists at {path}; a new ledger is not written over it")]
    LedgerExists {
        /// The path given.
        path: String,
    },

    /// The file cannot be opened (permissions, or the path cannot be reached).
    #[error("the file {path} cannot be opened (permissions, or the path cannot be reached)")]
    CannotOpen {
        /// The path given.
        path: String,
    },

    /// The ledger file is read-only for this user: it can be opened for reading only.
    #[error("the ledger {path} is read-only for this user; it can be opened for reading only")]
    ReadOnlyFile {
        /// The path given.
        path: String,
    },

    /// The ledger was opened for reading only, so nothing can be saved.
    #[error("the ledger is open for reading only: nothing can be saved")]
    ReadOnlyLedger,

    /// A ledger of an older version opened for reading only: it needs an upgrade (a write).
    #[error("the ledger has schema version {found} and needs an upgrade to {supported}, which opening it for reading only cannot do")]
    NeedsUpgrade {
        /// `user_version` of the file.
        found: i64,
        /// The version this program writes.
        supported: i64,
    },

    /// A backup copy did not check out; the original is unchanged and no backup was named.
    #[error("the backup copy {path} failed its check; nothing was changed")]
    BackupFailed {
        /// The temporary copy (removed).
        path: String,
    },

    /// A sync bundle was refused before anything was written (see [`BundleProblem`]).
    #[error("{}", .0.message_en())]
    Bundle(BundleProblem),
}

/// What kind of SQLite failure an [`Error::Db`] is, as a clerk should read it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Storage {
    /// Another program holds the write lock beyond the wait.
    Busy,
    /// The file or its folder cannot be written.
    ReadOnly,
    /// The disk is full.
    DiskFull,
    /// The disk or share failed to read or write.
    DiskIo,
    /// The file is damaged or not a database.
    Damaged,
    /// The file cannot be opened.
    CannotOpen,
    /// A constraint of the schema refused the write.
    Constraint,
    /// Anything else.
    Other,
}

impl Storage {
    /// The kind of `e`.
    pub fn of(e: &rusqlite::Error) -> Storage {
        use rusqlite::ErrorCode as C;
        match e.sqlite_error_code() {
            Some(C::DatabaseBusy) | Some(C::DatabaseLocked) => Storage::Busy,
            Some(C::ReadOnly) => Storage::ReadOnly,
            Some(C::DiskFull) => Storage::DiskFull,
            Some(C::SystemIoFailure) => Storage::DiskIo,
            Some(C::NotADatabase) | Some(C::DatabaseCorrupt) => Storage::Damaged,
            Some(C::CannotOpen) | Some(C::PermissionDenied) => Storage::CannotOpen,
            Some(C::ConstraintViolation) => Storage::Constraint,
            _ => Storage::Other,
        }
    }

    /// The stable code.
    pub fn code(self) -> &'static str {
        match self {
            Storage::Busy => "busy",
            Storage::ReadOnly => "read_only",
            Storage::DiskFull => "disk_full",
            Storage::DiskIo => "disk_io",
            Storage::Damaged => "damaged",
            Storage::CannotOpen => "cannot_open",
            Storage::Constraint => "db_constraint",
            Storage::Other => "db",
        }
    }

    /// The message in Chinese.
    pub fn message_zh(self) -> &'static str {
        match self {
            Storage::Busy => {
                "台账正被另一个程序（另一个窗口或命令行脚本）写入，等待超时，未保存；请稍后重试"
            }
            Storage::ReadOnly => "台账文件或其所在文件夹不可写，未保存",
            Storage::DiskFull => "磁盘已满，未保存；请腾出空间后重试",
            Storage::DiskIo => "读写磁盘或网络共享时出错，未保存；请检查磁盘或网络连接",
            Storage::Damaged => "台账文件已损坏或不是数据库文件",
            Storage::CannotOpen => "无法打开台账文件（权限不足或路径无法访问）",
            Storage::Constraint => "数据库拒绝了这次写入（数据约束），未保存",
            Storage::Other => "数据库内部错误，未保存",
        }
    }

    /// The message in English.
    pub fn message_en(self) -> &'static str {
        match self {
            Storage::Busy => "another program (another window or a command-line script) is writing to the ledger and the wait ran out; nothing was saved, try again",
            Storage::ReadOnly => "the ledger file or its folder cannot be written; nothing was saved",
            Storage::DiskFull => "the disk is full; nothing was saved",
            Storage::DiskIo => "reading or writing the disk or network share failed; nothing was saved",
            Storage::Damaged => "the ledger file is damaged or not a database",
            Storage::CannotOpen => "the ledger file cannot be opened (permissions, or the path cannot be reached)",
            Storage::Constraint => "the database refused the write (a constraint); nothing was saved",
            Storage::Other => "internal database error; nothing was saved",
        }
    }
}

impl Error {
    /// The stable code of this error, e.g. `invalid`, `not_found`.
    pub fn code(&self) -> &'static str {
        match self {
            Error::Invalid(_) => "invalid",
            Error::NotFound { .. } => "not_found",
            Error::BadTransition { .. } => "bad_transition",
            Error::ImportRejected(_) => "import_rejected",
            Error::SchemaTooNew { .. } => "schema_too_new",
            Error::NotALedger(_) => "not_a_ledger",
            Error::Io(_) => "io",
            Error::Csv(_) => "csv",
            Error::Db(e) => Storage::of(e).code(),
            Error::NoLedger { .. } => "no_ledger",
            Error::NoFolder { .. } => "no_folder",
            Error::EmptyFile { .. } => "empty_file",
            Error::LedgerExists { .. } => "ledger_exists",
            Error::CannotOpen { .. } => "cannot_open",
            Error::ReadOnlyFile { .. } => "read_only_file",
            Error::ReadOnlyLedger => "read_only",
            Error::NeedsUpgrade { .. } => "needs_upgrade",
            Error::BackupFailed { .. } => "backup_failed",
            Error::Bundle(p) => p.code(),
        }
    }

    /// Whether the error is a refusal of the user's input (CLI exit code 1) rather than a
    /// failure of the machine (exit code 2).
    pub fn is_user_error(&self) -> bool {
        matches!(
            self,
            Error::Invalid(_)
                | Error::NotFound { .. }
                | Error::BadTransition { .. }
                | Error::ImportRejected(_)
                | Error::Csv(_)
                | Error::NoLedger { .. }
                | Error::NoFolder { .. }
                | Error::EmptyFile { .. }
                | Error::LedgerExists { .. }
                | Error::ReadOnlyLedger
                | Error::Bundle(_)
        )
    }

    /// The field errors carried, if any.
    pub fn fields(&self) -> &[FieldError] {
        match self {
            Error::Invalid(f) | Error::ImportRejected(f) => f,
            _ => &[],
        }
    }

    /// The message shown to a clerk, in Chinese.
    pub fn message_zh(&self) -> String {
        match self {
            Error::Invalid(f) => format!("输入有误：{}", summary_zh(f)),
            Error::NotFound { what, key } => {
                format!("未找到{}：{}", what_zh(what), crate::text::quote_short(key))
            }
            Error::BadTransition { from, to } => format!(
                "状态不能从“{}”变为“{}”",
                crate::cells::Status::label_zh_of(from),
                crate::cells::Status::label_zh_of(to)
            ),
            Error::ImportRejected(f) => {
                format!(
                    "导入被拒绝，未写入任何数据；共 {} 处问题：{}",
                    problem_count(f),
                    summary_zh(f)
                )
            }
            Error::SchemaTooNew { found, supported } => {
                format!("数据库版本为 {found}，高于本程序支持的 {supported}，请使用新版程序打开")
            }
            Error::NotALedger(_) => {
                "此文件不是本程序的台账数据库（可能是其他程序的文件），或已损坏".into()
            }
            Error::Io(e) => format!("文件读写失败：{e}"),
            Error::Csv(m) => format!("CSV 文件无法读取：{m}"),
            Error::Db(e) => Storage::of(e).message_zh().into(),
            Error::NoLedger { path } => format!(
                "找不到台账文件：{path}。如要在此新建台账，请运行 zwl init（或在窗口中选择“新建台账”）"
            ),
            Error::NoFolder { path } => {
                format!("台账所在的文件夹不存在：{path}（网络共享或移动硬盘是否已连接？）")
            }
            Error::EmptyFile { path } => format!("文件为空（0 字节），不是台账：{path}"),
            Error::LedgerExists { path } => {
                format!("此处已有文件，不会覆盖它新建台账：{path}")
            }
            Error::CannotOpen { path } => {
                format!("无法打开台账文件（权限不足或路径无法访问）：{path}")
            }
            Error::ReadOnlyFile { path } => {
                format!("台账文件对当前用户只读：{path}；可以只读方式打开查看")
            }
            Error::ReadOnlyLedger => "台账以只读方式打开，不能保存".into(),
            Error::NeedsUpgrade { found, supported } => format!(
                "台账版本为 {found}，需要升级到 {supported} 才能打开；只读方式不能升级，请以可写方式打开"
            ),
            Error::BackupFailed { .. } => "备份副本未通过校验，未做任何更改".into(),
            Error::Bundle(p) => p.message_zh(),
        }
    }

    /// The first line of the message: without the field list when there is one.
    pub fn headline_zh(&self) -> String {
        match self {
            Error::Invalid(_) => "输入有误，未保存".into(),
            Error::ImportRejected(f) => {
                format!("导入被拒绝，未写入任何数据；共 {} 处问题", problem_count(f))
            }
            _ => self.message_zh(),
        }
    }

    /// The message shown to a clerk, in English.
    pub fn message_en(&self) -> String {
        match self {
            Error::BadTransition { from, to } => format!(
                "the status cannot change from “{}” to “{}”",
                crate::cells::Status::label_en_of(from),
                crate::cells::Status::label_en_of(to)
            ),
            _ => self.to_string(),
        }
    }

    /// The validation error of a single field.
    pub fn field(field: &str, rule: impl IntoRule, args: &[(&str, &str)]) -> Error {
        Error::Invalid(vec![FieldError::new(None, field, rule, args)])
    }
}

impl FieldError {
    /// A field error with the messages of `rule`, with `{name}` placeholders filled from
    /// `args`.
    pub fn new(
        row: Option<usize>,
        field: &str,
        rule: impl IntoRule,
        args: &[(&str, &str)],
    ) -> Self {
        let rule = rule.into_rule();
        let (zh, en) = rule.messages();
        let fill = |t: &str, quote: fn(&str) -> String| {
            args.iter().fold(t.to_string(), |s, (k, v)| {
                s.replace(&format!("{{{k}}}"), &quote(v))
            })
        };
        FieldError {
            row,
            field: field.to_string(),
            code: rule.code().to_string(),
            message_zh: fill(zh, crate::text::quote_short),
            message_en: fill(en, quote_short_en),
        }
    }

    /// The same error placed at a row of an imported file.
    pub fn at_row(mut self, row: usize) -> Self {
        self.row = Some(row);
        self
    }
}

/// A value as an English message quotes it: at most `text::QUOTE_MAX` characters.
fn quote_short_en(v: &str) -> String {
    let n = v.chars().count();
    let shown =
        crate::text::quote_short(&v.chars().take(crate::text::QUOTE_MAX).collect::<String>());
    if n > crate::text::QUOTE_MAX {
        format!("{shown}… ({n} characters)")
    } else {
        shown
    }
}

/// A rule given to [`FieldError::new`]: a [`Rule`], or its stable code where the code is
/// chosen at run time (an unknown code is a programming error; it reads as `bad_value`).
pub trait IntoRule {
    /// The rule.
    fn into_rule(self) -> Rule;
}

impl IntoRule for Rule {
    fn into_rule(self) -> Rule {
        self
    }
}

impl IntoRule for &str {
    fn into_rule(self) -> Rule {
        let rule = Rule::of_code(self);
        debug_assert!(rule.is_some(), "unknown rule code {self}");
        rule.unwrap_or(Rule::BadValue)
    }
}

fn what_zh(what: &str) -> &str {
    match what {
        "cell" => "细胞",
        "kind" => "细胞类型",
        "district" => "行政区划",
        "record" => "月度记录",
        "site" => "工地",
        "transporter" => "运输单位",
        "vehicle" => "车辆",
        "facility" => "消纳/利用设施",
        "manifest" => "联单",
        "declaration" => "工地申报",
        "setting" => "设置项",
        "stream" => "废物流",
        "category" => "废物类别",
        "alert" => "预警",
        "report" => "认证报告（本台账未出具该编号）",
        _ => what,
    }
}

/// How many problems a refusal stands for: those listed, and those only counted (an
/// import lists at most `csv_file::MAX_ERRORS`).
fn problem_count(f: &[FieldError]) -> usize {
    f.iter()
        .map(|e| {
            if e.code == "more_errors" {
                let n: String = e
                    .message_en
                    .chars()
                    .take_while(|c| c.is_ascii_digit())
                    .collect();
                n.parse().unwrap_or(1)
            } else {
                1
            }
        })
        .sum()
}

fn summary_zh(f: &[FieldError]) -> String {
    f.iter()
        .map(|e| match e.row {
            Some(r) => format!("第 {r} 行“{}”：{}", field_names(&e.field).0, e.message_zh),
            None => format!("“{}”：{}", field_names(&e.field).0, e.message_zh),
        })
        .collect::<Vec<_>>()
        .join("；")
}

fn summary_en(f: &[FieldError]) -> String {
    f.iter()
        .map(|e| match e.row {
            Some(r) => format!("row {r}, {}: {}", field_names(&e.field).1, e.message_en),
            None => format!("{}: {}", field_names(&e.field).1, e.message_en),
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// The label of a field in Chinese (for column headings and messages).
pub fn field_label_zh(field: &str) -> &str {
    field_names(field).0
}

#[cfg(test)]
mod tests;

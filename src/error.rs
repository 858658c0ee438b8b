//! The one error type of the core. Every variant has a stable `code()` that the window and
//! scripts can rely on, and a message a clerk understands in Chinese and in English.
//! This file is the one place that decides what a user is shown.

use serde::{Deserialize, Serialize};

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
    pub fn field(field: &str, code: &str, args: &[(&str, &str)]) -> Error {
        Error::Invalid(vec![FieldError::new(None, field, code, args)])
    }
}

impl FieldError {
    /// A field error with its messages taken from the catalogue by `code`, with `{name}`
    /// placeholders filled from `args`.
    pub fn new(row: Option<usize>, field: &str, code: &str, args: &[(&str, &str)]) -> Self {
        let (zh, en) = catalogue(code);
        let fill = |t: &str| {
            args.iter().fold(t.to_string(), |s, (k, v)| {
                s.replace(&format!("{{{k}}}"), &crate::text::quote_short(v))
            })
        };
        FieldError {
            row,
            field: field.to_string(),
            code: code.to_string(),
            message_zh: fill(zh),
            message_en: fill(en),
        }
    }

    /// The same error placed at a row of an imported file.
    pub fn at_row(mut self, row: usize) -> Self {
        self.row = Some(row);
        self
    }
}

/// Field-rule messages by code: (Chinese, English).
fn catalogue(code: &str) -> (&'static str, &'static str) {
    match code {
        "required" => ("必填", "is required"),
        "too_long" => ("过长（最多 {max} 字）", "is too long (at most {max} characters)"),
        "uscc_length" => (
            "统一社会信用代码应为 18 位，现为 {len} 位",
            "a unified social credit code has 18 characters, this has {len}",
        ),
        "uscc_charset" => (
            "统一社会信用代码第 {pos} 位含非法字符“{ch}”（不使用 I、O、S、V、Z）",
            "character {pos} of the code, “{ch}”, is not allowed (no I, O, S, V, Z)",
        ),
        "uscc_charset_likely" => (
            "统一社会信用代码第 {pos} 位“{ch}”不是代码字符（不使用 I、O、S、V、Z），可能是「{likely}」",
            "character {pos} of the code, “{ch}”, is not allowed (no I, O, S, V, Z); probably 「{likely}」",
        ),
        "uscc_division" => (
            "统一社会信用代码第 3–8 位应为登记管理机关行政区划码（6 位数字），现为“{value}”；请核对",
            "characters 3–8 of the code should be a 6-digit division code, got “{value}”; please check",
        ),
        "uscc_org_check" => (
            "统一社会信用代码第 9–17 位的组织机构代码校验位应为“{expected}”，现为“{found}”；请核对",
            "the organisation code in characters 9–17 should end in “{expected}”, not “{found}”; please check",
        ),
        "uscc_pair" => (
            "统一社会信用代码前两位“{value}”不是登记管理部门与机构类别的已知组合；请核对",
            "the first two characters “{value}” are not a known registration authority and kind; please check",
        ),
        "uscc_kind_hint" => (
            "此类细胞的代码通常以 {expected} 开头，此代码以 {value}（{named_zh}）开头；请核对",
            "codes of this kind of cell usually begin {expected}; this one begins {value} ({named_en}); please check",
        ),
        "future_date" => ("日期 {value} 在未来", "the date {value} is in the future"),
        "division12_digits" => (
            "统计用区划代码应为 12 位数字，现为“{value}”",
            "a statistical division code has 12 digits, got “{value}”",
        ),
        "division12_district" => (
            "代码“{value}”不在所属区县 {district} 之下（前 6 位应为 {district}）",
            "code “{value}” is not within district {district} (it must begin {district})",
        ),
        "unknown_area" => ("未知的报送区域“{value}”", "unknown reporting area “{value}”"),
        "area_code" => (
            "报送区域代码应为 2–12 位大写字母、数字或“-”，且不能是 6 位数字（那是行政区划代码），现为“{value}”",
            "a reporting area code has 2–12 capital letters, digits or “-”, and is not 6 digits (a division code), got “{value}”",
        ),
        "area_exists" => ("报送区域“{value}”已存在", "reporting area “{value}” already exists"),
        "uscc_check" => (
            "统一社会信用代码校验位错误：应为“{expected}”，现为“{found}”；如确属登记在册的代码，请填写保留理由",
            "wrong check character: expected “{expected}”, found “{found}”; give an override reason to keep a registered code",
        ),
        "uscc_required" => (
            "此类细胞必须填写统一社会信用代码",
            "this kind of cell needs a unified social credit code",
        ),
        "uscc_duplicate" => (
            "统一社会信用代码已被“{other}”使用；如为同一单位的另一处细胞（如学校分校区），请填写共用理由",
            "the code is already used by “{other}”; for another site of the same unit (a school's second campus) give a reason for sharing it",
        ),
        "unknown_kind" => ("未知的细胞类型“{value}”", "unknown cell kind “{value}”"),
        "unknown_district" => (
            "未知的行政区划代码“{value}”",
            "unknown division code “{value}”",
        ),
        "not_integer" => ("应为正整数，现为“{value}”", "must be a whole number, got “{value}”"),
        "not_positive" => ("应大于 0", "must be greater than 0"),
        "year_range" => ("年份应在 2000 至 2100 之间", "the year must be between 2000 and 2100"),
        "future_year" => ("基准年不能晚于今年", "the baseline year cannot be after this year"),
        "bad_date" => (
            "日期格式应为 YYYY-MM-DD，现为“{value}”",
            "a date is written YYYY-MM-DD, got “{value}”",
        ),
        "bad_month" => (
            "月份格式应为 YYYY-MM，现为“{value}”",
            "a month is written YYYY-MM, got “{value}”",
        ),
        "future_month" => (
            "月份 {value} 在未来，不能填报",
            "month {value} is in the future",
        ),
        "unknown_category" => ("未知的废物类别“{value}”", "unknown waste category “{value}”"),
        "bad_quantity" => (
            "应为数字（{unit}），现为“{value}”",
            "must be a number of {unit_en}, got “{value}”",
        ),
        "quantity_grouping" => (
            "读到“{value}”（{unit}）：逗号只用作千位分隔（如 1,200），小数请用小数点（如 12.5）",
            "read “{value}” ({unit_en}): a comma only separates thousands (1,200); write decimals with a point (12.5)",
        ),
        "quantity_decimals" => (
            "最多三位小数（{unit}），现为“{value}”",
            "at most 3 decimals ({unit_en}), got “{value}”",
        ),
        "quantity_too_large" => (
            "超出上限：应在 0 至 {max} {unit} 之间，现为“{value}”",
            "out of range: must be between 0 and {max} {unit_en}, got “{value}”",
        ),
        "limit_range" => (
            "上限应为 1 至 {max} 之间的整数，现为“{value}”",
            "a ceiling is a whole number from 1 to {max}, got “{value}”",
        ),
        "nul_char" => (
            "含空字符（NUL），请删除后重试",
            "contains a NUL character; remove it",
        ),
        "control_char" => (
            "第 {pos} 个字符是不可见的控制字符（{ch}），请删除",
            "character {pos} is an invisible control character ({ch}); remove it",
        ),
        "bidi_char" => (
            "第 {pos} 个字符是改变文字方向的不可见字符（{ch}），请删除",
            "character {pos} is an invisible text-direction character ({ch}); remove it",
        ),
        "future_time" => (
            "时间 {value} 晚于当前时间，不能登记",
            "the time {value} is later than now",
        ),
        "already_imported" => (
            "已导入：与台账中已有的记录相同，未重复写入",
            "already imported: the same as a row in the ledger, not written again",
        ),
        "exists_differs" => (
            "台账中已有“{value}”，但内容不同；如需修改请使用编辑",
            "“{value}” is already in the ledger with other values; edit it instead",
        ),
        "encoding" => (
            "文件编码无法识别（不是 UTF-8、UTF-16 或 GB18030 文本）。请在 Excel 中“另存为”，文件类型选择“CSV UTF-8（逗号分隔）”，再重新导入",
            "the file's encoding is not recognised (not UTF-8, UTF-16 or GB18030 text); in Excel use Save As, type \"CSV UTF-8 (Comma delimited)\", and import again",
        ),
        "truncated_row" => (
            "此行不完整，文件可能在此处被截断（{detail}）；请重新导出完整的文件",
            "the row is incomplete; the file looks cut short here ({detail_en}); export the whole file again",
        ),
        "extra_fields" => (
            "此行有 {found} 个值，多于 {width} 列标题；含逗号的值须用英文双引号括起",
            "the row has {found} values for {width} headings; a value with a comma must be quoted",
        ),
        "more_errors" => (
            "另有 {count} 处问题未列出",
            "{count} more problem(s) not listed",
        ),
        "empty_file" => ("文件没有内容", "the file is empty"),
        "cleared_record" => (
            "已有记录的数量不能清空；如要删除这条记录，请使用“删除”",
            "a stored record cannot be emptied; to remove it, use Delete",
        ),
        "negative" => ("数量不能为负数", "a quantity cannot be negative"),
        "outflow_exceeds" => (
            "去向合计 {outflow} 千克超过产生量 {generated} 千克",
            "outflows of {outflow} kg exceed the {generated} kg generated",
        ),
        "certified_on_required" => (
            "命名（认证）需要填写认证日期",
            "certification needs a certification date",
        ),
        "unknown_status" => ("未知的状态“{value}”", "unknown status “{value}”"),
        "unknown_column" => ("未知的列“{value}”", "unknown column “{value}”"),
        "duplicate_in_file" => (
            "与第 {other} 行重复",
            "duplicates row {other}",
        ),
        "unknown_setting" => ("未知的设置项“{value}”", "unknown setting “{value}”"),
        "bad_value" => ("取值无效：“{value}”", "invalid value “{value}”"),
        "kind_exists" => ("类型键“{value}”已存在", "kind key “{value}” already exists"),
        "district_exists" => ("区划代码“{value}”已存在", "division code “{value}” already exists"),
        "bad_plate" => (
            "车牌号格式不正确：“{value}”（普通号牌：省份简称 + 字母 + 5 位字母或数字；小型新能源：D 或 F + 1 位字母或数字 + 4 位数字；大型新能源：5 位数字 + D 或 F；挂车：4 位 + 挂；字母不用 I、O）",
            "not a vehicle plate: “{value}” (ordinary: province, letter, 5 letters or digits; small new-energy: D or F, a letter or digit, 4 digits; large new-energy: 5 digits, D or F; trailer: 4 characters and 挂; no I or O)",
        ),
        "duplicate" => ("“{value}”已登记", "“{value}” is already registered"),
        "unknown_value" => ("未找到“{value}”", "“{value}” was not found"),
        "overload" => (
            "{load}超过车辆{limit}，须填写超载理由",
            "{load_en} is over the vehicle's {limit_en}: give a reason",
        ),
        "over_cap" => (
            "载重 {tonnes} 吨超过上限 {cap} 吨（最大合法车货总质量），不予登记",
            "a load of {tonnes} t is over the cap of {cap} t (the largest legal gross mass): refused",
        ),
        "special_plate" => (
            "“{value}”是{kind}，渣土运输车辆不使用此类号牌",
            "“{value}” is a {kind_en}: not a plate a construction-waste truck carries",
        ),
        "net_mismatch" => (
            "净重 {net} 吨应等于毛重 {gross} 吨 − 皮重 {tare} 吨 = {expected} 吨",
            "the net {net} t must be the gross {gross} t − the tare {tare} t = {expected} t",
        ),
        "tare_over_gross" => (
            "皮重 {tare} 吨不能大于毛重 {gross} 吨",
            "the tare {tare} t cannot exceed the gross {gross} t",
        ),
        "window_order" => (
            "计划时间窗的结束应晚于开始 {value}",
            "the planned window must end after it starts at {value}",
        ),
        "bad_installation_code" => (
            "本机简码应为 2 至 12 位大写字母或数字，现为“{value}”",
            "the installation code has 2 to 12 capital letters or digits, got “{value}”",
        ),
        "followup_not_refused" => (
            "联单 {value} 未被拒收或部分拒收，无需后续联单",
            "manifest {value} was not refused or partly refused: it needs no follow-up",
        ),
        "followup_mismatch" => (
            "后续联单应来自同一工地、同一类别，且出车晚于 {value}",
            "a follow-up comes from the same site and category and departs after {value}",
        ),
        "followup_exists" => (
            "联单 {value} 已有后续联单",
            "manifest {value} already has a follow-up",
        ),
        "expired" => (
            "{what}已于 {until} 过期，出车日期为 {on}",
            "the {what_en} expired on {until}; the departure is on {on}",
        ),
        "not_positive_qty" => ("数量应大于 0", "the quantity must be greater than 0"),
        "refused_fits_outcome" => (
            "拒收量与结论不符：{rule}",
            "the refused quantity does not fit the outcome: {rule}",
        ),
        "before_departure" => (
            "接收时间应晚于出车时间 {value}",
            "the reception must be after the departure at {value}",
        ),
        "bad_datetime" => (
            "时间格式应为 YYYY-MM-DD HH:MM，现为“{value}”",
            "a time is written YYYY-MM-DD HH:MM, got “{value}”",
        ),
        "locked" => (
            "联单已{status}，此字段已锁定，请以修订方式更改并说明理由",
            "the manifest is {status}: the field is locked; change it as a revision with a reason",
        ),
        "bad_step" => (
            "联单当前状态为“{from}”，不能{step}",
            "a manifest that is {from} cannot be {step}",
        ),
        "bad_quantity_t" => (
            "数量应为不超过三位小数的非负数（吨或立方米），现为“{value}”",
            "a quantity is a non-negative number of t or m³ with at most 3 decimals, got “{value}”",
        ),
        "use_exceeds_generated" => (
            "现场利用与土方平衡合计 {used} 超过产生量 {generated}",
            "reused on site and sent to other sites together ({used}) exceed the {generated} generated",
        ),
        "bad_format" => (
            "导出格式应为 xlsx 或 csv，现为“{value}”",
            "the export format is xlsx or csv, got “{value}”",
        ),
        "out_is_dir" => (
            "“{value}”是一个文件夹，请给出要写入的文件名",
            "“{value}” is a folder; give the name of the file to write",
        ),
        "out_no_dir" => (
            "文件夹不存在：“{value}”",
            "the folder of “{value}” does not exist",
        ),
        "out_unwritable" => (
            "无法写入“{value}”：没有写入权限",
            "cannot write “{value}”: permission denied",
        ),
        "xlsx_unreadable" => (
            "无法读取 Excel 文件（{detail}）；请确认是 .xlsx 格式，或另存为“CSV UTF-8”后导入",
            "the Excel file cannot be read ({detail}); check that it is .xlsx, or save it as \"CSV UTF-8\" and import that",
        ),
        "xlsx_error_cell" => (
            "单元格是 Excel 错误值 {value}，请改为实际数据",
            "the cell holds the Excel error {value}; enter the real value",
        ),
        "bins_and_kg" => (
            "产生量填写公斤数或桶（袋）数，二者只填其一",
            "give the amount generated in kg or as bins (bags), not both",
        ),
        "bad_count" => (
            "桶（袋）数应为 1 至 1000000 的整数，现为“{value}”",
            "the number of bins (bags) must be a whole number from 1 to 1000000, got “{value}”",
        ),
        "no_container_size" => (
            "“{category}”未设每桶（袋）公斤数：请在类别或本细胞中设置后再按桶（袋）录入",
            "“{category}” has no kg per bin (bag): set it for the category or this cell first",
        ),
        "retired_category" => (
            "类别“{value}”已停用，不能新增记录",
            "the category “{value}” is retired and takes no new records",
        ),
        "recovery_not_counted" => (
            "“{category}”的回收利用/堆肥量 {kg} kg 已保存，但不计入生活垃圾回收利用率（只计未进入焚烧和填埋设施的可回收物、厨余垃圾）",
            "the {kg} kg recycled/composted of “{category}” was saved but does not count toward the household recycling rate (only recyclables and kitchen waste kept out of incineration and landfill count)",
        ),
        "stream_exists" => ("废物流“{value}”已存在", "the waste stream “{value}” already exists"),
        "category_exists" => ("类别“{value}”已存在", "the category “{value}” already exists"),
        "unknown_stream" => ("未知的废物流“{value}”", "unknown waste stream “{value}”"),
        "unknown_figure" => (
            "未知的活动数据“{value}”（可用：{known}）",
            "unknown activity figure “{value}” (known: {known})",
        ),
        "future_figure_year" => (
            "年份 {value} 晚于今年",
            "the year {value} is after this year",
        ),
        "bad_container_kg" => (
            "每桶（袋）公斤数应大于 0，现为“{value}”",
            "kg per bin (bag) must be greater than 0, got “{value}”",
        ),
        "factor_range" => (
            "折算系数应在 0 至 1 之间，现为“{value}”",
            "a factor must be between 0 and 1, got “{value}”",
        ),
        "position_range" => ("位置应在 1 至 {max} 之间", "the position must be from 1 to {max}"),
        _ => ("取值无效", "invalid value"),
    }
}

fn field_zh(field: &str) -> &str {
    match field {
        "name" => "名称",
        "kind" => "类型",
        "uscc" => "统一社会信用代码",
        "uscc_override" => "保留理由",
        "uscc_shared_reason" => "共用代码理由",
        "street" => "街道/乡镇",
        "street_code" => "街道/乡镇代码",
        "community" => "社区",
        "community_code" => "社区代码",
        "area" => "报送区域",
        "naming_batch" => "命名批次",
        "naming_doc" => "命名文号",
        "district" => "行政区划",
        "address" => "地址",
        "contact" => "联系人",
        "phone" => "电话",
        "manager" => "负责人",
        "headcount" => "人数/户数",
        "baseline_headcount" => "基准年人数/户数",
        "baseline_year" => "基准年",
        "status" => "状态",
        "certified_on" => "认证日期",
        "month" => "月份",
        "category" => "类别",
        "generated" => "产生量",
        "recycled" => "回收利用量",
        "composted" => "堆肥/厨余处理量",
        "incinerated" => "焚烧量",
        "landfilled" => "填埋量",
        "file" => "文件",
        "site" => "工地",
        "transporter" => "运输单位",
        "vehicle" => "车辆",
        "plate" => "车牌号",
        "driver" => "驾驶员",
        "facility" => "消纳/利用设施",
        "declared" => "申报量",
        "unit" => "单位",
        "route" => "路线",
        "departure_at" => "出车时间",
        "received" => "接收量",
        "refused" => "拒收量",
        "outcome" => "接收结论",
        "received_at" => "接收时间",
        "reason" => "理由",
        "valid_until" => "有效期至",
        "product" => "产品",
        "qty" => "数量",
        "capacity_t" => "处理能力（吨/年）",
        "accepts" => "接收类别",
        "reused" => "现场利用量",
        "balanced" => "土方平衡量",
        "product_qty" => "产品量",
        "out" => "导出文件",
        "format" => "导出格式",
        "cell" => "细胞",
        "bins" => "桶（袋）数",
        "figure" => "活动数据",
        "year" => "年份",
        "value" => "数值",
        "source" => "来源",
        "stream" => "废物流",
        "container" => "容器",
        "container_kg" => "每桶（袋）公斤数",
        "name_zh" => "中文名称",
        "name_en" => "英文名称",
        "position" => "位置",
        _ => field,
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
            Some(r) => format!("第 {r} 行“{}”：{}", field_zh(&e.field), e.message_zh),
            None => format!("“{}”：{}", field_zh(&e.field), e.message_zh),
        })
        .collect::<Vec<_>>()
        .join("；")
}

fn summary_en(f: &[FieldError]) -> String {
    f.iter()
        .map(|e| match e.row {
            Some(r) => format!("row {r}, {}: {}", e.field, e.message_en),
            None => format!("{}: {}", e.field, e.message_en),
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// The label of a field in Chinese (for column headings and messages).
pub fn field_label_zh(field: &str) -> &str {
    field_zh(field)
}

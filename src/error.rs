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
    #[error("{what} not found: {key}")]
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
    #[error("import refused, nothing was written: {} problem(s)", .0.len())]
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

    /// SQLite failed for a reason no rule anticipated.
    #[error("database error: {0}")]
    Db(#[from] rusqlite::Error),
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
            Error::Db(_) => "db",
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
            Error::NotFound { what, key } => format!("未找到{}：{}", what_zh(what), key),
            Error::BadTransition { from, to } => format!(
                "状态不能从“{}”变为“{}”",
                crate::cells::Status::label_zh_of(from),
                crate::cells::Status::label_zh_of(to)
            ),
            Error::ImportRejected(f) => {
                format!(
                    "导入被拒绝，未写入任何数据；共 {} 处问题：{}",
                    f.len(),
                    summary_zh(f)
                )
            }
            Error::SchemaTooNew { found, supported } => {
                format!("数据库版本为 {found}，高于本程序支持的 {supported}，请使用新版程序打开")
            }
            Error::NotALedger(m) => format!("不是台账数据库或文件已损坏：{m}"),
            Error::Io(e) => format!("文件读写失败：{e}"),
            Error::Csv(m) => format!("CSV 文件无法读取：{m}"),
            Error::Db(e) => format!("数据库错误：{e}"),
        }
    }

    /// The first line of the message: without the field list when there is one.
    pub fn headline_zh(&self) -> String {
        match self {
            Error::Invalid(_) => "输入有误，未保存".into(),
            Error::ImportRejected(f) => {
                format!("导入被拒绝，未写入任何数据；共 {} 处问题", f.len())
            }
            _ => self.message_zh(),
        }
    }

    /// The message shown to a clerk, in English.
    pub fn message_en(&self) -> String {
        self.to_string()
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
            args.iter()
                .fold(t.to_string(), |s, (k, v)| s.replace(&format!("{{{k}}}"), v))
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
            "统一社会信用代码含非法字符“{ch}”（不使用 I、O、S、V、Z）",
            "the code contains “{ch}”, which is not allowed (no I, O, S, V, Z)",
        ),
        "uscc_check" => (
            "统一社会信用代码校验位错误：应为“{expected}”，现为“{found}”；如确属登记在册的代码，请填写保留理由",
            "wrong check character: expected “{expected}”, found “{found}”; give an override reason to keep a registered code",
        ),
        "uscc_required" => (
            "此类细胞必须填写统一社会信用代码",
            "this kind of cell needs a unified social credit code",
        ),
        "uscc_duplicate" => (
            "统一社会信用代码已被“{other}”使用",
            "the code is already used by “{other}”",
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
            "数量应为不超过三位小数的非负数（千克），现为“{value}”",
            "a quantity is a non-negative number of kg with at most 3 decimals, got “{value}”",
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
            "车牌号格式不正确：“{value}”（省份简称 + 字母 + 5 位，新能源 6 位）",
            "not a vehicle plate: “{value}” (province, letter, then 5 characters, 6 for new-energy)",
        ),
        "duplicate" => ("“{value}”已登记", "“{value}” is already registered"),
        "unknown_value" => ("未找到“{value}”", "“{value}” was not found"),
        "overload" => (
            "单车载重 {tonnes} 吨超过 40 吨，须填写超载理由",
            "a load of {tonnes} t is over 40 t: give a reason",
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
        "setting" => "设置项",
        "stream" => "废物流",
        "category" => "废物类别",
        _ => what,
    }
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

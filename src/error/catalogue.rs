//! What each field rule says, in Chinese and English. A message quotes the value it read and,
//! for a value out of range, the range; an English message carries no Chinese.

use super::Rule;

impl Rule {
    /// The messages: (Chinese, English).
    pub fn messages(self) -> (&'static str, &'static str) {
        match self {
            Rule::Required => ("必填", "is required"),
            Rule::TooLong => ("过长（最多 {max} 字）", "is too long (at most {max} characters)"),
            Rule::UsccLength => (
            "统一社会信用代码应为 18 位，现为 {len} 位",
            "a unified social credit code has 18 characters, this has {len}",
        ),
            Rule::UsccCharset => (
            "统一社会信用代码第 {pos} 位含非法字符“{ch}”（不使用 I、O、S、V、Z）",
            "character {pos} of the code, “{ch}”, is not allowed (no I, O, S, V, Z)",
        ),
            Rule::UsccCharsetLikely => (
            "统一社会信用代码第 {pos} 位“{ch}”不是代码字符（不使用 I、O、S、V、Z），可能是「{likely}」",
            "character {pos} of the code, “{ch}”, is not allowed (no I, O, S, V, Z); probably “{likely}”",
        ),
            Rule::UsccDivision => (
            "统一社会信用代码第 3–8 位应为登记管理机关行政区划码（6 位数字），现为“{value}”；请核对",
            "characters 3–8 of the code should be a 6-digit division code, got “{value}”; please check",
        ),
            Rule::UsccOrgCheck => (
            "统一社会信用代码第 9–17 位的组织机构代码校验位应为“{expected}”，现为“{found}”；请核对",
            "the organisation code in characters 9–17 should end in “{expected}”, not “{found}”; please check",
        ),
            Rule::UsccPair => (
            "统一社会信用代码前两位“{value}”不是登记管理部门与机构类别的已知组合；请核对",
            "the first two characters “{value}” are not a known registration authority and kind; please check",
        ),
            Rule::UsccKindHint => (
            "此类细胞的代码通常以 {expected} 开头，此代码以 {value}（{named_zh}）开头；请核对",
            "codes of this kind of cell usually begin {expected}; this one begins {value} ({named_en}); please check",
        ),
            Rule::FutureDate => ("日期 {value} 在未来", "the date {value} is in the future"),
            Rule::Division12Digits => (
            "统计用区划代码应为 12 位数字，现为“{value}”",
            "a statistical division code has 12 digits, got “{value}”",
        ),
            Rule::Division12District => (
            "代码“{value}”不在所属区县 {district} 之下（前 6 位应为 {district}）",
            "code “{value}” is not within district {district} (it must begin {district})",
        ),
            Rule::UnknownArea => ("未知的报送区域“{value}”", "unknown reporting area “{value}”"),
            Rule::AreaCode => (
            "报送区域代码应为 2–12 位大写字母、数字或“-”，且不能是 6 位数字（那是行政区划代码），现为“{value}”",
            "a reporting area code has 2–12 capital letters, digits or “-”, and is not 6 digits (a division code), got “{value}”",
        ),
            Rule::AreaExists => ("报送区域“{value}”已存在", "reporting area “{value}” already exists"),
            Rule::UsccCheck => (
            "统一社会信用代码校验位错误：应为“{expected}”，现为“{found}”；如确属登记在册的代码，请填写保留理由",
            "wrong check character: expected “{expected}”, found “{found}”; give an override reason to keep a registered code",
        ),
            Rule::UsccRequired => (
            "此类细胞必须填写统一社会信用代码",
            "this kind of cell needs a unified social credit code",
        ),
            Rule::UsccDuplicate => (
            "统一社会信用代码已被“{other}”使用；如为同一单位的另一处细胞（如学校分校区），请填写共用理由",
            "the code is already used by “{other}”; for another site of the same unit (a school's second campus) give a reason for sharing it",
        ),
            Rule::UnknownKind => ("未知的细胞类型“{value}”", "unknown cell kind “{value}”"),
            Rule::UnknownDistrict => (
            "未知的行政区划代码“{value}”",
            "unknown division code “{value}”",
        ),
            Rule::NotInteger => ("应为正整数，现为“{value}”", "must be a whole number, got “{value}”"),
            Rule::NotPositive => ("应大于 0", "must be greater than 0"),
            Rule::YearRange => ("年份应在 2000 至 2100 之间", "the year must be between 2000 and 2100"),
            Rule::FutureYear => ("基准年不能晚于今年", "the baseline year cannot be after this year"),
            Rule::BadDate => (
            "日期格式应为 YYYY-MM-DD，现为“{value}”",
            "a date is written YYYY-MM-DD, got “{value}”",
        ),
            Rule::BadMonth => (
            "月份格式应为 YYYY-MM，现为“{value}”",
            "a month is written YYYY-MM, got “{value}”",
        ),
            Rule::FutureMonth => (
            "月份 {value} 在未来，不能填报",
            "month {value} is in the future",
        ),
            Rule::UnknownCategory => ("未知的废物类别“{value}”", "unknown waste category “{value}”"),
            Rule::BadQuantity => (
            "应为数字（{unit}），现为“{value}”",
            "must be a number of {unit_en}, got “{value}”",
        ),
            Rule::QuantityGrouping => (
            "读到“{value}”（{unit}）：逗号只用作千位分隔（如 1,200），小数请用小数点（如 12.5）",
            "read “{value}” ({unit_en}): a comma only separates thousands (1,200); write decimals with a point (12.5)",
        ),
            Rule::QuantityDecimals => (
            "最多三位小数（{unit}），现为“{value}”",
            "at most 3 decimals ({unit_en}), got “{value}”",
        ),
            Rule::QuantityTooLarge => (
            "超出上限：应在 0 至 {max} {unit} 之间，现为“{value}”",
            "out of range: must be between 0 and {max} {unit_en}, got “{value}”",
        ),
            Rule::LimitRange => (
            "上限应为 1 至 {max} 之间的整数，现为“{value}”",
            "a ceiling is a whole number from 1 to {max}, got “{value}”",
        ),
            Rule::NulChar => (
            "含空字符（NUL），请删除后重试",
            "contains a NUL character; remove it",
        ),
            Rule::ControlChar => (
            "第 {pos} 个字符是不可见的控制字符（{ch}），请删除",
            "character {pos} is an invisible control character ({ch}); remove it",
        ),
            Rule::BidiChar => (
            "第 {pos} 个字符是改变文字方向的不可见字符（{ch}），请删除",
            "character {pos} is an invisible text-direction character ({ch}); remove it",
        ),
            Rule::FutureTime => (
            "时间 {value} 晚于当前时间，不能登记",
            "the time {value} is later than now",
        ),
            Rule::AlreadyImported => (
            "已导入：与台账中已有的记录相同，未重复写入",
            "already imported: the same as a row in the ledger, not written again",
        ),
            Rule::ExistsDiffers => (
            "台账中已有“{value}”，但内容不同；如需修改请使用编辑",
            "“{value}” is already in the ledger with other values; edit it instead",
        ),
            Rule::Encoding => (
            "文件编码无法识别（不是 UTF-8、UTF-16 或 GB18030 文本）。请在 Excel 中“另存为”，文件类型选择“CSV UTF-8（逗号分隔）”，再重新导入",
            "the file's encoding is not recognised (not UTF-8, UTF-16 or GB18030 text); in Excel use Save As, type \"CSV UTF-8 (Comma delimited)\", and import again",
        ),
            Rule::TruncatedRow => (
            "此行不完整，文件可能在此处被截断（{detail}）；请重新导出完整的文件",
            "the row is incomplete; the file looks cut short here ({detail_en}); export the whole file again",
        ),
            Rule::ExtraFields => (
            "此行有 {found} 个值，多于 {width} 列标题；含逗号的值须用英文双引号括起",
            "the row has {found} values for {width} headings; a value with a comma must be quoted",
        ),
            Rule::MoreErrors => (
            "另有 {count} 处问题未列出",
            "{count} more problem(s) not listed",
        ),
            Rule::EmptyFile => ("文件没有内容", "the file is empty"),
            Rule::ClearedRecord => (
            "已有记录的数量不能清空；如要删除这条记录，请使用“删除”",
            "a stored record cannot be emptied; to remove it, use Delete",
        ),
            Rule::Negative => ("数量不能为负数", "a quantity cannot be negative"),
            Rule::OutflowExceeds => (
            "去向合计 {outflow} 千克超过产生量 {generated} 千克",
            "outflows of {outflow} kg exceed the {generated} kg generated",
        ),
            Rule::CertifiedOnRequired => (
            "命名（认证）需要填写认证日期",
            "certification needs a certification date",
        ),
            Rule::UnknownStatus => ("未知的状态“{value}”", "unknown status “{value}”"),
            Rule::UnknownColumn => ("未知的列“{value}”", "unknown column “{value}”"),
            Rule::DuplicateInFile => (
            "与第 {other} 行重复",
            "duplicates row {other}",
        ),
            Rule::UnknownSetting => ("未知的设置项“{value}”", "unknown setting “{value}”"),
            Rule::BadValue => ("取值无效：“{value}”", "invalid value “{value}”"),
            Rule::KindExists => ("类型键“{value}”已存在", "kind key “{value}” already exists"),
            Rule::DistrictExists => ("区划代码“{value}”已存在", "division code “{value}” already exists"),
            Rule::BadPlate => (
            "车牌号格式不正确：“{value}”（普通号牌：省份简称 + 字母 + 5 位字母或数字；小型新能源：D 或 F + 1 位字母或数字 + 4 位数字；大型新能源：5 位数字 + D 或 F；挂车：4 位 + 挂；字母不用 I、O）",
            "not a vehicle plate: “{value}” (ordinary: province, letter, 5 letters or digits; small new-energy: D or F, a letter or digit, 4 digits; large new-energy: 5 digits, D or F; trailer: 4 characters and the trailer mark; no I or O)",
        ),
            Rule::Duplicate => ("“{value}”已登记", "“{value}” is already registered"),
            Rule::UnknownValue => ("未找到“{value}”", "“{value}” was not found"),
            Rule::Overload => (
            "{load}超过车辆{limit}，须填写超载理由",
            "{load_en} is over the vehicle's {limit_en}: give a reason",
        ),
            Rule::OverCap => (
            "载重 {tonnes} 吨超过上限 {cap} 吨（最大合法车货总质量），不予登记",
            "a load of {tonnes} t is over the cap of {cap} t (the largest legal gross mass): refused",
        ),
            Rule::SpecialPlate => (
            "“{value}”是{kind}，渣土运输车辆不使用此类号牌",
            "“{value}” is a {kind_en}: not a plate a construction-waste truck carries",
        ),
            Rule::NetMismatch => (
            "净重 {net} 吨应等于毛重 {gross} 吨 − 皮重 {tare} 吨 = {expected} 吨",
            "the net {net} t must be the gross {gross} t − the tare {tare} t = {expected} t",
        ),
            Rule::TareOverGross => (
            "皮重 {tare} 吨不能大于毛重 {gross} 吨",
            "the tare {tare} t cannot exceed the gross {gross} t",
        ),
            Rule::WindowOrder => (
            "计划时间窗的结束应晚于开始 {value}",
            "the planned window must end after it starts at {value}",
        ),
            Rule::BadInstallationCode => (
            "本机简码应为 2 至 12 位大写字母或数字，现为“{value}”",
            "the installation code has 2 to 12 capital letters or digits, got “{value}”",
        ),
            Rule::FollowupNotRefused => (
            "联单 {value} 未被拒收或部分拒收，无需后续联单",
            "manifest {value} was not refused or partly refused: it needs no follow-up",
        ),
            Rule::FollowupMismatch => (
            "后续联单应来自同一工地、同一类别，且出车晚于 {value}",
            "a follow-up comes from the same site and category and departs after {value}",
        ),
            Rule::FollowupExists => (
            "联单 {value} 已有后续联单",
            "manifest {value} already has a follow-up",
        ),
            Rule::Expired => (
            "{what}已于 {until} 过期，出车日期为 {on}",
            "the {what_en} expired on {until}; the departure is on {on}",
        ),
            Rule::NotPositiveQty => ("数量应大于 0", "the quantity must be greater than 0"),
            Rule::RefusedFitsOutcome => (
            "拒收量与结论不符：{rule}",
            "the refused quantity does not fit the outcome: {rule}",
        ),
            Rule::BeforeDeparture => (
            "接收时间应晚于出车时间 {value}",
            "the reception must be after the departure at {value}",
        ),
            Rule::BadDatetime => (
            "时间格式应为 YYYY-MM-DD HH:MM，现为“{value}”",
            "a time is written YYYY-MM-DD HH:MM, got “{value}”",
        ),
            Rule::Locked => (
            "联单已{status}，此字段已锁定，请以修订方式更改并说明理由",
            "the manifest is {status_en}: the field is locked; change it as a revision with a reason",
        ),
            Rule::BadStep => (
            "联单当前状态为“{from}”，不能{step}",
            "a manifest that is {from_en} cannot be {step_en}",
        ),
            Rule::BadQuantityT => (
            "数量应为不超过三位小数的非负数（吨或立方米），现为“{value}”",
            "a quantity is a non-negative number of t or m³ with at most 3 decimals, got “{value}”",
        ),
            Rule::UseExceedsGenerated => (
            "现场利用与土方平衡合计 {used} 超过产生量 {generated}",
            "reused on site and sent to other sites together ({used}) exceed the {generated} generated",
        ),
            Rule::BadFormat => (
            "导出格式应为 xlsx 或 csv，现为“{value}”",
            "the export format is xlsx or csv, got “{value}”",
        ),
            Rule::OutIsDir => (
            "“{value}”是一个文件夹，请给出要写入的文件名",
            "“{value}” is a folder; give the name of the file to write",
        ),
            Rule::OutNoDir => (
            "文件夹不存在：“{value}”",
            "the folder of “{value}” does not exist",
        ),
            Rule::OutUnwritable => (
            "无法写入“{value}”：没有写入权限",
            "cannot write “{value}”: permission denied",
        ),
            Rule::XlsxUnreadable => (
            "无法读取 Excel 文件（{detail}）；请确认是 .xlsx 格式，或另存为“CSV UTF-8”后导入",
            "the Excel file cannot be read ({detail}); check that it is .xlsx, or save it as \"CSV UTF-8\" and import that",
        ),
            Rule::XlsxErrorCell => (
            "单元格是 Excel 错误值 {value}，请改为实际数据",
            "the cell holds the Excel error {value}; enter the real value",
        ),
            Rule::BinsAndKg => (
            "产生量填写公斤数或桶（袋）数，二者只填其一",
            "give the amount generated in kg or as bins (bags), not both",
        ),
            Rule::BadCount => (
            "桶（袋）数应为 1 至 1000000 的整数，现为“{value}”",
            "the number of bins (bags) must be a whole number from 1 to 1000000, got “{value}”",
        ),
            Rule::NoContainerSize => (
            "“{category}”未设每桶（袋）公斤数：请在类别或本细胞中设置后再按桶（袋）录入",
            "“{category_en}” has no kg per bin (bag): set it for the category or this cell first",
        ),
            Rule::RetiredCategory => (
            "类别“{value}”已停用，不能新增记录",
            "the category “{value}” is retired and takes no new records",
        ),
            Rule::RecoveryNotCounted => (
            "“{category}”的回收利用/堆肥量 {kg} kg 已保存，但不计入生活垃圾回收利用率（只计未进入焚烧和填埋设施的可回收物、厨余垃圾）",
            "the {kg} kg recycled/composted of “{category_en}” was saved but does not count toward the household recycling rate (only recyclables and kitchen waste kept out of incineration and landfill count)",
        ),
            Rule::StreamExists => ("废物流“{value}”已存在", "the waste stream “{value}” already exists"),
            Rule::CategoryExists => ("类别“{value}”已存在", "the category “{value}” already exists"),
            Rule::UnknownStream => ("未知的废物流“{value}”", "unknown waste stream “{value}”"),
            Rule::UnknownFigure => (
            "未知的活动数据“{value}”（可用：{known}）",
            "unknown activity figure “{value}” (known: {known_en})",
        ),
            Rule::FutureFigureYear => (
            "年份 {value} 晚于今年",
            "the year {value} is after this year",
        ),
            Rule::BadContainerKg => (
            "每桶（袋）公斤数应大于 0，现为“{value}”",
            "kg per bin (bag) must be greater than 0, got “{value}”",
        ),
            Rule::FactorRange => (
            "折算系数应在 0 至 1 之间，现为“{value}”",
            "a factor must be between 0 and 1, got “{value}”",
        ),
            Rule::PositionRange => ("位置应在 1 至 {max} 之间", "the position must be from 1 to {max}"),
            Rule::SettingRange => (
                "“{setting}”应为 {range}，现为“{value}”",
                "{setting_en} must be {range_en}, got “{value}”",
            ),
            Rule::NothingToUndo => (
                "没有可撤销的修改（{operator}在本机尚无修改）",
                "there is no change to undo ({operator_en} has made none on this installation)",
            ),
            Rule::UndoChangedSince => (
                "{what}“{subject}”此后已被 {by} 于 {at} 修改，不能撤销第 {set} 批修改；请先核对那次修改",
                "the {what_en} “{subject}” was changed since by {by_en} at {at}, so change set {set} cannot be undone; check that change first",
            ),
            Rule::UndoBreaksRule => (
                "撤销会使{what}“{subject}”违反规则：{broken}；未做任何更改",
                "undoing would make the {what_en} “{subject}” break a rule: {broken_en}; nothing was changed",
            ),
            Rule::UndoNotPossible => (
                "第 {set} 批修改是{kind}，不能撤销",
                "change set {set} is {kind_en} and cannot be undone",
            ),
            Rule::ScoreRange => (
                "“{item}”的得分应在 0 至 {max} 分之间，现为“{value}”",
                "the score of “{item_en}” must be from 0 to {max}, got “{value}”",
            ),
            Rule::UnknownItem => (
                "评估标准中没有评分项“{value}”（可用：{known}）",
                "the criteria have no item “{value}” (known: {known})",
            ),
            Rule::ItemUnscored => ("评分项“{item}”未评分", "the item “{item_en}” has no score"),
            Rule::UnknownLevel => (
                "未知的评估层级“{value}”（县区初评、市级验收、复核）",
                "unknown assessment level “{value}” (county, city, review)",
            ),
            Rule::DishonestyFound => (
                "失信核查发现严重失信记录，不能评估验收",
                "the dishonesty check found a serious record: the cell cannot be assessed",
            ),
            Rule::ApplicationIncomplete => (
                "市级验收前须登记申报：承诺书收到日期和失信核查（日期、核查人、结果）",
                "a city acceptance needs the application first: the commitment letter's date and the dishonesty check (date, by whom, result)",
            ),
            Rule::CountyPassFirst => (
                "市级验收前须有通过的县区初评（在 {value} 或之前）",
                "a city acceptance needs a passed county pre-assessment first (on or before {value})",
            ),
            Rule::ReviewNeedsNaming => (
                "复核只针对已命名的细胞（当前：{value}）",
                "a re-review is for a named cell only (now: {value_en})",
            ),
            Rule::BadTemplate => ("评估标准无效：{value}", "invalid criteria: {value_en}"),
            Rule::NotACertReport => (
                "文件“{value}”不是本台账出具的认证报告（未找到报告编号）",
                "the file “{value}” is not a certification report of this ledger (no report number found)",
            ),
            Rule::ReviewAfterExpiry => (
                "复核日期 {value} 晚于命名有效期 {expires}：命名已到期，须重新评估验收",
                "the re-review date {value} is after the naming's expiry {expires}: the naming has lapsed and needs a new acceptance",
            ),
            Rule::RetentionLocked => (
                "台账记录须保存至少 2 年：{date} 的记录到 {until} 之前不能删除；如有错误请更正并填写理由",
                "ledger entries are kept at least 2 years: the entry of {date} cannot be deleted before {until}; correct it with a reason instead",
            ),
            Rule::StockNegative => (
                "站点“{point}”的{stream}库存在 {date} 将变为负数（库存 {stock} 千克，出库 {weight} 千克）",
                "the {stream_en} stock of point “{point}” would go negative on {date} (stock {stock} kg, outbound {weight} kg)",
            ),
            Rule::PointInactive => (
                "站点“{point}”在 {date} 未运营（运营期 {from} 至 {to}）",
                "point “{point}” is not active on {date} (active {from} to {to_en})",
            ),
            Rule::PointStream => (
                "站点“{point}”不回收{stream}",
                "point “{point}” does not take {stream_en}",
            ),
            Rule::RateOver100 => (
                "{what}为 {rate}%，超过 100%：产生量为估算（{basis}），请核对",
                "{what_en} is {rate}%, over 100%: the amount generated is an estimate ({basis_en}); please check",
            ),
            Rule::UseOverBasis => (
                "利用量合计 {used} 吨超过{basis} {total} 吨，请核对",
                "the {used} t used exceed the {basis_en} of {total} t; please check",
            ),
            Rule::PercentRange => (
                "应为 0 至 100 之间的百分数，现为“{value}”",
                "must be a percentage from 0 to 100, got “{value}”",
            ),
            Rule::PlaceLevel => (
                "“{value}”是村，不是乡镇",
                "“{value}” is a village, not a township",
            ),
            Rule::CellStopped => (
                "“{cell}”已于 {on} 撤销命名，{from} 起不再填报月度数据（此前各月仍可填报）",
                "“{cell}” had its naming revoked on {on}: it takes no monthly figures from {from} on (the months before still do)",
            ),
            Rule::PeriodStart => (
                "{period}报表的起始月应为 {months}，现为 {value}",
                "a {period_en} report starts in month {months_en}, got {value}",
            ),
            Rule::FuturePeriod => (
                "报表期 {value} 晚于本月 {last}，不能出具",
                "the period {value} ends after this month, {last}",
            ),
            Rule::FormatUnavailable => (
                "此版本不能输出 {value} 格式（可用：{valid}）",
                "this version cannot write {value} (available: {valid})",
            ),
            Rule::BackupMissing => (
                "找不到备份文件“{path}”，台账未改动",
                "there is no backup file at “{path}”; the ledger is unchanged",
            ),
            Rule::BackupNotLedger => (
                "“{path}”不是台账备份（{why_zh}），台账未改动",
                "“{path}” is not a ledger backup ({why}); the ledger is unchanged",
            ),
            Rule::BackupDamaged => (
                "备份文件“{path}”已损坏或不完整（截断），未通过完整性检查，台账未改动",
                "the backup file “{path}” is damaged or incomplete (truncated) and failed its integrity check; the ledger is unchanged",
            ),
            Rule::BackupNewer => (
                "备份文件“{path}”的台账版本为 {found}，比本程序支持的 {supported} 新；请使用新版程序恢复，台账未改动",
                "the backup “{path}” has schema version {found}, newer than this program's {supported}; restore it with a newer program. The ledger is unchanged",
            ),
            Rule::BackupChainBroken => (
                "备份文件“{path}”的变更记录未通过核对（{problems} 处不一致），台账未改动",
                "the change log of the backup “{path}” fails its check ({problems} problems); the ledger is unchanged",
            ),
            Rule::LedgerInUse => (
                "台账“{path}”正被另一个程序（窗口或命令行）打开，不能替换；请先关闭它，台账未改动",
                "the ledger “{path}” is open in another program (a window or a command line); close it first. The ledger is unchanged",
            ),
            Rule::CopiedLedger => (
                "此台账似乎是从另一台电脑或另一个位置（{home}）复制来的，与原台账使用同一个安装标识。请运行 zwl identity new --name 名称 --code 简码 为此副本建立新标识；如果只是移动了文件，请运行 zwl identity keep",
                "this ledger looks copied from another computer or place ({home}) and carries the same installation id as the original. Run zwl identity new --name NAME --code CODE to give this copy an identity of its own; if the file was only moved, run zwl identity keep",
            ),
            Rule::BackupEvery => (
                "自动备份周期应为 off、daily、weekly 或 monthly（关闭、每天、每周、每月），现为“{value}”",
                "the automatic backup period must be off, daily, weekly or monthly, got “{value}”",
            ),
        }
    }
}

//! The field rules: one typed code per rule, its stable string code (what the window and
//! scripts read) and its message in Chinese and English, with `{name}` placeholders.

/// A rule a field of an input can break.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Rule {
    /// `required`
    Required,
    /// `too_long`
    TooLong,
    /// `uscc_length`
    UsccLength,
    /// `uscc_charset`
    UsccCharset,
    /// `uscc_charset_likely`
    UsccCharsetLikely,
    /// `uscc_division`
    UsccDivision,
    /// `uscc_org_check`
    UsccOrgCheck,
    /// `uscc_pair`
    UsccPair,
    /// `uscc_kind_hint`
    UsccKindHint,
    /// `future_date`
    FutureDate,
    /// `division12_digits`
    Division12Digits,
    /// `division12_district`
    Division12District,
    /// `unknown_area`
    UnknownArea,
    /// `area_code`
    AreaCode,
    /// `area_exists`
    AreaExists,
    /// `uscc_check`
    UsccCheck,
    /// `uscc_required`
    UsccRequired,
    /// `uscc_duplicate`
    UsccDuplicate,
    /// `unknown_kind`
    UnknownKind,
    /// `unknown_district`
    UnknownDistrict,
    /// `not_integer`
    NotInteger,
    /// `not_positive`
    NotPositive,
    /// `year_range`
    YearRange,
    /// `future_year`
    FutureYear,
    /// `bad_date`
    BadDate,
    /// `bad_month`
    BadMonth,
    /// `future_month`
    FutureMonth,
    /// `unknown_category`
    UnknownCategory,
    /// `bad_quantity`
    BadQuantity,
    /// `quantity_grouping`
    QuantityGrouping,
    /// `quantity_decimals`
    QuantityDecimals,
    /// `quantity_too_large`
    QuantityTooLarge,
    /// `limit_range`
    LimitRange,
    /// `nul_char`
    NulChar,
    /// `control_char`
    ControlChar,
    /// `bidi_char`
    BidiChar,
    /// `future_time`
    FutureTime,
    /// `already_imported`
    AlreadyImported,
    /// `exists_differs`
    ExistsDiffers,
    /// `encoding`
    Encoding,
    /// `truncated_row`
    TruncatedRow,
    /// `extra_fields`
    ExtraFields,
    /// `more_errors`
    MoreErrors,
    /// `empty_file`
    EmptyFile,
    /// `cleared_record`
    ClearedRecord,
    /// `negative`
    Negative,
    /// `outflow_exceeds`
    OutflowExceeds,
    /// `certified_on_required`
    CertifiedOnRequired,
    /// `unknown_status`
    UnknownStatus,
    /// `unknown_column`
    UnknownColumn,
    /// `duplicate_in_file`
    DuplicateInFile,
    /// `unknown_setting`
    UnknownSetting,
    /// `bad_value`
    BadValue,
    /// `kind_exists`
    KindExists,
    /// `district_exists`
    DistrictExists,
    /// `bad_plate`
    BadPlate,
    /// `duplicate`
    Duplicate,
    /// `unknown_value`
    UnknownValue,
    /// `overload`
    Overload,
    /// `over_cap`
    OverCap,
    /// `special_plate`
    SpecialPlate,
    /// `net_mismatch`
    NetMismatch,
    /// `tare_over_gross`
    TareOverGross,
    /// `window_order`
    WindowOrder,
    /// `bad_installation_code`
    BadInstallationCode,
    /// `followup_not_refused`
    FollowupNotRefused,
    /// `followup_mismatch`
    FollowupMismatch,
    /// `followup_exists`
    FollowupExists,
    /// `expired`
    Expired,
    /// `not_positive_qty`
    NotPositiveQty,
    /// `refused_fits_outcome`
    RefusedFitsOutcome,
    /// `before_departure`
    BeforeDeparture,
    /// `bad_datetime`
    BadDatetime,
    /// `locked`
    Locked,
    /// `bad_step`
    BadStep,
    /// `bad_quantity_t`
    BadQuantityT,
    /// `use_exceeds_generated`
    UseExceedsGenerated,
    /// `bad_format`
    BadFormat,
    /// `out_is_dir`
    OutIsDir,
    /// `out_no_dir`
    OutNoDir,
    /// `out_unwritable`
    OutUnwritable,
    /// `xlsx_unreadable`
    XlsxUnreadable,
    /// `xlsx_error_cell`
    XlsxErrorCell,
    /// `bins_and_kg`
    BinsAndKg,
    /// `bad_count`
    BadCount,
    /// `no_container_size`
    NoContainerSize,
    /// `retired_category`
    RetiredCategory,
    /// `recovery_not_counted`
    RecoveryNotCounted,
    /// `stream_exists`
    StreamExists,
    /// `category_exists`
    CategoryExists,
    /// `unknown_stream`
    UnknownStream,
    /// `unknown_figure`
    UnknownFigure,
    /// `future_figure_year`
    FutureFigureYear,
    /// `bad_container_kg`
    BadContainerKg,
    /// `factor_range`
    FactorRange,
    /// `position_range`
    PositionRange,
    /// `setting_range`
    SettingRange,
    /// `nothing_to_undo`
    NothingToUndo,
    /// `undo_changed_since`
    UndoChangedSince,
    /// `undo_breaks_rule`
    UndoBreaksRule,
    /// `undo_not_possible`
    UndoNotPossible,
    /// `score_range`
    ScoreRange,
    /// `unknown_item`
    UnknownItem,
    /// `item_unscored`
    ItemUnscored,
    /// `unknown_level`
    UnknownLevel,
    /// `dishonesty_found`
    DishonestyFound,
    /// `application_incomplete`
    ApplicationIncomplete,
    /// `county_pass_first`
    CountyPassFirst,
    /// `review_needs_naming`
    ReviewNeedsNaming,
    /// `bad_template`
    BadTemplate,
    /// `not_a_cert_report`
    NotACertReport,
    /// `review_after_expiry`
    ReviewAfterExpiry,
    /// `retention_locked`
    RetentionLocked,
    /// `stock_negative`
    StockNegative,
    /// `point_inactive`
    PointInactive,
    /// `point_stream`
    PointStream,
    /// `rate_over_100`
    RateOver100,
    /// `use_over_basis`
    UseOverBasis,
    /// `percent_range`
    PercentRange,
    /// `place_level`
    PlaceLevel,
    /// `cell_stopped`
    CellStopped,
    /// `period_start`
    PeriodStart,
    /// `future_period`
    FuturePeriod,
    /// `format_unavailable`
    FormatUnavailable,
    /// `backup_missing`
    BackupMissing,
    /// `backup_not_ledger`
    BackupNotLedger,
    /// `backup_damaged`
    BackupDamaged,
    /// `backup_newer`
    BackupNewer,
    /// `backup_chain_broken`
    BackupChainBroken,
    /// `ledger_in_use`
    LedgerInUse,
    /// `copied_ledger`
    CopiedLedger,
    /// `backup_every`
    BackupEvery,
}

impl Rule {
    /// Every rule.
    pub const ALL: &[Rule] = &[
        Rule::Required,
        Rule::TooLong,
        Rule::UsccLength,
        Rule::UsccCharset,
        Rule::UsccCharsetLikely,
        Rule::UsccDivision,
        Rule::UsccOrgCheck,
        Rule::UsccPair,
        Rule::UsccKindHint,
        Rule::FutureDate,
        Rule::Division12Digits,
        Rule::Division12District,
        Rule::UnknownArea,
        Rule::AreaCode,
        Rule::AreaExists,
        Rule::UsccCheck,
        Rule::UsccRequired,
        Rule::UsccDuplicate,
        Rule::UnknownKind,
        Rule::UnknownDistrict,
        Rule::NotInteger,
        Rule::NotPositive,
        Rule::YearRange,
        Rule::FutureYear,
        Rule::BadDate,
        Rule::BadMonth,
        Rule::FutureMonth,
        Rule::UnknownCategory,
        Rule::BadQuantity,
        Rule::QuantityGrouping,
        Rule::QuantityDecimals,
        Rule::QuantityTooLarge,
        Rule::LimitRange,
        Rule::NulChar,
        Rule::ControlChar,
        Rule::BidiChar,
        Rule::FutureTime,
        Rule::AlreadyImported,
        Rule::ExistsDiffers,
        Rule::Encoding,
        Rule::TruncatedRow,
        Rule::ExtraFields,
        Rule::MoreErrors,
        Rule::EmptyFile,
        Rule::ClearedRecord,
        Rule::Negative,
        Rule::OutflowExceeds,
        Rule::CertifiedOnRequired,
        Rule::UnknownStatus,
        Rule::UnknownColumn,
        Rule::DuplicateInFile,
        Rule::UnknownSetting,
        Rule::BadValue,
        Rule::KindExists,
        Rule::DistrictExists,
        Rule::BadPlate,
        Rule::Duplicate,
        Rule::UnknownValue,
        Rule::Overload,
        Rule::OverCap,
        Rule::SpecialPlate,
        Rule::NetMismatch,
        Rule::TareOverGross,
        Rule::WindowOrder,
        Rule::BadInstallationCode,
        Rule::FollowupNotRefused,
        Rule::FollowupMismatch,
        Rule::FollowupExists,
        Rule::Expired,
        Rule::NotPositiveQty,
        Rule::RefusedFitsOutcome,
        Rule::BeforeDeparture,
        Rule::BadDatetime,
        Rule::Locked,
        Rule::BadStep,
        Rule::BadQuantityT,
        Rule::UseExceedsGenerated,
        Rule::BadFormat,
        Rule::OutIsDir,
        Rule::OutNoDir,
        Rule::OutUnwritable,
        Rule::XlsxUnreadable,
        Rule::XlsxErrorCell,
        Rule::BinsAndKg,
        Rule::BadCount,
        Rule::NoContainerSize,
        Rule::RetiredCategory,
        Rule::RecoveryNotCounted,
        Rule::StreamExists,
        Rule::CategoryExists,
        Rule::UnknownStream,
        Rule::UnknownFigure,
        Rule::FutureFigureYear,
        Rule::BadContainerKg,
        Rule::FactorRange,
        Rule::PositionRange,
        Rule::SettingRange,
        Rule::NothingToUndo,
        Rule::UndoChangedSince,
        Rule::UndoBreaksRule,
        Rule::UndoNotPossible,
        Rule::ScoreRange,
        Rule::UnknownItem,
        Rule::ItemUnscored,
        Rule::UnknownLevel,
        Rule::DishonestyFound,
        Rule::ApplicationIncomplete,
        Rule::CountyPassFirst,
        Rule::ReviewNeedsNaming,
        Rule::BadTemplate,
        Rule::NotACertReport,
        Rule::ReviewAfterExpiry,
        Rule::RetentionLocked,
        Rule::StockNegative,
        Rule::PointInactive,
        Rule::PointStream,
        Rule::RateOver100,
        Rule::UseOverBasis,
        Rule::PercentRange,
        Rule::PlaceLevel,
        Rule::CellStopped,
        Rule::PeriodStart,
        Rule::FuturePeriod,
        Rule::FormatUnavailable,
        Rule::BackupMissing,
        Rule::BackupNotLedger,
        Rule::BackupDamaged,
        Rule::BackupNewer,
        Rule::BackupChainBroken,
        Rule::LedgerInUse,
        Rule::CopiedLedger,
        Rule::BackupEvery,
    ];

    /// The stable code.
    pub fn code(self) -> &'static str {
        match self {
            Rule::Required => "required",
            Rule::TooLong => "too_long",
            Rule::UsccLength => "uscc_length",
            Rule::UsccCharset => "uscc_charset",
            Rule::UsccCharsetLikely => "uscc_charset_likely",
            Rule::UsccDivision => "uscc_division",
            Rule::UsccOrgCheck => "uscc_org_check",
            Rule::UsccPair => "uscc_pair",
            Rule::UsccKindHint => "uscc_kind_hint",
            Rule::FutureDate => "future_date",
            Rule::Division12Digits => "division12_digits",
            Rule::Division12District => "division12_district",
            Rule::UnknownArea => "unknown_area",
            Rule::AreaCode => "area_code",
            Rule::AreaExists => "area_exists",
            Rule::UsccCheck => "uscc_check",
            Rule::UsccRequired => "uscc_required",
            Rule::UsccDuplicate => "uscc_duplicate",
            Rule::UnknownKind => "unknown_kind",
            Rule::UnknownDistrict => "unknown_district",
            Rule::NotInteger => "not_integer",
            Rule::NotPositive => "not_positive",
            Rule::YearRange => "year_range",
            Rule::FutureYear => "future_year",
            Rule::BadDate => "bad_date",
            Rule::BadMonth => "bad_month",
            Rule::FutureMonth => "future_month",
            Rule::UnknownCategory => "unknown_category",
            Rule::BadQuantity => "bad_quantity",
            Rule::QuantityGrouping => "quantity_grouping",
            Rule::QuantityDecimals => "quantity_decimals",
            Rule::QuantityTooLarge => "quantity_too_large",
            Rule::LimitRange => "limit_range",
            Rule::NulChar => "nul_char",
            Rule::ControlChar => "control_char",
            Rule::BidiChar => "bidi_char",
            Rule::FutureTime => "future_time",
            Rule::AlreadyImported => "already_imported",
            Rule::ExistsDiffers => "exists_differs",
            Rule::Encoding => "encoding",
            Rule::TruncatedRow => "truncated_row",
            Rule::ExtraFields => "extra_fields",
            Rule::MoreErrors => "more_errors",
            Rule::EmptyFile => "empty_file",
            Rule::ClearedRecord => "cleared_record",
            Rule::Negative => "negative",
            Rule::OutflowExceeds => "outflow_exceeds",
            Rule::CertifiedOnRequired => "certified_on_required",
            Rule::UnknownStatus => "unknown_status",
            Rule::UnknownColumn => "unknown_column",
            Rule::DuplicateInFile => "duplicate_in_file",
            Rule::UnknownSetting => "unknown_setting",
            Rule::BadValue => "bad_value",
            Rule::KindExists => "kind_exists",
            Rule::DistrictExists => "district_exists",
            Rule::BadPlate => "bad_plate",
            Rule::Duplicate => "duplicate",
            Rule::UnknownValue => "unknown_value",
            Rule::Overload => "overload",
            Rule::OverCap => "over_cap",
            Rule::SpecialPlate => "special_plate",
            Rule::NetMismatch => "net_mismatch",
            Rule::TareOverGross => "tare_over_gross",
            Rule::WindowOrder => "window_order",
            Rule::BadInstallationCode => "bad_installation_code",
            Rule::FollowupNotRefused => "followup_not_refused",
            Rule::FollowupMismatch => "followup_mismatch",
            Rule::FollowupExists => "followup_exists",
            Rule::Expired => "expired",
            Rule::NotPositiveQty => "not_positive_qty",
            Rule::RefusedFitsOutcome => "refused_fits_outcome",
            Rule::BeforeDeparture => "before_departure",
            Rule::BadDatetime => "bad_datetime",
            Rule::Locked => "locked",
            Rule::BadStep => "bad_step",
            Rule::BadQuantityT => "bad_quantity_t",
            Rule::UseExceedsGenerated => "use_exceeds_generated",
            Rule::BadFormat => "bad_format",
            Rule::OutIsDir => "out_is_dir",
            Rule::OutNoDir => "out_no_dir",
            Rule::OutUnwritable => "out_unwritable",
            Rule::XlsxUnreadable => "xlsx_unreadable",
            Rule::XlsxErrorCell => "xlsx_error_cell",
            Rule::BinsAndKg => "bins_and_kg",
            Rule::BadCount => "bad_count",
            Rule::NoContainerSize => "no_container_size",
            Rule::RetiredCategory => "retired_category",
            Rule::RecoveryNotCounted => "recovery_not_counted",
            Rule::StreamExists => "stream_exists",
            Rule::CategoryExists => "category_exists",
            Rule::UnknownStream => "unknown_stream",
            Rule::UnknownFigure => "unknown_figure",
            Rule::FutureFigureYear => "future_figure_year",
            Rule::BadContainerKg => "bad_container_kg",
            Rule::FactorRange => "factor_range",
            Rule::PositionRange => "position_range",
            Rule::SettingRange => "setting_range",
            Rule::NothingToUndo => "nothing_to_undo",
            Rule::UndoChangedSince => "undo_changed_since",
            Rule::UndoBreaksRule => "undo_breaks_rule",
            Rule::UndoNotPossible => "undo_not_possible",
            Rule::ScoreRange => "score_range",
            Rule::UnknownItem => "unknown_item",
            Rule::ItemUnscored => "item_unscored",
            Rule::UnknownLevel => "unknown_level",
            Rule::DishonestyFound => "dishonesty_found",
            Rule::ApplicationIncomplete => "application_incomplete",
            Rule::CountyPassFirst => "county_pass_first",
            Rule::ReviewNeedsNaming => "review_needs_naming",
            Rule::BadTemplate => "bad_template",
            Rule::NotACertReport => "not_a_cert_report",
            Rule::ReviewAfterExpiry => "review_after_expiry",
            Rule::RetentionLocked => "retention_locked",
            Rule::StockNegative => "stock_negative",
            Rule::PointInactive => "point_inactive",
            Rule::PointStream => "point_stream",
            Rule::RateOver100 => "rate_over_100",
            Rule::UseOverBasis => "use_over_basis",
            Rule::PercentRange => "percent_range",
            Rule::PlaceLevel => "place_level",
            Rule::CellStopped => "cell_stopped",
            Rule::PeriodStart => "period_start",
            Rule::FuturePeriod => "future_period",
            Rule::FormatUnavailable => "format_unavailable",
            Rule::BackupMissing => "backup_missing",
            Rule::BackupNotLedger => "backup_not_ledger",
            Rule::BackupDamaged => "backup_damaged",
            Rule::BackupNewer => "backup_newer",
            Rule::BackupChainBroken => "backup_chain_broken",
            Rule::LedgerInUse => "ledger_in_use",
            Rule::CopiedLedger => "copied_ledger",
            Rule::BackupEvery => "backup_every",
        }
    }

    /// The rule of a stable code.
    pub fn of_code(code: &str) -> Option<Rule> {
        Rule::ALL.iter().copied().find(|r| r.code() == code)
    }
}

//! The resource use of construction waste as the indicator defines it (建筑垃圾综合利用率,
//! “无废城市”建设指标体系（试行）, 2019): waste used ÷ waste generated, by district, site or
//! facility over a period. The numerator is the waste INPUT of each product line (see
//! [`outputs`]), the denominator what sites declared they generated (see [`declarations`]),
//! falling back — plainly marked — to what facilities received where a site declared nothing.
//! Building-material use (资源化利用率) and the wider use with backfill, 土方平衡 and
//! restoration (综合利用率) are reported apart, each with its formula.

pub mod declarations;
pub mod outputs;
mod rate;

pub use outputs::{record_output, Counts, PRODUCTS};
pub(crate) use rate::months;
pub use rate::{rate, total_of};

use serde::Serialize;

/// 资源化利用率, Chinese.
pub const RESOURCE_FORMULA_ZH: &str = "建筑垃圾资源化利用率 = 资源化利用量 ÷ 建筑垃圾产生量 × 100%。资源化利用量：设施将建筑垃圾经分拣、剔除或破碎后制成再生建材（再生骨料、再生砖/砌块、再生道路材料、其他再生建材）所投入的建筑垃圾量（按投入量计，不按产品量：再生砖含水泥），含以往月份库存投料；按工地或区划统计时，设施的利用量按各工地期内运入量的比例分摊。产生量：工地申报的产生量（含现场利用、土方平衡和在途车辆）；工地当月未申报的，以设施接收量（接收 − 拒收）代替，并标注。";
/// 资源化利用率, English.
pub const RESOURCE_FORMULA_EN: &str = "resource-use rate (building materials) = waste made into building materials ÷ waste generated × 100%. Waste made into building materials: the construction waste put into recycled aggregate, bricks and blocks, road material and other recycled building materials after sorting, removal or crushing (the waste input, not the product mass: a recycled brick includes cement), stock from earlier months included; by site or district, a facility's use is shared out in proportion to what each site delivered in the period. Generated: what sites declared (on-site reuse, earthwork balance to other sites and loads on the road included); where a site declared nothing for a month, the facilities' intake (received − refused) stands in, and is marked.";
/// 综合利用率, Chinese.
pub const COMPREHENSIVE_FORMULA_ZH: &str = "建筑垃圾综合利用率 = （资源化利用量 + 回填量 + 生态修复量 + 工地现场利用量 + 土方平衡量） ÷ 建筑垃圾产生量 × 100%。回填、生态修复为设施按去向登记的投入量；现场利用、土方平衡（直接运往其他工地）为工地申报量；产生量口径同资源化利用率。";
/// 综合利用率, English.
pub const COMPREHENSIVE_FORMULA_EN: &str = "comprehensive utilisation rate = (building-material use + backfill + ecological restoration + reuse on site + earthwork balance to other sites) ÷ waste generated × 100%. Backfill and restoration: what facilities recorded as put to those uses; reuse on site and earthwork balance (sent directly to another site): what sites declared; generated as for the resource-use rate.";

/// One group's figures, in tonnes.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RateRow {
    /// District code, site id, facility id, `unallocated` or `total`.
    pub key: String,
    /// Its name.
    pub name: String,
    /// The denominator: declared generation, or intake where nothing was declared.
    pub generated_t: f64,
    /// The part of `generated_t` that sites declared.
    pub declared_t: f64,
    /// The part of `generated_t` that is facility intake standing in for a declaration.
    pub intake_fallback_t: f64,
    /// `declared`, `intake` (every site-month fell back), `mixed`, or `none` (facility rows,
    /// which have no generation of their own).
    pub basis: String,
    /// 设施接收量: what facilities received from the group (received − refused).
    pub intake_t: f64,
    /// Waste put into building materials (the group's share).
    pub building_material_t: f64,
    /// Waste put to backfill (the group's share).
    pub backfill_t: f64,
    /// Waste put to ecological restoration (the group's share).
    pub restoration_t: f64,
    /// Reused on site (declared).
    pub reused_on_site_t: f64,
    /// 土方平衡 to other sites (declared).
    pub balanced_t: f64,
    /// 资源化利用率, %.
    pub resource_rate: Option<f64>,
    /// 综合利用率, %.
    pub comprehensive_rate: Option<f64>,
}

/// The rates of a period.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ResourceUse {
    /// `district`, `site` or `facility`.
    pub by: String,
    /// First month.
    pub from: String,
    /// Last month.
    pub to: String,
    /// One row per group (and `unallocated`: use at facilities that received nothing in the
    /// period, counted in the total only).
    pub rows: Vec<RateRow>,
    /// Over all groups.
    pub total: RateRow,
    /// Site-months with a declaration.
    pub declared_site_months: i64,
    /// Site-months with intake and no declaration (intake stands in).
    pub fallback_site_months: i64,
    /// Which denominator was used, in words, Chinese.
    pub basis_zh: String,
    /// Which denominator was used, in words, English.
    pub basis_en: String,
    /// Densities the declarations in m³ were converted with (category, t/m³). Intake is
    /// weighed in tonnes and needs none.
    pub densities: Vec<(String, f64)>,
    /// 资源化利用率 formula, Chinese.
    pub resource_formula_zh: &'static str,
    /// 资源化利用率 formula, English.
    pub resource_formula_en: &'static str,
    /// 综合利用率 formula, Chinese.
    pub comprehensive_formula_zh: &'static str,
    /// 综合利用率 formula, English.
    pub comprehensive_formula_en: &'static str,
}

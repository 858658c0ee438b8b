//! The flags of `zwl agri` forms, each turned into the core's draft (every field as typed).

use clap::Args;
use zwl::agri::{
    basis::{FilmUseDraft, SaleDraft},
    entries::EntryDraft,
    kinds::KindDraft,
    manure::ManureDraft,
    outbound::OutboundDraft,
    points::PointDraft,
    straw::StrawDraft,
};

/// A recovery point.
#[derive(Args, Debug)]
pub struct PointArgs {
    /// Name.
    #[arg(long)]
    pub name: String,
    /// Operator (person or company).
    #[arg(long)]
    pub operator: String,
    /// Operator's unified social credit code (optional).
    #[arg(long, default_value = "")]
    pub uscc: String,
    /// District (code or name).
    #[arg(long)]
    pub district: String,
    /// Township (name or 12-digit code).
    #[arg(long, default_value = "")]
    pub township: String,
    /// Village (name or 12-digit code).
    #[arg(long, default_value = "")]
    pub village: String,
    /// pesticide, film or both (农药包装, 农膜, 两者).
    #[arg(long, default_value = "both")]
    pub takes: String,
    /// Active from (YYYY-MM-DD; default today).
    #[arg(long, default_value = "")]
    pub from: String,
    /// Active until (YYYY-MM-DD).
    #[arg(long, default_value = "")]
    pub until: String,
    /// Contact person.
    #[arg(long, default_value = "")]
    pub contact: String,
    /// Phone.
    #[arg(long, default_value = "")]
    pub phone: String,
}

impl From<PointArgs> for PointDraft {
    fn from(a: PointArgs) -> Self {
        PointDraft {
            name: a.name,
            operator: a.operator,
            operator_uscc: a.uscc,
            district: a.district,
            township: a.township,
            village: a.village,
            takes: a.takes,
            active_from: a.from,
            active_to: a.until,
            contact: a.contact,
            phone: a.phone,
        }
    }
}

/// A hand-in.
#[derive(Args, Debug)]
pub struct EntryArgs {
    /// Point (id or name).
    #[arg(long)]
    pub point: String,
    /// Date (YYYY-MM-DD; default today).
    #[arg(long, default_value = "")]
    pub date: String,
    /// pesticide or film (default: from the material or film kind).
    #[arg(long, default_value = "")]
    pub stream: String,
    /// Container (瓶, 袋, 罐/桶 … or bottle, bag …).
    #[arg(long, default_value = "")]
    pub container: String,
    /// Material (塑料, 玻璃, 铝箔 … or plastic, glass, foil …).
    #[arg(long, default_value = "")]
    pub material: String,
    /// Film kind (地膜, 棚膜 … or mulch, greenhouse …).
    #[arg(long, default_value = "")]
    pub film: String,
    /// Pieces.
    #[arg(long, default_value = "")]
    pub count: String,
    /// Weight, kg.
    #[arg(long)]
    pub weight: String,
    /// Impurity, %.
    #[arg(long, default_value = "")]
    pub impurity: String,
    /// farmer, coop or dealer (农户, 合作社, 经营者).
    #[arg(long, default_value = "")]
    pub giver_kind: String,
    /// Who handed it in.
    #[arg(long, default_value = "")]
    pub giver: String,
    /// Their phone.
    #[arg(long, default_value = "")]
    pub giver_phone: String,
    /// Price paid, yuan.
    #[arg(long, default_value = "")]
    pub price: String,
}

impl From<EntryArgs> for EntryDraft {
    fn from(a: EntryArgs) -> Self {
        EntryDraft {
            date: if a.date.is_empty() {
                zwl::ids::today().format("%Y-%m-%d").to_string()
            } else {
                a.date
            },
            point: a.point,
            stream: a.stream,
            container: a.container,
            material: a.material,
            film_kind: a.film,
            count: a.count,
            weight: a.weight,
            impurity: a.impurity,
            giver_kind: a.giver_kind,
            giver_name: a.giver,
            giver_phone: a.giver_phone,
            price: a.price,
        }
    }
}

/// An outbound.
#[derive(Args, Debug)]
pub struct OutboundArgs {
    /// Point (id or name).
    #[arg(long)]
    pub point: String,
    /// Date (default today).
    #[arg(long, default_value = "")]
    pub date: String,
    /// pesticide or film (default: what the point takes, when one).
    #[arg(long, default_value = "")]
    pub stream: String,
    /// recycler, incineration or landfill (资源化利用, 焚烧, 填埋).
    #[arg(long)]
    pub to: String,
    /// Receiving unit.
    #[arg(long)]
    pub receiver: String,
    /// Weight, kg.
    #[arg(long)]
    pub weight: String,
    /// Note.
    #[arg(long, default_value = "")]
    pub note: String,
}

impl From<OutboundArgs> for OutboundDraft {
    fn from(a: OutboundArgs) -> Self {
        OutboundDraft {
            date: if a.date.is_empty() {
                zwl::ids::today().format("%Y-%m-%d").to_string()
            } else {
                a.date
            },
            point: a.point,
            stream: a.stream,
            destination: a.to,
            receiver: a.receiver,
            weight: a.weight,
            note: a.note,
        }
    }
}

/// The basis of the rates: a dealer's pesticide sale, or film used.
#[derive(Args, Debug)]
pub struct UsageArgs {
    /// Date.
    #[arg(long)]
    pub date: String,
    /// District.
    #[arg(long)]
    pub district: String,
    /// Township.
    #[arg(long, default_value = "")]
    pub township: String,
    /// Pesticide sold: the dealer (农药经营者).
    #[arg(long, default_value = "")]
    pub dealer: String,
    /// Pesticide sold: product.
    #[arg(long, default_value = "")]
    pub product: String,
    /// Pesticide sold: packages.
    #[arg(long, default_value = "")]
    pub packages: String,
    /// Film used: crop.
    #[arg(long, default_value = "")]
    pub crop: String,
    /// Film used: kind.
    #[arg(long, default_value = "")]
    pub film: String,
    /// Weight, kg.
    #[arg(long)]
    pub weight: String,
}

impl UsageArgs {
    /// As a dealer's sale.
    pub fn sale(&self) -> SaleDraft {
        SaleDraft {
            date: self.date.clone(),
            dealer: self.dealer.clone(),
            district: self.district.clone(),
            township: self.township.clone(),
            product: self.product.clone(),
            packages: self.packages.clone(),
            weight: self.weight.clone(),
        }
    }
    /// As film used.
    pub fn film_use(&self) -> FilmUseDraft {
        FilmUseDraft {
            date: self.date.clone(),
            district: self.district.clone(),
            township: self.township.clone(),
            crop: self.crop.clone(),
            film_kind: self.film.clone(),
            weight: self.weight.clone(),
        }
    }
}

/// A season's straw (tonnes, 亩).
#[derive(Args, Debug)]
pub struct StrawArgs {
    /// District.
    #[arg(long)]
    pub district: String,
    /// Township (empty: the district as a whole).
    #[arg(long, default_value = "")]
    pub township: String,
    /// Year.
    #[arg(long)]
    pub year: String,
    /// spring, summer, autumn or year (春, 夏, 秋, 全年).
    #[arg(long, default_value = "year")]
    pub season: String,
    /// Crop (玉米, 水稻, 大豆 … or corn, rice …).
    #[arg(long)]
    pub crop: String,
    /// Sown area, 亩.
    #[arg(long, default_value = "")]
    pub area: String,
    /// Grain output, t.
    #[arg(long)]
    pub output: String,
    /// 肥料化, t.
    #[arg(long, default_value = "")]
    pub fertiliser: String,
    /// 饲料化, t.
    #[arg(long, default_value = "")]
    pub feed: String,
    /// 燃料化, t.
    #[arg(long, default_value = "")]
    pub fuel: String,
    /// 基料化, t.
    #[arg(long, default_value = "")]
    pub substrate: String,
    /// 原料化, t.
    #[arg(long, default_value = "")]
    pub raw_material: String,
    /// Burned, t.
    #[arg(long, default_value = "")]
    pub burned: String,
    /// Left unused, t.
    #[arg(long, default_value = "")]
    pub left: String,
}

impl From<StrawArgs> for StrawDraft {
    fn from(a: StrawArgs) -> Self {
        StrawDraft {
            district: a.district,
            township: a.township,
            year: a.year,
            season: a.season,
            crop: a.crop,
            area_mu: a.area,
            output: a.output,
            fertiliser: a.fertiliser,
            feed: a.feed,
            fuel: a.fuel,
            substrate: a.substrate,
            raw_material: a.raw_material,
            burned: a.burned,
            left: a.left,
        }
    }
}

/// A farm's (or township's) year of manure (tonnes).
#[derive(Args, Debug)]
pub struct ManureArgs {
    /// District.
    #[arg(long)]
    pub district: String,
    /// Township.
    #[arg(long, default_value = "")]
    pub township: String,
    /// Farm (规模养殖场); empty: the township's scattered farming.
    #[arg(long, default_value = "")]
    pub farm: String,
    /// Farm's credit code.
    #[arg(long, default_value = "")]
    pub uscc: String,
    /// Year.
    #[arg(long)]
    pub year: String,
    /// Livestock kind (生猪, 奶牛, 肉牛, 蛋鸡 … or pig, dairy …).
    #[arg(long)]
    pub livestock: String,
    /// Head count.
    #[arg(long)]
    pub heads: String,
    /// Used as fertiliser, t.
    #[arg(long, default_value = "")]
    pub fertiliser: String,
    /// Used for biogas, t.
    #[arg(long, default_value = "")]
    pub biogas: String,
    /// Other use, t.
    #[arg(long, default_value = "")]
    pub other: String,
}

impl From<ManureArgs> for ManureDraft {
    fn from(a: ManureArgs) -> Self {
        ManureDraft {
            district: a.district,
            township: a.township,
            farm: a.farm,
            farm_uscc: a.uscc,
            year: a.year,
            livestock: a.livestock,
            heads: a.heads,
            fertiliser: a.fertiliser,
            biogas: a.biogas,
            other: a.other,
        }
    }
}

/// A kind (or a built-in kind's override).
#[derive(Args, Debug)]
pub struct KindArgs {
    /// container, material, film, crop or livestock.
    #[arg(long)]
    pub domain: String,
    /// Key (a built-in key overrides that kind).
    #[arg(long)]
    pub key: String,
    /// Chinese name.
    #[arg(long, default_value = "")]
    pub name: String,
    /// English name.
    #[arg(long, default_value = "")]
    pub name_en: String,
    /// Materials: yes or no.
    #[arg(long, default_value = "")]
    pub recyclable: String,
    /// Crops: 草谷比.
    #[arg(long, default_value = "")]
    pub ratio: String,
    /// Crops: 可收集系数 (0–1).
    #[arg(long, default_value = "")]
    pub coefficient: String,
    /// Livestock: dung per head and day, kg.
    #[arg(long, default_value = "")]
    pub dung: String,
    /// Livestock: wastewater per head and day, kg.
    #[arg(long, default_value = "")]
    pub water: String,
    /// Livestock: days a year.
    #[arg(long, default_value = "")]
    pub days: String,
    /// Source of the values.
    #[arg(long, default_value = "")]
    pub source: String,
}

impl From<KindArgs> for KindDraft {
    fn from(a: KindArgs) -> Self {
        KindDraft {
            domain: a.domain,
            key: a.key,
            name_zh: a.name,
            name_en: a.name_en,
            recyclable: a.recyclable,
            ratio: a.ratio,
            coefficient: a.coefficient,
            dung: a.dung,
            water: a.water,
            days: a.days,
            source: a.source,
        }
    }
}

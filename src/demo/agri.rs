//! A season of agricultural waste across the rural districts (农安县, 榆树市, 德惠市, 公主岭市,
//! 九台区, 双阳区): townships and villages, recovery points in most villages, hand-ins from
//! April to October, monthly outbound, dealers' pesticide sales and film used, straw of the
//! autumn harvest and manure of scale farms. Deterministic for a seed; figures are in the
//! ranges such counties report (maize ~600 kg/亩, straw use ~90 %, manure use ~90 %).
//! Township names are real; villages and their statistical codes are not (codes left empty).

use chrono::{Datelike, Duration, NaiveDate};
use serde::Serialize;

use super::Rng;
use crate::agri::{
    basis::{self, FilmUseDraft, SaleDraft},
    entries::Valid,
    import::insert_bulk,
    manure::{self, ManureDraft},
    outbound::{self, OutboundDraft},
    places::{self, PlaceDraft},
    points::{self, Point, PointDraft},
    straw::{self, StrawDraft},
};
use crate::db::Ledger;
use crate::error::Result;
use crate::ids::today;

/// What was generated.
#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    /// Townships.
    pub townships: usize,
    /// Villages.
    pub villages: usize,
    /// Recovery points.
    pub points: usize,
    /// Hand-ins.
    pub entries: usize,
    /// Outbound.
    pub outbound: usize,
    /// The season's year.
    pub year: i32,
}

const DISTRICTS: &[(&str, &[&str])] = &[
    (
        "220122",
        &[
            "农安镇",
            "合隆镇",
            "烧锅镇",
            "伏龙泉镇",
            "哈拉海镇",
            "靠山镇",
            "开安镇",
            "三盛玉镇",
        ],
    ),
    (
        "220182",
        &[
            "五棵树镇",
            "弓棚镇",
            "闵家镇",
            "大坡镇",
            "黑林镇",
            "土桥镇",
            "新立镇",
            "秀水镇",
        ],
    ),
    (
        "220183",
        &[
            "米沙子镇",
            "万宝镇",
            "大青咀镇",
            "郭家镇",
            "松花江镇",
            "达家沟镇",
            "大房身镇",
            "布海镇",
        ],
    ),
    (
        "220184",
        &[
            "范家屯镇",
            "怀德镇",
            "黑林子镇",
            "响水镇",
            "秦家屯镇",
            "杨大城子镇",
            "双城堡镇",
            "朝阳坡镇",
        ],
    ),
    (
        "220113",
        &[
            "其塔木镇",
            "上河湾镇",
            "兴隆镇",
            "莽卡满族乡",
            "胡家回族乡",
            "城子街街道",
        ],
    ),
    (
        "220112",
        &["鹿乡镇", "齐家镇", "太平镇", "双营子回族乡", "奢岭街道"],
    ),
];

const VILLAGES: &[&str] = &[
    "前进村",
    "新立村",
    "永安村",
    "太平村",
    "三合村",
    "长胜村",
    "东风村",
    "红旗村",
    "双山村",
    "靠山村",
    "富民村",
    "兴隆村",
];

const SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "赵", "孙", "周", "吴", "郑", "于",
];

/// The most recent season that has ended (April–October), and its year.
fn season_year() -> i32 {
    let t = today();
    if t.month() >= 11 {
        t.year()
    } else {
        t.year() - 1
    }
}

fn kg(g: i64) -> String {
    crate::units::format_kg(g)
}

/// Generates the season (when the ledger has no townships yet; otherwise nothing).
pub fn generate(l: &mut Ledger, seed: u64) -> Result<Summary> {
    generate_years(l, seed, &[season_year()])
}

/// Generates the places and points once and a season for each of `years` (hand-ins, outbound,
/// sales, film used, straw and manure), when the ledger has no townships yet; otherwise
/// nothing. The summary's year is the last one; its counts are those of every season.
pub fn generate_years(l: &mut Ledger, seed: u64, years: &[i32]) -> Result<Summary> {
    let mut rng = Rng::new(seed ^ 0xA6_21);
    let year = years.first().copied().unwrap_or_else(season_year);
    let mut sum = Summary {
        townships: 0,
        villages: 0,
        points: 0,
        entries: 0,
        outbound: 0,
        year,
    };
    if !places::list(l.conn(), "")?.is_empty() {
        return Ok(sum);
    }
    let mut pts: Vec<(Point, String)> = Vec::new();
    l.write(|w| {
        for (d, towns) in DISTRICTS {
            for t in *towns {
                places::add(
                    w,
                    &PlaceDraft {
                        district: d.to_string(),
                        name: t.to_string(),
                        ..Default::default()
                    },
                )?;
                sum.townships += 1;
                let n = rng.range(6, VILLAGES.len() as u64 + 1) as usize;
                for v in &VILLAGES[..n] {
                    places::add(
                        w,
                        &PlaceDraft {
                            district: d.to_string(),
                            township: t.to_string(),
                            name: v.to_string(),
                            code: String::new(),
                        },
                    )?;
                    sum.villages += 1;
                    // About four villages in five have a point (收储运体系覆盖率 ~80 %).
                    if rng.range(0, 10) < 8 {
                        let owner = format!(
                            "{}{}",
                            rng.pick(SURNAMES),
                            rng.pick(&["守军", "玉华", "春生", "国庆", "淑芬", "长青"])
                        );
                        let p = points::add(
                            w,
                            &PointDraft {
                                name: format!("{t}{}回收点", v.trim_end_matches('村')),
                                operator: format!(
                                    "{t}{}农资经销部（{owner}）",
                                    v.trim_end_matches('村')
                                ),
                                district: d.to_string(),
                                township: t.to_string(),
                                village: v.to_string(),
                                takes: "both".into(),
                                active_from: format!("{}-03-01", year - rng.range(0, 3) as i32),
                                contact: owner,
                                phone: format!("139{:08}", rng.range(0, 100_000_000)),
                                ..Default::default()
                            },
                        )?;
                        pts.push((p, t.to_string()));
                        sum.points += 1;
                    }
                }
            }
        }
        Ok(())
    })?;
    for &y in years {
        sum.year = y;
        season(l, &pts, y, &mut rng, &mut sum)?;
    }
    Ok(sum)
}

/// One season at the points: hand-ins, the monthly outbound, and the basis and uses.
fn season(
    l: &mut Ledger,
    pts: &[(Point, String)],
    year: i32,
    rng: &mut Rng,
    sum: &mut Summary,
) -> Result<()> {
    let start = NaiveDate::from_ymd_opt(year, 4, 1).unwrap_or_default();
    // Hand-ins: farmers bring packaging after each spraying round and film after the harvest.
    let mut rows = Vec::new();
    let mut received: Vec<[[i64; 2]; 7]> = vec![[[0; 2]; 7]; pts.len()];
    for (pi, (p, _)) in pts.iter().enumerate() {
        for day in 0..214 {
            let date = start + Duration::days(day);
            let m = (date.month() - 4) as usize;
            // Spraying peaks in June and July; film comes in after harvest (September–October).
            let pest_odds = [3, 6, 9, 9, 5, 2, 1][m];
            let film_odds = [1, 1, 0, 0, 1, 5, 7][m];
            if rng.range(0, 30) < pest_odds {
                let (container, material, piece_g) = *rng.pick(&[
                    ("bottle", "plastic", 30),
                    ("bottle", "plastic", 30),
                    ("bag", "foil", 6),
                    ("bag", "plastic", 5),
                    ("bottle", "glass", 180),
                    ("can", "plastic", 260),
                ]);
                let count = rng.range(10, 160) as i64;
                let weight = count * piece_g * rng.range(90, 120) as i64 / 100;
                received[pi][m][0] += weight;
                rows.push(valid(
                    p,
                    date,
                    "pesticide",
                    Some(container),
                    Some(material),
                    None,
                    count,
                    weight,
                    rng,
                ));
            }
            if rng.range(0, 30) < film_odds {
                let kind = if rng.range(0, 10) < 8 {
                    "mulch"
                } else {
                    "greenhouse"
                };
                let weight = rng.range(15_000, 400_000) as i64 / 100 * 100;
                received[pi][m][1] += weight;
                rows.push(valid(
                    p,
                    date,
                    "film",
                    None,
                    None,
                    Some(kind),
                    0,
                    weight,
                    rng,
                ));
            }
        }
    }
    sum.entries += rows.len();
    l.write(|w| insert_bulk(w, &rows).map(|_| ()))?;
    // Monthly outbound: most of what came in goes to a recycler or the hazardous-waste
    // incinerator at the month's end; never more than is in stock.
    l.write(|w| {
        for ((p, _), months) in pts.iter().zip(&received) {
            let mut stock = [0i64; 2];
            for (m, month) in months.iter().enumerate() {
                let last = NaiveDate::from_ymd_opt(year, m as u32 + 5, 1).unwrap_or_default()
                    - Duration::days(1);
                for (s, stream) in ["pesticide", "film"].iter().enumerate() {
                    stock[s] += month[s];
                    let out = stock[s] * rng.range(70, 96) as i64 / 100 / 1000 * 1000;
                    if out < 50_000 {
                        continue;
                    }
                    let (dest, receiver) = match (*stream, rng.range(0, 10)) {
                        ("film", _) => ("recycler", "吉林省某再生资源回收利用有限公司"),
                        (_, 0..=5) => ("recycler", "长春某塑料再生利用有限公司"),
                        _ => ("incineration", "吉林省某危险废物处置中心"),
                    };
                    outbound::add(
                        w,
                        &OutboundDraft {
                            date: last.to_string(),
                            point: p.id.to_string(),
                            stream: stream.to_string(),
                            destination: dest.into(),
                            receiver: receiver.into(),
                            weight: kg(out),
                            note: String::new(),
                        },
                    )?;
                    stock[s] -= out;
                    sum.outbound += 1;
                }
            }
        }
        Ok(())
    })?;
    basis_and_uses(l, pts, &received, year, rng)?;
    Ok(())
}

#[allow(clippy::too_many_arguments)]
fn valid(
    p: &Point,
    date: NaiveDate,
    stream: &'static str,
    container: Option<&str>,
    material: Option<&str>,
    film: Option<&str>,
    count: i64,
    weight_g: i64,
    rng: &mut Rng,
) -> Valid {
    let kind = *rng.pick(&["farmer", "farmer", "farmer", "coop", "dealer"]);
    Valid {
        point: p.clone(),
        date: date.to_string(),
        stream,
        container: container.map(str::to_string),
        material: material.map(str::to_string),
        film_kind: film.map(str::to_string),
        count,
        weight_g,
        impurity_pm: (stream == "film").then(|| rng.range(50, 250) as i64),
        giver_kind: kind,
        giver_name: format!("{}{}", rng.pick(SURNAMES), rng.pick(&["某", "某某"])),
        giver_phone: String::new(),
        price_fen: (stream == "film").then(|| weight_g / 1000 * rng.range(20, 60) as i64),
    }
}

/// Dealers' sales and film used by township (so that the rates land around what counties
/// report, a few packaging rates above 100 %), straw of the autumn harvest and manure.
fn basis_and_uses(
    l: &mut Ledger,
    pts: &[(Point, String)],
    received: &[[[i64; 2]; 7]],
    year: i32,
    rng: &mut Rng,
) -> Result<()> {
    let share: f64 = 0.15;
    l.write(|w| {
        for (d, towns) in DISTRICTS {
            for t in *towns {
                let (mut pest, mut film) = (0i64, 0i64);
                for (i, (p, town)) in pts.iter().enumerate() {
                    if p.district == *d && town == t {
                        pest += received[i].iter().map(|m| m[0]).sum::<i64>();
                        film += received[i].iter().map(|m| m[1]).sum::<i64>();
                    }
                }
                let rate = rng.range(700, 1120) as f64 / 1000.0;
                let sold =
                    ((pest.max(20_000) as f64 / rate / share) as i64).max(1000) / 1000 * 1000;
                basis::add_sale(
                    w,
                    &SaleDraft {
                        date: format!("{year}-04-15"),
                        dealer: format!("{t}农资经销部"),
                        district: d.to_string(),
                        township: t.to_string(),
                        product: "除草剂、杀虫剂（合计）".into(),
                        packages: (sold / 250).to_string(),
                        weight: kg(sold),
                    },
                )?;
                let used = ((film.max(100_000) as f64 / (rng.range(780, 950) as f64 / 1000.0))
                    as i64)
                    / 1000
                    * 1000;
                basis::add_film_use(
                    w,
                    &FilmUseDraft {
                        date: format!("{year}-05-01"),
                        district: d.to_string(),
                        township: t.to_string(),
                        crop: "玉米".into(),
                        film_kind: "地膜".into(),
                        weight: kg(used),
                    },
                )?;
                // Straw: maize dominates; rice along the rivers, soybean on the side.
                for (crop, share_area, yield_kg) in [
                    ("玉米", 0.82, 620.0),
                    ("水稻", 0.10, 520.0),
                    ("大豆", 0.08, 160.0),
                ] {
                    let area = rng.range(60_000, 160_000) as f64 * share_area;
                    let output_t = area * yield_kg / 1000.0;
                    let (ratio, coef) = match crop {
                        "玉米" => (0.84, 0.9),
                        "水稻" => (1.0, 0.83),
                        _ => (1.5, 0.8),
                    };
                    let coll = output_t * ratio * coef;
                    let used = coll * rng.range(84, 97) as f64 / 100.0;
                    let t3 = |x: f64| format!("{:.3}", x);
                    straw::put(
                        w,
                        &StrawDraft {
                            district: d.to_string(),
                            township: t.to_string(),
                            year: year.to_string(),
                            season: "autumn".into(),
                            crop: crop.into(),
                            area_mu: format!("{:.0}", area),
                            output: t3(output_t),
                            fertiliser: t3(used * 0.64),
                            feed: t3(used * 0.17),
                            fuel: t3(used * 0.11),
                            substrate: t3(used * 0.02),
                            raw_material: t3(used * 0.06),
                            burned: t3(coll * 0.005),
                            left: t3(coll - used - coll * 0.005),
                        },
                    )?;
                }
                // Two scale farms per township and the scattered farming of the rest.
                for (farm, kind, heads) in [
                    (format!("{t}某生猪养殖场"), "pig", rng.range(2_000, 12_000)),
                    (format!("{t}某肉牛养殖合作社"), "beef", rng.range(150, 900)),
                    (String::new(), "layer", rng.range(20_000, 80_000)),
                ] {
                    let per_day = match kind {
                        "pig" => 12.0,
                        "beef" => 34.0,
                        _ => 0.35,
                    };
                    let days = match kind {
                        "pig" => 180.0,
                        _ => 365.0,
                    };
                    let gen_t = heads as f64 * per_day * days / 1000.0;
                    let used = gen_t * rng.range(82, 97) as f64 / 100.0;
                    manure::put(
                        w,
                        &ManureDraft {
                            district: d.to_string(),
                            township: t.to_string(),
                            farm,
                            year: year.to_string(),
                            livestock: kind.into(),
                            heads: heads.to_string(),
                            fertiliser: format!("{:.3}", used * 0.85),
                            biogas: format!("{:.3}", used * 0.12),
                            other: format!("{:.3}", used * 0.03),
                            ..Default::default()
                        },
                    )?;
                }
            }
        }
        Ok(())
    })
}

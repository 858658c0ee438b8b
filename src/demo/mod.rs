//! Deterministic, realistic demo data: cells of every seeded kind across the districts, with
//! monthly records that trend down from the baseline year and recycle more over time.
//! The same seed gives the same cells and figures (ids and timestamps are fresh).
//! `--scale` makes benchmark sizes: 2,000 cells × scale, 50 records per cell.

pub mod agri;
pub mod construction;

use chrono::{Datelike, Months, NaiveDate};
use serde::Serialize;

use crate::cells::records::{BulkRecords, ValidRecord};
use crate::cells::{insert_bulk, uscc, ValidCell};
use crate::db::Ledger;
use crate::error::Result;
use crate::ids::{today, CellId};
use crate::profile;

/// What to generate.
#[derive(Debug, Clone)]
pub struct Spec {
    /// Number of cells.
    pub cells: usize,
    /// Months of records, ending with the current month.
    pub months: u32,
    /// At most this many records per cell (the most recent ones); `None`: every month.
    pub records_per_cell: Option<usize>,
    /// Random seed.
    pub seed: u64,
    /// Cells per transaction.
    pub batch: usize,
}

impl Default for Spec {
    fn default() -> Self {
        Spec {
            cells: 2_000,
            months: 24,
            records_per_cell: None,
            seed: 2026,
            batch: 500,
        }
    }
}

impl Spec {
    /// Benchmark sizes: 2,000 × `scale` cells with 50 records each.
    pub fn scaled(scale: usize) -> Self {
        Spec {
            cells: 2_000 * scale.max(1),
            records_per_cell: Some(50),
            ..Spec::default()
        }
    }
}

/// What was generated.
#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    /// Cells added.
    pub cells: usize,
    /// Records added.
    pub records: usize,
    /// Seconds taken.
    pub seconds: f64,
}

/// SplitMix64: small, fast and the same on every machine.
pub struct Rng(u64);

impl Rng {
    /// A generator from a seed.
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }
    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// A number in `lo..hi`.
    pub fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.next_u64() % (hi - lo).max(1)
    }
    /// A float in `[0, 1)`.
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
    /// One of the items.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.range(0, items.len() as u64) as usize]
    }
}

const BUREAUS: &[&str] = &[
    "生态环境局",
    "市场监督管理局",
    "教育局",
    "财政局",
    "住房和城乡建设局",
    "城市管理局",
    "民政局",
    "司法局",
    "卫生健康局",
    "交通运输局",
    "农业农村局",
    "商务局",
    "文化广电和旅游局",
    "人力资源和社会保障局",
    "应急管理局",
    "统计局",
    "审计局",
    "退役军人事务局",
];
const ESTATES: &[&str] = &[
    "幸福", "和平", "阳光", "东盛", "南湖", "明珠", "春城", "锦绣", "长青", "新华", "友谊", "金域",
    "万科", "华润", "鸿城", "翠湖", "欣园", "景阳", "紫荆", "富民",
];
const ESTATE_TAILS: &[&str] = &["小区", "花园", "家园", "嘉园", "苑", "里"];
const TRADES: &[&str] = &[
    "汽车零部件",
    "轨道客车配件",
    "食品",
    "生物制药",
    "光电",
    "农产品加工",
    "精密机械",
    "新材料",
    "模具",
    "印刷包装",
];
const SCHOOL_TAILS: &[&str] = &[
    "实验小学",
    "第一中学",
    "第二实验学校",
    "外国语学校",
    "职业技术学校",
    "中学",
];
const STREETS: &[&str] = &[
    "人民大街",
    "斯大林大街",
    "自由大路",
    "解放大路",
    "卫星路",
    "前进大街",
    "亚泰大街",
    "南湖大路",
    "硅谷大街",
    "吉林大路",
    "东盛大街",
    "普阳街",
];
const SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "孙", "马",
];
const GIVEN: &[&str] = &[
    "伟", "芳", "秀英", "敏", "静", "丽", "强", "磊", "军", "洋", "艳", "勇", "杰", "娟", "涛",
];

fn person(r: &mut Rng) -> String {
    format!("{}{}", r.pick(SURNAMES), r.pick(GIVEN))
}

/// A valid unified social credit code from its parts.
fn make_uscc(prefix: &str, division: &str, serial: u64) -> String {
    let set: Vec<char> = uscc::CHARSET.chars().collect();
    let mut entity = String::new();
    let mut n = serial;
    for _ in 0..9 {
        entity.insert(0, set[(n % 31) as usize]);
        n /= 31;
    }
    let first17 = format!("{prefix}{division}{entity}");
    let check = uscc::check_char(&first17).unwrap_or('0');
    format!("{first17}{check}")
}

struct Plan {
    cell: ValidCell,
    /// Categories with (kg per head per month, recycled share, composted share,
    /// incinerated share of the rest).
    cats: Vec<(&'static str, f64, f64, f64, f64)>,
    status: &'static str,
}

fn plan(
    r: &mut Rng,
    i: usize,
    districts: &[profile::District],
    base_year: i32,
    serial: u64,
) -> Plan {
    let d = &districts[i % districts.len()];
    let dn = d
        .name
        .trim_end_matches("区")
        .trim_end_matches("县")
        .trim_end_matches("市");
    let addr = format!("{}{}{}号", d.name, r.pick(STREETS), r.range(1, 3000));
    let (kind, name, uscc, head, cats): (_, String, Option<String>, i64, Vec<_>) = match i % 10 {
        0..=2 => (
            "office",
            format!("{}{}", d.name, r.pick(BUREAUS)),
            Some(make_uscc("11", &d.code, serial)),
            r.range(40, 600) as i64,
            vec![
                ("recyclable", 4.0, 0.90, 0.0, 0.7),
                ("kitchen", 5.0, 0.05, 0.75, 0.8),
                ("hazardous_household", 0.05, 0.0, 0.0, 1.0),
                ("other", 3.0, 0.0, 0.0, 0.75),
            ],
        ),
        3..=6 => (
            "community",
            format!(
                "{}{}{}{}期",
                dn,
                r.pick(ESTATES),
                r.pick(ESTATE_TAILS),
                i % 9 + 1
            ),
            None,
            r.range(200, 3200) as i64,
            vec![
                ("recyclable", 9.0, 0.80, 0.0, 0.6),
                ("kitchen", 28.0, 0.0, 0.55, 0.7),
                ("hazardous_household", 0.1, 0.0, 0.0, 1.0),
                ("other", 18.0, 0.0, 0.0, 0.7),
            ],
        ),
        7..=8 => (
            "factory",
            format!("长春{}{}有限公司", r.pick(ESTATES), r.pick(TRADES)),
            Some(make_uscc("91", &d.code, serial)),
            r.range(60, 2500) as i64,
            vec![
                ("industrial", 160.0, 0.70, 0.0, 0.3),
                ("hazardous", 4.0, 0.30, 0.0, 0.9),
                ("other", 6.0, 0.0, 0.0, 0.7),
            ],
        ),
        _ => (
            "school",
            format!("长春市{}{}", dn, r.pick(SCHOOL_TAILS)),
            Some(make_uscc("12", &d.code, serial)),
            r.range(300, 3000) as i64,
            vec![
                ("recyclable", 1.5, 0.85, 0.0, 0.7),
                ("kitchen", 3.0, 0.0, 0.65, 0.8),
                ("other", 1.2, 0.0, 0.0, 0.75),
            ],
        ),
    };
    let status = *r.pick(&[
        "planned",
        "planned",
        "applying",
        "applying",
        "creating",
        "creating",
        "creating",
        "assessed",
        "certified",
        "certified",
    ]);
    Plan {
        cell: ValidCell {
            name,
            kind: kind.into(),
            uscc,
            uscc_override: None,
            district: d.code.clone(),
            address: addr,
            contact: person(r),
            phone: format!("0431-8{:07}", r.range(0, 10_000_000)),
            manager: person(r),
            headcount: Some(head),
            baseline_headcount: Some((head as f64 * (0.95 + r.unit() * 0.1)).round() as i64),
            baseline_year: Some(base_year),
            status: crate::cells::Status::Planned,
            certified_on: None,
            expires_on: None,
            place: Default::default(),
        },
        cats,
        status,
    }
}

/// Generates demo data into `ledger`.
pub fn generate(ledger: &mut Ledger, spec: &Spec) -> Result<Summary> {
    let started = std::time::Instant::now();
    let districts: Vec<_> = profile::districts(ledger.conn())?;
    let t = today();
    let last = NaiveDate::from_ymd_opt(t.year(), t.month(), 1).unwrap_or(t);
    let months: Vec<(String, u32)> = (0..spec.months)
        .rev()
        .filter_map(|k| last.checked_sub_months(Months::new(k)))
        .map(|d| (d.format("%Y-%m").to_string(), d.month()))
        .collect();
    let first_year = months
        .first()
        .map(|m| m.0[..4].parse().unwrap_or(t.year()))
        .unwrap_or(t.year());
    let serial0: u64 = ledger
        .conn()
        .query_row("SELECT count(*) FROM cells", [], |r| r.get::<_, i64>(0))?
        as u64
        * 7919
        + spec.seed;
    let mut rng = Rng::new(spec.seed);
    let mut done = (0, 0);
    let mut i = 0;
    while i < spec.cells {
        let n = spec.batch.min(spec.cells - i);
        let added = ledger.write(|w| {
            // The cells first, then their records through one prepared statement.
            let mut batch = Vec::with_capacity(n);
            for j in i..i + n {
                let p = plan(&mut rng, j, &districts, first_year, serial0 + j as u64);
                let mut cell = p.cell;
                cell.status = p.status.parse()?;
                if cell.status == crate::cells::Status::Certified {
                    let d = last - chrono::Duration::days(rng.range(30, 700) as i64);
                    cell.certified_on = Some(d.to_string());
                    cell.expires_on = Some((d + chrono::Duration::days(365 * 3 - 1)).to_string());
                }
                let id: CellId = insert_bulk(w, &cell)?;
                let head = cell.headcount.unwrap_or(1) as f64;
                let mut rows = Vec::with_capacity(months.len() * p.cats.len());
                for (k, (month, moy)) in months.iter().enumerate() {
                    // Less waste each year, more of it recycled, winter peaks.
                    let progress = k as f64 / months.len().max(1) as f64;
                    let season =
                        1.0 + 0.12 * ((*moy as f64 - 1.0) / 12.0 * std::f64::consts::TAU).cos();
                    for &(cat, per_head, rec, comp, inc) in &p.cats {
                        let g = (per_head
                            * head
                            * season
                            * (1.0 - 0.08 * progress)
                            * (0.85 + rng.unit() * 0.3)
                            * 1000.0)
                            .round() as i64;
                        let better = 1.0 + 0.15 * progress;
                        let recycled = ((g as f64) * (rec * better).min(0.97)).round() as i64;
                        let composted = ((g as f64) * (comp * better).min(0.95)).round() as i64;
                        let rest = (g - recycled - composted).max(0);
                        let incinerated = (rest as f64 * inc).round() as i64;
                        let landfilled = rest - incinerated;
                        rows.push((
                            month,
                            cat,
                            [g, recycled, composted, incinerated, landfilled],
                        ));
                    }
                }
                let keep = spec.records_per_cell.unwrap_or(rows.len()).min(rows.len());
                rows.drain(..rows.len() - keep);
                batch.push((id, rows));
            }
            let mut bulk = BulkRecords::new(w)?;
            for (id, rows) in &batch {
                for (month, cat, q) in rows {
                    bulk.insert(
                        *id,
                        &ValidRecord {
                            month,
                            category: cat,
                            q: *q,
                        },
                    )?;
                }
            }
            let log = bulk.finish();
            let records = log.rows.len();
            w.log_bulk(log);
            Ok(records)
        })?;
        done.0 += n;
        done.1 += added;
        i += n;
    }
    Ok(Summary {
        cells: done.0,
        records: done.1,
        seconds: started.elapsed().as_secs_f64(),
    })
}

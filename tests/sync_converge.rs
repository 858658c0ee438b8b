//! Property: replicas that make random edits (cells, monthly records, manifests,
//! agricultural hand-ins; creates, edits, deletes) and exchange bundles in random orders all
//! hold the same content once every bundle has gone round, and every edit that lost to a
//! concurrent one is in a conflicts list.

mod sync_common;

use std::collections::{BTreeMap, HashSet};
use std::path::Path;

use chrono::{Duration, Local};
use sync_common::*;
use zwl::agri::{
    entries::{self, EntryDraft},
    places,
    points::{self, PointDraft},
};
use zwl::cells;
use zwl::construction::manifests::{self, ManifestDraft};
use zwl::construction::registers::{self, EntryDraft as RegDraft};
use zwl::ids::CellId;
use zwl::Ledger;

/// xorshift64*: a small seeded generator.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

const PLACES: &str = "区县,乡镇,乡镇代码,村,村代码
农安县,合隆镇,220122101000,陈家店村,220122101201
";

fn day(offset: i64) -> String {
    (Local::now() + Duration::days(offset))
        .format("%Y-%m-%d")
        .to_string()
}

/// The registers and places every replica shares, made on the first.
fn base(l: &mut Ledger) {
    let far = day(365);
    registers::add_site(
        l,
        &RegDraft {
            name: "南关区某住宅项目".into(),
            permit_no: "长建核〔2026〕001".into(),
            valid_until: far.clone(),
            district: "220102".into(),
            ..Default::default()
        },
    )
    .unwrap();
    registers::add_transporter(
        l,
        &RegDraft {
            name: "长春某运输公司".into(),
            uscc: "91220101131860916E".into(),
            permit_no: "长渣运〔2026〕007".into(),
            valid_until: far.clone(),
            ..Default::default()
        },
    )
    .unwrap();
    registers::add_vehicle(
        l,
        &RegDraft {
            name: "吉A12345".into(),
            transporter: "长春某运输公司".into(),
            driver: "张伟".into(),
            permit_no: "准运〔2026〕1".into(),
            valid_until: far.clone(),
            rated_payload_t: "20".into(),
            box_volume_m3: "12".into(),
            ..Default::default()
        },
    )
    .unwrap();
    registers::add_facility(
        l,
        &RegDraft {
            name: "长春某建筑垃圾资源化利用厂".into(),
            kind: "资源化".into(),
            district: "220104".into(),
            permit_no: "长消纳〔2026〕003".into(),
            valid_until: far,
            capacity_t: "500000".into(),
            ..Default::default()
        },
    )
    .unwrap();
    places::import(l, PLACES).unwrap();
    l.write(|w| {
        points::add(
            w,
            &PointDraft {
                name: "合隆镇陈家店回收点".into(),
                operator: "陈家店农资店".into(),
                district: "农安县".into(),
                village: "陈家店村".into(),
                takes: "both".into(),
                active_from: day(-400),
                ..Default::default()
            },
        )
    })
    .unwrap();
}

fn live_cells(l: &Ledger) -> Vec<CellId> {
    let mut st = l
        .conn()
        .prepare("SELECT id FROM cells WHERE deleted = 0 ORDER BY id")
        .unwrap();
    let ids: Vec<Vec<u8>> = st
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    ids.iter()
        .map(|b| zwl::sync::verify::show_key(b).parse().unwrap())
        .collect()
}

/// A name edit: the cell, the name, and the earlier name edits of the cell it saw.
struct Edit {
    cell: CellId,
    name: String,
    covers: Vec<usize>,
}

struct World {
    dir: std::path::PathBuf,
    ls: Vec<Ledger>,
    seen: Vec<HashSet<usize>>,
    edits: Vec<Edit>,
}

impl World {
    fn send(&mut self, i: usize, j: usize) {
        let out = self.dir.join(format!("to-{j}-from-{i}"));
        std::fs::create_dir_all(&out).unwrap();
        let f = zwl::sync::export(&mut self.ls[i], &out, false, &mut |_| {}).unwrap();
        zwl::sync::import(&mut self.ls[j], Path::new(&f.file), &mut |_| {}).unwrap();
        let s = self.seen[i].clone();
        self.seen[j].extend(s);
    }

    fn name_edit(&mut self, k: usize, cell: CellId, name: String) {
        let covers = self.seen[k]
            .iter()
            .copied()
            .filter(|e| self.edits[*e].cell == cell)
            .collect();
        self.edits.push(Edit { cell, name, covers });
        let n = self.edits.len() - 1;
        self.seen[k].insert(n);
    }

    fn step(&mut self, rng: &mut Rng, step: usize) {
        let k = rng.below(self.ls.len());
        match rng.below(10) {
            0 | 1 => {
                let name = format!("细胞{step}");
                let c = cells::add(&mut self.ls[k], &office(&name)).unwrap();
                self.name_edit(k, c.id, name);
            }
            2 | 3 => {
                let cs = live_cells(&self.ls[k]);
                if cs.is_empty() {
                    return;
                }
                let c = cs[rng.below(cs.len())];
                let name = format!("细胞改{step}");
                cells::edit(&mut self.ls[k], c, &office(&name)).unwrap();
                self.name_edit(k, c, name);
            }
            4 => {
                let cs = live_cells(&self.ls[k]);
                if !cs.is_empty() {
                    let c = cs[rng.below(cs.len())];
                    cells::delete(&mut self.ls[k], c, Some("撤销")).unwrap();
                }
            }
            5 | 6 => {
                let cs = live_cells(&self.ls[k]);
                if !cs.is_empty() {
                    let c = cs[rng.below(cs.len())];
                    let month = format!("2025-0{}", 1 + rng.below(3));
                    let g = (1 + rng.below(999)).to_string();
                    cells::records::save(&mut self.ls[k], c, &[rec(&month, "kitchen", &g)])
                        .unwrap();
                }
            }
            7 => {
                let d = ManifestDraft {
                    category: "拆除垃圾".into(),
                    unit: "t".into(),
                    declared: (1 + rng.below(15)).to_string(),
                    site: "南关区某住宅项目".into(),
                    vehicle: "吉A12345".into(),
                    facility: "长春某建筑垃圾资源化利用厂".into(),
                    departure_at: (Local::now() - Duration::hours(2))
                        .format("%Y-%m-%d %H:%M")
                        .to_string(),
                    route: "人民大街—卫星路".into(),
                    ..Default::default()
                };
                manifests::dispatch_new(&mut self.ls[k], &d).unwrap();
            }
            8 => {
                let kg = (1 + rng.below(50)).to_string();
                let date = day(-(1 + rng.below(20) as i64));
                self.ls[k]
                    .write(|w| {
                        entries::add(
                            w,
                            &EntryDraft {
                                date,
                                point: "合隆镇陈家店回收点".into(),
                                container: "瓶".into(),
                                material: "塑料".into(),
                                count: "20".into(),
                                weight: kg,
                                giver_name: "张三".into(),
                                ..Default::default()
                            },
                        )
                    })
                    .unwrap();
            }
            _ => {
                let i = rng.below(self.ls.len());
                let j = (i + 1 + rng.below(self.ls.len() - 1)) % self.ls.len();
                self.send(i, j);
            }
        }
    }
}

/// Runs one seed; returns the conflicts recorded on all replicas.
fn run(seed: u64, replicas: usize, steps: usize) -> usize {
    let dir = tempfile::tempdir().unwrap();
    let mut ls: Vec<Ledger> = (0..replicas)
        .map(|i| ledger(dir.path(), &format!("r{i}")))
        .collect();
    for (i, l) in ls.iter_mut().enumerate() {
        l.set_setting("installation.code", &format!("R{i}"))
            .unwrap();
    }
    base(&mut ls[0]);
    let mut w = World {
        dir: dir.path().to_path_buf(),
        ls,
        seen: vec![HashSet::new(); replicas],
        edits: Vec::new(),
    };
    for j in 1..replicas {
        w.send(0, j);
    }
    let mut rng = Rng(seed);
    for s in 0..steps {
        w.step(&mut rng, s);
    }
    // Every bundle goes round: twice over every pair, in a shuffled order.
    for _ in 0..2 {
        let mut pairs: Vec<(usize, usize)> = (0..replicas)
            .flat_map(|i| (0..replicas).filter(move |j| *j != i).map(move |j| (i, j)))
            .collect();
        for x in (1..pairs.len()).rev() {
            pairs.swap(x, rng.below(x + 1));
        }
        for (i, j) in pairs {
            w.send(i, j);
        }
    }
    let first: BTreeMap<String, Vec<String>> = content(&w.ls[0])
        .iter()
        .map(|(t, r)| (t.clone(), plain(r)))
        .collect();
    for (i, l) in w.ls.iter().enumerate().skip(1) {
        let c: BTreeMap<String, Vec<String>> = content(l)
            .iter()
            .map(|(t, r)| (t.clone(), plain(r)))
            .collect();
        for (t, rows) in &first {
            assert_eq!(&c[t], rows, "seed {seed}: replica {i} differs in {t}");
        }
    }
    for l in &w.ls {
        let rep = zwl::audit::check(l.conn()).unwrap();
        assert!(rep.ok(), "seed {seed}: {rep:?}");
    }
    // Every name edit is the final name, or was overwritten by an edit made after it was
    // seen, or is in a conflicts list.
    let covered: HashSet<usize> = w
        .edits
        .iter()
        .flat_map(|e| e.covers.iter().copied())
        .collect();
    let mut kept: HashSet<(String, String)> = HashSet::new();
    for l in &w.ls {
        for k in zwl::sync::conflicts(l.conn(), true).unwrap() {
            for f in k.fields.iter().filter(|f| f.field == "name") {
                kept.insert((k.row.clone(), f.other.clone()));
                kept.insert((k.row.clone(), f.current.clone()));
            }
        }
    }
    let mut lost = 0;
    for (n, e) in w.edits.iter().enumerate() {
        // Deleted cells too: a tombstone keeps the name it ended with.
        let final_name: String = w.ls[0]
            .conn()
            .query_row("SELECT name FROM cells WHERE id = ?1", [e.cell], |r| {
                r.get(0)
            })
            .unwrap();
        let row = e.cell.to_string();
        if !covered.contains(&n)
            && final_name != e.name
            && !kept.contains(&(row.clone(), e.name.clone()))
        {
            lost += 1;
            eprintln!(
                "seed {seed}: the edit {} of {row} was lost (final {final_name})",
                e.name
            );
        }
    }
    assert_eq!(lost, 0, "seed {seed}: edits lost");
    w.ls.iter()
        .map(|l| zwl::sync::conflicts(l.conn(), true).unwrap().len())
        .sum()
}

#[test]
fn replicas_exchanging_bundles_in_random_orders_converge_and_lose_no_edit() {
    let mut conflicts = 0;
    for seed in [0x9E37_79B9_7F4A_7C15u64, 42, 2026, 7] {
        conflicts += run(seed, 3 + (seed % 3) as usize, 60);
    }
    assert!(
        conflicts > 0,
        "the random edits made concurrent changes to resolve"
    );
}

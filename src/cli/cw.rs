//! `zwl cw`: construction-waste registers, manifests, facility output, resource use, alerts.

use std::path::PathBuf;

use anyhow::Result;
use clap::{Args as ClapArgs, Subcommand};
use zwl::construction::{
    alerts, import,
    list::{self, ManifestFilter},
    manifests::{self, ManifestDraft, Reception},
    registers::{self, EntryDraft},
    resource_use,
};
use zwl::export::ListSpec;
use zwl::units::format_million;
use zwl::Ledger;

use super::output::{json, table};

#[derive(Subcommand, Debug)]
pub enum CwCmd {
    /// Emitting sites (工地).
    #[command(subcommand)]
    Site(RegisterCmd),
    /// Transporters (运输单位).
    #[command(subcommand)]
    Transporter(RegisterCmd),
    /// Vehicles (车辆) and their transport permits.
    #[command(subcommand)]
    Vehicle(RegisterCmd),
    /// Receiving facilities (消纳场 / 资源化利用厂).
    #[command(subcommand)]
    Facility(RegisterCmd),
    /// Transfer manifests (联单), one per truckload.
    #[command(subcommand)]
    Manifest(Box<ManifestCmd>),
    /// Record a facility's output for a month: PRODUCT=TONNES … (aggregate, brick, backfill, other, landfill).
    Output {
        /// Facility (id or name).
        facility: String,
        /// Month (YYYY-MM).
        #[arg(long)]
        month: String,
        /// PRODUCT=TONNES pairs.
        #[arg(required = true)]
        products: Vec<String>,
    },
    /// The resource-use rate (建筑垃圾综合利用率) by district, site or facility.
    Rate {
        /// district, site or facility.
        #[arg(long, default_value = "district")]
        by: String,
        /// First month (YYYY-MM).
        #[arg(long)]
        from: String,
        /// Last month (YYYY-MM).
        #[arg(long)]
        to: String,
        #[command(flatten)]
        export: super::export_cmds::ExportArgs,
    },
    /// Discrepancies, overdue loads, and approvals or permits running out.
    Alerts {
        #[command(flatten)]
        export: super::export_cmds::ExportArgs,
    },
    /// Import manifests from a CSV file (all or nothing).
    Import {
        /// The CSV file.
        file: PathBuf,
    },
}

#[derive(Subcommand, Debug)]
pub enum RegisterCmd {
    /// Add an entry.
    Add(Box<EntryFields>),
    /// List the entries.
    List {
        #[command(flatten)]
        export: super::export_cmds::ExportArgs,
    },
    /// Show one entry.
    Show {
        /// Id or name (plate for vehicles).
        key: String,
    },
}

#[derive(ClapArgs, Debug)]
pub struct EntryFields {
    /// Name (for a vehicle: its plate).
    #[arg(long)]
    name: String,
    /// Site: project or permit number.
    #[arg(long, default_value = "")]
    project_no: String,
    /// Approval or permit number.
    #[arg(long, default_value = "")]
    permit_no: String,
    /// Approval or permit valid until (YYYY-MM-DD).
    #[arg(long, default_value = "")]
    valid_until: String,
    /// Site: the builder (建设单位).
    #[arg(long, default_value = "")]
    builder: String,
    /// USCC (the builder's for a site).
    #[arg(long, default_value = "")]
    uscc: String,
    /// Reason for keeping a code whose check character fails (kept in the change log).
    #[arg(long, default_value = "")]
    override_reason: String,
    /// District code or name.
    #[arg(long, default_value = "")]
    district: String,
    /// Address.
    #[arg(long, default_value = "")]
    address: String,
    /// Contact.
    #[arg(long, default_value = "")]
    contact: String,
    /// Phone.
    #[arg(long, default_value = "")]
    phone: String,
    /// Vehicle: its transporter.
    #[arg(long, default_value = "")]
    transporter: String,
    /// Vehicle: usual driver.
    #[arg(long, default_value = "")]
    driver: String,
    /// Facility: disposal or recycling.
    #[arg(long, default_value = "")]
    kind: String,
    /// Facility: annual capacity, tonnes.
    #[arg(long, default_value = "")]
    capacity_t: String,
}

#[derive(ClapArgs, Debug, Default)]
pub struct LoadFields {
    /// 工程渣土, 工程泥浆, 工程垃圾, 拆除垃圾, 装修垃圾 (or soil, slurry, engineering, demolition, decoration).
    #[arg(long, default_value = "")]
    category: String,
    /// t or m3.
    #[arg(long, default_value = "")]
    unit: String,
    /// Declared quantity.
    #[arg(long, default_value = "")]
    declared: String,
    /// Reason for a load above 40 t.
    #[arg(long, default_value = "")]
    overload_reason: String,
    /// Site.
    #[arg(long, default_value = "")]
    site: String,
    /// Transporter (default: the vehicle's).
    #[arg(long, default_value = "")]
    transporter: String,
    /// Vehicle plate.
    #[arg(long, default_value = "")]
    vehicle: String,
    /// Driver (default: the vehicle's).
    #[arg(long, default_value = "")]
    driver: String,
    /// Route.
    #[arg(long, default_value = "")]
    route: String,
    /// Receiving facility.
    #[arg(long, default_value = "")]
    facility: String,
    /// Departure time (YYYY-MM-DD HH:MM, local).
    #[arg(long, default_value = "")]
    departure: String,
}

impl LoadFields {
    fn draft(self) -> ManifestDraft {
        ManifestDraft {
            category: self.category,
            unit: self.unit,
            declared: self.declared,
            overload_reason: self.overload_reason,
            site: self.site,
            transporter: self.transporter,
            vehicle: self.vehicle,
            driver: self.driver,
            route: self.route,
            facility: self.facility,
            departure_at: self.departure,
        }
    }
}

#[derive(ClapArgs, Debug, Default)]
pub struct ReceptionFields {
    /// Received quantity.
    #[arg(long, default_value = "")]
    received: String,
    /// Refused quantity.
    #[arg(long, default_value = "")]
    refused: String,
    /// accepted, partial or refused (接收, 部分拒收, 拒收).
    #[arg(long, default_value = "")]
    outcome: String,
    /// Reception time (YYYY-MM-DD HH:MM, local).
    #[arg(long, default_value = "")]
    received_at: String,
}

impl ReceptionFields {
    fn reception(self) -> Reception {
        Reception {
            received: self.received,
            refused: self.refused,
            outcome: self.outcome,
            received_at: self.received_at,
        }
    }
}

#[derive(Subcommand, Debug)]
pub enum ManifestCmd {
    /// Open a draft.
    New(LoadFields),
    /// Dispatch a draft (given fields fill it in), or open and dispatch at once with --new.
    Dispatch {
        /// Number or id of a draft; omit with --new.
        key: Option<String>,
        /// Open a new manifest and dispatch it.
        #[arg(long)]
        new: bool,
        #[command(flatten)]
        load: LoadFields,
    },
    /// Record the reception at the facility.
    Receive {
        /// Number or id.
        key: String,
        #[command(flatten)]
        reception: ReceptionFields,
    },
    /// Close a received manifest.
    Close {
        /// Number or id.
        key: String,
    },
    /// Cancel a draft or dispatched manifest.
    Cancel {
        /// Number or id.
        key: String,
        /// Why.
        #[arg(long)]
        reason: String,
    },
    /// Correct locked fields, with a reason.
    Revise {
        /// Number or id.
        key: String,
        /// Why.
        #[arg(long)]
        reason: String,
        #[command(flatten)]
        load: LoadFields,
        #[command(flatten)]
        reception: ReceptionFields,
    },
    /// List manifests, a page at a time.
    List {
        /// draft, dispatched, received, closed, cancelled.
        #[arg(long, default_value = "")]
        status: String,
        /// Category.
        #[arg(long, default_value = "")]
        category: String,
        /// Site.
        #[arg(long, default_value = "")]
        site: String,
        /// Facility.
        #[arg(long, default_value = "")]
        facility: String,
        /// Departures from (YYYY-MM-DD).
        #[arg(long, default_value = "")]
        from: String,
        /// Departures to (YYYY-MM-DD).
        #[arg(long, default_value = "")]
        to: String,
        /// Page.
        #[arg(long, default_value_t = 1)]
        page: u32,
        /// Rows per page.
        #[arg(long, default_value_t = 50)]
        page_size: u32,
        #[command(flatten)]
        export: super::export_cmds::ExportArgs,
    },
    /// Show one manifest and its history.
    Show {
        /// Number or id.
        key: String,
    },
}

fn entry(f: EntryFields) -> EntryDraft {
    EntryDraft {
        name: f.name,
        project_no: f.project_no,
        permit_no: f.permit_no,
        valid_until: f.valid_until,
        builder: f.builder,
        uscc: f.uscc,
        uscc_override: f.override_reason,
        district: f.district,
        address: f.address,
        contact: f.contact,
        phone: f.phone,
        transporter: f.transporter,
        driver: f.driver,
        kind: f.kind,
        capacity_t: f.capacity_t,
    }
}

fn print_manifest(m: &manifests::Manifest) {
    let u = if m.unit == "m3" { "m³" } else { "t" };
    println!(
        "{}  {}  {}",
        m.number,
        manifests::status_zh(&m.status),
        m.category
    );
    println!(
        "  工地 {}  →  {}",
        m.site,
        m.facility.as_deref().unwrap_or("—")
    );
    println!(
        "  运输 {} {} {}  出车 {}",
        m.transporter.as_deref().unwrap_or("—"),
        m.plate.as_deref().unwrap_or("—"),
        m.driver,
        m.departure_at
            .as_deref()
            .map(manifests::local_time)
            .unwrap_or("—".into())
    );
    println!("  申报 {} {u}", format_million(m.declared_qty));
    if let Some(r) = m.received_qty {
        println!(
            "  接收 {} {u}，拒收 {} {u}（{}） {}",
            format_million(r),
            format_million(m.refused_qty.unwrap_or(0)),
            m.outcome.as_deref().unwrap_or(""),
            m.received_at
                .as_deref()
                .map(manifests::local_time)
                .unwrap_or_default()
        );
    }
}

/// Runs one `zwl cw` command.
pub fn run(l: &mut Ledger, c: CwCmd, j: bool) -> Result<()> {
    match c {
        CwCmd::Site(r) => register(l, "site", r, j),
        CwCmd::Transporter(r) => register(l, "transporter", r, j),
        CwCmd::Vehicle(r) => register(l, "vehicle", r, j),
        CwCmd::Facility(r) => register(l, "facility", r, j),
        CwCmd::Manifest(m) => manifest(l, *m, j),
        CwCmd::Output {
            facility,
            month,
            products,
        } => {
            let pairs: Vec<(String, String)> = products
                .iter()
                .map(|p| {
                    let (k, v) = p.split_once('=').unwrap_or((p.as_str(), ""));
                    (k.to_string(), v.to_string())
                })
                .collect();
            let n = resource_use::record_output(l, &facility, &month, &pairs)?;
            if j {
                json(&serde_json::json!({ "recorded": n }));
            } else {
                println!("已保存 {n} 项 saved {n} products");
            }
            Ok(())
        }
        CwCmd::Rate {
            by,
            from,
            to,
            export,
        } => {
            let spec = || ListSpec::ResourceUse {
                by: by.clone(),
                from: from.clone(),
                to: to.clone(),
            };
            if export.run(l, spec, j)? {
                return Ok(());
            }
            let r = resource_use::rate(l.conn(), &by, &from, &to)?;
            if j {
                json(&r);
            } else {
                let pct = |v: Option<f64>| v.map(|x| format!("{x:.1}%")).unwrap_or("—".into());
                let rows: Vec<Vec<String>> = r
                    .rows
                    .iter()
                    .chain(std::iter::once(&r.total))
                    .map(|x| {
                        vec![
                            x.name.clone(),
                            format!("{:.3}", x.generated_t),
                            format!("{:.3}", x.reused_t),
                            pct(x.rate),
                        ]
                    })
                    .collect();
                println!("建筑垃圾综合利用率 {} 至 {}", r.from, r.to);
                table(&["", "产生量(吨)", "再生利用量(吨)", "综合利用率"], &rows);
                println!("公式：{}", r.formula_zh);
                let d: Vec<String> = r
                    .densities
                    .iter()
                    .map(|(k, v)| format!("{k} {v}"))
                    .collect();
                println!("密度（吨/立方米）：{}", d.join("，"));
            }
            Ok(())
        }
        CwCmd::Alerts { export } => {
            if export.run(l, || ListSpec::CwAlerts, j)? {
                return Ok(());
            }
            let a = alerts::all(l.conn())?;
            if j {
                json(&a);
            } else {
                for x in &a {
                    println!("[{}] {}：{}", x.kind, x.subject, x.message_zh);
                }
                println!("共 {} 条预警 {} alerts", a.len(), a.len());
            }
            Ok(())
        }
        CwCmd::Import { file } => {
            let r = import::import_file(l, &file)?;
            super::output::imported(&r, "张联单", "manifests", j);
            Ok(())
        }
    }
}

fn register(l: &mut Ledger, which: &str, c: RegisterCmd, j: bool) -> Result<()> {
    match c {
        RegisterCmd::Add(f) => {
            let d = entry(*f);
            let id = match which {
                "site" => registers::add_site(l, &d)?,
                "transporter" => registers::add_transporter(l, &d)?,
                "vehicle" => registers::add_vehicle(l, &d)?,
                _ => registers::add_facility(l, &d)?,
            };
            let e = registers::get(l.conn(), which, &id.to_string())?;
            let warnings = registers::code_warnings(&d);
            if j {
                let mut v = serde_json::to_value(&e)?;
                v["warnings"] = serde_json::to_value(&warnings)?;
                json(&v);
            } else {
                println!("已添加 added: {} {}", e.id, e.name);
                super::cell_cmds::print_warnings(&warnings);
            }
        }
        RegisterCmd::List { export } => {
            let register = which.to_string();
            if export.run(l, || ListSpec::Register { register }, j)? {
                return Ok(());
            }
            let es = registers::list(l.conn(), which)?;
            if j {
                json(&es);
            } else {
                let rows: Vec<Vec<String>> = es
                    .iter()
                    .map(|e| {
                        vec![
                            e.name.clone(),
                            e.permit_no.clone(),
                            e.valid_until.clone().unwrap_or_default(),
                            e.detail.clone(),
                            e.district.clone().unwrap_or_default(),
                        ]
                    })
                    .collect();
                table(&["名称", "许可/核准", "有效期至", "", "区划"], &rows);
            }
        }
        RegisterCmd::Show { key } => {
            let e = registers::get(l.conn(), which, &key)?;
            if j {
                json(&e);
            } else {
                println!("{} {}", e.id, e.name);
                println!(
                    "  许可/核准 {} 有效期至 {}",
                    e.permit_no,
                    e.valid_until.unwrap_or_default()
                );
                println!("  {} {}", e.detail, e.driver);
            }
        }
    }
    Ok(())
}

fn manifest(l: &mut Ledger, c: ManifestCmd, j: bool) -> Result<()> {
    let m = match c {
        ManifestCmd::New(f) => manifests::new(l, &f.draft())?,
        ManifestCmd::Dispatch { key, new, load } => match (key, new) {
            (_, true) => manifests::dispatch_new(l, &load.draft())?,
            (Some(k), false) => manifests::dispatch(l, &k, &load.draft())?,
            (None, false) => anyhow::bail!(zwl::Error::field("key", "required", &[])),
        },
        ManifestCmd::Receive { key, reception } => {
            manifests::receive(l, &key, &reception.reception())?
        }
        ManifestCmd::Close { key } => manifests::close(l, &key)?,
        ManifestCmd::Cancel { key, reason } => manifests::cancel(l, &key, &reason)?,
        ManifestCmd::Revise {
            key,
            reason,
            load,
            reception,
        } => {
            let r = reception.reception();
            let any = !(r.received.is_empty()
                && r.refused.is_empty()
                && r.outcome.is_empty()
                && r.received_at.is_empty());
            manifests::revise(l, &key, &load.draft(), any.then_some(&r), &reason)?
        }
        ManifestCmd::List {
            status,
            category,
            site,
            facility,
            from,
            to,
            page,
            page_size,
            export,
        } => {
            let filter = ManifestFilter {
                status,
                category,
                site,
                facility,
                from,
                to,
                number: String::new(),
                page,
                page_size,
            };
            let f2 = filter.clone();
            if export.run(l, || ListSpec::Manifests { filter: f2 }, j)? {
                return Ok(());
            }
            let p = list::list(l.conn(), &filter)?;
            if j {
                json(&p);
            } else {
                let rows: Vec<Vec<String>> = p
                    .rows
                    .iter()
                    .map(|r| {
                        let m = &r.manifest;
                        vec![
                            m.number.clone(),
                            manifests::status_zh(&m.status).into(),
                            m.site.clone(),
                            m.plate.clone().unwrap_or_default(),
                            format!("{} {}", format_million(m.declared_qty), m.unit),
                            m.received_qty.map(format_million).unwrap_or_default(),
                            r.alerts.join(","),
                        ]
                    })
                    .collect();
                table(
                    &["联单号", "状态", "工地", "车牌", "申报", "接收", "预警"],
                    &rows,
                );
                println!("共 {} 张 ({} manifests)", p.total, p.total);
            }
            return Ok(());
        }
        ManifestCmd::Show { key } => {
            let m = manifests::get(l.conn(), &key)?;
            let h = zwl::audit::history(l.conn(), "cw_manifests", m.id.as_bytes())?;
            if j {
                json(&serde_json::json!({ "manifest": m, "history": h }));
            } else {
                print_manifest(&m);
                for e in h {
                    let status = e
                        .after
                        .as_ref()
                        .and_then(|a| a.get("status"))
                        .and_then(|s| s.as_str())
                        .unwrap_or("");
                    println!(
                        "  {}  {}  {} {}{}",
                        e.at,
                        e.operator,
                        e.action,
                        manifests::status_zh(status),
                        e.reason
                            .map(|r| format!("（理由：{r}）"))
                            .unwrap_or_default()
                    );
                }
            }
            return Ok(());
        }
    };
    if j {
        json(&m);
    } else {
        print_manifest(&m);
    }
    Ok(())
}

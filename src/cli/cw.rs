//! `zwl cw`: construction-waste registers, manifests, facility output, resource use, alerts.

use std::path::PathBuf;
use zwl::error::Rule;

use anyhow::Result;
use clap::{Args as ClapArgs, Subcommand};
use zwl::construction::{
    alerts, import,
    list::{self, ManifestFilter},
    manifests::{self, ManifestDraft, Reception, Step},
    resource_use,
};
use zwl::export::ListSpec;
use zwl::units::format_million;
use zwl::Ledger;

use super::cw_registers::{self as reg, FacilityCmd, SiteCmd, TransporterCmd, VehicleCmd};
use super::output::{json, table};

#[derive(Subcommand, Debug)]
pub enum CwCmd {
    /// Emitting sites (工地).
    #[command(subcommand)]
    Site(SiteCmd),
    /// Transporters (运输单位).
    #[command(subcommand)]
    Transporter(TransporterCmd),
    /// Vehicles (车辆): rated payload, box volume and transport permit.
    #[command(subcommand)]
    Vehicle(VehicleCmd),
    /// Receiving facilities (消纳场 / 资源化利用厂).
    #[command(subcommand)]
    Facility(FacilityCmd),
    /// Transfer manifests (联单), one per truckload.
    #[command(subcommand)]
    Manifest(Box<ManifestCmd>),
    /// Record a facility's waste input for a month per product line: PRODUCT=TONNES[/PRODUCT_TONNES] …
    /// (aggregate, brick, road, other, backfill, restoration, landfill).
    Output {
        /// Facility (id or name).
        facility: String,
        /// Month (YYYY-MM).
        #[arg(long)]
        month: String,
        /// PRODUCT=TONNES pairs: tonnes of waste put in, then optionally / and the product's mass.
        #[arg(required = true)]
        products: Vec<String>,
    },
    /// 资源化利用率 and 综合利用率 of construction waste by district, site or facility.
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
    /// Discrepancies, overdue and late loads, overloads, refused loads with no follow-up,
    /// and approvals or permits running out.
    Alerts {
        #[command(flatten)]
        export: super::export_cmds::ExportArgs,
    },
    /// Import manifests from a CSV file (all or nothing).
    Import {
        /// The CSV file.
        file: PathBuf,
    },
    #[command(flatten)]
    Use(super::cw_use::UseCmd),
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
    /// Reason for a load above the vehicle's rated payload (or box volume); also for a
    /// received weight above it.
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
    /// Disposal method: 资源化利用, 回填, 填埋, 中转 (recycling, backfill, landfill, transfer);
    /// default: from the facility's kind.
    #[arg(long, default_value = "")]
    disposal: String,
    /// The paper manifest's number, when transcribing one.
    #[arg(long, default_value = "")]
    paper_no: String,
    /// Planned time window, start (YYYY-MM-DD HH:MM, local).
    #[arg(long, default_value = "")]
    window_from: String,
    /// Planned time window, end.
    #[arg(long, default_value = "")]
    window_to: String,
    /// The refused manifest whose load this one takes elsewhere.
    #[arg(long, default_value = "")]
    follows: String,
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
            disposal_method: self.disposal,
            paper_no: self.paper_no,
            window_from: self.window_from,
            window_to: self.window_to,
            follows: self.follows,
        }
    }
}

#[derive(ClapArgs, Debug, Default)]
pub struct ReceptionFields {
    /// Net received, tonnes (gross − tare when omitted).
    #[arg(long, default_value = "")]
    received: String,
    /// Gross (毛重), tonnes.
    #[arg(long, default_value = "")]
    gross: String,
    /// Tare (皮重), tonnes.
    #[arg(long, default_value = "")]
    tare: String,
    /// Weighbridge ticket number (磅单号).
    #[arg(long, default_value = "")]
    ticket: String,
    /// Refused, tonnes.
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
    fn reception(self, overload_reason: &str) -> Reception {
        Reception {
            received: self.received,
            refused: self.refused,
            gross: self.gross,
            tare: self.tare,
            ticket_no: self.ticket,
            outcome: self.outcome,
            received_at: self.received_at,
            overload_reason: overload_reason.to_string(),
        }
    }

    fn is_empty(&self) -> bool {
        [
            &self.received,
            &self.gross,
            &self.tare,
            &self.ticket,
            &self.refused,
            &self.outcome,
            &self.received_at,
        ]
        .iter()
        .all(|x| x.is_empty())
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
    /// Record the reception at the facility's weighbridge (tonnes, whatever the declared unit).
    Receive {
        /// Number or id.
        key: String,
        #[command(flatten)]
        reception: ReceptionFields,
        /// Reason for a received weight above the vehicle's rated payload.
        #[arg(long, default_value = "")]
        overload_reason: String,
    },
    /// Link a refused or partly refused load to the manifest that took it elsewhere.
    FollowUp {
        /// The refused manifest (number or id).
        refused: String,
        /// Its follow-up manifest.
        followup: String,
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
        /// Number, or part of it.
        #[arg(long, default_value = "")]
        number: String,
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

/// The key of an alert kind, as `--json` writes it.
fn alert_key(k: alerts::AlertKind) -> String {
    serde_json::to_value(k)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

fn print_manifest(m: &manifests::Manifest) {
    let u = if m.unit == "m3" { "m³" } else { "t" };
    let o = |x: &Option<String>| x.clone().unwrap_or_else(|| "—".into());
    let lt = |x: &Option<String>| {
        x.as_deref()
            .map(manifests::local_time)
            .unwrap_or("—".into())
    };
    println!(
        "{}  {}  {}  {}",
        m.number,
        manifests::status_zh(&m.status),
        m.category,
        m.disposal_method.map(|d| d.label_zh()).unwrap_or("—")
    );
    println!("  工地 {}  →  {}", m.site, o(&m.facility));
    println!(
        "  运输 {} {} {}  出车 {}",
        o(&m.transporter),
        o(&m.plate),
        m.driver,
        lt(&m.departure_at)
    );
    println!(
        "  路线 {}  计划时段 {} 至 {}  纸质联单 {}",
        if m.route.is_empty() { "—" } else { &m.route },
        lt(&m.window_from),
        lt(&m.window_to),
        o(&m.paper_no)
    );
    println!(
        "  核准/许可（出车时）：工地 {} 运输单位 {} 车辆 {} 设施 {}",
        o(&m.site_approval_no),
        o(&m.transporter_permit_no),
        o(&m.vehicle_permit_no),
        o(&m.facility_approval_no)
    );
    let density = m
        .density_kg_m3
        .map(|d| format!("（密度 {} t/m³）", format_million(d * 1000)))
        .unwrap_or_default();
    let in_t = match (m.unit.as_str(), m.declared_g) {
        ("m3", Some(g)) => format!(" = {} t", format_million(g)),
        _ => String::new(),
    };
    println!(
        "  申报 {} {u}{in_t}{density}",
        format_million(m.declared_qty)
    );
    if let Some(r) = &m.overload_reason {
        println!("  超载理由 {r}");
    }
    if let Some(r) = m.received_qty {
        let t = |g: Option<i64>| g.map(format_million).unwrap_or("—".into());
        println!(
            "  过磅 毛重 {} t 皮重 {} t 净重 {} t 磅单 {}",
            t(m.gross_g),
            t(m.tare_g),
            format_million(r),
            o(&m.ticket_no)
        );
        println!(
            "  拒收 {} t（{}） {}",
            format_million(m.refused_qty.unwrap_or(0)),
            m.outcome.as_deref().unwrap_or(""),
            lt(&m.received_at)
        );
    }
    if let Some(f) = &m.followup {
        println!("  后续联单 {f}");
    }
    if let Some(f) = &m.follows {
        println!("  原拒收联单 {f}");
    }
}

/// Runs one `zwl cw` command.
pub fn run(l: &mut Ledger, c: CwCmd, j: bool) -> Result<()> {
    match c {
        CwCmd::Site(r) => reg::site(l, r, j),
        CwCmd::Transporter(r) => reg::transporter(l, r, j),
        CwCmd::Vehicle(r) => reg::vehicle(l, r, j),
        CwCmd::Facility(r) => reg::facility(l, r, j),
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
            super::cw_use::rate(l, &by, &from, &to, j)
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
                    println!("[{}] {}：{}", alert_key(x.kind), x.subject, x.message_zh);
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
        CwCmd::Use(c) => super::cw_use::run(l, c, j),
    }
}

fn manifest(l: &mut Ledger, c: ManifestCmd, j: bool) -> Result<()> {
    let m = match c {
        ManifestCmd::New(f) => manifests::new(l, &f.draft())?,
        ManifestCmd::Dispatch { key, new, load } => match (key, new) {
            (_, true) => manifests::dispatch_new(l, &load.draft())?,
            (Some(k), false) => manifests::dispatch(l, &k, &load.draft())?,
            (None, false) => anyhow::bail!(zwl::Error::field("key", Rule::Required, &[])),
        },
        ManifestCmd::Receive {
            key,
            reception,
            overload_reason,
        } => manifests::receive(l, &key, &reception.reception(&overload_reason))?,
        ManifestCmd::FollowUp { refused, followup } => {
            manifests::link_followup(l, &refused, &followup)?
        }
        ManifestCmd::Close { key } => manifests::step(l, &key, Step::Close, "")?,
        ManifestCmd::Cancel { key, reason } => manifests::step(l, &key, Step::Cancel, &reason)?,
        ManifestCmd::Revise {
            key,
            reason,
            load,
            reception,
        } => {
            let any = !reception.is_empty();
            let r = reception.reception(&load.overload_reason);
            manifests::revise(l, &key, &load.draft(), any.then_some(&r), &reason)?
        }
        ManifestCmd::List {
            status,
            category,
            site,
            facility,
            from,
            to,
            number,
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
                number,
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
                            m.received_qty
                                .map(|g| format!("{} t", format_million(g)))
                                .unwrap_or_default(),
                            r.alerts
                                .iter()
                                .map(|a| alert_key(*a))
                                .collect::<Vec<_>>()
                                .join(","),
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
                            .as_ref()
                            .map(|r| format!("（理由：{r}）"))
                            .unwrap_or_default()
                    );
                    println!("    {}", zwl::audit::history::describe(&e));
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

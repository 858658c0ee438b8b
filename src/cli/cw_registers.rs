//! `zwl cw site|transporter|vehicle|facility`: each register with the options of its own.

use anyhow::Result;
use clap::{Args as ClapArgs, Subcommand};
use zwl::construction::registers::{self, EntryDraft, Register};
use zwl::units::format_million;
use zwl::Ledger;

use super::output::{json, table};

macro_rules! register_cmd {
    ($name:ident, $fields:ty) => {
        #[derive(Subcommand, Debug)]
        pub enum $name {
            /// Add an entry.
            Add(Box<$fields>),
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

        impl $name {
            fn action(self) -> Action {
                match self {
                    $name::Add(f) => Action::Add(Box::new(f.draft())),
                    $name::List { export } => Action::List(export),
                    $name::Show { key } => Action::Show(key),
                }
            }
        }
    };
}

register_cmd!(SiteCmd, SiteFields);
register_cmd!(TransporterCmd, TransporterFields);
register_cmd!(VehicleCmd, VehicleFields);
register_cmd!(FacilityCmd, FacilityFields);

/// What is asked of a register.
enum Action {
    Add(Box<EntryDraft>),
    List(super::export_cmds::ExportArgs),
    Show(String),
}

/// An emitting site (工地).
#[derive(ClapArgs, Debug)]
pub struct SiteFields {
    /// Name.
    #[arg(long)]
    name: String,
    /// Project or permit number.
    #[arg(long, default_value = "")]
    project_no: String,
    /// Disposal approval number (处置核准).
    #[arg(long, default_value = "")]
    permit_no: String,
    /// Approval valid until (YYYY-MM-DD).
    #[arg(long, default_value = "")]
    valid_until: String,
    /// The builder (建设单位).
    #[arg(long, default_value = "")]
    builder: String,
    /// The builder's credit code.
    #[arg(long, default_value = "")]
    uscc: String,
    /// Reason for keeping a code whose check character fails (kept in the change log).
    #[arg(long, default_value = "")]
    override_reason: String,
    /// District code or name.
    #[arg(long)]
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
}

impl SiteFields {
    fn draft(self) -> EntryDraft {
        EntryDraft {
            name: self.name,
            project_no: self.project_no,
            permit_no: self.permit_no,
            valid_until: self.valid_until,
            builder: self.builder,
            uscc: self.uscc,
            uscc_override: self.override_reason,
            district: self.district,
            address: self.address,
            contact: self.contact,
            phone: self.phone,
            ..Default::default()
        }
    }
}

/// A transporter (运输单位).
#[derive(ClapArgs, Debug)]
pub struct TransporterFields {
    /// Name.
    #[arg(long)]
    name: String,
    /// Credit code.
    #[arg(long, default_value = "")]
    uscc: String,
    /// Reason for keeping a code whose check character fails (kept in the change log).
    #[arg(long, default_value = "")]
    override_reason: String,
    /// Transport permit number.
    #[arg(long, default_value = "")]
    permit_no: String,
    /// Permit valid until (YYYY-MM-DD).
    #[arg(long, default_value = "")]
    valid_until: String,
}

impl TransporterFields {
    fn draft(self) -> EntryDraft {
        EntryDraft {
            name: self.name,
            uscc: self.uscc,
            uscc_override: self.override_reason,
            permit_no: self.permit_no,
            valid_until: self.valid_until,
            ..Default::default()
        }
    }
}

/// A vehicle (车辆) of a transporter.
#[derive(ClapArgs, Debug)]
pub struct VehicleFields {
    /// Plate (GA 36-2018: ordinary, new-energy or trailer).
    #[arg(long, alias = "name")]
    plate: String,
    /// Its transporter (id or name).
    #[arg(long)]
    transporter: String,
    /// Rated payload (核定载质量, from the 行驶证), tonnes.
    #[arg(long)]
    rated_payload: String,
    /// Box volume (货厢容积), m³.
    #[arg(long, default_value = "")]
    box_volume: String,
    /// Usual driver.
    #[arg(long, default_value = "")]
    driver: String,
    /// Transport permit number (准运证).
    #[arg(long, default_value = "")]
    permit_no: String,
    /// Permit valid until (YYYY-MM-DD).
    #[arg(long, default_value = "")]
    valid_until: String,
}

impl VehicleFields {
    fn draft(self) -> EntryDraft {
        EntryDraft {
            name: self.plate,
            transporter: self.transporter,
            rated_payload_t: self.rated_payload,
            box_volume_m3: self.box_volume,
            driver: self.driver,
            permit_no: self.permit_no,
            valid_until: self.valid_until,
            ..Default::default()
        }
    }
}

/// A receiving facility (消纳场 / 资源化利用厂).
#[derive(ClapArgs, Debug)]
pub struct FacilityFields {
    /// Name.
    #[arg(long)]
    name: String,
    /// Kind: disposal, recycling, transfer, backfill or restoration (消纳, 资源化利用,
    /// 中转/分拣, 回填, 生态修复).
    #[arg(long)]
    kind: String,
    /// Accepted categories, comma-separated (default: the kind's).
    #[arg(long, default_value = "")]
    accepts: String,
    /// District code or name.
    #[arg(long)]
    district: String,
    /// Credit code.
    #[arg(long, default_value = "")]
    uscc: String,
    /// Reason for keeping a code whose check character fails (kept in the change log).
    #[arg(long, default_value = "")]
    override_reason: String,
    /// Approval number (消纳证 / 核准).
    #[arg(long, default_value = "")]
    permit_no: String,
    /// Approval valid until (YYYY-MM-DD).
    #[arg(long, default_value = "")]
    valid_until: String,
    /// Annual capacity, tonnes.
    #[arg(long, default_value = "")]
    capacity_t: String,
}

impl FacilityFields {
    fn draft(self) -> EntryDraft {
        EntryDraft {
            name: self.name,
            kind: self.kind,
            accepts: self.accepts,
            district: self.district,
            uscc: self.uscc,
            uscc_override: self.override_reason,
            permit_no: self.permit_no,
            valid_until: self.valid_until,
            capacity_t: self.capacity_t,
            ..Default::default()
        }
    }
}

/// Runs a register command.
pub fn site(l: &mut Ledger, c: SiteCmd, j: bool) -> Result<()> {
    run(l, Register::Site, c.action(), j)
}

/// Runs a register command.
pub fn transporter(l: &mut Ledger, c: TransporterCmd, j: bool) -> Result<()> {
    run(l, Register::Transporter, c.action(), j)
}

/// Runs a register command.
pub fn vehicle(l: &mut Ledger, c: VehicleCmd, j: bool) -> Result<()> {
    run(l, Register::Vehicle, c.action(), j)
}

/// Runs a register command.
pub fn facility(l: &mut Ledger, c: FacilityCmd, j: bool) -> Result<()> {
    run(l, Register::Facility, c.action(), j)
}

fn limits(e: &registers::Entry) -> String {
    match (e.rated_payload_g, e.box_volume_cm3) {
        (None, None) => String::new(),
        (p, v) => format!(
            "{} t / {} m³",
            p.map(format_million).unwrap_or("—".into()),
            v.map(format_million).unwrap_or("—".into())
        ),
    }
}

fn run(l: &mut Ledger, which: Register, a: Action, j: bool) -> Result<()> {
    match a {
        Action::Add(d) => {
            let id = registers::add(l, which, &d)?;
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
        Action::List(export) => {
            if export.run(l, || zwl::export::ListSpec::Register { register: which }, j)? {
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
                            limits(e),
                        ]
                    })
                    .collect();
                table(
                    &[
                        "名称",
                        "许可/核准",
                        "有效期至",
                        "",
                        "区划",
                        "核定载质量/容积",
                    ],
                    &rows,
                );
            }
        }
        Action::Show(key) => {
            let e = registers::get(l.conn(), which, &key)?;
            if j {
                json(&e);
            } else {
                println!("{} {}", e.id, e.name);
                println!(
                    "  许可/核准 {} 有效期至 {}",
                    e.permit_no,
                    e.valid_until.clone().unwrap_or_default()
                );
                println!("  {} {} {}", e.detail, e.driver, limits(&e));
            }
        }
    }
    Ok(())
}

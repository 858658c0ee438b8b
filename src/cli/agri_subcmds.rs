//! The subcommands of `zwl agri`: places, kinds, points, entries, outbound and usage.

use std::path::PathBuf;

use clap::Subcommand;

use super::agri_args::{EntryArgs, KindArgs, OutboundArgs, PointArgs, UsageArgs};

#[derive(Subcommand, Debug)]
pub enum PlaceCmd {
    /// Add a township (no --township) or a village of a township.
    Add {
        /// District.
        #[arg(long)]
        district: String,
        /// The village's township.
        #[arg(long, default_value = "")]
        township: String,
        /// Name.
        #[arg(long)]
        name: String,
        /// 12-digit statistical code.
        #[arg(long, default_value = "")]
        code: String,
    },
    /// List townships and villages.
    List {
        /// One district only.
        #[arg(long, default_value = "")]
        district: String,
    },
    /// Import townships and villages (columns 区县, 乡镇, 乡镇代码, 村, 村代码), all or nothing.
    Import {
        /// The file.
        file: PathBuf,
    },
}

#[derive(Subcommand, Debug)]
pub enum KindCmd {
    /// List kinds with their factors and sources.
    List {
        /// container, material, film, crop or livestock.
        #[arg(long, default_value = "")]
        domain: String,
    },
    /// Add a kind, or override a built-in one (a province's coefficients).
    Set(Box<KindArgs>),
}

#[derive(Subcommand, Debug)]
pub enum PointCmd {
    /// Register a recovery point.
    Add(Box<PointArgs>),
    /// List recovery points.
    List {
        /// One district only.
        #[arg(long, default_value = "")]
        district: String,
    },
}

#[allow(clippy::large_enum_variant)]
#[derive(Subcommand, Debug)]
pub enum EntryCmd {
    /// Record a hand-in.
    Add(Box<EntryArgs>),
    /// List hand-ins, newest first (100 a page).
    List {
        /// One point only.
        #[arg(long, default_value = "")]
        point: String,
        /// First date.
        #[arg(long, default_value = "")]
        from: String,
        /// Last date.
        #[arg(long, default_value = "")]
        to: String,
        /// Page.
        #[arg(long, default_value_t = 1)]
        page: usize,
        #[command(flatten)]
        export: super::export_cmds::ExportArgs,
    },
    /// Correct a hand-in: its new values, with a reason.
    Revise {
        /// Entry id.
        id: String,
        /// Why.
        #[arg(long)]
        reason: String,
        #[command(flatten)]
        entry: EntryArgs,
    },
    /// Delete a hand-in at least two years old, with a reason.
    Delete {
        /// Entry id.
        id: String,
        /// Why.
        #[arg(long)]
        reason: String,
    },
}

#[derive(Subcommand, Debug)]
pub enum OutboundCmd {
    /// Record an outbound (refused when the stock would go negative).
    Add(Box<OutboundArgs>),
    /// List outbound.
    List {
        /// One point only.
        #[arg(long, default_value = "")]
        point: String,
        #[command(flatten)]
        export: super::export_cmds::ExportArgs,
    },
}

#[derive(Subcommand, Debug)]
pub enum UsageCmd {
    /// A dealer's pesticide sale (--dealer, --packages, --weight).
    Sale(Box<UsageArgs>),
    /// Film used (--crop, --film, --weight).
    Film(Box<UsageArgs>),
}

//! Construction waste (建筑垃圾) and its whole-process supervision (全过程监管): the
//! registers of sites, transporters, vehicles and facilities; the transfer manifest (联单),
//! one per truckload; and the alerts a supervisor watches.

pub mod alerts;
pub mod entry_rules;
pub mod facilities;
pub mod import;
pub mod list;
pub mod manifests;
pub mod numbers;
pub mod plates;
pub mod registers;
pub mod resource_use;
pub mod supervision;

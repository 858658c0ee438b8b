//! The Rust half of the upgrade steps: frozen code of each step's own, run after its SQL in
//! the same transaction. A released step never calls live domain functions (they move on);
//! it does its work in SQL or in code kept here.

pub(super) mod row_image_1;
pub mod v3;
pub mod v4;
pub mod v5;

//! The counts of the yearly evaluation (../spec/bilan.md), computed by SQL aggregate queries
//! that both backends run: the store's own, independent computation of the bilan, which holds
//! no application in memory. `logis-evaluation` counts the same things in Rust over a snapshot
//! and turns either set of counts into the bilan.

mod answers;
mod counts;
pub mod projected;
pub mod projection;
mod sql;
pub mod workflow;

pub use answers::{CubeRow, GroupedRow, counts};
pub use counts::{BilanCounts, ModalityCounts, ObjectiveCounts, PopulationCounts};
pub use sql::{
    CUBE_DIMENSIONS, DIMENSIONS, Dialect, cube_statements, grouped_statement, year_bounds,
};

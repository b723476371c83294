//! The cotation of applications: grids read from TOML (docs/cotation.md), every application's
//! score with its breakdown, its position among comparable applications, the observed waiting
//! time, the comparison of two grids and the evaluation of the cotation against allocations.
//! The computation works on plain values; [`stored`] loads what it needs from a store and keeps
//! what it computes there (grids, scores and positions, history, comparable groups, the
//! candidates' index), through the `Store` trait only.

pub mod compare;
pub mod condition;
pub mod engine;
pub mod evaluation;
pub mod explain;
pub mod facts;
pub mod giving_way;
pub mod grid;
pub mod position;
pub mod score;
mod stats;
pub mod stored;
mod suggest;
pub mod variables;
pub mod waiting;

pub use facts::{Applicant, Facts};
pub use grid::{Grid, GridError, GridErrors};
pub use score::{Line, Score, Status};

/// The text of the CCTC grid, the commented example of docs/cotation.md and the demo's grid.
pub const DEFAULT_GRID: &str = include_str!("../../../docs/grille-cctc.toml");

/// The CCTC grid, parsed.
pub fn default_grid() -> Grid {
    Grid::parse(DEFAULT_GRID).expect("the documented grid is valid (tested)")
}

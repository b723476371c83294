//! The cotation of applications: grids read from TOML (docs/cotation.md), every application's
//! score with its breakdown, its position among comparable applications, the observed waiting
//! time, the comparison of two grids and the evaluation of the cotation against allocations.
//! Pure computation over plain values: loading and storing belong to the caller.

pub mod condition;
pub mod facts;
pub mod grid;
pub mod score;
mod suggest;
pub mod variables;

pub use facts::{Applicant, Facts};
pub use grid::{Grid, GridError, GridErrors};
pub use score::{Line, Score, Status};

//! Synthetic territories in interchange format v1: the CCTC demo (the real 22 communes of the
//! Communauté de communes Terres des Confluences, calibrated on its yearly evaluation) and a
//! national-scale set for benchmarks. Deterministic for a seed; written as it is drawn.

pub mod applications;
pub mod conventions;
pub mod data;
pub mod dwellings;
pub mod evidence;
pub mod household;
pub mod names;
pub mod random;
pub mod simulate;
pub mod territory;

pub use simulate::{Summary, applications, simulate};
pub use territory::Territory;

use std::path::Path;

/// The size of a synthetic territory.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scale {
    Cctc,
    National,
}

impl Scale {
    pub fn territory(self) -> Territory {
        match self {
            Scale::Cctc => territory::cctc(),
            Scale::National => territory::national(),
        }
    }
}

/// Generates a territory of `scale` into `out`.
pub fn generate(
    scale: Scale,
    seed: u64,
    out: &Path,
    progress: &dyn Fn(u64, u64),
) -> std::io::Result<Summary> {
    simulate(&scale.territory(), seed, out, progress)
}

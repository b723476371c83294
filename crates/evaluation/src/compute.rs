//! The evaluation of a year from plain values: counted in Rust, then assembled.

use crate::assemble::assemble;
use crate::count::{Inputs, count};
use crate::model::Bilan;
use crate::settings::Settings;

/// The evaluation of `inputs.year` with the territory's `settings`.
pub fn compute(inputs: &Inputs, settings: &Settings) -> Bilan {
    assemble(inputs.year, &count(inputs), settings)
}

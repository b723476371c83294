//! The yearly evaluation ("bilan annuel") of `../shared/spec/bilan.md` as one model — key
//! figures, pressure by segment, the two profiles of applicants, the objectives — computed from
//! plain domain values for any year, and written as the JSON document of that contract.
//! Renderers (web page, PDF, XLSX, CSV) take this model and compute nothing themselves.

mod compute;
mod figures;
mod model;
mod numbers;
mod settings;

pub use compute::{Inputs, compute};
pub use model::{Bilan, ChiffresCles, Objectif, Profil, Profils, Segment, Segments, Territoire};
pub use settings::{Settings, Targets};

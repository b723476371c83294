//! The yearly evaluation ("bilan annuel") of `../shared/spec/bilan.md` as one model — key
//! figures, pressure by segment, the two profiles of applicants, the objectives — for any year,
//! written as the JSON document of that contract. It is counted twice, independently: in Rust
//! over a snapshot ([`count`]) and by the store's SQL aggregates ([`Store::bilan_counts`]);
//! [`assemble`] turns either into the model. Renderers (web page, PDF, XLSX, CSV) take this
//! model and compute nothing themselves. The reservation rights of the year as a flow
//! ([`flux`]) are counted once, by `logis_flux` on the year's register, and attached to the
//! year a report is about.
//!
//! [`Store::bilan_counts`]: logis_store::Store::bilan_counts

mod assemble;
mod compute;
mod count;
mod figures;
pub mod flux;
mod model;
mod numbers;
pub mod practice;
pub mod secrecy;
mod settings;
mod snapshot;

pub use assemble::assemble;
pub use compute::compute;
pub use count::{Inputs, count};
pub use flux::{Flux, FluxPrioritaires, FluxReservataire};
pub use model::{Bilan, ChiffresCles, Objectif, Profil, Profils, Segment, Segments, Territoire};
pub use practice::{EligibilitePlai, MieuxClassees, Refus};
pub use settings::{Settings, Targets, stored as stored_settings};
pub use snapshot::Snapshot;

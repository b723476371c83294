//! A cotation grid: the territory's criteria and their points, versioned by an effective
//! date, read from a TOML document (see docs/cotation.md).

mod error;
mod fingerprint;
mod read;
mod rewrite;
mod toml_values;

pub use error::{GridError, GridErrors};
pub use rewrite::with_delays;

use crate::condition::Condition;
use crate::facts::Applicant;
use crate::variables::Variable;
use logis_domain::{Date, Typologie};
use std::sync::Arc;

/// A grid, ready to score applications.
#[derive(Debug, Clone)]
pub struct Grid {
    pub nom: String,
    /// The grid applies to scores computed on or after this date.
    pub en_vigueur: Date,
    /// Tells apart two texts of the same effective date (a short hash of the text).
    pub empreinte: String,
    /// The TOML document it was read from.
    pub texte: String,
    /// The criteria of every application (of first requests, when there is a transfer part).
    pub general: Vec<Criterion>,
    /// The criteria of transfer requests, when the grid has a separate part for them.
    pub mutation: Option<Vec<Criterion>>,
    pub delays: Delays,
}

/// Whether a criterion counts on the applicant's word or only once a document was seen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Justification {
    Declaree,
    Verifiee,
}

/// One criterion: a condition and its points.
#[derive(Debug, Clone)]
pub struct Criterion {
    /// Short identifier (`a-z`, `0-9`, `_`), stored in every breakdown.
    pub code: Arc<str>,
    /// What applicants and partners read.
    pub libelle: String,
    /// `None`: applies to every application.
    pub condition: Option<Condition>,
    /// The condition as the grid writes it (`si = "…"`), to show it.
    pub written: Option<String>,
    /// Points, or points per unit when `par` is set; may be negative.
    pub points: i32,
    /// The number variable the points are multiplied by.
    pub par: Option<Variable>,
    /// At most this many points (in absolute value) for a per-unit criterion.
    pub plafond: Option<i32>,
    /// Exclusive group: only the highest criterion of a group counts.
    pub groupe: Option<String>,
    pub justification: Justification,
    /// The documents the criterion's data need (bits of `Piece::ALL`).
    pub pieces: u8,
}

/// The "délai anormalement long" per typology, in months (a setting of the territory).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Delays {
    pub default_months: u32,
    pub by_typologie: [Option<u32>; 6],
}

impl Default for Delays {
    fn default() -> Self {
        Delays { default_months: 24, by_typologie: [None; 6] }
    }
}

impl Delays {
    /// The delay of the application's first desired typology.
    pub fn months(&self, typologie: Option<Typologie>) -> u32 {
        typologie.and_then(|t| self.by_typologie[t as usize]).unwrap_or(self.default_months)
    }
}

impl Grid {
    /// Reads and checks a grid; every problem is reported with its line.
    pub fn parse(text: &str) -> Result<Grid, GridErrors> {
        read::grid(text)
    }

    /// The criteria that score this applicant: the transfer part for a transfer request when
    /// the grid has one, the general part otherwise.
    pub fn part_for(&self, applicant: &Applicant) -> (&[Criterion], bool) {
        match &self.mutation {
            Some(part) if applicant.is_mutation() => (part, true),
            _ => (&self.general, false),
        }
    }

    /// Every criterion of both parts.
    pub fn criteria(&self) -> impl Iterator<Item = &Criterion> {
        self.general.iter().chain(self.mutation.iter().flatten())
    }

    /// The criterion of a code (as stored in a breakdown).
    pub fn criterion(&self, code: &str) -> Option<&Criterion> {
        self.criteria().find(|c| &*c.code == code)
    }
}

/// The grid in force at `date` among `grids`: the latest effective on or before it.
pub fn in_force(grids: &[Grid], date: Date) -> Option<&Grid> {
    grids.iter().filter(|g| g.en_vigueur <= date).max_by_key(|g| g.en_vigueur)
}

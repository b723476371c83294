//! What the evaluation of a year counts, whoever counts it.

use std::collections::BTreeMap;

/// Applications active at the reference date and attributions of the year in one modality.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ModalityCounts {
    pub demandes: u64,
    pub attributions: u64,
}

/// A population of applicants (all, low incomes, transfers).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PopulationCounts {
    /// Its applications active at the reference date.
    pub demandes: u64,
    /// The attributions of the year to its applications.
    pub attributions: u64,
    /// For `age`, `composition` and `situation_logement`: active applications per modality
    /// code (modalities without any are left out).
    pub modalities: BTreeMap<String, BTreeMap<String, u64>>,
}

/// The numerators and denominators of the objectives.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ObjectiveCounts {
    pub hors_qpv: u64,
    /// Outside QPV, to quartile-1 households or ANRU rehousing.
    pub q1_hors_qpv: u64,
    pub en_qpv: u64,
    /// In a QPV, to households of quartiles 2 to 4.
    pub q234_en_qpv: u64,
    /// To priority households.
    pub prioritaires: u64,
    /// Per reservation holder: (attributions, to priority households).
    pub par_reservataire: BTreeMap<String, (u64, u64)>,
}

/// Everything the bilan of a year is made of, before ratios and rounding.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct BilanCounts {
    pub demandes_actives: u64,
    pub demandes_mutation: u64,
    pub demandes_nouvelles: u64,
    pub demandes_satisfaites: u64,
    pub attributions: u64,
    /// Sum over the active applications of the days since filing.
    pub anciennete_jours: i64,
    /// Median of the days from filing to lease over the attributions matched to their
    /// application.
    pub delai_median_jours: Option<f64>,
    /// Whether the year has income thresholds.
    pub seuils_disponibles: bool,
    /// Per dimension of bilan.md: counts per modality code (modalities with neither demand
    /// nor attribution are left out).
    pub segments: BTreeMap<String, BTreeMap<String, ModalityCounts>>,
    /// Per dimension and modality code: the attributions of the year matched to their
    /// application, counted by days from filing to lease (for the median delay by segment).
    pub delays: BTreeMap<String, BTreeMap<String, BTreeMap<i64, u64>>>,
    /// `ensemble`, `bas_revenus`, `mutation`.
    pub populations: BTreeMap<String, PopulationCounts>,
    pub objectifs: ObjectiveCounts,
}

impl BilanCounts {
    /// Adds `demandes` and `attributions` to a modality of a dimension, leaving out empty ones.
    pub fn add_segment(&mut self, dimension: &str, code: &str, demandes: u64, attributions: u64) {
        if demandes == 0 && attributions == 0 {
            return;
        }
        let entry = self
            .segments
            .entry(dimension.to_owned())
            .or_default()
            .entry(code.to_owned())
            .or_default();
        entry.demandes += demandes;
        entry.attributions += attributions;
    }

    /// Adds `n` attributions leased `days` after filing to a modality of a dimension.
    pub fn add_delay(&mut self, dimension: &str, code: &str, days: i64, n: u64) {
        let by_days = self
            .delays
            .entry(dimension.to_owned())
            .or_default()
            .entry(code.to_owned())
            .or_default();
        *by_days.entry(days).or_default() += n;
    }

    /// The counts of one population.
    pub fn population(&mut self, name: &str) -> &mut PopulationCounts {
        self.populations.entry(name.to_owned()).or_default()
    }
}

impl PopulationCounts {
    /// Adds `n` active applications to a modality, leaving out empty ones.
    pub fn add_modality(&mut self, dimension: &str, code: &str, n: u64) {
        if n > 0 {
            *self
                .modalities
                .entry(dimension.to_owned())
                .or_default()
                .entry(code.to_owned())
                .or_default() += n;
        }
    }
}

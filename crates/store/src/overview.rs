//! A short summary of what a store holds, for `logis demo` and the dashboard.

use logis_domain::Date;

/// Counts at a reference date.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Overview {
    pub reference: Option<Date>,
    /// Applications active at the reference date.
    pub demandes_actives: u64,
    pub demandes_total: u64,
    /// Allocations per year of lease signature, oldest first.
    pub attributions_par_annee: Vec<(i32, u64)>,
    pub logements: u64,
    /// Organisations of type `bailleur`.
    pub bailleurs: u64,
}

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

/// Applications active at `$1`.
pub const ACTIVE_AT_SQL: &str = "SELECT COUNT(*) FROM demandes WHERE date_depot <= $1 \
     AND (statut = 'active' OR date_radiation > $1)";

/// Applications, dwellings and landlords, in one row.
pub const TOTALS_SQL: &str = "SELECT (SELECT COUNT(*) FROM demandes), (SELECT COUNT(*) FROM logements), \
     (SELECT COUNT(*) FROM organismes WHERE type = 'bailleur')";

/// Allocations per year of lease, given the backend's expression of a date's year.
pub fn per_year_sql(year_of_date_bail: &str) -> String {
    format!(
        "SELECT {year_of_date_bail} AS annee, COUNT(*) FROM attributions GROUP BY annee ORDER BY annee"
    )
}

fn count(n: i64) -> u64 {
    u64::try_from(n).unwrap_or(0)
}

impl Overview {
    /// Assembles the answers of the three queries above.
    pub fn from_counts(
        reference: Date,
        active: i64,
        totals: (i64, i64, i64),
        per_year: Vec<(i64, i64)>,
    ) -> Self {
        Overview {
            reference: Some(reference),
            demandes_actives: count(active),
            demandes_total: count(totals.0),
            attributions_par_annee: per_year
                .into_iter()
                .map(|(year, n)| (i32::try_from(year).unwrap_or(0), count(n)))
                .collect(),
            logements: count(totals.1),
            bailleurs: count(totals.2),
        }
    }
}

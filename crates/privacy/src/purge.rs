//! The purge of personal data as the territory's settings ask it (`logis purge`, and every
//! night on the server): applications that left the register more than
//! [`Retention::closed_application_months`] ago lose what names or describes a person, and the
//! audit log loses its lines older than [`Retention::audit_months`]
//! (`logis_store::retention` says exactly what is erased and what the evaluations keep).

use crate::settings::Retention;
use logis_store::retention::{self, PurgeCounts, PurgeLimits, PurgeReport};
use logis_store::{Store, StoreError};
use time::OffsetDateTime;

pub use logis_domain::calendar::months_before;

/// The dates a purge at `now` applies under `retention`.
pub fn limits(retention: &Retention, now: OffsetDateTime) -> PurgeLimits {
    let today = logis_domain::french::paris_date(now);
    let audit_day = months_before(today, retention.audit_months);
    PurgeLimits {
        closed_before: months_before(today, retention.closed_application_months),
        audit_before: audit_day.midnight().assume_utc().unix_timestamp(),
    }
}

/// What a purge at `now` would erase.
pub async fn simulate(
    store: &dyn Store,
    retention: &Retention,
    now: OffsetDateTime,
) -> Result<(PurgeLimits, PurgeCounts), StoreError> {
    let limits = limits(retention, now);
    Ok((limits, retention::simulate(store, limits).await?))
}

/// Runs the purge at `now` by `author`; its report.
pub async fn run(
    store: &dyn Store,
    retention: &Retention,
    now: OffsetDateTime,
    author: &str,
) -> Result<PurgeReport, StoreError> {
    retention::purge(store, limits(retention, now), author, now.unix_timestamp()).await
}

/// The report's lines, in French.
pub fn described(limits: &PurgeLimits, counts: &PurgeCounts) -> Vec<String> {
    let day = logis_domain::french::date(limits.closed_before);
    let int = |n: u64| logis_domain::french::int(n);
    let audit_day = OffsetDateTime::from_unix_timestamp(limits.audit_before)
        .map(|t| logis_domain::french::date(logis_domain::french::paris_date(t)))
        .unwrap_or_default();
    vec![
        format!(
            "{} demandes sorties du registre avant le {day} : noms, coordonnées, revenu fiscal et loyer effacés",
            int(counts.applications)
        ),
        format!("{} dates de naissance réduites à l'année", int(counts.members)),
        format!("{} notes des partenaires supprimées", int(counts.notes)),
        format!(
            "{} étiquettes de priorité (et leurs justificatifs) supprimées",
            int(counts.labels)
        ),
        format!("{} suivis de travailleurs sociaux supprimés", int(counts.followups)),
        format!("{} événements d'historique supprimés", int(counts.events)),
        format!("{} lignes d'historique des scores supprimées", int(counts.score_history)),
        format!(
            "{} pièces justificatives déposées par les demandeurs supprimées",
            int(counts.documents)
        ),
        format!(
            "{} lignes du journal d'audit antérieures au {audit_day} supprimées",
            int(counts.audit_lines)
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::{date, datetime};

    #[test]
    fn months_are_calendar_months() {
        assert_eq!(months_before(date!(2026 - 12 - 04), 12), date!(2025 - 12 - 04));
        assert_eq!(months_before(date!(2026 - 03 - 31), 1), date!(2026 - 02 - 28));
        assert_eq!(months_before(date!(2024 - 03 - 31), 1), date!(2024 - 02 - 29));
        assert_eq!(months_before(date!(2026 - 01 - 15), 13), date!(2024 - 12 - 15));
    }

    #[test]
    fn the_limits_follow_the_settings() {
        let retention = Retention { closed_application_months: 12, audit_months: 6 };
        let limits = limits(&retention, datetime!(2026-12-04 10:00 UTC));
        assert_eq!(limits.closed_before, date!(2025 - 12 - 04));
        assert_eq!(limits.audit_before, datetime!(2026-06-04 00:00 UTC).unix_timestamp());
    }
}

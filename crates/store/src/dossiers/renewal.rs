//! The life of an application in time: valid one year from its registration or its last
//! renewal (R441-2-7), struck off (`motif_radiation = non_renouvellement`) when still not
//! renewed one month after that deadline — by the server's nightly work or `logis
//! radiations` —, each striking-off written in the application's history and the audit log;
//! the EPCI may reinstate it within a month (a late renewal).

use super::notes::{Event, write_event};
use crate::access::{self, audit};
use crate::statement::{Statement, Values, date, text};
use crate::tables::ColumnType::{Date, Text};
use crate::{Result, Store, StoreError};
use logis_domain::Date as Day;
use logis_domain::NumeroUnique;
use logis_domain::calendar::{latest_start, months_before};
use logis_domain::work::EventNature;

/// How long after its striking-off an application may be reinstated, in months.
pub const REINSTATEMENT_MONTHS: u32 = 1;
/// Months from registration or renewal to the striking-off: the year of validity, then one.
const MONTHS_TO_STRIKE: u32 = 13;
/// Audit lines written per transaction.
const AUDIT_BATCH: usize = 1_000;

pub use crate::access::audit::Actor;

/// The applications a run on `today` strikes off: active, and registered or last renewed on
/// or before `renewed_by` (thirteen whole months before `today`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unrenewed {
    pub renewed_by: Day,
    pub numeros: Vec<String>,
}

const CONDITION: &str = "statut = 'active' AND COALESCE(date_renouvellement, date_depot) <= $1";

/// The applications a run on `today` would strike off, in numéro order.
pub async fn unrenewed(store: &dyn Store, today: Day) -> Result<Unrenewed> {
    let renewed_by = latest_start(MONTHS_TO_STRIKE, today);
    let rows = store
        .fetch(
            &format!("SELECT numero_unique FROM demandes WHERE {CONDITION} ORDER BY numero_unique"),
            &[date(renewed_by)],
            &[Text],
        )
        .await?;
    let numeros = rows.into_iter().map(|row| Values::of(row).text()).collect::<Result<_>>()?;
    Ok(Unrenewed { renewed_by, numeros })
}

/// Strikes off, on `today`, every application not renewed one month after its deadline: its
/// status, reason and date, an event of its history and a line of the audit log each; the
/// evaluation's projections are rebuilt before their next use. What was struck off.
pub async fn strike_off(store: &dyn Store, today: Day, by: &Actor<'_>) -> Result<Unrenewed> {
    let found = unrenewed(store, today).await?;
    if found.numeros.is_empty() {
        return Ok(found);
    }
    let detail = format!(
        "Radiée le {} pour non-renouvellement : ni renouvelée ni mise à jour depuis le {} (validité d'un an, plus un mois)",
        logis_domain::french::date(today),
        logis_domain::french::date(found.renewed_by)
    );
    let on = date(found.renewed_by);
    store
        .execute(&[
            Statement::new(
                format!(
                    "INSERT INTO evenements (numero_unique, moment, auteur, nature, detail) \
                     SELECT numero_unique, $2, $3, $4, $5 FROM demandes WHERE {CONDITION}"
                ),
                vec![
                    on.clone(),
                    crate::statement::int(by.at),
                    text(by.login),
                    text(EventNature::StruckOff.code()),
                    text(&detail),
                ],
            ),
            Statement::new(
                format!(
                    "UPDATE demandes SET statut = 'radiee', motif_radiation = 'non_renouvellement', \
                     date_radiation = $2 WHERE {CONDITION}"
                ),
                vec![on, date(today)],
            ),
            Statement::new(crate::bilan::projection::MARK_STALE, vec![]),
        ])
        .await?;
    for batch in found.numeros.chunks(AUDIT_BATCH) {
        let mut write = access::AccessWrite::default();
        for numero in batch {
            let target = format!("{numero} : non-renouvellement");
            write = write.and(by.line(audit::AuditAction::StruckOff, target));
        }
        access::write(store, write).await?;
    }
    Ok(found)
}

/// Why an application cannot be reinstated.
#[derive(Debug, thiserror::Error)]
pub enum ReinstatementRefused {
    #[error("aucune demande n'a ce numéro")]
    Unknown,
    #[error("seule une demande radiée pour non-renouvellement peut être réinscrite")]
    NotStruckOffForRenewal,
    #[error("la radiation date de plus d'un mois : la demande doit être déposée de nouveau")]
    TooLate,
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Reinstates `numero`, struck off for non-renewal less than a month before `today`: active
/// again, renewed on `today` (a late renewal), with an event and an audit line.
pub async fn reinstate(
    store: &dyn Store,
    numero: &NumeroUnique,
    today: Day,
    by: &Actor<'_>,
) -> std::result::Result<(), ReinstatementRefused> {
    let rows = store
        .fetch(
            "SELECT statut, motif_radiation, date_radiation FROM demandes WHERE numero_unique = $1",
            &[text(numero)],
            &[Text, Text, Date],
        )
        .await?;
    let Some(row) = rows.into_iter().next() else { return Err(ReinstatementRefused::Unknown) };
    let mut v = Values::of(row);
    let (statut, motif, struck) = (v.text()?, v.optional_text()?, v.optional_date()?);
    if statut != "radiee" || motif.as_deref() != Some("non_renouvellement") {
        return Err(ReinstatementRefused::NotStruckOffForRenewal);
    }
    if struck.is_none_or(|d| d < months_before(today, REINSTATEMENT_MONTHS)) {
        return Err(ReinstatementRefused::TooLate);
    }
    let event = Event {
        numero_unique: numero.clone(),
        moment: by.at,
        auteur: by.login.to_owned(),
        nature: EventNature::Reinstated,
        detail: format!(
            "Réinscrite le {} après sa radiation pour non-renouvellement (renouvellement tardif)",
            logis_domain::french::date(today)
        ),
    };
    store
        .execute(&[
            Statement::new(
                "UPDATE demandes SET statut = 'active', motif_radiation = NULL, \
                 date_radiation = NULL, date_renouvellement = $2 WHERE numero_unique = $1",
                vec![text(numero), date(today)],
            ),
            write_event(&event),
            Statement::new(crate::bilan::projection::MARK_STALE, vec![]),
        ])
        .await?;
    access::write(store, by.line(audit::AuditAction::Reinstated, numero.to_string())).await?;
    Ok(())
}

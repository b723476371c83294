//! The 28-February bilan of a landlord and a year, prepared then sent: the landlord (or the
//! EPCI) edits the forecast of lettings set aside next year — by default the counts of the year
//! —, then marks the bilan as sent to the holders and the EPCI, after the year has ended. A
//! bilan sent is no longer edited; the dashboard stops reminding the landlord.

use crate::workflow::{Author, StepError};
use logis_domain::OrganismeId;
use logis_flux::set_aside::SetAsideCounts;
use logis_store::Store;
use logis_store::flux::{self, BilanSending};

/// The most lettings a forecast may count for one reason.
pub const MOST: u64 = 1_000_000;

/// The bilan of `landlord` for `year` as prepared so far, if it was.
pub async fn prepared(
    store: &dyn Store,
    landlord: &OrganismeId,
    year: i32,
) -> Result<Option<BilanSending>, StepError> {
    Ok(flux::sending(store, landlord, year).await?)
}

/// The forecast a prepared bilan holds.
pub fn forecast_of(sending: &BilanSending) -> SetAsideCounts {
    let count = |n: i64| u64::try_from(n).unwrap_or(0);
    SetAsideCounts {
        relogement_anru: count(sending.prevision_relogement_anru),
        mutation_interne: count(sending.prevision_mutation_interne),
    }
}

/// Records `forecast` as the forecast of set-aside lettings in the bilan of `landlord` for
/// `year`; refused once the bilan is sent.
pub async fn edit_forecast(
    store: &dyn Store,
    landlord: &OrganismeId,
    year: i32,
    forecast: SetAsideCounts,
    author: &Author,
) -> Result<BilanSending, StepError> {
    author.check_manages(landlord)?;
    check_year(year)?;
    let before = flux::sending(store, landlord, year).await?;
    refuse_if_sent(before.as_ref())?;
    if forecast.relogement_anru > MOST || forecast.mutation_interne > MOST {
        return Err(StepError::refused(format!(
            "une prévision compte au plus {MOST} logements par motif"
        )));
    }
    let sending = written(landlord, year, forecast, author, None);
    save_unless_sent(store, landlord, year, &sending).await
}

/// Marks the bilan of `landlord` for `year` as sent, with its forecast as prepared, else
/// `default_forecast` (the year's own counts); refused before the year has ended or when it
/// was already sent.
pub async fn send(
    store: &dyn Store,
    landlord: &OrganismeId,
    year: i32,
    default_forecast: SetAsideCounts,
    author: &Author,
) -> Result<BilanSending, StepError> {
    author.check_manages(landlord)?;
    check_year(year)?;
    let current = time::OffsetDateTime::from_unix_timestamp(author.moment)
        .map_or(i32::MAX, |moment| moment.year());
    if year >= current {
        return Err(StepError::refused(format!(
            "le bilan de {year} s'envoie une fois l'année terminée, avant le 28 février {}",
            year + 1
        )));
    }
    let before = flux::sending(store, landlord, year).await?;
    refuse_if_sent(before.as_ref())?;
    let forecast = before.as_ref().map_or(default_forecast, forecast_of);
    let sending = written(landlord, year, forecast, author, Some(author.moment));
    save_unless_sent(store, landlord, year, &sending).await
}

/// Saves `sending`, refused when the bilan was sent in the meantime (a send at the same moment).
async fn save_unless_sent(
    store: &dyn Store,
    landlord: &OrganismeId,
    year: i32,
    sending: &BilanSending,
) -> Result<BilanSending, StepError> {
    if store.execute(&[flux::save_sending(sending)]).await? == 0 {
        refuse_if_sent(flux::sending(store, landlord, year).await?.as_ref())?;
    }
    Ok(sending.clone())
}

fn check_year(year: i32) -> Result<(), StepError> {
    if super::conventions::YEARS.contains(&year) {
        Ok(())
    } else {
        Err(StepError::NotFound(format!("aucun bilan pour l'année {year}")))
    }
}

fn refuse_if_sent(sending: Option<&BilanSending>) -> Result<(), StepError> {
    match sending.and_then(|s| s.envoye_le) {
        Some(at) => Err(StepError::refused(format!(
            "ce bilan a été envoyé le {} : il n'est plus modifié",
            logis_domain::french::moment(at)
        ))),
        None => Ok(()),
    }
}

fn written(
    landlord: &OrganismeId,
    year: i32,
    forecast: SetAsideCounts,
    author: &Author,
    sent_at: Option<i64>,
) -> BilanSending {
    let count = |n: u64| i64::try_from(n).unwrap_or(i64::MAX);
    BilanSending {
        bailleur: landlord.clone(),
        annee: i64::from(year),
        prevision_relogement_anru: count(forecast.relogement_anru),
        prevision_mutation_interne: count(forecast.mutation_interne),
        modifie_par: author.login.clone(),
        modifie_le: author.moment,
        envoye_par: sent_at.map(|_| author.login.clone()),
        envoye_le: sent_at,
    }
}

/// `bilan` with the forecast its landlord prepared, when it did (else the year's counts, as
/// computed).
pub async fn with_prepared_forecast(
    store: &dyn Store,
    bilan: logis_flux::bilan::FluxBilan,
) -> Result<logis_flux::bilan::FluxBilan, StepError> {
    let landlord = OrganismeId::parse(&bilan.bailleur)
        .map_err(|_| StepError::NotFound(format!("aucun bailleur {}", bilan.bailleur)))?;
    Ok(match flux::sending(store, &landlord, bilan.annee).await? {
        Some(prepared) => bilan.with_forecast(forecast_of(&prepared)),
        None => bilan,
    })
}

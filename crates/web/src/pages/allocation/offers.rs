//! The steps on a vacancy's page: the offer to the next ranked candidate, the applicant's
//! answer, the lease, or the vacancy withdrawn. A refused step shows the vacancy's page again
//! with its reasons; every step is written in the audit log.

use super::vacancies::page;
use super::{author_of, step_refusal, typed_date};
use crate::audit;
use crate::guard::{Origin, Principal};
use crate::render::{self, Refusal};
use crate::state::AppState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Extension, Form};
use logis_allocation::workflow::StepError;
use logis_allocation::workflow::offers::{Answer, answer, offer_next, sign_lease};
use logis_allocation::workflow::vacancy::withdraw;
use logis_domain::allocation::{OfferAnswer, OfferId, VacancyId};
use serde::Deserialize;

/// A refused step: the page again with its reasons (422), or the refusal itself.
async fn refused(
    state: &AppState,
    principal: &Principal,
    origin: &Origin,
    ligne: VacancyId,
    error: StepError,
) -> Result<Response, Refusal> {
    match error {
        StepError::Refused(reasons) => {
            let view = page(state, principal, origin, ligne, None, reasons).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render::page(&view)).into_response())
        }
        other => Err(step_refusal(other)),
    }
}

async fn after_step(
    state: &AppState,
    principal: &Principal,
    origin: &Origin,
    ligne: VacancyId,
    what: &str,
    done: &str,
) -> Result<Response, Refusal> {
    audit::by(
        state,
        principal,
        origin,
        audit::Action::Modification,
        &format!("vacance {ligne} : {what}"),
    )
    .await?;
    Ok(Redirect::to(&format!("/vacances/{ligne}?fait={done}")).into_response())
}

pub async fn make_offer(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
    Extension(origin): Extension<Origin>,
    Path(ligne): Path<VacancyId>,
) -> Result<Response, Refusal> {
    let today = state.clock.today();
    match offer_next(&*state.store, ligne, today, &author_of(&principal, &*state.clock)).await {
        Ok(offer) => {
            after_step(
                &state,
                &principal,
                &origin,
                ligne,
                &format!("proposition à {}", offer.numero_unique),
                "proposition",
            )
            .await
        }
        Err(e) => refused(&state, &principal, &origin, ligne, e).await,
    }
}

/// The answer form.
#[derive(Debug, Default, Deserialize)]
pub struct AnswerForm {
    #[serde(default)]
    pub reponse: String,
    #[serde(default)]
    pub motif_refus: String,
    #[serde(default)]
    pub refus_legitime: String,
    #[serde(default)]
    pub date: String,
}

impl AnswerForm {
    pub fn answer(&self) -> Answer {
        Answer {
            reponse: OfferAnswer::from_code(self.reponse.trim()),
            motif_refus: self.motif_refus.clone(),
            refus_legitime: match self.refus_legitime.as_str() {
                "oui" => Some(true),
                "non" => Some(false),
                _ => None,
            },
            on: typed_date(&self.date),
        }
    }
}

pub async fn record_answer(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
    Extension(origin): Extension<Origin>,
    Path((ligne, offre)): Path<(VacancyId, OfferId)>,
    Form(form): Form<AnswerForm>,
) -> Result<Response, Refusal> {
    match answer(&*state.store, ligne, offre, &form.answer(), &author_of(&principal, &*state.clock))
        .await
    {
        Ok(()) => {
            state.rescorer.request(state.store.clone(), state.clock.clone());
            after_step(&state, &principal, &origin, ligne, "réponse à la proposition", "reponse")
                .await
        }
        Err(e) => refused(&state, &principal, &origin, ligne, e).await,
    }
}

/// The lease form.
#[derive(Debug, Default, Deserialize)]
pub struct LeaseForm {
    #[serde(default)]
    pub date_bail: String,
    #[serde(default)]
    pub relogement_anru: Option<String>,
}

pub async fn record_lease(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
    Extension(origin): Extension<Origin>,
    Path((ligne, offre)): Path<(VacancyId, OfferId)>,
    Form(form): Form<LeaseForm>,
) -> Result<Response, Refusal> {
    let Some(date_bail) = typed_date(&form.date_bail) else {
        let error = StepError::refused("indiquez la date de signature du bail");
        return refused(&state, &principal, &origin, ligne, error).await;
    };
    let anru = form.relogement_anru.is_some();
    match sign_lease(
        &*state.store,
        ligne,
        offre,
        date_bail,
        anru,
        &author_of(&principal, &*state.clock),
    )
    .await
    {
        Ok(attribution) => {
            state.rescorer.request(state.store.clone(), state.clock.clone());
            state.data_changed();
            let what = format!("bail signé, {} attribuée", attribution.numero_unique.as_str());
            after_step(&state, &principal, &origin, ligne, &what, "bail").await
        }
        Err(e) => refused(&state, &principal, &origin, ligne, e).await,
    }
}

/// The withdrawal form.
#[derive(Debug, Default, Deserialize)]
pub struct WithdrawalForm {
    #[serde(default)]
    pub motif: String,
}

pub async fn withdraw_vacancy(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
    Extension(origin): Extension<Origin>,
    Path(ligne): Path<VacancyId>,
    Form(form): Form<WithdrawalForm>,
) -> Result<Response, Refusal> {
    let author = author_of(&principal, &*state.clock);
    match withdraw(&*state.store, ligne, &form.motif, &author).await {
        Ok(()) => {
            after_step(&state, &principal, &origin, ligne, "vacance retirée", "retrait").await
        }
        Err(e) => refused(&state, &principal, &origin, ligne, e).await,
    }
}

/// The landlord takes back a dwelling whose holder presented no candidate within the delay
/// (flux management, « remise à disposition »).
pub async fn return_to_landlord(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
    Extension(origin): Extension<Origin>,
    Path(ligne): Path<VacancyId>,
) -> Result<Response, Refusal> {
    let author = author_of(&principal, &*state.clock);
    let (settings, _) = logis_evaluation::stored_settings(&*state.store).await?;
    let months = settings.flux_return_months;
    match logis_allocation::workflow::vacancy::return_to_landlord(
        &*state.store,
        ligne,
        months,
        &author,
    )
    .await
    {
        Ok(()) => {
            after_step(&state, &principal, &origin, ligne, "remise au bailleur", "remise").await
        }
        Err(e) => refused(&state, &principal, &origin, ligne, e).await,
    }
}

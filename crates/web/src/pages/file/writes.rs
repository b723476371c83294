//! What partners write on a file from its page: a note (`logis_casework`, as the API),
//! the link of a social worker to a household that consented (reception desks, the EPCI), and
//! the reinstatement of an application struck off for non-renewal less than a month ago (the
//! EPCI: active again, renewed today). Each is in the timeline or the file, and in the audit
//! log.

use crate::guard::{Origin, Principal};
use crate::partners_work::{self as work, NoteForm};
use crate::render::Refusal;
use crate::state::AppState;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Extension, Form};
use logis_casework::{follow_ups, notes};
use serde::Deserialize;

pub async fn add_note(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
    Extension(origin): Extension<Origin>,
    Path(numero): Path<String>,
    Form(form): Form<NoteForm>,
) -> Result<Response, Refusal> {
    let worker = work::worker(&state, &principal, &origin);
    notes::write(&*state.store, &worker, &numero, &form.texte).await?;
    Ok(Redirect::to(&format!("/demandes/{numero}?fait=note#t-notes")).into_response())
}

#[derive(Deserialize)]
pub struct FollowForm {
    #[serde(default)]
    login: String,
    #[serde(default)]
    consentement: String,
}

pub async fn add_follow_up(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
    Extension(origin): Extension<Origin>,
    Path(numero): Path<String>,
    Form(form): Form<FollowForm>,
) -> Result<Response, Refusal> {
    let consent = crate::steps::typed_date(&form.consentement);
    let worker = work::worker(&state, &principal, &origin);
    let today = state.clock.today();
    follow_ups::follow(&*state.store, &worker, &numero, &form.login, consent, today).await?;
    Ok(Redirect::to(&format!("/demandes/{numero}?fait=suivi")).into_response())
}

/// Reinstates an application struck off for non-renewal less than a month ago (the EPCI):
/// active again, renewed today; in its history and the audit log.
pub async fn reinstate(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
    Extension(origin): Extension<Origin>,
    Path(numero): Path<String>,
) -> Result<Response, Refusal> {
    use logis_store::dossiers::renewal::{self, Actor, ReinstatementRefused};
    let now = state.clock.now();
    let by = Actor { login: &principal.login, origin: &origin.0, at: now.unix_timestamp() };
    let typed = crate::dossier::numero(&numero)?;
    match renewal::reinstate(&*state.store, &typed, logis_domain::french::paris_date(now), &by)
        .await
    {
        Ok(()) => {
            state.data_changed();
            state.rescorer.request(state.store.clone(), state.clock.clone());
            Ok(Redirect::to(&format!("/demandes/{numero}?fait=reinscription")).into_response())
        }
        Err(ReinstatementRefused::Unknown) => Err(Refusal::NotFound),
        Err(ReinstatementRefused::Store(e)) => Err(e.into()),
        Err(refused) => {
            Err(Refusal::BadRequest(format!("La demande n'est pas réinscrite : {refused}.")))
        }
    }
}

//! What partners write on a file from its page: a note (`crate::partners_work`, as the API),
//! the link of a social worker to a household that consented (reception desks, the EPCI), and
//! the reinstatement of an application struck off for non-renewal less than a month ago (the
//! EPCI: active again, renewed today). Each is in the timeline or the file, and in the audit
//! log.

use crate::audit;
use crate::dossier;
use crate::guard::{Origin, Principal};
use crate::partners_work::{NoteForm, write_note};
use crate::render::Refusal;
use crate::state::AppState;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Extension, Form};
use logis_access::Role;
use logis_domain::work::EventNature;
use logis_store::dossiers::followups::{self, FollowUp};
use logis_store::dossiers::notes::{self, Event};
use serde::Deserialize;

pub async fn add_note(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
    Extension(origin): Extension<Origin>,
    Path(numero): Path<String>,
    Form(form): Form<NoteForm>,
) -> Result<Response, Refusal> {
    write_note(&state, &principal, &origin, &numero, &form).await?;
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
    dossier::application(&state, &numero).await?;
    let login = form.login.trim();
    let worker = logis_store::access::accounts::find(&*state.store, login).await?;
    if worker.as_ref().map(|a| a.role) != Some(Role::TravailleurSocial) {
        return Err(Refusal::BadRequest(format!(
            "« {login} » n'est pas le compte d'un travailleur social. Vérifiez l'identifiant auprès de l'administrateur."
        )));
    }
    let format = time::macros::format_description!("[year]-[month]-[day]");
    let Ok(consent) = time::Date::parse(form.consentement.trim(), &format) else {
        return Err(Refusal::BadRequest(
            "Indiquez la date à laquelle le ménage a donné son accord au suivi.".to_owned(),
        ));
    };
    let now = state.clock.now();
    if consent > now.date() {
        return Err(Refusal::BadRequest(
            "La date de consentement ne peut pas être dans le futur.".to_owned(),
        ));
    }
    let link = FollowUp {
        numero_unique: numero.clone(),
        login: login.to_owned(),
        consentement_le: consent,
        cree_par: principal.login.clone(),
        cree_le: now.unix_timestamp(),
    };
    let event = Event {
        numero_unique: numero.clone(),
        moment: now.unix_timestamp(),
        auteur: principal.login.clone(),
        nature: EventNature::FollowUp,
        detail: format!("Suivi social confié à {login}, avec le consentement du ménage"),
    };
    state.store.execute(&[followups::create(&link), notes::write_event(&event)]).await?;
    audit::by(
        &state,
        &principal,
        &origin,
        audit::MODIFICATION,
        &format!("{numero} : suivi social"),
    )
    .await?;
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
    match renewal::reinstate(&*state.store, &numero, now.date(), &by).await {
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

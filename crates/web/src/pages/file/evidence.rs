//! The applicant's evidence documents on their file, for partners: each downloaded within the
//! reader's reach (and in the audit log), validated by a reception desk or the EPCI — its piece
//! then verified, the cotation recomputed — or refused with a reason the applicant reads.

use crate::audit::{self, Action};
use crate::dossier;
use crate::evidence;
use crate::guard::{Origin, Principal, may_reach};
use crate::partners_work as work;
use crate::render::Refusal;
use crate::state::AppState;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Extension, Form};
use logis_applicants::documents::{self, DocumentId};
use logis_domain::NumeroUnique;
use serde::Deserialize;

/// The application and the document an address names, once the reader's reach is checked.
async fn named(
    state: &AppState,
    principal: &Principal,
    numero: &str,
    id: &str,
) -> Result<(NumeroUnique, DocumentId), Refusal> {
    let numero = dossier::numero(numero)?;
    may_reach(state, principal, numero.as_str()).await?;
    let id = DocumentId::new(id.parse::<i64>().map_err(|_| Refusal::NotFound)?);
    Ok((numero, id))
}

pub async fn download(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
    Extension(origin): Extension<Origin>,
    Path((numero, id)): Path<(String, String)>,
) -> Result<Response, Refusal> {
    let (numero, id) = named(&state, &principal, &numero, &id).await?;
    let content = documents::content(&*state.store, &numero, id)
        .await
        .map_err(evidence::refusal)?
        .ok_or(Refusal::NotFound)?;
    let what = format!("{} (pièce n° {id})", numero.as_str());
    audit::by(&state, &principal, &origin, Action::DocumentViewed, &what).await?;
    Ok(evidence::download(content))
}

pub async fn validate(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
    Extension(origin): Extension<Origin>,
    Path((numero, id)): Path<(String, String)>,
) -> Result<Response, Refusal> {
    let (numero, id) = named(&state, &principal, &numero, &id).await?;
    let now = state.clock.unix();
    let validation = documents::validate(&*state.store, id, &numero, &principal.login, now)
        .await
        .map_err(evidence::refusal)?;
    let what =
        format!("{} (pièce n° {id} : {})", numero.as_str(), validation.document.piece.label());
    audit::by(&state, &principal, &origin, Action::DocumentValidated, &what).await?;
    if validation.newly_verified {
        work::rescore(&state).await;
    }
    let back = format!("/demandes/{}?fait=piece_validee#t-pieces", numero.as_str());
    Ok(Redirect::to(&back).into_response())
}

#[derive(Deserialize)]
pub struct RefusalForm {
    #[serde(default)]
    motif: String,
}

pub async fn refuse(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
    Extension(origin): Extension<Origin>,
    Path((numero, id)): Path<(String, String)>,
    Form(form): Form<RefusalForm>,
) -> Result<Response, Refusal> {
    let (numero, id) = named(&state, &principal, &numero, &id).await?;
    let now = state.clock.unix();
    let store = &*state.store;
    let refused = documents::refuse(store, id, &numero, &principal.login, &form.motif, now)
        .await
        .map_err(evidence::refusal)?;
    let what = format!("{} (pièce n° {id} : {})", numero.as_str(), refused.piece.label());
    audit::by(&state, &principal, &origin, Action::DocumentRejected, &what).await?;
    let back = format!("/demandes/{}?fait=piece_refusee#t-pieces", numero.as_str());
    Ok(Redirect::to(&back).into_response())
}

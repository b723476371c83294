//! What partners' software writes through the API, under the pages' rules: a priority label
//! (recognised or proposed, by the token's role) and a note, on an application the token's
//! account reaches; JSON bodies, `201 Created` with what was recorded, problem documents
//! otherwise (422 with every French reason when the data break a rule). The bodies' doc
//! comments are the API's descriptions, in French (the OpenAPI document).

use super::model::{Label, NoteView};
use super::openapi;
use crate::guard::{Origin, Principal};
use crate::partners_work::{self as work};
use crate::render::{Problem, Refusal};
use crate::state::AppState;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::{Extension, Json};
use logis_casework::labels::AskedLabel;
use logis_casework::{CaseworkError, labels, notes};
use serde::Deserialize;
use utoipa::ToSchema;

/// The API's refusal of the partners' work: what was sent is unprocessable (422), not a bad
/// request.
fn refusal(e: CaseworkError) -> Refusal {
    match e {
        CaseworkError::Invalid(errors) => Refusal::Invalid(errors.join(" ")),
        other => other.into(),
    }
}

pub(super) fn body<T>(sent: Result<Json<T>, JsonRejection>) -> Result<T, Problem> {
    sent.map(|Json(value)| value).map_err(|e| {
        Refusal::BadRequest(format!(
            "Le corps de la requête doit être un document JSON de la forme décrite par /api/openapi.json ({}).",
            e.body_text()
        ))
        .into()
    })
}

/// A priority label (the page's form, as JSON).
#[derive(Debug, Default, Deserialize, ToSchema)]
#[schema(as = NouvelleEtiquette, description = "Une étiquette de priorité à poser sur la demande")]
pub struct LabelBody {
    /// Un code de criteres_prioritaires (format d'échange v1) ou dalo
    #[serde(default)]
    #[schema(required)]
    pub critere: String,
    /// La pièce, la décision ou le rapport vu, avec sa date
    #[serde(default)]
    #[schema(required, min_length = 5, max_length = 1000)]
    pub justificatif: String,
}

/// A note (the page's form, as JSON).
#[derive(Debug, Default, Deserialize, ToSchema)]
#[schema(as = NouvelleNote, description = "Une note pour les partenaires")]
pub struct NoteBody {
    #[serde(default)]
    #[schema(required, min_length = 1, max_length = 2000)]
    pub texte: String,
}

#[utoipa::path(
    post,
    path = "/api/demandes/{numero}/etiquettes",
    operation_id = "etiqueter",
    tag = "Demandes",
    summary = "Étiqueter un ménage prioritaire : critère et justificatif (reconnue pour un bailleur, un réservataire ou l'EPCI ; proposée pour un travailleur social)",
    params(("numero" = String, Path, description = "Numéro unique")),
    request_body = LabelBody,
    responses(
        (status = 201, description = "L'étiquette enregistrée", body = Label),
        openapi::WriteRefusals,
    ),
)]
pub async fn add_label(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
    Extension(origin): Extension<Origin>,
    Path(numero): Path<String>,
    sent: Result<Json<LabelBody>, JsonRejection>,
) -> Result<(StatusCode, Json<Label>), Problem> {
    let sent = body(sent)?;
    let asked = AskedLabel { critere: &sent.critere, justificatif: &sent.justificatif };
    let worker = work::worker(&state, &principal, &origin);
    let label = labels::record(&*state.store, &worker, &numero, asked).await.map_err(refusal)?;
    if label.statut == logis_domain::work::LabelStatus::Recognised {
        work::rescore(&state).await;
    }
    Ok((StatusCode::CREATED, Json(Label::from(&label))))
}

#[utoipa::path(
    post,
    path = "/api/demandes/{numero}/notes",
    operation_id = "ecrire_note",
    tag = "Demandes",
    summary = "Écrire une note pour les partenaires sur une demande",
    params(("numero" = String, Path, description = "Numéro unique")),
    request_body = NoteBody,
    responses(
        (status = 201, description = "La note enregistrée", body = NoteView),
        openapi::WriteRefusals,
    ),
)]
pub async fn add_note(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
    Extension(origin): Extension<Origin>,
    Path(numero): Path<String>,
    sent: Result<Json<NoteBody>, JsonRejection>,
) -> Result<(StatusCode, Json<NoteView>), Problem> {
    let texte = body(sent)?.texte;
    let worker = work::worker(&state, &principal, &origin);
    let note = notes::write(&*state.store, &worker, &numero, &texte).await.map_err(refusal)?;
    Ok((StatusCode::CREATED, Json(NoteView::from(&note))))
}

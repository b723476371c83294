//! What partners' software writes through the API, under the pages' rules: a priority label
//! (recognised or proposed, by the token's role) and a note, on an application the token's
//! account reaches; JSON bodies, `201 Created` with what was recorded, problem documents
//! otherwise (422 with every French reason when the data break a rule).

use super::model::{Label, NoteView};
use crate::guard::{Origin, Principal, may_reach};
use crate::pages::file::writes::{NoteForm, write_note};
use crate::pages::labelling::{self, LabelForm};
use crate::render::{Problem, Refusal};
use crate::state::AppState;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::{Extension, Json};

pub(super) fn body<T>(sent: Result<Json<T>, JsonRejection>) -> Result<T, Problem> {
    sent.map(|Json(value)| value).map_err(|e| {
        Refusal::BadRequest(format!(
            "Le corps de la requête doit être un document JSON de la forme décrite par /api/openapi.json ({}).",
            e.body_text()
        ))
        .into()
    })
}

pub async fn add_label(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
    Extension(origin): Extension<Origin>,
    Path(numero): Path<String>,
    sent: Result<Json<LabelForm>, JsonRejection>,
) -> Result<(StatusCode, Json<Label>), Problem> {
    let form = body(sent)?;
    may_reach(&state, &principal, &numero).await?;
    crate::dossier::application(&state, &numero).await?;
    let errors = labelling::check(&form);
    if !errors.is_empty() {
        return Err(Refusal::Invalid(errors.join(" ")).into());
    }
    let label = labelling::record(&state, &principal, &origin, &numero, &form).await?;
    Ok((StatusCode::CREATED, Json(Label::from(&label))))
}

pub async fn add_note(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
    Extension(origin): Extension<Origin>,
    Path(numero): Path<String>,
    sent: Result<Json<NoteForm>, JsonRejection>,
) -> Result<(StatusCode, Json<NoteView>), Problem> {
    let form = body(sent)?;
    let note =
        write_note(&state, &principal, &origin, &numero, &form).await.map_err(|r| match r {
            Refusal::BadRequest(why) => Refusal::Invalid(why),
            other => other,
        })?;
    Ok((StatusCode::CREATED, Json(NoteView::from(&note))))
}

//! An applicant's data, whole, on request (the right of access): everything Logis holds about
//! the application, as JSON and as a PDF, for the administrateur who answers the request
//! (`logis_privacy::applicant`). Each download is in the audit log.

use crate::audit;
use crate::guard::{Origin, Principal};
use crate::render::{self, Refusal};
use crate::state::AppState;
use axum::Extension;
use axum::extract::{Path, State};
use axum::response::Response;
use logis_privacy::applicant::{self, ApplicantData};

async fn gathered(
    state: &AppState,
    principal: &Principal,
    origin: &Origin,
    numero: &str,
    format: &str,
) -> Result<ApplicantData, Refusal> {
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    let data = applicant::gather(&*state.store, numero, now).await?.ok_or(Refusal::NotFound)?;
    let what = format!("données de la demande {numero} (droit d'accès), {format}");
    audit::by(state, principal, origin, audit::EXPORT, &what).await?;
    Ok(data)
}

pub async fn json(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
    Extension(origin): Extension<Origin>,
    Path(numero): Path<String>,
) -> Result<Response, Refusal> {
    let data = gathered(&state, &principal, &origin, &numero, "JSON").await?;
    let name = format!("donnees-demande-{numero}.json");
    Ok(render::download(data.to_json().into_bytes(), "application/json", &name))
}

pub async fn pdf(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
    Extension(origin): Extension<Origin>,
    Path(numero): Path<String>,
) -> Result<Response, Refusal> {
    let data = gathered(&state, &principal, &origin, &numero, "PDF").await?;
    let document = data.document(&state.territoire);
    let bytes = tokio::task::spawn_blocking(move || logis_report::to_pdf(&document))
        .await
        .map_err(|e| Refusal::Store(format!("mise en page interrompue : {e}")))?
        .map_err(|e| Refusal::Store(format!("PDF : {e}")))?;
    Ok(render::download(bytes, "application/pdf", &format!("donnees-demande-{numero}.pdf")))
}

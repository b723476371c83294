//! The JSON API for partners' software, over the same resources as the pages and under the same
//! rules: a bearer token issued by the administrateur carries the rights of one account (the
//! guard checks it like a session), every file read and every list of personal data is in the
//! audit log, errors are RFC 9457 problem documents. Described by `api/openapi.json`, served
//! at `/api/openapi.json`.

pub mod allocation;
mod allocation_model;
pub mod allocation_writes;
pub mod imports;
mod model;
mod writes;

pub use writes::{add_label, add_note};

use crate::audit;
use crate::dossier;
use crate::guard::{Origin, Principal};
use crate::pages::applications::COUNT_CAP;
use crate::pages::applications::query::ListQuery;
use crate::render::{Problem, Refusal};
use crate::state::AppState;
use axum::Extension;
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use logis_store::dossiers::search::search;
use logis_store::dossiers::{labels, notes};
use model::{ApplicationFile, ApplicationList, Statistics};
use serde::Deserialize;

/// The OpenAPI document of the API.
pub const OPENAPI: &str = include_str!("../../api/openapi.json");

/// The most lines of one page of the list.
pub const MAX_PAGE_SIZE: u32 = 500;

pub async fn openapi() -> Response {
    ([(header::CONTENT_TYPE, "application/json")], OPENAPI).into_response()
}

/// The list's query plus the page size.
#[derive(Deserialize)]
pub struct ApiListQuery {
    #[serde(flatten)]
    list: ListQuery,
    #[serde(default)]
    taille: String,
}

pub async fn applications(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
    Extension(origin): Extension<Origin>,
    Query(query): Query<ApiListQuery>,
) -> Result<Json<ApplicationList>, Problem> {
    let (filter, problems) =
        query.list.filter(&principal, &state.communes, time::OffsetDateTime::now_utc().date());
    if let Some(problem) = problems.into_iter().next() {
        return Err(Refusal::BadRequest(problem).into());
    }
    let size = match query.taille.trim() {
        "" => 50,
        text => text.parse::<u32>().map_err(|_| {
            Refusal::BadRequest(format!(
                "taille « {text} » : un nombre de lignes de 1 à {MAX_PAGE_SIZE} est attendu"
            ))
        })?,
    }
    .clamp(1, MAX_PAGE_SIZE);
    let page = query.list.page();
    let found = search(&*state.store, &filter, query.list.sort(), page, size, COUNT_CAP).await?;
    let what = format!(
        "API : liste des demandes, page {}, {}, {} lignes",
        page + 1,
        crate::pages::applications::query::described(&filter),
        found.lines.len()
    );
    audit::by(&state, &principal, &origin, audit::EXPORT, &what).await?;
    Ok(Json(ApplicationList::new(found, page + 1, size)))
}

pub async fn application(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
    Extension(origin): Extension<Origin>,
    Path(numero): Path<String>,
) -> Result<Json<ApplicationFile>, Problem> {
    let audited_as = format!("API : {numero}");
    let (cotation, members) =
        dossier::open(&state, &principal, &origin, &numero, &audited_as).await?;
    let store = &*state.store;
    let labels = labels::of_application(store, &numero).await?;
    let notes = notes::notes_of(store, &numero).await?;
    Ok(Json(ApplicationFile::new(&cotation, &members, &labels, &notes)))
}

pub async fn statistics(State(state): State<AppState>) -> Result<Json<Statistics>, Problem> {
    Ok(Json(Statistics::from(state.overview.get(&*state.store).await?)))
}

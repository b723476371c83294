//! The JSON API for partners' software, over the same resources as the pages and under the same
//! rules: a bearer token issued by the administrateur carries the rights of one account (the
//! guard checks it like a session), every file read and every list of personal data is in the
//! audit log, errors are RFC 9457 problem documents. Described by the OpenAPI document that
//! [`openapi`] generates from the handlers and the JSON types, served at `/api/openapi.json`.

pub mod allocation;
mod allocation_model;
pub mod allocation_writes;
pub mod flux;
pub mod imports;
mod model;
pub mod openapi;
mod writes;

pub use writes::{add_label, add_note};

use crate::audit;
use crate::dossier;
use crate::guard::{Origin, Principal};
use crate::list_query::{COUNT_CAP, ListQuery};
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

/// The most lines of one page of the list.
pub const MAX_PAGE_SIZE: u32 = 500;

#[utoipa::path(
    get,
    path = "/api/openapi.json",
    operation_id = "document_openapi",
    tag = "Documentation",
    summary = "Ce document",
    security(()),
    responses((status = 200, description = "Le document OpenAPI de l'API", content_type = "application/json")),
)]
pub async fn openapi() -> Response {
    ([(header::CONTENT_TYPE, "application/json")], openapi::json()).into_response()
}

/// The list's query plus the page size.
#[derive(Deserialize)]
pub struct ApiListQuery {
    #[serde(flatten)]
    list: ListQuery,
    #[serde(default)]
    taille: String,
}

#[utoipa::path(
    get,
    path = "/api/demandes",
    operation_id = "liste_demandes",
    tag = "Demandes",
    summary = "Liste des demandes, filtrée et triée comme la page Demandes",
    params(
        ("numero" = Option<String>, Query, description = "Début du numéro unique"),
        ("nom" = Option<String>, Query, description = "Fragment du nom ou du prénom du demandeur"),
        ("commune" = Option<String>, Query, description = "Commune de résidence ou souhaitée (code INSEE ou nom)"),
        ("typologie" = Option<String>, Query, description = "Typologie souhaitée (T1 à T6)"),
        ("situation" = Option<String>, Query, description = "Code de situation de logement (format d'échange v1)"),
        ("prioritaire" = inline(Option<openapi::YesNo>), Query),
        ("score_min" = Option<i64>, Query),
        ("score_max" = Option<i64>, Query),
        ("statut" = Option<String>, Query, description = "active (par défaut), attribuee, radiee ou toutes"),
        ("renouveler" = Option<String>, Query, description = "1 : seulement les demandes à renouveler dans le mois, ou en retard"),
        ("tri" = inline(Option<openapi::ListOrder>), Query),
        ("page" = Option<u32>, Query, description = "À partir de 1", minimum = 1),
        ("taille" = Option<u32>, Query, description = "Lignes par page (50 par défaut, 500 au plus)", minimum = 1, maximum = 500),
    ),
    responses(
        (status = 200, description = "Une page de la liste", body = ApplicationList),
        (status = 400, response = openapi::BadRequest),
        (status = 401, response = openapi::Unauthenticated),
        (status = 403, response = openapi::Forbidden),
    ),
)]
pub async fn applications(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
    Extension(origin): Extension<Origin>,
    Query(query): Query<ApiListQuery>,
) -> Result<Json<ApplicationList>, Problem> {
    let (filter, problems) = query.list.filter(&principal, &state.communes, state.clock.today());
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
        crate::list_query::described(&filter),
        found.lines.len()
    );
    audit::by(&state, &principal, &origin, audit::Action::Export, &what).await?;
    Ok(Json(ApplicationList::new(found, page + 1, size)))
}

#[utoipa::path(
    get,
    path = "/api/demandes/{numero}",
    operation_id = "dossier",
    tag = "Demandes",
    summary = "Le dossier d'une demande : ménage, cotation détaillée, étiquettes de priorité, notes",
    params(("numero" = String, Path, description = "Numéro unique")),
    responses(
        (status = 200, description = "Le dossier", body = ApplicationFile),
        openapi::ReadRefusals,
    ),
)]
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

#[utoipa::path(
    get,
    path = "/api/statistiques",
    operation_id = "statistiques",
    tag = "Chiffres",
    summary = "Chiffres clés du territoire (tous les rôles, sans donnée personnelle)",
    responses(
        (status = 200, description = "Chiffres du jour", body = Statistics),
        (status = 401, response = openapi::Unauthenticated),
    ),
)]
pub async fn statistics(State(state): State<AppState>) -> Result<Json<Statistics>, Problem> {
    Ok(Json(Statistics::from(state.overview.get(&*state.store, state.clock.today()).await?)))
}

//! Allocation read through the API, within the account's perimeter as on the pages
//! (`logis_access::Perimeter`): the vacancies an account follows, a vacancy's ranked candidates
//! and « pourquoi pas ? », the objectives followed live (the writes are in `allocation_writes`).

use super::allocation_model::{
    CandidateView, CandidatesView, DwellingView, ProgressView, VacancyView, WhyNotView,
};
use super::openapi;
use crate::audit;
use crate::examination;
use crate::guard::{Origin, Principal};
use crate::render::{Problem, Refusal};
use crate::state::AppState;
use axum::extract::{Path, Query, State};
use axum::{Extension, Json};
use logis_allocation::stored::{candidates as ranked_candidates, why_not as examine_one};
use logis_allocation::workflow::StepError;
use logis_allocation::workflow::vacancy::with_dwelling;
use logis_domain::allocation::{VacancyId, VacancyStatus};
use logis_store::allocation::vacancies::{self, VacancyFilter};
use serde::Deserialize;
use utoipa::IntoParams;

/// A step's refusal as a problem document.
pub(super) fn problem(error: StepError) -> Problem {
    crate::steps::step_refusal(error).into()
}

/// The query of the vacancies' list (its doc comments are the API's descriptions, in French).
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct VacanciesQuery {
    /// Présent : y compris les vacances louées ou retirées
    #[serde(default)]
    pub toutes: Option<String>,
}

#[utoipa::path(
    get,
    path = "/api/vacances",
    operation_id = "vacances",
    tag = "Attribution",
    summary = "Logements vacants suivis par le compte (bailleur : les siens ; réservataire : ceux qui lui sont orientés ; EPCI : tous)",
    params(VacanciesQuery),
    responses(
        (status = 200, description = "Les vacances, les plus récentes d'abord", body = Vec<VacancyView>),
        (status = 401, response = openapi::Unauthenticated),
        (status = 403, response = openapi::Forbidden),
    ),
)]
pub async fn vacancies(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
    Query(query): Query<VacanciesQuery>,
) -> Result<Json<Vec<VacancyView>>, Problem> {
    let scope = principal.perimeter();
    let open = query.toutes.is_none().then_some(VacancyStatus::Open);
    let filter = VacancyFilter { statut: open, ..VacancyFilter::within(&scope) };
    let found = vacancies::list(&*state.store, &filter).await?;
    // A dwelling returned to its landlord is no longer its holder's to follow.
    let followed = found.iter().filter(|v| scope.follows(&v.bailleur, v.candidates_holder()));
    Ok(Json(followed.map(VacancyView::from).collect()))
}

/// The query of a vacancy's candidates (its doc comments are the API's descriptions, in French).
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CandidatesQuery {
    /// Candidats voulus, de 1 à 100 (10 par défaut)
    #[serde(default)]
    #[param(minimum = 1, maximum = 100)]
    pub nombre: Option<usize>,
}

#[utoipa::path(
    get,
    path = "/api/vacances/{vacance}",
    operation_id = "candidats",
    tag = "Attribution",
    summary = "Un logement vacant et ses candidats classés par score puis ancienneté, avec pourquoi ils conviennent, leur taux d'effort et reste à vivre, et les objectifs qu'ils servent (consultation journalisée)",
    params(("vacance" = i64, Path, description = "Numéro de la vacance"), CandidatesQuery),
    responses(
        (status = 200, description = "Les premiers candidats", body = CandidatesView),
        openapi::ReadRefusals,
    ),
)]
pub async fn candidates(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
    Extension(origin): Extension<Origin>,
    Path(ligne): Path<VacancyId>,
    Query(query): Query<CandidatesQuery>,
) -> Result<Json<CandidatesView>, Problem> {
    let store = &*state.store;
    let (vacancy, dwelling) = with_dwelling(store, ligne).await.map_err(problem)?;
    crate::steps::allowed(
        principal.perimeter().follows(&vacancy.bailleur, vacancy.candidates_holder()),
    )?;
    let exam = examination::of(&state, &vacancy, &dwelling).await?;
    let wanted = query.nombre.unwrap_or(10).clamp(1, 100);
    let found = ranked_candidates(store, &dwelling, &exam.context(), wanted).await?;
    audit::by(
        &state,
        &principal,
        &origin,
        audit::Action::Export,
        &format!("API : vacance {ligne} : candidats"),
    )
    .await?;
    Ok(Json(CandidatesView {
        vacance: VacancyView::from(&vacancy),
        logement: DwellingView::from(&dwelling),
        demandes_examinables: found.pool,
        complet: found.complete,
        candidats: found
            .candidates
            .iter()
            .map(|c| CandidateView::of(c, &dwelling, &exam))
            .collect(),
    }))
}

#[utoipa::path(
    get,
    path = "/api/vacances/{vacance}/pourquoi-pas/{numero}",
    operation_id = "pourquoi_pas",
    tag = "Attribution",
    summary = "« Pourquoi pas ? » : les règles qui écartent une demande de ce logement, ou pourquoi elle convient",
    params(
        ("vacance" = i64, Path, description = "Numéro de la vacance"),
        ("numero" = String, Path, description = "Numéro unique"),
    ),
    responses(
        (status = 200, description = "L'examen de la demande", body = WhyNotView),
        openapi::ReadRefusals,
    ),
)]
pub async fn why_not(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
    Extension(origin): Extension<Origin>,
    Path((ligne, numero)): Path<(VacancyId, String)>,
) -> Result<Json<WhyNotView>, Problem> {
    let store = &*state.store;
    let (vacancy, dwelling) = with_dwelling(store, ligne).await.map_err(problem)?;
    crate::steps::allowed(
        principal.perimeter().follows(&vacancy.bailleur, vacancy.candidates_holder()),
    )?;
    let exam = examination::of(&state, &vacancy, &dwelling).await?;
    let Some((_, verdict)) = examine_one(store, &dwelling, &numero, &exam.context()).await? else {
        return Err(Refusal::NotFound.into());
    };
    audit::by(
        &state,
        &principal,
        &origin,
        audit::Action::Consultation,
        &format!("API : {numero} : pourquoi pas ? (vacance {ligne})"),
    )
    .await?;
    Ok(Json(WhyNotView {
        numero_unique: numero,
        candidat: verdict.is_candidate(),
        exclusions: verdict.excluded,
        convient: verdict.fits,
        a_verifier: verdict.to_check,
    }))
}

#[utoipa::path(
    get,
    path = "/api/objectifs",
    operation_id = "objectifs",
    tag = "Chiffres",
    summary = "Objectifs de l'année en cours à ce jour : territoire, bailleurs, réservataires, communes, avec les attributions manquantes (sans donnée personnelle)",
    responses(
        (status = 200, description = "Les objectifs de l'année à ce jour", body = ProgressView),
        (status = 401, response = openapi::Unauthenticated),
        (status = 503, response = openapi::Recounting),
    ),
)]
pub async fn objectives(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
) -> Result<Json<ProgressView>, Problem> {
    let store = &*state.store;
    let mut progress = state.progress.get(store, state.clock.today()).await?;
    if let Some(threshold) = state.secrecy_for(&principal) {
        progress = progress.with_secrecy(threshold);
    }
    let (settings, _) = crate::bilans::territory_settings(store).await?;
    Ok(Json(ProgressView::of(&progress, &settings.targets)))
}

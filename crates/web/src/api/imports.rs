//! Imports through the API, for partners' software (a token of scope « import » or
//! « administration », an account that may import): the same upload as the import page
//! (`crate::uploads`), answered `202` with the job's address; the job followed as JSON until
//! its report — every faulty row's file, line, column, value, problem and what is expected.
//! The fields' doc comments are the API's descriptions, in French (the OpenAPI document).

use super::openapi;
use crate::audit;
use crate::guard::{Origin, Principal};
use crate::imports::JobState;
use crate::render::{Problem, Refusal};
use crate::state::AppState;
use crate::uploads;
use axum::extract::multipart::MultipartRejection;
use axum::extract::{Multipart, Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};
use serde::Serialize;
use std::collections::BTreeMap;
use utoipa::ToSchema;

/// The issues given in an answer (the count says how many there are).
const GIVEN: usize = 1_000;

/// The states of an import.
pub(crate) const RUNNING: &str = "en_cours";
pub(crate) const FINISHED: &str = "termine";
pub(crate) const FAILED: &str = "echec";

/// The form of an import, as [`uploads::receive`] reads it: described for the OpenAPI
/// document, never built.
#[derive(ToSchema)]
#[schema(as = FichiersImport, description = "Les champs du formulaire de la page Import")]
pub struct UploadForm {
    #[schema(schema_with = openapi::uploaded_files)]
    pub fichiers: Vec<Vec<u8>>,
    /// Présent : vérifier seulement, sans rien écrire
    #[schema(value_type = String, required = false)]
    pub verifier: Option<String>,
    /// Présent : relire les fichiers même s'ils sont, octet pour octet, ceux du dernier import
    /// (leurs valeurs remplacent alors ce qui a été modifié dans Logis depuis)
    #[schema(value_type = String, required = false)]
    pub tout_relire: Option<String>,
}

#[derive(Serialize, ToSchema)]
#[schema(as = ImportLance)]
pub struct Started {
    numero_import: u64,
    /// Adresse où suivre l'import
    suivi: String,
}

#[utoipa::path(
    post,
    path = "/api/import",
    operation_id = "lancer_import",
    tag = "Import",
    summary = "Importer un jeu de fichiers du format d'échange v1 (une archive .zip ou les fichiers .csv), tout ou rien ; jeton de portée « import » ou « administration », compte administrateur",
    request_body(content = UploadForm, content_type = "multipart/form-data"),
    responses(
        (
            status = 202,
            description = "Import lancé ; il se suit à l'adresse donnée (en-tête Location)",
            body = Started,
            headers(("Location" = String, description = "Adresse où suivre l'import")),
        ),
        (status = 400, response = openapi::BadRequest),
        (status = 401, response = openapi::Unauthenticated),
        (status = 403, response = openapi::Forbidden),
    ),
)]
pub async fn start(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
    Extension(origin): Extension<Origin>,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<Response, Problem> {
    let received = uploads::receive(&state, multipart).await?;
    let id = uploads::start(&state, &principal, &origin, received).await?;
    let suivi = format!("/api/import/{id}");
    let location = [(header::LOCATION, suivi.clone())];
    Ok((StatusCode::ACCEPTED, location, Json(Started { numero_import: id, suivi })).into_response())
}

#[derive(Serialize, ToSchema)]
#[schema(as = ProblemeImport)]
pub struct IssueView {
    fichier: String,
    ligne: Option<u64>,
    colonne: Option<String>,
    valeur: Option<String>,
    probleme: String,
    attendu: Option<String>,
}

impl From<&logis_exchange::Issue> for IssueView {
    fn from(i: &logis_exchange::Issue) -> Self {
        IssueView {
            fichier: i.file.clone(),
            ligne: i.line,
            colonne: i.column.clone(),
            valeur: i.value.clone(),
            probleme: i.message.clone(),
            attendu: i.expected.clone(),
        }
    }
}

#[derive(Serialize, ToSchema)]
#[schema(as = Import)]
pub struct JobView {
    numero_import: u64,
    #[schema(schema_with = openapi::import_state)]
    etat: &'static str,
    /// Étape d'un import en cours
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = String)]
    phase: Option<&'static str>,
    /// Lignes lues par fichier
    lignes: BTreeMap<String, u64>,
    /// Le jeu est écrit dans la base (tout ou rien) : un import terminé sans erreur, pas une vérification
    ecrit: bool,
    verification_seule: bool,
    nombre_erreurs: u64,
    /// Les 1 000 premières
    erreurs: Vec<IssueView>,
    /// Les 1 000 premiers
    avertissements: Vec<IssueView>,
    /// Ce qui a suivi l'import (cotation recalculée…)
    suite: Vec<String>,
    /// Pourquoi l'import n'a pas pu se faire (pas les données)
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = String)]
    echec: Option<String>,
}

#[utoipa::path(
    get,
    path = "/api/import/{numero_import}",
    operation_id = "suivre_import",
    tag = "Import",
    summary = "Où en est un import : étape, lignes lues, puis le rapport (chaque ligne fautive : fichier, ligne, colonne, valeur, problème, attendu)",
    params(("numero_import" = u64, Path, description = "Le numéro donné au lancement de l'import")),
    responses(
        (status = 200, description = "L'import", body = JobView),
        openapi::ReadRefusals,
    ),
)]
pub async fn status(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
    Extension(origin): Extension<Origin>,
    Path(id): Path<String>,
) -> Result<Json<JobView>, Problem> {
    let id: u64 = id.parse().map_err(|_| Refusal::NotFound)?;
    let job = state.imports.get(id).ok_or(Refusal::NotFound)?;
    let counted = |rows: &BTreeMap<logis_exchange::FileKind, u64>| {
        rows.iter().map(|(k, n)| (k.file_name().to_owned(), *n)).collect()
    };
    let mut view = JobView {
        numero_import: id,
        etat: RUNNING,
        phase: None,
        lignes: BTreeMap::new(),
        ecrit: false,
        verification_seule: false,
        nombre_erreurs: 0,
        erreurs: Vec::new(),
        avertissements: Vec::new(),
        suite: Vec::new(),
        echec: None,
    };
    match job.snapshot() {
        JobState::Running { phase, rows } => {
            view.phase = Some(phase.label());
            view.lignes = counted(&rows);
        }
        JobState::Failed(why) => {
            view.etat = FAILED;
            view.echec = Some(why);
        }
        JobState::Finished { report, written, check_only, rows, follow_up } => {
            if report.error_count() > 0 || !report.warnings.is_empty() {
                let what =
                    format!("API : rapport de l'import n° {id}, {} erreurs", report.error_count());
                audit::by(&state, &principal, &origin, audit::Action::Consultation, &what).await?;
            }
            view.etat = FINISHED;
            view.lignes = counted(&rows);
            view.ecrit = written;
            view.verification_seule = check_only;
            view.nombre_erreurs = report.error_count();
            view.erreurs = report.errors.iter().take(GIVEN).map(IssueView::from).collect();
            view.avertissements = report.warnings.iter().take(GIVEN).map(IssueView::from).collect();
            view.suite = follow_up;
        }
    }
    Ok(Json(view))
}

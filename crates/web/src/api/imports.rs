//! Imports through the API, for partners' software (a token of scope « import » or
//! « administration », an account that may import): the same upload as the import page
//! (`crate::uploads`), answered `202` with the job's address; the job followed as JSON until
//! its report — every faulty row's file, line, column, value, problem and what is expected.

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

/// The issues given in an answer (the count says how many there are).
const GIVEN: usize = 1_000;

#[derive(Serialize)]
pub struct Started {
    numero_import: u64,
    suivi: String,
}

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

#[derive(Serialize)]
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

#[derive(Serialize)]
pub struct JobView {
    numero_import: u64,
    /// `en_cours`, `termine` or `echec`.
    etat: &'static str,
    /// The phase of a running import.
    #[serde(skip_serializing_if = "Option::is_none")]
    phase: Option<&'static str>,
    /// Rows read per file.
    lignes: BTreeMap<String, u64>,
    /// Whether the file set was written (a finished import without errors, not a check).
    ecrit: bool,
    verification_seule: bool,
    nombre_erreurs: u64,
    erreurs: Vec<IssueView>,
    avertissements: Vec<IssueView>,
    suite: Vec<String>,
    /// Why the machinery failed (not the data).
    #[serde(skip_serializing_if = "Option::is_none")]
    echec: Option<String>,
}

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
        etat: "en_cours",
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
            view.etat = "echec";
            view.echec = Some(why);
        }
        JobState::Finished { report, written, check_only, rows, follow_up } => {
            if report.error_count() > 0 || !report.warnings.is_empty() {
                let what =
                    format!("API : rapport de l'import n° {id}, {} erreurs", report.error_count());
                audit::by(&state, &principal, &origin, audit::CONSULTATION, &what).await?;
            }
            view.etat = "termine";
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

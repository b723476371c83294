//! Importing a file set from the application (administrateur): a `.zip` or the CSV files of
//! interchange format v1 uploaded, checked and written all or nothing in the background, the
//! progress shown while it runs, then the French report — every faulty row with its file, line,
//! column, value and what is expected — and the CSV of that report for a spreadsheet.

use crate::audit;
use crate::format;
use crate::guard::{Origin, Principal};
use crate::imports::{JobProgress, JobState};
use crate::render::{self, Layout, Refusal};
use crate::state::AppState;
use askama::Template;
use axum::Extension;
use axum::extract::multipart::MultipartRejection;
use axum::extract::{Multipart, Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use logis_transfer::{ImportOptions, Mode};
use std::io::Write;
use std::sync::Arc;

/// Errors listed on the page; the CSV report has them all.
pub const SHOWN_ERRORS: usize = 200;

#[derive(Template)]
#[template(path = "import.html")]
struct ImportPage {
    layout: Layout,
}

pub async fn form(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
) -> Response {
    render::page(&ImportPage { layout: Layout::new(&state, &principal, "Import", "/import") })
}

/// A file name of the upload, kept to its last part and to the characters of format v1's names.
fn safe_name(name: &str) -> Option<String> {
    let last = name.rsplit(['/', '\\']).next()?.trim().to_lowercase();
    let fine = !last.is_empty()
        && last.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'))
        && (last.ends_with(".csv") || last.ends_with(".zip"))
        && !last.starts_with('.');
    fine.then_some(last)
}

fn bad(message: &str) -> Refusal {
    Refusal::BadRequest(message.to_owned())
}

/// The refusal of an upload past `limit` bytes (the settings' « envoi_max_mo »).
fn too_large(limit: u64) -> Refusal {
    Refusal::BadRequest(format!(
        "L'envoi dépasse {} Mo, la taille la plus grande acceptée : rien n'est importé. Compressez les fichiers en .zip, \
         ou demandez à l'administrateur d'augmenter « envoi_max_mo » dans les paramètres.",
        limit >> 20
    ))
}

/// Writes the uploaded files into `dir`, at most `limit` bytes in all; their names, and
/// whether to check only.
async fn receive(
    mut multipart: Multipart,
    dir: &std::path::Path,
    limit: u64,
) -> Result<(Vec<String>, bool), Refusal> {
    let mut names = Vec::new();
    let mut check_only = false;
    let mut received: u64 = 0;
    while let Some(mut field) = multipart
        .next_field()
        .await
        .map_err(|e| bad(&format!("Envoi interrompu : {e}. Recommencez.")))?
    {
        match field.name() {
            Some("verifier") => check_only = true,
            Some("fichiers") => {
                let Some(original) = field.file_name().map(str::to_owned) else { continue };
                if original.is_empty() {
                    continue;
                }
                let name = safe_name(&original).ok_or_else(|| {
                    bad(&format!("« {original} » n'est ni un fichier .csv du format d'échange ni une archive .zip."))
                })?;
                let mut file = std::fs::File::create(dir.join(&name))
                    .map_err(|e| Refusal::Store(format!("fichier temporaire : {e}")))?;
                while let Some(chunk) = field
                    .chunk()
                    .await
                    .map_err(|e| bad(&format!("Envoi interrompu : {e}. Recommencez.")))?
                {
                    received += chunk.len() as u64;
                    if received > limit {
                        return Err(too_large(limit));
                    }
                    file.write_all(&chunk)
                        .map_err(|e| Refusal::Store(format!("fichier temporaire : {e}")))?;
                }
                names.push(name);
            }
            _ => {}
        }
    }
    if names.is_empty() {
        return Err(bad(
            "Aucun fichier reçu : choisissez une archive .zip ou les fichiers .csv du jeu à importer.",
        ));
    }
    let zips = names.iter().filter(|n| n.ends_with(".zip")).count();
    if zips > 0 && names.len() > 1 {
        return Err(bad(
            "Envoyez soit une seule archive .zip, soit les fichiers .csv, pas les deux.",
        ));
    }
    Ok((names, check_only))
}

pub async fn upload(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
    Extension(origin): Extension<Origin>,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<Response, Refusal> {
    let multipart = multipart.map_err(|_| {
        bad("Le formulaire d'import n'a pas été reçu en entier : choisissez les fichiers et recommencez.")
    })?;
    let dir =
        tempfile::tempdir().map_err(|e| Refusal::Store(format!("dossier temporaire : {e}")))?;
    let settings = state.privacy().imports;
    let (names, check_only) = receive(multipart, dir.path(), settings.upload_bytes()).await?;
    let path = if names.len() == 1 && names[0].ends_with(".zip") {
        dir.path().join(&names[0])
    } else {
        dir.path().to_owned()
    };
    let what = format!(
        "import{} de {}",
        if check_only { " (vérification)" } else { "" },
        names.join(", ")
    );
    audit::by(&state, &principal, &origin, audit::IMPORT, &what).await?;
    let (id, job) = state.imports.start(&principal.login, names);
    let progress = Arc::new(JobProgress(job.clone()));
    let background = state.clone();
    tokio::spawn(async move {
        let _kept_until_the_end = dir;
        let store = &*background.store;
        let mode = if check_only { Mode::Check } else { Mode::Write };
        let options = ImportOptions { mode, limits: settings.limits };
        let outcome = logis_transfer::import_with(store, &path, progress, options).await;
        let finished = match outcome {
            Err(e) => JobState::Failed(e.to_string()),
            Ok(o) => {
                let mut follow_up = Vec::new();
                if o.written {
                    background.data_changed();
                    let done = logis_transfer::follow_up::after_import(store).await;
                    match done.rescored {
                        Ok(Some(r)) => follow_up.push(format!(
                            "Cotation recalculée au {} : {} demandes actives, {} scores nouveaux ou modifiés.",
                            format::date(r.date),
                            format::int(r.scored as u64),
                            format::int(r.changed as u64)
                        )),
                        Ok(None) => {}
                        Err(e) => follow_up.push(format!("La cotation n'a pas pu être recalculée ({e}) : relancez-la.")),
                    }
                    if let Err(e) = done.prepared {
                        follow_up.push(format!(
                            "Les données du bilan seront préparées au prochain bilan ({e})."
                        ));
                    }
                }
                JobState::Finished {
                    report: o.report,
                    written: o.written,
                    check_only,
                    rows: o.rows,
                    follow_up,
                }
            }
        };
        job.set(finished);
    });
    Ok(Redirect::to(&format!("/import/{id}")).into_response())
}

/// One issue as the report table shows it.
pub struct IssueView {
    pub fichier: String,
    pub ligne: String,
    pub colonne: String,
    pub valeur: String,
    pub probleme: String,
    pub attendu: String,
}

#[derive(Template)]
#[template(path = "import_suivi.html")]
struct JobPage {
    layout: Layout,
    id: u64,
    files: String,
    started: String,
    by: String,
    running: bool,
    phase: String,
    counts: Vec<(String, String)>,
    written: bool,
    check_only: bool,
    failure: Option<String>,
    error_count: String,
    has_errors: bool,
    errors: Vec<IssueView>,
    more_errors: bool,
    warnings: Vec<String>,
    follow_up: Vec<String>,
}

fn issue_view(i: &logis_exchange::Issue) -> IssueView {
    IssueView {
        fichier: i.file.clone(),
        ligne: i.line.map(|l| l.to_string()).unwrap_or_default(),
        colonne: i.column.clone().unwrap_or_default(),
        valeur: i.value.clone().unwrap_or_default(),
        probleme: i.message.clone(),
        attendu: i.expected.clone().unwrap_or_default(),
    }
}

fn parse_id(id: &str) -> Result<u64, Refusal> {
    id.parse().map_err(|_| Refusal::NotFound)
}

pub async fn status(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
    Extension(origin): Extension<Origin>,
    Path(id): Path<String>,
) -> Result<Response, Refusal> {
    let id = parse_id(&id)?;
    let job = state.imports.get(id).ok_or(Refusal::NotFound)?;
    let counted = |rows: &std::collections::BTreeMap<logis_exchange::FileKind, u64>| {
        rows.iter().map(|(kind, n)| (kind.file_name().to_owned(), format::int(*n))).collect()
    };
    let mut page = JobPage {
        layout: Layout::new(&state, &principal, format!("Import n° {id}"), "/import"),
        id,
        files: job.files.join(", "),
        started: format::moment(job.started_at),
        by: job.login.clone(),
        running: false,
        phase: String::new(),
        counts: Vec::new(),
        written: false,
        check_only: false,
        failure: None,
        error_count: String::new(),
        has_errors: false,
        errors: Vec::new(),
        more_errors: false,
        warnings: Vec::new(),
        follow_up: Vec::new(),
    };
    match job.snapshot() {
        JobState::Running { phase, rows } => {
            page.running = true;
            page.phase = phase.label().to_owned();
            page.counts = counted(&rows);
        }
        JobState::Failed(why) => page.failure = Some(why),
        JobState::Finished { report, written, check_only, rows, follow_up } => {
            // The faulty values quoted may be personal data (a name in the wrong column).
            if report.error_count() > 0 || !report.warnings.is_empty() {
                let what = format!(
                    "rapport de l'import n° {id}, {} erreurs affichées",
                    report.errors.len().min(SHOWN_ERRORS)
                );
                audit::by(&state, &principal, &origin, audit::CONSULTATION, &what).await?;
            }
            page.written = written;
            page.check_only = check_only;
            page.counts = counted(&rows);
            page.has_errors = report.has_errors();
            let n = report.error_count();
            page.error_count = format!("{} erreur{}", format::int(n), if n > 1 { "s" } else { "" });
            page.errors = report.errors.iter().take(SHOWN_ERRORS).map(issue_view).collect();
            page.more_errors = report.error_count() > SHOWN_ERRORS as u64;
            page.warnings = report.warnings.iter().map(ToString::to_string).collect();
            page.follow_up = follow_up;
        }
    }
    Ok(render::page(&page))
}

pub async fn report_csv(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
    Extension(origin): Extension<Origin>,
    Path(id): Path<String>,
) -> Result<Response, Refusal> {
    let id = parse_id(&id)?;
    let job = state.imports.get(id).ok_or(Refusal::NotFound)?;
    let JobState::Finished { report, .. } = job.snapshot() else { return Err(Refusal::NotFound) };
    let what = format!("rapport de l'import n° {id} en CSV, {} erreurs", report.error_count());
    audit::by(&state, &principal, &origin, audit::EXPORT, &what).await?;
    let mut bytes = Vec::new();
    report.write_csv(&mut bytes).map_err(|e| Refusal::Store(e.to_string()))?;
    Ok(render::download(bytes, render::CSV, &format!("rapport-import-{id}.csv")))
}

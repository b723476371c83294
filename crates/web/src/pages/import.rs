//! Importing a file set from the application (administrateur): a `.zip` or the CSV files of
//! interchange format v1 uploaded, checked and written all or nothing in the background, the
//! progress shown while it runs, then the French report — every faulty row with its file, line,
//! column, value and what is expected — and the CSV of that report for a spreadsheet.

use crate::audit;
use crate::format;
use crate::guard::{Origin, Principal};
use crate::imports::JobState;
use crate::render::{self, Layout, Refusal};
use crate::state::AppState;
use crate::uploads;
use askama::Template;
use axum::Extension;
use axum::extract::multipart::MultipartRejection;
use axum::extract::{Multipart, Path, State};
use axum::response::{IntoResponse, Redirect, Response};

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

pub async fn upload(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
    Extension(origin): Extension<Origin>,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<Response, Refusal> {
    let received = uploads::receive(&state, multipart).await?;
    let id = uploads::start(&state, &principal, &origin, received).await?;
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
            page.phase = phase.under_way().to_owned();
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
                audit::by(&state, &principal, &origin, audit::Action::Consultation, &what).await?;
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
    audit::by(&state, &principal, &origin, audit::Action::Export, &what).await?;
    let mut bytes = Vec::new();
    report.write_csv(&mut bytes).map_err(|e| Refusal::Store(e.to_string()))?;
    Ok(render::download(bytes, render::CSV, &format!("rapport-import-{id}.csv")))
}

//! The selection of the list exported exactly as searched, every page, as CSV (French
//! spreadsheet conventions) or XLSX; a selection of more than `AppState::export_cap` (by default
//! [`EXPORT_CAP`]) applications is refused (refine the search), never cut short; written in
//! the audit log.

use crate::audit;
use crate::guard::{Origin, Principal};
use crate::list_query::ListQuery;
use crate::render::{CSV, Refusal, XLSX, download};
use crate::state::AppState;
use axum::Extension;
use axum::extract::{Query, State};
use axum::response::Response;
use logis_report::{Cell, Sheet};
use logis_store::dossiers::search::{ApplicationLine, search};

/// The most lines one export holds, by default.
pub const EXPORT_CAP: u32 = 50_000;

const HEADERS: &[&str] = &[
    "numéro unique",
    "nom",
    "prénom",
    "date de dépôt",
    "statut",
    "commune de résidence",
    "situation de logement",
    "typologies souhaitées",
    "communes souhaitées",
    "prioritaire",
    "critères de priorité",
    "DALO",
    "score",
    "score provisoire",
    "rang",
    "demandes comparables",
];

fn yes_no(v: bool) -> Cell {
    Cell::Text(if v { "oui" } else { "non" }.to_owned())
}

fn row(l: &ApplicationLine, state: &AppState) -> Vec<Cell> {
    let text = |v: &Option<String>| v.clone().map_or(Cell::Empty, Cell::Text);
    vec![
        l.numero_unique.clone().into(),
        text(&l.nom),
        text(&l.prenom),
        l.date_depot.map_or(Cell::Empty, |d| Cell::Text(crate::format::date(d))),
        l.statut.clone().into(),
        l.commune_residence.as_deref().map_or(Cell::Empty, |c| Cell::Text(state.communes.name(c))),
        l.situation_logement.clone().into(),
        l.typologies_souhaitees.replace('|', ", ").into(),
        l.communes_souhaitees.replace('|', ", ").into(),
        yes_no(l.prioritaire()),
        l.criteres_prioritaires.replace('|', ", ").into(),
        yes_no(l.dalo),
        l.score.map_or(Cell::Empty, Cell::Int),
        yes_no(l.provisoire),
        l.rang.map_or(Cell::Empty, Cell::Int),
        l.comparables.map_or(Cell::Empty, Cell::Int),
    ]
}

async fn selection(
    state: &AppState,
    principal: &Principal,
    origin: &Origin,
    query: &ListQuery,
    format: &str,
) -> Result<Sheet, Refusal> {
    let (filter, _) = query.filter(principal, &state.communes, state.clock.today());
    let cap = state.export_cap;
    let found = search(&*state.store, &filter, query.sort(), 0, cap + 1, 0).await?;
    if found.lines.len() > cap as usize {
        return Err(Refusal::BadRequest(format!(
            "La sélection compte plus de {} demandes : affinez la recherche (commune, typologie, priorité…) avant de l'exporter.",
            crate::format::int(u64::from(cap))
        )));
    }
    let mut sheet = Sheet::new("demandes", HEADERS);
    for line in &found.lines {
        sheet.push(row(line, state));
    }
    let what = format!(
        "export {format} de la liste des demandes, {}, {} lignes",
        crate::list_query::described(&filter),
        found.lines.len()
    );
    audit::by(state, principal, origin, audit::Action::Export, &what).await?;
    Ok(sheet)
}

fn file_name(extension: &str, today: time::Date) -> String {
    format!("demandes-{}.{extension}", today)
}

pub async fn export_csv(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
    Extension(origin): Extension<Origin>,
    Query(query): Query<ListQuery>,
) -> Result<Response, Refusal> {
    let sheet = selection(&state, &principal, &origin, &query, "CSV").await?;
    Ok(download(logis_report::csv_bytes(&sheet), CSV, &file_name("csv", state.clock.today())))
}

pub async fn export_xlsx(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
    Extension(origin): Extension<Origin>,
    Query(query): Query<ListQuery>,
) -> Result<Response, Refusal> {
    let sheet = selection(&state, &principal, &origin, &query, "XLSX").await?;
    let bytes = logis_report::xlsx_bytes(&[sheet])
        .map_err(|e| Refusal::Store(format!("classeur : {e}")))?;
    Ok(download(bytes, XLSX, &file_name("xlsx", state.clock.today())))
}

//! The selection of the list exported exactly as searched, every page, as CSV (French
//! spreadsheet conventions) or XLSX; a selection of more than `AppState::export_cap` (by default
//! [`EXPORT_CAP`]) applications is refused (refine the search), never cut short; written in
//! the audit log. Dates are date cells (`31/12/2022`), codes their French labels (statut,
//! situation, priority criteria), communes their names: what the page shows.

use crate::audit;
use crate::guard::{Origin, Principal};
use crate::list_query::ListQuery;
use crate::render::{CSV, Refusal, XLSX, download};
use crate::state::AppState;
use axum::Extension;
use axum::extract::{Query, State};
use axum::response::Response;
use logis_domain::{CriterePrioritaire, SituationLogement, Statut};
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

/// A code as its French label (the code itself if it is not one of the list's).
fn labelled(code: &str, label: fn(&str) -> Option<&'static str>) -> Cell {
    if code.is_empty() { Cell::Empty } else { Cell::Text(label(code).unwrap_or(code).to_owned()) }
}

/// `a|b|c` codes as their labels, `, ` between.
fn listed(codes: &str, label: impl Fn(&str) -> String) -> Cell {
    codes.split('|').filter(|c| !c.is_empty()).map(label).collect::<Vec<_>>().join(", ").into()
}

fn row(l: &ApplicationLine, state: &AppState) -> Vec<Cell> {
    let text = |v: &Option<String>| v.clone().map_or(Cell::Empty, Cell::Text);
    let commune = |c: &str| state.communes.name(c);
    vec![
        l.numero_unique.clone().into(),
        text(&l.nom),
        text(&l.prenom),
        l.date_depot.map_or(Cell::Empty, Cell::Date),
        labelled(&l.statut, |c| Statut::from_code(c).map(Statut::label)),
        l.commune_residence.as_deref().map_or(Cell::Empty, |c| Cell::Text(commune(c))),
        labelled(&l.situation_logement, |c| {
            SituationLogement::from_code(c).map(SituationLogement::label)
        }),
        listed(&l.typologies_souhaitees, str::to_owned),
        listed(&l.communes_souhaitees, commune),
        yes_no(l.prioritaire()),
        listed(&l.criteres_prioritaires, |c| {
            CriterePrioritaire::from_code(c).map_or_else(|| c.to_owned(), |v| v.label().to_owned())
        }),
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

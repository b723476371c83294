//! The applications past the territory's « délai anormalement long » (the delay of the grid
//! in force, by first desired typology), for the commission that examines them: by first
//! desired commune and typology, with their score and whether a dwelling was ever offered;
//! one commune at a time on a large territory; exported as XLSX or CSV. A list of names: every
//! reading and export is in the audit log.

use crate::audit;
use crate::format;
use crate::guard::{Origin, Principal};
use crate::render::{self, CSV, Layout, Refusal, XLSX, download};
use crate::state::AppState;
use askama::Template;
use axum::Extension;
use axum::extract::{Query, State};
use axum::response::Response;
use logis_cotation::grid::Delays;
use logis_cotation::stored::{Overdue, OverdueList, overdue};
use logis_report::{Cell, Sheet};
use serde::Deserialize;

/// The most applications read for one list (the others: choose a commune).
pub const MOST_READ: u64 = 50_000;
/// The most lines shown on the page (the exports hold them all).
const MOST_SHOWN: usize = 1_000;

#[derive(Debug, Default, Deserialize)]
pub struct OverdueQuery {
    #[serde(default)]
    commune: String,
}

/// One line of the page.
pub struct Line {
    pub numero: String,
    pub nom: String,
    pub commune: String,
    pub typologie: String,
    pub depot: String,
    pub months: u32,
    pub delay: u32,
    pub score: String,
    pub proposee: &'static str,
}

/// One group of the summary: a commune and a typology.
pub struct Group {
    pub commune: String,
    pub typologie: String,
    pub count: usize,
    pub never_offered: usize,
}

#[derive(Template)]
#[template(path = "delais.html")]
struct OverduePage {
    layout: Layout,
    commune: String,
    communes: Vec<(String, String)>,
    delays: String,
    groups: Vec<Group>,
    lines: Vec<Line>,
    total: usize,
    complete: bool,
    query: String,
}

/// The delays of the grid in force today (the documented default without a grid).
pub async fn delays_in_force(state: &AppState) -> Result<Delays, Refusal> {
    let today = state.clock.today();
    let grids = state.grids.get(&*state.store).await.map_err(|e| Refusal::Store(e.to_string()))?;
    let in_force = grids.iter().filter(|g| g.en_vigueur <= today).max_by_key(|g| g.en_vigueur);
    Ok(in_force.map(|g| g.delays.clone()).unwrap_or_default())
}

/// The delays in words: « 24 mois (T1 : 18 mois) ».
fn delays_in_words(delays: &Delays) -> String {
    let mut words = format!("{} mois", delays.default_months);
    let own: Vec<String> = logis_domain::Typologie::ALL
        .iter()
        .zip(delays.by_typologie)
        .filter_map(|(t, months)| months.map(|m| format!("{} : {m} mois", t.code())))
        .collect();
    if !own.is_empty() {
        words.push_str(&format!(" ({})", own.join(", ")));
    }
    words
}

/// The list for `query`: the commune asked for (by name or code), and what was found.
async fn read(
    state: &AppState,
    query: &OverdueQuery,
) -> Result<(Option<String>, OverdueList, Delays), Refusal> {
    let commune = match query.commune.trim() {
        "" => None,
        typed => Some(state.communes.code_of(typed).ok_or_else(|| {
            Refusal::BadRequest(format!(
                "Commune inconnue « {typed} » : choisissez-la dans la liste."
            ))
        })?),
    };
    let delays = delays_in_force(state).await?;
    let today = state.clock.today();
    let found = overdue(&*state.store, &delays, today, commune.as_deref(), MOST_READ).await?;
    Ok((commune, found, delays))
}

fn name_of(o: &Overdue) -> String {
    [o.line.nom.as_deref(), o.line.prenom.as_deref()]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ")
}

fn commune_of(state: &AppState, o: &Overdue) -> String {
    o.line.first_commune().map_or_else(|| "non précisée".to_owned(), |c| state.communes.name(c))
}

fn typologie_of(o: &Overdue) -> String {
    o.line.first_typologie().unwrap_or("non précisée").to_owned()
}

fn groups(state: &AppState, found: &[Overdue]) -> Vec<Group> {
    let mut groups: Vec<Group> = Vec::new();
    for o in found {
        let (commune, typologie) = (commune_of(state, o), typologie_of(o));
        match groups.last_mut() {
            Some(g) if g.commune == commune && g.typologie == typologie => {
                g.count += 1;
                g.never_offered += usize::from(!o.line.proposee);
            }
            _ => groups.push(Group {
                commune,
                typologie,
                count: 1,
                never_offered: usize::from(!o.line.proposee),
            }),
        }
    }
    groups
}

fn yes_no(v: bool) -> &'static str {
    if v { "oui" } else { "non" }
}

pub async fn show(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
    Extension(origin): Extension<Origin>,
    Query(query): Query<OverdueQuery>,
) -> Result<Response, Refusal> {
    let (commune, found, delays) = read(&state, &query).await?;
    let shown: Vec<Line> = found
        .lines
        .iter()
        .take(MOST_SHOWN)
        .map(|o| Line {
            numero: o.line.numero_unique.clone(),
            nom: name_of(o),
            commune: commune_of(&state, o),
            typologie: typologie_of(o),
            depot: format::date(o.line.date_depot),
            months: o.months,
            delay: o.delay,
            score: o.line.score.map_or_else(|| "non cotée".to_owned(), |s| s.to_string()),
            proposee: yes_no(o.line.proposee),
        })
        .collect();
    let what = format!(
        "liste des délais anormalement longs{}, {} noms affichés",
        commune.as_deref().map(|c| format!(", commune {c}")).unwrap_or_default(),
        shown.len()
    );
    audit::by(&state, &principal, &origin, audit::Action::Consultation, &what).await?;
    let page = OverduePage {
        layout: Layout::new(&state, &principal, "Délais anormalement longs", "/delais"),
        commune: commune.as_deref().map(|c| state.communes.name(c)).unwrap_or_default(),
        communes: state.communes.suggested().to_vec(),
        delays: delays_in_words(&delays),
        groups: groups(&state, &found.lines),
        total: found.lines.len(),
        complete: found.complete,
        lines: shown,
        query: commune.map(|c| format!("?commune={}", format::url_encoded(&c))).unwrap_or_default(),
    };
    Ok(render::page(&page))
}

const HEADERS: &[&str] = &[
    "commune souhaitée",
    "typologie",
    "numéro unique",
    "nom et prénom",
    "date de dépôt",
    "attente (mois)",
    "délai anormalement long (mois)",
    "score",
    "déjà proposée",
];

async fn sheet(
    state: &AppState,
    principal: &Principal,
    origin: &Origin,
    query: &OverdueQuery,
    format: &str,
) -> Result<Sheet, Refusal> {
    let (commune, found, _) = read(state, query).await?;
    if !found.complete {
        return Err(Refusal::BadRequest(format!(
            "Plus de {} demandes anciennes à lire : choisissez une commune avant d'exporter.",
            format::int(MOST_READ)
        )));
    }
    let mut sheet = Sheet::new("délais anormalement longs", HEADERS);
    for o in &found.lines {
        sheet.push(vec![
            Cell::Text(commune_of(state, o)),
            Cell::Text(typologie_of(o)),
            Cell::Text(o.line.numero_unique.clone()),
            Cell::Text(name_of(o)),
            Cell::Text(format::date(o.line.date_depot)),
            Cell::Int(i64::from(o.months)),
            Cell::Int(i64::from(o.delay)),
            o.line.score.map_or(Cell::Empty, Cell::Int),
            Cell::Text(yes_no(o.line.proposee).to_owned()),
        ]);
    }
    let what = format!(
        "export {format} des délais anormalement longs{}, {} lignes",
        commune.as_deref().map(|c| format!(", commune {c}")).unwrap_or_default(),
        found.lines.len()
    );
    audit::by(state, principal, origin, audit::Action::Export, &what).await?;
    Ok(sheet)
}

fn file_name(extension: &str, today: time::Date) -> String {
    format!("delais-anormalement-longs-{}.{extension}", today)
}

pub async fn export_csv(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
    Extension(origin): Extension<Origin>,
    Query(query): Query<OverdueQuery>,
) -> Result<Response, Refusal> {
    let sheet = sheet(&state, &principal, &origin, &query, "CSV").await?;
    Ok(download(logis_report::csv_bytes(&sheet), CSV, &file_name("csv", state.clock.today())))
}

pub async fn export_xlsx(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
    Extension(origin): Extension<Origin>,
    Query(query): Query<OverdueQuery>,
) -> Result<Response, Refusal> {
    let sheet = sheet(&state, &principal, &origin, &query, "XLSX").await?;
    let bytes = logis_report::xlsx_bytes(&[sheet])
        .map_err(|e| Refusal::Store(format!("classeur : {e}")))?;
    Ok(download(bytes, XLSX, &file_name("xlsx", state.clock.today())))
}

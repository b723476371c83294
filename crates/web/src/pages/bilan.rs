//! The yearly evaluation (« bilan ») as a page — the same report as the PDF, with its charts and
//! reading keys — and its downloads: PDF, XLSX, CSV and the JSON of bilan.md. No personal data:
//! every role may read it; a role without access to personal data (the observer) reads it under
//! statistical secrecy (`logis_evaluation::secrecy`).

use crate::glossary::filters;
use crate::guard::Principal;
use crate::render::{self, CSV, Layout, Refusal, XLSX, download};
use crate::state::AppState;
use askama::Template;
use axum::Extension;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use logis_evaluation::Bilan;
use logis_report::bilan::{ReportInputs, document, sheets};
use logis_store::settings::{self, PRIORITIES};
use serde::Deserialize;

#[derive(Template)]
#[template(path = "bilan.html")]
struct BilanPage {
    layout: Layout,
    years: Vec<i32>,
    year: i32,
    report: String,
    /// The report's parts: anchor and title.
    contents: Vec<(String, String)>,
    quartiles_missing: bool,
    /// The current year, not over: its figures are provisional.
    current: i32,
}

#[derive(Deserialize)]
pub struct YearQuery {
    annee: Option<String>,
}

/// The years with allocations, and the year asked for (the last complete one by default).
async fn chosen_year(state: &AppState, asked: Option<&str>) -> Result<(Vec<i32>, i32), Refusal> {
    let overview = state.overview.get(&*state.store, state.clock.today()).await?;
    let years: Vec<i32> = overview.attributions_par_annee.iter().map(|(y, _)| *y).collect();
    let Some(latest) = years.last().copied() else {
        return Err(Refusal::BadRequest(
            "Aucune attribution n'est enregistrée : importez les attributions pour établir un bilan.".to_owned(),
        ));
    };
    let today = state.clock.today();
    let year = match asked.map(str::trim).filter(|a| !a.is_empty()) {
        None => crate::bilans::default_year(&years, today).unwrap_or(latest),
        Some(text) => match text.parse::<i32>() {
            Ok(y) if years.contains(&y) => y,
            _ => {
                return Err(Refusal::BadRequest(format!(
                    "Pas de bilan pour « {text} » : les données couvrent {} à {latest}.",
                    years[0]
                )));
            }
        },
    };
    Ok((years, year))
}

/// The report of `year` with the trend over every earlier year, as `principal` may read it.
async fn report_of(
    state: &AppState,
    principal: &Principal,
    years: &[i32],
    year: i32,
) -> Result<(Vec<Bilan>, Option<String>), Refusal> {
    let wanted: Vec<i32> = years.iter().copied().filter(|y| *y <= year).collect();
    let secrecy = state.secrecy_for(principal);
    let history = state.bilans.readable(&*state.store, &wanted, secrecy).await?;
    let priorities = settings::get(&*state.store, PRIORITIES).await?.map(|s| s.text);
    Ok((history, priorities))
}

fn inputs<'a>(
    history: &'a [Bilan],
    priorities: Option<&'a str>,
    communes: &'a dyn Fn(&str) -> Option<String>,
    made_on: time::Date,
) -> ReportInputs<'a> {
    ReportInputs {
        bilan: history.last().expect("the year asked for is computed"),
        history,
        priorities,
        communes,
        made_on,
    }
}

pub async fn show(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
    Query(query): Query<YearQuery>,
) -> Result<Response, Refusal> {
    let (years, year) = chosen_year(&state, query.annee.as_deref()).await?;
    let (history, priorities) = report_of(&state, &principal, &years, year).await?;
    let communes = |code: &str| Some(state.communes.name(code));
    let doc = document(&inputs(&history, priorities.as_deref(), &communes, state.clock.today()));
    let page = BilanPage {
        layout: Layout::new(&state, &principal, format!("Bilan {year}"), "/bilan"),
        years,
        year,
        report: logis_report::sections_html(&doc),
        contents: doc
            .sections
            .iter()
            .enumerate()
            .map(|(i, section)| (logis_report::section_anchor(i), section.title.clone()))
            .collect(),
        quartiles_missing: !history.last().is_some_and(|b| b.seuils_disponibles),
        current: state.clock.today().year(),
    };
    Ok(render::page(&page))
}

/// `/bilan/{annee}/{format}`: `pdf`, `xlsx`, `csv` or `json`.
pub async fn file(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
    Path((annee, format)): Path<(String, String)>,
) -> Result<Response, Refusal> {
    let (years, year) = chosen_year(&state, Some(&annee)).await?;
    let name = |ext: &str| format!("bilan-{year}.{ext}");
    let communes = |code: &str| Some(state.communes.name(code));
    match format.as_str() {
        "pdf" => {
            let (history, priorities) = report_of(&state, &principal, &years, year).await?;
            let doc =
                document(&inputs(&history, priorities.as_deref(), &communes, state.clock.today()));
            crate::render::pdf(doc, &name("pdf")).await
        }
        "xlsx" | "csv" | "json" => {
            let secrecy = state.secrecy_for(&principal);
            let bilans = state.bilans.readable(&*state.store, &[year], secrecy).await?;
            let bilan = bilans.into_iter().next().ok_or(Refusal::NotFound)?;
            Ok(match format.as_str() {
                "xlsx" => {
                    let bytes = logis_report::xlsx_bytes(&sheets(&bilan, &communes))
                        .map_err(|e| Refusal::Store(e.to_string()))?;
                    download(bytes, XLSX, &name("xlsx"))
                }
                "csv" => {
                    let long = logis_report::long_table("bilan", &sheets(&bilan, &communes));
                    download(logis_report::csv_bytes(&long), CSV, &name("csv"))
                }
                _ => download(
                    (bilan.to_json() + "\n").into_bytes(),
                    "application/json",
                    &name("json"),
                ),
            })
        }
        _ => Err(Refusal::NotFound),
    }
}

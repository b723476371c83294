//! A landlord's flux page (the landlord's staff and the EPCI): its conventions of the year with
//! the other years that have some, its position in the year (entitlement, received, gap by
//! holder, and the chart), the dwellings it oriented, its 28-February bilan — the forecast of
//! set-aside lettings it edits, the sending, the documents — and the stock → flow inventory.

use super::YearQuery;
use super::view::{HolderRow, received_chart};
use crate::audit;
use crate::flux::{FluxData, year_asked};
use crate::guard::{Origin, Principal};
use crate::render::{self, Done, Layout, Refusal};
use crate::state::AppState;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Extension, Form};
use logis_allocation::flux::sending;
use logis_allocation::workflow::StepError;
use logis_domain::{Convention, OrganismeId};
use logis_flux::inventory::inventory;
use logis_flux::set_aside::SetAsideCounts;
use logis_store::allocation::vacancies;
use serde::Deserialize;
use std::collections::BTreeSet;

/// One convention as the page lists it.
pub struct ConventionRow {
    pub holder: String,
    pub part: String,
    pub perimeter: String,
    pub signed: String,
}

/// One line of the inventory.
pub struct InventoryRow {
    pub holder: String,
    pub stock: u64,
    pub let_3_years: u64,
    pub rotation: String,
    pub proposed: String,
}

#[derive(Template)]
#[template(path = "flux_bailleur.html")]
struct LandlordPage {
    layout: Layout,
    id: String,
    name: String,
    year: i32,
    /// The years with conventions, for the history.
    years: Vec<i32>,
    conventions: Vec<ConventionRow>,
    /// The landlord's own share of the year.
    own_part: String,
    loues: u64,
    anru: u64,
    mutation: u64,
    flux_net: u64,
    holders: Vec<HolderRow>,
    chart: String,
    oriented: Vec<(String, u64)>,
    forecast_anru: String,
    forecast_mutation: String,
    /// When and by whom the bilan was sent.
    sent: Option<String>,
    /// The year has ended: the bilan may be sent.
    sendable: bool,
    may_write: bool,
    /// Read by the EPCI (a link back to the territory's page).
    epci: bool,
    inventory_years: String,
    inventory: Vec<InventoryRow>,
    errors: Vec<String>,
    done: Option<&'static str>,
}

const DONE: &[(&str, &str)] = &[
    ("conventions", "Les conventions de l'année sont enregistrées."),
    ("prevision", "La prévision est enregistrée : elle figure dans le bilan."),
    ("envoi", "Le bilan est marqué comme envoyé : le rappel du tableau de bord s'arrête."),
];

/// The landlord `id` if `principal` reaches its flux pages (its staff, the EPCI).
pub async fn reached(
    state: &AppState,
    principal: &Principal,
    id: &str,
) -> Result<OrganismeId, Refusal> {
    crate::steps::allowed(principal.perimeter().manages(id))?;
    crate::flux::landlord(state, id).await
}

async fn page(
    state: &AppState,
    principal: &Principal,
    id: &str,
    asked: Option<i32>,
    errors: Vec<String>,
) -> Result<LandlordPage, Refusal> {
    let landlord = reached(state, principal, id).await?;
    let today = state.clock.today();
    let year = year_asked(asked, today.year());
    // The year's bilan and the inventory of the three years before.
    let data = FluxData::read(state, year - 3..=year, Some(&landlord)).await?;
    let name = |id: &str| state.organismes.name(id);
    let store = &*state.store;
    let all = logis_store::flux::conventions_of(store, &landlord).await?;
    let years: BTreeSet<i32> = all.iter().map(|c| c.annee).collect();
    let of_year: Vec<&Convention> = all.iter().filter(|c| c.annee == year).collect();
    let conventions = of_year
        .iter()
        .map(|c| ConventionRow {
            holder: name(c.reservataire.as_str()),
            part: format!("{} %", c.part),
            perimeter: c.commune.as_ref().map_or_else(
                || "tous ses logements".to_owned(),
                |code| format!("commune de {}", state.communes.name(code.as_str())),
            ),
            signed: c.date_signature.map(logis_domain::french::date).unwrap_or_default(),
        })
        .collect();
    let bilan = data.bilan(state, &landlord, year).await?;
    let own_part =
        bilan.reservataires.last().map(|l| super::view::share(l.part)).unwrap_or_default();
    let holders: Vec<HolderRow> =
        bilan.reservataires.iter().map(|l| HolderRow::of(l, name(&l.reservataire))).collect();
    let chart_lines: Vec<(String, u64, f64)> =
        holders.iter().map(|r| (r.name.clone(), r.recus, r.droit_value)).collect();
    let chart = received_chart(&chart_lines, &format!("Logements reçus et droits en {year}"));
    let oriented = vacancies::oriented_in_year(store, &landlord, year)
        .await?
        .into_iter()
        .map(|(holder, n)| (name(holder.as_str()), n))
        .collect();
    let prepared =
        sending::prepared(store, &landlord, year).await.map_err(crate::steps::step_refusal)?;
    let sent = prepared.as_ref().and_then(|p| {
        p.envoye_le.map(|at| {
            format!(
                "le {} par {}",
                logis_domain::french::moment(at),
                p.envoye_par.clone().unwrap_or_default()
            )
        })
    });
    let forecast = bilan.prevision_mis_de_cote;
    let inv = inventory(year, &landlord, &data.register);
    let inventory_years = format!("{} à {}", inv.annees[0], inv.annees[2]);
    let inventory = inv
        .reservataires
        .iter()
        .map(|l| InventoryRow {
            holder: name(&l.reservataire),
            stock: l.stock,
            let_3_years: l.attribues_3ans,
            rotation: l
                .rotation
                .map_or_else(|| "—".to_owned(), |r| logis_domain::french::percent(r, 1)),
            proposed: l.part_proposee.map_or_else(|| "—".to_owned(), super::view::share),
        })
        .collect();
    let landlord_name = name(landlord.as_str());
    Ok(LandlordPage {
        layout: Layout::new(
            state,
            principal,
            format!("Gestion en flux — {landlord_name}"),
            "/flux",
        ),
        id: landlord.as_str().to_owned(),
        name: landlord_name,
        year,
        years: years.into_iter().collect(),
        conventions,
        own_part,
        loues: bilan.loues,
        anru: bilan.mis_de_cote.relogement_anru,
        mutation: bilan.mis_de_cote.mutation_interne,
        flux_net: bilan.flux_net,
        holders,
        chart,
        oriented,
        forecast_anru: forecast.relogement_anru.to_string(),
        forecast_mutation: forecast.mutation_interne.to_string(),
        sent,
        sendable: year < today.year(),
        may_write: principal.permissions().allocate,
        epci: principal.perimeter() == logis_access::Perimeter::All,
        inventory_years,
        inventory,
        errors,
        done: None,
    })
}

pub async fn show(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
    Path(id): Path<String>,
    Query(query): Query<YearQuery>,
    Query(done): Query<Done>,
) -> Result<Response, Refusal> {
    let view = page(&state, &principal, &id, query.annee, Vec::new()).await?;
    Ok(render::page(&LandlordPage { done: done.said(DONE), ..view }))
}

/// The forecast's form.
#[derive(Debug, Default, Deserialize)]
pub struct ForecastForm {
    #[serde(default)]
    pub relogement_anru: String,
    #[serde(default)]
    pub mutation_interne: String,
}

impl ForecastForm {
    /// The counts typed, or the French refusal.
    pub fn counts(&self) -> Result<SetAsideCounts, StepError> {
        let count = |typed: &str, what: &str| {
            typed.trim().parse::<u64>().map_err(|_| {
                StepError::refused(format!("{what} : un nombre entier de logements, 0 ou plus"))
            })
        };
        Ok(SetAsideCounts {
            relogement_anru: count(&self.relogement_anru, "relogements ANRU prévus")?,
            mutation_interne: count(&self.mutation_interne, "mutations internes prévues")?,
        })
    }
}

/// After a write: the audit line, back to the page; or the page again with the refusal.
async fn answered(
    state: &AppState,
    principal: &Principal,
    origin: &Origin,
    id: &str,
    year: i32,
    outcome: Result<String, StepError>,
    done: &str,
) -> Result<Response, Refusal> {
    match outcome {
        Ok(what) => {
            audit::by(state, principal, origin, audit::Action::Modification, &what).await?;
            let to = format!(
                "/flux/bailleurs/{}?annee={year}&fait={done}",
                crate::format::url_encoded(id)
            );
            Ok(Redirect::to(&to).into_response())
        }
        Err(StepError::Refused(reasons)) => {
            let view = page(state, principal, id, Some(year), reasons).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render::page(&view)).into_response())
        }
        Err(other) => Err(crate::steps::step_refusal(other)),
    }
}

pub async fn save_forecast(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
    Extension(origin): Extension<Origin>,
    Path((id, year)): Path<(String, i32)>,
    Form(form): Form<ForecastForm>,
) -> Result<Response, Refusal> {
    let landlord = reached(&state, &principal, &id).await?;
    let author = crate::steps::author_of(&principal, &*state.clock);
    let outcome = match form.counts() {
        Ok(counts) => sending::edit_forecast(&*state.store, &landlord, year, counts, &author)
            .await
            .map(|_| format!("gestion en flux : prévision du bilan {year} de {landlord}")),
        Err(refusal) => Err(refusal),
    };
    answered(&state, &principal, &origin, &id, year, outcome, "prevision").await
}

pub async fn send(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
    Extension(origin): Extension<Origin>,
    Path((id, year)): Path<(String, i32)>,
) -> Result<Response, Refusal> {
    let landlord = reached(&state, &principal, &id).await?;
    let counts = crate::flux::set_aside_in(&state, &landlord, year).await?;
    let author = crate::steps::author_of(&principal, &*state.clock);
    let outcome = sending::send(&*state.store, &landlord, year, counts, &author)
        .await
        .map(|_| format!("gestion en flux : bilan {year} de {landlord} envoyé"));
    answered(&state, &principal, &origin, &id, year, outcome, "envoi").await
}

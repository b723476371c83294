//! The reservation holder's home page (« réservataire »): in one sentence and a chart, what the
//! landlords owe it this year and what it received (the flux page's figures); the dwellings
//! oriented to it and where each stands; those waiting for its candidates, with the day its
//! right to present them ends. No name: the candidates are on each vacancy's page.

use super::common::Figure;
use super::standing::{self, Stage, Standing};
use crate::format;
use crate::guard::Principal;
use crate::pages::flux::holder::owed_and_received;
use crate::pages::flux::view::received_chart;
use crate::render::{self, Layout, Refusal};
use crate::state::AppState;
use askama::Template;
use axum::response::Response;
use logis_allocation::workflow::vacancy::holder_deadline;
use logis_domain::allocation::VacancyStatus;
use logis_domain::french::decimal;
use logis_store::allocation::vacancies::{self, VacancyFilter};

/// A dwelling waiting for the holder's candidates.
pub struct ToPresent {
    pub ligne: i64,
    pub title: String,
    pub until: String,
}

#[derive(Template)]
#[template(path = "accueil_reservataire.html")]
struct HolderPage {
    layout: Layout,
    name: String,
    year: i32,
    reference: String,
    figures: Vec<Figure>,
    /// « Vous avez reçu M logements sur les N qui vous sont dus… ».
    sentence: String,
    flux_chart: String,
    vacancies: Vec<Standing>,
    more: usize,
    chart: String,
    to_present: Vec<ToPresent>,
}

/// An entitlement in French figures: a whole number as such, otherwise with one decimal.
fn entitlement(droit: f64) -> String {
    if droit.fract() == 0.0 { format::int(droit as u64) } else { decimal(droit, 1) }
}

pub async fn show(state: &AppState, principal: &Principal) -> Result<Response, Refusal> {
    let store = &*state.store;
    let today = state.clock.today();
    let year = today.year();
    let scope = principal.perimeter();
    let holder = scope.holder().unwrap_or_default().to_owned();
    let name = state.organismes.name(&holder);
    let all = state.flux.bilans(state, year).await?;
    let (droit, recus) = owed_and_received(&all, &holder);
    let filter =
        VacancyFilter { statut: Some(VacancyStatus::Open), ..VacancyFilter::within(&scope) };
    let oriented: Vec<_> = vacancies::list(store, &filter)
        .await?
        .into_iter()
        .filter(|v| scope.follows(&v.bailleur, v.candidates_holder()))
        .collect();
    let lines = standing::of(state, &oriented, &[], true).await?;
    let (settings, _) = logis_evaluation::stored_settings(store).await?;
    let to_present: Vec<ToPresent> = lines
        .iter()
        .zip(&oriented)
        .filter(|(l, _)| l.stage == Stage::Candidates)
        .map(|(l, v)| ToPresent {
            ligne: l.ligne,
            title: l.title.clone(),
            until: format::date(holder_deadline(v, settings.flux_return_months)),
        })
        .collect();
    let sentence = if droit == 0.0 && recus == 0 {
        format!("Aucun droit ni logement reçu en gestion en flux en {year} pour l'instant.")
    } else if (recus as f64) < droit {
        format!(
            "En {year}, les bailleurs vous doivent {} logement(s) ; vous en avez reçu {recus} : il en reste {} à recevoir.",
            entitlement(droit),
            entitlement(droit - recus as f64)
        )
    } else {
        format!(
            "En {year}, les bailleurs vous doivent {} logement(s) ; vous en avez reçu {recus} : votre droit est atteint.",
            entitlement(droit)
        )
    };
    let figures = vec![
        Figure::written(entitlement(droit), format!("logements dus en {year}")),
        Figure::new(recus, format!("logements reçus en {year}")).linked("/flux"),
        Figure::new(oriented.len() as u64, "logements orientés vers vous, à attribuer")
            .linked("/vacances"),
        Figure::new(to_present.len() as u64, "logements attendant vos candidats")
            .linked("#a-presenter"),
    ];
    Ok(render::page(&HolderPage {
        layout: Layout::new(state, principal, "Tableau de bord", "/"),
        flux_chart: received_chart(
            &[(name.clone(), recus, droit)],
            &format!("Logements reçus et droit en {year}"),
        ),
        name,
        year,
        reference: format::date(today),
        figures,
        sentence,
        more: oriented.len().saturating_sub(lines.len()),
        chart: standing::chart(&lines),
        vacancies: lines,
        to_present,
    }))
}

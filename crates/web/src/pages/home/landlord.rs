//! The landlord's home page (« bailleur »): its open vacancies and where each stands (with a
//! chart of the stages), its commission's next session and its agenda, its own objectives of
//! the year so far (a table and a chart), and the reminder of its flux bilan. No name: the
//! candidates are on each vacancy's page.

use super::common::{Figure, objectives_chart, recounting};
use super::standing::{self, Standing};
use crate::format;
use crate::guard::Principal;
use crate::pages::live_objectives::{Live, of_organisme};
use crate::render::{self, Layout, Refusal};
use crate::state::AppState;
use askama::Template;
use axum::response::Response;
use logis_domain::allocation::VacancyStatus;
use logis_store::allocation::commissions;
use logis_store::allocation::vacancies::{self, VacancyFilter};

/// The next session of the landlord's commission.
pub struct NextSession {
    pub ligne: i64,
    pub date: String,
    pub lieu: String,
    pub dwellings: usize,
}

#[derive(Template)]
#[template(path = "accueil_bailleur.html")]
struct LandlordPage {
    layout: Layout,
    name: String,
    reference: String,
    figures: Vec<Figure>,
    vacancies: Vec<Standing>,
    /// Open vacancies beyond those detailed.
    more: usize,
    chart: String,
    next: Option<NextSession>,
    live: Option<Live>,
    objectives_chart: String,
    recounting: Option<&'static str>,
    flux_reminder: Option<(String, String)>,
}

pub async fn show(state: &AppState, principal: &Principal) -> Result<Response, Refusal> {
    let store = &*state.store;
    let today = state.clock.today();
    let scope = principal.perimeter();
    let own = scope.landlord().unwrap_or_default().to_owned();
    let filter =
        VacancyFilter { statut: Some(VacancyStatus::Open), ..VacancyFilter::within(&scope) };
    let open: Vec<_> = vacancies::list(store, &filter)
        .await?
        .into_iter()
        .filter(|v| scope.follows(&v.bailleur, v.candidates_holder()))
        .collect();
    let sessions =
        if own.is_empty() { Vec::new() } else { commissions::list(store, Some(&own)).await? };
    let lines = standing::of(state, &open, &sessions, false).await?;
    let next =
        match sessions.iter().filter(|c| c.date_seance >= today).min_by_key(|c| c.date_seance) {
            Some(c) => Some(NextSession {
                ligne: c.ligne.get(),
                date: format::date(c.date_seance),
                lieu: c.lieu.clone(),
                dwellings: commissions::agenda(store, c.ligne).await?.len(),
            }),
            None => None,
        };
    let secrecy = state.secrecy_for(principal);
    let (live, objectives) = match of_organisme(state, secrecy, &own, false).await {
        Err(e) if recounting(&e) => (None, Vec::new()),
        other => {
            let (live, objectives) = other?;
            (Some(live), objectives)
        }
    };
    let year = live.as_ref().map_or(today.year(), |l| l.year);
    let pending = lines.iter().filter(|l| l.stage == standing::Stage::Offer).count();
    let figures = vec![
        Figure::new(open.len() as u64, "logements vacants à attribuer").linked("/vacances"),
        Figure::new(pending as u64, "offres en attente de réponse"),
        Figure::written(
            next.as_ref().map_or_else(|| "aucune".to_owned(), |n| n.date.clone()),
            "prochaine commission d'attribution",
        )
        .linked("/commissions"),
    ];
    Ok(render::page(&LandlordPage {
        layout: Layout::new(state, principal, "Tableau de bord", "/"),
        name: state.organismes.name(&own),
        reference: format::date(today),
        figures,
        more: open.len().saturating_sub(lines.len()),
        chart: standing::chart(&lines),
        vacancies: lines,
        next,
        recounting: live.is_none().then_some(render::RECOUNTING),
        objectives_chart: objectives_chart(&objectives, year),
        live,
        flux_reminder: super::alerts::flux_reminder(state, principal).await?,
    }))
}

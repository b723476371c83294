//! The observer's home page (« observateur », an elected member of the CIL): the territory's
//! key figures, the last complete evaluation (the latest year with allocations: its objectives
//! against their targets, the link to the whole bilan), and the allocations of each year.
//! Figures only, never a name.

use super::common::{Figure, allocations_chart, latest_objectives, territory_figures};
use crate::format;
use crate::guard::Principal;
use crate::render::{self, Layout, Refusal};
use crate::state::AppState;
use askama::Template;
use axum::response::Response;

#[derive(Template)]
#[template(path = "accueil_observateur.html")]
struct ObserverPage {
    layout: Layout,
    reference: String,
    figures: Vec<Figure>,
    /// The year of the last complete evaluation and its objectives' section.
    evaluation: Option<(i32, String)>,
    recounting: Option<&'static str>,
    chart: String,
}

pub async fn show(state: &AppState, principal: &Principal) -> Result<Response, Refusal> {
    let today = state.clock.today();
    let o = state.overview.get(&*state.store, today).await?;
    let evaluation = latest_objectives(state, &o, state.secrecy_for(principal)).await?;
    Ok(render::page(&ObserverPage {
        layout: Layout::new(state, principal, "Tableau de bord", "/"),
        reference: format::date(today),
        figures: territory_figures(&o),
        recounting: (evaluation.is_none() && !o.attributions_par_annee.is_empty())
            .then_some(render::RECOUNTING),
        evaluation,
        chart: allocations_chart(&o),
    }))
}

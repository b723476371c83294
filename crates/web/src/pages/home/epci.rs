//! The EPCI's home page (« administrateur »): the alerts first (the year's income ceilings not
//! loaded, flux bilans not sent, applications past the « délai anormalement long »), the
//! territory's key figures, its objectives of the year so far (a chart, then the tables by
//! landlord, holder and commune), the last complete evaluation's objectives, the latest imports (the audit log's `import` lines), and the
//! allocations of each year.

use super::common::{
    Figure, allocations_chart, latest_objectives, objectives_chart, recounting, territory_figures,
};
use crate::format;
use crate::guard::Principal;
use crate::pages::live_objectives::{Live, live};
use crate::render::{self, Layout, Refusal};
use crate::state::AppState;
use askama::Template;
use axum::response::Response;
use logis_store::access::audit::{AuditAction, of_action_since};

/// The imports listed, and how far back.
const IMPORTS_SHOWN: u32 = 5;
const IMPORTS_SINCE: i64 = 365 * 86_400;

/// One import, as the audit log recorded it.
pub struct ImportLine {
    pub when: String,
    pub login: String,
    pub what: String,
}

#[derive(Template)]
#[template(path = "accueil_administrateur.html")]
struct EpciPage {
    layout: Layout,
    reference: String,
    figures: Vec<Figure>,
    missing_ceilings: Vec<String>,
    flux_reminder: Option<(String, String)>,
    /// Applications past the delay, and whether the count is whole.
    overdue: (usize, bool),
    live: Option<Live>,
    objectives_chart: String,
    recounting: Option<&'static str>,
    imports: Vec<ImportLine>,
    /// The year of the last complete evaluation and its objectives' section.
    evaluation: Option<(i32, String)>,
    chart: String,
}

pub async fn show(state: &AppState, principal: &Principal) -> Result<Response, Refusal> {
    let store = &*state.store;
    let today = state.clock.today();
    let o = state.overview.get(store, today).await?;
    let secrecy = state.secrecy_for(principal);
    let live = match live(state, secrecy).await {
        Err(e) if recounting(&e) => None,
        other => Some(other?),
    };
    let objectives_chart = match &live {
        Some(l) => {
            let progress = state.progress.get(store, today).await?;
            let (settings, _) = crate::bilans::territory_settings(store).await?;
            objectives_chart(
                &progress.objectives(&progress.whole, &settings.targets, false),
                l.year,
            )
        }
        None => String::new(),
    };
    let imports = of_action_since(
        store,
        AuditAction::Import,
        None,
        state.clock.unix() - IMPORTS_SINCE,
        IMPORTS_SHOWN,
    )
    .await?
    .into_iter()
    .map(|e| ImportLine { when: format::moment(e.at), login: e.login, what: e.target })
    .collect();
    Ok(render::page(&EpciPage {
        layout: Layout::new(state, principal, "Tableau de bord", "/"),
        reference: format::date(today),
        figures: territory_figures(&o),
        missing_ceilings: super::alerts::missing_ceilings(state, today.year()).await?,
        flux_reminder: super::alerts::flux_reminder(state, principal).await?,
        overdue: super::alerts::overdue(state).await?,
        recounting: live.is_none().then_some(render::RECOUNTING),
        live,
        objectives_chart,
        imports,
        evaluation: latest_objectives(state, &o, secrecy).await?,
        chart: allocations_chart(&o),
    }))
}

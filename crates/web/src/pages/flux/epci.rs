//! The EPCI's flux page: for the year, every landlord × holder (share, entitlement, received,
//! gap) with each landlord's flow, and which landlords sent their bilan of the year before (the
//! 28-February deadline); links to each landlord's page and the document of all landlords.

use super::YearQuery;
use super::view::HolderRow;
use crate::flux::year_asked;
use crate::guard::Principal;
use crate::render::{self, Layout, Refusal};
use crate::state::AppState;
use askama::Template;
use axum::Extension;
use axum::extract::{Query, State};
use axum::response::Response;
use std::collections::HashMap;

/// One landlord's block of the table.
pub struct LandlordBlock {
    pub id: String,
    pub name: String,
    pub loues: u64,
    pub flux_net: u64,
    pub holders: Vec<HolderRow>,
    /// Its bilan of the year before: when sent, else none.
    pub sent: Option<String>,
}

#[derive(Template)]
#[template(path = "flux_epci.html")]
struct EpciPage {
    layout: Layout,
    year: i32,
    blocks: Vec<LandlordBlock>,
    /// How many landlords have not sent their bilan of the year before.
    missing: usize,
    /// The reminder applies (from 1 February of the year after the bilan's).
    reminding: bool,
}

pub async fn show(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
    Query(query): Query<YearQuery>,
) -> Result<Response, Refusal> {
    let today = state.clock.today();
    let year = year_asked(query.annee, today.year());
    let name = |id: &str| state.organismes.name(id);
    let sent: HashMap<String, i64> = logis_store::flux::sent(&*state.store, year - 1)
        .await?
        .into_iter()
        .filter_map(|s| Some((s.bailleur.as_str().to_owned(), s.envoye_le?)))
        .collect();
    let bilans = state.flux.bilans(&state, year).await?;
    let blocks: Vec<LandlordBlock> = bilans
        .bailleurs
        .iter()
        .map(|b| LandlordBlock {
            id: b.bailleur.clone(),
            name: name(&b.bailleur),
            loues: b.loues,
            flux_net: b.flux_net,
            holders: b
                .reservataires
                .iter()
                .map(|l| HolderRow::of(l, name(&l.reservataire)))
                .collect(),
            sent: sent.get(&b.bailleur).map(|at| logis_domain::french::moment(*at)),
        })
        .collect();
    let missing = blocks.iter().filter(|b| b.sent.is_none()).count();
    Ok(render::page(&EpciPage {
        layout: Layout::new(&state, &principal, "Gestion en flux du territoire", "/flux"),
        year,
        blocks,
        missing,
        reminding: crate::pages::home::alerts::flux_reminder_applies(today, year - 1),
    }))
}

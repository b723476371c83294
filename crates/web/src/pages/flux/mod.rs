//! Reservation rights as a yearly flow (gestion en flux): `/flux` opens the page of the account's
//! organisation — a landlord's ([`landlord`]: its conventions by year, its position, its
//! 28-February bilan with the forecast and the sending, the stock → flow inventory), a
//! holder's ([`holder`]: what it is owed and what it received from each landlord, the dwellings
//! oriented to it, its conventions), the EPCI's ([`epci`]: every landlord × holder, the bilans
//! sent) —; conventions are amended a year at a time ([`conventions`]); the documents are
//! downloaded as JSON, PDF or XLSX ([`documents`]). The lines and charts they share are in
//! [`view`].

pub mod conventions;
pub mod documents;
pub mod epci;
pub mod holder;
pub mod landlord;
pub mod view;

use crate::guard::Principal;
use crate::render::Refusal;
use crate::state::AppState;
use axum::Extension;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use logis_access::Perimeter;
use serde::Deserialize;

/// The year a flux page shows (`?annee=`).
#[derive(Debug, Default, Deserialize)]
pub struct YearQuery {
    pub annee: Option<i32>,
}

/// The flux page of the account's organisation.
pub async fn show(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
    query: Query<YearQuery>,
) -> Result<Response, Refusal> {
    match principal.perimeter() {
        Perimeter::All => epci::show(State(state), Extension(principal), query).await,
        Perimeter::Landlord(id) => {
            let year = query.annee.map(|y| format!("?annee={y}")).unwrap_or_default();
            Ok(Redirect::to(&format!("/flux/bailleurs/{}{year}", crate::format::url_encoded(&id)))
                .into_response())
        }
        Perimeter::Holder(_) => holder::show(State(state), Extension(principal), query).await,
        Perimeter::None => Err(Refusal::Forbidden),
    }
}

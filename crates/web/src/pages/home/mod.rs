//! The home page (« tableau de bord »), one per role, each answering its first question: the
//! reception desk's applications to complete, to renew and registered this week ([`desk`]);
//! the landlord's vacancies, next session and objectives ([`landlord`]); the reservation
//! holder's dwellings, entitlement and candidates to present ([`holder`]); the social worker's
//! households and what changed since its last visit ([`social`]); the EPCI's objectives,
//! alerts and imports ([`epci`]); the observer's last complete evaluation ([`observer`]).

pub mod alerts;
pub mod common;
pub mod desk;
pub mod epci;
pub mod holder;
pub mod landlord;
pub mod observer;
pub mod social;
pub mod standing;

use crate::guard::{Origin, Principal};
use crate::render::Refusal;
use crate::state::AppState;
use axum::Extension;
use axum::extract::State;
use axum::response::Response;
use logis_access::Role;

/// `GET /`: the home page of the principal's role.
pub async fn show(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
    Extension(origin): Extension<Origin>,
) -> Result<Response, Refusal> {
    match principal.role {
        Role::Guichet => desk::show(&state, &principal, &origin).await,
        Role::Bailleur => landlord::show(&state, &principal).await,
        Role::Reservataire => holder::show(&state, &principal).await,
        Role::TravailleurSocial => social::show(&state, &principal, &origin).await,
        Role::Administrateur => epci::show(&state, &principal).await,
        Role::Observateur => observer::show(&state, &principal).await,
    }
}

//! The examination of a vacancy's dwelling — today on the vacancy's page, on the session's day
//! for a commission (its income ceilings are those of that day's year) — with the commune's
//! name from the territory's communes (see `logis_allocation::examination`).

use crate::state::AppState;
use logis_domain::Logement;
use logis_store::allocation::vacancies::Vacancy;

pub use logis_allocation::examination::Examination;

/// The examination of `vacancy` (its dwelling `dwelling`) today.
pub async fn of(
    state: &AppState,
    vacancy: &Vacancy,
    dwelling: &Logement,
) -> Result<Examination, logis_store::StoreError> {
    on(state, vacancy, dwelling, state.clock.today()).await
}

/// The examination of `vacancy` (its dwelling `dwelling`) on `day`: a commission's session.
pub async fn on(
    state: &AppState,
    vacancy: &Vacancy,
    dwelling: &Logement,
    day: logis_domain::Date,
) -> Result<Examination, logis_store::StoreError> {
    let commune = state.communes.name(dwelling.commune.as_str());
    Examination::of(&*state.store, vacancy.candidates_holder().as_str(), dwelling, commune, day)
        .await
}

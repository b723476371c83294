//! The examination of a vacancy's dwelling today, with the commune's name from the territory's
//! communes (see `logis_allocation::examination`).

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
    let commune = state.communes.name(dwelling.commune.as_str());
    let today = time::OffsetDateTime::now_utc().date();
    Examination::of(&*state.store, &vacancy.reservataire, dwelling, commune, today).await
}

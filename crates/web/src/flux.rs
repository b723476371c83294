//! What the flux pages and the API read: the part of the register `logis_flux` computes on
//! (the years shown, one landlord's or all), the landlords, a landlord known to be one, a
//! landlord's bilan of a year with the forecast it prepared, and a year asked in a query
//! (bounded).

use crate::render::Refusal;
use crate::state::AppState;
use logis_domain::OrganismeId;
use logis_flux::Register;
use logis_flux::bilan::{FluxBilan, bilan};

/// The register and the landlords, read once for one page or answer.
pub struct FluxData {
    pub register: Register,
    pub landlords: Vec<OrganismeId>,
}

impl FluxData {
    /// What the computations of `years` read: every landlord's, or `landlord`'s only (with
    /// all its dwellings, the inventory's stock).
    pub async fn read(
        state: &AppState,
        years: std::ops::RangeInclusive<i32>,
        landlord: Option<&OrganismeId>,
    ) -> Result<FluxData, Refusal> {
        let store = &*state.store;
        let landlords = logis_transfer::flux::landlords(store).await?;
        let register = logis_transfer::flux::register_between(store, years, landlord).await?;
        Ok(FluxData { register, landlords })
    }

    /// The bilan of `landlord` for `year`, with the forecast it prepared.
    pub async fn bilan(
        &self,
        state: &AppState,
        landlord: &OrganismeId,
        year: i32,
    ) -> Result<FluxBilan, Refusal> {
        let computed = bilan(year, landlord, &self.register);
        logis_allocation::flux::sending::with_prepared_forecast(&*state.store, computed)
            .await
            .map_err(crate::steps::step_refusal)
    }
}

/// The year a page or an answer is about: the one asked when it is a year of conventions, else
/// `default`.
pub fn year_asked(asked: Option<i32>, default: i32) -> i32 {
    asked.filter(|y| logis_allocation::flux::conventions::YEARS.contains(y)).unwrap_or(default)
}

/// The landlord `typed`, if it is one.
pub async fn landlord(state: &AppState, typed: &str) -> Result<OrganismeId, Refusal> {
    let id = OrganismeId::parse(typed).map_err(|_| Refusal::NotFound)?;
    match logis_allocation::workflow::vacancy::organisme(&*state.store, &id)
        .await
        .map_err(crate::steps::step_refusal)?
    {
        Some(o) if o.kind == logis_domain::OrganismeType::Bailleur => Ok(id),
        _ => Err(Refusal::NotFound),
    }
}

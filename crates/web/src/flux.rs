//! What the flux pages and the API read: the part of the register `logis_flux` computes on
//! (the years shown, one landlord's or all), the landlords, a landlord known to be one, a
//! landlord's bilan of a year with the forecast it prepared, and a year asked in a query
//! (bounded); every landlord's bilan of a year, kept a minute ([`FluxCache`]).

use crate::render::Refusal;
use crate::state::AppState;
use logis_domain::OrganismeId;
use logis_flux::Register;
use logis_flux::bilan::{Bilans, FluxBilan, bilan, bilans};
use std::sync::Arc;

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

    /// Every landlord's bilan of `year`, each with the forecast it prepared.
    pub async fn all_bilans(&self, state: &AppState, year: i32) -> Result<Bilans, Refusal> {
        let mut prepared = Vec::new();
        for computed in bilans(year, &self.landlords, &self.register).bailleurs {
            let with =
                logis_allocation::flux::sending::with_prepared_forecast(&*state.store, computed);
            prepared.push(with.await.map_err(crate::steps::step_refusal)?);
        }
        Ok(Bilans { annee: year, bailleurs: prepared })
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

/// The lettings `landlord` set aside in `year`: its bilan's forecast when it sends it without
/// having prepared one.
pub async fn set_aside_in(
    state: &AppState,
    landlord: &OrganismeId,
    year: i32,
) -> Result<logis_flux::set_aside::SetAsideCounts, Refusal> {
    let data = FluxData::read(state, year..=year, Some(landlord)).await?;
    Ok(bilan(year, landlord, &data.register).mis_de_cote)
}

/// `year` when it is a year of conventions, else a « not found ».
pub fn checked_year(year: i32) -> Result<i32, Refusal> {
    if logis_allocation::flux::conventions::YEARS.contains(&year) {
        Ok(year)
    } else {
        Err(Refusal::NotFound)
    }
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

/// Every landlord's bilan of a year, kept for the holders' and the EPCI's pages: a year of a
/// national register is some 200 000 lettings, counted at most once a minute per year and
/// forgotten when the data or the conventions change.
#[derive(Default)]
pub struct FluxCache {
    kept: std::sync::Mutex<std::collections::HashMap<i32, (std::time::Instant, Arc<Bilans>)>>,
}

/// The most conventions a page lists (a holder's of one year, on a national register).
pub const MOST_CONVENTIONS: usize = 5_000;

/// How long counted bilans are used.
const KEEP: std::time::Duration = std::time::Duration::from_secs(60);

/// The most years kept at once.
const MOST_YEARS: usize = 8;

impl FluxCache {
    /// Every landlord's bilan of `year`, as computed (without the forecasts they prepared).
    pub async fn bilans(&self, state: &AppState, year: i32) -> Result<Arc<Bilans>, Refusal> {
        if let Some((at, kept)) = self.kept.lock().expect("flux cache").get(&year)
            && at.elapsed() < KEEP
        {
            return Ok(kept.clone());
        }
        let data = FluxData::read(state, year..=year, None).await?;
        let counted = Arc::new(bilans(year, &data.landlords, &data.register));
        let mut kept = self.kept.lock().expect("flux cache");
        if kept.len() >= MOST_YEARS {
            kept.clear();
        }
        kept.insert(year, (std::time::Instant::now(), counted.clone()));
        Ok(counted)
    }

    pub fn forget(&self) {
        self.kept.lock().expect("flux cache").clear();
    }
}

//! The holder Logis proposes for a freed dwelling: under flux management (the landlord has
//! conventions for the year the dwelling frees up) the deficit rule of flux.md over the
//! dwellings the landlord oriented so far that year, with each holder's share, count and
//! deficit; otherwise, as in stock management, the holder of the dwelling's reservation, else
//! the landlord.

use logis_domain::{Date, Logement, OrganismeId};
use logis_flux::Register;
use logis_flux::orientation::{Proposal, propose};
use logis_store::allocation::vacancies;
use logis_store::{Store, StoreError};
use std::collections::HashMap;

/// What Logis proposes for a dwelling freed on a day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Orientation {
    /// The holder proposed.
    pub holder: OrganismeId,
    /// The year of the flow the dwelling belongs to.
    pub year: i32,
    /// Under flux management, the deficit rule's figures (the proposed holder first); none in
    /// stock management.
    pub proposal: Option<Proposal>,
}

/// The holder proposed for `dwelling` freed on `day`.
pub async fn orientation(
    store: &dyn Store,
    dwelling: &Logement,
    day: Date,
) -> Result<Orientation, StoreError> {
    let year = day.year();
    let landlord = &dwelling.bailleur;
    let conventions: Vec<_> = logis_store::flux::conventions_of(store, landlord)
        .await?
        .into_iter()
        .filter(|c| c.annee == year)
        .collect();
    if conventions.is_empty() {
        let holder = crate::workflow::vacancy::proposed_holder(dwelling);
        return Ok(Orientation { holder, year, proposal: None });
    }
    let oriented: HashMap<OrganismeId, u64> =
        vacancies::oriented_in_year(store, landlord, year).await?.into_iter().collect();
    let register = Register { conventions, ..Register::default() };
    let proposal = propose(year, landlord, &dwelling.commune, &register, &oriented);
    Ok(Orientation { holder: proposal.holder.clone(), year, proposal: Some(proposal) })
}

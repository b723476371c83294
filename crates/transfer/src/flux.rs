//! The register as the flux computations read it ([`logis_flux::Register`]): the allocations,
//! each dwelling's landlord, holder, financing and construction period, the applications of
//! social tenants with their landlord, and the conventions — read from the store one table at a
//! time, keeping only what the computations use: the whole register ([`register`]), or one
//! year's with the priority households it satisfied, as the yearly evaluation reads it
//! ([`register_of_year`]).

use logis_domain::{
    Attribution, Convention, Demande, Logement, LogementId, NumeroUnique, Organisme, OrganismeId,
    OrganismeType,
};
use logis_flux::{Dwelling, Register};
use logis_store::{Store, StoreError, export_all};
use std::collections::HashSet;

/// What the flux computations need of `store`.
pub async fn register(store: &dyn Store) -> Result<Register, StoreError> {
    Ok(read(store, None).await?.register)
}

/// One year's register, and the households of its allocations that are priority ones.
#[derive(Debug, Clone, Default)]
pub struct YearRegister {
    /// The allocations whose lease was signed in the year, their dwellings, the social tenants
    /// among the households they satisfied and the conventions of the year: all a bilan of the
    /// year reads, and no more.
    pub register: Register,
    /// The applications of those allocations that are priority households
    /// ([`Demande::is_priority`], the definition of the evaluation's objectives).
    pub priority: HashSet<NumeroUnique>,
}

/// The register of `year` ([`YearRegister`]): memory follows the year's allocations, not the
/// whole register.
pub async fn register_of_year(store: &dyn Store, year: i32) -> Result<YearRegister, StoreError> {
    read(store, Some(year)).await
}

/// The register of `year`, or the whole one; the priority households only for a year.
async fn read(store: &dyn Store, year: Option<i32>) -> Result<YearRegister, StoreError> {
    let mut found = YearRegister::default();
    let register = &mut found.register;
    export_all::<Attribution>(store, &mut |a| {
        if year.is_none_or(|y| a.year() == y) {
            register.attributions.push(a);
        }
        Ok(())
    })
    .await?;
    // For one year: the dwellings let and the households satisfied that year.
    let year_only: Option<(HashSet<LogementId>, HashSet<NumeroUnique>)> = year.map(|_| {
        let attributions = &register.attributions;
        (
            attributions.iter().filter_map(|a| a.logement_id.clone()).collect(),
            attributions.iter().map(|a| a.numero_unique.clone()).collect(),
        )
    });
    export_all::<Logement>(store, &mut |l| {
        if year_only.as_ref().is_none_or(|(dwellings, _)| dwellings.contains(&l.logement_id)) {
            register.dwellings.insert(l.logement_id.clone(), Dwelling::of(&l));
        }
        Ok(())
    })
    .await?;
    let priority = &mut found.priority;
    export_all::<Demande>(store, &mut |d| {
        let satisfied =
            year_only.as_ref().map(|(_, households)| households.contains(&d.numero_unique));
        if satisfied != Some(false) {
            register.add_application(&d);
        }
        if satisfied == Some(true) && d.is_priority() {
            priority.insert(d.numero_unique);
        }
        Ok(())
    })
    .await?;
    export_all::<Convention>(store, &mut |c| {
        if year.is_none_or(|y| c.annee == y) {
            register.conventions.push(c);
        }
        Ok(())
    })
    .await?;
    Ok(found)
}

/// The organismes of type `bailleur`, in identifier order.
pub async fn landlords(store: &dyn Store) -> Result<Vec<OrganismeId>, StoreError> {
    let mut found = Vec::new();
    export_all::<Organisme>(store, &mut |o| {
        if o.kind == OrganismeType::Bailleur {
            found.push(o.organisme_id);
        }
        Ok(())
    })
    .await?;
    found.sort();
    Ok(found)
}

//! The register as the flux computations read it ([`logis_flux::Register`]): the allocations,
//! each dwelling's landlord, holder, financing and construction period, the applications of
//! social tenants with their landlord, and the conventions — read from the store one table at a
//! time, keeping only what the computations use: the whole register ([`register`]), one
//! year's with the priority households it satisfied, as the yearly evaluation reads it
//! ([`register_of_year`]), or, by indexed queries, a few years' and one landlord's, as the flux
//! pages read it ([`register_between`]).

use logis_domain::{
    Attribution, Convention, Demande, Logement, LogementId, NumeroUnique, Organisme, OrganismeId,
    OrganismeType,
};
use logis_flux::{Dwelling, Register};
use logis_store::select::select;
use logis_store::statement::{date, int, text};
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

/// The part of the register the flux pages read, by indexed queries rather than whole tables
/// (a national register has millions of rows): the allocations whose lease was signed in
/// `years` — of `landlord`'s dwellings only, when given —, their dwellings and, for a landlord,
/// all of its dwellings (the inventory's stock), the social tenants among the households they
/// satisfied, and the conventions of those years.
pub async fn register_between(
    store: &dyn Store,
    years: std::ops::RangeInclusive<i32>,
    landlord: Option<&OrganismeId>,
) -> Result<Register, StoreError> {
    let first = |year: i32| {
        logis_domain::Date::from_calendar_date(year, time::Month::January, 1)
            .map_err(|e| StoreError::other(format!("année {year} : {e}")))
    };
    let mut params = vec![date(first(*years.start())?), date(first(years.end() + 1)?)];
    let mut lettings = "date_bail >= $1 AND date_bail < $2".to_owned();
    if let Some(landlord) = landlord {
        params.push(text(landlord.as_str()));
        lettings.push_str(
            " AND (bailleur = $3 OR logement_id IN (SELECT logement_id FROM logements WHERE bailleur = $3))",
        );
    }
    const ALL: usize = i64::MAX as usize;
    let mut register = Register {
        attributions: select::<Attribution>(store, &lettings, &params, ALL).await?,
        ..Register::default()
    };
    let dwellings = match landlord {
        Some(_) => format!(
            "bailleur = $3 OR logement_id IN (SELECT logement_id FROM attributions WHERE {lettings})"
        ),
        None => format!("logement_id IN (SELECT logement_id FROM attributions WHERE {lettings})"),
    };
    for l in select::<Logement>(store, &dwellings, &params, ALL).await? {
        register.dwellings.insert(l.logement_id.clone(), Dwelling::of(&l));
    }
    let households =
        format!("numero_unique IN (SELECT numero_unique FROM attributions WHERE {lettings})");
    for d in select::<Demande>(store, &households, &params, ALL).await? {
        register.add_application(&d);
    }
    let mut agreed = vec![int(i64::from(*years.start())), int(i64::from(*years.end()))];
    let mut signed = "annee >= $1 AND annee <= $2".to_owned();
    if let Some(landlord) = landlord {
        agreed.push(text(landlord.as_str()));
        signed.push_str(" AND bailleur = $3");
    }
    register.conventions = select::<Convention>(store, &signed, &agreed, ALL).await?;
    Ok(register)
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

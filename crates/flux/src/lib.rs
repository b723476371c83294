//! Reservation rights as a yearly flow (gestion en flux, décret 2020-145), computed as
//! ../shared/spec/flux.md defines them, from plain values: which lettings are set aside
//! ([`set_aside`]), what conventions may not do together ([`conventions`]), the bilan a
//! landlord sends before 28 February ([`bilan`]), the inventory
//! that turns reserved stock into proposed shares ([`inventory`]) and the holder proposed for
//! a freed dwelling by the deficit rule ([`orientation`]). Pure: no IO, every figure exact
//! (shares in ten-thousandths of a percent, one rounding, half away from zero).

pub mod bilan;
pub mod conventions;
mod counts;
pub mod index;
pub mod inventory;
pub mod orientation;
mod rounding;
pub mod set_aside;

pub use index::ConventionIndex;

use logis_domain::{
    Attribution, ConstructionPeriod, Convention, Demande, Financement, Logement, LogementId,
    NumeroUnique, OrganismeId, SituationLogement,
};
use std::collections::HashMap;

/// What the flux computations know of a dwelling.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dwelling {
    pub bailleur: OrganismeId,
    /// The holder of its reservation in the stock (none: the landlord itself).
    pub reservataire: Option<OrganismeId>,
    pub financement: Financement,
    pub construction: ConstructionPeriod,
}

impl Dwelling {
    /// What the computations read of a dwelling of logements.csv.
    pub fn of(logement: &Logement) -> Dwelling {
        Dwelling {
            bailleur: logement.bailleur.clone(),
            reservataire: logement.reservataire.clone(),
            financement: logement.financement,
            construction: ConstructionPeriod::of(logement.annee_construction),
        }
    }
}

/// What the computations read of the register.
#[derive(Debug, Clone, Default)]
pub struct Register {
    pub attributions: Vec<Attribution>,
    pub dwellings: HashMap<LogementId, Dwelling>,
    /// The applications whose household rented from a social landlord (`situation_logement =
    /// locataire_hlm`), with that landlord (`bailleur_actuel`) when known.
    pub social_tenants: HashMap<NumeroUnique, Option<OrganismeId>>,
    pub conventions: Vec<Convention>,
}

impl Register {
    /// Keeps `demande` among the social tenants if its household rents from a social landlord
    /// (what tells an internal transfer).
    pub fn add_application(&mut self, demande: &Demande) {
        if demande.situation_logement == SituationLogement::LocataireHlm {
            self.social_tenants
                .insert(demande.numero_unique.clone(), demande.bailleur_actuel.clone());
        }
    }

    /// The conventions of `landlord` for `year`, leaving out any row that names the landlord
    /// itself as holder (the import refuses them).
    fn conventions_of<'a>(
        &'a self,
        landlord: &'a OrganismeId,
        year: i32,
    ) -> impl Iterator<Item = &'a Convention> + 'a {
        self.conventions.iter().filter(move |c| {
            c.bailleur == *landlord && c.annee == year && c.reservataire != *landlord
        })
    }
}

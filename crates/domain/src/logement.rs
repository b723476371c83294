//! Dwellings of the social housing stock.

use crate::amount::Amount;
use crate::codes::{Financement, Typologie};
use crate::ids::{CodeInsee, LogementId, OrganismeId};

/// One row of logements.csv.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Logement {
    pub logement_id: LogementId,
    pub bailleur: OrganismeId,
    pub commune: CodeInsee,
    pub adresse: Option<String>,
    /// QPV code when inside a priority neighbourhood.
    pub qpv: Option<String>,
    pub typologie: Typologie,
    /// Square metres.
    pub surface: Option<Amount>,
    pub loyer: Amount,
    pub charges: Option<Amount>,
    pub financement: Financement,
    /// 0 = ground floor.
    pub etage: Option<i32>,
    pub ascenseur: Option<bool>,
    pub pmr: Option<bool>,
    /// Holder of the reservation; `None` = the landlord itself.
    pub reservataire: Option<OrganismeId>,
    /// The year the building was completed (the flux bilan's construction period).
    pub annee_construction: Option<i32>,
}

impl Logement {
    /// Whether the dwelling lies in a priority neighbourhood (QPV).
    pub fn in_qpv(&self) -> bool {
        self.qpv.is_some()
    }
}

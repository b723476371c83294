//! Which dwellings, vacancies and commissions an account reaches: a landlord's staff those of
//! their landlord, a reservation holder's staff the vacancies oriented to their organisme (to
//! follow them, not to decide), the EPCI every one.

use crate::guard::Principal;
use crate::render::Refusal;
use logis_access::Role;
use logis_store::allocation::vacancies::{Vacancy, VacancyFilter};

/// What an account reaches.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    /// The EPCI: every landlord's.
    All,
    /// A landlord's staff: its dwellings, vacancies and commissions.
    Landlord(String),
    /// A reservation holder's staff: the vacancies oriented to it.
    Holder(String),
    /// Nothing.
    None,
}

impl Scope {
    pub fn of(principal: &Principal) -> Scope {
        match (principal.role, principal.organisme.clone()) {
            (Role::Administrateur, _) => Scope::All,
            (Role::Bailleur, Some(organisme)) => Scope::Landlord(organisme),
            (Role::Reservataire, Some(organisme)) => Scope::Holder(organisme),
            _ => Scope::None,
        }
    }

    /// The landlord whose records are listed (`None`: every one's).
    pub fn landlord(&self) -> Option<&str> {
        match self {
            Scope::Landlord(l) => Some(l),
            _ => None,
        }
    }

    /// The vacancies this scope lists.
    pub fn vacancies(&self) -> VacancyFilter<'_> {
        match self {
            Scope::Landlord(l) => VacancyFilter { bailleur: Some(l), ..VacancyFilter::default() },
            Scope::Holder(h) => VacancyFilter { reservataire: Some(h), ..VacancyFilter::default() },
            Scope::All | Scope::None => VacancyFilter::default(),
        }
    }

    /// Whether the scope may follow `vacancy` (see it and its candidates).
    pub fn follows(&self, vacancy: &Vacancy) -> bool {
        match self {
            Scope::All => true,
            Scope::Landlord(l) => vacancy.bailleur == *l,
            Scope::Holder(h) => vacancy.reservataire == *h,
            Scope::None => false,
        }
    }

    /// Whether the scope manages what belongs to `landlord` (declares, decides, offers).
    pub fn manages(&self, landlord: &str) -> bool {
        match self {
            Scope::All => true,
            Scope::Landlord(l) => l == landlord,
            Scope::Holder(_) | Scope::None => false,
        }
    }

    /// [`Scope::follows`] as a refusal.
    pub fn check_follows(&self, vacancy: &Vacancy) -> Result<(), Refusal> {
        if self.follows(vacancy) { Ok(()) } else { Err(Refusal::Forbidden) }
    }

    /// [`Scope::manages`] as a refusal.
    pub fn check_manages(&self, landlord: &str) -> Result<(), Refusal> {
        if self.manages(landlord) { Ok(()) } else { Err(Refusal::Forbidden) }
    }
}

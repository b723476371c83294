//! Which landlords' allocation work an account reaches: a landlord's staff the dwellings,
//! vacancies and commissions of their landlord; a reservation holder's staff the vacancies
//! oriented to their organisme (to follow them, not to decide); the EPCI every one. The
//! allocation steps check it ([`Perimeter::manages`]), the pages and the API list with it.

use crate::Role;

/// What an account reaches of the allocation work.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Perimeter {
    /// The EPCI: every landlord's.
    All,
    /// A landlord's staff: its dwellings, vacancies and commissions.
    Landlord(String),
    /// A reservation holder's staff: the vacancies oriented to it.
    Holder(String),
    /// Nothing.
    None,
}

impl Perimeter {
    /// The perimeter of an account of `role` attached to `organisme`.
    pub fn of(role: Role, organisme: Option<&str>) -> Perimeter {
        match (role, organisme) {
            (Role::Administrateur, _) => Perimeter::All,
            (Role::Bailleur, Some(organisme)) => Perimeter::Landlord(organisme.to_owned()),
            (Role::Reservataire, Some(organisme)) => Perimeter::Holder(organisme.to_owned()),
            _ => Perimeter::None,
        }
    }

    /// The landlord whose records are listed (`None`: every one's, or none).
    pub fn landlord(&self) -> Option<&str> {
        match self {
            Perimeter::Landlord(l) => Some(l),
            _ => None,
        }
    }

    /// The reservation holder whose vacancies are listed, for a holder's staff.
    pub fn holder(&self) -> Option<&str> {
        match self {
            Perimeter::Holder(h) => Some(h),
            _ => None,
        }
    }

    /// Whether it may follow a vacancy of `landlord` oriented to `holder` (see it and its
    /// candidates); both are organisations' identifiers (text, or their newtype).
    pub fn follows(
        &self,
        landlord: &(impl AsRef<str> + ?Sized),
        holder: &(impl AsRef<str> + ?Sized),
    ) -> bool {
        match self {
            Perimeter::All => true,
            Perimeter::Landlord(l) => l == landlord.as_ref(),
            Perimeter::Holder(h) => h == holder.as_ref(),
            Perimeter::None => false,
        }
    }

    /// Whether it manages some landlord's allocation work (the EPCI, a landlord's staff).
    pub fn manages_any(&self) -> bool {
        matches!(self, Perimeter::All | Perimeter::Landlord(_))
    }

    /// Whether it manages what belongs to `landlord` (declares, decides, offers, signs).
    pub fn manages(&self, landlord: &(impl AsRef<str> + ?Sized)) -> bool {
        match self {
            Perimeter::All => true,
            Perimeter::Landlord(l) => l == landlord.as_ref(),
            Perimeter::Holder(_) | Perimeter::None => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_role_reaches_its_own_organisme_s_work() {
        let landlord = Perimeter::of(Role::Bailleur, Some("tgh"));
        assert!(landlord.manages("tgh") && !landlord.manages("autre"));
        assert!(landlord.follows("tgh", "etat") && !landlord.follows("autre", "etat"));
        let holder = Perimeter::of(Role::Reservataire, Some("etat"));
        assert!(holder.follows("tgh", "etat") && !holder.manages("tgh"));
        assert!(Perimeter::of(Role::Administrateur, None).manages("tgh"));
        assert_eq!(Perimeter::of(Role::Bailleur, None), Perimeter::None, "not attached");
        assert!(landlord.manages_any() && !holder.manages_any());
        assert!(!Perimeter::None.manages_any());
        assert_eq!(Perimeter::of(Role::Guichet, Some("tgh")), Perimeter::None);
    }
}

//! The public of the reservation holder a dwelling is oriented to (gestion en flux): the State's
//! contingent for priority households, Action Logement's for employees of private firms, the
//! State's contingent for public servants; the others (the landlord itself, communes, the EPCI)
//! have no restriction.

use logis_domain::{Demande, Organisme, OrganismeType};

/// Whose applications a holder's dwelling goes to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HolderPublic {
    /// Every application.
    Any,
    /// Priority households (DALO or a criterion of L441-1): the préfet's contingent.
    PriorityHouseholds,
    /// Employees of private firms (`salarie_prive`): Action Logement.
    PrivateEmployees,
    /// Public servants (`agent_public`): the State's contingent for public servants.
    PublicServants,
}

impl HolderPublic {
    /// The public of a reservation holder (formats.md, organismes.csv): the State's contingent
    /// for public servants is an organisme of type `etat` whose identifier names them
    /// (`etat_fonctionnaires`, say); the rest of the State's goes to priority households;
    /// Action Logement's to employees of private firms; the others' to every application.
    pub fn of_holder(holder: &Organisme) -> HolderPublic {
        let id = holder.organisme_id.as_str().to_lowercase();
        match holder.kind {
            OrganismeType::Etat if id.contains("fonctionnaire") || id.contains("agent") => {
                HolderPublic::PublicServants
            }
            OrganismeType::Etat => HolderPublic::PriorityHouseholds,
            OrganismeType::ActionLogement => HolderPublic::PrivateEmployees,
            _ => HolderPublic::Any,
        }
    }

    /// Why the application belongs to the public (`None` when there is no restriction), or
    /// why it does not.
    pub fn admits(self, d: &Demande) -> Result<Option<String>, String> {
        let priority = d.dalo == Some(true) || !d.criteres_prioritaires.is_empty();
        match self {
            HolderPublic::Any => Ok(None),
            HolderPublic::PriorityHouseholds if priority => {
                Ok(Some("ménage prioritaire : public du contingent préfectoral".to_owned()))
            }
            HolderPublic::PriorityHouseholds => Err(
                "logement du contingent préfectoral, réservé aux ménages prioritaires (DALO ou critère de l'article L441-1) : ce ménage ne l'est pas".to_owned(),
            ),
            HolderPublic::PrivateEmployees if d.salarie_prive == Some(true) => {
                Ok(Some("salarié du secteur privé : public d'Action Logement".to_owned()))
            }
            HolderPublic::PrivateEmployees => Err(
                "logement d'Action Logement, réservé aux salariés des entreprises privées : ce ménage n'en est pas".to_owned(),
            ),
            HolderPublic::PublicServants if d.agent_public == Some(true) => {
                Ok(Some("agent public : public du contingent des fonctionnaires".to_owned()))
            }
            HolderPublic::PublicServants => Err(
                "logement du contingent des agents publics : ce ménage n'en compte pas".to_owned(),
            ),
        }
    }
}

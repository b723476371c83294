//! The roles of the partners' application and what each one may do.

use std::fmt;

/// A role given to an account (issue 5; ../shared/guide/product.md).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Role {
    /// The EPCI's housing officers: everything, settings, users, audit log.
    Administrateur,
    /// A commune's or a landlord's reception desk: registers and updates applications.
    Guichet,
    /// A landlord's allocation staff.
    Bailleur,
    /// A reservation holder's staff (State, Action Logement, commune…).
    Reservataire,
    /// A social worker: only the households they follow, with their consent.
    TravailleurSocial,
    /// Statistics and the evaluation only, never a name or a personal file.
    Observateur,
}

/// Which applications a role reaches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reach {
    /// Every application of the territory.
    Territory,
    /// The applications of the households the account follows (a consented link).
    FollowedHouseholds,
    /// No application: counts only.
    None,
}

/// What an account must be attached to, by role.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Attachment {
    /// Nothing.
    None,
    /// An organisation (`--organisme`).
    Organisme,
    /// A commune (`--commune`) or an organisation (`--organisme`).
    CommuneOrOrganisme,
}

/// What a role may do, in one place: every page and API route asks here.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Permissions {
    pub reach: Reach,
    /// Names, contact details, the file of an applicant.
    pub personal_data: bool,
    /// Register an application and update it.
    pub register_applications: bool,
    /// Label a household as a priority (a social worker proposes instead).
    pub label_priority: bool,
    /// Propose a priority label with its evidence, for a partner to decide.
    pub propose_priority: bool,
    /// Annotate the applications it reaches.
    pub annotate: bool,
    /// Import file sets.
    pub import: bool,
    /// Settings (cotation grid, objectives, thresholds), accounts, tokens, audit log.
    pub administer: bool,
    /// Statistics and the bilan.
    pub statistics: bool,
    /// Follow vacant dwellings and their candidates (a landlord its own, a reservation holder
    /// those oriented to it, the EPCI every one).
    pub follow_vacancies: bool,
    /// Allocate: declare vacancies, hold commissions, record decisions, offers and leases
    /// (a landlord for its own dwellings, the EPCI for every one).
    pub allocate: bool,
}

impl Permissions {
    /// Nothing at all: what an applicant reading their own file may do of a partner's acts.
    pub const NONE: Permissions = Permissions {
        reach: Reach::None,
        personal_data: false,
        register_applications: false,
        label_priority: false,
        propose_priority: false,
        annotate: false,
        import: false,
        administer: false,
        statistics: false,
        follow_vacancies: false,
        allocate: false,
    };
}

/// An account saved without what its role is attached to; its French sentence says so in the
/// words of a page (a command adds its options).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MissingAttachment {
    pub role: Role,
    pub needed: Attachment,
}

impl std::fmt::Display for MissingAttachment {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let label = self.role.label();
        match self.needed {
            Attachment::CommuneOrOrganisme => write!(
                f,
                "un compte {label} est rattaché à une commune ou à un organisme : indiquez l'une ou l'autre"
            ),
            _ => write!(f, "un compte {label} est rattaché à son organisme : indiquez lequel"),
        }
    }
}

impl Role {
    /// Every role, in the order they are presented.
    pub const ALL: [Role; 6] = [
        Role::Administrateur,
        Role::Guichet,
        Role::Bailleur,
        Role::Reservataire,
        Role::TravailleurSocial,
        Role::Observateur,
    ];

    /// The code stored and typed on the command line.
    pub fn code(self) -> &'static str {
        match self {
            Role::Administrateur => "administrateur",
            Role::Guichet => "guichet",
            Role::Bailleur => "bailleur",
            Role::Reservataire => "reservataire",
            Role::TravailleurSocial => "travailleur_social",
            Role::Observateur => "observateur",
        }
    }

    /// The French label shown to users.
    pub fn label(self) -> &'static str {
        match self {
            Role::Administrateur => "administrateur (EPCI)",
            Role::Guichet => "guichet d'enregistrement",
            Role::Bailleur => "bailleur",
            Role::Reservataire => "réservataire",
            Role::TravailleurSocial => "travailleur social",
            Role::Observateur => "observateur",
        }
    }

    /// The role of a code, if it is one.
    pub fn from_code(code: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.code() == code)
    }

    /// What an account of this role must be attached to.
    pub fn attachment(self) -> Attachment {
        match self {
            Role::Bailleur | Role::Reservataire => Attachment::Organisme,
            Role::Guichet => Attachment::CommuneOrOrganisme,
            Role::Administrateur | Role::TravailleurSocial | Role::Observateur => Attachment::None,
        }
    }

    /// Checks an account's attachment: what is missing, if anything.
    pub fn check_attachment(self, organisme: bool, commune: bool) -> Result<(), MissingAttachment> {
        let missing = match self.attachment() {
            Attachment::Organisme => !organisme,
            Attachment::CommuneOrOrganisme => !organisme && !commune,
            Attachment::None => false,
        };
        if missing {
            Err(MissingAttachment { role: self, needed: self.attachment() })
        } else {
            Ok(())
        }
    }

    /// What this role may do.
    pub fn permissions(self) -> Permissions {
        let none = Permissions {
            reach: Reach::None,
            personal_data: false,
            register_applications: false,
            label_priority: false,
            propose_priority: false,
            annotate: false,
            import: false,
            administer: false,
            statistics: true,
            follow_vacancies: false,
            allocate: false,
        };
        let partner = Permissions { reach: Reach::Territory, personal_data: true, ..none };
        match self {
            Role::Administrateur => Permissions {
                register_applications: true,
                label_priority: true,
                annotate: true,
                import: true,
                administer: true,
                follow_vacancies: true,
                allocate: true,
                ..partner
            },
            Role::Guichet => Permissions { register_applications: true, annotate: true, ..partner },
            Role::Bailleur => Permissions {
                label_priority: true,
                annotate: true,
                follow_vacancies: true,
                allocate: true,
                ..partner
            },
            Role::Reservataire => Permissions {
                label_priority: true,
                annotate: true,
                follow_vacancies: true,
                ..partner
            },
            Role::TravailleurSocial => Permissions {
                reach: Reach::FollowedHouseholds,
                propose_priority: true,
                annotate: true,
                ..partner
            },
            Role::Observateur => none,
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_read_back() {
        for role in Role::ALL {
            assert_eq!(Role::from_code(role.code()), Some(role));
        }
        assert_eq!(Role::from_code("Administrateur"), None);
    }

    #[test]
    fn the_observer_never_sees_personal_data() {
        let p = Role::Observateur.permissions();
        assert_eq!(p.reach, Reach::None);
        assert!(!p.personal_data && !p.annotate && !p.import && !p.administer);
        assert!(p.statistics);
    }

    #[test]
    fn a_social_worker_reaches_only_followed_households_and_proposes_labels() {
        let p = Role::TravailleurSocial.permissions();
        assert_eq!(p.reach, Reach::FollowedHouseholds);
        assert!(p.propose_priority && !p.label_priority && !p.register_applications);
    }

    #[test]
    fn only_the_administrator_administers_and_imports() {
        for role in Role::ALL {
            let p = role.permissions();
            assert_eq!(p.administer, role == Role::Administrateur, "{role}");
            assert_eq!(p.import, role == Role::Administrateur, "{role}");
        }
    }

    #[test]
    fn desks_register_and_partners_label() {
        let registers: Vec<Role> =
            Role::ALL.into_iter().filter(|r| r.permissions().register_applications).collect();
        assert_eq!(registers, [Role::Administrateur, Role::Guichet]);
        let label: Vec<Role> =
            Role::ALL.into_iter().filter(|r| r.permissions().label_priority).collect();
        assert_eq!(label, [Role::Administrateur, Role::Bailleur, Role::Reservataire]);
    }

    #[test]
    fn landlords_and_holders_need_their_organisation() {
        let missing = Role::Bailleur.check_attachment(false, true).unwrap_err();
        assert_eq!(missing.needed, Attachment::Organisme);
        assert!(missing.to_string().contains("rattaché à son organisme"));
        assert!(!missing.to_string().contains("--"), "no command-line option on a page");
        assert!(Role::Reservataire.check_attachment(true, false).is_ok());
        let missing = Role::Guichet.check_attachment(false, false).unwrap_err();
        assert_eq!(missing.needed, Attachment::CommuneOrOrganisme);
        assert!(Role::Guichet.check_attachment(false, true).is_ok());
        assert!(Role::Observateur.check_attachment(false, false).is_ok());
    }
}

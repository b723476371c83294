//! The partners' work on applications as domain types: where a priority label stands (proposed
//! by a social worker, recognised by a landlord, a reservation holder or the EPCI, withdrawn
//! with its reason), what a change of an application's timeline was, and what a line of the
//! audit log records. Parsed once, at the edge (the store's columns).

use crate::CriterePrioritaire;
use crate::codes::code_list;
use std::fmt;

/// The criterion a priority label names: recognised priority and urgent by the DALO mediation
/// commission, or one of the priority criteria of CCH L441-1 (format v1's
/// `criteres_prioritaires`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum LabelCriterion {
    Dalo,
    Priority(CriterePrioritaire),
}

impl LabelCriterion {
    /// The code of DALO, beside those of the priority criteria.
    const DALO: &'static str = "dalo";

    /// Every criterion a label may name, in the order they are offered: DALO first.
    pub fn all() -> impl Iterator<Item = LabelCriterion> {
        std::iter::once(LabelCriterion::Dalo)
            .chain(CriterePrioritaire::ALL.iter().map(|c| LabelCriterion::Priority(*c)))
    }

    /// The code written in files, forms and JSON (`dalo`, or a `criteres_prioritaires` code).
    pub fn code(self) -> &'static str {
        match self {
            LabelCriterion::Dalo => Self::DALO,
            LabelCriterion::Priority(c) => c.code(),
        }
    }

    /// The French label shown to users.
    pub fn label(self) -> &'static str {
        match self {
            LabelCriterion::Dalo => {
                "reconnu prioritaire et urgent par la commission de médiation DALO"
            }
            LabelCriterion::Priority(c) => c.label(),
        }
    }

    /// The criterion of an exact code, if it is one.
    pub fn from_code(code: &str) -> Option<Self> {
        if code == Self::DALO {
            return Some(LabelCriterion::Dalo);
        }
        CriterePrioritaire::from_code(code).map(LabelCriterion::Priority)
    }
}

impl fmt::Display for LabelCriterion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

code_list! {
    /// Where a priority label stands.
    LabelStatus {
        Proposed => "proposee", "proposée";
        Recognised => "reconnue", "reconnue";
        Withdrawn => "retiree", "retirée";
    }
}

code_list! {
    /// What a change made to an application in Logis was (its timeline).
    EventNature {
        Creation => "creation", "enregistrement";
        Modification => "modification", "modification";
        FollowUp => "suivi", "suivi par un travailleur social";
        Label => "etiquette", "priorité";
        Commission => "commission", "décision de commission";
        Offer => "proposition", "proposition de logement";
        Answer => "reponse", "réponse à une proposition";
        Lease => "bail", "bail signé";
        StruckOff => "radiation", "radiation";
        Reinstated => "reinscription", "réinscription";
        DuplicateMerged => "doublon_fusionne", "doublon fusionné";
        DuplicateDismissed => "doublon_ecarte", "doublon écarté";
    }
}

code_list! {
    /// What a line of the audit log records: a read of personal data, a change, a sign-in, an
    /// administrateur's act, or a change of the application's life (the same codes as its
    /// timeline: [`EventNature`]).
    AuditAction {
        Consultation => "consultation", "consultation d'un dossier";
        Modification => "modification", "modification";
        Creation => "creation", "création";
        Export => "export", "export";
        SignIn => "connexion", "connexion";
        RefusedSignIn => "connexion_refusee", "connexion refusée (mot de passe ou identifiant incorrect)";
        SignOut => "deconnexion", "déconnexion";
        Administration => "administration", "administration";
        Import => "import", "import";
        StruckOff => "radiation", "radiation";
        Reinstated => "reinscription", "réinscription";
        DuplicateMerged => "doublon_fusionne", "doublon fusionné";
        DuplicateDismissed => "doublon_ecarte", "doublon écarté";
        ApplicantCode => "code_demandeur", "code de connexion envoyé au demandeur";
        ApplicantSignIn => "connexion_demandeur", "connexion du demandeur à son espace";
        ApplicantRefused => "connexion_demandeur_refusee", "connexion du demandeur refusée";
        ApplicantView => "consultation_demandeur", "consultation de son espace par le demandeur";
        ApplicantSignOut => "deconnexion_demandeur", "déconnexion du demandeur";
        DocumentUploaded => "piece_deposee", "pièce justificative déposée";
        DocumentViewed => "piece_consultee", "pièce justificative consultée";
        DocumentValidated => "piece_validee", "pièce justificative validée";
        DocumentRejected => "piece_refusee", "pièce justificative refusée";
        Renewal => "renouvellement", "renouvellement de la demande";
        RenewalNotice => "avis_renouvellement", "avis de renouvellement envoyé";
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_label_names_dalo_or_a_priority_criterion_by_its_code() {
        for criterion in LabelCriterion::all() {
            assert_eq!(LabelCriterion::from_code(criterion.code()), Some(criterion));
        }
        assert_eq!(LabelCriterion::all().next(), Some(LabelCriterion::Dalo));
        assert_eq!(LabelCriterion::all().count(), 1 + CriterePrioritaire::ALL.len());
        assert_eq!(LabelCriterion::from_code("inconnu"), None);
    }

    #[test]
    fn the_audit_log_names_a_change_of_life_by_its_timeline_code() {
        for (action, nature) in [
            (AuditAction::StruckOff, EventNature::StruckOff),
            (AuditAction::Reinstated, EventNature::Reinstated),
            (AuditAction::DuplicateMerged, EventNature::DuplicateMerged),
            (AuditAction::DuplicateDismissed, EventNature::DuplicateDismissed),
            (AuditAction::Creation, EventNature::Creation),
            (AuditAction::Modification, EventNature::Modification),
        ] {
            assert_eq!(action.code(), nature.code());
        }
    }
}

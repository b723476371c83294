//! An application for social housing ("demande"), its consistency rules and the values derived
//! from it: activity at a date, priority, transfer, and with its household the quartile,
//! composition and age band.

use crate::amount::Amount;
use crate::codes::{
    AgeBand, Composition, CriterePrioritaire, Motif, MotifRadiation, Piece, SituationLogement,
    Statut, Typologie,
};
use crate::household::{self, ConsumptionUnits, Membre};
use crate::ids::{CodeInsee, NumeroUnique, OrganismeId};
use crate::seuils::{Quartile, Seuils};
use time::Date;

/// One application, active or closed (one row of demandes.csv).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Demande {
    pub numero_unique: NumeroUnique,
    pub date_depot: Date,
    pub date_renouvellement: Option<Date>,
    pub statut: Statut,
    pub date_radiation: Option<Date>,
    pub motif_radiation: Option<MotifRadiation>,
    pub commune_residence: Option<CodeInsee>,
    pub situation_logement: SituationLogement,
    pub bailleur_actuel: Option<OrganismeId>,
    pub ressources_mensuelles: Amount,
    pub revenu_fiscal_reference: Option<Amount>,
    pub motifs: Vec<Motif>,
    pub typologies_souhaitees: Vec<Typologie>,
    pub communes_souhaitees: Vec<CodeInsee>,
    pub pmr: Option<bool>,
    pub criteres_prioritaires: Vec<CriterePrioritaire>,
    pub dalo: Option<bool>,
    pub date_dalo: Option<Date>,
    pub salarie_prive: Option<bool>,
    pub agent_public: Option<bool>,
    pub guichet: Option<String>,
    pub nom: Option<String>,
    pub prenom: Option<String>,
    pub email: Option<String>,
    pub telephone: Option<String>,
    pub adresse: Option<String>,
    /// Monthly rent with charges of the current housing, when known (Logis extension).
    pub loyer_actuel: Option<Amount>,
    /// Suitable offers refused without a legitimate reason (Logis extension).
    pub refus_offres_adaptees: Option<u16>,
    /// Facts proven by a document a partner has seen (Logis extension).
    pub pieces_verifiees: Vec<Piece>,
}

/// A broken consistency rule of an application: the column it concerns and a French message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemandeError {
    pub column: &'static str,
    pub message: String,
}

impl DemandeError {
    fn new(column: &'static str, message: impl Into<String>) -> Self {
        Self { column, message: message.into() }
    }
}

/// At most this many reasons (formats.md).
pub const MAX_MOTIFS: usize = 3;
/// At most this many desired communes (formats.md).
pub const MAX_COMMUNES_SOUHAITEES: usize = 10;

impl Demande {
    /// The day the application must be renewed by: one year after its registration or its
    /// last renewal (R441-2-7).
    pub fn renewal_deadline(&self) -> Date {
        crate::calendar::months_after(self.date_renouvellement.unwrap_or(self.date_depot), 12)
    }

    /// Checks the rules that tie fields together; every broken rule is returned.
    pub fn check(&self) -> Vec<DemandeError> {
        let mut errors = Vec::new();
        match (self.statut, self.date_radiation) {
            (Statut::Active, Some(_)) => errors.push(DemandeError::new(
                "date_radiation",
                "une demande active n'a pas de date de radiation : videz la cellule ou changez le statut",
            )),
            (Statut::Attribuee | Statut::Radiee, None) => errors.push(DemandeError::new(
                "date_radiation",
                "date obligatoire pour une demande attribuée (signature du bail) ou radiée",
            )),
            (_, Some(radiation)) if radiation < self.date_depot => errors.push(DemandeError::new(
                "date_radiation",
                "la date de radiation précède la date de dépôt",
            )),
            _ => {}
        }
        if self.statut == Statut::Radiee && self.motif_radiation.is_none() {
            errors.push(DemandeError::new(
                "motif_radiation",
                "motif obligatoire pour une demande radiée",
            ));
        }
        if self.date_renouvellement.is_some_and(|r| r < self.date_depot) {
            errors.push(DemandeError::new(
                "date_renouvellement",
                "le renouvellement précède le dépôt",
            ));
        }
        if self.motifs.len() > MAX_MOTIFS {
            errors.push(DemandeError::new(
                "motifs",
                format!("{} motifs : 3 au plus", self.motifs.len()),
            ));
        }
        match self.communes_souhaitees.len() {
            0 => errors
                .push(DemandeError::new("communes_souhaitees", "au moins une commune souhaitée")),
            n if n > MAX_COMMUNES_SOUHAITEES => errors.push(DemandeError::new(
                "communes_souhaitees",
                format!("{n} communes : 10 au plus"),
            )),
            _ => {}
        }
        if self.ressources_mensuelles < Amount::ZERO {
            errors.push(DemandeError::new(
                "ressources_mensuelles",
                "les ressources ne peuvent pas être négatives",
            ));
        }
        errors
    }

    /// Active at date D: filed on or before D and still active, or left the stock after D.
    pub fn is_active_at(&self, date: Date) -> bool {
        self.date_depot <= date
            && (self.statut == Statut::Active || self.date_radiation.is_some_and(|r| r > date))
    }

    /// A priority household: DALO, or at least one priority criterion.
    pub fn is_priority(&self) -> bool {
        self.dalo == Some(true) || !self.criteres_prioritaires.is_empty()
    }

    /// A transfer request ("mutation"): the household already rents social housing.
    pub fn is_mutation(&self) -> bool {
        self.situation_logement == SituationLogement::LocataireHlm
    }

    /// First desired typology, if any.
    pub fn first_typologie(&self) -> Option<Typologie> {
        self.typologies_souhaitees.first().copied()
    }

    /// First desired commune (there is always one in a valid application).
    pub fn first_commune(&self) -> Option<&CodeInsee> {
        self.communes_souhaitees.first()
    }
}

/// An application with its household: what derived values need.
#[derive(Debug, Clone, Copy)]
pub struct Dossier<'a> {
    pub demande: &'a Demande,
    pub membres: &'a [Membre],
}

impl Dossier<'_> {
    pub fn household_size(&self) -> usize {
        self.membres.len()
    }

    pub fn consumption_units(&self, date: Date) -> ConsumptionUnits {
        ConsumptionUnits::at(self.membres, date)
    }

    pub fn quartile(&self, seuils: &Seuils, date: Date) -> Quartile {
        seuils.quartile(self.demande.ressources_mensuelles, self.consumption_units(date))
    }

    pub fn composition(&self) -> Composition {
        household::composition(self.membres)
    }

    pub fn age_band(&self, date: Date) -> Option<AgeBand> {
        household::age_band(self.membres, date)
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use proptest::prelude::*;
    use time::macros::date;

    pub fn sample() -> Demande {
        crate::fixtures::demande("0820119000001", date!(2021 - 03 - 15))
    }

    #[test]
    fn filed_on_the_reference_date_is_active() {
        let d = Demande { date_depot: date!(2022 - 12 - 31), ..sample() };
        assert!(d.is_active_at(date!(2022 - 12 - 31)));
        assert!(!d.is_active_at(date!(2022 - 12 - 30)));
    }

    #[test]
    fn closed_on_the_reference_date_is_no_longer_active() {
        let d = Demande {
            statut: Statut::Attribuee,
            date_radiation: Some(date!(2022 - 12 - 31)),
            ..sample()
        };
        assert!(!d.is_active_at(date!(2022 - 12 - 31)));
        assert!(d.is_active_at(date!(2022 - 12 - 30)));
    }

    #[test]
    fn priority_is_dalo_or_a_criterion() {
        assert!(!sample().is_priority());
        assert!(!Demande { dalo: Some(false), ..sample() }.is_priority());
        assert!(Demande { dalo: Some(true), ..sample() }.is_priority());
        let labelled =
            Demande { criteres_prioritaires: vec![CriterePrioritaire::Handicap], ..sample() };
        assert!(labelled.is_priority());
    }

    #[test]
    fn consistency_rules_are_reported() {
        assert!(sample().check().is_empty());
        let closed_without_date = Demande { statut: Statut::Radiee, ..sample() };
        let columns: Vec<_> = closed_without_date.check().iter().map(|e| e.column).collect();
        assert_eq!(columns, ["date_radiation", "motif_radiation"]);
        let no_commune = Demande { communes_souhaitees: vec![], ..sample() };
        assert_eq!(no_commune.check()[0].column, "communes_souhaitees");
        let before = Demande {
            statut: Statut::Attribuee,
            date_radiation: Some(date!(2020 - 01 - 01)),
            ..sample()
        };
        assert_eq!(before.check()[0].message, "la date de radiation précède la date de dépôt");
    }

    proptest! {
        #[test]
        fn activity_is_an_interval(depot in 0i64..3000, stay in 0i64..3000, probe in -10i64..7000) {
            let start = date!(2015 - 01 - 01);
            let depot_date = start + time::Duration::days(depot);
            let close = depot_date + time::Duration::days(stay);
            let d = Demande {
                date_depot: depot_date,
                statut: Statut::Radiee,
                date_radiation: Some(close),
                motif_radiation: Some(MotifRadiation::Abandon),
                ..sample()
            };
            let when = start + time::Duration::days(probe);
            prop_assert_eq!(d.is_active_at(when), depot_date <= when && when < close);
        }
    }
}

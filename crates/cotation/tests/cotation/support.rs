//! Helpers shared by the tests: applications built field by field, and scoring at a date.

use logis_cotation::engine::Thresholds;
use logis_cotation::{Applicant, Facts, Grid, Score};
use logis_domain::*;

pub fn day(y: i32, m: u8, d: u8) -> Date {
    Date::from_calendar_date(y, time::Month::try_from(m).expect("month"), d).expect("valid date")
}

/// A one-person active application filed on `depot`, wishing a T2 in 82033.
pub fn demande(numero: &str, depot: Date) -> Demande {
    Demande {
        numero_unique: NumeroUnique::parse(numero).expect("valid"),
        date_depot: depot,
        date_renouvellement: None,
        statut: Statut::Active,
        date_radiation: None,
        motif_radiation: None,
        commune_residence: None,
        situation_logement: SituationLogement::LocatairePrive,
        bailleur_actuel: None,
        ressources_mensuelles: Amount::from_euros(1200),
        revenu_fiscal_reference: None,
        motifs: vec![],
        typologies_souhaitees: vec![Typologie::T2],
        communes_souhaitees: vec![CodeInsee::parse("82033").expect("valid")],
        pmr: None,
        criteres_prioritaires: vec![],
        dalo: None,
        date_dalo: None,
        salarie_prive: None,
        agent_public: None,
        guichet: None,
        nom: None,
        prenom: None,
        email: None,
        telephone: None,
        adresse: None,
        loyer_actuel: None,
        refus_offres_adaptees: None,
        pieces_verifiees: vec![],
    }
}

/// The score of one applicant at `date`.
pub fn score_at(grid: &Grid, applicant: &Applicant, date: Date, seuils: &Thresholds) -> Score {
    logis_cotation::score::score(
        grid,
        &Facts::at(applicant, date, seuils.for_date(date), &grid.delays),
    )
}

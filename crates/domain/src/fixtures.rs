//! Example values for tests, here and in the crates that use the domain (feature
//! `fixtures`): one place to build an application field by field.

use crate::{Amount, CodeInsee, Demande, NumeroUnique, SituationLogement, Statut, Typologie};
use time::Date;

/// A one-person household's active application filed on `depot`: private tenant, 1 200 € a
/// month, wishing a T2 in 82033 (Castelsarrasin), nothing else filled in.
pub fn demande(numero: &str, depot: Date) -> Demande {
    Demande {
        numero_unique: NumeroUnique::parse(numero).expect("a valid test number"),
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
        communes_souhaitees: vec![CodeInsee::parse("82033").expect("a valid code")],
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

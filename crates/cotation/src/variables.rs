//! The data a grid's conditions can read ("variables"): their French names, their kind, the
//! documents that prove them, and their value for one application.

use crate::facts::Facts;
use logis_domain::Piece;

/// What a variable holds, which decides how a condition may test it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// True or false, tested alone: `dalo`, `non mutation`.
    Flag,
    /// A number, compared: `taille_menage >= 4`.
    Number,
    /// One code of a list: `situation = hotel`.
    Code(CodeKind),
    /// Several codes: `motif = expulsion` is true when one of them is `expulsion`.
    List(CodeKind),
}

/// The code list a code or list variable takes its values from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodeKind {
    Situation,
    Composition,
    Motif,
    CriterePrioritaire,
    Typologie,
    Commune,
}

macro_rules! variables {
    ($($variant:ident => $name:literal, $kind:expr, [$($piece:ident),*], $help:literal;)+) => {
        /// A variable of the condition language.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum Variable { $($variant),+ }

        impl Variable {
            pub const ALL: &'static [Variable] = &[$(Variable::$variant),+];

            /// The name written in grids.
            pub fn name(self) -> &'static str {
                match self { $(Variable::$variant => $name),+ }
            }

            pub fn kind(self) -> Kind {
                match self { $(Variable::$variant => $kind),+ }
            }

            /// The documents that prove this variable's value (none: official or system data).
            pub fn pieces(self) -> &'static [Piece] {
                match self { $(Variable::$variant => &[$(Piece::$piece),*]),+ }
            }

            /// What it is, in French, for the documentation and error messages.
            pub fn help(self) -> &'static str {
                match self { $(Variable::$variant => $help),+ }
            }
        }
    };
}

use CodeKind as C;
use Kind::{Code, Flag, List, Number};

variables! {
    Situation => "situation", Code(C::Situation), [SituationLogement],
        "situation de logement actuelle (un code, ou le groupe `sans_logement_propre`)";
    SansLogementPropre => "sans_logement_propre", Flag, [SituationLogement],
        "le ménage n'a pas de logement propre (hébergé, hôtel, squat, sans abri…)";
    Mutation => "mutation", Flag, [SituationLogement],
        "demande de mutation : le ménage est déjà locataire du parc social";
    Composition => "composition", Code(C::Composition), [CompositionMenage],
        "composition du ménage";
    TailleMenage => "taille_menage", Number, [CompositionMenage],
        "nombre de personnes du ménage";
    Enfants => "enfants", Number, [CompositionMenage],
        "nombre d'enfants du ménage";
    AgeTitulaire => "age_titulaire", Number, [CompositionMenage],
        "âge du titulaire, en années révolues";
    AgeMaxMembre => "age_max_membre", Number, [CompositionMenage],
        "âge du membre le plus âgé du ménage";
    AgeMinMembre => "age_min_membre", Number, [CompositionMenage],
        "âge du membre le plus jeune du ménage";
    RessourcesMensuelles => "ressources_mensuelles", Number, [Ressources],
        "ressources mensuelles du ménage, en euros";
    RessourcesParUc => "ressources_par_uc", Number, [Ressources, CompositionMenage],
        "ressources annuelles par unité de consommation, en euros";
    Quartile => "quartile", Number, [Ressources, CompositionMenage],
        "quartile de ressources (1 à 4) selon les seuils de l'année";
    TauxEffort => "taux_effort", Number, [Ressources, SituationLogement],
        "loyer actuel rapporté aux ressources, en % (inconnu sans loyer actuel)";
    Motif => "motif", List(C::Motif), [Motifs],
        "un des motifs de la demande";
    MotifPrincipal => "motif_principal", Code(C::Motif), [Motifs],
        "le premier motif de la demande";
    CriterePrioritaire => "critere_prioritaire", List(C::CriterePrioritaire),
        [CriteresPrioritaires], "un des critères de priorité reconnus (CCH L441-1)";
    Prioritaire => "prioritaire", Flag, [CriteresPrioritaires],
        "ménage prioritaire : DALO ou au moins un critère de priorité";
    Dalo => "dalo", Flag, [],
        "reconnu prioritaire et urgent par la commission de médiation DALO";
    AncienneteMois => "anciennete_mois", Number, [],
        "ancienneté de la demande, en mois révolus depuis le premier dépôt";
    DelaiAnormalementLong => "delai_anormalement_long", Flag, [],
        "l'ancienneté dépasse le délai anormalement long de la typologie demandée";
    RefusOffresAdaptees => "refus_offres_adaptees", Number, [],
        "nombre d'offres adaptées refusées sans motif légitime";
    CommuneSouhaitee => "commune_souhaitee", List(C::Commune), [],
        "une des communes souhaitées (code INSEE)";
    TypologieSouhaitee => "typologie_souhaitee", List(C::Typologie), [],
        "une des typologies souhaitées (T1 à T6)";
    Pmr => "pmr", Flag, [CompositionMenage],
        "le ménage a besoin d'un logement accessible en fauteuil roulant";
    SalariePrive => "salarie_prive", Flag, [Ressources],
        "salarié d'une entreprise privée (public d'Action Logement)";
    AgentPublic => "agent_public", Flag, [Ressources],
        "agent public (contingent de l'État pour ses agents)";
}

impl Variable {
    /// The variable of a name, exactly as grids write it; a list may also be named by its
    /// column of the interchange format (`criteres_prioritaires` for `critere_prioritaire`).
    pub fn named(name: &str) -> Option<Variable> {
        let name = match name {
            "motifs" => "motif",
            "criteres_prioritaires" => "critere_prioritaire",
            "communes_souhaitees" => "commune_souhaitee",
            "typologies_souhaitees" => "typologie_souhaitee",
            other => other,
        };
        Variable::ALL.iter().copied().find(|v| v.name() == name)
    }

    /// The value of a number variable; `None` when unknown (no rent, no thresholds).
    pub fn number(self, facts: &Facts) -> Option<f64> {
        use Variable::*;
        Some(match self {
            TailleMenage => f64::from(facts.taille_menage),
            Enfants => f64::from(facts.enfants),
            AgeTitulaire => f64::from(facts.age_titulaire?),
            AgeMaxMembre => f64::from(facts.age_max?),
            AgeMinMembre => f64::from(facts.age_min?),
            RessourcesMensuelles => facts.ressources_mensuelles,
            RessourcesParUc => facts.ressources_par_uc,
            Quartile => f64::from(facts.quartile?),
            TauxEffort => facts.taux_effort?,
            AncienneteMois => f64::from(facts.anciennete_mois),
            RefusOffresAdaptees => f64::from(facts.refus),
            _ => return None,
        })
    }

    /// The value of a flag variable.
    pub fn flag(self, facts: &Facts) -> bool {
        use Variable::*;
        match self {
            SansLogementPropre => facts.situation.sans_logement_propre(),
            Mutation => facts.mutation,
            Prioritaire => facts.prioritaire,
            Dalo => facts.dalo,
            DelaiAnormalementLong => facts.delai_depasse,
            Pmr => facts.pmr,
            SalariePrive => facts.salarie_prive,
            AgentPublic => facts.agent_public,
            _ => false,
        }
    }
}

/// A set of pieces as bits (bit i = `Piece::ALL[i]`).
pub fn piece_bits(pieces: &[Piece]) -> u8 {
    pieces.iter().fold(0, |bits, p| bits | 1 << (*p as u8))
}

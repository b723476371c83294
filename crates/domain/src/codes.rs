//! The code lists of interchange format v1, each an enum whose declaration order is the
//! "code order" of formats.md, with its file code and its French label.

use std::fmt;

/// Declares a code list: an enum, its codes in the order of formats.md, and French labels.
macro_rules! code_list {
    ($(#[$meta:meta])* $name:ident { $($variant:ident => $code:literal, $label:literal;)+ }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum $name { $($variant),+ }

        impl $name {
            /// Every value, in code order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The code written in files and JSON.
            pub fn code(self) -> &'static str {
                match self { $($name::$variant => $code),+ }
            }

            /// The French label shown to users.
            pub fn label(self) -> &'static str {
                match self { $($name::$variant => $label),+ }
            }

            /// The value for an exact code, if it is one.
            pub fn from_code(code: &str) -> Option<Self> {
                match code { $($code => Some($name::$variant),)+ _ => None }
            }

            /// The accepted codes, for error messages ("`a`, `b` ou `c`").
            pub fn expected() -> String {
                crate::codes::enumerate(Self::ALL.iter().map(|v| v.code()))
            }
        }

        impl crate::codes::CodeList for $name {
            fn all() -> &'static [Self] {
                Self::ALL
            }
            fn code(self) -> &'static str {
                $name::code(self)
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.code())
            }
        }
    };
}

pub(crate) use code_list;

/// What every code list offers, for generic parsing and writing.
pub trait CodeList: Copy + Sized + 'static {
    /// Every value, in code order.
    fn all() -> &'static [Self];
    /// The code written in files.
    fn code(self) -> &'static str;
    /// The value of an exact code, if it is one.
    fn parse_exact(code: &str) -> Option<Self> {
        Self::all().iter().copied().find(|v| v.code() == code)
    }
    /// The accepted codes, for error messages.
    fn expected() -> String {
        enumerate(Self::all().iter().map(|v| v.code()))
    }
}

/// Lists codes the French way: "`a`, `b` ou `c`".
pub fn enumerate<'a>(codes: impl Iterator<Item = &'a str>) -> String {
    let quoted: Vec<String> = codes.map(|c| format!("`{c}`")).collect();
    match quoted.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} ou {last}", rest.join(", ")),
    }
}

code_list! {
    /// Where an application stands.
    Statut {
        Active => "active", "active";
        Attribuee => "attribuee", "attribuée";
        Radiee => "radiee", "radiée";
    }
}

code_list! {
    /// Why an application left the active stock without a lease.
    MotifRadiation {
        NonRenouvellement => "non_renouvellement", "non-renouvellement";
        Abandon => "abandon", "abandon";
        Irrecevabilite => "irrecevabilite", "irrecevabilité";
        Injoignable => "injoignable", "demandeur injoignable";
        Doublon => "doublon", "doublon";
        Autre => "autre", "autre motif";
    }
}

code_list! {
    /// The household's current housing.
    SituationLogement {
        LocataireHlm => "locataire_hlm", "locataire du parc social";
        LocatairePrive => "locataire_prive", "locataire du parc privé";
        Proprietaire => "proprietaire", "propriétaire";
        LogementFonction => "logement_fonction", "logement de fonction";
        HebergeFamille => "heberge_famille", "hébergé par la famille";
        HebergeTiers => "heberge_tiers", "hébergé par un tiers";
        LogementTemporaire => "logement_temporaire", "logement temporaire";
        StructureHebergement => "structure_hebergement", "structure d'hébergement";
        Hotel => "hotel", "hôtel";
        CampingCaravane => "camping_caravane", "camping ou caravane";
        Squat => "squat", "occupant sans titre";
        SansAbri => "sans_abri", "sans abri";
        Autre => "autre", "autre situation";
    }
}

impl SituationLogement {
    /// The group "sans logement propre" of formats.md.
    pub fn sans_logement_propre(self) -> bool {
        use SituationLogement::*;
        matches!(
            self,
            HebergeFamille
                | HebergeTiers
                | LogementTemporaire
                | StructureHebergement
                | Hotel
                | CampingCaravane
                | Squat
                | SansAbri
        )
    }
}

code_list! {
    /// Reasons for applying.
    Motif {
        SansLogement => "sans_logement", "sans logement";
        Expulsion => "expulsion", "procédure d'expulsion";
        ViolencesFamiliales => "violences_familiales", "violences familiales";
        Handicap => "handicap", "handicap";
        Sante => "sante", "raisons de santé";
        TropCher => "trop_cher", "logement trop cher";
        TropGrand => "trop_grand", "logement trop grand";
        TropPetit => "trop_petit", "logement trop petit";
        DivorceSeparation => "divorce_separation", "divorce ou séparation";
        Decohabitation => "decohabitation", "décohabitation";
        FuturCouple => "futur_couple", "futur couple";
        RegroupementFamilial => "regroupement_familial", "regroupement familial";
        EnvironnementVoisinage => "environnement_voisinage", "environnement ou voisinage";
        RepriseVente => "reprise_vente", "reprise ou vente du logement";
        NonDecentInsalubre => "non_decent_insalubre", "logement non décent ou insalubre";
        Demolition => "demolition", "démolition";
        RapprochementTravail => "rapprochement_travail", "rapprochement du lieu de travail";
        RapprochementServices => "rapprochement_services", "rapprochement des services";
        RapprochementFamille => "rapprochement_famille", "rapprochement familial";
        MutationProfessionnelle => "mutation_professionnelle", "mutation professionnelle";
        AccedantDifficulte => "accedant_difficulte", "accédant en difficulté";
        AssistantMaternel => "assistant_maternel", "assistant maternel";
        Autre => "autre", "autre motif";
    }
}

code_list! {
    /// Priority criteria of CCH L441-1.
    CriterePrioritaire {
        Handicap => "handicap", "personne en situation de handicap";
        SortieHebergement => "sortie_hebergement", "sortie d'hébergement ou de logement de transition";
        DefavoriseDifficultes => "defavorise_difficultes", "personne défavorisée ou en difficulté";
        HebergeTemporaire => "heberge_temporaire", "hébergé ou logé temporairement";
        RepriseActiviteLongueDuree => "reprise_activite_longue_duree", "reprise d'activité après chômage de longue durée";
        ViolencesConjugales => "violences_conjugales", "violences au sein du couple";
        ProstitutionSortie => "prostitution_sortie", "sortie de la prostitution";
        TraiteEtresHumains => "traite_etres_humains", "victime de la traite des êtres humains";
        MineurIndecentSuroccupe => "mineur_indecent_suroccupe", "enfant mineur en logement indécent ou suroccupé";
        InsalubreDangereux => "insalubre_dangereux", "logement insalubre ou dangereux";
        ExpulsionSansRelogement => "expulsion_sans_relogement", "menacé d'expulsion sans relogement";
        ViolencesMenaceMariageForce => "violences_menace_mariage_force", "violences ou menace de mariage forcé";
        RapprocheTravailEloigne => "rapproche_travail_eloigne", "rapprochement d'un travail éloigné";
    }
}

code_list! {
    /// Dwelling size, by number of main rooms.
    Typologie {
        T1 => "T1", "T1";
        T2 => "T2", "T2";
        T3 => "T3", "T3";
        T4 => "T4", "T4";
        T5 => "T5", "T5";
        T6 => "T6", "T6 et plus";
    }
}

code_list! {
    /// Kind of organisation (landlord or reservation holder).
    OrganismeType {
        Bailleur => "bailleur", "bailleur social";
        Etat => "etat", "État";
        ActionLogement => "action_logement", "Action Logement";
        Commune => "commune", "commune";
        Epci => "epci", "EPCI";
        Departement => "departement", "département";
        Autre => "autre", "autre organisme";
    }
}

code_list! {
    /// A household member's relation to the applicant.
    Lien {
        Titulaire => "titulaire", "titulaire";
        Cotitulaire => "cotitulaire", "cotitulaire";
        Enfant => "enfant", "enfant";
        Autre => "autre", "autre personne";
    }
}

code_list! {
    /// How a dwelling was financed (sets its income ceiling).
    Financement {
        Plai => "PLAI", "PLAI";
        Plus => "PLUS", "PLUS";
        Pls => "PLS", "PLS";
        Pli => "PLI", "PLI";
        Autre => "autre", "autre financement";
    }
}

code_list! {
    /// Household composition.
    Composition {
        PersonneSeule => "personne_seule", "personne seule";
        CoupleSansEnfant => "couple_sans_enfant", "couple sans enfant";
        CoupleAvecEnfants => "couple_avec_enfants", "couple avec enfant(s)";
        FamilleMonoparentale => "famille_monoparentale", "famille monoparentale";
        Autre => "autre", "autre composition";
    }
}

code_list! {
    /// A fact of an application proven by a document a partner has seen ("pièce vérifiée"):
    /// cotation criteria that need evidence count only once the facts they read are verified.
    Piece {
        SituationLogement => "situation_logement", "situation de logement actuelle";
        CompositionMenage => "composition_menage", "composition du ménage";
        Ressources => "ressources", "ressources";
        Motifs => "motifs", "motifs de la demande";
        CriteresPrioritaires => "criteres_prioritaires", "critères de priorité";
    }
}

code_list! {
    /// Age band of the titulaire.
    AgeBand {
        Moins25 => "moins_25", "moins de 25 ans";
        De25a34 => "25_34", "25-34 ans";
        De35a49 => "35_49", "35-49 ans";
        De50a64 => "50_64", "50-64 ans";
        Plus65 => "65_plus", "65 ans et plus";
    }
}

impl AgeBand {
    /// The band of an age in whole years.
    pub fn of_age(age: u32) -> Self {
        match age {
            0..=24 => AgeBand::Moins25,
            25..=34 => AgeBand::De25a34,
            35..=49 => AgeBand::De35a49,
            50..=64 => AgeBand::De50a64,
            _ => AgeBand::Plus65,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_in_declared_order() {
        for (i, s) in SituationLogement::ALL.iter().enumerate() {
            assert_eq!(SituationLogement::from_code(s.code()), Some(*s));
            if i > 0 {
                assert!(SituationLogement::ALL[i - 1] < *s);
            }
        }
        assert_eq!(Motif::ALL.len(), 23);
        assert_eq!(CriterePrioritaire::ALL.len(), 13);
        assert_eq!(Typologie::from_code("t1"), None);
    }

    #[test]
    fn sans_logement_propre_group_is_the_eight_codes() {
        let group: Vec<_> = SituationLogement::ALL
            .iter()
            .filter(|s| s.sans_logement_propre())
            .map(|s| s.code())
            .collect();
        assert_eq!(
            group,
            [
                "heberge_famille",
                "heberge_tiers",
                "logement_temporaire",
                "structure_hebergement",
                "hotel",
                "camping_caravane",
                "squat",
                "sans_abri"
            ]
        );
    }

    #[test]
    fn age_bands_have_their_limits() {
        assert_eq!(AgeBand::of_age(24), AgeBand::Moins25);
        assert_eq!(AgeBand::of_age(25), AgeBand::De25a34);
        assert_eq!(AgeBand::of_age(34), AgeBand::De25a34);
        assert_eq!(AgeBand::of_age(35), AgeBand::De35a49);
        assert_eq!(AgeBand::of_age(49), AgeBand::De35a49);
        assert_eq!(AgeBand::of_age(50), AgeBand::De50a64);
        assert_eq!(AgeBand::of_age(64), AgeBand::De50a64);
        assert_eq!(AgeBand::of_age(65), AgeBand::Plus65);
    }

    #[test]
    fn expected_lists_codes_in_french() {
        assert_eq!(Statut::expected(), "`active`, `attribuee` ou `radiee`");
    }
}

//! French words for the bilan's codes: modality labels, dimension titles, and the noun phrase a
//! "clé de lecture" sentence uses for a modality.

use logis_domain::{AgeBand, CodeList, Composition, SituationLogement};

/// Dimensions in the order of the report, with their French titles.
pub const DIMENSION_TITLES: [(&str, &str); 9] = [
    ("age", "Âge du demandeur"),
    ("composition", "Composition du ménage"),
    ("situation_logement", "Situation de logement actuelle"),
    ("sans_logement_propre", "Sans logement propre"),
    ("mutation", "Demandes de mutation"),
    ("quartile", "Quartile de ressources"),
    ("priorite", "Ménages prioritaires"),
    ("typologie", "Typologie du logement"),
    ("commune", "Commune"),
];

/// Names communes by INSEE code (the code itself when unknown).
pub type CommuneNames<'a> = &'a dyn Fn(&str) -> Option<String>;

/// The French label of a modality code of a dimension.
pub fn label(dimension: &str, code: &str, communes: CommuneNames) -> String {
    fn of<T: CodeList + Copy>(code: &str, label: fn(T) -> &'static str) -> Option<String> {
        T::parse_exact(code).map(|v| label(v).to_owned())
    }
    if code == logis_evaluation::secrecy::MERGED {
        return "autres modalités, regroupées (secret statistique)".to_owned();
    }
    let found = match dimension {
        "age" => of::<AgeBand>(code, AgeBand::label),
        "composition" => of::<Composition>(code, Composition::label),
        "situation_logement" => of::<SituationLogement>(code, SituationLogement::label),
        "quartile" => {
            Some(if code == "1" { "1er quartile".to_owned() } else { format!("{code}e quartile") })
        }
        "typologie" if code == "non_renseignee" => Some("non renseignée".to_owned()),
        "commune" => communes(code),
        _ => None,
    };
    found.unwrap_or_else(|| code.to_owned())
}

/// Who a modality is, in a sentence: "pour {phrase}, il faut compter …".
pub fn phrase(dimension: &str, code: &str, communes: CommuneNames) -> String {
    if code == logis_evaluation::secrecy::MERGED {
        return "les autres modalités, regroupées".to_owned();
    }
    let yes = code == "oui";
    match dimension {
        "age" => format!("les demandeurs de {}", label(dimension, code, communes)),
        "composition" => match code {
            "personne_seule" => "les personnes seules".to_owned(),
            "couple_sans_enfant" => "les couples sans enfant".to_owned(),
            "couple_avec_enfants" => "les couples avec enfants".to_owned(),
            "famille_monoparentale" => "les familles monoparentales".to_owned(),
            _ => "les autres compositions de ménage".to_owned(),
        },
        "situation_logement" => {
            format!("les ménages en situation « {} »", label(dimension, code, communes))
        }
        "sans_logement_propre" if yes => "les personnes sans logement propre".to_owned(),
        "sans_logement_propre" => "les personnes qui ont un logement propre".to_owned(),
        "mutation" if yes => "les demandes de mutation (locataires du parc social)".to_owned(),
        "mutation" => "les demandes hors mutation".to_owned(),
        "quartile" => format!("les ménages du {}", label(dimension, code, communes)),
        "priorite" if yes => "les ménages prioritaires".to_owned(),
        "priorite" => "les ménages non prioritaires".to_owned(),
        "typologie" if code == "non_renseignee" => {
            "les demandes sans typologie renseignée".to_owned()
        }
        "typologie" => format!("les logements {}", label(dimension, code, communes)),
        _ => format!("la commune de {}", label(dimension, code, communes)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_has_a_label_and_a_phrase() {
        let none = |_: &str| None;
        assert_eq!(label("age", "25_34", &none), "25-34 ans");
        assert_eq!(label("quartile", "1", &none), "1er quartile");
        assert_eq!(label("quartile", "3", &none), "3e quartile");
        assert_eq!(
            phrase("sans_logement_propre", "oui", &none),
            "les personnes sans logement propre"
        );
        let names = |c: &str| (c == "82033").then(|| "Castelsarrasin".to_owned());
        assert_eq!(phrase("commune", "82033", &names), "la commune de Castelsarrasin");
        assert_eq!(label("commune", "99999", &names), "99999");
    }
}

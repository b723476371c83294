//! The abbreviations a user meets, in one list ([`TERMS`]: the abbreviation, what it stands
//! for, one sentence of explanation), read by the glossary page (`GET /glossaire`) and by the
//! helpers that wrap them in `<abbr title="…">` where pages print them: [`explained`] for plain
//! text, [`explained_html`] for a rendered fragment (the bilan's report), and the askama
//! filters of [`filters`] (`{{ label|explained }}`, `{{ fragment|explained_html }}`), available
//! to a page's module with `use crate::glossary::filters;`.

use logis_report::document::escape_markup as escape_html;

/// One abbreviation: how it is written, what it stands for, what it means here.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Term {
    pub abbr: &'static str,
    pub expansion: &'static str,
    pub explanation: &'static str,
}

const fn term(abbr: &'static str, expansion: &'static str, explanation: &'static str) -> Term {
    Term { abbr, expansion, explanation }
}

/// Every abbreviation, in alphabetical order.
pub const TERMS: &[Term] = &[
    term(
        "ANRU",
        "Agence nationale pour la rénovation urbaine",
        "Elle finance le renouvellement urbain des quartiers ; un relogement ANRU est celui d'un ménage dont l'immeuble est démoli ou restructuré, mis de côté du flux des réservataires.",
    ),
    term(
        "CAL",
        "Commission d'attribution des logements",
        "La commission du bailleur qui examine les candidats présentés pour un logement et décide de l'attribution (son nom complet est CALEOL).",
    ),
    term(
        "CALEOL",
        "Commission d'attribution des logements et d'examen de l'occupation des logements",
        "Le nom complet de la CAL depuis la loi ELAN : elle attribue les logements et examine aussi l'occupation des logements existants.",
    ),
    term(
        "CCH",
        "Code de la construction et de l'habitation",
        "Le code qui fixe les règles de la demande et de l'attribution des logements sociaux.",
    ),
    term(
        "CIA",
        "Convention intercommunale d'attribution",
        "L'engagement chiffré des partenaires du territoire sur les attributions : part des ménages du premier quartile hors QPV, part des prioritaires, etc.",
    ),
    term(
        "CIL",
        "Conférence intercommunale du logement",
        "L'instance qui réunit l'EPCI, les communes, l'État, les bailleurs et les réservataires pour adopter et évaluer la politique d'attribution.",
    ),
    term(
        "DALO",
        "Droit au logement opposable",
        "Un ménage reconnu prioritaire et urgent par la commission de médiation, que l'État doit reloger.",
    ),
    term(
        "ELAN",
        "Loi portant évolution du logement, de l'aménagement et du numérique",
        "La loi de 2018 qui a rendu obligatoires la cotation de la demande et la gestion en flux des réservations.",
    ),
    term(
        "EPCI",
        "Établissement public de coopération intercommunale",
        "L'intercommunalité (communauté de communes ou d'agglomération) qui pilote la politique d'attribution du territoire.",
    ),
    term(
        "INSEE",
        "Institut national de la statistique et des études économiques",
        "Il attribue à chaque commune son code INSEE à cinq caractères, qui l'identifie dans les fichiers.",
    ),
    term(
        "PLAI",
        "Prêt locatif aidé d'intégration",
        "Le financement des logements sociaux aux loyers les plus bas, réservés aux ménages aux ressources les plus modestes.",
    ),
    term(
        "PLI",
        "Prêt locatif intermédiaire",
        "Le financement des logements intermédiaires, aux loyers entre le logement social et le marché libre.",
    ),
    term(
        "PLS",
        "Prêt locatif social",
        "Le financement des logements sociaux aux loyers les plus hauts, pour des ménages aux ressources moyennes.",
    ),
    term(
        "PLUS",
        "Prêt locatif à usage social",
        "Le financement le plus courant des logements sociaux, aux loyers et plafonds de ressources ordinaires.",
    ),
    term(
        "PMR",
        "Personne à mobilité réduite",
        "Un logement PMR est accessible en fauteuil roulant (entrée, circulations, salle d'eau).",
    ),
    term(
        "PPGD",
        "Plan partenarial de gestion de la demande",
        "Le plan de l'EPCI qui organise l'enregistrement, l'information des demandeurs et la cotation.",
    ),
    term(
        "QPV",
        "Quartier prioritaire de la politique de la ville",
        "Un quartier aux revenus faibles désigné par l'État ; la loi fixe des objectifs d'attribution hors de ces quartiers et dans ces quartiers.",
    ),
    term(
        "RFR",
        "Revenu fiscal de référence",
        "Le revenu de l'avis d'imposition, qui sert à comparer les ressources du ménage aux plafonds.",
    ),
    term(
        "SAID",
        "Service d'accueil et d'information des demandeurs",
        "Les guichets du territoire où un demandeur est reçu, informé et peut déposer sa demande.",
    ),
    term(
        "SNE",
        "Système national d'enregistrement",
        "Le registre national des demandes de logement social, qui délivre le numéro unique.",
    ),
    term(
        "UC",
        "Unité de consommation",
        "La mesure de la taille du ménage pour comparer les ressources : 1 pour le demandeur, 0,5 par autre personne de 14 ans ou plus, 0,3 par enfant de moins de 14 ans.",
    ),
];

/// The term written `abbr`.
pub fn term_of(abbr: &str) -> Option<&'static Term> {
    TERMS.iter().find(|t| t.abbr == abbr)
}

/// `<abbr title="expansion">ABBR</abbr>`.
fn abbr_element(term: &Term) -> String {
    format!("<abbr title=\"{}\">{}</abbr>", escape_html(term.expansion), term.abbr)
}

/// Whether `c` may stand in a word (an abbreviation is matched as a whole word).
fn in_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || c == '-'
}

/// HTML text (already escaped) with every known abbreviation, as a whole word, wrapped.
fn wrap_words(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find(|c: char| c.is_ascii_uppercase()) {
        let (before, from) = rest.split_at(start);
        out.push_str(before);
        let preceded = out.chars().next_back().is_some_and(in_word);
        let end = from.find(|c: char| !in_word(c)).unwrap_or(from.len());
        let (word, after) = from.split_at(end.max(1));
        match term_of(word).filter(|_| !preceded) {
            Some(term) => out.push_str(&abbr_element(term)),
            None => out.push_str(word),
        }
        rest = after;
    }
    out.push_str(rest);
    out
}

/// Plain text as HTML, its abbreviations explained.
pub fn explained(text: &str) -> String {
    wrap_words(&escape_html(text))
}

/// Elements whose text is left alone: already explained, not shown as text, or where an
/// `<abbr>` cannot go.
const UNTOUCHED: &[&str] = &["abbr", "svg", "title", "script", "style", "option", "textarea"];

/// A rendered HTML fragment with the abbreviations of its text (not of its tags, attributes,
/// charts or existing `<abbr>`) explained.
pub fn explained_html(html: &str) -> String {
    let mut out = String::with_capacity(html.len() + html.len() / 8);
    let mut rest = html;
    let mut inside: Option<&'static str> = None;
    while !rest.is_empty() {
        let Some(open) = rest.find('<') else {
            out.push_str(&if inside.is_some() { rest.to_owned() } else { wrap_words(rest) });
            break;
        };
        let (text, from) = rest.split_at(open);
        out.push_str(&if inside.is_some() { text.to_owned() } else { wrap_words(text) });
        let close = from.find('>').map_or(from.len(), |i| i + 1);
        let (tag, after) = from.split_at(close);
        let name: String = tag
            .trim_start_matches(['<', '/'])
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        match inside {
            None if !tag.starts_with("</") && !tag.ends_with("/>") => {
                inside = UNTOUCHED.iter().copied().find(|u| *u == name);
            }
            Some(element) if tag.starts_with("</") && name == element => inside = None,
            _ => {}
        }
        out.push_str(tag);
        rest = after;
    }
    out
}

/// The askama filters: `{{ text|explained }}` (plain text, escaped, abbreviations wrapped) and
/// `{{ html|explained_html }}` (a trusted rendered fragment). A page's module brings them in
/// scope with `use crate::glossary::filters;`.
pub mod filters {
    use askama::filters::Safe;
    use std::fmt::Display;

    pub fn explained<T: Display>(text: T, _: &dyn askama::Values) -> askama::Result<Safe<String>> {
        Ok(Safe(super::explained(&text.to_string())))
    }

    pub fn explained_html<T: Display>(
        html: T,
        _: &dyn askama::Values,
    ) -> askama::Result<Safe<String>> {
        Ok(Safe(super::explained_html(&html.to_string())))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_term_is_explained_once_in_order() {
        for t in TERMS {
            assert!(!t.expansion.is_empty() && t.explanation.ends_with('.'), "{}", t.abbr);
        }
        let abbrs: Vec<&str> = TERMS.iter().map(|t| t.abbr).collect();
        let mut sorted = abbrs.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(abbrs, sorted, "alphabetical, each once");
        for asked in
            ["QPV", "CAL", "ANRU", "UC", "PLAI", "PLUS", "PLS", "PMR", "DALO", "SNE", "CIL", "CIA"]
        {
            assert!(term_of(asked).is_some(), "{asked}");
        }
        for asked in ["CALEOL", "EPCI", "RFR"] {
            assert!(term_of(asked).is_some(), "{asked}");
        }
    }

    #[test]
    fn whole_words_only_are_wrapped() {
        let html = explained("Code du quartier (vide hors QPV) ; PLUS, PLAI & QPVX plus");
        assert!(html.contains(
            "hors <abbr title=\"Quartier prioritaire de la politique de la ville\">QPV</abbr>)"
        ));
        assert!(html.contains(">PLUS</abbr>, <abbr"));
        assert!(html.contains("&amp; QPVX plus"), "{html}");
        assert_eq!(explained("T3-QPV"), "T3-QPV");
    }

    #[test]
    fn fragments_keep_their_tags_charts_and_abbreviations() {
        let html = "<p class=\"QPV\">Hors QPV</p><abbr title=\"x\">CIA</abbr><svg aria-label=\"QPV\"><text>QPV</text></svg><p>DALO</p>";
        let out = explained_html(html);
        assert!(out.starts_with("<p class=\"QPV\">Hors <abbr title="), "{out}");
        assert!(out.contains("<abbr title=\"x\">CIA</abbr>"), "{out}");
        assert!(out.contains("<svg aria-label=\"QPV\"><text>QPV</text></svg>"), "{out}");
        assert!(out.ends_with("<p><abbr title=\"Droit au logement opposable\">DALO</abbr></p>"));
    }
}

//! A grid in words, for applicants and the public (the territory's information service, CCH
//! L441-2-8): every criterion's wording with its points in a French sentence (« 50 points »,
//! « 1 point par mois d'ancienneté, 60 points au plus »), whether it counts on
//! the applicant's word or once a document was seen, the exclusive groups gathered with the
//! rule that only the highest counts, the « délai anormalement long » when a criterion reads
//! it, and the transfer part when the grid has one. Drawn from the grid itself, so the words
//! cannot drift from the points applied.

use crate::grid::{Criterion, Delays, Grid, Justification};
use crate::variables::Variable;
use logis_domain::{Date, Typologie};

/// A grid, said in French.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GridInWords {
    pub nom: String,
    pub en_vigueur: Date,
    /// The criteria of every application (of first requests, when there is a transfer part).
    pub general: Vec<Entry>,
    /// The criteria of transfer requests, when the grid has a part of its own for them.
    pub mutation: Option<Vec<Entry>>,
    /// When the wait is « anormalement long », if a criterion reads it.
    pub delai: Option<String>,
}

/// One entry of a part: a criterion alone, or an exclusive group of criteria (gathered where
/// its first criterion stands).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The group's name in words (`logement_actuel` → « Logement actuel »), for a group.
    pub groupe: Option<String>,
    pub criteria: Vec<CriterionInWords>,
}

impl Entry {
    /// What a reader is told of an exclusive group.
    pub const EXCLUSIVE: &'static str = "Seul le plus élevé de ces critères compte.";
}

/// One criterion, said in French.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CriterionInWords {
    /// The criterion's code in the grid (which criterion this is).
    pub code: String,
    /// The criterion's wording, without a trailing « : … points … » that [`Self::points`]
    /// says from the grid's numbers.
    pub libelle: String,
    /// « 50 points », « 10 points de moins par refus, 30 points de moins au plus ».
    pub points: String,
    /// Whether it counts on the applicant's word, once a document was seen, or from dates and
    /// decisions already registered.
    pub justification: &'static str,
}

impl CriterionInWords {
    /// The whole sentence: « Famille monoparentale : 5 points. Compte sur votre déclaration. »
    pub fn sentence(&self) -> String {
        format!("{} : {}. {}", self.libelle, self.points, self.justification)
    }
}

/// What a criterion that needs no document is told.
pub const FROM_RECORDS: &str =
    "Établi d'après les dates et les décisions enregistrées : rien à justifier.";
/// What a criterion counted on the applicant's word is told.
pub const DECLARED: &str = "Compte sur votre déclaration.";
/// What a criterion counted only once a document was seen is told.
pub const VERIFIED: &str = "Compte quand un justificatif a été vu.";

/// `grid` in words.
pub fn explain(grid: &Grid) -> GridInWords {
    let reads_delay = grid.criteria().any(|c| {
        let mut variables = Vec::new();
        if let Some(condition) = &c.condition {
            condition.variables(&mut variables);
        }
        variables.contains(&Variable::DelaiAnormalementLong)
    });
    GridInWords {
        nom: grid.nom.clone(),
        en_vigueur: grid.en_vigueur,
        general: entries(&grid.general),
        mutation: grid.mutation.as_deref().map(entries),
        delai: reads_delay.then(|| delay_sentence(&grid.delays)),
    }
}

/// The criteria of one part, exclusive groups gathered.
fn entries(criteria: &[Criterion]) -> Vec<Entry> {
    let mut out: Vec<Entry> = Vec::new();
    for criterion in criteria {
        let words = criterion_in_words(criterion);
        match &criterion.groupe {
            Some(groupe) => {
                let name = group_name(groupe);
                match out.iter_mut().find(|e| e.groupe.as_ref() == Some(&name)) {
                    Some(entry) => entry.criteria.push(words),
                    None => out.push(Entry { groupe: Some(name), criteria: vec![words] }),
                }
            }
            None => out.push(Entry { groupe: None, criteria: vec![words] }),
        }
    }
    out
}

/// One criterion in words.
pub fn criterion_in_words(criterion: &Criterion) -> CriterionInWords {
    CriterionInWords {
        code: criterion.code.to_string(),
        libelle: title(&criterion.libelle),
        points: points(criterion),
        justification: if criterion.pieces == 0 {
            FROM_RECORDS
        } else {
            match criterion.justification {
                Justification::Declaree => DECLARED,
                Justification::Verifiee => VERIFIED,
            }
        },
    }
}

/// The wording without a trailing « : 1 point par mois, 60 points au plus » (the points are
/// said from the grid's numbers instead).
fn title(libelle: &str) -> String {
    match libelle.rsplit_once(" : ") {
        Some((head, tail)) if tail.contains("point") && !head.trim().is_empty() => {
            head.trim().to_owned()
        }
        _ => libelle.trim().to_owned(),
    }
}

/// `5` → « 5 points », `1` → « 1 point » (a no-break space: the number never ends a line).
fn count(points: u32) -> String {
    let plural = if points > 1 { "s" } else { "" };
    format!("{}\u{a0}point{plural}", logis_domain::french::int(u64::from(points)))
}

/// The points of a criterion in words.
fn points(criterion: &Criterion) -> String {
    let magnitude = criterion.points.unsigned_abs();
    let less = if criterion.points < 0 { " de moins" } else { "" };
    let Some(variable) = criterion.par else {
        return format!("{}{less}", count(magnitude));
    };
    let mut said = format!("{}{less} par {}", count(magnitude), unit(variable));
    if let Some(cap) = criterion.plafond {
        said.push_str(&format!(", {}{less} au plus", count(cap.unsigned_abs())));
    }
    said
}

/// One unit of a number variable, after « par ».
fn unit(variable: Variable) -> String {
    use Variable::*;
    match variable {
        AncienneteMois => "mois d'ancienneté",
        RefusOffresAdaptees => "refus",
        TailleMenage => "personne du ménage",
        Enfants => "enfant",
        AgeTitulaire => "année d'âge du titulaire",
        AgeMaxMembre => "année d'âge du membre le plus âgé du ménage",
        AgeMinMembre => "année d'âge du membre le plus jeune du ménage",
        RessourcesMensuelles => "euro de ressources mensuelles",
        RessourcesParUc => "euro de ressources annuelles par unité de consommation",
        Quartile => "rang de quartile de ressources",
        TauxEffort => "point de taux d'effort (part du loyer dans les ressources)",
        other => return format!("unité de « {} »", other.help()),
    }
    .to_owned()
}

/// `logement_actuel` → « Logement actuel ».
fn group_name(code: &str) -> String {
    let words = code.replace('_', " ");
    let mut chars = words.chars();
    match chars.next() {
        Some(first) => format!("{}{}", first.to_uppercase(), chars.as_str()),
        None => String::new(),
    }
}

/// « Le délai d'attente est jugé anormalement long après 24 mois (30 mois pour un T4 …). »
fn delay_sentence(delays: &Delays) -> String {
    let others: Vec<String> = Typologie::ALL
        .iter()
        .filter_map(|t| {
            let months = delays.by_typologie[*t as usize]?;
            (months != delays.default_months)
                .then(|| format!("{months} mois pour un {}", t.label()))
        })
        .collect();
    let precise =
        if others.is_empty() { String::new() } else { format!(" ({})", others.join(", ")) };
    format!(
        "Le délai d'attente est jugé anormalement long après {} mois{precise}, selon le premier type de logement demandé.",
        delays.default_months
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every sentence, its no-break spaces written as spaces.
    fn all(words: &GridInWords) -> Vec<String> {
        words
            .general
            .iter()
            .chain(words.mutation.iter().flatten())
            .flat_map(|e| e.criteria.iter().map(|c| c.sentence().replace('\u{a0}', " ")))
            .collect()
    }

    #[test]
    fn the_default_grid_in_sentences() {
        let words = explain(&crate::default_grid());
        let sentences = all(&words);
        let has = |s: &str| {
            assert!(sentences.iter().any(|l| l == s), "« {s} » missing from {sentences:#?}")
        };
        has(
            "Ménage reconnu prioritaire et urgent au titre du DALO : 50 points. Établi d'après les dates et les décisions enregistrées : rien à justifier.",
        );
        has(
            "Violences au sein du couple ou menace de mariage forcé : 40 points. Compte quand un justificatif a été vu.",
        );
        has("Famille monoparentale : 5 points. Compte sur votre déclaration.");
        has(
            "Ancienneté de la demande : 1 point par mois d'ancienneté, 60 points au plus. Établi d'après les dates et les décisions enregistrées : rien à justifier.",
        );
        has(
            "Refus d'une offre adaptée sans motif légitime : 10 points de moins par refus, 30 points de moins au plus. Établi d'après les dates et les décisions enregistrées : rien à justifier.",
        );
        assert_eq!(words.nom, "Grille de cotation de la CC Terres des Confluences");
        assert_eq!(logis_domain::french::date(words.en_vigueur), "01/01/2022");
    }

    #[test]
    fn an_exclusive_group_is_gathered_where_it_starts() {
        let words = explain(&crate::default_grid());
        let groups: Vec<&Entry> = words.general.iter().filter(|e| e.groupe.is_some()).collect();
        assert_eq!(groups.len(), 1, "one exclusive group in the CCTC grid");
        let group = groups[0];
        assert_eq!(group.groupe.as_deref(), Some("Logement actuel"));
        let names: Vec<&str> = group.criteria.iter().map(|c| c.libelle.as_str()).collect();
        assert_eq!(
            names,
            [
                "Sans abri, habitat de fortune ou occupant sans titre",
                "Hébergé en structure, à l'hôtel ou en logement temporaire",
                "Hébergé par de la famille ou par un tiers",
                "Loyer actuel supérieur à 35 % des ressources",
            ]
        );
        assert_eq!(group.criteria[0].points, "30\u{a0}points");
        let position = words.general.iter().position(|e| e.groupe.is_some());
        assert_eq!(position, Some(6), "after the six priorities of the law");
    }

    #[test]
    fn the_transfer_part_and_the_delay_are_said() {
        let words = explain(&crate::default_grid());
        let mutation = words.mutation.expect("the CCTC grid has a transfer part");
        assert!(mutation.iter().any(|e| {
            e.criteria.iter().any(|c| {
                c.libelle == "Logement trop grand : libère un grand logement"
                    && c.points == "15\u{a0}points"
            })
        }));
        assert_eq!(
            words.delai.as_deref(),
            Some(
                "Le délai d'attente est jugé anormalement long après 24 mois (30 mois pour un T4, 36 mois pour un T5, 36 mois pour un T6 et plus), selon le premier type de logement demandé."
            )
        );
    }

    #[test]
    fn a_grid_without_transfer_part_nor_delay() {
        let grid = Grid::parse(
            "nom = \"Essai\"\nen_vigueur = 2026-01-01\n[[critere]]\ncode = \"enfants\"\nlibelle = \"Enfants à charge\"\npoints = 2\npar = \"enfants\"\n",
        )
        .expect("a valid grid");
        let words = explain(&grid);
        assert!(words.mutation.is_none());
        assert!(words.delai.is_none());
        assert_eq!(
            words.general[0].criteria[0].sentence(),
            "Enfants à charge : 2\u{a0}points par enfant. Compte sur votre déclaration."
        );
    }

    #[test]
    fn a_colon_that_is_not_about_points_stays() {
        assert_eq!(
            title("Logement trop grand : libère un grand logement"),
            "Logement trop grand : libère un grand logement"
        );
        assert_eq!(title("Ancienneté : 1 point par mois"), "Ancienneté");
    }
}

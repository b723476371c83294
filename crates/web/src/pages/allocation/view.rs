//! The lines the allocation pages show: a dwelling in words, and a candidate with why they fit,
//! what the dwelling would cost them and which objectives they would help.

use crate::examination::Examination;
use logis_allocation::stored::Candidate;
use logis_domain::Logement;
use logis_domain::french;

/// A dwelling in one line: « T3 de 68 m², 12 rue …, Moissac ».
pub fn dwelling_title(dwelling: &Logement, commune: &str) -> String {
    let surface = dwelling
        .surface
        .map(|s| format!(" de {} m²", french::decimal(s.as_f64(), 0)))
        .unwrap_or_default();
    let address = dwelling.adresse.as_deref().map(|a| format!(", {a}")).unwrap_or_default();
    format!("{}{surface}{address}, {commune}", dwelling.typologie.code())
}

/// Rent, financing, floor, accessibility, neighbourhood, in one line.
pub fn dwelling_details(dwelling: &Logement) -> String {
    let charges = dwelling
        .charges
        .map(|c| format!(" + {} € de charges", french::decimal(c.as_f64(), 2)))
        .unwrap_or_default();
    let floor = match dwelling.etage {
        Some(0) => ", rez-de-chaussée".to_owned(),
        Some(n) if n < 0 => format!(", niveau {n} (sous le rez-de-chaussée)"),
        Some(n) => format!(
            ", {} étage{}",
            french::ordinal(u64::from(n.unsigned_abs()), french::Gender::Masculine),
            if dwelling.ascenseur == Some(true) { " avec ascenseur" } else { "" }
        ),
        None => String::new(),
    };
    let access = if dwelling.pmr == Some(true) { ", accessible en fauteuil roulant" } else { "" };
    let qpv = match dwelling.qpv.as_deref() {
        Some(q) if !q.is_empty() => format!(", en quartier prioritaire ({q})"),
        _ => ", hors quartier prioritaire".to_owned(),
    };
    format!(
        "loyer {} €{charges} par mois, financement {}{floor}{access}{qpv}",
        french::decimal(dwelling.loyer.as_f64(), 2),
        dwelling.financement.code()
    )
}

/// One candidate as the vacancy page shows it.
pub struct CandidateLine {
    pub position: usize,
    pub numero: String,
    pub nom: String,
    pub score: String,
    pub household: String,
    pub fits: Vec<String>,
    pub to_check: Vec<String>,
    pub budget: String,
    /// (helps, sentence) for each objective.
    pub objectives: Vec<(bool, String)>,
}

impl CandidateLine {
    pub fn of(c: &Candidate, dwelling: &Logement, exam: &Examination, names: bool) -> Self {
        let (costs, helped) = exam.assess(dwelling, &c.demande, &c.members);
        let objectives = helped.into_iter().map(|i| (i.helps, i.text)).collect();
        let persons = c.members.len().max(1);
        let nom = if names {
            [c.demande.nom.as_deref(), c.demande.prenom.as_deref()]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(" ")
        } else {
            String::new()
        };
        CandidateLine {
            position: c.position,
            numero: c.demande.numero_unique.as_str().to_owned(),
            nom,
            score: c.score.map(|s| s.to_string()).unwrap_or_else(|| "—".to_owned()),
            household: format!(
                "{persons} personne{}, {} € de ressources par mois",
                french::plural(persons as u64),
                french::decimal(c.demande.ressources_mensuelles.as_f64(), 0)
            ),
            fits: c.verdict.fits.clone(),
            to_check: c.verdict.to_check.clone(),
            budget: costs.describe(),
            objectives,
        }
    }
}

/// What the pages of `dwelling` say when the income ceilings of `on`'s year for its financing
/// and zone are not in the settings: no candidate's eligibility could be checked.
pub fn ceiling_missing(
    context: &logis_allocation::Context<'_>,
    dwelling: &Logement,
) -> Option<String> {
    let zone = logis_eligibility::Zone::of_commune(dwelling.commune.as_str());
    let missing = context.ceilings.missing(context.on.year(), zone, dwelling.financement)?;
    Some(format!(
        "{missing}. L'éligibilité de chaque candidat à ce logement est à vérifier sur ses avis d'imposition avant toute décision."
    ))
}

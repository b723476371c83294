//! The comparison table of a vacancy's candidates: one row per candidate (rank, score,
//! seniority, household, resources per UC and quartile, effort rate, objectives served,
//! priority, what to note), sorted on the server by the column named in `tri=` (kept in the
//! URL, so the page works without JavaScript and a link can be shared), and the detail of each
//! row (why it fits, what to check, the objectives in words) computed once here.

use super::sorting::{self, Header, Sort, Sortable};
use crate::examination::Examination;
use logis_allocation::stored::Candidate;
use logis_domain::seuils::annual_resources_per_uc;
use logis_domain::{Date, Dossier, Logement, french};
use std::cmp::Ordering;

/// A column the table sorts on, with its code in `tri=`, its heading and its first direction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    Rang,
    Score,
    Anciennete,
    Menage,
    Ressources,
    Effort,
    Objectifs,
    Priorite,
    ANoter,
}

impl Sortable for Column {
    const ALL: &'static [Column] = &[
        Column::Rang,
        Column::Score,
        Column::Anciennete,
        Column::Menage,
        Column::Ressources,
        Column::Effort,
        Column::Objectifs,
        Column::Priorite,
        Column::ANoter,
    ];
    const DEFAULT: Sort<Column> = Sort { column: Column::Rang, descending: false };

    fn code(self) -> &'static str {
        match self {
            Column::Rang => "rang",
            Column::Score => "score",
            Column::Anciennete => "anciennete",
            Column::Menage => "menage",
            Column::Ressources => "ressources",
            Column::Effort => "effort",
            Column::Objectifs => "objectifs",
            Column::Priorite => "priorite",
            Column::ANoter => "a_noter",
        }
    }

    fn label(self) -> &'static str {
        match self {
            Column::Rang => "Rang",
            Column::Score => "Score",
            Column::Anciennete => "Ancienneté",
            Column::Menage => "Ménage",
            Column::Ressources => "Ressources par UC",
            Column::Effort => "Taux d'effort",
            Column::Objectifs => "Objectifs servis",
            Column::Priorite => "Priorité",
            Column::ANoter => "À noter",
        }
    }

    /// The most telling value first (highest score, oldest application, lowest effort…).
    fn descending_first(self) -> bool {
        matches!(
            self,
            Column::Score
                | Column::Anciennete
                | Column::Menage
                | Column::Objectifs
                | Column::Priorite
                | Column::ANoter
        )
    }

    fn numeric(self) -> bool {
        !matches!(self, Column::Priorite | Column::ANoter | Column::Objectifs)
    }
}

/// The headings of the table for `sort`, linking to `base` (the vacancy's page).
pub fn headers(sort: Sort<Column>, base: &str) -> Vec<Header> {
    sorting::headers(sort, |tri| format!("{base}?tri={tri}#t-candidats"))
}

/// One candidate in the table, with its detail.
pub struct CandidateRow {
    pub position: usize,
    pub numero: String,
    /// Empty when the account may not read names.
    pub nom: String,
    score: Option<i64>,
    pub score_text: String,
    depot: Date,
    pub anciennete: String,
    pub depot_text: String,
    persons: usize,
    /// « 3 personnes ».
    pub persons_text: String,
    /// « 2,1 UC ».
    pub uc_text: String,
    per_uc: f64,
    pub per_uc_text: String,
    pub quartile: String,
    effort: Option<f64>,
    pub effort_text: String,
    pub monthly: String,
    pub helped: usize,
    /// (helps, sentence) for each objective.
    pub objectives: Vec<(bool, String)>,
    /// 2 for DALO, 1 for another priority, 0.
    priority: u8,
    pub priority_text: String,
    pub fits: Vec<String>,
    pub to_check: Vec<String>,
    pub budget: String,
}

impl CandidateRow {
    pub fn of(c: &Candidate, dwelling: &Logement, exam: &Examination, names: bool) -> Self {
        let (costs, helped) = exam.assess(dwelling, &c.demande, &c.members);
        let d = &c.demande;
        let dossier = Dossier { demande: d, membres: &c.members };
        let uc = dossier.consumption_units(exam.on);
        let per_uc = annual_resources_per_uc(d.ressources_mensuelles, uc);
        let quartile = exam.seuils.as_ref().map(|s| s.quartile(d.ressources_mensuelles, uc));
        let months = logis_domain::calendar::whole_months(d.date_depot, exam.on);
        let persons = c.members.len().max(1);
        let priority = if d.dalo == Some(true) { 2 } else { u8::from(d.is_priority()) };
        let nom = if names {
            [d.nom.as_deref(), d.prenom.as_deref()]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(" ")
        } else {
            String::new()
        };
        let objectives: Vec<(bool, String)> =
            helped.into_iter().map(|i| (i.helps, i.text)).collect();
        CandidateRow {
            position: c.position,
            numero: d.numero_unique.as_str().to_owned(),
            nom,
            score: c.score,
            score_text: c.score.map_or_else(|| "—".to_owned(), |s| french::int(s.unsigned_abs())),
            depot: d.date_depot,
            anciennete: seniority(months),
            depot_text: french::date(d.date_depot),
            persons,
            persons_text: format!("{persons} personne{}", french::plural(persons as u64)),
            uc_text: format!("{} UC", french::decimal(uc.as_f64(), 1)),
            per_uc,
            per_uc_text: format!("{}\u{a0}€ par an", french::int(per_uc.max(0.0).round() as u64)),
            quartile: quartile.map_or_else(
                || "quartile inconnu".to_owned(),
                |q| {
                    format!(
                        "{} quartile",
                        french::ordinal(u64::from(q.number()), french::Gender::Masculine)
                    )
                },
            ),
            effort: costs.effort_percent,
            effort_text: costs
                .effort_percent
                .map_or_else(|| "—".to_owned(), |p| french::percent(p / 100.0, 1)),
            monthly: format!(
                "{}\u{a0}€ par mois",
                french::int(d.ressources_mensuelles.as_f64().max(0.0).round() as u64)
            ),
            helped: objectives.iter().filter(|o| o.0).count(),
            objectives,
            priority,
            priority_text: match priority {
                2 => "DALO",
                1 => "prioritaire",
                _ => "",
            }
            .to_owned(),
            fits: c.verdict.fits.clone(),
            to_check: c.verdict.to_check.clone(),
            budget: costs.describe(),
        }
    }

    /// The objectives served, « 1 sur 2 ».
    pub fn objectives_text(&self) -> String {
        format!("{} sur {}", self.helped, self.objectives.len())
    }

    fn compare(&self, other: &Self, column: Column) -> Ordering {
        let float = |a: Option<f64>, b: Option<f64>| {
            a.unwrap_or(f64::INFINITY).total_cmp(&b.unwrap_or(f64::INFINITY))
        };
        match column {
            Column::Rang => self.position.cmp(&other.position),
            Column::Score => self.score.unwrap_or(i64::MIN).cmp(&other.score.unwrap_or(i64::MIN)),
            // Older first when descending: the longer wait.
            Column::Anciennete => other.depot.cmp(&self.depot),
            Column::Menage => self.persons.cmp(&other.persons),
            Column::Ressources => self.per_uc.total_cmp(&other.per_uc),
            Column::Effort => float(self.effort, other.effort),
            Column::Objectifs => self.helped.cmp(&other.helped),
            Column::Priorite => self.priority.cmp(&other.priority),
            Column::ANoter => self.to_check.len().cmp(&other.to_check.len()),
        }
    }
}

/// « 3 ans et 2 mois », « 5 mois ».
fn seniority(months: u32) -> String {
    let (years, rest) = (months / 12, months % 12);
    let unit = |n: u32, one: &str, many: &str| format!("{n} {}", if n > 1 { many } else { one });
    match (years, rest) {
        (0, m) => unit(m, "mois", "mois"),
        (y, 0) => unit(y, "an", "ans"),
        (y, m) => format!("{} et {}", unit(y, "an", "ans"), unit(m, "mois", "mois")),
    }
}

/// Sorts `rows` in `sort`'s order, the rank order between equals.
pub fn sort(rows: &mut [CandidateRow], sort: Sort<Column>) {
    rows.sort_by(|a, b| sort.directed(a.compare(b, sort.column)).then(a.position.cmp(&b.position)));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sorted_heading_says_so_and_links_the_other_way() {
        let shown = headers(Sort::parse(Some("score")), "/vacances/3");
        let score = shown.iter().find(|h| h.label == "Score").expect("score");
        assert_eq!(score.aria_sort, "descending");
        assert_eq!(score.href, "/vacances/3?tri=-score#t-candidats");
        let effort = shown.iter().find(|h| h.label == "Taux d'effort").expect("effort");
        assert_eq!(effort.aria_sort, "");
        assert_eq!(effort.href, "/vacances/3?tri=effort#t-candidats");
    }

    #[test]
    fn seniority_is_said_in_years_and_months() {
        assert_eq!(seniority(5), "5 mois");
        assert_eq!(seniority(12), "1 an");
        assert_eq!(seniority(38), "3 ans et 2 mois");
    }
}

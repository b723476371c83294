//! What adopting a new grid would do: every active application scored and ranked with both
//! grids at the same date; how many change rank and by how much, which groups of households
//! gain or lose places, and the largest moves.

use crate::engine::{Thresholds, positions, score_active};
use crate::facts::{Applicant, Facts, commune_str};
use crate::grid::Grid;
use logis_domain::{AgeBand, Composition, Date, SituationLogement};
use std::collections::BTreeMap;

/// One application under both grids. `places` > 0: it moves up (gains places).
#[derive(Debug, Clone, PartialEq)]
pub struct Move {
    pub numero: String,
    pub commune: String,
    pub typologie: String,
    pub composition: Composition,
    pub quartile: Option<u8>,
    pub situation: SituationLogement,
    pub prioritaire: bool,
    pub mutation: bool,
    pub age_band: Option<AgeBand>,
    pub old_score: i32,
    pub new_score: i32,
    pub old_rank: u32,
    pub new_rank: u32,
    pub comparables: u32,
}

impl Move {
    pub fn places(&self) -> i64 {
        i64::from(self.old_rank) - i64::from(self.new_rank)
    }
}

/// How many applications moved by how much.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bucket {
    pub label: &'static str,
    pub count: usize,
}

/// The effect on one group of households (one value of one dimension).
#[derive(Debug, Clone, PartialEq)]
pub struct GroupImpact {
    pub dimension: &'static str,
    pub value: String,
    pub count: usize,
    pub mean_old_score: f64,
    pub mean_new_score: f64,
    /// Mean places gained (negative: lost).
    pub mean_places: f64,
    pub share_gaining: f64,
    pub share_losing: f64,
}

/// The comparison of two grids.
#[derive(Debug, Clone)]
pub struct Comparison {
    pub date: Date,
    pub old_name: String,
    pub new_name: String,
    pub moves: Vec<Move>,
    pub changed_rank: usize,
    pub gaining: usize,
    pub losing: usize,
    pub buckets: Vec<Bucket>,
    pub groups: Vec<GroupImpact>,
    /// Indices into `moves` of the largest moves, largest first.
    pub largest: Vec<usize>,
}

/// How many of the largest moves are listed.
pub const LARGEST: usize = 20;

const BUCKETS: [(&str, i64, i64); 7] = [
    ("gagnent plus de 20 places", 21, i64::MAX),
    ("gagnent 6 à 20 places", 6, 20),
    ("gagnent 1 à 5 places", 1, 5),
    ("gardent leur rang", 0, 0),
    ("perdent 1 à 5 places", -5, -1),
    ("perdent 6 à 20 places", -20, -6),
    ("perdent plus de 20 places", i64::MIN, -21),
];

/// Compares `old` and `new` on the applications active at `date`.
pub fn compare(
    old: &Grid,
    new: &Grid,
    applicants: &[Applicant],
    thresholds: &Thresholds,
    date: Date,
) -> Comparison {
    let before = score_active(old, applicants, date, thresholds);
    let after = score_active(new, applicants, date, thresholds);
    let (old_positions, _) = positions(applicants, &before);
    let (new_positions, _) = positions(applicants, &after);
    let seuils = thresholds.for_date(date);
    let moves: Vec<Move> = before
        .iter()
        .zip(&after)
        .zip(old_positions.iter().zip(&new_positions))
        .map(|((b, a), (op, np))| {
            let applicant = &applicants[b.index as usize];
            let facts = Facts::at(applicant, date, seuils, &old.delays);
            Move {
                numero: applicant.numero.to_string(),
                commune: applicant
                    .first_commune()
                    .map(|c| commune_str(&c).to_owned())
                    .unwrap_or_default(),
                typologie: applicant
                    .first_typologie
                    .map(|t| t.code().to_owned())
                    .unwrap_or_default(),
                composition: facts.composition,
                quartile: facts.quartile,
                situation: applicant.situation,
                prioritaire: applicant.is_priority(),
                mutation: applicant.is_mutation(),
                age_band: facts.age_titulaire.map(AgeBand::of_age),
                old_score: b.score.total,
                new_score: a.score.total,
                old_rank: op.rang,
                new_rank: np.rang,
                comparables: op.comparables,
            }
        })
        .collect();
    let mut largest: Vec<usize> = (0..moves.len()).filter(|&i| moves[i].places() != 0).collect();
    largest.sort_by_key(|&i| (std::cmp::Reverse(moves[i].places().abs()), i));
    largest.truncate(LARGEST);
    Comparison {
        date,
        old_name: old.nom.clone(),
        new_name: new.nom.clone(),
        changed_rank: moves.iter().filter(|m| m.places() != 0).count(),
        gaining: moves.iter().filter(|m| m.places() > 0).count(),
        losing: moves.iter().filter(|m| m.places() < 0).count(),
        buckets: BUCKETS
            .iter()
            .map(|&(label, low, high)| Bucket {
                label,
                count: moves.iter().filter(|m| (low..=high).contains(&m.places())).count(),
            })
            .collect(),
        groups: impacts(&moves),
        largest,
        moves,
    }
}

/// A group's place in its dimension (code order) and its label.
type GroupOf = fn(&Move) -> (u8, String);

/// The dimensions households are grouped by, each with the group of a move.
fn dimensions() -> [(&'static str, GroupOf); 6] {
    [
        ("Composition du ménage", |m| (m.composition as u8, m.composition.label().to_owned())),
        ("Quartile de ressources", |m| match m.quartile {
            Some(1) => (1, "1er quartile".to_owned()),
            Some(q) => (q, format!("{q}e quartile")),
            None => (9, "quartile inconnu".to_owned()),
        }),
        ("Situation de logement", |m| (m.situation as u8, m.situation.label().to_owned())),
        ("Priorité", |m| {
            (
                u8::from(!m.prioritaire),
                if m.prioritaire { "prioritaire" } else { "non prioritaire" }.to_owned(),
            )
        }),
        ("Type de demande", |m| {
            (
                u8::from(m.mutation),
                if m.mutation { "mutation" } else { "première demande" }.to_owned(),
            )
        }),
        ("Âge du titulaire", |m| match m.age_band {
            Some(band) => (band as u8, band.label().to_owned()),
            None => (9, "âge inconnu".to_owned()),
        }),
    ]
}

fn impacts(moves: &[Move]) -> Vec<GroupImpact> {
    let mut out = Vec::new();
    for (dimension, value_of) in dimensions() {
        let mut by_value: BTreeMap<(u8, String), Vec<&Move>> = BTreeMap::new();
        for m in moves {
            by_value.entry(value_of(m)).or_default().push(m);
        }
        let rows = by_value.into_iter().map(|((_, value), ms)| {
            let n = ms.len() as f64;
            let mean = |f: &dyn Fn(&Move) -> f64| ms.iter().map(|m| f(m)).sum::<f64>() / n;
            GroupImpact {
                dimension,
                value,
                count: ms.len(),
                mean_old_score: mean(&|m| f64::from(m.old_score)),
                mean_new_score: mean(&|m| f64::from(m.new_score)),
                mean_places: mean(&|m| m.places() as f64),
                share_gaining: mean(&|m| f64::from(u8::from(m.places() > 0))),
                share_losing: mean(&|m| f64::from(u8::from(m.places() < 0))),
            }
        });
        out.extend(rows);
    }
    out
}

//! What adopting a new grid would do: every active application scored and ranked with both
//! grids at the same date; how many change rank and by how much, which groups of households
//! gain or lose places, and the largest moves.

use crate::engine::{Thresholds, positions, score_active};
use crate::facts::{Applicant, Facts};
use crate::grid::Grid;
use logis_domain::{AgeBand, Composition, Date, SituationLogement};
use std::collections::BTreeMap;

/// One application under both grids. `places` > 0: it moves up (gains places).
#[derive(Debug, Clone, PartialEq)]
pub struct Move {
    /// Index of the application among the applicants compared.
    pub applicant: u32,
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

impl Comparison {
    /// The groups that gain and that lose the most places on average, among groups of at
    /// least 1 % of the applications (and at least 5): what a meeting wants to know first.
    pub fn headline(&self) -> (Option<&GroupImpact>, Option<&GroupImpact>) {
        let floor = (self.moves.len() / 100).max(5);
        let sizeable = || self.groups.iter().filter(move |g| g.count >= floor);
        let gains = sizeable()
            .filter(|g| g.mean_places > 0.0)
            .max_by(|a, b| a.mean_places.total_cmp(&b.mean_places));
        let losses = sizeable()
            .filter(|g| g.mean_places < 0.0)
            .min_by(|a, b| a.mean_places.total_cmp(&b.mean_places));
        (gains, losses)
    }
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
                applicant: b.index,
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

/// A dimension households are grouped by: the group of a move (its place in code order),
/// and the label of a group.
struct Dimension {
    name: &'static str,
    group: fn(&Move) -> u8,
    label: fn(u8) -> String,
}

/// Groups without a known value sort last.
const UNKNOWN: u8 = u8::MAX;

fn dimensions() -> [Dimension; 6] {
    [
        Dimension {
            name: "Composition du ménage",
            group: |m| m.composition as u8,
            label: |g| Composition::ALL[usize::from(g)].label().to_owned(),
        },
        Dimension {
            name: "Quartile de ressources",
            group: |m| m.quartile.unwrap_or(UNKNOWN),
            label: |g| match g {
                1 => "1er quartile".to_owned(),
                UNKNOWN => "quartile inconnu".to_owned(),
                q => format!("{q}e quartile"),
            },
        },
        Dimension {
            name: "Situation de logement",
            group: |m| m.situation as u8,
            label: |g| SituationLogement::ALL[usize::from(g)].label().to_owned(),
        },
        Dimension {
            name: "Priorité",
            group: |m| u8::from(!m.prioritaire),
            label: |g| if g == 0 { "prioritaire" } else { "non prioritaire" }.to_owned(),
        },
        Dimension {
            name: "Type de demande",
            group: |m| u8::from(m.mutation),
            label: |g| if g == 1 { "mutation" } else { "première demande" }.to_owned(),
        },
        Dimension {
            name: "Âge du titulaire",
            group: |m| m.age_band.map_or(UNKNOWN, |b| b as u8),
            label: |g| match g {
                UNKNOWN => "âge inconnu".to_owned(),
                b => AgeBand::ALL[usize::from(b)].label().to_owned(),
            },
        },
    ]
}

/// Sums over the moves of one group.
#[derive(Default)]
struct Sums {
    count: usize,
    old_score: f64,
    new_score: f64,
    places: f64,
    gaining: usize,
    losing: usize,
}

fn impacts(moves: &[Move]) -> Vec<GroupImpact> {
    let mut out = Vec::new();
    for dimension in dimensions() {
        let mut groups: BTreeMap<u8, Sums> = BTreeMap::new();
        for m in moves {
            let sums = groups.entry((dimension.group)(m)).or_default();
            sums.count += 1;
            sums.old_score += f64::from(m.old_score);
            sums.new_score += f64::from(m.new_score);
            sums.places += m.places() as f64;
            sums.gaining += usize::from(m.places() > 0);
            sums.losing += usize::from(m.places() < 0);
        }
        out.extend(groups.into_iter().map(|(group, s)| {
            let n = s.count as f64;
            GroupImpact {
                dimension: dimension.name,
                value: (dimension.label)(group),
                count: s.count,
                mean_old_score: s.old_score / n,
                mean_new_score: s.new_score / n,
                mean_places: s.places / n,
                share_gaining: s.gaining as f64 / n,
                share_losing: s.losing as f64 / n,
            }
        }));
    }
    out
}

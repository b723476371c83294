//! Evaluation of the cotation against a year's allocations: for each lease, the allocated
//! household's rank among the comparable applications active on the day of the commission,
//! scored with the grid then in force; how often it was the best-scored, the reasons recorded
//! when it was not, and the same by landlord.

use crate::engine::Thresholds;
use crate::facts::{Applicant, Facts};
use crate::grid::{Grid, in_force};
use crate::position::GroupKey;
use crate::score::score;
use logis_domain::{Attribution, Date};
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap};

/// Reason shown when a departure from the score order has no recorded reason.
pub const NO_REASON: &str = "motif non renseigné";

/// Why an allocation could not be evaluated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Unevaluated {
    /// No grid was in force on the day of the commission.
    NoGrid,
    /// The application is unknown, or was not active on that day.
    NotActive,
}

impl Unevaluated {
    pub fn label(self) -> &'static str {
        match self {
            Unevaluated::NoGrid => "aucune grille en vigueur à la date de la commission",
            Unevaluated::NotActive => "demande introuvable ou inactive à la date de la commission",
        }
    }
}

/// One allocation, evaluated.
#[derive(Debug, Clone, PartialEq)]
pub struct AllocationRow {
    pub numero: String,
    pub bailleur: String,
    pub decision: Date,
    pub outcome: Result<Ranked, Unevaluated>,
    pub motif_ecart: Option<String>,
}

/// The allocated household's standing on the day of the decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ranked {
    pub rank: u32,
    pub comparables: u32,
    pub score: i32,
    pub best_score: i32,
}

/// Totals over a set of allocations.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Totals {
    pub allocations: usize,
    pub evaluated: usize,
    /// Allocated to the best-scored comparable application.
    pub best: usize,
    pub median_rank: Option<f64>,
    /// Departures from the score order with a recorded reason.
    pub departures_with_reason: usize,
}

impl Totals {
    pub fn share_best(&self) -> Option<f64> {
        (self.evaluated > 0).then(|| self.best as f64 / self.evaluated as f64)
    }
}

/// The evaluation of one year.
#[derive(Debug, Clone)]
pub struct Evaluation {
    pub year: i32,
    pub totals: Totals,
    /// Reasons recorded for departures (or [`NO_REASON`]), most frequent first.
    pub reasons: Vec<(String, usize)>,
    pub unevaluated: Vec<(Unevaluated, usize)>,
    pub by_landlord: Vec<(String, Totals)>,
    pub rows: Vec<AllocationRow>,
}

/// The date the commission decided: its recorded date, or the day before the lease.
pub fn decision_date(a: &Attribution) -> Date {
    a.date_cal.unwrap_or_else(|| a.date_bail.previous_day().expect("not the first day"))
}

/// Evaluates the allocations whose lease was signed in `year`. `applicants` must hold every
/// application active at some date of the year, in numéro unique order.
pub fn evaluate(
    grids: &[Grid],
    applicants: &[Applicant],
    thresholds: &Thresholds,
    attributions: &[Attribution],
    year: i32,
) -> Evaluation {
    let mut groups: HashMap<GroupKey, Vec<usize>> = HashMap::new();
    for (i, a) in applicants.iter().enumerate() {
        groups.entry(GroupKey::of(a)).or_default().push(i);
    }
    let by_numero: HashMap<&str, usize> =
        applicants.iter().enumerate().map(|(i, a)| (a.numero.as_str(), i)).collect();
    let mut of_year: Vec<&Attribution> =
        attributions.iter().filter(|a| a.date_bail.year() == year).collect();
    of_year.sort_by(|a, b| (a.date_bail, &a.numero_unique).cmp(&(b.date_bail, &b.numero_unique)));
    // Allocations decided the same day in the same group share one scoring of that group.
    let mut outcomes: Vec<Result<Ranked, Unevaluated>> =
        vec![Err(Unevaluated::NotActive); of_year.len()];
    let mut sessions: HashMap<(GroupKey, Date), Vec<(usize, usize)>> = HashMap::new();
    for (row, a) in of_year.iter().enumerate() {
        let decision = decision_date(a);
        match by_numero.get(a.numero_unique.as_str()) {
            _ if in_force(grids, decision).is_none() => outcomes[row] = Err(Unevaluated::NoGrid),
            Some(&i) if applicants[i].is_active_at(decision) => {
                sessions
                    .entry((GroupKey::of(&applicants[i]), decision))
                    .or_default()
                    .push((row, i));
            }
            _ => {}
        }
    }
    let ranked: Vec<(usize, Ranked)> = sessions
        .par_iter()
        .flat_map_iter(|((key, date), chosen)| {
            let grid = in_force(grids, *date).expect("checked above");
            let standing = Standing::of(grid, applicants, &groups[key], thresholds, *date);
            chosen.iter().map(move |&(row, i)| (row, standing.rank_of(i)))
        })
        .collect();
    for (row, r) in ranked {
        outcomes[row] = Ok(r);
    }
    let rows = of_year
        .iter()
        .zip(outcomes)
        .map(|(a, outcome)| AllocationRow {
            numero: a.numero_unique.to_string(),
            bailleur: a.bailleur.to_string(),
            decision: decision_date(a),
            outcome,
            motif_ecart: a.motif_ecart.clone(),
        })
        .collect();
    summarise(year, rows)
}

/// The applications of one group active on one day, in rank order (score, then seniority,
/// then numéro unique).
struct Standing {
    /// (score, applicant index), best first.
    order: Vec<(i32, usize)>,
}

impl Standing {
    fn of(
        grid: &Grid,
        applicants: &[Applicant],
        members: &[usize],
        thresholds: &Thresholds,
        date: Date,
    ) -> Self {
        let seuils = thresholds.for_date(date);
        let mut order: Vec<(i32, usize)> = members
            .iter()
            .filter(|&&i| applicants[i].is_active_at(date))
            .map(|&i| {
                (score(grid, &Facts::at(&applicants[i], date, seuils, &grid.delays)).total, i)
            })
            .collect();
        order.sort_by_key(|&(s, i)| (std::cmp::Reverse(s), applicants[i].date_depot, i));
        Standing { order }
    }

    fn rank_of(&self, chosen: usize) -> Ranked {
        let at = self
            .order
            .iter()
            .position(|&(_, i)| i == chosen)
            .expect("the chosen application is active");
        Ranked {
            rank: at as u32 + 1,
            comparables: self.order.len() as u32,
            score: self.order[at].0,
            best_score: self.order[0].0,
        }
    }
}

fn totals<'a>(rows: impl Iterator<Item = &'a AllocationRow>) -> Totals {
    let mut t = Totals::default();
    let mut ranks = Vec::new();
    for row in rows {
        t.allocations += 1;
        if let Ok(r) = row.outcome {
            t.evaluated += 1;
            ranks.push(r.rank);
            if r.rank == 1 {
                t.best += 1;
            } else if row.motif_ecart.is_some() {
                t.departures_with_reason += 1;
            }
        }
    }
    ranks.sort_unstable();
    t.median_rank = crate::stats::median_tenths(&ranks).map(|m| f64::from(m) / 10.0);
    t
}

fn summarise(year: i32, rows: Vec<AllocationRow>) -> Evaluation {
    let mut reasons: BTreeMap<String, usize> = BTreeMap::new();
    let mut unevaluated: BTreeMap<Unevaluated, usize> = BTreeMap::new();
    for row in &rows {
        match &row.outcome {
            Ok(r) if r.rank > 1 => {
                let reason = row.motif_ecart.clone().unwrap_or_else(|| NO_REASON.to_owned());
                *reasons.entry(reason).or_default() += 1;
            }
            Ok(_) => {}
            Err(why) => *unevaluated.entry(*why).or_default() += 1,
        }
    }
    let mut reasons: Vec<(String, usize)> = reasons.into_iter().collect();
    reasons.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let landlords: Vec<String> = {
        let mut l: Vec<String> = rows.iter().map(|r| r.bailleur.clone()).collect();
        l.sort();
        l.dedup();
        l
    };
    let by_landlord = landlords
        .into_iter()
        .map(|b| {
            let t = totals(rows.iter().filter(|r| r.bailleur == b));
            (b, t)
        })
        .collect();
    Evaluation {
        year,
        totals: totals(rows.iter()),
        reasons,
        unevaluated: unevaluated.into_iter().collect(),
        by_landlord,
        rows,
    }
}

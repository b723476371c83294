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
    let rows: Vec<AllocationRow> = of_year
        .par_iter()
        .map(|a| {
            let decision = decision_date(a);
            let outcome = match (in_force(grids, decision), by_numero.get(a.numero_unique.as_str()))
            {
                (None, _) => Err(Unevaluated::NoGrid),
                (Some(grid), Some(&i)) if applicants[i].is_active_at(decision) => {
                    Ok(rank_on(grid, applicants, &groups, thresholds, i, decision))
                }
                _ => Err(Unevaluated::NotActive),
            };
            AllocationRow {
                numero: a.numero_unique.to_string(),
                bailleur: a.bailleur.to_string(),
                decision,
                outcome,
                motif_ecart: a.motif_ecart.clone(),
            }
        })
        .collect();
    summarise(year, rows)
}

/// The rank of applicant `chosen` among its comparable applications active on `date`.
fn rank_on(
    grid: &Grid,
    applicants: &[Applicant],
    groups: &HashMap<GroupKey, Vec<usize>>,
    thresholds: &Thresholds,
    chosen: usize,
    date: Date,
) -> Ranked {
    let seuils = thresholds.for_date(date);
    let total =
        |i: usize| score(grid, &Facts::at(&applicants[i], date, seuils, &grid.delays)).total;
    let own = total(chosen);
    let order = |i: usize, s: i32| (std::cmp::Reverse(s), applicants[i].date_depot, i);
    let mine = order(chosen, own);
    let (mut rank, mut comparables, mut best) = (1u32, 0u32, own);
    for &i in &groups[&GroupKey::of(&applicants[chosen])] {
        if !applicants[i].is_active_at(date) {
            continue;
        }
        comparables += 1;
        if i == chosen {
            continue;
        }
        let s = total(i);
        best = best.max(s);
        if order(i, s) < mine {
            rank += 1;
        }
    }
    Ranked { rank, comparables, score: own, best_score: best }
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

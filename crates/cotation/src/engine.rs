//! The cotation of a whole territory at a date: every active application scored with the
//! grid in force, its position among comparable applications, and each group's distribution
//! of scores and observed waiting time. Parallel over applications; the cost grows linearly
//! with applications × criteria.

use crate::facts::{Applicant, Facts};
use crate::grid::Grid;
use crate::position::{Entry, GroupKey, GroupStats, Position, rank};
use crate::score::{Score, score};
use crate::waiting::{Lease, Waiting, WaitingTimes};
use logis_domain::{Date, Seuils};
use rayon::prelude::*;

/// The income thresholds of every year the territory has.
#[derive(Debug, Clone, Default)]
pub struct Thresholds(Vec<Seuils>);

impl Thresholds {
    pub fn new(mut seuils: Vec<Seuils>) -> Self {
        seuils.sort_by_key(|s| s.annee);
        Thresholds(seuils)
    }

    /// The thresholds of the date's year, or of the latest earlier year when that year's are
    /// not published yet; `None` before the first year.
    pub fn for_date(&self, date: Date) -> Option<&Seuils> {
        self.0.iter().rev().find(|s| s.annee <= date.year())
    }
}

/// One scored application: its index among the applicants, and its score.
#[derive(Debug, Clone)]
pub struct Scored {
    pub index: u32,
    pub score: Score,
}

/// Scores every application active at `date` (in the applicants' order).
pub fn score_active(
    grid: &Grid,
    applicants: &[Applicant],
    date: Date,
    thresholds: &Thresholds,
) -> Vec<Scored> {
    let seuils = thresholds.for_date(date);
    applicants
        .par_iter()
        .enumerate()
        .filter(|(_, a)| a.is_active_at(date))
        .map(|(index, applicant)| Scored {
            index: index as u32,
            score: score(grid, &Facts::at(applicant, date, seuils, &grid.delays)),
        })
        .collect()
}

/// Scores every application active at `date` with the grid in force at that date among
/// `grids`; `None` when no grid was in force yet.
pub fn score_with_grids<'g>(
    grids: &'g [Grid],
    applicants: &[Applicant],
    date: Date,
    thresholds: &Thresholds,
) -> Option<(&'g Grid, Vec<Scored>)> {
    let grid = crate::grid::in_force(grids, date)?;
    Some((grid, score_active(grid, applicants, date, thresholds)))
}

/// A comparable group's statistics and waiting time.
#[derive(Debug, Clone, Copy)]
pub struct Group {
    pub stats: GroupStats,
    pub waiting: Waiting,
}

/// The cotation of a territory at a date.
#[derive(Debug, Clone)]
pub struct Cotation {
    pub date: Date,
    /// Scored applications, in the applicants' order.
    pub scored: Vec<Scored>,
    /// Positions, aligned with `scored`.
    pub positions: Vec<Position>,
    pub groups: Vec<Group>,
}

/// Positions of scored applications (given in the applicants' order, which must be numéro
/// unique order) and the statistics of their groups.
pub fn positions(applicants: &[Applicant], scored: &[Scored]) -> (Vec<Position>, Vec<GroupStats>) {
    let entries: Vec<Entry> = scored
        .iter()
        .map(|s| {
            let applicant = &applicants[s.index as usize];
            Entry {
                key: GroupKey::of(applicant),
                score: s.score.total,
                depot: applicant.date_depot,
            }
        })
        .collect();
    rank(&entries)
}

/// Scores, positions and groups at `date`.
pub fn compute(
    grid: &Grid,
    applicants: &[Applicant],
    thresholds: &Thresholds,
    leases: &[Lease],
    date: Date,
) -> Cotation {
    let scored = score_active(grid, applicants, date, thresholds);
    let (positions, stats) = positions(applicants, &scored);
    let waiting = WaitingTimes::observe(leases, date);
    let groups = stats
        .into_iter()
        .map(|stats| Group { stats, waiting: waiting.for_group(&stats.key) })
        .collect();
    Cotation { date, scored, positions, groups }
}

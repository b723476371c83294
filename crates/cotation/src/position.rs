//! Positions among comparable applications: those active at the same date with the same
//! first desired commune and first desired typology. Rank 1 is the best score; ties go to the
//! older application, then to the smaller numéro unique.

use crate::facts::{Applicant, Commune};
use crate::stats::nearest_rank;
use logis_domain::{Date, Typologie};
use rayon::prelude::*;

/// The comparable group of an application.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct GroupKey {
    pub commune: Commune,
    /// `None` for applications that named no typology (compared among themselves).
    pub typologie: Option<Typologie>,
}

impl GroupKey {
    pub fn of(applicant: &Applicant) -> GroupKey {
        GroupKey {
            commune: applicant.first_commune().unwrap_or(*b"00000"),
            typologie: applicant.first_typologie,
        }
    }
}

/// What ranking needs of one scored application. Entries must be given in numéro unique
/// order: the last tie-break is their order.
#[derive(Debug, Clone, Copy)]
pub struct Entry {
    pub key: GroupKey,
    pub score: i32,
    pub depot: Date,
}

/// Where one application stands in its group.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Position {
    pub rang: u32,
    pub comparables: u32,
}

/// The distribution of scores in one group (nearest-rank quartiles).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GroupStats {
    pub key: GroupKey,
    pub effectif: u32,
    pub q1: i32,
    pub mediane: i32,
    pub q3: i32,
}

/// The position of every entry (same order as `entries`) and the statistics of every group
/// (in group order).
pub fn rank(entries: &[Entry]) -> (Vec<Position>, Vec<GroupStats>) {
    let mut order: Vec<u32> = (0..entries.len() as u32).collect();
    order.par_sort_unstable_by_key(|&i| {
        let e = &entries[i as usize];
        (e.key, std::cmp::Reverse(e.score), e.depot, i)
    });
    let mut positions = vec![Position::default(); entries.len()];
    let mut groups = Vec::new();
    for run in order.chunk_by(|&a, &b| entries[a as usize].key == entries[b as usize].key) {
        let size = run.len() as u32;
        for (r, &i) in run.iter().enumerate() {
            positions[i as usize] = Position { rang: r as u32 + 1, comparables: size };
        }
        // The run is in descending score order: reversed, it is ascending.
        let ascending: Vec<i32> = run.iter().rev().map(|&i| entries[i as usize].score).collect();
        let quantile = |p| nearest_rank(&ascending, p).expect("a group is never empty");
        groups.push(GroupStats {
            key: entries[run[0] as usize].key,
            effectif: size,
            q1: quantile(0.25),
            mediane: quantile(0.5),
            q3: quantile(0.75),
        });
    }
    (positions, groups)
}

//! Observed waiting time: the median months from filing to lease over the allocations of the
//! last 12 months with the same commune and typology; with fewer than 5 of them, the same
//! commune any typology; then the whole territory. The level used is stated.

use crate::facts::{Commune, whole_months};
use crate::position::GroupKey;
use crate::stats::median_tenths;
use logis_domain::{Date, Typologie};
use std::collections::HashMap;

/// Fewer allocations than this at a level: the next, wider level is used.
pub const MIN_ALLOCATIONS: usize = 5;

/// One allocation, with the filing date of the application it satisfied.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Lease {
    pub commune: Commune,
    pub typologie: Typologie,
    pub date_depot: Date,
    pub date_bail: Date,
}

/// Which allocations a waiting time was observed on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    CommuneTypologie,
    Commune,
    Territoire,
    /// No allocation in the last 12 months.
    Aucune,
}

impl Level {
    pub fn code(self) -> &'static str {
        match self {
            Level::CommuneTypologie => "commune_typologie",
            Level::Commune => "commune",
            Level::Territoire => "territoire",
            Level::Aucune => "aucune",
        }
    }

    pub fn from_code(code: &str) -> Option<Level> {
        [Level::CommuneTypologie, Level::Commune, Level::Territoire, Level::Aucune]
            .into_iter()
            .find(|l| l.code() == code)
    }

    /// "les attributions … de la même commune et typologie", for sentences.
    pub fn label(self) -> &'static str {
        match self {
            Level::CommuneTypologie => "de la même commune et de la même typologie",
            Level::Commune => "de la même commune, toutes typologies",
            Level::Territoire => "de tout le territoire",
            Level::Aucune => "(aucune attribution observée)",
        }
    }
}

/// A waiting time and what it rests on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Waiting {
    /// Median months, in tenths; `None` when no allocation was observed.
    pub median_tenths: Option<u32>,
    pub level: Level,
    pub allocations: u32,
}

/// Waiting times observed over the 12 months before a date.
#[derive(Debug, Clone, Default)]
pub struct WaitingTimes {
    by_group: HashMap<(Commune, Typologie), Vec<u32>>,
    by_commune: HashMap<Commune, Vec<u32>>,
    all: Vec<u32>,
}

/// The same day one year earlier (28 February for 29 February).
pub fn one_year_before(date: Date) -> Date {
    date.replace_year(date.year() - 1).unwrap_or_else(|_| {
        date.previous_day()
            .expect("not the first day")
            .replace_year(date.year() - 1)
            .expect("28 February exists")
    })
}

impl WaitingTimes {
    /// Observes the leases signed in the 12 months up to `date` (after the same day a year
    /// earlier, up to and including `date`).
    pub fn observe<'a>(leases: impl IntoIterator<Item = &'a Lease>, date: Date) -> Self {
        let since = one_year_before(date);
        let mut times = WaitingTimes::default();
        for lease in leases.into_iter().filter(|l| l.date_bail > since && l.date_bail <= date) {
            let months = whole_months(lease.date_depot, lease.date_bail);
            times.by_group.entry((lease.commune, lease.typologie)).or_default().push(months);
            times.by_commune.entry(lease.commune).or_default().push(months);
            times.all.push(months);
        }
        for list in times.by_group.values_mut().chain(times.by_commune.values_mut()) {
            list.sort_unstable();
        }
        times.all.sort_unstable();
        times
    }

    /// The waiting time for a group, at the narrowest level with enough allocations.
    pub fn for_group(&self, key: &GroupKey) -> Waiting {
        let exact = key.typologie.and_then(|t| self.by_group.get(&(key.commune, t)));
        let candidates =
            [(exact, Level::CommuneTypologie), (self.by_commune.get(&key.commune), Level::Commune)];
        for (list, level) in candidates {
            if let Some(list) = list.filter(|l| l.len() >= MIN_ALLOCATIONS) {
                return Waiting {
                    median_tenths: median_tenths(list),
                    level,
                    allocations: list.len() as u32,
                };
            }
        }
        match median_tenths(&self.all) {
            Some(median) => Waiting {
                median_tenths: Some(median),
                level: Level::Territoire,
                allocations: self.all.len() as u32,
            },
            None => Waiting { median_tenths: None, level: Level::Aucune, allocations: 0 },
        }
    }
}

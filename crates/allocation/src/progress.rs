//! The objectives followed live (rules.md « Income quartiles and social mix »): the year's
//! allocations so far counted as the bilan counts them (bilan.md « Objectives »), by landlord,
//! by reservation holder and by commune, with the allocations still needed to reach each
//! target. Counted by one SQL statement over the bilan's projection of the attributions
//! (`logis_store::allocation::progress`), added up here by group; for readers without access to
//! personal data, under statistical secrecy ([`Progress::with_secrecy`]).

use logis_domain::Date;
use logis_evaluation::{Objectif, Targets};
use logis_store::allocation::progress as grouped_progress;
use logis_store::{Store, StoreError};
use std::collections::BTreeMap;

/// What one group's allocations count.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally {
    pub attributions: u64,
    pub hors_qpv: u64,
    /// Outside a QPV, to a first-quartile household or an urban-renewal rehousing.
    pub q1_hors_qpv: u64,
    pub en_qpv: u64,
    /// Inside a QPV, to a household of quartiles 2 to 4.
    pub q234_en_qpv: u64,
    pub prioritaires: u64,
}

impl Tally {
    /// The three objectives of the group (the quartile ones unmeasured without thresholds);
    /// the priority households' target is the reservation holder's own for a `holder`'s
    /// allocations (each holder's share, bilan.md `prioritaires:<id>`), the territory's for the
    /// others (`prioritaires`).
    pub fn objectives(&self, targets: &Targets, quartiles: bool, holder: bool) -> Vec<Objectif> {
        let priority =
            if holder { targets.prioritaires_reservataire } else { targets.prioritaires };
        let objective = |code: &str, libelle: &str, cible: f64, n: Option<u64>, d: u64| {
            let mut o = Objectif {
                code: code.to_owned(),
                libelle: libelle.to_owned(),
                cible,
                numerateur: n,
                denominateur: d,
                taux: n.filter(|_| d > 0).map(|n| n as f64 / d as f64),
                atteint: None,
                reservataire_nom: None,
            };
            o.atteint = o.missing_allocations().map(|m| m == 0);
            o
        };
        vec![
            objective(
                "q1_hors_qpv",
                "hors QPV au 1er quartile",
                targets.q1_hors_qpv,
                quartiles.then_some(self.q1_hors_qpv),
                self.hors_qpv,
            ),
            objective(
                "q234_en_qpv",
                "en QPV aux quartiles 2 à 4",
                targets.q234_en_qpv,
                quartiles.then_some(self.q234_en_qpv),
                self.en_qpv,
            ),
            objective(
                "prioritaires",
                "aux ménages prioritaires",
                priority,
                Some(self.prioritaires),
                self.attributions,
            ),
        ]
    }
}

impl Tally {
    /// This tally and `other`, together.
    fn add(&mut self, other: &Tally) {
        self.attributions += other.attributions;
        self.hors_qpv += other.hors_qpv;
        self.q1_hors_qpv += other.q1_hors_qpv;
        self.en_qpv += other.en_qpv;
        self.q234_en_qpv += other.q234_en_qpv;
        self.prioritaires += other.prioritaires;
    }
}

/// The key of the line that merges, under statistical secrecy, the landlords, holders or
/// communes of too few allocations.
pub const MERGED: &str = "regroupes";

/// `tallies` with those of fewer than `threshold` allocations merged into [`MERGED`] (with the
/// smallest others when the merge alone would still be small or name a single one).
fn merged(tallies: &BTreeMap<String, Tally>, threshold: u64) -> BTreeMap<String, Tally> {
    type Lines = Vec<(String, Tally)>;
    let small = |n: u64| n > 0 && n < threshold;
    let (mut group, mut kept): (Lines, Lines) =
        tallies.iter().map(|(k, t)| (k.clone(), *t)).partition(|(_, t)| small(t.attributions));
    if group.is_empty() {
        return tallies.clone();
    }
    let total = |g: &[(String, Tally)]| g.iter().map(|(_, t)| t.attributions).sum::<u64>();
    while (small(total(&group)) || group.len() == 1) && !kept.is_empty() {
        kept.sort_by(|a, b| b.1.attributions.cmp(&a.1.attributions).then(b.0.cmp(&a.0)));
        group.push(kept.pop().expect("kept is not empty"));
    }
    let mut out: BTreeMap<String, Tally> = kept.into_iter().collect();
    if !small(total(&group)) {
        let mut sum = Tally::default();
        for (_, t) in &group {
            sum.add(t);
        }
        out.insert(MERGED.to_owned(), sum);
    }
    out
}

/// The year's tallies so far.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Progress {
    pub year: i32,
    pub until: Date,
    pub whole: Tally,
    pub by_landlord: BTreeMap<String, Tally>,
    pub by_holder: BTreeMap<String, Tally>,
    pub by_commune: BTreeMap<String, Tally>,
    /// Whether the year has quartile thresholds.
    pub quartiles: bool,
    /// The threshold of statistical secrecy the tallies were made safe under, if any.
    pub secrecy: Option<u64>,
}

impl Progress {
    /// The tallies as readers without access to personal data may read them: no landlord,
    /// holder or commune of fewer than `threshold` allocations on its own line.
    pub fn with_secrecy(&self, threshold: u32) -> Progress {
        let t = u64::from(threshold);
        Progress {
            by_landlord: merged(&self.by_landlord, t),
            by_holder: merged(&self.by_holder, t),
            by_commune: merged(&self.by_commune, t),
            secrecy: Some(t),
            ..self.clone()
        }
    }

    /// The objectives of `tally` (one of this progress's), as its readers may read them: under
    /// statistical secrecy, a result that would count few households is not given
    /// ([`logis_evaluation::secrecy::objective_masked`]).
    pub fn objectives(&self, tally: &Tally, targets: &Targets, holder: bool) -> Vec<Objectif> {
        let objectives = tally.objectives(targets, self.quartiles, holder);
        let Some(threshold) = self.secrecy else { return objectives };
        objectives
            .into_iter()
            .map(|o| logis_evaluation::secrecy::objective_masked(&o, threshold).unwrap_or(o))
            .collect()
    }
}

/// Counts the allocations of `until`'s year up to `until`, as the bilan counts them (the
/// projections prepared first; quartiles with the year's thresholds, households on 31 December).
pub async fn progress(store: &dyn Store, until: Date) -> Result<Progress, StoreError> {
    let year = until.year();
    let first = Date::from_calendar_date(year, time::Month::January, 1).expect("1 January");
    store.prepare_bilan().await?;
    let quartiles = grouped_progress::has_thresholds(store, year).await?;
    let mut progress = Progress {
        year,
        until,
        whole: Tally::default(),
        by_landlord: BTreeMap::new(),
        by_holder: BTreeMap::new(),
        by_commune: BTreeMap::new(),
        quartiles,
        secrecy: None,
    };
    for row in grouped_progress::grouped(store, first, until, year).await? {
        let n = row.attributions as u64;
        let count = |t: &mut Tally| {
            t.attributions += n;
            t.prioritaires += if row.prioritaire { n } else { 0 };
            if row.en_qpv {
                t.en_qpv += n;
                t.q234_en_qpv += if row.quartile > 1 { n } else { 0 };
            } else {
                t.hors_qpv += n;
                t.q1_hors_qpv += if row.anru || row.quartile == 1 { n } else { 0 };
            }
        };
        count(&mut progress.whole);
        count(progress.by_landlord.entry(row.bailleur.clone()).or_default());
        count(progress.by_holder.entry(row.reservataire.clone()).or_default());
        count(progress.by_commune.entry(row.commune.clone()).or_default());
    }
    Ok(progress)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_of_few_allocations_are_merged_for_open_readers() {
        let tally = |n: u64| Tally { attributions: n, prioritaires: n / 2, ..Tally::default() };
        let tallies: BTreeMap<String, Tally> = [("a", 40), ("b", 2), ("c", 1), ("d", 30), ("e", 7)]
            .into_iter()
            .map(|(k, n)| (k.to_owned(), tally(n)))
            .collect();
        let safe = merged(&tallies, 5);
        assert_eq!(safe.keys().collect::<Vec<_>>(), ["a", "d", MERGED]);
        assert_eq!(safe[MERGED].attributions, 10, "b and c make 3: the smallest other (e) joins");
        let totals: u64 = safe.values().map(|t| t.attributions).sum();
        assert_eq!(totals, 80);
        assert!(safe.values().all(|t| t.attributions == 0 || t.attributions >= 5), "{safe:?}");
    }

    #[test]
    fn an_open_reader_gets_no_rate_of_few_households() {
        let tally = Tally {
            attributions: 12,
            prioritaires: 2,
            hors_qpv: 12,
            q1_hors_qpv: 6,
            ..Tally::default()
        };
        let progress = Progress {
            year: 2026,
            until: time::macros::date!(2026 - 06 - 30),
            whole: tally,
            by_landlord: BTreeMap::new(),
            by_holder: BTreeMap::new(),
            by_commune: BTreeMap::new(),
            quartiles: true,
            secrecy: None,
        };
        let targets = Targets { prioritaires: 0.4, q1_hors_qpv: 0.25, ..Targets::default() };
        let whole = progress.objectives(&tally, &targets, false);
        assert_eq!(whole[2].numerateur, Some(2), "the EPCI reads every figure");
        let open = progress.with_secrecy(5).objectives(&tally, &targets, false);
        assert_eq!((open[2].numerateur, open[2].atteint), (None, None), "2 priority households");
        assert_eq!(open[0].numerateur, Some(6), "6 of 12: neither part is small");
        assert_eq!(open[2].denominateur, 12, "the allocations themselves stay counted");
    }

    #[test]
    fn a_holder_aims_at_its_own_priority_target_and_the_others_at_the_territory_s() {
        let targets =
            Targets { prioritaires: 0.4, prioritaires_reservataire: 0.25, ..Targets::default() };
        let tally = Tally {
            attributions: 10,
            prioritaires: 3,
            hors_qpv: 10,
            q1_hors_qpv: 2,
            ..Tally::default()
        };
        let holder = tally.objectives(&targets, true, true);
        assert_eq!((holder[2].cible, holder[2].atteint), (0.25, Some(true)), "3 of 10 reach 25 %");
        let landlord = tally.objectives(&targets, true, false);
        assert_eq!(landlord[2].cible, 0.4);
        assert_eq!(landlord[2].missing_allocations(), Some(1), "3 + 1 of 10 reach 40 %");
        assert_eq!(landlord[0].missing_allocations(), Some(1), "2 + 1 of 10 reach 25 %");
        assert_eq!(landlord[1].atteint, None, "no allocation in a QPV: nothing to measure");
        let without_thresholds = tally.objectives(&targets, false, false);
        assert_eq!(without_thresholds[0].numerateur, None);
    }
}

//! The objectives followed live (rules.md « Income quartiles and social mix »): the year's
//! allocations so far counted as the bilan counts them (bilan.md « Objectives »), by landlord,
//! by reservation holder and by commune, with the allocations still needed to reach each
//! target. The year's attributions are read by lease date, their applications a batch at a
//! time.

use logis_domain::{Attribution, Date, Demande, Dossier, Membre, Seuils};
use logis_evaluation::{Objectif, Targets};
use logis_store::allocation::candidates::applications;
use logis_store::select::select;
use logis_store::statement::date;
use logis_store::{Store, StoreError};
use std::collections::{BTreeMap, HashMap};

/// Applications read at a time.
const BATCH: usize = 500;
/// The most attributions one year holds nationally is about 400 000.
const MOST_OF_A_YEAR: usize = 2_000_000;

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
    /// The three objectives of the group (the quartile ones unmeasured without thresholds).
    pub fn objectives(&self, targets: &Targets, quartiles: bool) -> Vec<Objectif> {
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
                targets.prioritaires_reservataire,
                Some(self.prioritaires),
                self.attributions,
            ),
        ]
    }
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
}

/// Counts the allocations of `until`'s year up to `until`, with the year's thresholds
/// (`seuils`, for that year); quartiles and ages as the bilan takes them, on 31 December.
pub async fn progress(
    store: &dyn Store,
    until: Date,
    seuils: Option<&Seuils>,
) -> Result<Progress, StoreError> {
    let year = until.year();
    let first = Date::from_calendar_date(year, time::Month::January, 1).expect("1 January");
    let last = Date::from_calendar_date(year, time::Month::December, 31).expect("31 December");
    let attributions: Vec<Attribution> = select(
        store,
        "date_bail >= $1 AND date_bail <= $2",
        &[date(first), date(until)],
        MOST_OF_A_YEAR,
    )
    .await?;
    let mut progress = Progress {
        year,
        until,
        whole: Tally::default(),
        by_landlord: BTreeMap::new(),
        by_holder: BTreeMap::new(),
        by_commune: BTreeMap::new(),
        quartiles: seuils.is_some(),
    };
    for chunk in attributions.chunks(BATCH) {
        let numeros: Vec<&str> = chunk.iter().map(|a| a.numero_unique.as_str()).collect();
        let read: HashMap<String, (Demande, Vec<Membre>)> = applications(store, &numeros)
            .await?
            .into_iter()
            .map(|(d, m)| (d.numero_unique.as_str().to_owned(), (d, m)))
            .collect();
        for a in chunk {
            let found = read.get(a.numero_unique.as_str());
            let (quartile, priority) = match found {
                Some((demande, members)) => {
                    let dossier = Dossier { demande, membres: members };
                    (seuils.map(|s| dossier.quartile(s, last).number()), demande.is_priority())
                }
                None => (None, false),
            };
            let in_qpv = a.qpv.as_deref().is_some_and(|q| !q.is_empty());
            let anru = a.relogement_anru == Some(true);
            let count = |t: &mut Tally| {
                t.attributions += 1;
                t.prioritaires += u64::from(priority);
                if in_qpv {
                    t.en_qpv += 1;
                    t.q234_en_qpv += u64::from(quartile.is_some_and(|q| q > 1));
                } else {
                    t.hors_qpv += 1;
                    t.q1_hors_qpv += u64::from(anru || quartile == Some(1));
                }
            };
            count(&mut progress.whole);
            count(progress.by_landlord.entry(a.bailleur.as_str().to_owned()).or_default());
            count(progress.by_holder.entry(a.reservataire.as_str().to_owned()).or_default());
            count(progress.by_commune.entry(a.commune.as_str().to_owned()).or_default());
        }
    }
    Ok(progress)
}

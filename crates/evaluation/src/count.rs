//! Counting a year's evaluation in Rust, over applications and attributions held in memory.

use crate::figures::{DIMENSIONS, PROFILE_DIMENSIONS, Profile};
use crate::numbers::median;
use logis_domain::{Attribution, Date, Demande, Membre, Seuils, Statut};
use logis_store::BilanCounts;
use std::collections::HashMap;
use time::Month;

/// What the evaluation of `year` reads.
pub struct Inputs<'a> {
    pub year: i32,
    /// The applications with their households: at least those active at some date of the year
    /// and those the year's attributions satisfied.
    pub demandes: &'a [(Demande, Vec<Membre>)],
    /// Attributions (those of other years are ignored).
    pub attributions: &'a [Attribution],
    /// The thresholds of the year, if published.
    pub seuils: Option<&'a Seuils>,
}

/// An attribution of the year with the profile of its application, if known, and its days
/// from filing to lease.
type Lease<'a> = (&'a Attribution, Option<&'a Profile>, Option<i64>);

/// The counts of `inputs.year`.
pub fn count(inputs: &Inputs) -> BilanCounts {
    let year = inputs.year;
    let reference =
        Date::from_calendar_date(year, Month::December, 31).expect("31 December exists");
    let demandes = inputs.demandes;
    let profiles: Vec<Profile> =
        demandes.iter().map(|(d, m)| Profile::of(d, m, reference, inputs.seuils)).collect();
    let by_numero: HashMap<&str, usize> =
        demandes.iter().enumerate().map(|(i, (d, _))| (d.numero_unique.as_str(), i)).collect();
    let active: Vec<usize> =
        (0..demandes.len()).filter(|&i| demandes[i].0.is_active_at(reference)).collect();
    let mut delays = Vec::new();
    let leases: Vec<Lease> = inputs
        .attributions
        .iter()
        .filter(|a| a.date_bail.year() == year)
        .map(|a| {
            let found = by_numero.get(a.numero_unique.as_str()).copied();
            let delay = found.map(|i| (a.date_bail - demandes[i].0.date_depot).whole_days());
            delays.extend(delay);
            (a, found.map(|i| &profiles[i]), delay)
        })
        .collect();
    let mut c = BilanCounts {
        demandes_actives: active.len() as u64,
        demandes_mutation: active.iter().filter(|&&i| profiles[i].mutation).count() as u64,
        demandes_nouvelles: demandes.iter().filter(|(d, _)| d.date_depot.year() == year).count()
            as u64,
        demandes_satisfaites: demandes
            .iter()
            .filter(|(d, _)| {
                d.statut == Statut::Attribuee && d.date_radiation.is_some_and(|r| r.year() == year)
            })
            .count() as u64,
        attributions: leases.len() as u64,
        anciennete_jours: active
            .iter()
            .map(|&i| (reference - demandes[i].0.date_depot).whole_days())
            .sum(),
        delai_median_jours: median(&mut delays),
        seuils_disponibles: inputs.seuils.is_some(),
        ..BilanCounts::default()
    };
    for &i in &active {
        for (k, dimension) in DIMENSIONS.iter().enumerate() {
            if let Some(code) = &profiles[i].modalities[k] {
                c.add_segment(dimension, code, 1, 0);
            }
        }
    }
    for (a, profile, delay) in &leases {
        for (k, dimension) in DIMENSIONS.iter().enumerate() {
            if let Some(code) = lease_modality(dimension, a, profile.map(|p| &p.modalities[k])) {
                c.add_segment(dimension, &code, 0, 1);
                if let Some(days) = delay {
                    c.add_delay(dimension, &code, *days, 1);
                }
            }
        }
    }
    populations(&mut c, &profiles, &active, &leases);
    objectives(&mut c, &leases);
    c
}

/// The modality of an attribution: its application's, except the dwelling's typology and
/// commune.
fn lease_modality(
    dimension: &str,
    a: &Attribution,
    own: Option<&Option<String>>,
) -> Option<String> {
    match dimension {
        "typologie" => Some(a.typologie.code().to_owned()),
        "commune" => Some(a.commune.to_string()),
        _ => own.cloned().flatten(),
    }
}

/// Whether an application belongs to a population.
type Belongs = fn(&Profile) -> bool;

/// Who belongs to each population of the profiles.
const POPULATIONS: [(&str, Belongs); 3] = [
    ("ensemble", |_| true),
    ("bas_revenus", |p| p.quartile == Some(1)),
    ("mutation", |p| p.mutation),
];

fn populations(c: &mut BilanCounts, profiles: &[Profile], active: &[usize], leases: &[Lease]) {
    for (name, belongs) in POPULATIONS {
        let population = c.population(name);
        for &i in active.iter().filter(|&&i| belongs(&profiles[i])) {
            population.demandes += 1;
            for (k, dimension) in DIMENSIONS.iter().enumerate() {
                if let (true, Some(code)) =
                    (PROFILE_DIMENSIONS.contains(dimension), &profiles[i].modalities[k])
                {
                    population.add_modality(dimension, code, 1);
                }
            }
        }
        population.attributions =
            leases.iter().filter(|(_, p, _)| p.is_some_and(belongs)).count() as u64;
    }
}

fn objectives(c: &mut BilanCounts, leases: &[Lease]) {
    let o = &mut c.objectifs;
    for (a, profile, _) in leases {
        let quartile = profile.and_then(|p| p.quartile);
        let priority = profile.is_some_and(|p| p.priority);
        if a.in_qpv() {
            o.en_qpv += 1;
            o.q234_en_qpv += u64::from(quartile.is_some_and(|q| q > 1));
        } else {
            o.hors_qpv += 1;
            o.q1_hors_qpv += u64::from(a.relogement_anru == Some(true) || quartile == Some(1));
        }
        o.prioritaires += u64::from(priority);
        let holder = o.par_reservataire.entry(a.reservataire.as_str().to_owned()).or_default();
        holder.0 += 1;
        holder.1 += u64::from(priority);
    }
}

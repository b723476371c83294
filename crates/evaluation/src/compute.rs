//! Computing the evaluation of a year from plain values.

use crate::figures::{DIMENSIONS, Modality, Profile};
use crate::model::*;
use crate::numbers::{DAYS_PER_MONTH, median, ratio, round};
use crate::settings::Settings;
use logis_domain::{Attribution, Date, Demande, Membre, Seuils, Statut};
use std::collections::{BTreeMap, HashMap};
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
    pub settings: &'a Settings,
}

/// The evaluation of `inputs.year`.
pub fn compute(inputs: &Inputs) -> Bilan {
    let year = inputs.year;
    let reference =
        Date::from_calendar_date(year, Month::December, 31).expect("31 December exists");
    let profiles: Vec<Profile> =
        inputs.demandes.iter().map(|(d, m)| Profile::of(d, m, reference, inputs.seuils)).collect();
    let by_numero: HashMap<&str, usize> = inputs
        .demandes
        .iter()
        .enumerate()
        .map(|(i, (d, _))| (d.numero_unique.as_str(), i))
        .collect();
    let active: Vec<usize> = (0..inputs.demandes.len())
        .filter(|&i| inputs.demandes[i].0.is_active_at(reference))
        .collect();
    let leases: Vec<(&Attribution, Option<usize>)> = inputs
        .attributions
        .iter()
        .filter(|a| a.date_bail.year() == year)
        .map(|a| (a, by_numero.get(a.numero_unique.as_str()).copied()))
        .collect();
    let has_quartiles = inputs.seuils.is_some();
    Bilan {
        annee: year,
        date_reference: format!("{year:04}-12-31"),
        territoire: Territoire {
            code: inputs.settings.code.clone(),
            nom: inputs.settings.nom.clone(),
        },
        chiffres_cles: key_figures(inputs, reference, &active, &leases),
        segments: segments(&profiles, &active, &leases, has_quartiles),
        profils: Profils {
            ensemble: profile(&profiles, &active, &leases, |_| true),
            bas_revenus: has_quartiles
                .then(|| profile(&profiles, &active, &leases, |p| p.quartile == Some(1))),
            mutation: profile(&profiles, &active, &leases, |p| p.mutation),
        },
        objectifs: objectives(inputs, &profiles, &leases),
        seuils_disponibles: has_quartiles,
    }
}

fn key_figures(
    inputs: &Inputs,
    reference: Date,
    active: &[usize],
    leases: &[(&Attribution, Option<usize>)],
) -> ChiffresCles {
    let demandes = inputs.demandes;
    let year = inputs.year;
    let count = |f: &dyn Fn(&Demande) -> bool| demandes.iter().filter(|(d, _)| f(d)).count() as u64;
    let seniority: Vec<i64> =
        active.iter().map(|&i| (reference - demandes[i].0.date_depot).whole_days()).collect();
    let mean_days = (!seniority.is_empty())
        .then(|| seniority.iter().sum::<i64>() as f64 / seniority.len() as f64);
    let mut delays: Vec<i64> = leases
        .iter()
        .filter_map(|(a, i)| i.map(|i| (a.date_bail - demandes[i].0.date_depot).whole_days()))
        .collect();
    let attributions = leases.len() as u64;
    ChiffresCles {
        demandes_actives: active.len() as u64,
        demandes_mutation: active.iter().filter(|&&i| demandes[i].0.is_mutation()).count() as u64,
        demandes_nouvelles: count(&|d| d.date_depot.year() == year),
        demandes_satisfaites: count(&|d| {
            d.statut == Statut::Attribuee && d.date_radiation.is_some_and(|r| r.year() == year)
        }),
        attributions,
        pression: ratio(active.len() as u64, attributions, 2),
        anciennete_moyenne_mois: mean_days.map(|d| round(d / DAYS_PER_MONTH, 1)),
        delai_median_attribution_mois: median(&mut delays).map(|d| round(d / DAYS_PER_MONTH, 1)),
    }
}

/// The modality of an attribution in dimension `k`: its application's, except the dwelling's
/// typology and commune.
fn lease_modality(k: usize, a: &Attribution, profile: Option<&Profile>) -> Option<Modality> {
    match DIMENSIONS[k] {
        "typologie" => {
            let place =
                logis_domain::Typologie::ALL.iter().position(|t| *t == a.typologie).unwrap_or(0);
            Some((place as u16, a.typologie.code().to_owned()))
        }
        "commune" => Some((0, a.commune.to_string())),
        _ => profile.and_then(|p| p.modalities[k].clone()),
    }
}

fn segments(
    profiles: &[Profile],
    active: &[usize],
    leases: &[(&Attribution, Option<usize>)],
    has_quartiles: bool,
) -> Segments {
    let dimension = |k: usize| -> Vec<Segment> {
        let mut counts: BTreeMap<Modality, (u64, u64)> = BTreeMap::new();
        for &i in active {
            if let Some(m) = profiles[i].modalities[k].clone() {
                counts.entry(m).or_default().0 += 1;
            }
        }
        for (a, i) in leases {
            if let Some(m) = lease_modality(k, a, i.map(|i| &profiles[i])) {
                counts.entry(m).or_default().1 += 1;
            }
        }
        counts
            .into_iter()
            .map(|((_, modalite), (demandes, attributions))| Segment {
                modalite,
                demandes,
                attributions,
                pression: ratio(demandes, attributions, 2),
            })
            .collect()
    };
    Segments {
        age: dimension(0),
        composition: dimension(1),
        situation_logement: dimension(2),
        sans_logement_propre: dimension(3),
        mutation: dimension(4),
        quartile: has_quartiles.then(|| dimension(5)),
        priorite: dimension(6),
        typologie: dimension(7),
        commune: dimension(8),
    }
}

/// The most frequent modality of dimension `k` among `members` (ties: the first in code order).
fn most_frequent(profiles: &[Profile], members: &[usize], k: usize) -> Option<String> {
    let mut counts: BTreeMap<Modality, u64> = BTreeMap::new();
    for &i in members {
        if let Some(m) = profiles[i].modalities[k].clone() {
            *counts.entry(m).or_default() += 1;
        }
    }
    let best = counts.values().copied().max()?;
    counts.into_iter().find(|(_, n)| *n == best).map(|((_, code), _)| code)
}

fn profile(
    profiles: &[Profile],
    active: &[usize],
    leases: &[(&Attribution, Option<usize>)],
    belongs: impl Fn(&Profile) -> bool,
) -> Profil {
    let members: Vec<usize> = active.iter().copied().filter(|&i| belongs(&profiles[i])).collect();
    let attributions =
        leases.iter().filter(|(_, i)| i.is_some_and(|i| belongs(&profiles[i]))).count() as u64;
    Profil {
        demandes: members.len() as u64,
        attributions,
        pression: ratio(members.len() as u64, attributions, 2),
        age: most_frequent(profiles, &members, 0),
        composition: most_frequent(profiles, &members, 1),
        situation_logement: most_frequent(profiles, &members, 2),
    }
}

/// One objective: `numerateur` ≥ `cible` × `denominateur`, decided exactly (in integers on a
/// target with at most 4 decimals).
fn objective(
    code: String,
    libelle: String,
    cible: f64,
    numerateur: Option<u64>,
    denominateur: u64,
) -> Objectif {
    let target_ten_thousandths = (cible * 10_000.0).round() as u128;
    Objectif {
        code,
        libelle,
        cible,
        numerateur,
        denominateur,
        taux: numerateur.and_then(|n| ratio(n, denominateur, 4)),
        atteint: numerateur
            .filter(|_| denominateur > 0)
            .map(|n| u128::from(n) * 10_000 >= target_ten_thousandths * u128::from(denominateur)),
    }
}

fn objectives(
    inputs: &Inputs,
    profiles: &[Profile],
    leases: &[(&Attribution, Option<usize>)],
) -> Vec<Objectif> {
    let targets = &inputs.settings.targets;
    let profile_of = |i: &Option<usize>| i.map(|i| &profiles[i]);
    let has_quartiles = inputs.seuils.is_some();
    let outside: Vec<_> = leases.iter().filter(|(a, _)| !a.in_qpv()).collect();
    let inside: Vec<_> = leases.iter().filter(|(a, _)| a.in_qpv()).collect();
    let q1_outside = outside
        .iter()
        .filter(|(a, i)| {
            a.relogement_anru == Some(true) || profile_of(i).is_some_and(|p| p.quartile == Some(1))
        })
        .count() as u64;
    let q234_inside = inside
        .iter()
        .filter(|(_, i)| profile_of(i).is_some_and(|p| p.quartile.is_some_and(|q| q > 1)))
        .count() as u64;
    let priority = |ls: &mut dyn Iterator<Item = &(&Attribution, Option<usize>)>| {
        ls.filter(|(_, i)| profile_of(i).is_some_and(|p| p.priority)).count() as u64
    };
    let mut list = vec![
        objective(
            "q1_hors_qpv".into(),
            "Attributions hors QPV aux ménages du 1er quartile (ou relogés ANRU)".into(),
            targets.q1_hors_qpv,
            has_quartiles.then_some(q1_outside),
            outside.len() as u64,
        ),
        objective(
            "q234_en_qpv".into(),
            "Attributions en QPV aux ménages des quartiles 2 à 4".into(),
            targets.q234_en_qpv,
            has_quartiles.then_some(q234_inside),
            inside.len() as u64,
        ),
        objective(
            "prioritaires".into(),
            "Attributions aux ménages prioritaires".into(),
            targets.prioritaires,
            Some(priority(&mut leases.iter())),
            leases.len() as u64,
        ),
    ];
    let mut holders: Vec<&str> = leases.iter().map(|(a, _)| a.reservataire.as_str()).collect();
    holders.sort_unstable();
    holders.dedup();
    for holder in holders {
        let under: Vec<_> =
            leases.iter().filter(|(a, _)| a.reservataire.as_str() == holder).collect();
        list.push(objective(
            format!("prioritaires:{holder}"),
            format!("Attributions aux ménages prioritaires sur le contingent de {holder}"),
            targets.prioritaires_reservataire,
            Some(priority(&mut under.iter().copied())),
            under.len() as u64,
        ));
    }
    list
}

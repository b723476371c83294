//! Turning a year's counts into the bilan: ratios, rounding, code order, most frequent
//! modalities and objectives decided exactly. Both computations (Rust and SQL) end here.

use crate::figures::{DIMENSIONS, PROFILE_DIMENSIONS, code_order};
use crate::model::missing_allocations;
use crate::model::*;
use crate::numbers::{DAYS_PER_MONTH, median_of_counts, ratio, round};
use crate::settings::Settings;
use logis_store::BilanCounts;
use logis_store::bilan::{ModalityCounts, PopulationCounts};
use std::collections::BTreeMap;

/// The bilan of `year` from its counts.
pub fn assemble(year: i32, c: &BilanCounts, settings: &Settings) -> Bilan {
    let quartiles = c.seuils_disponibles;
    let empty = BTreeMap::new();
    let no_delays = BTreeMap::new();
    let dimension = |name: &str| {
        segments(
            name,
            c.segments.get(name).unwrap_or(&empty),
            c.delays.get(name).unwrap_or(&no_delays),
        )
    };
    let profile = |name: &str| profile(c.populations.get(name).cloned().unwrap_or_default());
    Bilan {
        annee: year,
        date_reference: format!("{year:04}-12-31"),
        territoire: Territoire { code: settings.code.clone(), nom: settings.nom.clone() },
        chiffres_cles: ChiffresCles {
            demandes_actives: c.demandes_actives,
            demandes_mutation: c.demandes_mutation,
            demandes_nouvelles: c.demandes_nouvelles,
            demandes_satisfaites: c.demandes_satisfaites,
            attributions: c.attributions,
            pression: ratio(c.demandes_actives, c.attributions, 2),
            anciennete_moyenne_mois: (c.demandes_actives > 0).then(|| {
                round(c.anciennete_jours as f64 / c.demandes_actives as f64 / DAYS_PER_MONTH, 1)
            }),
            delai_median_attribution_mois: c
                .delai_median_jours
                .map(|days| round(days / DAYS_PER_MONTH, 1)),
        },
        segments: Segments {
            age: dimension(DIMENSIONS[0]),
            composition: dimension(DIMENSIONS[1]),
            situation_logement: dimension(DIMENSIONS[2]),
            sans_logement_propre: dimension(DIMENSIONS[3]),
            mutation: dimension(DIMENSIONS[4]),
            quartile: quartiles.then(|| dimension(DIMENSIONS[5])),
            priorite: dimension(DIMENSIONS[6]),
            typologie: dimension(DIMENSIONS[7]),
            commune: dimension(DIMENSIONS[8]),
        },
        profils: Profils {
            ensemble: profile("ensemble"),
            bas_revenus: quartiles.then(|| profile("bas_revenus")),
            mutation: profile("mutation"),
        },
        objectifs: objectives(c, settings),
        seuils_disponibles: quartiles,
        refus: None,
        attributions_mieux_classees: None,
        eligibilite_plai: None,
        flux: None,
        secret_statistique: None,
    }
}

/// Modalities of a dimension in code order, each with the median delay of its attributions.
fn segments(
    dimension: &str,
    counts: &BTreeMap<String, ModalityCounts>,
    delays: &BTreeMap<String, BTreeMap<i64, u64>>,
) -> Vec<Segment> {
    let mut list: Vec<Segment> = counts
        .iter()
        .map(|(code, n)| Segment {
            delai_median_attribution_mois: delays
                .get(code)
                .and_then(median_of_counts)
                .map(|days| round(days / DAYS_PER_MONTH, 1)),
            ..Segment::of(code.clone(), n.demandes, n.attributions)
        })
        .collect();
    list.sort_by(|a, b| {
        (code_order(dimension, &a.modalite), &a.modalite)
            .cmp(&(code_order(dimension, &b.modalite), &b.modalite))
    });
    list
}

/// The most frequent modality (ties: the first in code order).
fn most_frequent(dimension: &str, counts: Option<&BTreeMap<String, u64>>) -> Option<String> {
    let counts = counts?;
    let best = counts.values().copied().max()?;
    counts
        .iter()
        .filter(|(_, n)| **n == best)
        .min_by_key(|(code, _)| (code_order(dimension, code), code.as_str()))
        .map(|(code, _)| code.clone())
}

fn profile(p: PopulationCounts) -> Profil {
    let [age, composition, situation_logement] =
        PROFILE_DIMENSIONS.map(|d| most_frequent(d, p.modalities.get(d)));
    Profil {
        demandes: p.demandes,
        attributions: p.attributions,
        pression: ratio(p.demandes, p.attributions, 2),
        age,
        composition,
        situation_logement,
    }
}

/// One objective, reached when no allocation is missing (see [`Objectif::missing_allocations`]).
pub(crate) fn objective(
    code: String,
    libelle: String,
    cible: f64,
    numerateur: Option<u64>,
    denominateur: u64,
) -> Objectif {
    Objectif {
        code,
        libelle,
        cible,
        numerateur,
        denominateur,
        taux: numerateur.and_then(|n| ratio(n, denominateur, 4)),
        atteint: missing_allocations(cible, numerateur, denominateur).map(|m| m == 0),
        reservataire_nom: None,
    }
}

fn objectives(c: &BilanCounts, settings: &Settings) -> Vec<Objectif> {
    let targets = &settings.targets;
    let o = &c.objectifs;
    let quartiles = c.seuils_disponibles;
    let mut list = vec![
        objective(
            "q1_hors_qpv".into(),
            "Attributions hors QPV aux ménages du 1er quartile (ou relogés ANRU)".into(),
            targets.q1_hors_qpv,
            quartiles.then_some(o.q1_hors_qpv),
            o.hors_qpv,
        ),
        objective(
            "q234_en_qpv".into(),
            "Attributions en QPV aux ménages des quartiles 2 à 4".into(),
            targets.q234_en_qpv,
            quartiles.then_some(o.q234_en_qpv),
            o.en_qpv,
        ),
        objective(
            "prioritaires".into(),
            "Attributions aux ménages prioritaires".into(),
            targets.prioritaires,
            Some(o.prioritaires),
            c.attributions,
        ),
    ];
    for (holder, (total, priority)) in &o.par_reservataire {
        list.push(objective(
            format!("prioritaires:{holder}"),
            format!("Attributions aux ménages prioritaires sur le contingent de {holder}"),
            targets.prioritaires_reservataire,
            Some(*priority),
            *total,
        ));
    }
    list
}

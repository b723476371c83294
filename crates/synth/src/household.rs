//! Synthetic households: composition, members with birth dates, situation, resources.

use crate::random::{Rand, chance, normal, pick, plus_days};
use logis_domain::{Amount, ConsumptionUnits, Lien, Membre, Seuils, SituationLogement, Typologie};
use rand::Rng;
use time::Date;

/// Shares of compositions among applicants (data.md §6, our starting mix).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Single,
    Monoparental,
    CoupleWithChildren,
    Couple,
    Other,
}

const KINDS: &[(Kind, f64)] = &[
    (Kind::Single, 0.45),
    (Kind::Monoparental, 0.25),
    (Kind::CoupleWithChildren, 0.15),
    (Kind::Couple, 0.10),
    (Kind::Other, 0.05),
];

/// Age of the titulaire at filing (our assumption; data.md found no published split).
const AGES: &[((u32, u32), f64)] =
    &[((18, 24), 0.18), ((25, 34), 0.26), ((35, 49), 0.30), ((50, 64), 0.17), ((65, 90), 0.09)];

fn birth(rng: &mut Rand, on: Date, age: u32) -> Date {
    let days = i64::from(age) * 36525 / 100 + rng.random_range(0..365);
    plus_days(on, -days)
}

/// The members of a new household at filing date `on`.
pub fn members(rng: &mut Rand, on: Date) -> Vec<Membre> {
    let kind = pick(rng, KINDS);
    let (lo, hi) = pick(rng, AGES);
    let age = rng.random_range(lo..=hi);
    let mut members =
        vec![Membre { rang: 1, lien: Lien::Titulaire, date_naissance: birth(rng, on, age) }];
    let mut add = |rng: &mut Rand, lien: Lien, age: u32| {
        let rang = members.len() as u16 + 1;
        members.push(Membre { rang, lien, date_naissance: birth(rng, on, age) });
    };
    if matches!(kind, Kind::Couple | Kind::CoupleWithChildren) {
        let partner_age = (age as i32 + rng.random_range(-6..=6)).clamp(18, 95) as u32;
        add(rng, Lien::Cotitulaire, partner_age);
    }
    if matches!(kind, Kind::Monoparental | Kind::CoupleWithChildren) {
        let children = pick(rng, &[(1u32, 0.40), (2, 0.35), (3, 0.18), (4, 0.07)]);
        let eldest = age.saturating_sub(18).clamp(0, 20);
        for _ in 0..children {
            let child_age = if eldest == 0 { 0 } else { rng.random_range(0..=eldest) };
            add(rng, Lien::Enfant, child_age);
        }
    }
    if kind == Kind::Other {
        let other_age = rng.random_range(18..=85);
        add(rng, Lien::Autre, other_age);
        if chance(rng, 0.4) {
            let child_age = rng.random_range(0..=12);
            add(rng, Lien::Enfant, child_age);
        }
    }
    members
}

/// Current housing: about a third transfers (locataire_hlm), the rest as applicants report.
pub fn situation(rng: &mut Rand, mutation_share: f64) -> SituationLogement {
    use SituationLogement::*;
    if chance(rng, mutation_share) {
        return LocataireHlm;
    }
    pick(
        rng,
        &[
            (LocatairePrive, 0.42),
            (HebergeFamille, 0.20),
            (HebergeTiers, 0.08),
            (LogementTemporaire, 0.06),
            (StructureHebergement, 0.04),
            (Proprietaire, 0.04),
            (LogementFonction, 0.01),
            (Hotel, 0.01),
            (CampingCaravane, 0.01),
            (Squat, 0.01),
            (SansAbri, 0.02),
            (Autre, 0.10),
        ],
    )
}

/// Monthly resources such that resources per UC follow a log-normal law whose median is the
/// year's Q2 threshold: about a quarter of households then fall under Q1.
pub fn monthly_resources(rng: &mut Rand, members: &[Membre], on: Date, seuils: &Seuils) -> Amount {
    let per_uc = seuils.q2.as_f64() * (0.62 * normal(rng)).exp();
    let uc = ConsumptionUnits::at(members, on).as_f64();
    Amount::from_euros((per_uc * uc / 12.0).round() as i64)
}

/// Desired typologies for a household size (rules.md default fit, first choice first).
pub fn typologies(rng: &mut Rand, size: usize) -> Vec<Typologie> {
    use Typologie::*;
    let options: &[(&[Typologie], f64)] = match size {
        1 => &[(&[T2], 0.45), (&[T1, T2], 0.35), (&[T2, T3], 0.20)],
        2 => &[(&[T2, T3], 0.55), (&[T3], 0.30), (&[T2], 0.15)],
        3 => &[(&[T3, T4], 0.50), (&[T3], 0.35), (&[T4], 0.15)],
        4 => &[(&[T4], 0.55), (&[T4, T5], 0.30), (&[T3, T4], 0.15)],
        _ => &[(&[T5], 0.50), (&[T5, T6], 0.35), (&[T4, T5], 0.15)],
    };
    if chance(rng, 0.03) {
        return Vec::new(); // no typology stated
    }
    pick(rng, options).to_vec()
}

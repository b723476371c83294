//! The conventions of reservation rights as a yearly flow (conventions.csv,
//! ../shared/spec/flux.md): for each landlord and each year from the start of the history to
//! the year after its end, each holder of the landlord's reserved stock gets the share of that
//! stock it holds (the stock → flow conversion the inventory proposes), to half a percent, the
//! State's holders kept within 30 % together; a holder with a commune of its own gets a row on
//! that commune's perimeter instead. Conventions run three years (…, 2021–2023, 2024–2026, …),
//! signed in the last two months of the year before, on a day derived from the identifiers.
//! Nothing is drawn from the simulation's generator: the other files of a seed stay as they
//! were, and the allocations' holders (those of the dwellings' stock) match these shares.

use crate::territory::Territory;
use logis_domain::{CodeInsee, Convention, Date, OrganismeId, OrganismeType, Part};
use time::{Duration, Month};

/// The first year of a three-year convention period.
const PERIOD_ORIGIN: i32 = 2024;

/// Half a percent, in ten-thousandths of a percent: the shares' step.
const STEP: u32 = Part::UNIT / 2;

/// The conventions of every landlord of `t`, by landlord (in the territory's order), year,
/// then holder (the whole territory's row first, then its communes').
pub fn conventions(t: &Territory) -> Vec<Convention> {
    let first = t.relevant_from.unwrap_or(t.first_filing_year);
    let mut rows = Vec::new();
    for (landlord, o) in t.organismes.iter().enumerate() {
        if o.kind != OrganismeType::Bailleur {
            continue;
        }
        let shares = Shares::of(t, landlord);
        for year in first..=t.last_year + 1 {
            for (holder, part, commune) in &shares.0 {
                let reservataire = t.organismes[*holder].organisme_id.clone();
                rows.push(Convention {
                    date_signature: Some(signed(&o.organisme_id, &reservataire, year)),
                    bailleur: o.organisme_id.clone(),
                    reservataire,
                    annee: year,
                    part: *part,
                    commune: commune.clone(),
                });
            }
        }
    }
    rows
}

/// A landlord's rows of one year: holder (index into the territory's organismes), share,
/// commune of the perimeter (none: the whole territory).
struct Shares(Vec<(usize, Part, Option<CodeInsee>)>);

impl Shares {
    /// The shares of `landlord`'s expected stock each holder reserves.
    fn of(t: &Territory, landlord: usize) -> Shares {
        // The landlord's expected dwellings in each commune (all communes alike for a landlord
        // the territory gives none, so that it still has conventions).
        let owned: Vec<f64> = (0..t.communes.len())
            .map(|c| f64::from(t.dwellings[c]) * weight_of(&t.owners[c], landlord))
            .collect();
        let owned = if owned.iter().sum::<f64>() > 0.0 {
            owned
        } else {
            t.dwellings.iter().map(|d| f64::from(*d).max(1.0)).collect()
        };
        let stock: f64 = owned.iter().sum();
        let mut whole = vec![0.0; t.organismes.len()];
        let mut rows = Vec::new();
        for (c, &dwellings) in owned.iter().enumerate().filter(|(_, d)| **d > 0.0) {
            let reservations = &t.reservations[c];
            let total: f64 = reservations.iter().map(|(_, w)| w).sum();
            for &(holder, w) in reservations {
                let Some(holder) = holder else { continue };
                if t.organismes[holder].commune.is_some() {
                    let commune = CodeInsee::parse(&t.communes[c].insee).expect("valid INSEE");
                    rows.push((holder, rounded(w / total), Some(commune)));
                } else {
                    whole[holder] += w / total * dwellings / stock;
                }
            }
        }
        let mut whole: Vec<(usize, Part)> =
            whole.into_iter().enumerate().map(|(h, share)| (h, rounded(share))).collect();
        within_state_limit(t, &mut whole);
        let mut all: Vec<(usize, Part, Option<CodeInsee>)> = whole
            .into_iter()
            .filter(|(_, part)| part.ten_thousandths() > 0)
            .map(|(h, part)| (h, part, None))
            .collect();
        all.extend(rows.into_iter().filter(|(_, part, _)| part.ten_thousandths() > 0));
        all.sort_by(|a, b| (a.0, &a.2).cmp(&(b.0, &b.2)));
        Shares(all)
    }
}

/// The normalised weight of `organisme` among `weighted`.
fn weight_of(weighted: &[(usize, f64)], organisme: usize) -> f64 {
    let total: f64 = weighted.iter().map(|(_, w)| w).sum();
    let own: f64 = weighted.iter().filter(|(o, _)| *o == organisme).map(|(_, w)| w).sum();
    if total > 0.0 { own / total } else { 0.0 }
}

/// A fraction of the flow as a share to half a percent.
fn rounded(fraction: f64) -> Part {
    Part::from_ten_thousandths((fraction * 200.0).round() as u32 * STEP)
}

/// Lowers the largest State holder's share until the State's holders hold 30 % at most.
fn within_state_limit(t: &Territory, shares: &mut [(usize, Part)]) {
    let is_state = |h: usize| t.organismes[h].kind == OrganismeType::Etat;
    let state: u32 =
        shares.iter().filter(|(h, _)| is_state(*h)).map(|(_, p)| p.ten_thousandths()).sum();
    let excess = state.saturating_sub(Part::STATE_MOST.ten_thousandths());
    if excess == 0 {
        return;
    }
    if let Some((_, largest)) = shares
        .iter_mut()
        .filter(|(h, _)| is_state(*h))
        .max_by_key(|(h, p)| (*p, std::cmp::Reverse(*h)))
    {
        *largest = Part::from_ten_thousandths(largest.ten_thousandths().saturating_sub(excess));
    }
}

/// The day the convention of `year` between `landlord` and `holder` was signed: in November or
/// December before its three-year period, the day derived from the identifiers.
fn signed(landlord: &OrganismeId, holder: &OrganismeId, year: i32) -> Date {
    let start = year - (year - PERIOD_ORIGIN).rem_euclid(3);
    let key = format!("{landlord}\u{1f}{holder}\u{1f}{start}");
    let day = fnv1a(key.as_bytes()) % 61;
    let first = Date::from_calendar_date(start - 1, Month::November, 1).expect("1 November exists");
    first + Duration::days(day as i64)
}

/// The 64-bit FNV-1a hash: stable across builds and platforms.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes
        .iter()
        .fold(0xcbf2_9ce4_8422_2325, |h, b| (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shares_are_rounded_to_half_a_percent() {
        assert_eq!(rounded(0.25).to_string(), "25");
        assert_eq!(rounded(0.2777).to_string(), "28");
        assert_eq!(rounded(0.0437).to_string(), "4,5");
        assert_eq!(rounded(0.002).ten_thousandths(), 0);
    }

    #[test]
    fn a_convention_is_signed_before_its_three_year_period() {
        let id = |s| OrganismeId::parse(s).expect("id");
        let (b, h) = (id("tgh"), id("etat"));
        let date = signed(&b, &h, 2025);
        assert_eq!(date, signed(&b, &h, 2024));
        assert_eq!(date, signed(&b, &h, 2026));
        assert_eq!(date.year(), 2023);
        assert!(date.month() >= Month::November, "{date}");
        assert_eq!(signed(&b, &h, 2023).year(), 2020);
    }
}

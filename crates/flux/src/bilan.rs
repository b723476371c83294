//! The bilan a landlord sends before 28 February of N+1 to each reservation holder and to the
//! EPCI (flux.md, « Commands and JSON documents »): its lettings of N, those set aside, the net
//! flow, and per holder its share, its entitlement, what it received and the gap, with what it
//! received broken down by typology, financing, QPV, commune and construction period.

use crate::counts::Counts;
use crate::rounding::half_away;
use crate::set_aside::{self, SetAsideCounts};
use crate::{ConventionIndex, Register};
use logis_domain::{
    Attribution, CodeInsee, ConstructionPeriod, Convention, Financement, OrganismeId, Part,
    Typologie,
};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

/// One landlord's bilan of one year (the JSON document of flux.md, key by key).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FluxBilan {
    pub annee: i32,
    pub bailleur: String,
    /// Attributions of the landlord whose lease was signed in the year.
    pub loues: u64,
    pub mis_de_cote: SetAsideCounts,
    pub flux_net: u64,
    /// The holders with a convention for the year or an attribution of its net flow, in
    /// identifier order, the landlord's own line last.
    pub reservataires: Vec<HolderLine>,
    /// The forecast of lettings set aside next year: this year's, unless the landlord changed
    /// it ([`FluxBilan::with_forecast`]).
    pub prevision_mis_de_cote: SetAsideCounts,
}

/// A holder's line (or the landlord's own, last).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HolderLine {
    pub reservataire: String,
    /// Its share of the whole territory's net flow, in percent.
    pub part: f64,
    /// What it is entitled to, rounded to one decimal.
    pub droit: f64,
    pub recus: u64,
    /// `recus − droit`: negative, the holder is owed dwellings.
    pub ecart: f64,
    pub par: Breakdown,
}

/// What a line received, by five dimensions (codes in their order, zero counts left out).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Breakdown {
    pub typologie: Counts,
    pub financement: Counts,
    pub qpv: Counts,
    pub commune: Counts,
    pub periode_construction: Counts,
}

/// The code of a dwelling's financing when the attribution names none or an unknown one.
const UNKNOWN_FINANCING: &str = "non_renseigne";

impl Breakdown {
    fn of(received: &[&Attribution], register: &Register) -> Breakdown {
        let mut b = Breakdown::default();
        for a in received {
            let dwelling = a.logement_id.as_ref().and_then(|id| register.dwellings.get(id));
            b.typologie.add(a.typologie.code());
            b.financement.add(dwelling.map_or(UNKNOWN_FINANCING, |d| d.financement.code()));
            b.qpv.add(if a.in_qpv() { "oui" } else { "non" });
            b.commune.add(a.commune.as_str());
            let period = dwelling.map_or(ConstructionPeriod::Unknown, |d| d.construction);
            b.periode_construction.add(period.code());
        }
        Breakdown {
            typologie: b.typologie.sorted(order(Typologie::ALL.iter().map(|t| t.code()).collect())),
            financement: b.financement.sorted(order(
                Financement::ALL.iter().map(|f| f.code()).chain([UNKNOWN_FINANCING]).collect(),
            )),
            qpv: b.qpv.sorted(order(vec!["oui", "non"])),
            commune: b.commune.sorted(|code: &str| code.to_owned()),
            periode_construction: b
                .periode_construction
                .sorted(order(ConstructionPeriod::ALL.iter().map(|p| p.code()).collect())),
        }
    }
}

/// The rank of a code in `codes` (their code order), an unknown code last.
fn order(codes: Vec<&'static str>) -> impl Fn(&str) -> usize {
    move |code: &str| codes.iter().position(|c| *c == code).unwrap_or(usize::MAX)
}

/// Tenths of a dwelling as a number with one decimal.
fn tenths(value: i128) -> f64 {
    value as f64 / 10.0
}

/// The bilan of `landlord` for `year`.
pub fn bilan(year: i32, landlord: &OrganismeId, register: &Register) -> FluxBilan {
    let let_in_year: Vec<&Attribution> = register
        .attributions
        .iter()
        .filter(|a| a.bailleur == *landlord && a.year() == year)
        .collect();
    bilan_of(year, landlord, let_in_year, register.conventions_of(landlord, year), register)
}

/// The bilan of `landlord` for `year` from its lettings of the year and its conventions of the
/// year.
fn bilan_of<'a>(
    year: i32,
    landlord: &OrganismeId,
    let_in_year: Vec<&Attribution>,
    conventions: impl Iterator<Item = &'a Convention>,
    register: &Register,
) -> FluxBilan {
    let mut set_aside = SetAsideCounts::default();
    let mut net: Vec<&Attribution> = Vec::new();
    for a in &let_in_year {
        match set_aside::reason(a, register) {
            Some(reason) => set_aside.add(reason),
            None => net.push(a),
        }
    }
    // The net flow by commune, and what each holder received (in the lettings' order).
    let mut net_by_commune: HashMap<&CodeInsee, usize> = HashMap::new();
    let mut received_by: HashMap<&OrganismeId, Vec<&Attribution>> = HashMap::new();
    for a in &net {
        *net_by_commune.entry(&a.commune).or_default() += 1;
        received_by.entry(&a.reservataire).or_default().push(a);
    }
    let net_of = |commune: &CodeInsee| net_by_commune.get(commune).copied().unwrap_or(0);
    // Each holder's rows: the all-commune part, and the exact entitlement in ten-thousandths
    // of a percent × dwellings.
    let mut holders: BTreeMap<&OrganismeId, (Part, i128)> = BTreeMap::new();
    for c in conventions {
        let (part, exact) = holders.entry(&c.reservataire).or_default();
        let flow = match &c.commune {
            None => {
                *part =
                    Part::from_ten_thousandths(part.ten_thousandths() + c.part.ten_thousandths());
                net.len()
            }
            Some(commune) => net_of(commune),
        };
        *exact += i128::from(c.part.ten_thousandths()) * flow as i128;
    }
    for holder in received_by.keys().filter(|h| **h != landlord) {
        holders.entry(holder).or_default();
    }
    let mut received_by = |holder: &OrganismeId| received_by.remove(holder).unwrap_or_default();
    let mut lines = Vec::new();
    let (mut parts, mut entitled) = (0u32, 0i128);
    for (holder, (part, exact)) in &holders {
        // Tenths of a dwelling: exact × 10 / (100 × 10 000).
        let droit = half_away(*exact, 100_000);
        let received = received_by(holder);
        parts += part.ten_thousandths();
        entitled += droit;
        lines.push(HolderLine {
            reservataire: holder.as_str().to_owned(),
            part: part.percent(),
            droit: tenths(droit),
            recus: received.len() as u64,
            ecart: tenths(received.len() as i128 * 10 - droit),
            par: Breakdown::of(&received, register),
        });
    }
    let own = received_by(landlord);
    let own_right = net.len() as i128 * 10 - entitled;
    let own_part = i128::from(Part::WHOLE.ten_thousandths()) - i128::from(parts);
    lines.push(HolderLine {
        reservataire: landlord.as_str().to_owned(),
        part: own_part as f64 / f64::from(Part::UNIT),
        droit: tenths(own_right),
        recus: own.len() as u64,
        ecart: tenths(own.len() as i128 * 10 - own_right),
        par: Breakdown::of(&own, register),
    });
    FluxBilan {
        annee: year,
        bailleur: landlord.as_str().to_owned(),
        loues: let_in_year.len() as u64,
        mis_de_cote: set_aside,
        flux_net: net.len() as u64,
        reservataires: lines,
        prevision_mis_de_cote: set_aside,
    }
}

impl FluxBilan {
    /// The same bilan with the landlord's forecast of lettings set aside next year.
    pub fn with_forecast(self, forecast: SetAsideCounts) -> FluxBilan {
        FluxBilan { prevision_mis_de_cote: forecast, ..self }
    }
}

/// The bilans of every landlord of `landlords` (the EPCI's document): in identifier order.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Bilans {
    pub annee: i32,
    pub bailleurs: Vec<FluxBilan>,
}

/// The bilan of each of `landlords` for `year`, in identifier order: the year's lettings and
/// conventions grouped by landlord once, then each landlord's bilan from its own.
pub fn bilans(year: i32, landlords: &[OrganismeId], register: &Register) -> Bilans {
    let mut sorted: Vec<&OrganismeId> = landlords.iter().collect();
    sorted.sort();
    sorted.dedup();
    let mut lettings: HashMap<&OrganismeId, Vec<&Attribution>> = HashMap::new();
    for a in register.attributions.iter().filter(|a| a.year() == year) {
        lettings.entry(&a.bailleur).or_default().push(a);
    }
    let conventions = ConventionIndex::new(register);
    let bailleurs = sorted
        .into_iter()
        .map(|b| {
            let let_in_year = lettings.remove(b).unwrap_or_default();
            let rows = conventions.of(b, year).iter().copied();
            bilan_of(year, b, let_in_year, rows, register)
        })
        .collect();
    Bilans { annee: year, bailleurs }
}

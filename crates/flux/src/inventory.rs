//! The stock → flow inventory of a landlord (flux.md): for each holder of its reserved
//! dwellings, the stock, its lettings over the three years before, the turnover, and the share
//! of the flow it gave the holder in practice — the starting point of the convention the
//! partners sign.

use crate::Register;
use crate::rounding::half_away;
use crate::set_aside;
use logis_domain::{LogementId, OrganismeId};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

/// The inventory of one landlord, prepared in year `annee` on the three years before.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Inventory {
    pub annee: i32,
    pub bailleur: String,
    pub annees: [i32; 3],
    /// The holders of at least one of its dwellings in identifier order, then the landlord.
    pub reservataires: Vec<InventoryLine>,
}

/// The inventories of every landlord (`logis flux inventaire` without `--bailleur`, shaped as
/// the bilan's document of all landlords).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Inventories {
    pub annee: i32,
    pub bailleurs: Vec<Inventory>,
}

/// One holder's line.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct InventoryLine {
    pub reservataire: String,
    /// The landlord's dwellings reserved to it (the landlord's own: those reserved to none).
    pub stock: u64,
    /// Their lettings over the three years, those set aside left out.
    pub attribues_3ans: u64,
    /// `attribues_3ans / 3 / stock`, to four decimals; none without stock.
    pub rotation: Option<f64>,
    /// Its lettings' share of all the landlord's lettings, in percent to two decimals; none
    /// when nothing was let.
    pub part_proposee: Option<f64>,
}

/// The inventory of `landlord` prepared in `year`.
pub fn inventory(year: i32, landlord: &OrganismeId, register: &Register) -> Inventory {
    let years = [year - 3, year - 2, year - 1];
    let mut holder_of: HashMap<&LogementId, &OrganismeId> = HashMap::new();
    let mut stock: BTreeMap<&OrganismeId, u64> = BTreeMap::new();
    for (id, d) in register.dwellings.iter().filter(|(_, d)| d.bailleur == *landlord) {
        let holder = d.reservataire.as_ref().unwrap_or(landlord);
        holder_of.insert(id, holder);
        *stock.entry(holder).or_default() += 1;
    }
    let mut let_3_years: HashMap<&OrganismeId, u64> = HashMap::new();
    for a in &register.attributions {
        let Some(holder) = a.logement_id.as_ref().and_then(|id| holder_of.get(id)) else {
            continue;
        };
        if years.contains(&a.year()) && set_aside::reason(a, register).is_none() {
            *let_3_years.entry(*holder).or_default() += 1;
        }
    }
    let total: u64 = let_3_years.values().sum();
    let line = |holder: &OrganismeId| {
        let stock = stock.get(holder).copied().unwrap_or(0);
        let lettings = let_3_years.get(holder).copied().unwrap_or(0);
        InventoryLine {
            reservataire: holder.as_str().to_owned(),
            stock,
            attribues_3ans: lettings,
            rotation: (stock > 0).then(|| {
                half_away(i128::from(lettings) * 10_000, 3 * i128::from(stock)) as f64 / 10_000.0
            }),
            part_proposee: (total > 0).then(|| {
                half_away(i128::from(lettings) * 10_000, i128::from(total)) as f64 / 100.0
            }),
        }
    };
    let mut lines: Vec<InventoryLine> =
        stock.keys().filter(|h| **h != landlord).map(|h| line(h)).collect();
    lines.push(line(landlord));
    Inventory {
        annee: year,
        bailleur: landlord.as_str().to_owned(),
        annees: years,
        reservataires: lines,
    }
}

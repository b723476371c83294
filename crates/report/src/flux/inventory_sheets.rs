//! The stock → flow inventory as workbook sheets: a summary of every landlord, then one sheet
//! per landlord with a line per holder — stock, lettings over three years, turnover, proposed
//! share — numbers as numbers.

use super::Names;
use super::inventory::Totals;
use super::words::tab_names;
use crate::{Cell, Sheet};
use logis_flux::inventory::Inventory;

const SUMMARY: &str = "Synthèse";

fn count(n: u64) -> Cell {
    Cell::Int(i64::try_from(n).unwrap_or(i64::MAX))
}

/// A share in percent as a percentage cell (empty when there is none).
fn part(percent: Option<f64>) -> Cell {
    percent.map_or(Cell::Empty, |p| Cell::Percent(p / 100.0))
}

/// A turnover with its four decimals (empty without stock).
fn rotation(value: Option<f64>) -> Cell {
    value.map_or(Cell::Empty, |r| Cell::Decimal(r, 4))
}

/// The summary sheet, then one sheet per landlord of `inventories`.
pub fn inventory_sheets(year: i32, inventories: &[Inventory], names: &Names) -> Vec<Sheet> {
    let let_header = format!("attribués de {} à {}", year - 3, year - 1);
    let mut summary = Sheet::new(
        SUMMARY,
        &[
            "bailleur",
            "identifiant",
            "stock",
            "dont réservés à un réservataire",
            &let_header,
            "rotation",
            "réservataires",
            "part proposée aux réservataires",
            "part gardée par le bailleur",
        ],
    )
    .titled(format!(
        "Passage à la gestion en flux : parts proposées pour {year} — synthèse des bailleurs (un onglet par bailleur)"
    ));
    for i in inventories {
        let (own, holders): (Vec<_>, Vec<_>) =
            i.reservataires.iter().partition(|l| l.reservataire == i.bailleur);
        let totals = Totals::of(i);
        summary.push(vec![
            names.organisme(&i.bailleur).into(),
            i.bailleur.clone().into(),
            count(totals.stock),
            count(holders.iter().map(|l| l.stock).sum()),
            count(totals.lettings),
            rotation(totals.rotation),
            count(holders.len() as u64),
            part(holders.iter().map(|l| l.part_proposee).sum()),
            part(own.first().and_then(|l| l.part_proposee)),
        ]);
    }
    let landlord_names: Vec<String> =
        inventories.iter().map(|i| names.organisme(&i.bailleur)).collect();
    let tabs = tab_names(&landlord_names, &[SUMMARY]);
    let mut sheets = vec![summary];
    sheets.extend(inventories.iter().zip(tabs).map(|(i, tab)| landlord_sheet(i, &tab, names)));
    sheets
}

/// One landlord's sheet.
fn landlord_sheet(i: &Inventory, tab: &str, names: &Names) -> Sheet {
    let [first, _, last] = i.annees;
    let name = names.organisme(&i.bailleur);
    let mut sheet = Sheet::new(
        tab,
        &[
            "réservataire",
            "identifiant",
            "stock",
            &format!("attribués de {first} à {last}"),
            "rotation",
            "part proposée",
        ],
    )
    .titled(format!(
        "{name} — parts de flux proposées pour {} à partir du stock réservé et de ses attributions de {first} à {last} (relogements ANRU et mutations internes exclus)",
        i.annee
    ));
    for l in &i.reservataires {
        let holder = names.organisme(&l.reservataire);
        sheet.push(vec![
            if l.reservataire == i.bailleur { format!("{holder} (bailleur)") } else { holder }
                .into(),
            l.reservataire.clone().into(),
            count(l.stock),
            count(l.attribues_3ans),
            rotation(l.rotation),
            part(l.part_proposee),
        ]);
    }
    let totals = Totals::of(i);
    sheet.push(vec![
        "Total".into(),
        Cell::Empty,
        count(totals.stock),
        count(totals.lettings),
        rotation(totals.rotation),
        part(totals.parts),
    ]);
    sheet
}

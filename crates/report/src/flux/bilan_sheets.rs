//! The 28-February bilan as workbook sheets: a summary of every landlord, then one sheet per
//! landlord with a line per holder — share, entitlement, received, gap, and what it received
//! by typology, financing, QPV, commune and construction period — numbers as numbers.

use super::Names;
use super::labels::{Dimension, set_aside};
use super::words::tab_names;
use crate::{Cell, Sheet};
use logis_flux::bilan::FluxBilan;

const SUMMARY: &str = "Synthèse";

/// A count as a cell.
fn count(n: u64) -> Cell {
    Cell::Int(i64::try_from(n).unwrap_or(i64::MAX))
}

/// The summary sheet, then one sheet per landlord of `bilans`.
pub fn bilan_sheets(year: i32, bilans: &[FluxBilan], names: &Names) -> Vec<Sheet> {
    let next = year + 1;
    let mut summary = Sheet::new(
        SUMMARY,
        &[
            "bailleur",
            "identifiant",
            "logements loués",
            "mis de côté : relogements ANRU",
            "mis de côté : mutations internes",
            "flux net",
            "logements dus aux réservataires",
            &format!("prévision {next} : relogements ANRU"),
            &format!("prévision {next} : mutations internes"),
        ],
    )
    .titled(format!(
        "Bilan {year} de la gestion en flux — synthèse des bailleurs (un onglet par bailleur)"
    ));
    for b in bilans {
        let owed: f64 = b
            .reservataires
            .iter()
            .filter(|l| l.reservataire != b.bailleur)
            .map(|l| (-l.ecart).max(0.0))
            .sum();
        summary.push(vec![
            names.organisme(&b.bailleur).into(),
            b.bailleur.clone().into(),
            count(b.loues),
            count(b.mis_de_cote.relogement_anru),
            count(b.mis_de_cote.mutation_interne),
            count(b.flux_net),
            Cell::Decimal(owed, 1),
            count(b.prevision_mis_de_cote.relogement_anru),
            count(b.prevision_mis_de_cote.mutation_interne),
        ]);
    }
    let landlord_names: Vec<String> = bilans.iter().map(|b| names.organisme(&b.bailleur)).collect();
    let tabs = tab_names(&landlord_names, &[SUMMARY]);
    let mut sheets = vec![summary];
    sheets.extend(bilans.iter().zip(tabs).map(|(b, tab)| landlord_sheet(b, &tab, names)));
    sheets
}

/// One landlord's sheet.
fn landlord_sheet(b: &FluxBilan, tab: &str, names: &Names) -> Sheet {
    let columns: Vec<(Dimension, String)> = Dimension::ALL
        .iter()
        .flat_map(|d| {
            d.codes(b.reservataires.iter().map(|l| &l.par), names).into_iter().map(|c| (*d, c))
        })
        .collect();
    let mut headers: Vec<String> =
        ["réservataire", "identifiant", "part du flux", "droit", "reçus", "écart"]
            .map(str::to_owned)
            .to_vec();
    headers.extend(columns.iter().map(|(d, code)| d.column(code, names)));
    let set_aside_text: Vec<String> =
        set_aside(&b.mis_de_cote).iter().map(|(reason, n)| format!("{n} {reason}")).collect();
    let mut sheet = Sheet {
        name: tab.to_owned(),
        title: Some(format!(
            "{} — bilan {} de la gestion en flux : {} logements loués, mis de côté {}, flux net {}",
            names.organisme(&b.bailleur),
            b.annee,
            b.loues,
            set_aside_text.join(" et "),
            b.flux_net
        )),
        headers,
        rows: Vec::new(),
    };
    let mut totals = vec![0u64; columns.len()];
    for l in &b.reservataires {
        let name = names.organisme(&l.reservataire);
        let name = if l.reservataire == b.bailleur { format!("{name} (bailleur)") } else { name };
        let mut row = vec![
            Cell::Text(name),
            l.reservataire.clone().into(),
            Cell::Percent(l.part / 100.0),
            Cell::Decimal(l.droit, 1),
            count(l.recus),
            Cell::Decimal(l.ecart, 1),
        ];
        let counted: Vec<(Dimension, Vec<(String, u64)>)> =
            Dimension::ALL.iter().map(|d| (*d, d.counts(&l.par))).collect();
        for (i, (d, code)) in columns.iter().enumerate() {
            let n = counted
                .iter()
                .filter(|(of, _)| of == d)
                .flat_map(|(_, counts)| counts)
                .find(|(c, _)| c == code)
                .map_or(0, |(_, n)| *n);
            totals[i] += n;
            row.push(count(n));
        }
        sheet.push(row);
    }
    let mut total = vec![
        "Total".into(),
        Cell::Empty,
        Cell::Percent(b.reservataires.iter().map(|l| l.part).sum::<f64>() / 100.0),
        Cell::Decimal(b.reservataires.iter().map(|l| l.droit).sum(), 1),
        count(b.reservataires.iter().map(|l| l.recus).sum()),
        Cell::Empty,
    ];
    total.extend(totals.into_iter().map(count));
    sheet.push(total);
    sheet
}

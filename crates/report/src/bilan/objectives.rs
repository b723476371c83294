//! The evaluation of each objective: value, target, reached or not, change against the year
//! before, and how many allocations were missing.

use super::ReportInputs;
use crate::chart::{self, Bar, GREEN, GREY, RED};
use crate::document::{Block, Chart, Section, Table, paragraph};
use logis_domain::french::{decimal, int, percent};
use logis_evaluation::{Bilan, Objectif};

/// A short name for charts and tables.
fn short(o: &Objectif) -> String {
    match o.code.as_str() {
        "q1_hors_qpv" => "1er quartile hors QPV".to_owned(),
        "q234_en_qpv" => "Quartiles 2 à 4 en QPV".to_owned(),
        "prioritaires" => "Ménages prioritaires".to_owned(),
        code => {
            let holder =
                o.reservataire_nom.as_deref().unwrap_or(code.trim_start_matches("prioritaires:"));
            format!("Contingent : {holder}")
        }
    }
}

fn status(o: &Objectif) -> &'static str {
    match o.atteint {
        Some(true) => "atteint",
        Some(false) => "non atteint",
        None => "non mesurable",
    }
}

fn change(o: &Objectif, previous: Option<&Bilan>) -> String {
    let before =
        previous.and_then(|p| p.objectifs.iter().find(|q| q.code == o.code)).and_then(|q| q.taux);
    match (o.taux, before) {
        (Some(now), Some(before)) => {
            let points = (now - before) * 100.0;
            let sign = if points > 0.05 { "+" } else { "" };
            format!("{sign}{} pts", decimal(points, 1))
        }
        _ => "n.d.".to_owned(),
    }
}

/// Reservation holders shown one by one in the chart and the table; beyond, those with the
/// most attributions (every one stays in the workbook and the CSV file).
pub const HOLDERS_SHOWN: usize = 12;

/// The objectives the report shows one by one: the territory's, then the reservation holders'
/// with the most attributions; and how many holders are left out.
pub fn shown(objectives: &[Objectif]) -> (Vec<&Objectif>, usize) {
    let (mut holders, mut list): (Vec<&Objectif>, Vec<&Objectif>) =
        objectives.iter().partition(|o| o.code.starts_with("prioritaires:"));
    holders.sort_by(|a, b| b.denominateur.cmp(&a.denominateur).then(a.code.cmp(&b.code)));
    let left_out = holders.len().saturating_sub(HOLDERS_SHOWN);
    list.extend(holders.into_iter().take(HOLDERS_SHOWN));
    (list, left_out)
}

pub fn section(inputs: &ReportInputs) -> Section {
    let b = inputs.bilan;
    let previous = inputs.previous();
    let (objectives, left_out) = shown(&b.objectifs);
    let measured: Vec<&Objectif> = b.objectifs.iter().filter(|o| o.atteint.is_some()).collect();
    let reached = measured.iter().filter(|o| o.atteint == Some(true)).count();
    let mut blocks = vec![paragraph(format!(
        "La convention intercommunale d'attributions fixe des objectifs de mixité sociale et d'accueil des ménages prioritaires. En {}, {} objectif{} sur {} mesurable{} {} atteint{}.",
        b.annee,
        reached,
        if reached > 1 { "s" } else { "" },
        measured.len(),
        if measured.len() > 1 { "s" } else { "" },
        if reached > 1 { "sont" } else { "est" },
        if reached > 1 { "s" } else { "" },
    ))];
    let bars: Vec<Bar> = objectives
        .iter()
        .map(|o| Bar {
            label: short(o),
            value: o.taux.map(|t| t * 100.0),
            text: o.taux.map_or_else(String::new, |t| percent(t, 1)),
            mark: Some(o.cible * 100.0),
            colour: match o.atteint {
                Some(true) => GREEN,
                Some(false) => RED,
                None => GREY,
            },
        })
        .collect();
    let description = "Part des attributions de l'année qui répondent à chaque objectif (barre) et cible de la convention (trait noir) ; vert : atteint, rouge : non atteint.";
    blocks.push(Block::Chart(Chart {
        title: "Objectifs : réalisé et cible".into(),
        description: description.into(),
        svg: chart::bars(&bars, "part des attributions concernées (%)", "", None, description),
    }));
    let rows = objectives
        .iter()
        .map(|o| {
            vec![
                o.libelle.clone(),
                percent(o.cible, 0),
                o.taux.map_or_else(|| "n.d.".to_owned(), |t| percent(t, 1)),
                match o.numerateur {
                    Some(n) => format!("{} sur {}", int(n), int(o.denominateur)),
                    None => format!("? sur {}", int(o.denominateur)),
                },
                status(o).to_owned(),
                change(o, previous),
            ]
        })
        .collect();
    blocks.push(Block::Table(Table {
        headers: [
            "objectif",
            "cible",
            "réalisé",
            "attributions",
            "résultat",
            &format!("évolution depuis {}", b.annee - 1),
        ]
        .map(String::from)
        .to_vec(),
        rows,
        numeric: vec![false, true, true, true, false, true],
    }));
    if left_out > 0 {
        let holders = b.objectifs.iter().filter(|o| o.code.starts_with("prioritaires:"));
        let missed = holders.filter(|o| o.atteint == Some(false)).count();
        blocks.push(Block::Note(format!(
            "Les {HOLDERS_SHOWN} contingents de réservataires qui ont le plus d'attributions sont montrés ici ; {} autres ne le sont pas. En tout, {} contingent{} n'atteigne{} pas la cible : le détail de chacun est dans les tableaux du bilan (XLSX ou CSV).",
            int(left_out as u64),
            int(missed as u64),
            if missed > 1 { "s" } else { "" },
            if missed > 1 { "nt" } else { "" },
        )));
    }
    if let Some(o) = b.objectifs.iter().find(|o| o.taux.is_some()) {
        blocks.push(Block::ReadingKey(format!(
            "en {}, {} des attributions concernées ({} sur {}) répondent à l'objectif « {} », pour une cible de {} : l'objectif est {}.",
            b.annee,
            percent(o.taux.unwrap_or_default(), 1),
            int(o.numerateur.unwrap_or_default()),
            int(o.denominateur),
            o.libelle,
            percent(o.cible, 0),
            status(o)
        )));
    }
    Section { title: "Évaluation des objectifs".into(), blocks }
}

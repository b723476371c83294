//! The trend of the key figures and of the objectives over every year in the data.

use super::{ReportInputs, months, ratio};
use crate::chart::{self, BLUE, GREEN, ORANGE, RED, Series};
use crate::document::{Block, Chart, Section, Table, paragraph};
use logis_domain::french::{int, percent};
use logis_evaluation::Bilan;

fn rate(b: &Bilan, code: &str) -> Option<f64> {
    b.objectifs.iter().find(|o| o.code == code).and_then(|o| o.taux)
}

pub fn section(inputs: &ReportInputs) -> Section {
    let years: Vec<&Bilan> =
        inputs.history.iter().filter(|b| b.annee <= inputs.bilan.annee).collect();
    let title = "Évolution sur les dernières années".to_owned();
    if years.len() < 2 {
        return Section {
            title,
            blocks: vec![paragraph(
                "Les données ne couvrent qu'une année : l'évolution sera montrée dès que deux années seront disponibles.",
            )],
        };
    }
    let first = years[0].annee;
    let labels: Vec<i32> = years.iter().map(|b| b.annee).collect();
    let count = |f: fn(&Bilan) -> u64| years.iter().map(|b| Some(f(b) as f64)).collect::<Vec<_>>();
    let description = format!(
        "Demandes actives au 31 décembre et attributions de chaque année, de {first} à {}.",
        inputs.bilan.annee
    );
    let volumes = chart::lines(
        &labels,
        &[
            Series {
                name: "demandes actives au 31/12".into(),
                values: count(|b| b.chiffres_cles.demandes_actives),
                colour: BLUE,
            },
            Series {
                name: "attributions de l'année".into(),
                values: count(|b| b.chiffres_cles.attributions),
                colour: ORANGE,
            },
        ],
        "nombre de demandes",
        &description,
    );
    let rates_description =
        "Part des attributions de chaque année qui répondent aux objectifs principaux, en %.";
    let percent_of = |code: &'static str| {
        years.iter().map(|b| rate(b, code).map(|t| t * 100.0)).collect::<Vec<_>>()
    };
    let rates = chart::lines(
        &labels,
        &[
            Series {
                name: "1er quartile hors QPV".into(),
                values: percent_of("q1_hors_qpv"),
                colour: BLUE,
            },
            Series {
                name: "quartiles 2 à 4 en QPV".into(),
                values: percent_of("q234_en_qpv"),
                colour: GREEN,
            },
            Series {
                name: "ménages prioritaires".into(),
                values: percent_of("prioritaires"),
                colour: RED,
            },
        ],
        "part des attributions (%)",
        rates_description,
    );
    let optional_percent = |v: Option<f64>| v.map_or_else(|| "n.d.".to_owned(), |t| percent(t, 1));
    let table = Table {
        headers: [
            "année",
            "demandes actives",
            "attributions",
            "demandes pour 1 attribution",
            "ancienneté moyenne",
            "délai médian",
            "1er quartile hors QPV",
            "prioritaires",
        ]
        .map(String::from)
        .to_vec(),
        rows: years
            .iter()
            .map(|b| {
                let k = &b.chiffres_cles;
                vec![
                    b.annee.to_string(),
                    int(k.demandes_actives),
                    int(k.attributions),
                    ratio(k.pression),
                    months(k.anciennete_moyenne_mois),
                    months(k.delai_median_attribution_mois),
                    optional_percent(rate(b, "q1_hors_qpv")),
                    optional_percent(rate(b, "prioritaires")),
                ]
            })
            .collect(),
        numeric: vec![false, true, true, true, true, true, true, true],
    };
    Section {
        title,
        blocks: vec![
            paragraph(format!(
                "Chaque année est calculée avec les mêmes définitions, de {first} à {}.",
                inputs.bilan.annee
            )),
            Block::Chart(Chart {
                title: "Demandes et attributions".into(),
                description,
                svg: volumes,
            }),
            Block::Chart(Chart {
                title: "Objectifs principaux".into(),
                description: rates_description.into(),
                svg: rates,
            }),
            Block::Table(table),
        ],
    }
}

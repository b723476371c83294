//! The portrait of applicants: key figures, the profiles of applicants against allocated
//! households, and the pressure by segment, each table with its reading key.

use super::labels::{CommuneNames, DIMENSION_TITLES, label, phrase};
use super::{ReportInputs, months, ratio};
use crate::chart::{self, BLUE, Bar, GREY, Pair};
use crate::document::{Block, Chart, KeyFigure, Section, Table, paragraph};
use logis_domain::french::{decimal, int, percent, signed};
use logis_evaluation::{Bilan, Segment};

/// Communes shown one by one; the others are summed on one line.
const COMMUNES_SHOWN: usize = 15;

pub fn section(inputs: &ReportInputs) -> Section {
    let b = inputs.bilan;
    let k = &b.chiffres_cles;
    let mut blocks = vec![
        Block::Subheading(format!("Chiffres clés au {}", inputs.as_of())),
        Block::Figures(vec![
            figure(int(k.demandes_actives), "demandes actives"),
            figure(int(k.demandes_mutation), "dont demandes de mutation"),
            figure(int(k.demandes_nouvelles), &format!("demandes nouvelles en {}", b.annee)),
            figure(int(k.demandes_satisfaites), "demandes satisfaites"),
            figure(int(k.attributions), &format!("attributions (baux signés en {})", b.annee)),
            figure(ratio(k.pression), "demandes pour 1 attribution"),
            figure(months(k.anciennete_moyenne_mois), "ancienneté moyenne des demandes"),
            figure(months(k.delai_median_attribution_mois), "délai médian d'attribution"),
        ]),
    ];
    if let Some(p) = inputs.previous() {
        blocks.push(paragraph(compared(b, p)));
    }
    blocks.extend(profiles(b));
    blocks.push(Block::Subheading("La pression de la demande par segment".into()));
    blocks.push(paragraph(format!(
        "La pression rapporte les demandes actives au {} aux attributions de l'année dans le même segment : plus elle est élevée, plus l'attente est longue pour les ménages concernés. La ligne rouge des graphiques marque la moyenne du territoire ({} demandes pour 1 attribution).",
        inputs.as_of(),
        ratio(k.pression)
    )));
    for (dimension, title) in DIMENSION_TITLES {
        if let Some(segments) = b.segments.get(dimension) {
            blocks.extend(dimension_blocks(b, dimension, title, segments, inputs.communes));
        }
    }
    Section { title: "Portrait des demandeurs".into(), blocks }
}

fn figure(value: String, label: &str) -> KeyFigure {
    KeyFigure { value, label: label.to_owned() }
}

fn compared(b: &Bilan, p: &Bilan) -> String {
    let (k, q) = (&b.chiffres_cles, &p.chiffres_cles);
    let change = |now: u64, before: u64| {
        let n = now as i64 - before as i64;
        if n > 0 { format!("+{}", signed(n)) } else { signed(n) }
    };
    let pressure = match (q.pression, k.pression) {
        (Some(before), Some(now)) => format!(
            " ; la pression passe de {} à {} demandes pour 1 attribution",
            decimal(before, 2),
            decimal(now, 2)
        ),
        _ => String::new(),
    };
    format!(
        "Par rapport au 31/12/{} : {} demandes actives, {} attributions{pressure}.",
        p.annee,
        change(k.demandes_actives, q.demandes_actives),
        change(k.attributions, q.attributions)
    )
}

fn share(part: u64, whole: u64) -> f64 {
    if whole == 0 { 0.0 } else { part as f64 / whole as f64 }
}

fn profiles(b: &Bilan) -> Vec<Block> {
    let none = |_: &str| None;
    let p = &b.profils;
    let k = &b.chiffres_cles;
    let mut rows = vec![("Ensemble des demandeurs", &p.ensemble)];
    if let Some(low) = &p.bas_revenus {
        rows.push(("Bas revenus (1er quartile)", low));
    }
    rows.push(("Déjà logés dans le parc social (mutation)", &p.mutation));
    let text = |dimension: &str, v: &Option<String>| {
        v.as_deref().map_or_else(|| "n.d.".to_owned(), |c| label(dimension, c, &none))
    };
    let table = Table {
        headers: [
            "profil",
            "demandes actives",
            "attributions",
            "demandes pour 1 attribution",
            "âge le plus fréquent",
            "composition la plus fréquente",
            "situation la plus fréquente",
        ]
        .map(String::from)
        .to_vec(),
        rows: rows
            .iter()
            .map(|(name, q)| {
                vec![
                    (*name).to_owned(),
                    int(q.demandes),
                    int(q.attributions),
                    ratio(q.pression),
                    text("age", &q.age),
                    text("composition", &q.composition),
                    text("situation_logement", &q.situation_logement),
                ]
            })
            .collect(),
        numeric: vec![false, true, true, true, false, false, false],
    };
    let mut blocks =
        vec![Block::Subheading("Les grands profils de demandeurs".into()), Block::Table(table)];
    let key = match &p.bas_revenus {
        Some(low) => format!(
            "les ménages à bas revenus (1er quartile) représentent {} des demandes actives et {} des attributions ; il faut compter {} demandes pour 1 attribution, contre {} pour l'ensemble des demandeurs.",
            percent(share(low.demandes, k.demandes_actives), 0),
            percent(share(low.attributions, p.ensemble.attributions), 0),
            ratio(low.pression),
            ratio(p.ensemble.pression)
        ),
        None => format!(
            "les demandes de mutation représentent {} des demandes actives et {} des attributions.",
            percent(share(p.mutation.demandes, k.demandes_actives), 0),
            percent(share(p.mutation.attributions, p.ensemble.attributions), 0)
        ),
    };
    blocks.push(Block::ReadingKey(key));
    let mut pairs = Vec::new();
    let total = (k.demandes_actives, p.ensemble.attributions);
    let mut push = |name: &str, demandes: u64, attributions: u64| {
        let values = [share(demandes, total.0) * 100.0, share(attributions, total.1) * 100.0];
        let texts = values.map(|v| format!("{} %", decimal(v, 0)));
        pairs.push(Pair { label: name.to_owned(), values, texts });
    };
    if let Some(low) = &p.bas_revenus {
        push("Bas revenus (1er quartile)", low.demandes, low.attributions);
    }
    push("Mutation", p.mutation.demandes, p.mutation.attributions);
    for (dimension, name) in
        [("priorite", "Ménages prioritaires"), ("sans_logement_propre", "Sans logement propre")]
    {
        if let Some(yes) =
            b.segments.get(dimension).and_then(|s| s.iter().find(|s| s.modalite == "oui"))
        {
            push(name, yes.demandes, yes.attributions);
        }
    }
    let description =
        "Pour chaque profil, part des demandes actives et part des attributions de l'année.";
    blocks.push(Block::Chart(Chart {
        title: "Part des profils dans les demandes et dans les attributions".into(),
        description: description.into(),
        svg: chart::paired_bars(
            &pairs,
            ["demandes actives", "attributions"],
            "part du total (%)",
            "",
            description,
        ),
    }));
    blocks
}

/// Segments as shown: communes beyond the first ones (by demand) summed on one line.
fn shown(dimension: &str, segments: &[Segment]) -> Vec<Segment> {
    if dimension != "commune" || segments.len() <= COMMUNES_SHOWN + 1 {
        return segments.to_vec();
    }
    let mut by_demand = segments.to_vec();
    by_demand.sort_by(|a, b| b.demandes.cmp(&a.demandes).then(a.modalite.cmp(&b.modalite)));
    let rest = by_demand.split_off(COMMUNES_SHOWN);
    let (demandes, attributions) =
        rest.iter().fold((0, 0), |(d, a), s| (d + s.demandes, a + s.attributions));
    by_demand.push(Segment::of(
        format!("autres communes ({})", int(rest.len() as u64)),
        demandes,
        attributions,
    ));
    by_demand
}

/// The segment whose pressure is farthest from `average`.
fn farthest<'a>(
    list: impl Iterator<Item = (&'a Segment, f64)>,
    average: f64,
) -> Option<(&'a Segment, f64)> {
    list.max_by(|(_, x), (_, y)| (x - average).abs().total_cmp(&(y - average).abs()))
}

fn reading_key(b: &Bilan, dimension: &str, segments: &[Segment], communes: CommuneNames) -> String {
    let Some(average) = b.chiffres_cles.pression else {
        return format!(
            "aucune attribution n'est enregistrée en {} : la pression ne peut pas être calculée.",
            b.annee
        );
    };
    // The modality farthest from the average among those holding at least 5 % of the demand
    // (a commune with one application says little).
    let total: u64 = segments.iter().map(|s| s.demandes).sum();
    let weighty = |s: &Segment| s.demandes * 20 >= total;
    let candidates = || {
        segments
            .iter()
            .filter_map(|s| s.pression.map(|p| (s, p)))
            .filter(|(s, _)| !s.modalite.starts_with("autres communes"))
    };
    let farthest = farthest(candidates().filter(|(s, _)| weighty(s)), average)
        .or_else(|| farthest(candidates(), average));
    let Some((s, p)) = farthest else {
        return format!(
            "aucun segment n'a d'attribution en {} : la pression ne peut pas être calculée.",
            b.annee
        );
    };
    let comparison = if p > average {
        "ce qui est plus que la moyenne"
    } else if p < average {
        "ce qui est moindre que la moyenne"
    } else {
        "autant que la moyenne"
    };
    format!(
        "pour {}, il faut compter {} demande{} pour 1 attribution, {comparison} ({}).",
        phrase(dimension, &s.modalite, communes),
        decimal(p, 2),
        if p > 1.0 { "s" } else { "" },
        decimal(average, 2)
    )
}

fn dimension_blocks(
    b: &Bilan,
    dimension: &str,
    title: &str,
    segments: &[Segment],
    communes: CommuneNames,
) -> Vec<Block> {
    if segments.is_empty() {
        return vec![
            Block::Subheading(title.to_owned()),
            paragraph(format!("Aucune demande active ni attribution en {}.", b.annee)),
        ];
    }
    let rows = shown(dimension, segments);
    let name = |s: &Segment| {
        if s.modalite.starts_with("autres communes") {
            s.modalite.clone()
        } else {
            label(dimension, &s.modalite, communes)
        }
    };
    let bars: Vec<Bar> = rows
        .iter()
        .map(|s| Bar {
            label: name(s),
            value: s.pression,
            text: ratio(s.pression),
            mark: None,
            colour: if s.modalite.starts_with("autres") { GREY } else { BLUE },
        })
        .collect();
    let description = format!("{title} : demandes actives pour 1 attribution, par modalité.");
    let table = Table {
        headers: [
            "modalité",
            "demandes actives",
            "attributions",
            "demandes pour 1 attribution",
            "délai médian d'attribution",
        ]
        .map(String::from)
        .to_vec(),
        rows: rows
            .iter()
            .map(|s| {
                vec![
                    name(s),
                    int(s.demandes),
                    int(s.attributions),
                    ratio(s.pression),
                    months(s.delai_median_attribution_mois),
                ]
            })
            .collect(),
        numeric: vec![false, true, true, true, true],
    };
    let average = b.chiffres_cles.pression.map(|p| (format!("moyenne : {}", decimal(p, 2)), p));
    vec![
        Block::Subheading(title.to_owned()),
        Block::Chart(Chart {
            title: "Demandes actives pour 1 attribution".into(),
            svg: chart::bars(
                &bars,
                "demandes actives pour 1 attribution",
                "",
                average.as_ref().map(|(l, p)| (l.as_str(), *p)),
                &description,
            ),
            description,
        }),
        Block::Table(table),
        Block::ReadingKey(reading_key(b, dimension, segments, communes)),
    ]
}

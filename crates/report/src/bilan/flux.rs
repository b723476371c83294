//! « La gestion en flux des droits de réservation »: what « gestion en flux » means, in plain
//! French, then the year's lettings, those set aside and the net flow, each holder's
//! entitlement against what it received from every landlord together, and the share of the net
//! flow that went to priority households — worded from the bilan's `flux` section, as blocks of
//! the report and as two sheets.

use crate::document::{Block, Table, paragraph};
use crate::{Cell, Sheet};
use logis_domain::french::{decimal, int, percent, plural};
use logis_evaluation::Bilan;
use logis_evaluation::flux::{Flux, FluxReservataire, MERGED_NAME};

/// What « gestion en flux » is, for a reader who never heard of it.
const EXPLAINED: &str = "Depuis le décret du 20 février 2020, un réservataire (l'État, Action Logement, une commune, le département…) n'a plus de logements désignés à l'avance (« gestion en stock ») : il a droit à une part des logements que chaque bailleur loue dans l'année. C'est la « gestion en flux ». Une convention fixe, pour chaque bailleur et chaque année, la part de son flux qui revient à chaque réservataire ; le bailleur garde le reste (sa part propre). Les relogements du renouvellement urbain (ANRU) et les mutations d'un locataire chez son propre bailleur sont mis de côté : ils ne comptent pas dans le flux.";

/// The holder's name as the report shows it.
fn name(line: &FluxReservataire) -> String {
    let named = line.reservataire_nom.clone().unwrap_or_else(|| line.reservataire.clone());
    if line.part_propre && line.reservataire_nom.as_deref() != Some(MERGED_NAME) {
        format!("{named} (part propre du bailleur)")
    } else {
        named
    }
}

/// A gap with its sign: `+0,7`, `−1,4`, `0,0`.
fn gap(value: f64) -> String {
    let sign = if value > 0.0 { "+" } else { "" };
    format!("{sign}{}", decimal(value, 1))
}

/// « 3 logements ».
fn dwellings(n: u64) -> String {
    format!("{} logement{}", int(n), plural(n))
}

/// The blocks of the subsection, under their subheading.
pub fn blocks(year: i32, f: &Flux) -> Vec<Block> {
    let mut blocks = vec![
        Block::Subheading("La gestion en flux des droits de réservation".into()),
        paragraph(EXPLAINED),
    ];
    if f.conventions == 0 && f.loues == 0 {
        blocks.push(paragraph(format!(
            "Aucune convention de réservation en flux et aucune attribution ne sont enregistrées pour {year}."
        )));
        return blocks;
    }
    let set_aside = &f.mis_de_cote;
    blocks.push(paragraph(format!(
        "En {year}, les bailleurs ont loué {} ; {} relogement{} ANRU et {} mutation{} interne{} ont été mis de côté : le flux net est de {}.",
        dwellings(f.loues),
        int(set_aside.relogement_anru),
        plural(set_aside.relogement_anru),
        int(set_aside.mutation_interne),
        plural(set_aside.mutation_interne),
        plural(set_aside.mutation_interne),
        dwellings(f.flux_net),
    )));
    if f.conventions == 0 {
        blocks.push(Block::Note(format!(
            "Aucune convention de réservation en flux n'est enregistrée pour {year} : chaque bailleur garde tout son flux, et les logements reçus par un réservataire dépassent son droit, nul."
        )));
    }
    blocks.push(priority(year, f));
    if !f.reservataires.is_empty() {
        blocks.push(Block::Table(Table {
            headers: ["réservataire", "droit (logements)", "reçus", "écart"]
                .map(String::from)
                .to_vec(),
            rows: f
                .reservataires
                .iter()
                .map(|l| vec![name(l), decimal(l.droit, 1), int(l.recus), gap(l.ecart)])
                .collect(),
            numeric: vec![false, true, true, true],
        }));
        blocks.push(Block::Note(
            "Le droit d'un réservataire est la somme de ses droits chez chaque bailleur (part de la convention × flux net du bailleur, arrondie au dixième) ; l'écart est ce qu'il a reçu moins ce droit : négatif, des logements lui sont dus.".into(),
        ));
    }
    if let Some(most) = f
        .reservataires
        .iter()
        .filter(|l| l.reservataire_nom.as_deref() != Some(MERGED_NAME))
        .max_by(|a, b| a.droit.total_cmp(&b.droit))
    {
        blocks.push(Block::ReadingKey(format!(
            "en {year}, le réservataire « {} » avait droit à {} logements du flux des bailleurs et en a reçu {} : un écart de {}.",
            name(most),
            decimal(most.droit, 1),
            int(most.recus),
            gap(most.ecart),
        )));
    }
    blocks
}

/// The share of the net flow that went to priority households.
fn priority(year: i32, f: &Flux) -> Block {
    let p = &f.prioritaires;
    match (p.menages, p.part) {
        (Some(n), Some(part)) => paragraph(format!(
            "Sur les {} du flux net de {year}, {} ({}) {} allé{} à des ménages prioritaires (reconnus DALO ou relevant d'un critère de priorité, comme pour l'objectif « Attributions aux ménages prioritaires »).",
            dwellings(f.flux_net),
            int(n),
            percent(part, 1),
            if n > 1 { "sont" } else { "est" },
            plural(n),
        )),
        (None, _) => paragraph(
            "La part du flux net allée à des ménages prioritaires n'est pas publiée : elle compterait trop peu de ménages pour respecter le secret statistique.",
        ),
        (Some(_), None) => paragraph(format!(
            "Aucun logement du flux net en {year} : la part allée à des ménages prioritaires ne peut pas être calculée."
        )),
    }
}

/// The section's two sheets: the holders, and the territory's figures.
pub fn sheets(b: &Bilan) -> Vec<Sheet> {
    let Some(f) = &b.flux else { return Vec::new() };
    let mut holders = Sheet::new(
        "Flux par réservataire",
        &["réservataire", "part propre d'un bailleur", "droit (logements)", "reçus", "écart"],
    )
    .titled(format!(
        "Gestion en flux {} : droit et logements reçus de l'ensemble des bailleurs, par réservataire",
        b.annee
    ));
    for l in &f.reservataires {
        holders.push(vec![
            l.reservataire_nom.clone().unwrap_or_else(|| l.reservataire.clone()).into(),
            if l.part_propre { "oui" } else { "non" }.into(),
            Cell::Decimal(l.droit, 1),
            Cell::Int(l.recus as i64),
            Cell::Decimal(l.ecart, 1),
        ]);
    }
    let mut totals = Sheet::new("Flux, ensemble des bailleurs", &["indicateur", "valeur"])
        .titled(format!("Gestion en flux {} : ensemble des bailleurs", b.annee));
    let count = |n: u64| Cell::Int(n as i64);
    for (label, value) in [
        ("Lignes de conventions de l'année", count(f.conventions)),
        ("Logements loués", count(f.loues)),
        ("Mis de côté : relogements ANRU", count(f.mis_de_cote.relogement_anru)),
        ("Mis de côté : mutations internes", count(f.mis_de_cote.mutation_interne)),
        ("Flux net", count(f.flux_net)),
        (
            "Flux net attribué à des ménages prioritaires",
            f.prioritaires.menages.map_or(Cell::Empty, count),
        ),
        ("Part du flux net", f.prioritaires.part.map_or(Cell::Empty, Cell::Percent)),
    ] {
        totals.push(vec![label.into(), value]);
    }
    vec![holders, totals]
}

#[cfg(test)]
mod tests {
    use super::*;
    use logis_evaluation::flux::{FluxPrioritaires, SetAsideCounts};

    fn holder(id: &str, nom: &str, own: bool, droit: f64, recus: u64) -> FluxReservataire {
        FluxReservataire {
            reservataire: id.to_owned(),
            reservataire_nom: Some(nom.to_owned()),
            part_propre: own,
            droit,
            recus,
            ecart: recus as f64 - droit,
        }
    }

    fn text(blocks: &[Block]) -> String {
        let mut all = String::new();
        for b in blocks {
            match b {
                Block::Paragraph(spans) => spans.iter().for_each(|s| all.push_str(s.text())),
                Block::Note(t) | Block::ReadingKey(t) | Block::Subheading(t) => all.push_str(t),
                Block::Table(t) => t.rows.iter().flatten().for_each(|c| all.push_str(c)),
                _ => {}
            }
            all.push('\n');
        }
        all
    }

    fn section() -> Flux {
        Flux {
            conventions: 4,
            loues: 10,
            mis_de_cote: SetAsideCounts { relogement_anru: 1, mutation_interne: 1 },
            flux_net: 8,
            reservataires: vec![
                holder("etat", "État", false, 2.2, 3),
                holder("tgh", "Tarn-et-Garonne Habitat", true, 5.8, 5),
            ],
            prioritaires: FluxPrioritaires { menages: Some(3), part: Some(0.375) },
        }
    }

    #[test]
    fn the_section_explains_the_flow_and_names_the_holders() {
        let said = text(&blocks(2025, &section()));
        assert!(said.contains("C'est la « gestion en flux »"), "{said}");
        assert!(said.contains("les bailleurs ont loué 10 logements ; 1 relogement ANRU et 1 mutation interne ont été mis de côté : le flux net est de 8 logements."), "{said}");
        assert!(said.contains("Sur les 8 logements du flux net de 2025, 3 (37,5\u{202f}%) sont allés à des ménages prioritaires"), "{said}");
        assert!(
            said.contains("Tarn-et-Garonne Habitat (part propre du bailleur)5,85\u{2212}0,8"),
            "{said}"
        );
        assert!(said.contains("État2,23+0,8"), "{said}");
        assert!(said.contains("le réservataire « Tarn-et-Garonne Habitat (part propre du bailleur) » avait droit à 5,8 logements du flux des bailleurs et en a reçu 5 : un écart de \u{2212}0,8."), "{said}");
        assert!(!said.contains("Aucune convention"));
    }

    #[test]
    fn an_empty_year_and_a_hidden_share_are_said() {
        let empty = Flux {
            conventions: 0,
            loues: 0,
            mis_de_cote: SetAsideCounts::default(),
            flux_net: 0,
            reservataires: Vec::new(),
            prioritaires: FluxPrioritaires { menages: Some(0), part: None },
        };
        let said = text(&blocks(2030, &empty));
        assert!(said.contains("Aucune convention de réservation en flux et aucune attribution ne sont enregistrées pour 2030."), "{said}");
        let hidden =
            Flux { prioritaires: FluxPrioritaires { menages: None, part: None }, ..section() };
        assert!(text(&blocks(2025, &hidden)).contains("n'est pas publiée"));
    }
}

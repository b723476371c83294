//! The 28-February bilan as a document a landlord sends as it is: its lettings of the year,
//! those set aside, the net flow, each holder's share, entitlement, dwellings received and gap,
//! what each received by typology, financing, QPV, commune and construction period, and the
//! forecast of lettings set aside next year. Several landlords: a summary, then one part each.

use super::Names;
use super::labels::{Dimension, definitions, set_aside};
use super::words::{capitalised, dwellings, gap, gap_meaning, share, tenths};
use crate::document::{Block, Document, KeyFigure, Section, Table, paragraph};
use logis_domain::french::{int, of};
use logis_flux::bilan::{FluxBilan, HolderLine};

const FOOTER: &str = "Bilan annuel des réservations en flux (décret n° 2020-145 du 20 février 2020) · établi avec Logis à partir des attributions enregistrées";

/// The bilan of `year` of each landlord of `bilans`: one landlord, a document it sends as it
/// is; several (the EPCI's), a summary then one part per landlord.
pub fn bilan_document(year: i32, bilans: &[FluxBilan], names: &Names) -> Document {
    let title = format!("Bilan {year} de la gestion en flux");
    let deadline = format!("à adresser avant le 28 février {}", year + 1);
    if let [one] = bilans {
        let name = names.organisme(&one.bailleur);
        let mut section = landlord_section(one, names);
        section.title = format!("Logements loués en {year} et droits des réservataires");
        section.blocks.push(Block::Subheading("Définitions et sigles".to_owned()));
        section.blocks.push(definitions());
        return Document {
            title,
            subtitle: format!("{name} — réservataires et intercommunalité, {deadline}"),
            running_head: format!("{name} · Bilan {year} de la gestion en flux"),
            footer: FOOTER.to_owned(),
            sections: vec![section],
        };
    }
    let mut sections = vec![summary(year, bilans, names)];
    sections.extend(bilans.iter().map(|b| landlord_section(b, names)));
    if !bilans.is_empty() {
        sections.push(Section {
            title: "Définitions et sigles".to_owned(),
            blocks: vec![definitions()],
        });
    }
    Document {
        title,
        subtitle: format!("Tous les bailleurs du territoire — {deadline}"),
        running_head: format!("Bilan {year} de la gestion en flux · tous les bailleurs"),
        footer: FOOTER.to_owned(),
        sections,
    }
}

/// The EPCI's first page: one line per landlord.
fn summary(year: i32, bilans: &[FluxBilan], names: &Names) -> Section {
    if bilans.is_empty() {
        return Section {
            title: "Synthèse des bailleurs".to_owned(),
            blocks: vec![Block::Note("Aucun bailleur n'est enregistré dans Logis.".to_owned())],
        };
    }
    let owed = |b: &FluxBilan| -> f64 { holders(b).map(|l| (-l.ecart).max(0.0)).sum() };
    let mut rows: Vec<Vec<String>> = bilans
        .iter()
        .map(|b| {
            let set_aside = b.mis_de_cote.relogement_anru + b.mis_de_cote.mutation_interne;
            let forecast =
                b.prevision_mis_de_cote.relogement_anru + b.prevision_mis_de_cote.mutation_interne;
            vec![
                names.organisme(&b.bailleur),
                int(b.loues),
                int(set_aside),
                int(b.flux_net),
                tenths(owed(b)),
                int(forecast),
            ]
        })
        .collect();
    let sum = |f: &dyn Fn(&FluxBilan) -> u64| int(bilans.iter().map(f).sum());
    rows.push(vec![
        "Total".to_owned(),
        sum(&|b| b.loues),
        sum(&|b| b.mis_de_cote.relogement_anru + b.mis_de_cote.mutation_interne),
        sum(&|b| b.flux_net),
        tenths(bilans.iter().map(owed).sum()),
        sum(&|b| {
            b.prevision_mis_de_cote.relogement_anru + b.prevision_mis_de_cote.mutation_interne
        }),
    ]);
    Section {
        title: "Synthèse des bailleurs".to_owned(),
        blocks: vec![
            paragraph(format!(
                "Pour chaque bailleur : les logements loués en {year} (baux signés), ceux mis de côté, le flux net partagé entre les réservataires, les logements qui restent dus aux réservataires (somme de leurs écarts négatifs) et la prévision des logements mis de côté en {}. Le détail de chaque bailleur suit, une partie par bailleur.",
                year + 1
            )),
            Block::Table(Table {
                headers: [
                    "Bailleur",
                    "Loués",
                    "Mis de côté",
                    "Flux net",
                    "Dus aux réservataires",
                    &format!("Mis de côté prévus en {}", year + 1),
                ]
                .map(str::to_owned)
                .to_vec(),
                rows,
                numeric: vec![false, true, true, true, true, true],
            }),
        ],
    }
}

/// The lines of the holders, the landlord's own left out.
fn holders(b: &FluxBilan) -> impl Iterator<Item = &HolderLine> {
    b.reservataires.iter().filter(move |l| l.reservataire != b.bailleur)
}

/// A line's name: the holder's, or the landlord's marked as such.
fn line_name(b: &FluxBilan, line: &HolderLine, names: &Names) -> String {
    let name = names.organisme(&line.reservataire);
    if line.reservataire == b.bailleur { format!("{name} (bailleur)") } else { name }
}

/// One landlord's part, titled with its name.
fn landlord_section(b: &FluxBilan, names: &Names) -> Section {
    let name = names.organisme(&b.bailleur);
    let year = b.annee;
    let set_aside_total = b.mis_de_cote.relogement_anru + b.mis_de_cote.mutation_interne;
    let opening = if b.loues == 0 {
        format!("En {year}, {name} n'a signé aucun bail : le flux net de l'année est nul.")
    } else {
        let set_aside = match set_aside_total {
            0 => "aucun n'est mis de côté".to_owned(),
            1 => "1 logement en est mis de côté".to_owned(),
            n => format!("{} en sont mis de côté", dwellings(n)),
        };
        format!(
            "En {year}, {name} a signé {} ; {set_aside}. Le flux net de l'année, partagé entre les réservataires selon leurs conventions, est de {}.",
            if b.loues == 1 { "1 bail".to_owned() } else { format!("{} baux", int(b.loues)) },
            dwellings(b.flux_net),
        )
    };
    let mut blocks = vec![
        paragraph(opening),
        Block::Figures(vec![
            KeyFigure { value: int(b.loues), label: format!("logements loués en {year}") },
            KeyFigure { value: int(set_aside_total), label: "mis de côté".to_owned() },
            KeyFigure { value: int(b.flux_net), label: "flux net".to_owned() },
        ]),
        Block::Subheading("Logements mis de côté".to_owned()),
        Block::Table(Table {
            headers: vec!["Motif".to_owned(), "Logements".to_owned()],
            rows: set_aside(&b.mis_de_cote)
                .iter()
                .map(|(reason, n)| vec![capitalised(reason), int(*n)])
                .collect(),
            numeric: vec![false, true],
        }),
        Block::Subheading("Droits et logements reçus par réservataire".to_owned()),
    ];
    blocks.extend(rights(b, names));
    blocks.extend(received(b, names));
    blocks.push(Block::Subheading(format!("Prévision des logements mis de côté en {}", year + 1)));
    blocks.push(Block::Table(Table {
        headers: vec![
            "Motif".to_owned(),
            format!("Constatés en {year}"),
            format!("Prévus en {}", year + 1),
        ],
        rows: set_aside(&b.mis_de_cote)
            .iter()
            .zip(set_aside(&b.prevision_mis_de_cote))
            .map(|((reason, seen), (_, planned))| {
                vec![capitalised(reason), int(*seen), int(planned)]
            })
            .collect(),
        numeric: vec![false, true, true],
    }));
    blocks.push(paragraph(format!(
        "Ces logements ne feront pas partie du flux de {} partagé entre les réservataires.",
        year + 1
    )));
    Section { title: name, blocks }
}

/// The table of entitlements, with its reading key.
fn rights(b: &FluxBilan, names: &Names) -> Vec<Block> {
    let mut rows: Vec<Vec<String>> = b
        .reservataires
        .iter()
        .map(|l| {
            vec![
                line_name(b, l, names),
                share(l.part),
                tenths(l.droit),
                int(l.recus),
                gap(l.ecart),
                gap_meaning(l.ecart),
            ]
        })
        .collect();
    rows.push(vec![
        "Total".to_owned(),
        share(b.reservataires.iter().map(|l| l.part).sum()),
        tenths(b.reservataires.iter().map(|l| l.droit).sum()),
        int(b.reservataires.iter().map(|l| l.recus).sum()),
        String::new(),
        String::new(),
    ]);
    let mut blocks = vec![Block::Table(Table {
        headers: ["Réservataire", "Part", "Droit (logements)", "Reçus", "Écart", "Situation"]
            .map(str::to_owned)
            .to_vec(),
        rows,
        numeric: vec![false, true, true, true, true, false],
    })];
    if let Some(l) = holders(b).next() {
        let holder = names.organisme(&l.reservataire);
        blocks.push(Block::ReadingKey(format!(
            "la part {} est de {} du flux net de {}, soit un droit de {} ; {holder} en a reçu {} : l'écart est de {} ({}).",
            of(&holder),
            share(l.part),
            dwellings(b.flux_net),
            tenths(l.droit),
            int(l.recus),
            gap(l.ecart),
            gap_meaning(l.ecart)
        )));
    }
    if holders(b).any(|l| l.part == 0.0 && l.droit > 0.0) {
        blocks.push(Block::Note(
            "Une part de 0 % avec un droit vient de conventions limitées à certaines communes : le droit y est calculé sur le flux net de ces communes."
                .to_owned(),
        ));
    }
    blocks
}

/// What each line received, one table per dimension (lines as columns).
fn received(b: &FluxBilan, names: &Names) -> Vec<Block> {
    if b.flux_net == 0 {
        return vec![paragraph(format!("Aucun logement du flux n'a été reçu en {}.", b.annee))];
    }
    let mut headers = vec![String::new()];
    headers.extend(b.reservataires.iter().map(|l| line_name(b, l, names)));
    headers.push("Total".to_owned());
    let mut blocks = Vec::new();
    for dimension in Dimension::ALL {
        let counts: Vec<Vec<(String, u64)>> =
            b.reservataires.iter().map(|l| dimension.counts(&l.par)).collect();
        let codes = dimension.codes(b.reservataires.iter().map(|l| &l.par), names);
        let rows = codes
            .iter()
            .map(|code| {
                let of_line = |c: &Vec<(String, u64)>| {
                    c.iter().find(|(k, _)| k == code).map_or(0, |(_, n)| *n)
                };
                let mut row = vec![dimension.label(code, names)];
                row.extend(counts.iter().map(|c| int(of_line(c))));
                row.push(int(counts.iter().map(of_line).sum()));
                row
            })
            .collect();
        let mut headers = headers.clone();
        headers[0] = capitalised(dimension.title());
        blocks.push(Block::Subheading(format!("Logements reçus par {}", dimension.title())));
        blocks.push(Block::Table(Table {
            numeric: (0..headers.len()).map(|i| i > 0).collect(),
            headers,
            rows,
        }));
    }
    blocks
}

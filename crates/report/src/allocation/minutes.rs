//! The procès-verbal of a commission session: who sat, and for each dwelling the candidates
//! presented in score order with the decision on each and its reasons.

use super::SessionRecord;
use crate::document::{Block, Document, Section, Table, paragraph};

/// The minutes of `session`.
pub fn minutes(session: &SessionRecord) -> Document {
    let mut opening = vec![
        paragraph(format!(
            "Séance du {} tenue par {}{}.",
            session.date,
            session.landlord,
            if session.place.is_empty() { String::new() } else { format!(" à {}", session.place) }
        )),
        Block::Subheading("Membres présents".to_owned()),
        Block::List(
            session.members.iter().map(|m| vec![crate::document::Span::Text(m.clone())]).collect(),
        ),
    ];
    if !session.mayor.is_empty() {
        opening.push(paragraph(format!(
            "Maire de la commune (ou son représentant), voix prépondérante en cas d'égalité : {}.",
            session.mayor
        )));
    }
    opening.push(paragraph(format!(
        "{} logement(s) examiné(s). La cotation est une aide à la décision : la commission reste souveraine, et tout écart à l'ordre de la cotation est motivé ci-dessous.",
        session.dwellings.len()
    )));
    // One section: the minutes read as one document, each dwelling under its subheading.
    let mut blocks = opening;
    for dwelling in &session.dwellings {
        blocks.push(Block::Subheading(dwelling.title.clone()));
        blocks.push(paragraph(dwelling.description.clone()));
        if let Some(exception) = &dwelling.exception {
            blocks.push(Block::Note(format!("Moins de trois candidats présentés : {exception}.")));
        }
        let rows = dwelling
            .decisions
            .iter()
            .map(|d| {
                vec![
                    d.position_score.to_string(),
                    d.numero.clone(),
                    d.nom.clone(),
                    d.score.map(|s| s.to_string()).unwrap_or_else(|| "—".to_owned()),
                    d.decision.clone(),
                    d.reasons.join(" ; "),
                ]
            })
            .collect();
        blocks.push(Block::Table(Table {
            headers: ["Position", "Demande", "Titulaire", "Score", "Décision", "Motifs"]
                .map(str::to_owned)
                .to_vec(),
            rows,
            numeric: vec![true, false, false, true, false, false],
        }));
    }
    blocks.push(Block::Subheading("Signatures".to_owned()));
    blocks.push(paragraph("Le président de la commission :"));
    blocks.push(paragraph("Le secrétaire de séance :"));
    let sections = vec![Section { title: "Composition et décisions".to_owned(), blocks }];
    Document {
        title: format!("Procès-verbal — {}", session.title),
        subtitle: format!("{} · {}", session.landlord, session.territory),
        running_head: format!("Procès-verbal · {}", session.title),
        footer:
            "Document nominatif : à conserver et à diffuser aux seuls membres de la commission."
                .to_owned(),
        sections,
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::super::{DecisionRecord, DwellingRecord, Outcome};
    use super::*;

    pub(crate) fn session() -> SessionRecord {
        SessionRecord {
            title: "Commission d'attribution du 10/03/2026".to_owned(),
            territory: "CC Terres des Confluences".to_owned(),
            landlord: "Tarn-et-Garonne Habitat".to_owned(),
            date: "10/03/2026".to_owned(),
            place: "Castelsarrasin".to_owned(),
            members: vec![
                "Présidente — Mme A".to_owned(),
                "Représentant du préfet — M. B".to_owned(),
            ],
            mayor: "M. C, maire de Moissac".to_owned(),
            printed_on: "12/03/2026".to_owned(),
            landlord_contact: Some(
                "Service des attributions, 2 rue de la Paix, 82000 Montauban — 05 63 00 00 00"
                    .to_owned(),
            ),
            dwellings: vec![DwellingRecord {
                title: "Logement L1 — T3, Moissac".to_owned(),
                description: "Loyer 410 €, charges 60 €, PLUS, orienté vers l'État".to_owned(),
                exception: None,
                decisions: vec![
                    DecisionRecord {
                        numero: "082012600001".to_owned(),
                        nom: "Dupont".to_owned(),
                        position_score: 1,
                        score: Some(42),
                        decision: "attribution, rang 2".to_owned(),
                        reasons: vec![],
                        outcome: Outcome::AllocatedInRank(2),
                    },
                    DecisionRecord {
                        numero: "082012600002".to_owned(),
                        nom: "Martin".to_owned(),
                        position_score: 2,
                        score: Some(40),
                        decision: "attribution".to_owned(),
                        reasons: vec!["écart à la cotation : rapprochement du travail".to_owned()],
                        outcome: Outcome::Allocated,
                    },
                ],
            }],
        }
    }

    #[test]
    fn the_minutes_list_every_candidate_with_the_decision_and_its_reasons() {
        let doc = minutes(&session());
        assert_eq!(doc.sections.len(), 1, "one flowing document");
        let table = doc.sections[0]
            .blocks
            .iter()
            .find_map(|b| if let Block::Table(t) = b { Some(t) } else { None })
            .expect("the dwelling's table");
        assert_eq!(table.rows[1][4], "attribution");
        assert_eq!(table.rows[1][5], "écart à la cotation : rapprochement du travail");
        let pdf = crate::pdf::to_pdf(&doc).expect("typeset");
        assert!(pdf.starts_with(b"%PDF-"));
    }
}

//! The letters of a commission session: each applicant examined is told the decision about
//! them, their rank when they may get the dwelling, the reasons, and what comes next — one
//! letter per section, and so per page (every section of a PDF starts a page).

use super::{DecisionRecord, SessionRecord};
use crate::document::{Block, Document, Section, paragraph};

/// Where a letter goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Addressee {
    pub nom: String,
    pub adresse: String,
}

/// The letters of `session`; `addressee` gives each applicant's name and address by numéro.
pub fn letters(session: &SessionRecord, addressee: &dyn Fn(&str) -> Addressee) -> Document {
    let mut sections = Vec::new();
    for dwelling in &session.dwellings {
        for decision in &dwelling.decisions {
            let to = addressee(&decision.numero);
            let mut blocks = vec![
                paragraph(format!("{}\n{}", to.nom, to.adresse)),
                paragraph(format!("Demande de logement social n° {}", decision.numero)),
                paragraph(format!(
                    "Madame, Monsieur,\n\nLa commission d'attribution {} s'est réunie le {} et a examiné votre demande pour le logement suivant : {} ({}).",
                    logis_domain::french::of(&session.landlord),
                    session.date,
                    dwelling.title,
                    dwelling.description
                )),
                paragraph(format!("Décision de la commission : {}.", decision.decision)),
            ];
            blocks.extend(explanation(decision));
            if !decision.reasons.is_empty() {
                blocks.push(Block::Subheading("Motifs".to_owned()));
                blocks.push(Block::List(
                    decision
                        .reasons
                        .iter()
                        .map(|r| vec![crate::document::Span::Text(r.clone())])
                        .collect(),
                ));
            }
            blocks.push(paragraph(format!(
                "Votre demande avait un score de cotation de {} et se plaçait en position {} parmi les candidats présentés. La cotation éclaire la commission, qui reste souveraine.",
                decision.score.map(|s| s.to_string()).unwrap_or_else(|| "—".to_owned()),
                decision.position_score
            )));
            blocks.push(paragraph(
                "Vous pouvez demander des précisions sur cette décision au bailleur ou au service logement de l'intercommunalité.",
            ));
            sections.push(Section {
                title: format!("Décision de la commission du {}", session.date),
                blocks,
            });
        }
    }
    Document {
        title: format!("Courriers — {}", session.title),
        subtitle: format!("{} · {}", session.landlord, session.territory),
        running_head: format!("Courriers · {}", session.title),
        footer: "Document nominatif.".to_owned(),
        sections,
    }
}

/// What the decision means for the applicant.
fn explanation(decision: &DecisionRecord) -> Vec<Block> {
    if decision.allocates {
        vec![paragraph(
            "Le logement vous sera proposé à votre rang : si un candidat classé avant vous le refuse, il vous sera proposé. Vous disposerez d'un délai pour accepter ou refuser la proposition ; un refus doit être motivé.",
        )]
    } else {
        vec![paragraph(
            "Votre demande reste active pour les autres logements qui lui conviennent (sauf rejet pour irrecevabilité : elle sera alors radiée un mois après cette notification).",
        )]
    }
}

#[cfg(test)]
mod tests {
    use super::super::minutes::tests::session;
    use super::*;

    #[test]
    fn one_letter_per_decision_each_in_its_section() {
        let doc = letters(&session(), &|numero| Addressee {
            nom: format!("Titulaire {numero}"),
            adresse: "1 rue du Pont, 82200 Moissac".to_owned(),
        });
        assert_eq!(doc.sections.len(), 2, "one letter per decision");
        assert!(format!("{:?}", doc.sections[0].blocks).contains("Titulaire 082012600001"));
        let text = format!("{:?}", doc.sections[1].blocks);
        assert!(text.contains("Décision de la commission : attribution."));
        assert!(text.contains("rapprochement du travail"));
        let pdf = crate::pdf::to_pdf(&doc).expect("typeset");
        assert!(pdf.starts_with(b"%PDF-"));
    }
}

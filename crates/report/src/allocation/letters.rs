//! The letters of a commission session: each applicant examined is told the decision about
//! them, what it means at their rank, the reasons, how to contest it and whom to ask — one
//! letter per section, and so per page (every section of a PDF starts a page).

use super::{Outcome, SessionRecord};
use crate::document::{Block, Document, Section, Span, paragraph};
use logis_domain::french::{Gender, of, ordinal, plural};

/// Where a letter goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Addressee {
    pub nom: String,
    pub adresse: String,
}

/// How an applicant contests a decision (Code des relations entre le public et
/// l'administration, L411-2 ; Code de justice administrative, R421-1 ; CCH L441-2-3).
const RECOURSE: &str = "Voies et délais de recours : vous pouvez contester cette décision dans les deux mois qui suivent sa réception, par un recours gracieux adressé à la commission d'attribution du bailleur, ou par un recours contentieux devant le tribunal administratif. Si vous êtes reconnu prioritaire ou si votre demande attend depuis un délai anormalement long, vous pouvez aussi saisir la commission de médiation (droit au logement opposable) de votre département.";

/// The letters of `session`; `addressee` gives each applicant's name and address by numéro.
pub fn letters(session: &SessionRecord, addressee: &dyn Fn(&str) -> Addressee) -> Document {
    let mut sections = Vec::new();
    for dwelling in &session.dwellings {
        for decision in &dwelling.decisions {
            let to = addressee(&decision.numero);
            let mut blocks = vec![
                paragraph(format!("{}\n{}", to.nom, to.adresse)),
                paragraph(format!(
                    "Le {}\nDemande de logement social n° {}",
                    session.printed_on, decision.numero
                )),
                paragraph(format!(
                    "Madame, Monsieur,\n\nLa commission d'attribution {} s'est réunie le {} et a examiné votre demande pour le logement suivant : {} ({}).",
                    of(&session.landlord),
                    session.date,
                    dwelling.title,
                    dwelling.description
                )),
                paragraph(format!("Décision de la commission : {}.", decision.decision)),
                paragraph(explanation(decision.outcome)),
            ];
            if !decision.reasons.is_empty() {
                blocks.push(Block::Subheading("Motifs".to_owned()));
                blocks.push(Block::List(
                    decision.reasons.iter().map(|r| vec![Span::Text(r.clone())]).collect(),
                ));
            }
            blocks.push(paragraph(format!(
                "Votre demande avait un score de cotation de {} et se plaçait en position {} parmi les candidats présentés. La cotation éclaire la commission, qui reste souveraine.",
                decision.score.map(|s| s.to_string()).unwrap_or_else(|| "—".to_owned()),
                decision.position_score
            )));
            blocks.push(paragraph(RECOURSE));
            blocks.push(paragraph(contact(session)));
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

/// What the decision means for the applicant, at their rank.
fn explanation(outcome: Outcome) -> String {
    const ANSWER: &str = "Vous disposerez d'un délai d'au moins dix jours pour accepter ou refuser la proposition ; un refus doit être motivé.";
    match outcome {
        Outcome::Allocated => format!(
            "Le logement vous est attribué : le bailleur va vous le proposer par écrit. {ANSWER}"
        ),
        Outcome::AllocatedInRank(rank) if rank > 1 => {
            let before = rank - 1;
            format!(
                "Le logement vous est attribué en {} rang : il vous sera proposé si {} classé{} avant vous le refuse{}. {ANSWER}",
                ordinal(rank as u64, Gender::Masculine),
                if before == 1 { "le candidat".to_owned() } else { format!("les {before} candidats") },
                plural(before as u64),
                if before == 1 { "" } else { "nt" },
            )
        }
        Outcome::AllocatedInRank(_) => explanation(Outcome::Allocated),
        Outcome::UnderCondition(_) => format!(
            "Le logement vous est attribué sous condition : il vous sera proposé dès que la pièce manquante indiquée ci-dessous sera fournie dans le délai donné. {ANSWER}"
        ),
        Outcome::NotAllocated => "Votre demande reste active pour les autres logements qui lui conviennent.".to_owned(),
        Outcome::Inadmissible => "Votre demande ne remplit pas les conditions d'accès au logement social : elle sera radiée un mois après la réception de ce courrier.".to_owned(),
    }
}

/// Whom the applicant asks about the decision.
fn contact(session: &SessionRecord) -> String {
    match &session.landlord_contact {
        Some(contact) => {
            format!("Pour toute question sur cette décision : {}, {contact}.", session.landlord)
        }
        None => format!(
            "Pour toute question sur cette décision, adressez-vous au service des attributions {} ou au service logement de l'intercommunalité.",
            of(&session.landlord)
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::super::minutes::tests::session;
    use super::*;

    fn text_of(doc: &Document, n: usize) -> String {
        format!("{:?}", doc.sections[n].blocks)
    }

    #[test]
    fn one_letter_per_decision_each_in_its_section() {
        let doc = letters(&session(), &|numero| Addressee {
            nom: format!("Titulaire {numero}"),
            adresse: "1 rue du Pont, 82200 Moissac".to_owned(),
        });
        assert_eq!(doc.sections.len(), 2, "one letter per decision");
        assert!(text_of(&doc, 0).contains("Titulaire 082012600001"));
        let text = text_of(&doc, 1);
        assert!(text.contains("Décision de la commission : attribution."));
        assert!(text.contains("rapprochement du travail"));
        let pdf = crate::pdf::to_pdf(&doc).expect("typeset");
        assert!(pdf.starts_with(b"%PDF-"));
    }

    #[test]
    fn each_letter_says_what_its_rank_means_its_date_its_recourse_and_whom_to_ask() {
        let doc = letters(&session(), &|_| Addressee { nom: "X".into(), adresse: "Y".into() });
        let (second, first) = (text_of(&doc, 0), text_of(&doc, 1));
        assert!(!first.contains("classé avant vous"), "the first in rank waits for nobody");
        assert!(first.contains("Le logement vous est attribué : le bailleur va vous le proposer"));
        assert!(second.contains(
            "en 2e rang : il vous sera proposé si le candidat classé avant vous le refuse"
        ));
        for text in [&first, &second] {
            assert!(text.contains("Le 12/03/2026"), "dated");
            assert!(text.contains("deux mois") && text.contains("tribunal administratif"));
            assert!(text.contains("05 63 00 00 00"), "the landlord's contact");
        }
        assert!(
            explanation(Outcome::AllocatedInRank(3))
                .contains("si les 2 candidats classés avant vous le refusent")
        );
        let mut without = session();
        without.landlord_contact = None;
        assert!(
            contact(&without).contains("au service des attributions de Tarn-et-Garonne Habitat")
        );
    }
}

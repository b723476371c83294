//! Priority labels: a partner says a household is priority on a criterion (CCH L441-1, or DALO)
//! with the evidence seen. A landlord's, a reservation holder's or the EPCI's label is
//! recognised at once, a verified criterion of the application (its score and the bilan
//! follow); a social worker's is a proposal a partner may confirm. A recognised criterion may be
//! withdrawn, with its reason.

use crate::{CaseworkError, Worker, invalid, reach};
use logis_domain::work::{EventNature, LabelCriterion, LabelStatus};
use logis_domain::{NumeroUnique, french};
use logis_store::Store;
use logis_store::dossiers::labels::{self, PriorityLabel};
use logis_store::dossiers::notes::{self, Event};

/// The longest evidence (or reason) kept, in characters.
pub const MAX_EVIDENCE: usize = 1000;
/// The shortest, in characters: a word or two say what was seen.
const MIN_EVIDENCE: usize = 5;

/// A label as asked for: a criterion's code and the evidence seen.
#[derive(Debug, Clone, Copy)]
pub struct AskedLabel<'a> {
    pub critere: &'a str,
    pub justificatif: &'a str,
}

/// The criterion and the evidence of `asked`, or what is wrong with them, in French.
pub fn check(asked: AskedLabel<'_>) -> Result<(LabelCriterion, String), Vec<String>> {
    let mut errors = Vec::new();
    let criterion = LabelCriterion::from_code(asked.critere);
    if criterion.is_none() {
        errors.push("Choisissez le critère de priorité qui s'applique au ménage.".to_owned());
    }
    let evidence = asked.justificatif.trim();
    if evidence.chars().count() < MIN_EVIDENCE {
        errors.push("Indiquez le justificatif vu (document, décision, rapport social) : c'est ce que les partenaires liront.".to_owned());
    } else if evidence.chars().count() > MAX_EVIDENCE {
        errors.push(format!("Le justificatif dépasse {MAX_EVIDENCE} caractères : résumez-le."));
    }
    match criterion {
        Some(criterion) if errors.is_empty() => Ok((criterion, evidence.to_owned())),
        _ => Err(errors),
    }
}

/// Records the label `asked` of `worker` on application `numero`: recognised when the
/// worker's role labels priority, proposed when it only proposes; with its event in the
/// timeline (a confirmation names the proposal it confirms) and its line in the audit log. A
/// recognised label changes the application's score: the caller has it recomputed.
pub async fn record(
    store: &dyn Store,
    worker: &Worker<'_>,
    numero: &str,
    asked: AskedLabel<'_>,
) -> Result<PriorityLabel, CaseworkError> {
    let permissions = worker.permissions();
    if !permissions.label_priority && !permissions.propose_priority {
        return Err(CaseworkError::Forbidden);
    }
    let application = reach::reached(store, worker, numero).await?;
    let (critere, justificatif) = check(asked).map_err(CaseworkError::Invalid)?;
    let recognised = permissions.label_priority;
    let label = PriorityLabel {
        numero_unique: application.numero_unique.clone(),
        critere,
        statut: if recognised { LabelStatus::Recognised } else { LabelStatus::Proposed },
        justificatif,
        auteur: worker.login.to_owned(),
        organisme: worker.organisation(),
        moment: worker.at,
    };
    let earlier = labels::of_application(store, numero).await?;
    let proposal = labels::current(&earlier)
        .into_iter()
        .find(|l| l.critere == critere && l.statut == LabelStatus::Proposed)
        .map(|l| format!(" (proposée par {} le {})", l.auteur, french::moment(l.moment)));
    let verb = match (recognised, &proposal) {
        (true, Some(_)) => "Priorité confirmée",
        (true, None) => "Priorité reconnue",
        (false, _) => "Priorité proposée",
    };
    let detail = format!(
        "{verb} : {}{}",
        critere.label(),
        proposal.filter(|_| recognised).unwrap_or_default()
    );
    let mut statements = labels::record(&label);
    statements.push(notes::write_event(&event(worker, &application.numero_unique, detail)));
    store.execute(&statements).await?;
    worker.audit(store, format!("{numero} : étiquette de priorité")).await?;
    Ok(label)
}

/// Withdraws the recognised criterion `critere` of application `numero` for `reason`: off the
/// application, in its timeline and the audit log. The score changes: the caller has it
/// recomputed.
pub async fn withdraw(
    store: &dyn Store,
    worker: &Worker<'_>,
    numero: &str,
    critere: &str,
    reason: &str,
) -> Result<PriorityLabel, CaseworkError> {
    if !worker.permissions().label_priority {
        return Err(CaseworkError::Forbidden);
    }
    let application = reach::reached(store, worker, numero).await?;
    let reason = reason.trim();
    let length = reason.chars().count();
    if !(MIN_EVIDENCE..=MAX_EVIDENCE).contains(&length) {
        return Err(invalid(format!(
            "Indiquez pourquoi la priorité est retirée ({MIN_EVIDENCE} à {} caractères) : les partenaires le liront.",
            french::int(MAX_EVIDENCE as u64)
        )));
    }
    let now = labels::of_application(store, numero).await?;
    let recognised = labels::current(&now)
        .into_iter()
        .find(|l| l.critere.code() == critere && l.statut == LabelStatus::Recognised);
    let Some(recognised) = recognised else {
        return Err(invalid(
            "Ce critère n'est pas reconnu dans Logis pour cette demande : rien à retirer.",
        ));
    };
    let label = PriorityLabel {
        numero_unique: application.numero_unique.clone(),
        critere: recognised.critere,
        statut: LabelStatus::Withdrawn,
        justificatif: reason.to_owned(),
        auteur: worker.login.to_owned(),
        organisme: worker.organisation(),
        moment: worker.at,
    };
    let detail = format!("Priorité retirée : {} — {reason}", label.critere.label());
    let mut statements = labels::withdraw(&label);
    statements.push(notes::write_event(&event(worker, &application.numero_unique, detail)));
    store.execute(&statements).await?;
    worker.audit(store, format!("{numero} : priorité retirée")).await?;
    Ok(label)
}

/// The timeline's event of a label's change.
fn event(worker: &Worker<'_>, numero: &NumeroUnique, detail: String) -> Event {
    Event {
        numero_unique: numero.clone(),
        moment: worker.at,
        auteur: worker.login.to_owned(),
        nature: EventNature::Label,
        detail,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_label_needs_a_known_criterion_and_evidence_a_partner_can_read() {
        let asked = |critere, justificatif| AskedLabel { critere, justificatif };
        let ok = check(asked("dalo", " décision de la commission du 12/03/2026 "));
        assert_eq!(
            ok,
            Ok((LabelCriterion::Dalo, "décision de la commission du 12/03/2026".to_owned()))
        );
        let errors = check(asked("inconnu", "vu")).unwrap_err();
        assert_eq!(errors.len(), 2, "{errors:?}");
        assert!(errors[0].contains("critère"));
        let long = "x".repeat(MAX_EVIDENCE + 1);
        assert!(check(asked("handicap", &long)).unwrap_err()[0].contains("résumez"));
    }
}

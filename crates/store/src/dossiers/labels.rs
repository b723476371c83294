//! Priority labels: a partner says a household is priority on a criterion of CCH L441-1, with
//! evidence. A social worker's label is `proposee`; a landlord's, a reservation holder's or the
//! EPCI's is `reconnue`: a verified criterion, added to the application's
//! `criteres_prioritaires` (or its `dalo`) with the evidence of priority among its verified
//! documents, so that the cotation counts its points as verified and the bilan counts the
//! household as priority (its projections are rebuilt before their next use). A recognised
//! criterion withdrawn (`retiree`, the reason as its text) is taken off the application again.
//! Every partner sees who, when and on what.

use crate::record::{self, StoredRecord};
use crate::statement::{Statement, text};
use crate::{Result, Store};
use logis_domain::work::{LabelCriterion, LabelStatus};
use logis_domain::{NumeroUnique, OrganismeId};

crate::stored_record! {
    /// One label (`etiquettes_prioritaires`).
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct PriorityLabel in "etiquettes_prioritaires" {
        pub numero_unique: NumeroUnique,
        pub critere: LabelCriterion,
        /// Withdrawn: the recognised criterion taken off again (`justificatif` is the reason).
        pub statut: LabelStatus,
        /// The evidence seen (a document, a decision, a report), in the author's words.
        pub justificatif: String,
        pub auteur: String,
        pub organisme: Option<OrganismeId>,
        pub moment: i64,
    }
}

/// The statements that record `label`: the label, and for a recognised one the verified
/// criterion (once), the evidence of priority among the verified documents (once), and the
/// bilan's projections marked for a rebuild.
pub fn record(label: &PriorityLabel) -> Vec<Statement> {
    let mut statements = vec![record::insert(label, &[], None)];
    if label.statut != LabelStatus::Recognised {
        return statements;
    }
    let numero = &label.numero_unique;
    let evidence = logis_domain::Piece::CriteresPrioritaires.code();
    statements.push(appended("pieces_verifiees", numero.as_str(), evidence));
    statements.push(match label.critere {
        LabelCriterion::Dalo => Statement::new(
            "UPDATE demandes SET dalo = TRUE WHERE numero_unique = $1",
            vec![text(numero)],
        ),
        LabelCriterion::Priority(c) => appended("criteres_prioritaires", numero.as_str(), c.code()),
    });
    statements.push(Statement::new(crate::bilan::projection::MARK_STALE, vec![]));
    statements
}

/// The statements that withdraw the recognised criterion of `label` (status withdrawn, the
/// reason as its text): the label, the criterion (or DALO) taken off the application, the
/// bilan's projections marked for a rebuild.
pub fn withdraw(label: &PriorityLabel) -> Vec<Statement> {
    let mut statements = record(&PriorityLabel { statut: LabelStatus::Withdrawn, ..label.clone() });
    let numero = &label.numero_unique;
    statements.push(match label.critere {
        LabelCriterion::Dalo => Statement::new(
            "UPDATE demandes SET dalo = FALSE WHERE numero_unique = $1",
            vec![text(numero)],
        ),
        LabelCriterion::Priority(c) => Statement::new(
            "UPDATE demandes SET criteres_prioritaires = CASE
    WHEN criteres_prioritaires = $2 THEN ''
    ELSE SUBSTR(REPLACE('|' || criteres_prioritaires || '|', '|' || $2 || '|', '|'), 2,
        LENGTH(REPLACE('|' || criteres_prioritaires || '|', '|' || $2 || '|', '|')) - 2) END
WHERE numero_unique = $1 AND '|' || criteres_prioritaires || '|' LIKE '%|' || $2 || '|%'",
            vec![text(numero), text(c.code())],
        ),
    });
    statements.push(Statement::new(crate::bilan::projection::MARK_STALE, vec![]));
    statements
}

/// Where each criterion of `labels` (oldest first) stands: its latest label.
pub fn current(labels: &[PriorityLabel]) -> Vec<&PriorityLabel> {
    let mut latest: Vec<&PriorityLabel> = Vec::new();
    for label in labels {
        match latest.iter_mut().find(|l| l.critere == label.critere) {
            Some(slot) => *slot = label,
            None => latest.push(label),
        }
    }
    latest
}

/// The statement that adds `code` to the list `column` of application `numero`, unless there.
pub(crate) fn appended(column: &str, numero: &str, code: &str) -> Statement {
    Statement::new(
        format!(
            "UPDATE demandes SET {column} = CASE
    WHEN {column} = '' THEN $2
    ELSE {column} || '|' || $2 END
WHERE numero_unique = $1 AND '|' || {column} || '|' NOT LIKE '%|' || $2 || '|%'"
        ),
        vec![text(numero), text(code)],
    )
}

/// The labels of application `numero`, oldest first.
pub async fn of_application(store: &dyn Store, numero: &str) -> Result<Vec<PriorityLabel>> {
    let columns = record::select_list::<PriorityLabel>();
    let sql = format!(
        "SELECT {columns} FROM etiquettes_prioritaires WHERE numero_unique = $1 ORDER BY moment, ligne"
    );
    let rows = store.fetch(&sql, &[text(numero)], PriorityLabel::TYPES).await?;
    rows.into_iter().map(PriorityLabel::read).collect()
}

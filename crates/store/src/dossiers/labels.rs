//! Priority labels: a partner says a household is priority on a criterion of CCH L441-1, with
//! evidence. A social worker's label is `proposee`; a landlord's, a reservation holder's or the
//! EPCI's is `reconnue`: a verified criterion, added to the application's
//! `criteres_prioritaires` (or its `dalo`) with the evidence of priority among its verified
//! documents, so that the cotation counts its points as verified and the bilan counts the
//! household as priority (its projections are rebuilt before their next use). A recognised
//! criterion withdrawn (`retiree`, the reason as its text) is taken off the application again.
//! Every partner sees who, when and on what.

use crate::statement::{Statement, Values, int, optional_text, text};
use crate::tables::ColumnType::{Int, Text};
use crate::{Result, Store};

/// The status of a label.
pub const PROPOSED: &str = "proposee";
pub const RECOGNISED: &str = "reconnue";
/// A recognised criterion withdrawn (its `justificatif` is then the reason).
pub const WITHDRAWN: &str = "retiree";

/// One label (`etiquettes_prioritaires`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PriorityLabel {
    pub numero_unique: String,
    /// A code of `criteres_prioritaires`, or `dalo`.
    pub critere: String,
    /// [`PROPOSED`] or [`RECOGNISED`].
    pub statut: String,
    /// The evidence seen (a document, a decision, a report), in the author's words.
    pub justificatif: String,
    pub auteur: String,
    pub organisme: Option<String>,
    pub moment: i64,
}

/// The statements that record `label`: the label, and for a recognised one the verified
/// criterion (once), the evidence of priority among the verified documents (once), and the
/// bilan's projections marked for a rebuild.
pub fn record(label: &PriorityLabel) -> Vec<Statement> {
    let mut statements = vec![Statement::new(
        "INSERT INTO etiquettes_prioritaires
    (numero_unique, critere, statut, justificatif, auteur, organisme, moment)
VALUES ($1, $2, $3, $4, $5, $6, $7)",
        vec![
            text(&label.numero_unique),
            text(&label.critere),
            text(&label.statut),
            text(&label.justificatif),
            text(&label.auteur),
            optional_text(label.organisme.as_deref()),
            int(label.moment),
        ],
    )];
    if label.statut != RECOGNISED {
        return statements;
    }
    let numero = &label.numero_unique;
    let evidence = logis_domain::Piece::CriteresPrioritaires.code();
    statements.push(appended("pieces_verifiees", numero, evidence));
    statements.push(if label.critere == "dalo" {
        Statement::new(
            "UPDATE demandes SET dalo = TRUE WHERE numero_unique = $1",
            vec![text(numero)],
        )
    } else {
        appended("criteres_prioritaires", numero, &label.critere)
    });
    statements.push(Statement::new(crate::bilan::projection::MARK_STALE, vec![]));
    statements
}

/// The statements that withdraw the recognised criterion of `label` (status [`WITHDRAWN`], the
/// reason as its text): the label, the criterion (or DALO) taken off the application, the
/// bilan's projections marked for a rebuild.
pub fn withdraw(label: &PriorityLabel) -> Vec<Statement> {
    let mut statements = record(&PriorityLabel { statut: WITHDRAWN.to_owned(), ..label.clone() });
    let numero = &label.numero_unique;
    statements.push(if label.critere == "dalo" {
        Statement::new(
            "UPDATE demandes SET dalo = FALSE WHERE numero_unique = $1",
            vec![text(numero)],
        )
    } else {
        Statement::new(
            "UPDATE demandes SET criteres_prioritaires = CASE
    WHEN criteres_prioritaires = $2 THEN ''
    ELSE SUBSTR(REPLACE('|' || criteres_prioritaires || '|', '|' || $2 || '|', '|'), 2,
        LENGTH(REPLACE('|' || criteres_prioritaires || '|', '|' || $2 || '|', '|')) - 2) END
WHERE numero_unique = $1 AND '|' || criteres_prioritaires || '|' LIKE '%|' || $2 || '|%'",
            vec![text(numero), text(&label.critere)],
        )
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
fn appended(column: &str, numero: &str, code: &str) -> Statement {
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
    let rows = store
        .fetch(
            "SELECT numero_unique, critere, statut, justificatif, auteur, organisme, moment
FROM etiquettes_prioritaires WHERE numero_unique = $1 ORDER BY moment, ligne",
            &[text(numero)],
            &[Text, Text, Text, Text, Text, Text, Int],
        )
        .await?;
    rows.into_iter()
        .map(|row| {
            let mut v = Values::of(row);
            Ok(PriorityLabel {
                numero_unique: v.text()?,
                critere: v.text()?,
                statut: v.text()?,
                justificatif: v.text()?,
                auteur: v.text()?,
                organisme: v.optional_text()?,
                moment: v.int()?,
            })
        })
        .collect()
}

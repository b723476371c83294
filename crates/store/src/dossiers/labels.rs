//! Priority labels: a partner says a household is priority on a criterion of CCH L441-1, with
//! evidence. A social worker's label is `proposee`; a landlord's, a reservation holder's or the
//! EPCI's is `reconnue`, and adds the criterion to the application's `criteres_prioritaires`
//! so that the cotation and the bilan count it. Every partner sees who, when and on what.

use crate::statement::{Statement, Values, int, optional_text, text};
use crate::tables::ColumnType::{Int, Text};
use crate::{Result, Store};

/// The status of a label.
pub const PROPOSED: &str = "proposee";
pub const RECOGNISED: &str = "reconnue";

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

/// The statements that record `label`: the label, and for a recognised criterion its addition
/// to the application's list (once).
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
    if label.statut == RECOGNISED && label.critere != "dalo" {
        statements.push(Statement::new(
            "UPDATE demandes SET criteres_prioritaires = CASE
    WHEN criteres_prioritaires = '' THEN $2
    ELSE criteres_prioritaires || '|' || $2 END
WHERE numero_unique = $1 AND '|' || criteres_prioritaires || '|' NOT LIKE '%|' || $2 || '|%'",
            vec![text(&label.numero_unique), text(&label.critere)],
        ));
    }
    statements
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

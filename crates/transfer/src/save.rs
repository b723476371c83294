//! A form's save: the rows of one application (with its household) or of one dwelling, given
//! as the files of format v1 they would make and read as a file set held in memory, checked by
//! exactly the import's rules (values, keys, household, references against the set and the
//! store), then written by [`logis_store::saves::save_with`] in one ordinary transaction —
//! with the statements of the same step, such as the application's event —, without the
//! import's locks on whole tables. A refusal comes back as the import's report.

use crate::batches;
use crate::import::{key_kind, read_and_check};
use crate::progress::Silent;
use logis_exchange::validate::RefKind;
use logis_exchange::{FileKind, FileSet, Limits, Report};
use logis_store::{Row, Statement, Store, StoreError, Table};

/// The most rows one save writes: a form makes an application with its household (a dozen
/// rows) or one dwelling; a larger set is an import's work.
pub const MOST_ROWS: usize = 200;

/// What a save did.
#[derive(Debug)]
pub enum Saved {
    /// Every row was valid and is written.
    Written,
    /// Something is wrong: nothing is written; the report says what, row by row.
    Refused(Report),
}

/// A failure of the saving machinery itself (not of the data).
#[derive(Debug, thiserror::Error)]
pub enum SaveError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("tâche interrompue : {0}")]
    Task(String),
}

/// Checks the files `files` (each the bytes of one file of format v1, header included) as the
/// import would, with the readers' `limits`, and writes their rows when all are valid, with
/// `steps` in the same transaction (nothing of them when the rows are refused).
pub async fn save(
    store: &dyn Store,
    files: Vec<(FileKind, Vec<u8>)>,
    limits: Limits,
    steps: Vec<Statement>,
) -> Result<Saved, SaveError> {
    let (outbox, mut inbox) = batches::channel();
    let reader = tokio::task::spawn_blocking(move || {
        let set = FileSet::in_memory(files, limits);
        read_and_check(&set, Report::default(), &outbox, &Silent, None).0
    });
    let mut rows: Vec<(Table, Vec<Row>)> = Vec::new();
    while let Some(batch) = inbox.recv().await {
        rows.push(batch);
    }
    let mut validation = reader.await.map_err(|e| SaveError::Task(e.to_string()))?;
    let written: usize = rows.iter().map(|(_, batch)| batch.len()).sum();
    if written > MOST_ROWS {
        validation.report.error(logis_exchange::Issue::file(
            "formulaire",
            format!(
                "{written} lignes : une saisie en enregistre au plus {MOST_ROWS} ; passez par l'import"
            ),
        ));
    }
    for kind in [RefKind::Demande, RefKind::Organisme, RefKind::Logement] {
        let keys = validation.pending_keys(kind);
        if !keys.is_empty() {
            let known = logis_store::saves::known_keys(store, key_kind(kind), &keys).await?;
            validation.resolve(kind, &known);
        }
    }
    if validation.report.has_errors() {
        return Ok(Saved::Refused(validation.report));
    }
    logis_store::saves::save_with(store, rows, steps, &[]).await?;
    Ok(Saved::Written)
}

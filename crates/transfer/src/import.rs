//! Importing a file set: all or nothing.
//!
//! Pass 1 reads every file and checks every row, keeping only keys in memory; references the
//! set does not resolve are asked of the store. If anything is wrong, nothing is written and
//! the report lists every faulty row. Pass 2 reads the files again and streams their rows into
//! one store transaction (a reader thread parses while the store writes), committed at the end:
//! a killed import leaves the database as it was.

use crate::progress::{Phase, Progress};
use logis_domain::{Attribution, Demande, Logement, Organisme, Seuils};
use logis_exchange::validate::RefKind;
use logis_exchange::{FileKind, FileSet, MembreRow, Record, Report, read_records, validate};
use logis_store::codec::Stored;
use logis_store::{KeyKind, Row, Store, StoreError, Table};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tokio::sync::mpsc;

/// Rows sent to the store at a time.
const BATCH_ROWS: usize = 20_000;

/// What an import did.
#[derive(Debug)]
pub struct ImportOutcome {
    pub report: Report,
    /// Whether the file set was written (false when the report has errors).
    pub written: bool,
    /// Valid rows per file.
    pub rows: BTreeMap<FileKind, u64>,
}

/// A failure of the import machinery itself (not of the data).
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("tâche interrompue : {0}")]
    Task(String),
}

fn key_kind(kind: RefKind) -> KeyKind {
    match kind {
        RefKind::Demande => KeyKind::Demande,
        RefKind::Organisme => KeyKind::Organisme,
        RefKind::Logement => KeyKind::Logement,
    }
}

fn table(kind: FileKind) -> Table {
    match kind {
        FileKind::Organismes => Table::Organismes,
        FileKind::Seuils => Table::Seuils,
        FileKind::Demandes => Table::Demandes,
        FileKind::Membres => Table::Membres,
        FileKind::Logements => Table::Logements,
        FileKind::Attributions => Table::Attributions,
    }
}

/// Imports the file set at `path` (a folder or a .zip) into `store`.
pub async fn import(
    store: &dyn Store,
    path: &Path,
    progress: Arc<dyn Progress>,
) -> Result<ImportOutcome, ImportError> {
    let path: PathBuf = path.to_owned();
    let checker = progress.clone();
    let (set, mut validation) = tokio::task::spawn_blocking(move || {
        let mut report = Report::default();
        let set = FileSet::open(&path, &mut report);
        let validation = set.as_ref().map(|set| {
            let mut v = validate(set, &|file, rows| checker.rows(Phase::Verification, file, rows));
            v.report.errors.splice(0..0, report.errors.drain(..));
            v.report.warnings.splice(0..0, report.warnings.drain(..));
            v
        });
        (
            set,
            validation
                .unwrap_or_else(|| logis_exchange::Validation { report, ..Default::default() }),
        )
    })
    .await
    .map_err(|e| ImportError::Task(e.to_string()))?;

    for kind in [RefKind::Demande, RefKind::Organisme, RefKind::Logement] {
        let keys = validation.pending_keys(kind);
        if keys.is_empty() {
            continue;
        }
        let known: HashSet<String> = store.known_keys(key_kind(kind), &keys).await?;
        let known = HashMap::from([(kind, known)]);
        validation.resolve(|k, key| k != kind || known[&kind].contains(key));
    }
    let rows = validation.rows.clone();
    let Some(set) = set.filter(|_| !validation.report.has_errors()) else {
        return Ok(ImportOutcome { report: validation.report, written: false, rows });
    };
    write(store, set, progress).await?;
    Ok(ImportOutcome { report: validation.report, written: true, rows })
}

/// Pass 2: a blocking thread parses the files again and sends batches of rows; this task writes
/// them in one transaction.
async fn write(
    store: &dyn Store,
    set: FileSet,
    progress: Arc<dyn Progress>,
) -> Result<(), ImportError> {
    let mut tx = store.begin_import().await?;
    let (sender, mut receiver) = mpsc::channel::<(Table, Vec<Row>)>(4);
    let reader_progress = progress.clone();
    let reader = tokio::task::spawn_blocking(move || {
        let mut report = Report::default();
        for entry in set.entries() {
            let p = &*reader_progress;
            let ok = match entry.kind {
                FileKind::Organismes => {
                    send(&set, entry, &mut report, &sender, p, |o: Organisme| o.to_row())
                }
                FileKind::Seuils => {
                    send(&set, entry, &mut report, &sender, p, |s: Seuils| s.to_row())
                }
                FileKind::Demandes => {
                    send(&set, entry, &mut report, &sender, p, |d: Demande| d.to_row())
                }
                FileKind::Membres => send(&set, entry, &mut report, &sender, p, |m: MembreRow| {
                    (m.numero_unique, m.membre).to_row()
                }),
                FileKind::Logements => {
                    send(&set, entry, &mut report, &sender, p, |l: Logement| l.to_row())
                }
                FileKind::Attributions => {
                    send(&set, entry, &mut report, &sender, p, |a: Attribution| a.to_row())
                }
            };
            if !ok || report.has_errors() {
                return Err(report);
            }
        }
        Ok(())
    });
    while let Some((table, rows)) = receiver.recv().await {
        tx.write(table, rows).await?;
    }
    match reader.await {
        Ok(Ok(())) => {}
        Ok(Err(report)) => {
            let first = report.errors.first().map(ToString::to_string).unwrap_or_default();
            return Err(ImportError::Store(StoreError::Aborted(format!(
                "les fichiers ont changé pendant l'import ({first}) : rien n'a été écrit"
            ))));
        }
        Err(e) => return Err(ImportError::Task(e.to_string())),
    }
    progress.step(Phase::Finalisation);
    tx.commit().await?;
    Ok(())
}

/// Reads one file and sends its rows, converted by `to_row`, in batches.
fn send<T: Record>(
    set: &FileSet,
    entry: &logis_exchange::Entry,
    report: &mut Report,
    sender: &mpsc::Sender<(Table, Vec<Row>)>,
    progress: &dyn Progress,
    to_row: fn(T) -> Row,
) -> bool {
    let table = table(entry.kind);
    let mut batch: Vec<Row> = Vec::with_capacity(BATCH_ROWS);
    let mut rows = 0u64;
    let mut open = true;
    let read = read_records::<T>(set, entry, report, |_, record, _| {
        batch.push(to_row(record));
        rows += 1;
        if batch.len() == BATCH_ROWS {
            open &= sender.blocking_send((table, std::mem::take(&mut batch))).is_ok();
            progress.rows(Phase::Ecriture, entry.kind, rows);
        }
    });
    if !batch.is_empty() {
        open &= sender.blocking_send((table, batch)).is_ok();
    }
    progress.rows(Phase::Ecriture, entry.kind, rows);
    read && open
}

//! Importing a file set: all or nothing, in one reading of the files.
//!
//! A reader thread parses and checks every row (values, keys, households, references inside the
//! set) while this task writes the valid rows into one store transaction. Once every file has
//! been read, the references the set does not resolve are asked of the store; if anything at
//! all is wrong, the transaction is dropped — nothing is written — and the report lists every
//! faulty row. Otherwise it is committed: a killed import leaves the database as it was.
//! Into tables that hold rows already, only the rows that differ from the stored ones are given
//! to the store, told apart by their digests ([`crate::compared`]): a weekly re-import writes
//! what changed without the database comparing millions of rows one by one.

use crate::batches::{self, BATCH_ROWS, Outbox};
use crate::compared::Compared;
use crate::derived::Derived;
use crate::follow_up::ReadAhead;
use crate::last_files::{self, LastFiles};
use crate::progress::{Phase, Progress};
use crate::timing::{PhaseTime, Stopwatch};
use logis_cotation::stored::Gathering;
use logis_domain::{Attribution, Convention, Demande, Logement, Organisme, Seuils};
use logis_exchange::validate::RefKind;
use logis_exchange::{
    Checked, Entry, FileKind, FileSet, Fingerprint, Limits, MembreRow, Report, Stamp, Validation,
    Validator, check_file,
};
use logis_store::codec::{Stored, demande_row, folded_names, name_keys};
use logis_store::{ImportTx, KeyKind, Row, Store, StoreError, Table};
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

/// What an import did.
#[derive(Debug)]
pub struct ImportOutcome {
    pub report: Report,
    /// Whether the file set was written (false when the report has errors).
    pub written: bool,
    /// Valid rows per file.
    pub rows: BTreeMap<FileKind, u64>,
    /// Rows new or changed per file, of those written (a row that came back as it was stored
    /// is not written again; members count by household: all the rows of a household that
    /// changed). Empty when nothing was written.
    pub changed: BTreeMap<FileKind, u64>,
    /// How long each phase took, and its peak memory.
    pub phases: Vec<PhaseTime>,
    /// What an import found as it read the applications, for what follows it, when its files
    /// brought the whole register (empty otherwise: the follow-up reads the store).
    pub read_ahead: ReadAhead,
    /// When the register import whose files these very files are was made (`05/12/2026 à
    /// 14:03`): they were not read again ([`crate::last_files`]).
    pub already_imported: Option<String>,
}

impl ImportOutcome {
    /// Whether the import was written but every row came back as it was stored.
    pub fn changed_nothing(&self) -> bool {
        self.written && self.changed.values().all(|n| *n == 0)
    }

    /// What a written import changed, in French for its user: the rows new or changed per
    /// file, or that the database had them all already (`None` when nothing was written).
    pub fn changes_said(&self) -> Option<String> {
        if !self.written {
            return None;
        }
        if let Some(when) = &self.already_imported {
            return Some(format!(
                "Ces fichiers sont, octet pour octet, ceux de l'import du {when} : ils n'ont pas \
                 été relus et la base n'a pas changé. Ce qui a été modifié dans Logis depuis \
                 (fusions de doublons, radiations, saisies) reste tel quel ; pour remettre les \
                 valeurs des fichiers, importez-les en cochant « Tout relire » (en ligne de \
                 commande : logis import --tout-relire)."
            ));
        }
        let changed: Vec<String> = self
            .changed
            .iter()
            .filter(|(_, n)| **n > 0)
            .map(|(kind, n)| format!("{} : {}", kind.file_name(), logis_domain::french::int(*n)))
            .collect();
        Some(if changed.is_empty() {
            "Aucune ligne nouvelle ou modifiée : la base avait déjà toutes ces données.".to_owned()
        } else {
            format!("Lignes nouvelles ou modifiées — {}.", changed.join(" · "))
        })
    }

    /// An import that wrote nothing (errors found, or only checked).
    fn not_written(report: Report, rows: BTreeMap<FileKind, u64>, phases: Vec<PhaseTime>) -> Self {
        let read_ahead = ReadAhead::default();
        let changed = BTreeMap::new();
        ImportOutcome {
            report,
            written: false,
            rows,
            changed,
            phases,
            read_ahead,
            already_imported: None,
        }
    }

    /// A register import of the files of the last one, not read again: written as it was, its
    /// `rows` those kept with it, nothing changed.
    fn already_imported(
        report: Report,
        rows: BTreeMap<FileKind, u64>,
        phases: Vec<PhaseTime>,
        when: String,
    ) -> Self {
        let changed = rows.keys().map(|&kind| (kind, 0)).collect();
        let read_ahead = ReadAhead::default();
        let already_imported = Some(when);
        ImportOutcome { report, written: true, rows, changed, phases, read_ahead, already_imported }
    }
}

/// The failure of the import's reading thread, as its user reads it.
const READING_STOPPED: &str =
    "la lecture des fichiers s'est arrêtée avant la fin ; rien n'a été écrit, relancez l'import";

/// A failure of the import machinery itself (not of the data).
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("tâche interrompue : {0}")]
    Task(String),
}

/// What a panic said, when it said it with text.
fn panic_message(panic: &(dyn std::any::Any + Send)) -> String {
    match (panic.downcast_ref::<&str>(), panic.downcast_ref::<String>()) {
        (Some(said), _) => (*said).to_owned(),
        (_, Some(said)) => said.clone(),
        _ => "cause inconnue".to_owned(),
    }
}

pub(crate) fn key_kind(kind: RefKind) -> KeyKind {
    match kind {
        RefKind::Demande => KeyKind::Demande,
        RefKind::Organisme => KeyKind::Organisme,
        RefKind::Logement => KeyKind::Logement,
    }
}

/// The table that stores a file kind.
pub(crate) fn table_of(kind: FileKind) -> Table {
    match kind {
        FileKind::Organismes => Table::Organismes,
        FileKind::Seuils => Table::Seuils,
        FileKind::Demandes => Table::Demandes,
        FileKind::Membres => Table::Membres,
        FileKind::Logements => Table::Logements,
        FileKind::Attributions => Table::Attributions,
        FileKind::Conventions => Table::Conventions,
    }
}

/// Whether a valid file set is kept or only checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Mode {
    /// Commit the transaction when every row is valid.
    #[default]
    Write,
    /// Check everything, references to the database included, then write nothing.
    Check,
}

/// How an import runs: written or only checked, and what its readers accept (the
/// territory's settings: `logis_privacy`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ImportOptions {
    pub mode: Mode,
    pub limits: Limits,
    /// The moment an import of the register is dated with (shown beside what the
    /// applications hold); `None` for files that come from a form of the application (one
    /// application saved) or are only checked.
    pub register_at: Option<time::OffsetDateTime>,
    /// Read a register import's files even when they are those of the last one (by default
    /// they are recognised and not read again: [`crate::last_files`]).
    pub reread: bool,
}

/// The statement that dates the import of the register's applications at `now`.
fn register_imported(now: time::OffsetDateTime) -> logis_store::Statement {
    logis_store::settings::save(&logis_store::settings::StoredSetting {
        key: logis_store::settings::REGISTER_IMPORT.to_owned(),
        text: logis_domain::french::date(logis_domain::french::paris_date(now)),
        changed_at: now.unix_timestamp(),
        changed_by: "import du registre".to_owned(),
    })
}

/// Imports the file set at `path` (a folder or a .zip) into `store`, as the register's import
/// of `now`.
pub async fn import(
    store: &dyn Store,
    path: &Path,
    progress: Arc<dyn Progress>,
    now: time::OffsetDateTime,
) -> Result<ImportOutcome, ImportError> {
    let options = ImportOptions { register_at: Some(now), ..ImportOptions::default() };
    import_with(store, path, progress, options).await
}

/// Imports, or only checks, the file set at `path`.
pub async fn import_with(
    store: &dyn Store,
    path: &Path,
    progress: Arc<dyn Progress>,
    options: ImportOptions,
) -> Result<ImportOutcome, ImportError> {
    let (path, mode) = (path.to_owned(), options.mode);
    let mut watch = Stopwatch::start();
    let (set, report) = tokio::task::spawn_blocking(move || {
        let mut report = Report::default();
        (FileSet::open_with(&path, options.limits, &mut report), report)
    })
    .await
    .map_err(|e| ImportError::Task(e.to_string()))?;
    watch.lap("ouverture et repérage des fichiers");
    let Some(set) = set.filter(|_| !report.has_errors()) else {
        return Ok(ImportOutcome::not_written(report, BTreeMap::new(), watch.phases));
    };
    let set = Arc::new(set);
    // A register import's files are known by their content: the very files of the last one
    // are not read again. With no last import to compare them with (a first import, or
    // `reread`), they are fingerprinted while they are read, on the processor the reading
    // leaves (benchmarks.md, issue 21).
    let mut fingerprinting = match options.register_at {
        Some(_) if mode == Mode::Write => Some(fingerprint_in_background(set.clone())),
        _ => None,
    };
    let last = if fingerprinting.is_some() && !options.reread {
        LastFiles::stored(store).await?
    } else {
        None
    };
    let mut fingerprinted = None;
    if let Some(last) = last
        && let Some(running) = fingerprinting.take()
    {
        fingerprinted = running.await.map_err(|e| ImportError::Task(e.to_string()))?;
        if let Some((fingerprint, _)) = &fingerprinted
            && let Some(rows) = last.rows_if_same(fingerprint)
        {
            watch.lap("empreinte des fichiers : ceux du dernier import");
            return Ok(ImportOutcome::already_imported(report, rows, watch.phases, last.when));
        }
        watch.lap("empreinte des fichiers");
    }

    let mut tx = store.begin_import().await?;
    // What follows the import (the duplicates' search, the cotation) is derived as the
    // applications are read; a whole load of the applications and their members derives their
    // projection too, which replaces the stored one.
    let derive = mode == Mode::Write && set.entry(FileKind::Demandes).is_some();
    let projects = derive && tx.loads_whole(Table::Demandes) && tx.loads_whole(Table::Membres);
    if projects {
        tx.replace_all(Table::DemandesBilan).await?;
    }
    let (outbox, mut inbox) = batches::channel();
    let reader_progress = progress.clone();
    // With a grid in force on the register's date, the cotation that follows is gathered too.
    let gathering = match options.register_at {
        Some(at) if derive => {
            Gathering::if_scored(store, logis_domain::french::paris_date(at)).await
        }
        _ => None,
    };
    // When the import loads the thresholds and the allocations whole too, the cotation that
    // follows is computed from what was read: as soon as the files are read when the
    // applications and their members are loaded whole too (while the store writes their last
    // rows and commits), else while the store commits. On SQLite, its index builds take one
    // processor: the cotation keeps to one. A failed import or commit drops it.
    let scores_whole = tx.loads_whole(Table::Seuils) && tx.loads_whole(Table::Attributions);
    let scores_early = scores_whole && projects; // applications and members loaded whole
    // On a thread of its own, that gives way to the pages a server answers meanwhile (as do
    // the thread it starts to check the records and the store's writer).
    let (read, reader) = tokio::sync::oneshot::channel();
    let reading_set = set.clone();
    std::thread::Builder::new()
        .name("logis-import".into())
        .spawn(move || {
            logis_store::give_way::lower_this_thread();
            let derived = derive.then(|| Derived::new(gathering, projects));
            let reading = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                read_and_check(&reading_set, report, &outbox, &*reader_progress, derived)
            }));
            let reading = reading.map(|(validation, mut read_ahead)| {
                let early = scores_early && !validation.report.has_errors();
                let scoring = score_if(&mut read_ahead, early);
                (validation, read_ahead, scoring)
            });
            // A failure of the reading is told with its cause (the outbox, dropped by the
            // unwinding, has already stopped the writer).
            let _ = read.send(reading.map_err(|panic| panic_message(&*panic)));
        })
        .map_err(|e| ImportError::Task(format!("{READING_STOPPED} ({e})")))?;
    let mut write_error = None;
    let mut writing = std::time::Duration::ZERO;
    let mut compared = Compared::default();
    while let Some((table, mut rows)) = inbox.recv().await {
        let started = std::time::Instant::now();
        let whole = tx.loads_whole(table);
        let written = match compared.batches_for(store, table, whole, &mut rows).await {
            Ok(batches) => write_all(&mut *tx, batches, &mut rows).await,
            Err(e) => Err(e),
        };
        writing += started.elapsed();
        inbox.give_back(rows);
        if let Err(e) = written {
            write_error = Some(e);
            break;
        }
    }
    if write_error.is_none() {
        let started = std::time::Instant::now();
        let mut unchanged = Vec::new();
        let last = match compared.finish(store, &mut unchanged).await {
            Ok(last) => write_all(&mut *tx, last.into_iter().collect(), &mut unchanged).await,
            Err(e) => Err(e),
        };
        writing += started.elapsed();
        write_error = last.err();
    }
    drop(inbox);
    let whole_register = [Table::Demandes, Table::Membres]
        .into_iter()
        .all(|table| tx.loads_whole(table) || compared.met_every_stored_row(table));
    drop(compared); // the members' digests, when they came last
    let (mut validation, mut read_ahead, scoring) = reader
        .await
        .map_err(|_| ImportError::Task(READING_STOPPED.into()))?
        .map_err(|cause| ImportError::Task(format!("{READING_STOPPED} ({cause})")))?;
    if let Some(e) = write_error {
        return Err(e.into());
    }
    // What was derived from the files is the register's only if they brought every stored
    // application and household again (a partial file leaves others as they are stored).
    if !whole_register {
        read_ahead = ReadAhead::default();
    }
    watch.lap("lecture, contrôle et écriture des lignes");
    watch.part("  dont écriture des lignes (en même temps que la lecture)", writing);
    resolve_references(&mut *tx, &mut validation).await?;
    crate::conventions::check(store, &mut validation).await?;
    let rows = validation.rows.clone();
    if validation.report.has_errors() || mode == Mode::Check {
        watch.lap("références vérifiées dans la base");
        return Ok(ImportOutcome::not_written(validation.report, rows, watch.phases));
    }
    progress.step(Phase::Finalisation);
    watch.lap("références vérifiées dans la base");
    if let Some(at) = options.register_at
        && rows.get(&FileKind::Demandes).is_some_and(|n| *n > 0)
    {
        tx.execute(&[register_imported(at)]).await?;
    }
    if let Some(at) = options.register_at {
        // Kept only if no file changed since it was fingerprinted (else the next import reads
        // them all again).
        if let Some(running) = fingerprinting {
            fingerprinted = running.await.map_err(|e| ImportError::Task(e.to_string()))?;
        }
        let kept = match fingerprinted {
            Some((fingerprint, stamp)) if set.stamp().as_ref() == Some(&stamp) => {
                last_files::keep(&fingerprint, &rows, at)
            }
            _ => last_files::forget(),
        };
        tx.execute(&[kept]).await?;
    }
    let scoring = scoring.or_else(|| score_if(&mut read_ahead, scores_whole));
    let written = tx.commit().await?;
    watch.lap("index reconstruits et transaction validée");
    if let Some(scoring) = scoring {
        // A computation that stopped is made again by the follow-up, from the store.
        read_ahead.cotation = scoring.await.ok();
        if read_ahead.cotation.is_none() {
            tracing::warn!(
                "cotation calculée pendant la validation interrompue : elle relira la base"
            );
        }
        watch.lap("fin de la cotation calculée pendant la validation");
    }
    let changed = rows.keys().map(|&kind| (kind, written.rows(table_of(kind)))).collect();
    Ok(ImportOutcome {
        report: validation.report,
        written: true,
        rows,
        changed,
        phases: watch.phases,
        read_ahead,
        already_imported: None,
    })
}

/// The fingerprint of the files of `set` and their stamp, computed on a thread that gives way
/// to the pages a server answers meanwhile (`None` when a file cannot be read: the reading
/// reports it). The stamp is taken at once, before the files are read: a file changed after
/// it, before or after the fingerprint read it, is told by the stamp taken at the end.
fn fingerprint_in_background(
    set: Arc<FileSet>,
) -> tokio::task::JoinHandle<Option<(Fingerprint, Stamp)>> {
    let stamp = set.stamp();
    tokio::task::spawn_blocking(move || {
        let giving_way = logis_store::give_way::lower_this_thread;
        set.fingerprint(&giving_way).ok().flatten().zip(stamp)
    })
}

/// Starts computing the cotation gathered by `read_ahead` when `now` ([`score_while_committing`]);
/// leaves it there otherwise.
fn score_if(
    read_ahead: &mut ReadAhead,
    now: bool,
) -> Option<tokio::sync::oneshot::Receiver<Gathering>> {
    match read_ahead.cotation.take() {
        Some(gathering) if now => score_while_committing(gathering),
        gathering => {
            read_ahead.cotation = gathering;
            None
        }
    }
}

/// Computes the cotation of what `gathering` read on a thread of its own, that gives way to the
/// pages a server answers meanwhile, and to the commit (the computation keeps to one
/// processor: [`Gathering::score_read`]). `None` when no thread could be started.
fn score_while_committing(
    mut gathering: Gathering,
) -> Option<tokio::sync::oneshot::Receiver<Gathering>> {
    let (scored, receiver) = tokio::sync::oneshot::channel();
    std::thread::Builder::new()
        .name("logis-cotation".into())
        .spawn(move || {
            logis_store::give_way::lower_this_thread();
            gathering.score_read();
            let _ = scored.send(gathering);
        })
        .inspect_err(|e| tracing::warn!("cotation non calculée pendant la validation : {e}"))
        .ok()?;
    Some(receiver)
}

/// Writes `batches`, then puts their rows into `spent` (given back to the reader, which frees
/// them).
async fn write_all(
    tx: &mut dyn ImportTx,
    batches: Vec<(Table, Vec<Row>)>,
    spent: &mut Vec<Row>,
) -> Result<(), StoreError> {
    for (table, rows) in batches.into_iter().filter(|(_, rows)| !rows.is_empty()) {
        tx.write(table, &rows).await?;
        spent.extend(rows);
    }
    Ok(())
}

/// Turns references that neither the set nor the database resolve into errors.
async fn resolve_references(
    tx: &mut dyn ImportTx,
    validation: &mut Validation,
) -> Result<(), ImportError> {
    for kind in [RefKind::Demande, RefKind::Organisme, RefKind::Logement] {
        let keys = validation.pending_keys(kind);
        if keys.is_empty() {
            continue;
        }
        let known = tx.known_keys(key_kind(kind), &keys).await?;
        validation.resolve(kind, &known);
    }
    Ok(())
}

/// The reader thread: every file in loading order, every row checked; valid rows are sent for
/// writing as long as no error has been found (after one, reading goes on for the report only).
/// With `derived`, what an import derives is computed on the way and a whole load's projection sent
/// last; the duplicates' groups and the cotation's applications are given back.
pub(crate) fn read_and_check(
    set: &FileSet,
    mut report: Report,
    outbox: &Outbox,
    progress: &dyn Progress,
    mut derived: Option<Derived>,
) -> (Validation, ReadAhead) {
    let mut validator = Validator::default();
    for entry in set.entries() {
        let r = &mut report;
        let v = &mut validator;
        let d = &mut derived;
        match entry.kind {
            FileKind::Organismes => {
                send_file(set, entry, v, r, outbox, progress, |o: Organisme, _| o.to_row())
            }
            FileKind::Seuils => send_file(set, entry, v, r, outbox, progress, |s: Seuils, _| {
                if let Some(d) = d.as_mut() {
                    d.seuils(&s);
                }
                s.to_row()
            }),
            FileKind::Demandes => {
                send_file(set, entry, v, r, outbox, progress, |demande: Demande, v| {
                    let keys = name_keys(demande.nom.as_deref(), demande.prenom.as_deref());
                    if let Some(d) = d.as_mut()
                        && let Some(index) = v.numero_index(demande.numero_unique.as_str())
                    {
                        d.demande(index, &demande, folded_names(&keys));
                    }
                    demande_row(demande, keys)
                })
            }
            FileKind::Membres => {
                send_file(set, entry, v, r, outbox, progress, |m: MembreRow, v| {
                    if let Some(d) = d.as_mut()
                        && let Some(index) = v.numero_index(m.numero_unique.as_str())
                    {
                        d.membre(index, &m.membre);
                    }
                    (m.numero_unique, m.membre).to_row()
                })
            }
            FileKind::Logements => {
                send_file(set, entry, v, r, outbox, progress, |l: Logement, _| l.to_row())
            }
            FileKind::Attributions => {
                send_file(set, entry, v, r, outbox, progress, |a: Attribution, _| {
                    if let Some(d) = d.as_mut() {
                        d.attribution(&a);
                    }
                    a.to_row()
                })
            }
            FileKind::Conventions => {
                send_file(set, entry, v, r, outbox, progress, |c: Convention, _| c.to_row())
            }
        }
    }
    let read_ahead = match derived.filter(|_| !report.has_errors()) {
        Some(derived) => derived.finish(&validator, BATCH_ROWS, |rows| {
            // A closed channel means the writer failed; its error is reported by the caller.
            outbox.send(Table::DemandesBilan, rows);
        }),
        None => ReadAhead::default(),
    };
    (validator.finish(set, report), read_ahead)
}

/// Reads one file through the validator, sending its valid rows, converted by `to_row`, in
/// batches.
fn send_file<T: Checked>(
    set: &FileSet,
    entry: &Entry,
    validator: &mut Validator,
    report: &mut Report,
    outbox: &Outbox,
    progress: &dyn Progress,
    mut to_row: impl FnMut(T, &Validator) -> Row + Send,
) {
    let table = table_of(entry.kind);
    let mut batch: Vec<Row> = Vec::with_capacity(BATCH_ROWS);
    let on_rows = |kind, rows| progress.rows(Phase::Import, kind, rows);
    check_file(set, entry, validator, report, &on_rows, |record: T, validator, report| {
        if report.has_errors() {
            return; // nothing will be written: keep reading for the report only
        }
        batch.push(to_row(record, validator));
        if batch.len() == BATCH_ROWS {
            // A closed channel means the writer failed; its error is reported by the caller.
            outbox.send(table, &mut batch);
        }
    });
    if !batch.is_empty() && !report.has_errors() {
        outbox.send(table, &mut batch);
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_stopped_reading_tells_what_its_panic_said() {
        let said = |f: fn()| {
            let panic = std::panic::catch_unwind(f).expect_err("it panics");
            super::panic_message(&*panic)
        };
        assert_eq!(said(|| panic!("fichier illisible")), "fichier illisible");
        assert_eq!(said(|| panic!("ligne {}", 12)), "ligne 12");
        assert_eq!(said(|| std::panic::panic_any(7_u8)), "cause inconnue");
    }
}

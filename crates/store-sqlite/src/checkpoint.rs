//! The journal copied back into the database by a helper thread, not by the connection that
//! commits. By default every SQLite commit that leaves more than 1 000 pages in the WAL copies
//! them back into the database file itself before it returns: after a national import, the
//! import's commit wrote its 3.6 GB a second time and waited for the disk (15 s of its commit
//! here), then the cotation's commit did the same with its own rows. The store's connections
//! never do it (`wal_autocheckpoint = 0`); this helper, on a connection of its own, runs a
//! passive checkpoint twice a second (one with nothing to copy reads a header and returns),
//! while the import goes on with its next steps and users' pages are served. A copy under way
//! stops neither readers nor writers, and what a crash leaves is SQLite's to recover, as before.
//! Closing the store has the helper copy what is left, then stop. The helper gives way to the
//! pages being served ([`logis_store::give_way`]).

use rusqlite::{Connection, OpenFlags};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::{Mutex, PoisonError};
use std::thread::JoinHandle;
use std::time::Duration;

/// How often the helper copies the journal back.
const PERIOD: Duration = Duration::from_millis(500);

/// How long the helper's connection waits for a lock held by another (its schema read while a
/// connection recovers the journal, say).
const BUSY_WAIT: Duration = Duration::from_secs(1);

/// Failed passes in a row between two reports of the failure (a minute), after the first.
const REPORT_EVERY: u32 = 120;

/// Runs until stopped or dropped.
pub(crate) struct Checkpointer {
    /// The helper's thread, and the sender dropped to stop it (`None` once stopped).
    running: Mutex<Option<(Sender<()>, JoinHandle<()>)>>,
}

impl Checkpointer {
    /// Starts the helper for the database file `database`. Without it nothing would copy the
    /// journal back while the store is open: a refusal of the system to start a thread is the
    /// store's to report.
    pub(crate) fn start(database: &Path) -> std::io::Result<Checkpointer> {
        let (stop, stopped) = mpsc::channel();
        let database = database.to_owned();
        let helper =
            std::thread::Builder::new().name("sqlite-checkpoint".into()).spawn(move || {
                // Bulk work (gigabytes after a national import): it gives way to the pages.
                logis_store::give_way::lower_this_thread();
                copy_back_while_open(database, &stopped)
            })?;
        Ok(Checkpointer { running: Mutex::new(Some((stop, helper))) })
    }

    /// Stops the helper once it has copied what is left, waiting for it.
    pub(crate) fn stop(&self) {
        let running = self.running.lock().unwrap_or_else(PoisonError::into_inner).take();
        let Some((stop, helper)) = running else { return };
        drop(stop); // the helper makes its last pass and ends
        if helper.join().is_err() {
            tracing::error!("la copie du journal en tâche de fond s'est arrêtée sur une erreur");
        }
    }
}

/// The helper's loop: a pass each [`PERIOD`] until `stopped` says so (or its sender is gone),
/// and a last one then. The last connection of the pool to close would copy what is left, but
/// only if no other closes at the same instant (each would find the other's lock and leave
/// the journal as it is).
fn copy_back_while_open(database: PathBuf, stopped: &Receiver<()>) {
    let mut helper = Helper { database, connection: None, failures: 0 };
    while let Err(RecvTimeoutError::Timeout) = stopped.recv_timeout(PERIOD) {
        helper.pass();
    }
    helper.pass();
}

/// The helper's state between passes.
struct Helper {
    database: PathBuf,
    /// Opened at the first pass.
    connection: Option<Connection>,
    /// Failed passes in a row.
    failures: u32,
}

impl Helper {
    /// One passive checkpoint: what readers still use, or a copy another connection has under
    /// way, is left for a later pass. A failure is reported at once, then once a minute while
    /// it lasts (the journal grows meanwhile).
    fn pass(&mut self) {
        match self.copy_back() {
            Ok(()) => self.failures = 0,
            Err(e) => {
                if self.failures.is_multiple_of(REPORT_EVERY) {
                    tracing::error!("copie du journal dans la base impossible : {e}");
                }
                self.failures += 1;
                self.connection = None; // opened again at the next pass
            }
        }
    }

    fn copy_back(&mut self) -> rusqlite::Result<()> {
        let connection = match &mut self.connection {
            Some(connection) => connection,
            none => none.insert(open(&self.database)?),
        };
        connection.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(()))
    }
}

/// The helper's connection: it syncs as the store's connections do (`synchronous = NORMAL`:
/// the journal before the copy, the database after it).
fn open(database: &Path) -> rusqlite::Result<Connection> {
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let connection = Connection::open_with_flags(database, flags)?;
    connection.busy_timeout(BUSY_WAIT)?;
    connection.pragma_update(None, "synchronous", "NORMAL")?;
    Ok(connection)
}

#[cfg(test)]
mod tests {
    use crate::SqliteStore;
    use std::path::Path;
    use std::time::{Duration, Instant};

    /// A write of 20 MiB: more pages than SQLite's default threshold (1 000 pages of 16 KiB),
    /// past which a commit would copy the journal back itself.
    const WRITE: &str = "INSERT INTO essai VALUES (zeroblob(20 * 1024 * 1024))";

    async fn store_with_a_table(dir: &Path) -> SqliteStore {
        let url = format!("sqlite://{}", dir.join("logis.db").display());
        let store = SqliteStore::open(&url).await.expect("the store");
        sqlx::query("CREATE TABLE essai (x BLOB)").execute(&store.pool).await.expect("a table");
        store
    }

    fn size(path: &Path) -> u64 {
        std::fs::metadata(path).map(|m| m.len()).unwrap_or(0)
    }

    /// Writes [`WRITE`]; the size of the database file before.
    async fn written(store: &SqliteStore, database: &Path) -> u64 {
        let before = size(database);
        sqlx::query(WRITE).execute(&store.pool).await.expect("the write");
        before
    }

    /// Waits (30 s at most) for the database file to reach `bytes`, the journal copied back.
    async fn copied_back(database: &Path, bytes: u64) {
        let asked = Instant::now();
        while size(database) < bytes {
            assert!(asked.elapsed() < Duration::from_secs(30), "the journal was never copied");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    #[tokio::test]
    async fn a_commit_leaves_its_pages_in_the_journal_for_the_helper() {
        let dir = tempfile::tempdir().expect("a folder");
        let store = store_with_a_table(dir.path()).await;
        store.checkpointer.as_ref().expect("a file's helper").stop();
        let database = dir.path().join("logis.db");
        let before = written(&store, &database).await;
        assert_eq!(size(&database), before, "the commit copied the journal back itself");
        assert!(size(&dir.path().join("logis.db-wal")) > 20 << 20);
    }

    #[tokio::test]
    async fn a_journal_copied_back_whole_is_cut_back_by_the_next_write() {
        let dir = tempfile::tempdir().expect("a folder");
        let store = store_with_a_table(dir.path()).await;
        let (database, journal) = (dir.path().join("logis.db"), dir.path().join("logis.db-wal"));
        let sql = "INSERT INTO essai VALUES (zeroblob(80 * 1024 * 1024))";
        sqlx::query(sql).execute(&store.pool).await.expect("a write of 80 MiB");
        assert!(size(&journal) > 80 << 20);
        copied_back(&database, 80 << 20).await;
        tokio::time::sleep(PERIOD_AND_SOME).await; // the helper's pass is over
        sqlx::query("INSERT INTO essai VALUES (1)").execute(&store.pool).await.expect("a write");
        assert!(size(&journal) <= 64 << 20, "the journal kept its {} bytes", size(&journal));
    }

    /// Longer than the helper's period.
    const PERIOD_AND_SOME: Duration = Duration::from_millis(1_200);

    #[tokio::test]
    async fn closing_the_store_copies_what_is_left() {
        let dir = tempfile::tempdir().expect("a folder");
        let store = store_with_a_table(dir.path()).await;
        let database = dir.path().join("logis.db");
        let before = written(&store, &database).await;
        use logis_store::Store as _;
        store.close().await;
        assert!(size(&database) > before + (20 << 20), "the journal left as it was");
    }

    #[tokio::test]
    async fn the_helper_copies_the_journal_back_while_the_store_is_open() {
        let dir = tempfile::tempdir().expect("a folder");
        let store = store_with_a_table(dir.path()).await;
        let database = dir.path().join("logis.db");
        let before = written(&store, &database).await;
        copied_back(&database, before + (20 << 20)).await;
        let still = sqlx::query_scalar::<_, i64>("SELECT length(x) FROM essai")
            .fetch_one(&store.pool)
            .await
            .expect("the row, read after the copy");
        assert_eq!(still, 20 << 20);
    }
}

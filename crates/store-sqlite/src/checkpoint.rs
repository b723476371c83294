//! The journal copied back into the database by a helper thread, not by the connection that
//! commits. By default every SQLite commit that leaves more than 1 000 pages in the WAL copies
//! them back into the database file itself before it returns: after a national import, the
//! import's commit wrote its 3.6 GB a second time and waited for the disk (15 s of its commit
//! here), then the cotation's commit did the same with its own rows. The store's connections
//! never do it (`wal_autocheckpoint = 0`); this helper, on a connection of its own, copies the
//! journal back whenever it was written since its last pass, checked twice a second, while the
//! import goes on with its next steps and users' pages are served. A copy under way stops
//! neither readers nor writers, and what a crash leaves is SQLite's to recover, as before.
//! Closing the store stops the helper once its pass is done; the last connection to close then
//! copies what is left, as SQLite does.

use crate::writeback::journal_of;
use rusqlite::{Connection, OpenFlags};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::thread::JoinHandle;
use std::time::{Duration, SystemTime};

/// How often the helper looks at the journal.
const PERIOD: Duration = Duration::from_millis(500);

/// Runs until stopped or dropped.
pub(crate) struct Checkpointer {
    /// Dropped to stop the helper.
    stop: Mutex<Option<Sender<()>>>,
    helper: Mutex<Option<JoinHandle<()>>>,
}

impl Checkpointer {
    /// Starts the helper for the database file `database`.
    pub(crate) fn start(database: &Path) -> Checkpointer {
        let (stop, stopped) = mpsc::channel();
        let database = database.to_owned();
        let helper = std::thread::Builder::new()
            .name("sqlite-checkpoint".into())
            .spawn(move || copy_back_while_open(&database, &stopped));
        let helper = helper
            .inspect_err(|e| tracing::warn!("copie du journal en tâche de fond non démarrée : {e}"))
            .ok();
        Checkpointer { stop: Mutex::new(Some(stop)), helper: Mutex::new(helper) }
    }

    /// Stops the helper, waiting for the copy it may have under way.
    pub(crate) fn stop(&self) {
        drop(self.stop.lock().map(|mut stop| stop.take()));
        let helper = self.helper.lock().ok().and_then(|mut helper| helper.take());
        if let Some(helper) = helper
            && helper.join().is_err()
        {
            tracing::warn!("la copie du journal en tâche de fond s'est arrêtée sur une erreur");
        }
    }
}

/// The helper's loop: a pass each [`PERIOD`] until `stopped` says so (or its sender is gone).
fn copy_back_while_open(database: &Path, stopped: &Receiver<()>) {
    let journal = journal_of(database);
    let mut helper = Helper { database: database.to_owned(), connection: None, copied: None };
    while let Err(RecvTimeoutError::Timeout) = stopped.recv_timeout(PERIOD) {
        helper.pass(&journal);
    }
}

/// The helper's state between passes.
struct Helper {
    database: PathBuf,
    /// Opened at the first copy.
    connection: Option<Connection>,
    /// When the journal had last been written as of the last complete copy.
    copied: Option<SystemTime>,
}

impl Helper {
    /// Copies the journal back if it was written since the last copy. The time it was last
    /// written is read before the copy: a write during the copy makes the next pass copy again.
    fn pass(&mut self, journal: &Path) {
        let Ok(written) = std::fs::metadata(journal).and_then(|m| m.modified()) else {
            return; // no journal (yet, or any more)
        };
        if self.copied == Some(written) {
            return;
        }
        match self.copy_back() {
            Ok(true) => self.copied = Some(written),
            Ok(false) => {} // readers still on older pages, or another copy under way: next pass
            Err(e) => tracing::warn!("copie du journal dans la base impossible : {e}"),
        }
    }

    /// One passive checkpoint: whether it copied the whole journal.
    fn copy_back(&mut self) -> rusqlite::Result<bool> {
        let connection = match &mut self.connection {
            Some(connection) => connection,
            none => none.insert(open(&self.database)?),
        };
        let (busy, pages, copied): (i64, i64, i64) =
            connection.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |row| {
                Ok((row.get(0)?, row.get(1)?, row.get(2)?))
            })?;
        Ok(busy == 0 && pages == copied)
    }
}

/// The helper's connection: it syncs as the store's connections do (`synchronous = NORMAL`:
/// the journal before the copy, the database after it).
fn open(database: &Path) -> rusqlite::Result<Connection> {
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let connection = Connection::open_with_flags(database, flags)?;
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

    #[tokio::test]
    async fn a_commit_leaves_its_pages_in_the_journal_for_the_helper() {
        let dir = tempfile::tempdir().expect("a folder");
        let store = store_with_a_table(dir.path()).await;
        store.checkpointer.as_ref().expect("a file's helper").stop();
        let database = dir.path().join("logis.db");
        let before = size(&database);
        sqlx::query(WRITE).execute(&store.pool).await.expect("the write");
        assert_eq!(size(&database), before, "the commit copied the journal back itself");
        assert!(size(&dir.path().join("logis.db-wal")) > 20 << 20);
        use logis_store::Store as _;
        store.close().await;
        assert!(size(&database) > before + (20 << 20), "the last connection copies the rest");
    }

    #[tokio::test]
    async fn the_helper_copies_the_journal_back_while_the_store_is_open() {
        let dir = tempfile::tempdir().expect("a folder");
        let store = store_with_a_table(dir.path()).await;
        let database = dir.path().join("logis.db");
        let before = size(&database);
        sqlx::query(WRITE).execute(&store.pool).await.expect("the write");
        let asked = Instant::now();
        while size(&database) < before + (20 << 20) {
            assert!(asked.elapsed() < Duration::from_secs(30), "the journal was never copied");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        let still = sqlx::query_scalar::<_, i64>("SELECT length(x) FROM essai")
            .fetch_one(&store.pool)
            .await
            .expect("the row, read after the copy");
        assert_eq!(still, 20 << 20);
    }
}

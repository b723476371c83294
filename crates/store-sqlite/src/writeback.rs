//! Early writeback while an import writes: a helper thread asks the system every second to put
//! the journal's (and the database's) written pages on disk. The import keeps both processors
//! busy reading and writing rows into the WAL, while the disk would otherwise wait for the
//! commit; at the commit, the checkpoint found gigabytes still to flush before it could copy
//! them. With the journal already on disk, the national import's commit is seconds shorter
//! (benchmarks.md, issue 21). Durability and atomicity are SQLite's own, unchanged: writing a
//! page to disk earlier than asked changes nothing of what a crash leaves. Once the import has
//! committed, the journal is put on disk a last time ([`Writeback::journal_to_disk`]).

use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::time::Duration;

/// How often the written pages are put on disk.
const PERIOD: Duration = Duration::from_secs(1);

/// Runs until dropped.
pub(crate) struct Writeback {
    /// Dropped to stop the helper (it ends at its next wake-up; nobody waits for it).
    _stop: mpsc::Sender<()>,
    /// The WAL file.
    journal: PathBuf,
}

impl Writeback {
    /// Starts the helper for the database file `database`.
    pub(crate) fn start(database: &Path) -> Writeback {
        let files = [journal_of(database), database.to_owned()];
        let (stop, stopped) = mpsc::channel::<()>();
        let started =
            std::thread::Builder::new().name("sqlite-writeback".into()).spawn(move || {
                while let Err(RecvTimeoutError::Timeout) = stopped.recv_timeout(PERIOD) {
                    for file in &files {
                        // A journal not there yet, or a system that refuses: the end syncs.
                        if let Err(e) = on_disk(file) {
                            tracing::debug!("écriture anticipée impossible : {e}");
                        }
                    }
                }
            });
        if let Err(e) = started {
            tracing::debug!("écriture anticipée non démarrée : {e}");
        }
        Writeback { _stop: stop, journal: journal_of(database) }
    }

    /// Puts the journal on disk once the transaction is committed: the import is on disk when
    /// it says it is done, as when its commit copied the journal back (which syncs it first);
    /// that copy is now a helper's ([`crate::checkpoint`]). Most of the journal is on disk
    /// already. A failure is reported; the helper's copy syncs the journal again.
    pub(crate) async fn journal_to_disk(&self) {
        let journal = self.journal.clone();
        let synced = tokio::task::spawn_blocking(move || on_disk(&journal))
            .await
            .unwrap_or_else(|stopped| Err(std::io::Error::other(stopped)));
        if let Err(e) = synced {
            tracing::error!("journal non écrit sur le disque après validation : {e}");
        }
    }
}

/// Puts the written pages of `file` on disk.
fn on_disk(file: &Path) -> std::io::Result<()> {
    File::open(file).and_then(|f| f.sync_data())
}

/// The WAL file of `database` (SQLite names it after the database, `-wal` appended).
fn journal_of(database: &Path) -> PathBuf {
    let mut name = database.as_os_str().to_owned();
    name.push("-wal");
    PathBuf::from(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_journal_is_named_after_the_database() {
        assert_eq!(
            journal_of(Path::new("/srv/logis/cctc.db")),
            Path::new("/srv/logis/cctc.db-wal")
        );
    }
}

//! The embedded SQLite backend: the database file, WAL journal, migrations applied on open;
//! the access register (accounts, sessions, tokens, audit log) in a file of its own beside it
//! ([`access`]), so that a long write of the applications never stops anyone signing in.

mod access;
mod bilan;
mod bind;
mod checkpoint;
mod copied;
mod dump;
mod export;
mod households;
mod import;
mod raw_write;
mod read_statement;
mod reader;
mod row_statement;
mod statements;
mod writeback;

use async_trait::async_trait;
use logis_domain::{Date, Demande, Membre};
use logis_store::overview;
use logis_store::{
    BilanCounts, ColumnType, Encoded, Encoder, ImportTx, Overview, Record, Result, Row, Sink,
    Statement, Store, StoreError, Table, Value,
};
use sqlx::SqlitePool;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use std::path::PathBuf;
use std::str::FromStr;
use std::sync::Arc;

static MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("../../migrations/sqlite");

/// The versions of the embedded migrations (a test checks both backends have the same list).
pub fn migration_versions() -> Vec<i64> {
    MIGRATIONS.iter().map(|m| m.version).collect()
}

/// The store's error for a driver's error: busy, conflict, not found or other.
pub(crate) fn db_error(e: sqlx::Error) -> StoreError {
    use sqlx::error::ErrorKind;
    match &e {
        // SQLITE_BUSY and its extended codes: another connection holds the write lock.
        sqlx::Error::Database(db)
            if db.code().and_then(|c| c.parse::<i32>().ok()).is_some_and(|c| c & 0xff == 5) =>
        {
            StoreError::Busy(e.into())
        }
        sqlx::Error::Database(db)
            if matches!(db.kind(), ErrorKind::UniqueViolation | ErrorKind::ForeignKeyViolation) =>
        {
            StoreError::Conflict(e.into())
        }
        _ => StoreError::Other(e.into()),
    }
}

pub use access::path_of as access_register_path;

/// Whether `url` names a database in memory (`sqlite::memory:`, or a `mode=memory` URI):
/// sqlx gives those a file name of its own, which is no file.
fn in_memory(url: &str) -> bool {
    url.contains(":memory:") || url.contains("mode=memory")
}

/// Whether a connection given back to the pool may serve again: not while sqlx still counts a
/// transaction open on it. Some failures (a full disk, memory refused) make SQLite roll the
/// whole transaction back by itself; sqlx's own rollback of it then fails, and sqlx would refuse
/// every later transaction on this connection (« attempted to call begin_with at non-zero
/// transaction depth »). Such a connection is closed, the pool opens another. (A dropped
/// transaction whose rollback sqlx has not run yet is closed too: its rollback runs first.)
fn out_of_transaction(connection: &sqlx::SqliteConnection) -> bool {
    use sqlx::TransactionManager as _;
    <sqlx::Sqlite as sqlx::Database>::TransactionManager::get_transaction_depth(connection) == 0
}

/// A store in a SQLite file.
#[derive(Clone)]
pub struct SqliteStore {
    pool: SqlitePool,
    /// The access register's connections ([`access`]).
    access: SqlitePool,
    /// The database file, for bulk reads on a connection of their own (`None` in memory).
    file: Option<PathBuf>,
    /// The helper that copies the journal back into the file (`None` in memory).
    checkpointer: Option<Arc<checkpoint::Checkpointer>>,
}

/// The most of a database file mapped in memory: all of it, up to the ceiling SQLite is built
/// with (a larger request is lowered to it).
const MAPPED: u64 = 1 << 40;

impl SqliteStore {
    /// Opens (creating if missing) the database at `url` (`sqlite://path` or `sqlite::memory:`)
    /// and applies pending migrations.
    pub async fn open(url: &str) -> Result<Self> {
        let options =
            SqliteConnectOptions::from_str(url).map_err(|e| StoreError::Connect(e.into()))?;
        let file = Some(options.get_filename().to_owned())
            .filter(|f| !f.as_os_str().is_empty() && !in_memory(url));
        let options = options
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .busy_timeout(statements::WRITE_WAIT)
            // No commit copies the journal back into the file: a helper does ([`checkpoint`]).
            .pragma("wal_autocheckpoint", "0")
            // The journal, once copied back whole, is cut back to 64 MiB by the next commit
            // (the helper's connection keeps it from being deleted while the store is open).
            .pragma("journal_size_limit", "67108864")
            // Reads go through the page cache of the system, not read calls, whatever the size
            // of the database (the ceiling is raised to 1 TiB where SQLite is built:
            // .cargo/config.toml; its default, 2 GiB, left the indexes and the scores of a
            // national database, written last, to read calls).
            .pragma("mmap_size", MAPPED.to_string())
            // Index builds (at the end of a bulk import) sort with a helper thread.
            .pragma("threads", "2")
            // A new database gets 16 KiB pages (SQLite's default is 4 KiB): a national import
            // writes, journals and looks up four times fewer pages; an existing database keeps
            // its own (the size of a database in WAL mode does not change).
            .page_size(16_384);
        let pool = SqlitePoolOptions::new()
            .max_connections(4)
            .after_release(|connection, _| {
                Box::pin(async move { Ok(out_of_transaction(connection)) })
            })
            .connect_with(options)
            .await
            .map_err(|e| StoreError::Connect(e.into()))?;
        MIGRATIONS.run(&pool).await.map_err(|e| StoreError::Other(e.into()))?;
        let access = access::open(file.as_deref()).await?;
        access::take_over_old_tables(&pool, file.as_deref()).await?;
        let checkpointer = file.as_deref().map(checkpoint::Checkpointer::start).transpose();
        let checkpointer = checkpointer.map_err(|e| StoreError::Connect(e.into()))?.map(Arc::new);
        Ok(SqliteStore { pool, access, file, checkpointer })
    }
}

#[async_trait]
impl Store for SqliteStore {
    fn backend(&self) -> &'static str {
        "sqlite"
    }

    fn dialect(&self) -> &'static logis_store::bilan::Dialect {
        &crate::bilan::DIALECT
    }

    async fn begin_writing(&self, tables: &[Table]) -> Result<Box<dyn ImportTx>> {
        Ok(Box::new(import::SqliteImport::begin(&self.pool, self.file.as_deref(), tables).await?))
    }

    async fn export(&self, table: Table, sink: &mut Sink<'_, Record>) -> Result<()> {
        export::all(&self.pool, self.file.as_deref(), table, sink).await
    }

    async fn export_encoded(
        &self,
        tables: &[Table],
        encoder: Arc<Encoder>,
        sink: &mut Sink<'_, Encoded>,
    ) -> Result<()> {
        match &self.file {
            Some(file) => dump::encoded(file, tables, encoder, sink).await,
            None => logis_store::encoded::in_key_order(self, tables, &*encoder, sink).await,
        }
    }

    async fn export_households(
        &self,
        from: Date,
        to: Date,
        sink: &mut Sink<'_, (Demande, Vec<Membre>)>,
    ) -> Result<()> {
        export::households(&self.pool, self.file.as_deref(), (from, to), sink).await
    }

    async fn lookup(&self, table: Table, key: &[&str]) -> Result<Vec<Record>> {
        export::lookup(&self.pool, table, key).await
    }

    async fn bilan_counts(&self, year: i32) -> Result<BilanCounts> {
        bilan::counts(&self.pool, year).await
    }

    async fn prepare_bilan(&self) -> Result<bool> {
        bilan::prepare(&self.pool).await
    }

    async fn fetch(&self, sql: &str, params: &[Value], columns: &[ColumnType]) -> Result<Vec<Row>> {
        statements::fetch(&self.pool, sql, params, columns).await
    }

    async fn execute(&self, statements: &[Statement]) -> Result<u64> {
        statements::execute(&self.pool, statements).await
    }

    async fn fetch_access(
        &self,
        sql: &str,
        params: &[Value],
        columns: &[ColumnType],
    ) -> Result<Vec<Row>> {
        statements::fetch(&self.access, sql, params, columns).await
    }

    async fn execute_access(&self, statements: &[Statement]) -> Result<u64> {
        statements::execute(&self.access, statements).await
    }

    async fn overview(&self, reference: Date) -> Result<Overview> {
        let active: i64 = sqlx::query_scalar(overview::ACTIVE_AT_SQL)
            .bind(reference)
            .fetch_one(&self.pool)
            .await
            .map_err(db_error)?;
        let totals =
            sqlx::query_as(overview::TOTALS_SQL).fetch_one(&self.pool).await.map_err(db_error)?;
        let per_year =
            sqlx::query_as(&overview::per_year_sql("CAST(substr(date_bail, 1, 4) AS INTEGER)"))
                .fetch_all(&self.pool)
                .await
                .map_err(db_error)?;
        Ok(Overview::from_counts(reference, active, totals, per_year))
    }

    async fn close(&self) {
        if let Some(checkpointer) = self.checkpointer.clone() {
            // The helper copies what is left, then stops (before the pool's connections close).
            let stopped = tokio::task::spawn_blocking(move || checkpointer.stop()).await;
            if let Err(e) = stopped {
                tracing::warn!("arrêt de la copie du journal : {e}");
            }
        }
        self.pool.close().await;
        self.access.close().await;
    }
}

#[cfg(test)]
mod tests {
    use super::SqliteStore;
    use crate::statements::WRITE;

    /// A transaction that SQLite rolls back by itself, the database being full, leaves no
    /// connection of the pool refusing the next transactions — whether the failing write went
    /// through sqlx or through SQLite's own interface (the import's rows).
    #[tokio::test]
    async fn a_transaction_rolled_back_by_sqlite_leaves_no_connection_refusing_the_next() {
        let dir = tempfile::tempdir().expect("a folder");
        let url = format!("sqlite://{}", dir.path().join("logis.db").display());
        let store = SqliteStore::open(&url).await.expect("the store");
        let pool = &store.pool;
        sqlx::query("CREATE TABLE essai (x BLOB)").execute(pool).await.expect("a table");
        for through_sqlite in [false, true] {
            let mut tx = pool.begin_with(WRITE).await.expect("a transaction");
            // The database may not grow any more: a long row fills it (SQLITE_FULL).
            sqlx::query("PRAGMA max_page_count = 1").execute(&mut *tx).await.expect("bounded");
            let refused = if through_sqlite {
                let long = vec![vec![logis_store::statement::text("x".repeat(1 << 20))]];
                crate::raw_write::each_row(&mut tx, "INSERT INTO essai VALUES (?)", &long)
                    .await
                    .err()
            } else {
                let long = "INSERT INTO essai VALUES (zeroblob(1048576))";
                sqlx::query(long).execute(&mut *tx).await.err().map(crate::db_error)
            };
            assert!(refused.is_some(), "the database is full");
        }
        // More transactions in a row than the pool has connections: each of them serves.
        for _ in 0..8 {
            let mut tx = pool.begin_with(WRITE).await.expect("the next transaction");
            let short = "INSERT INTO essai VALUES (zeroblob(10))";
            sqlx::query(short).execute(&mut *tx).await.expect("written");
            tx.commit().await.expect("committed");
        }
        let rows: i64 =
            sqlx::query_scalar("SELECT count(*) FROM essai").fetch_one(pool).await.expect("rows");
        assert_eq!(rows, 8);
    }
}

//! The PostgreSQL backend, for a shared server and for national scale: an import is one
//! transaction — a table loaded whole goes into a shadow that takes its place at commit, the
//! others through COPY into staging tables then one upsert each; a user's write waits at most
//! five seconds for an import's lock, then is refused as busy.

mod bilan;
mod binary_rows;
mod copy;
mod dump;
mod export;
mod import;
mod source;
mod statements;
mod swap;
pub mod testing;

use async_trait::async_trait;
use logis_domain::{Date, Demande, Membre};
use logis_store::overview;
use logis_store::{
    BilanCounts, ColumnType, ImportTx, Overview, Record, Result, Row, Sink, Statement, Store,
    StoreError, Table, Value,
};
use sqlx::PgPool;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use std::str::FromStr;

static MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("../../migrations/postgres");

/// The versions of the embedded migrations (a test checks both backends have the same list).
pub fn migration_versions() -> Vec<i64> {
    MIGRATIONS.iter().map(|m| m.version).collect()
}

/// How long a user's write, or the bilan's preparation, waits for a lock that an import holds
/// (imports lock the tables they load against other writes): then it is refused as busy, and
/// the page says so instead of hanging for the minutes an import takes.
pub(crate) const LOCK_TIMEOUT: &str = "SET LOCAL lock_timeout = '5s'";

/// The store's error for a driver's error: busy, conflict, not found or other.
pub(crate) fn db_error(e: sqlx::Error) -> StoreError {
    use sqlx::error::ErrorKind;
    match &e {
        // lock_not_available: a lock was not granted within `lock_timeout`.
        sqlx::Error::Database(db) if db.code().as_deref() == Some("55P03") => {
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

/// A store in a PostgreSQL database.
#[derive(Clone)]
pub struct PgStore {
    pool: PgPool,
}

impl PgStore {
    /// Connects to `url` (`postgres://user@host/db`) and applies pending migrations.
    pub async fn open(url: &str) -> Result<Self> {
        let options = PgConnectOptions::from_str(url).map_err(|e| StoreError::Connect(e.into()))?;
        // Whole-territory aggregates (the bilan) sort and hash millions of rows: in memory
        // rather than in temporary files. No parallel workers: a page's query (a few
        // milliseconds) costs less than the two processes the server starts for it (a page
        // deep in the list by score went parallel, 150 ms and three processes, where it takes
        // 50 ms alone), the pages of many users share the server's processors, and the bulk
        // reads and writes already spread over several connections.
        let options =
            options.options([("work_mem", "128MB"), ("max_parallel_workers_per_gather", "0")]);
        let pool = PgPoolOptions::new()
            .max_connections(8)
            .connect_with(options)
            .await
            .map_err(|e| StoreError::Connect(e.into()))?;
        MIGRATIONS.run(&pool).await.map_err(|e| StoreError::Other(e.into()))?;
        Ok(PgStore { pool })
    }
}

#[async_trait]
impl Store for PgStore {
    fn backend(&self) -> &'static str {
        "postgres"
    }

    fn dialect(&self) -> &'static logis_store::bilan::Dialect {
        &crate::bilan::DIALECT
    }

    async fn begin_writing(&self, tables: &[Table]) -> Result<Box<dyn ImportTx>> {
        Ok(Box::new(import::PgImport::begin(&self.pool, tables).await?))
    }

    async fn export(&self, table: Table, sink: &mut Sink<'_, Record>) -> Result<()> {
        export::all(&self.pool, table, sink).await
    }

    async fn export_encoded(
        &self,
        tables: &[Table],
        encoder: std::sync::Arc<logis_store::Encoder>,
        sink: &mut Sink<'_, logis_store::Encoded>,
    ) -> Result<()> {
        dump::encoded(&self.pool, tables, encoder, sink).await
    }

    async fn export_households(
        &self,
        from: Date,
        to: Date,
        sink: &mut Sink<'_, (Demande, Vec<Membre>)>,
    ) -> Result<()> {
        export::households(&self.pool, (from, to), sink).await
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

    async fn overview(&self, reference: Date) -> Result<Overview> {
        let active: i64 = sqlx::query_scalar(overview::ACTIVE_AT_SQL)
            .bind(reference)
            .fetch_one(&self.pool)
            .await
            .map_err(db_error)?;
        let totals =
            sqlx::query_as(overview::TOTALS_SQL).fetch_one(&self.pool).await.map_err(db_error)?;
        let per_year =
            sqlx::query_as(&overview::per_year_sql("EXTRACT(YEAR FROM date_bail)::bigint"))
                .fetch_all(&self.pool)
                .await
                .map_err(db_error)?;
        Ok(Overview::from_counts(reference, active, totals, per_year))
    }

    async fn close(&self) {
        self.pool.close().await;
    }
}

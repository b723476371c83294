//! The PostgreSQL backend, for a shared server and for national scale: imports go through
//! COPY into staging tables, then one upsert per table, all in one transaction.

mod bilan;
mod copy;
mod export;
mod import;
mod source;
pub mod testing;

use async_trait::async_trait;
use logis_domain::{Date, Demande, Membre};
use logis_store::accounts::{self, AccountRow};
use logis_store::overview;
use logis_store::sessions::{self, AuditRow, SessionRow};
use logis_store::{
    AuditEntry, BilanCounts, ImportTx, Overview, Record, Result, Sink, Store, StoreError,
    StoredAccount, StoredSession, Table,
};
use sqlx::PgPool;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use std::str::FromStr;

static MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("../../migrations/postgres");

/// The versions of the embedded migrations (a test checks both backends have the same list).
pub fn migration_versions() -> Vec<i64> {
    MIGRATIONS.iter().map(|m| m.version).collect()
}

pub(crate) fn db_error(e: sqlx::Error) -> StoreError {
    StoreError::Database(e.to_string())
}

/// A store in a PostgreSQL database.
#[derive(Clone)]
pub struct PgStore {
    pool: PgPool,
}

impl PgStore {
    /// Connects to `url` (`postgres://user@host/db`) and applies pending migrations.
    pub async fn open(url: &str) -> Result<Self> {
        let options =
            PgConnectOptions::from_str(url).map_err(|e| StoreError::Connect(e.to_string()))?;
        // Whole-territory aggregates (the bilan) sort and hash millions of rows: in memory
        // rather than in temporary files.
        let options = options.options([("work_mem", "128MB")]);
        let pool = PgPoolOptions::new()
            .max_connections(8)
            .connect_with(options)
            .await
            .map_err(|e| StoreError::Connect(e.to_string()))?;
        MIGRATIONS.run(&pool).await.map_err(|e| StoreError::Database(e.to_string()))?;
        Ok(PgStore { pool })
    }
}

#[async_trait]
impl Store for PgStore {
    fn backend(&self) -> &'static str {
        "postgres"
    }

    async fn begin_import(&self) -> Result<Box<dyn ImportTx>> {
        Ok(Box::new(import::PgImport::begin(&self.pool).await?))
    }

    async fn export(&self, table: Table, sink: &mut Sink<'_, Record>) -> Result<()> {
        export::all(&self.pool, table, sink).await
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

    async fn save_account(&self, account: &StoredAccount) -> Result<()> {
        sqlx::query(accounts::SAVE_SQL)
            .bind(&account.login)
            .bind(&account.role)
            .bind(&account.organisme)
            .bind(&account.commune)
            .bind(&account.password_hash)
            .bind(account.created_at)
            .execute(&self.pool)
            .await
            .map_err(db_error)?;
        Ok(())
    }

    async fn create_session(&self, session: &StoredSession) -> Result<()> {
        sqlx::query(sessions::CREATE_SESSION_SQL)
            .bind(&session.token_hash)
            .bind(&session.login)
            .bind(session.created_at)
            .bind(session.expires_at)
            .execute(&self.pool)
            .await
            .map_err(db_error)?;
        Ok(())
    }

    async fn session(&self, token_hash: &str, now: i64) -> Result<Option<StoredSession>> {
        let row: Option<SessionRow> = sqlx::query_as(sessions::FIND_SESSION_SQL)
            .bind(token_hash)
            .bind(now)
            .fetch_optional(&self.pool)
            .await
            .map_err(db_error)?;
        Ok(row.map(StoredSession::from))
    }

    async fn delete_session(&self, token_hash: &str) -> Result<()> {
        sqlx::query(sessions::DELETE_SESSION_SQL)
            .bind(token_hash)
            .execute(&self.pool)
            .await
            .map_err(db_error)?;
        Ok(())
    }

    async fn record_audit(&self, entry: &AuditEntry) -> Result<()> {
        sqlx::query(sessions::RECORD_AUDIT_SQL)
            .bind(entry.at)
            .bind(&entry.login)
            .bind(&entry.action)
            .bind(&entry.target)
            .bind(&entry.origin)
            .execute(&self.pool)
            .await
            .map_err(db_error)?;
        Ok(())
    }

    async fn latest_audit(&self, limit: u32) -> Result<Vec<AuditEntry>> {
        let rows: Vec<AuditRow> = sqlx::query_as(sessions::LATEST_AUDIT_SQL)
            .bind(i64::from(limit))
            .fetch_all(&self.pool)
            .await
            .map_err(db_error)?;
        Ok(rows.into_iter().map(AuditEntry::from).collect())
    }

    async fn account(&self, login: &str) -> Result<Option<StoredAccount>> {
        let row: Option<AccountRow> = sqlx::query_as(accounts::FIND_SQL)
            .bind(login)
            .fetch_optional(&self.pool)
            .await
            .map_err(db_error)?;
        Ok(row.map(StoredAccount::from))
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

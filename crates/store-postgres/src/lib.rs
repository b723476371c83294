//! The PostgreSQL backend, for a shared server and for national scale: imports go through
//! COPY into staging tables, then one upsert per table, all in one transaction.

mod copy;
mod export;
mod import;
mod source;
pub mod testing;

use async_trait::async_trait;
use logis_domain::{Attribution, Date, Demande, Logement, Membre, NumeroUnique, Organisme, Seuils};
use logis_store::{ImportTx, Overview, Result, Sink, Store, StoreError};
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

    async fn export_organismes(&self, sink: &mut Sink<'_, Organisme>) -> Result<()> {
        export::all(&self.pool, sink).await
    }
    async fn export_seuils(&self, sink: &mut Sink<'_, Seuils>) -> Result<()> {
        export::all(&self.pool, sink).await
    }
    async fn export_demandes(&self, sink: &mut Sink<'_, Demande>) -> Result<()> {
        export::all(&self.pool, sink).await
    }
    async fn export_membres(&self, sink: &mut Sink<'_, (NumeroUnique, Membre)>) -> Result<()> {
        export::all(&self.pool, sink).await
    }
    async fn export_logements(&self, sink: &mut Sink<'_, Logement>) -> Result<()> {
        export::all(&self.pool, sink).await
    }
    async fn export_attributions(&self, sink: &mut Sink<'_, Attribution>) -> Result<()> {
        export::all(&self.pool, sink).await
    }

    async fn overview(&self, reference: Date) -> Result<Overview> {
        let count = |sql: &'static str| {
            let pool = self.pool.clone();
            async move {
                let n: i64 = sqlx::query_scalar(sql)
                    .bind(reference)
                    .fetch_one(&pool)
                    .await
                    .map_err(db_error)?;
                Ok::<u64, StoreError>(u64::try_from(n).unwrap_or(0))
            }
        };
        let demandes_actives = count(
            "SELECT COUNT(*) FROM demandes WHERE date_depot <= $1 \
             AND (statut = 'active' OR date_radiation > $1)",
        )
        .await?;
        let demandes_total =
            count("SELECT COUNT(*) FROM demandes WHERE $1::date IS NOT NULL").await?;
        let logements = count("SELECT COUNT(*) FROM logements WHERE $1::date IS NOT NULL").await?;
        let bailleurs = count(
            "SELECT COUNT(*) FROM organismes WHERE type = 'bailleur' AND $1::date IS NOT NULL",
        )
        .await?;
        let per_year: Vec<(i64, i64)> = sqlx::query_as(
            "SELECT EXTRACT(YEAR FROM date_bail)::bigint AS annee, COUNT(*) FROM attributions \
             GROUP BY annee ORDER BY annee",
        )
        .fetch_all(&self.pool)
        .await
        .map_err(db_error)?;
        Ok(Overview {
            reference: Some(reference),
            demandes_actives,
            demandes_total,
            attributions_par_annee: per_year
                .into_iter()
                .map(|(y, n)| (i32::try_from(y).unwrap_or(0), u64::try_from(n).unwrap_or(0)))
                .collect(),
            logements,
            bailleurs,
        })
    }

    async fn close(&self) {
        self.pool.close().await;
    }
}

//! One import as one SQLite transaction: multi-row upserts, members staged in a temporary
//! table and swapped in at commit.

use crate::bind::bind;
use crate::db_error;
use async_trait::async_trait;
use logis_store::tables::{Placeholder, placeholders};
use logis_store::{ImportTx, Result, Row, Table};
use sqlx::{Sqlite, SqlitePool, Transaction};

/// Parameters per statement (SQLite accepts 32 766): large enough to amortise each statement,
/// small enough that its SQL text stays short to prepare.
const MAX_PARAMETERS: usize = 4_000;

pub struct SqliteImport {
    tx: Transaction<'static, Sqlite>,
}

impl SqliteImport {
    pub async fn begin(pool: &SqlitePool) -> Result<Self> {
        let mut tx = pool.begin().await.map_err(db_error)?;
        sqlx::query(
            "CREATE TEMP TABLE IF NOT EXISTS staged_membres AS SELECT * FROM membres WHERE 0",
        )
        .execute(&mut *tx)
        .await
        .map_err(db_error)?;
        sqlx::query("DELETE FROM staged_membres").execute(&mut *tx).await.map_err(db_error)?;
        Ok(SqliteImport { tx })
    }
}

#[async_trait]
impl ImportTx for SqliteImport {
    async fn write(&mut self, table: Table, rows: Vec<Row>) -> Result<()> {
        let width = table.columns().len();
        let per_statement = (MAX_PARAMETERS / width).max(1);
        for chunk in rows.chunks(per_statement) {
            let sql = if table == Table::Membres {
                format!(
                    "INSERT INTO staged_membres VALUES {}",
                    placeholders(chunk.len(), width, Placeholder::Anonymous)
                )
            } else {
                table.upsert_sql(chunk.len(), Placeholder::Anonymous)
            };
            let mut query = sqlx::query(&sql);
            for value in chunk.iter().flatten() {
                query = bind(query, value);
            }
            query.execute(&mut *self.tx).await.map_err(db_error)?;
        }
        Ok(())
    }

    async fn commit(mut self: Box<Self>) -> Result<()> {
        for sql in [
            "DELETE FROM membres WHERE numero_unique IN (SELECT numero_unique FROM staged_membres)",
            "INSERT INTO membres SELECT * FROM staged_membres",
            "DELETE FROM staged_membres",
        ] {
            sqlx::query(sql).execute(&mut *self.tx).await.map_err(db_error)?;
        }
        self.tx.commit().await.map_err(db_error)
    }
}

//! One import as one PostgreSQL transaction: rows are COPied into temporary staging tables,
//! then each table is upserted from its staging table at commit (members replace households).

use crate::copy::encode_row;
use crate::db_error;
use async_trait::async_trait;
use logis_store::{ImportTx, Result, Row, Table};
use sqlx::{PgPool, Postgres, Transaction};

pub struct PgImport {
    tx: Transaction<'static, Postgres>,
}

fn staging(table: Table) -> String {
    format!("staged_{}", table.name())
}

impl PgImport {
    pub async fn begin(pool: &PgPool) -> Result<Self> {
        let mut tx = pool.begin().await.map_err(db_error)?;
        for table in Table::ALL {
            let sql = format!(
                "CREATE TEMP TABLE {} (LIKE {} INCLUDING DEFAULTS) ON COMMIT DROP",
                staging(table),
                table.name()
            );
            sqlx::query(&sql).execute(&mut *tx).await.map_err(db_error)?;
        }
        Ok(PgImport { tx })
    }
}

#[async_trait]
impl ImportTx for PgImport {
    async fn write(&mut self, table: Table, rows: Vec<Row>) -> Result<()> {
        if rows.is_empty() {
            return Ok(());
        }
        let mut data = String::with_capacity(rows.len() * 128);
        for row in &rows {
            encode_row(row, &mut data);
        }
        let statement = format!("COPY {} ({}) FROM STDIN", staging(table), table.column_list());
        let mut copy = self.tx.copy_in_raw(&statement).await.map_err(db_error)?;
        copy.send(data.as_bytes()).await.map_err(db_error)?;
        copy.finish().await.map_err(db_error)?;
        Ok(())
    }

    async fn commit(mut self: Box<Self>) -> Result<()> {
        for table in Table::ALL {
            let columns = table.column_list();
            let mut statements = Vec::new();
            if table == Table::Membres {
                statements.push(format!(
                    "DELETE FROM membres WHERE numero_unique IN (SELECT numero_unique FROM {})",
                    staging(table)
                ));
                statements.push(format!(
                    "INSERT INTO membres ({columns}) SELECT {columns} FROM {}",
                    staging(table)
                ));
            } else {
                statements.push(format!(
                    "INSERT INTO {} ({columns}) SELECT {columns} FROM {}{}",
                    table.name(),
                    staging(table),
                    table.on_conflict()
                ));
            }
            for sql in statements {
                sqlx::query(&sql).execute(&mut *self.tx).await.map_err(db_error)?;
            }
        }
        self.tx.commit().await.map_err(db_error)
    }
}

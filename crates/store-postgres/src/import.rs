//! One import as one PostgreSQL transaction. A table empty at the start is bulk-loaded: its key
//! constraint is dropped, rows are COPied straight in, and the key is added again before
//! commit. Other tables receive COPY into a temporary staging table, then one upsert each at
//! commit (members replace their households). The bilan's projections are brought up to date
//! (rebuilt for the applications loaded, or marked for a whole rebuild after a whole load).
//! DDL is transactional: a killed import changes nothing.

use crate::bilan::DIALECT;
use crate::copy::encode_row;
use crate::db_error;
use async_trait::async_trait;
use logis_store::bilan::projection;
use logis_store::{ImportTx, KeyKind, Result, Row, Statement, Table};
use sqlx::Row as _;
use sqlx::{PgPool, Postgres, Transaction};
use std::collections::HashSet;

pub struct PgImport {
    tx: Transaction<'static, Postgres>,
    /// Tables empty at the start, loaded without their key.
    bulk: HashSet<Table>,
    /// Whether applications, members or attributions were written: the bilan's projections
    /// are then rebuilt.
    touched: bool,
}

fn staging(table: Table) -> String {
    format!("staged_{}", table.name())
}

async fn execute(tx: &mut Transaction<'static, Postgres>, sql: &str) -> Result<()> {
    sqlx::query(sql).execute(&mut **tx).await.map_err(db_error)?;
    Ok(())
}

impl PgImport {
    pub async fn begin(pool: &PgPool) -> Result<Self> {
        let mut tx = pool.begin().await.map_err(db_error)?;
        let mut bulk = HashSet::new();
        for table in Table::ALL {
            // Serialises concurrent imports, and lets the key be dropped safely.
            execute(&mut tx, &format!("LOCK TABLE {} IN SHARE ROW EXCLUSIVE MODE", table.name()))
                .await?;
            let sql = format!("SELECT EXISTS (SELECT 1 FROM {})", table.name());
            let filled: bool =
                sqlx::query_scalar(&sql).fetch_one(&mut *tx).await.map_err(db_error)?;
            if filled {
                let sql = format!(
                    "CREATE TEMP TABLE {} (LIKE {} INCLUDING DEFAULTS) ON COMMIT DROP",
                    staging(table),
                    table.name()
                );
                execute(&mut tx, &sql).await?;
            } else {
                let sql = format!(
                    "ALTER TABLE {} DROP CONSTRAINT IF EXISTS {}",
                    table.name(),
                    table.key_index()
                );
                execute(&mut tx, &sql).await?;
                bulk.insert(table);
            }
        }
        Ok(PgImport { tx, bulk, touched: false })
    }
}

#[async_trait]
impl ImportTx for PgImport {
    async fn write(&mut self, table: Table, rows: Vec<Row>) -> Result<()> {
        if rows.is_empty() {
            return Ok(());
        }
        self.touched |= projection::reads(table);
        let mut data = String::with_capacity(rows.len() * 128);
        for row in &rows {
            encode_row(row, &mut data);
        }
        let target =
            if self.bulk.contains(&table) { table.name().to_owned() } else { staging(table) };
        let statement = format!("COPY {target} ({}) FROM STDIN", table.column_list());
        let mut copy = self.tx.copy_in_raw(&statement).await.map_err(db_error)?;
        copy.send(data.as_bytes()).await.map_err(db_error)?;
        copy.finish().await.map_err(db_error)?;
        Ok(())
    }

    async fn replace_all(&mut self, table: Table) -> Result<()> {
        self.touched |= projection::reads(table);
        let name = table.name();
        execute(&mut self.tx, &format!("TRUNCATE {name}")).await?;
        if self.bulk.insert(table) {
            let sql = format!("ALTER TABLE {name} DROP CONSTRAINT IF EXISTS {}", table.key_index());
            execute(&mut self.tx, &sql).await?;
        }
        Ok(())
    }

    async fn execute(&mut self, statements: &[Statement]) -> Result<u64> {
        crate::statements::run(&mut self.tx, statements).await
    }

    async fn known_keys(&mut self, kind: KeyKind, keys: &[String]) -> Result<HashSet<String>> {
        let table = kind.table();
        if self.bulk.contains(&table) {
            return Ok(HashSet::new()); // empty before this import
        }
        let key = table.key()[0];
        let sql = format!("SELECT {key} FROM {} WHERE {key} = ANY($1)", table.name());
        let mut found = HashSet::new();
        for chunk in keys.chunks(10_000) {
            let rows =
                sqlx::query(&sql).bind(chunk).fetch_all(&mut *self.tx).await.map_err(db_error)?;
            for row in rows {
                found.insert(row.try_get::<String, _>(0).map_err(db_error)?);
            }
        }
        Ok(found)
    }

    async fn commit(mut self: Box<Self>) -> Result<()> {
        for table in Table::ALL {
            let (name, columns, staged) = (table.name(), table.column_list(), staging(table));
            if self.bulk.contains(&table) {
                let sql = format!(
                    "ALTER TABLE {name} ADD CONSTRAINT {} PRIMARY KEY ({})",
                    table.key_index(),
                    table.key().join(", ")
                );
                execute(&mut self.tx, &sql).await?;
                // Statistics for the planner now, not when autovacuum comes by: whole-territory
                // queries (the bilan) plan hash joins and aggregates from them.
                execute(&mut self.tx, &format!("ANALYZE {name}")).await?;
            } else if table == Table::Membres {
                let sql = format!(
                    "DELETE FROM membres WHERE numero_unique IN (SELECT numero_unique FROM {staged})"
                );
                execute(&mut self.tx, &sql).await?;
                execute(
                    &mut self.tx,
                    &format!("INSERT INTO membres ({columns}) SELECT {columns} FROM {staged}"),
                )
                .await?;
            } else {
                let sql = format!(
                    "INSERT INTO {name} ({columns}) SELECT {columns} FROM {staged}{}",
                    table.on_conflict()
                );
                execute(&mut self.tx, &sql).await?;
            }
        }
        self.rebuild_projection().await?;
        self.tx.commit().await.map_err(db_error)
    }
}

impl PgImport {
    /// Brings the bilan's projections up to date when their tables were written
    /// ([`projection::after_import`]).
    async fn rebuild_projection(&mut self) -> Result<()> {
        if !self.touched {
            return Ok(());
        }
        let whole = self.bulk.contains(&Table::Demandes) || self.bulk.contains(&Table::Membres);
        if !whole {
            let changed = format!(
                "CREATE TEMP TABLE changed_numeros ON COMMIT DROP AS SELECT numero_unique FROM {} \
                 UNION SELECT numero_unique FROM {}",
                staging(Table::Demandes),
                staging(Table::Membres)
            );
            execute(&mut self.tx, &changed).await?;
        }
        for sql in projection::after_import(&DIALECT, whole, "changed_numeros") {
            execute(&mut self.tx, &sql).await?;
        }
        Ok(())
    }
}

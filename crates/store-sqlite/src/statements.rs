//! The store crate's own statements on SQLite: rows read by column type, writes in one
//! transaction.

use crate::bind::{Source, bind};
use crate::db_error;
use logis_store::statement::read_row;
use logis_store::{ColumnType, Result, Row, Statement, Value};
use sqlx::SqlitePool;

pub async fn fetch(
    pool: &SqlitePool,
    sql: &str,
    params: &[Value],
    columns: &[ColumnType],
) -> Result<Vec<Row>> {
    let query = params.iter().fold(sqlx::query(sql), bind);
    let rows = query.fetch_all(pool).await.map_err(db_error)?;
    rows.iter().map(|row| read_row(&Source(row), columns)).collect()
}

/// How a writing transaction begins: it takes the write lock at once (waiting for it up to the
/// busy timeout). A transaction that read first and wrote later could not wait: when another
/// writer committed meanwhile, SQLite refuses its upgrade at once (« database is locked »), as
/// happened to a lease signed while the cotation was being recomputed.
pub const WRITE: &str = "BEGIN IMMEDIATE";

/// How long a write waits for the write lock before it is refused as busy (the connections'
/// busy timeout): an import or a recalculation of the cotation may hold the lock for minutes,
/// and a user's page then says so instead of hanging.
pub const WRITE_WAIT: std::time::Duration = std::time::Duration::from_secs(5);
/// How long an import or a recalculation waits for another one to finish.
pub const BULK_WRITE_WAIT: std::time::Duration = std::time::Duration::from_secs(60);

pub async fn execute(pool: &SqlitePool, statements: &[Statement]) -> Result<u64> {
    let mut tx = pool.begin_with(WRITE).await.map_err(db_error)?;
    let changed = run(&mut tx, statements).await?;
    tx.commit().await.map_err(db_error)?;
    Ok(changed)
}

/// Runs `statements` on a connection already in a transaction (an import's, say).
pub async fn run(connection: &mut sqlx::SqliteConnection, statements: &[Statement]) -> Result<u64> {
    let mut changed = 0;
    for statement in statements {
        let query = statement.params.iter().fold(sqlx::query(&statement.sql), bind);
        changed += query.execute(&mut *connection).await.map_err(db_error)?.rows_affected();
    }
    Ok(changed)
}

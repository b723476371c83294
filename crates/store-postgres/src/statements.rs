//! The store crate's own statements on PostgreSQL: values bound, rows read by column type,
//! writes in one transaction.

use crate::db_error;
use crate::source::Source;
use logis_store::statement::read_row;
use logis_store::{ColumnType, Result, Row, Statement, Value};
use sqlx::postgres::PgArguments;
use sqlx::query::Query;
use sqlx::{PgPool, Postgres};

type PgQuery<'q> = Query<'q, Postgres, PgArguments>;

fn bind<'q>(query: PgQuery<'q>, value: &'q Value) -> PgQuery<'q> {
    match value {
        Value::Text(v) => query.bind(v.as_deref()),
        Value::Int(v) => query.bind(*v),
        Value::Bool(v) => query.bind(*v),
        Value::Date(v) => query.bind(*v),
        Value::Bytes(v) => query.bind(v.as_deref()),
    }
}

pub async fn fetch(
    pool: &PgPool,
    sql: &str,
    params: &[Value],
    columns: &[ColumnType],
) -> Result<Vec<Row>> {
    let query = params.iter().fold(sqlx::query(sql), bind);
    let rows = query.fetch_all(pool).await.map_err(db_error)?;
    rows.iter().map(|row| read_row(&Source(row), columns)).collect()
}

pub async fn execute(pool: &PgPool, statements: &[Statement]) -> Result<u64> {
    let mut tx = pool.begin().await.map_err(db_error)?;
    sqlx::query(crate::LOCK_TIMEOUT).execute(&mut *tx).await.map_err(db_error)?;
    let changed = run(&mut tx, statements).await?;
    tx.commit().await.map_err(db_error)?;
    Ok(changed)
}

/// Runs `statements` on a connection already in a transaction (an import's, say).
pub async fn run(connection: &mut sqlx::PgConnection, statements: &[Statement]) -> Result<u64> {
    let mut changed = 0;
    for statement in statements {
        let query = statement.params.iter().fold(sqlx::query(&statement.sql), bind);
        changed += query.execute(&mut *connection).await.map_err(db_error)?.rows_affected();
    }
    Ok(changed)
}

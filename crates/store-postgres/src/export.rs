//! Streaming a whole table out, row by row, in key order ("C" collation: the same order as
//! SQLite); reading the rows of one key.

use crate::db_error;
use crate::source::Source;
use futures::TryStreamExt;
use logis_domain::{Date, Demande, Membre};
use logis_store::households::household_row;
use logis_store::{Record, Result, Sink, Table};
use sqlx::PgPool;

pub async fn all(pool: &PgPool, table: Table, sink: &mut Sink<'_, Record>) -> Result<()> {
    let sql = table.export_sql();
    let mut rows = sqlx::query(&sql).fetch(pool);
    while let Some(row) = rows.try_next().await.map_err(db_error)? {
        sink(Record::read(table, &Source(&row))?)?;
    }
    Ok(())
}

/// The rows of `table` whose first key columns equal `key`.
pub async fn lookup(pool: &PgPool, table: Table, key: &[&str]) -> Result<Vec<Record>> {
    let sql = table.lookup_sql(key.len());
    let mut query = sqlx::query(&sql);
    for k in key {
        query = query.bind(*k);
    }
    let rows = query.fetch_all(pool).await.map_err(db_error)?;
    rows.iter().map(|row| Record::read(table, &Source(row))).collect()
}

/// The applications active at some date from `from` to `to`, with their households.
pub async fn households(
    pool: &PgPool,
    (from, to): (Date, Date),
    sink: &mut Sink<'_, (Demande, Vec<Membre>)>,
) -> Result<()> {
    let sql = Table::households_sql("demandes d");
    let mut rows = sqlx::query(&sql).bind(from).bind(to).fetch(pool);
    while let Some(row) = rows.try_next().await.map_err(db_error)? {
        sink(household_row(&Source(&row))?)?;
    }
    Ok(())
}

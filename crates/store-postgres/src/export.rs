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
        give_way().await;
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
        give_way().await;
    }
    Ok(())
}

/// Lets the runtime's other tasks run now and then during a long read. sqlx reads a
/// connection's socket without counting it against the task's budget: a read that the server
/// feeds faster than the rows are handled never gives its thread back, and a task woken by
/// that thread (a page whose database connection came back) waits for the whole read — four
/// seconds for the national scores read by the cotation, pages of every kind held.
async fn give_way() {
    tokio::task::coop::consume_budget().await;
}

//! Streaming a whole table out, row by row, in key order ("C" collation: the same order as
//! SQLite).

use crate::db_error;
use crate::source::Source;
use futures::TryStreamExt;
use logis_store::{Record, Result, Sink, StoreError, Table};
use sqlx::PgPool;

pub async fn all(pool: &PgPool, table: Table, sink: &mut Sink<'_, Record>) -> Result<()> {
    let sql = table.export_sql();
    let mut rows = sqlx::query(&sql).fetch(pool);
    while let Some(row) = rows.try_next().await.map_err(db_error)? {
        let value = Record::decode(table, &Source(&row))
            .map_err(|detail| StoreError::Corrupt { table: table.name(), detail })?;
        sink(value)?;
    }
    Ok(())
}

//! Streaming a whole table out, row by row, in key order.

use crate::bind::Source;
use crate::db_error;
use futures::TryStreamExt;
use logis_store::codec::Stored;
use logis_store::{Result, Sink, StoreError};
use sqlx::SqlitePool;

pub async fn all<T: Stored>(pool: &SqlitePool, sink: &mut Sink<'_, T>) -> Result<()> {
    // `+key` keeps SQLite from walking the key index (one random table lookup per row): a
    // full scan then one external sort is much faster on a large table.
    let table = T::TABLE;
    let order: Vec<String> = table.key().iter().map(|k| format!("+{k}")).collect();
    let sql = format!(
        "SELECT {} FROM {} ORDER BY {}",
        table.column_list(),
        table.name(),
        order.join(", ")
    );
    let mut rows = sqlx::query(&sql).fetch(pool);
    while let Some(row) = rows.try_next().await.map_err(db_error)? {
        let value = T::from_source(&Source(&row))
            .map_err(|detail| StoreError::Corrupt { table: T::TABLE.name(), detail })?;
        sink(value)?;
    }
    Ok(())
}

//! Streaming a whole table out, row by row, in key order.

use crate::bind::Source;
use crate::db_error;
use futures::TryStreamExt;
use logis_store::codec::Stored;
use logis_store::{Result, Sink, StoreError};
use sqlx::SqlitePool;

pub async fn all<T: Stored>(pool: &SqlitePool, sink: &mut Sink<'_, T>) -> Result<()> {
    let sql = T::TABLE.export_sql();
    let mut rows = sqlx::query(&sql).fetch(pool);
    while let Some(row) = rows.try_next().await.map_err(db_error)? {
        let value = T::from_source(&Source(&row))
            .map_err(|detail| StoreError::Corrupt { table: T::TABLE.name(), detail })?;
        sink(value)?;
    }
    Ok(())
}

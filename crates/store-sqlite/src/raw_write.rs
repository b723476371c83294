//! Rows written through SQLite's own interface on the connection of the import's transaction:
//! one statement of one row, prepared once per batch and run for every row. Through sqlx, every
//! value was copied, every statement sent to its worker thread, and a statement of thousands of
//! parameters parsed again for every batch. The transaction stays sqlx's: all or nothing.
//!
//! One of the two places of the workspace with `unsafe` code (the other gives freed memory
//! back, `crates/cli/src/allocator.rs`): rusqlite is handed sqlx's connection,
//! locked out of sqlx's worker thread while it writes (see the SAFETY note).
#![allow(unsafe_code)]

use crate::db_error;
use logis_store::value::Value;
use logis_store::{Result, Row, StoreError};
use sqlx::SqliteConnection;

/// SQLite's refusal as the store's: busy, a broken constraint, or another failure.
fn write_error(e: rusqlite::Error) -> StoreError {
    use rusqlite::ErrorCode::{ConstraintViolation, DatabaseBusy};
    match e.sqlite_error_code() {
        Some(DatabaseBusy) => StoreError::Busy(e.into()),
        Some(ConstraintViolation) => StoreError::Conflict(e.into()),
        _ => StoreError::Other(e.into()),
    }
}

/// Runs `sql` (a statement of one row, positional `?` parameters) once for each of `rows`, in
/// the transaction open on `connection`.
pub async fn each_row(connection: &mut SqliteConnection, sql: &str, rows: &[Row]) -> Result<()> {
    let mut handle = connection.lock_handle().await.map_err(db_error)?;
    let raw = handle.as_raw_handle();
    // SAFETY: `raw` is sqlx's open connection, kept out of sqlx's worker thread for as long as
    // `handle` lives. The rusqlite connection made from it does not own it (it is not closed
    // when dropped), is dropped before `handle` at the end of this function, and finalizes the
    // statement it prepared when dropped. Both crates link the same libsqlite3-sys.
    let db = unsafe { rusqlite::Connection::from_handle(raw.as_ptr()) }.map_err(write_error)?;
    let written = run(&db, sql, rows);
    drop(db);
    written
}

fn run(db: &rusqlite::Connection, sql: &str, rows: &[Row]) -> Result<()> {
    let mut statement = db.prepare(sql).map_err(write_error)?;
    for row in rows {
        for (i, value) in row.iter().enumerate() {
            bind(&mut statement, i + 1, value).map_err(write_error)?;
        }
        statement.raw_execute().map_err(write_error)?;
    }
    Ok(())
}

/// Binds one value as sqlx would (booleans as 0 or 1, dates as `YYYY-MM-DD` text).
fn bind(statement: &mut rusqlite::Statement<'_>, at: usize, value: &Value) -> rusqlite::Result<()> {
    match value {
        Value::Text(v) => statement.raw_bind_parameter(at, v.as_deref()),
        Value::Int(v) => statement.raw_bind_parameter(at, *v),
        Value::Bool(v) => statement.raw_bind_parameter(at, *v),
        Value::Date(v) => {
            let format = time::macros::format_description!("[year]-[month]-[day]");
            let text = v.map(|d| d.format(&format)).transpose();
            let text = text.map_err(|e| rusqlite::Error::ToSqlConversionFailure(e.into()))?;
            statement.raw_bind_parameter(at, text)
        }
        Value::Bytes(v) => statement.raw_bind_parameter(at, v.as_deref()),
    }
}

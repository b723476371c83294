//! Rows written through SQLite's own interface on the connection of the import's transaction:
//! one statement of one row, prepared once per batch and run for every row, its values bound
//! where they lie ([`RowStatement`]). Through sqlx, every value was copied, every statement
//! sent to its worker thread, and a statement of thousands of parameters parsed again for
//! every batch. The transaction stays sqlx's: all or nothing.
//!
//! One of the four places of the workspace with `unsafe` code (with [`crate::row_statement`],
//! [`crate::read_statement`] and the allocator's call that gives freed memory back,
//! `crates/cli/src/allocator.rs`):
//! rusqlite is handed sqlx's connection, locked out of sqlx's worker thread while it writes
//! (see the SAFETY note).
#![allow(unsafe_code)]

use crate::db_error;
use crate::row_statement::RowStatement;
use logis_domain::iso_date::IsoDate;
use logis_store::value::Value;
use logis_store::{Result, Row, StoreError};
use rusqlite::types::ValueRef;
use sqlx::SqliteConnection;
use std::sync::PoisonError;

/// SQLite's refusal as the store's: busy, a broken constraint, or another failure.
pub(crate) fn write_error(e: rusqlite::Error) -> StoreError {
    use rusqlite::ErrorCode::{ConstraintViolation, DatabaseBusy};
    match e.sqlite_error_code() {
        Some(DatabaseBusy) => StoreError::Busy(e.into()),
        Some(ConstraintViolation) => StoreError::Conflict(e.into()),
        _ => StoreError::Other(e.into()),
    }
}

/// Runs `write` with SQLite's own interface on the connection of the transaction open on
/// `connection`.
pub async fn on_connection<T: Send>(
    connection: &mut SqliteConnection,
    write: impl FnOnce(&rusqlite::Connection) -> Result<T> + Send,
) -> Result<T> {
    let mut handle = connection.lock_handle().await.map_err(db_error)?;
    let raw = handle.as_raw_handle();
    // SAFETY: `raw` is sqlx's open connection, kept out of sqlx's worker thread for as long as
    // `handle` lives. The rusqlite connection made from it does not own it (it is not closed
    // when dropped), is dropped before `handle` at the end of this function, and finalizes the
    // statements it prepared when dropped. Both crates link the same libsqlite3-sys. It is used
    // by one thread at a time: the writing thread, while this one waits for it to end.
    let db = unsafe { rusqlite::Connection::from_handle(raw.as_ptr()) }.map_err(write_error)?;
    let (db, written) = off_the_runtime(|| giving_way(db, write));
    drop(db);
    written
}

/// Runs `write` on `db` on a thread of its own that gives way to the pages a server answers
/// meanwhile ([`logis_store::give_way`]); gives the connection back, for it to be dropped
/// before sqlx's handle is released.
fn giving_way<T: Send>(
    db: rusqlite::Connection,
    write: impl FnOnce(&rusqlite::Connection) -> Result<T> + Send,
) -> (rusqlite::Connection, Result<T>) {
    // Taken by the writing thread, or here if the system refuses to start one.
    let unstarted = std::sync::Mutex::new(Some((db, write)));
    let take = || unstarted.lock().unwrap_or_else(PoisonError::into_inner).take();
    std::thread::scope(|scope| {
        let started = std::thread::Builder::new().spawn_scoped(scope, || {
            logis_store::give_way::lower_this_thread();
            let (db, write) = take().expect("taken once");
            with_connection(db, write)
        });
        match started {
            Ok(writer) => writer.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
            // The system refuses a thread: the rows are written here, at the usual priority.
            Err(e) => {
                tracing::warn!("fil d'écriture refusé par le système : {e}");
                let (db, write) = take().expect("not started");
                with_connection(db, write)
            }
        }
    })
}

/// `write` run on `db`, and `db` given back.
fn with_connection<T>(
    db: rusqlite::Connection,
    write: impl FnOnce(&rusqlite::Connection) -> Result<T>,
) -> (rusqlite::Connection, Result<T>) {
    let written = write(&db);
    (db, written)
}

/// Runs `work` (thousands of rows written, tens of milliseconds) without holding up the other
/// tasks of the runtime: on a multi-threaded runtime they move to its other threads meanwhile
/// (the writer took one of a server's two for the whole import otherwise). On a
/// single-threaded runtime (tests, tools) it simply runs.
fn off_the_runtime<T>(work: impl FnOnce() -> T) -> T {
    use tokio::runtime::{Handle, RuntimeFlavor};
    match Handle::try_current() {
        Ok(runtime) if runtime.runtime_flavor() == RuntimeFlavor::MultiThread => {
            tokio::task::block_in_place(work)
        }
        _ => work(),
    }
}

/// Runs `sql` (a statement of one row, positional `?` parameters) once for each of `rows`, in
/// the transaction open on `connection`; the places in `rows` of those that changed a row (an
/// upsert that finds its row equal changes none).
pub async fn each_row(
    connection: &mut SqliteConnection,
    sql: &str,
    rows: &[Row],
) -> Result<Vec<usize>> {
    on_connection(connection, |db| run(db, sql, rows)).await
}

/// [`each_row`] on SQLite's own connection.
pub fn run(db: &rusqlite::Connection, sql: &str, rows: &[Row]) -> Result<Vec<usize>> {
    let mut statement = RowStatement::prepare(db, sql).map_err(write_error)?;
    let mut written = Vec::new();
    for (at, row) in rows.iter().enumerate() {
        if statement.run(row).map_err(write_error)? > 0 {
            written.push(at);
        }
    }
    Ok(written)
}

/// Whether `value`, bound by [`RowStatement`], is what SQLite returns as `stored` (text and dates
/// byte for byte, booleans as 0 or 1). A value the column's type would have stored otherwise
/// (text in a numeric column) is never equal: its row is written again, as before.
pub fn stored_as(value: &Value, stored: ValueRef<'_>) -> bool {
    match (value, stored) {
        (Value::Text(None) | Value::Int(None) | Value::Bool(None), ValueRef::Null) => true,
        (Value::Date(None) | Value::Bytes(None), ValueRef::Null) => true,
        (Value::Text(Some(v)), ValueRef::Text(s)) => v.as_bytes() == s,
        (Value::Int(Some(v)), ValueRef::Integer(s)) => *v == s,
        (Value::Bool(Some(v)), ValueRef::Integer(s)) => i64::from(*v) == s,
        (Value::Date(Some(v)), ValueRef::Text(s)) => IsoDate::new(*v).as_bytes() == s,
        (Value::Bytes(Some(v)), ValueRef::Blob(s)) => v.as_slice() == s,
        _ => false,
    }
}

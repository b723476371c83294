//! Bulk reads through a blocking connection of their own (rusqlite, the same SQLite library):
//! a thread steps through the rows and copies them in batches ([`CopiedRows`]), a second one
//! decodes them, and the values are handed over in batches. sqlx copies every value of every
//! row and sends rows one by one from its worker thread, which made reading millions of rows
//! six times slower than the query itself; decoding on the stepping thread kept the second core
//! idle while the cotation read its 4 million households.

use crate::copied::{CopiedRow, CopiedRows};
use logis_domain::Date;
use logis_domain::iso_date::iso;
use logis_store::{Result, Sink, StoreError};
use rusqlite::{Connection, OpenFlags, ToSql};
use std::path::PathBuf;
use std::sync::mpsc as blocking;
use tokio::sync::mpsc;

/// Rows handed over at a time.
const BATCH: usize = 4_096;

pub(crate) fn read_error(e: rusqlite::Error) -> StoreError {
    StoreError::Other(e.into())
}

/// Runs the statement that `sql` chooses with named parameters (`$1`, `$2`… bound to `dates`)
/// on a read-only connection to `file`, decoding each row with `decode` (on a thread of its
/// own) and giving the values to `sink` in order. `sql` runs first, inside the same read
/// transaction as the statement, so that what it looks at to choose is what the statement
/// reads.
pub async fn stream<T, D, Q>(
    file: PathBuf,
    sql: Q,
    dates: Vec<Date>,
    decode: D,
    sink: &mut Sink<'_, T>,
) -> Result<()>
where
    T: Send + 'static,
    D: Fn(&CopiedRow<'_>) -> Result<T> + Send + 'static,
    Q: FnOnce(&Connection) -> Result<String> + Send + 'static,
{
    let (copies, copied) = blocking::sync_channel::<Result<CopiedRows>>(4);
    let stepper = std::thread::spawn(move || {
        if let Err(e) = step(&file, sql, &dates, &copies) {
            let _ = copies.send(Err(e));
        }
    });
    let (sender, mut receiver) = mpsc::channel::<Result<Vec<T>>>(4);
    let decoder = std::thread::spawn(move || {
        for batch in copied {
            let values = batch.and_then(|rows| {
                (0..rows.len()).map(|i| decode(&rows.row(i))).collect::<Result<Vec<T>>>()
            });
            let failed = values.is_err();
            if sender.blocking_send(values).is_err() || failed {
                return; // the consumer stopped, or will at this error
            }
        }
    });
    let mut outcome = Ok(());
    while let Some(batch) = receiver.recv().await {
        match batch.and_then(|values| values.into_iter().try_for_each(&mut *sink)) {
            Ok(()) => {}
            Err(e) => {
                outcome = Err(e);
                break;
            }
        }
    }
    drop(receiver);
    let stopped = |_| StoreError::other("lecture interrompue");
    decoder.join().map_err(stopped)?;
    stepper.join().map_err(stopped)?;
    outcome
}

/// Steps through the statement, sending its rows to `copies` in batches; stops early when
/// nobody receives them any more.
fn step<Q>(
    file: &std::path::Path,
    sql: Q,
    dates: &[Date],
    copies: &blocking::SyncSender<Result<CopiedRows>>,
) -> Result<()>
where
    Q: FnOnce(&Connection) -> Result<String>,
{
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let connection = Connection::open_with_flags(file, flags).map_err(read_error)?;
    connection.pragma_update(None, "cache_size", -131_072).map_err(read_error)?;
    connection.execute_batch("BEGIN").map_err(read_error)?;
    let sql = sql(&connection)?;
    let mut statement = connection.prepare(&sql).map_err(read_error)?;
    let width = statement.column_count();
    let names: Vec<String> = (1..=dates.len()).map(|i| format!("${i}")).collect();
    let texts: Vec<String> = dates.iter().map(|d| iso(*d)).collect();
    let params: Vec<(&str, &dyn ToSql)> =
        names.iter().map(String::as_str).zip(texts.iter().map(|t| t as &dyn ToSql)).collect();
    let mut rows = statement.query(params.as_slice()).map_err(read_error)?;
    let mut batch = CopiedRows::new(width, BATCH);
    while let Some(row) = rows.next().map_err(read_error)? {
        batch.push(row).map_err(read_error)?;
        if batch.len() == BATCH {
            let full = std::mem::replace(&mut batch, CopiedRows::new(width, BATCH));
            if copies.send(Ok(full)).is_err() {
                return Ok(()); // the consumer stopped
            }
        }
    }
    let _ = copies.send(Ok(batch));
    Ok(())
}

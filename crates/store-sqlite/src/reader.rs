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
    let stepper = bulk_thread("sqlite-lecture", move || {
        if let Err(e) = step(&file, sql, &dates, &copies) {
            let _ = copies.send(Err(e));
        }
    })?;
    let (sender, mut receiver) = mpsc::channel::<Result<Vec<T>>>(4);
    let decoder = bulk_thread("sqlite-decodage", move || {
        for batch in copied {
            let values = batch.and_then(|rows| {
                (0..rows.len()).map(|i| decode(&rows.row(i))).collect::<Result<Vec<T>>>()
            });
            let failed = values.is_err();
            if sender.blocking_send(values).is_err() || failed {
                return; // the consumer stopped, or will at this error
            }
        }
    })?;
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

/// A thread of a bulk read, named `name`: it gives way to the pages a server answers meanwhile
/// ([`logis_store::give_way`]; the cotation's, the duplicates' and the exports' reads of
/// millions of rows ran at the pages' priority, and a file page waited up to 1.5 s while the
/// cotation that follows an import read the register: benchmarks.md, issue 21). An export's
/// reading threads are made by it too.
pub(crate) fn bulk_thread(
    name: &str,
    work: impl FnOnce() + Send + 'static,
) -> Result<std::thread::JoinHandle<()>> {
    std::thread::Builder::new()
        .name(name.to_owned())
        .spawn(move || {
            logis_store::give_way::lower_this_thread();
            work()
        })
        .map_err(|e| {
            StoreError::other(format!(
                "lecture impossible à lancer : le système refuse un fil de plus ({e}) ; recommencez dans quelques minutes"
            ))
        })
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

#[cfg(all(test, target_os = "linux"))]
mod tests {
    use super::*;
    use logis_store::value::ColumnSource;

    fn own_priority() -> i32 {
        rustix::process::getpriority_process(Some(rustix::thread::gettid())).expect("priority")
    }

    #[tokio::test]
    async fn a_bulk_read_decodes_its_rows_on_a_thread_that_gives_way_to_the_pages() {
        let dir = tempfile::tempdir().expect("a folder");
        let file = dir.path().join("lecture.db");
        let db = Connection::open(&file).expect("a database");
        db.execute_batch("CREATE TABLE t (n INTEGER); INSERT INTO t VALUES (1), (2), (3);")
            .expect("rows");
        drop(db);
        let own = own_priority();
        let decode = |row: &CopiedRow<'_>| -> Result<(i64, i32, String)> {
            let n = row.int(0).map_err(StoreError::other)?.unwrap_or_default();
            let name = std::thread::current().name().unwrap_or_default().to_owned();
            Ok((n, own_priority(), name))
        };
        let mut read = Vec::new();
        let sql = |_: &Connection| Ok("SELECT n FROM t ORDER BY n".to_owned());
        stream(file, sql, Vec::new(), decode, &mut |v| {
            read.push(v);
            Ok(())
        })
        .await
        .expect("read");
        assert_eq!(read.iter().map(|(n, ..)| *n).collect::<Vec<_>>(), [1, 2, 3]);
        for (_, priority, name) in &read {
            assert_eq!(name, "sqlite-decodage");
            if own < 10 {
                assert!(*priority > own, "decoded at {priority}, the test at {own}");
            }
        }
        assert_eq!(own_priority(), own, "the caller's own priority is left as it was");
    }
}

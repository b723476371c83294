//! The whole-store export of a database file, on every core: each table's rows are cut into
//! ranges of row numbers, read in the order they are stored (no sort), and the ranges are shared
//! out among reading threads, each with its own read-only connection, which encode the rows
//! where SQLite holds them (no copy); the caller receives them in order. Every connection reads
//! the same snapshot of all the tables: they start reading while a write lock, taken for that
//! moment, keeps any writer from committing in between. When another writer holds it (an import
//! is committing), one thread reads everything, in one snapshot too.

use crate::read_statement::ReadStatement;
use crate::reader::read_error;
use logis_store::{Encoded, Encoder, Result, Sink, StoreError, Table};
use rusqlite::{Connection, OpenFlags, TransactionBehavior};
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::mpsc;

/// Row numbers in a range read at a time: about ten megabytes of an application's lines.
const RANGE: i64 = 32_768;

/// Ranges read ahead of the one written, per thread.
const AHEAD: usize = 2;

/// Reading threads at most (more cores help little: the file is written by one).
const THREADS: usize = 4;

/// A range of one table's row numbers, `from..to`.
#[derive(Debug, Clone, Copy)]
struct Range {
    table: Table,
    from: i64,
    to: i64,
}

pub async fn encoded(
    file: &Path,
    tables: &[Table],
    encoder: Arc<Encoder>,
    sink: &mut Sink<'_, Encoded>,
) -> Result<()> {
    let (file, tables) = (file.to_owned(), tables.to_vec());
    let started = tokio::task::spawn_blocking(move || start(&file, &tables, encoder))
        .await
        .map_err(|_| StoreError::other("lecture interrompue"))??;
    let Started { mut receivers, ranges, threads } = started;
    let (mut outcome, threads_count) = (Ok(()), receivers.len());
    for index in 0..ranges {
        let next = receivers[index % threads_count].recv().await;
        let Some(encoded) = next else {
            outcome = Err(StoreError::other("lecture interrompue"));
            break;
        };
        if let Err(e) = encoded.and_then(|e| if e.rows > 0 { sink(e) } else { Ok(()) }) {
            outcome = Err(e);
            break;
        }
    }
    drop(receivers);
    for thread in threads {
        thread.join().map_err(|_| StoreError::other("lecture interrompue"))?;
    }
    outcome
}

/// The reading threads at work, and what they will send.
struct Started {
    /// One per thread: thread `t` reads the ranges `t`, `t + n`, `t + 2n`…
    receivers: Vec<mpsc::Receiver<Result<Encoded>>>,
    ranges: usize,
    threads: Vec<std::thread::JoinHandle<()>>,
}

fn start(file: &Path, tables: &[Table], encoder: Arc<Encoder>) -> Result<Started> {
    let cores = std::thread::available_parallelism().map_or(1, usize::from).min(THREADS);
    let connections = same_snapshot(file, cores)?;
    let ranges = ranges(&connections[0], tables)?;
    let count = connections.len();
    let mut receivers = Vec::with_capacity(count);
    let mut threads = Vec::with_capacity(count);
    for (t, connection) in connections.into_iter().enumerate() {
        let own: Vec<Range> = ranges.iter().skip(t).step_by(count).copied().collect();
        let (sender, receiver) = mpsc::channel(AHEAD);
        let encoder = encoder.clone();
        let reading = move || read(&connection, &own, &*encoder, &sender);
        threads.push(crate::reader::bulk_thread("sqlite-export", reading)?);
        receivers.push(receiver);
    }
    Ok(Started { receivers, ranges: ranges.len(), threads })
}

/// `wanted` read-only connections (fewer when a writer is committing), each in a read
/// transaction of the same snapshot.
fn same_snapshot(file: &Path, wanted: usize) -> Result<Vec<Connection>> {
    let mut guard = Connection::open(file).map_err(read_error)?;
    guard.busy_timeout(Duration::ZERO).map_err(read_error)?;
    let lock = guard.transaction_with_behavior(TransactionBehavior::Immediate).ok();
    let count = if lock.is_some() { wanted } else { 1 };
    let connections = (0..count).map(|_| reading(file)).collect::<Result<Vec<_>>>()?;
    drop(lock); // rolled back: it wrote nothing
    Ok(connections)
}

/// A read-only connection whose read transaction has started.
fn reading(file: &Path) -> Result<Connection> {
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let connection = Connection::open_with_flags(file, flags).map_err(read_error)?;
    connection.pragma_update(None, "cache_size", -65_536).map_err(read_error)?;
    connection.execute_batch("BEGIN").map_err(read_error)?;
    connection
        .query_row("SELECT count(*) FROM sqlite_schema", [], |row| row.get::<_, i64>(0))
        .map_err(read_error)?;
    Ok(connection)
}

/// Each table's row numbers cut into ranges, in the order of `tables`.
fn ranges(connection: &Connection, tables: &[Table]) -> Result<Vec<Range>> {
    let mut ranges = Vec::new();
    for &table in tables {
        let sql = format!("SELECT min(rowid), max(rowid) FROM {}", table.name());
        let (first, last): (Option<i64>, Option<i64>) = connection
            .query_row(&sql, [], |row| Ok((row.get(0)?, row.get(1)?)))
            .map_err(read_error)?;
        let (Some(first), Some(last)) = (first, last) else { continue };
        // Row numbers far apart (set by hand) make wider ranges, not millions of empty ones.
        let width = RANGE.max((last - first) / (1 << 16));
        let mut from = first;
        while from <= last {
            let to = from.saturating_add(width);
            ranges.push(Range { table, from, to });
            from = to;
        }
    }
    Ok(ranges)
}

/// Reads and encodes `ranges` in order, sending each to `out`; stops at the first error (sent)
/// or when nobody receives any more.
fn read(
    connection: &Connection,
    ranges: &[Range],
    encoder: &Encoder,
    out: &mpsc::Sender<Result<Encoded>>,
) {
    // The statement of the table being read (ranges come a table after the other).
    let mut reading: Option<(Table, ReadStatement<'_>)> = None;
    for range in ranges {
        if reading.as_ref().is_none_or(|(table, _)| *table != range.table) {
            drop(reading.take()); // the last table's statement finalized first
            match ReadStatement::prepare(connection, &range_sql(range.table)) {
                Ok(statement) => reading = Some((range.table, statement)),
                Err(e) => {
                    let _ = out.blocking_send(Err(read_error(e)));
                    return;
                }
            }
        }
        let (_, statement) = reading.as_mut().expect("prepared above");
        let encoded = encode(statement, *range, encoder);
        let failed = encoded.is_err();
        if out.blocking_send(encoded).is_err() || failed {
            return;
        }
    }
}

/// The rows of a range of row numbers of `table`, `?1..?2`, in the order they are stored.
fn range_sql(table: Table) -> String {
    format!(
        "SELECT {} FROM {} WHERE rowid >= ?1 AND rowid < ?2 ORDER BY rowid",
        table.column_list(),
        table.name()
    )
}

fn encode(statement: &mut ReadStatement<'_>, range: Range, encoder: &Encoder) -> Result<Encoded> {
    statement.start(&[range.from, range.to]).map_err(read_error)?;
    let mut chunk = encoder(range.table);
    let mut count = 0;
    while let Some(row) = statement.next().map_err(read_error)? {
        chunk.row(&row)?;
        count += 1;
    }
    Ok(Encoded { table: range.table, rows: count, bytes: chunk.finish()? })
}

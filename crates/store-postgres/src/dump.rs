//! The whole-store export through `COPY … TO STDOUT`, on three connections: every table read in
//! one snapshot (the others take the first's), in the order stored (no sort), each table cut
//! into ranges of pages that the connections read in turn, in COPY's binary format
//! ([`crate::binary_rows`]); each chunk of rows is lent cell by cell to the caller's encoder on
//! a blocking thread while the server sends the next. The caller receives the chunks in order.

use crate::binary_rows::{self, BinaryRow, Next, next_row};
use crate::db_error;
use futures::TryStreamExt;
use logis_store::{Encoded, Encoder, Result, Sink, StoreError, Table};
use sqlx::pool::PoolConnection;
use sqlx::{PgConnection, PgPool, Postgres};
use std::collections::VecDeque;
use std::sync::Arc;
use tokio::sync::mpsc;
use tokio::task::JoinHandle;

/// Bytes of COPY's rows encoded at a time: about a megabyte.
const CHUNK: usize = 1 << 20;

/// Chunks being encoded per connection while the next arrives (a megabyte each; as many again
/// may wait for the caller).
const AHEAD: usize = 4;

/// Connections reading at once: the server's processes and the encoding keep two cores busy
/// (three measured 10 % faster than two on the national set).
const CONNECTIONS: usize = 3;

/// Pages in a range at least (2 MiB); a big table is cut into about 64 ranges.
const MIN_PAGES: i64 = 256;

/// A range of one table's pages, `from..to` (`to` open for the last: the pages added since
/// the table was measured hold no row of the snapshot, but are read all the same).
#[derive(Debug, Clone, Copy)]
struct Range {
    table: Table,
    from: i64,
    to: Option<i64>,
}

/// What a connection sends: a chunk of a range, or the end of a range.
type Sent = Result<Option<Encoded>>;

pub async fn encoded(
    pool: &PgPool,
    tables: &[Table],
    encoder: Arc<Encoder>,
    sink: &mut Sink<'_, Encoded>,
) -> Result<()> {
    if tables.is_empty() {
        return Ok(());
    }
    // Every connection taken, and the tables measured, before any lock: waiting for the pool
    // then holds nothing up. (A table swapped in meanwhile is read whole all the same: the last
    // range of each table is open.)
    let mut taken = vec![pool.acquire().await.map_err(db_error)?];
    let ranges = ranges(&mut taken[0], tables).await?;
    while taken.len() < CONNECTIONS.min(ranges.len()) {
        taken.push(pool.acquire().await.map_err(db_error)?);
    }
    let mut taken = taken.into_iter().map(InSnapshot::from);
    let mut first = taken.next().expect("one connection at least");
    let snapshot = begin_first(first.connection(), tables).await?;
    let mut connections = vec![first];
    for mut other in taken {
        match begin_other(other.connection(), tables, &snapshot).await {
            Ok(()) => connections.push(other),
            // An import waits to swap a table in: the first connection reads alone (below).
            Err(StoreError::Busy(_)) => break,
            Err(e) => return Err(e),
        }
    }
    let count = connections.len();
    let mut receivers = Vec::with_capacity(count);
    let mut readers = Vec::with_capacity(count);
    for (t, connection) in connections.into_iter().enumerate() {
        let own: Vec<Range> = ranges.iter().skip(t).step_by(count).copied().collect();
        let (sender, receiver) = mpsc::channel(AHEAD);
        readers.push(tokio::spawn(read(connection, own, encoder.clone(), sender)));
        receivers.push(receiver);
    }
    let outcome = receive(&mut receivers, ranges.len(), sink).await;
    drop(receivers);
    let mut ended = Ok(());
    for reader in readers {
        if reader.await.is_err() {
            ended = Err(StoreError::other("lecture interrompue"));
        }
    }
    outcome.and(ended)
}

/// A connection in the export's transaction. Dropped before it has committed (an error, a
/// COPY stopped midway, the export abandoned), it is closed, not given back to the pool.
struct InSnapshot(Option<PoolConnection<Postgres>>);

impl From<PoolConnection<Postgres>> for InSnapshot {
    fn from(connection: PoolConnection<Postgres>) -> Self {
        InSnapshot(Some(connection))
    }
}

impl InSnapshot {
    fn connection(&mut self) -> &mut PgConnection {
        self.0.as_mut().expect("a connection until committed")
    }

    /// Ends the transaction and gives the connection back.
    async fn commit(mut self) -> Result<()> {
        run(self.connection(), "COMMIT").await?;
        drop(self.0.take());
        Ok(())
    }
}

impl Drop for InSnapshot {
    fn drop(&mut self) {
        if let Some(mut connection) = self.0.take() {
            connection.close_on_drop();
        }
    }
}

/// The chunks of `ranges` ranges, range after range, each from the connection that read it.
async fn receive(
    receivers: &mut [mpsc::Receiver<Sent>],
    ranges: usize,
    sink: &mut Sink<'_, Encoded>,
) -> Result<()> {
    let count = receivers.len();
    for index in 0..ranges {
        loop {
            match receivers[index % count].recv().await {
                Some(Ok(Some(encoded))) => sink(encoded)?,
                Some(Ok(None)) => break,
                Some(Err(e)) => return Err(e),
                None => return Err(StoreError::other("lecture interrompue")),
            }
        }
    }
    Ok(())
}

/// Starts the first connection's read-only transaction: the tables locked before its snapshot
/// is taken (an import's commit that replaces a table, its shadow swapped in, waits for the
/// export, instead of leaving it a table made after its snapshot, whose rows it would not
/// see); returns the snapshot's name.
async fn begin_first(connection: &mut PgConnection, tables: &[Table]) -> Result<String> {
    run(connection, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY").await?;
    run(connection, &lock(tables, "")).await?;
    sqlx::query_scalar("SELECT pg_export_snapshot()")
        .fetch_one(&mut *connection)
        .await
        .map_err(db_error)
}

/// Starts another connection's transaction in the first one's snapshot, its own locks taken at
/// once or not at all (`StoreError::Busy`): an import waiting to swap a table, queued behind
/// the first connection's lock, would have this one wait behind it while the first waits for
/// this one — a deadlock PostgreSQL cannot see, through the export's own code.
async fn begin_other(
    connection: &mut PgConnection,
    tables: &[Table],
    snapshot: &str,
) -> Result<()> {
    run(connection, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY").await?;
    run(connection, &format!("SET TRANSACTION SNAPSHOT '{snapshot}'")).await?;
    run(connection, &lock(tables, " NOWAIT")).await
}

fn lock(tables: &[Table], nowait: &str) -> String {
    let names: Vec<&str> = tables.iter().map(|t| t.name()).collect();
    format!("LOCK TABLE {} IN ACCESS SHARE MODE{nowait}", names.join(", "))
}

/// Runs a statement of the export's own, not kept among the connection's prepared ones.
async fn run(connection: &mut PgConnection, sql: &str) -> Result<()> {
    sqlx::query(sql).persistent(false).execute(&mut *connection).await.map_err(db_error)?;
    Ok(())
}

/// Each table's pages cut into ranges, in the order of `tables`.
async fn ranges(connection: &mut PgConnection, tables: &[Table]) -> Result<Vec<Range>> {
    let mut ranges = Vec::new();
    for &table in tables {
        let pages: i64 = sqlx::query_scalar(
            "SELECT pg_relation_size($1::regclass) / current_setting('block_size')::bigint",
        )
        .bind(table.name())
        .fetch_one(&mut *connection)
        .await
        .map_err(db_error)?;
        let width = MIN_PAGES.max(pages / 64);
        let mut from = 0;
        while from + width < pages {
            ranges.push(Range { table, from, to: Some(from + width) });
            from += width;
        }
        ranges.push(Range { table, from, to: None });
    }
    Ok(ranges)
}

/// Reads `ranges` in order on `connection`, sending their chunks and the end of each; stops at
/// the first error (sent) or when nobody receives any more. Commits when all are read.
async fn read(
    mut connection: InSnapshot,
    ranges: Vec<Range>,
    encoder: Arc<Encoder>,
    out: mpsc::Sender<Sent>,
) {
    for range in ranges {
        if let Err(e) = copy_out(connection.connection(), range, &encoder, &out).await {
            let _ = out.send(Err(e)).await;
            return;
        }
    }
    // Every row has been sent: a failed COMMIT of this read-only transaction loses nothing
    // (the connection is closed, and the error told if anyone still listens).
    if let Err(e) = connection.commit().await {
        let _ = out.send(Err(e)).await;
    }
}

/// The rows of `range` sent in chunks, then its end. Stopped early (nobody receives), it is an
/// error: the connection is left in the middle of a COPY.
async fn copy_out(
    connection: &mut PgConnection,
    range: Range,
    encoder: &Arc<Encoder>,
    out: &mpsc::Sender<Sent>,
) -> Result<()> {
    let Range { table, from, to } = range;
    let columns = table.exported_column_list();
    let sql = match to {
        None if from == 0 => {
            format!("COPY {} ({columns}) TO STDOUT (FORMAT binary)", table.name())
        }
        _ => format!(
            "COPY (SELECT {columns} FROM {} WHERE ctid >= '({from},0)'::tid{}) TO STDOUT (FORMAT binary)",
            table.name(),
            to.map(|to| format!(" AND ctid < '({to},0)'::tid")).unwrap_or_default()
        ),
    };
    let stopped = || StoreError::other("lecture interrompue");
    let unreadable = |detail: String| corrupt(table, detail);
    let mut stream = connection.copy_out_raw(&sql).await.map_err(db_error)?;
    let mut pending: VecDeque<JoinHandle<Result<Encoded>>> = VecDeque::new();
    let mut buffer = Vec::with_capacity(CHUNK + CHUNK / 8);
    // The header read; the trailer seen.
    let (mut started, mut ended) = (false, false);
    loop {
        let data = stream.try_next().await.map_err(db_error)?;
        let end = data.is_none();
        if let Some(data) = data {
            // The server's messages of a COPY are each one row, the protocol says, the header
            // before the first (or before the trailer, no row at all): the buffer holds whole
            // rows, and the encoder checks that each is whole. The trailer is never a row (no
            // row has a negative count of fields).
            if ended {
                return Err(unreadable("données après la dernière ligne".to_owned()));
            }
            let mut row = &data[..];
            if !started {
                let length = binary_rows::header(row)
                    .map_err(unreadable)?
                    .ok_or_else(|| unreadable("en-tête incomplet".to_owned()))?;
                row = &row[length..];
                started = true;
            }
            if row == binary_rows::TRAILER {
                ended = true;
            } else {
                buffer.extend_from_slice(row);
            }
        }
        if buffer.len() >= CHUNK || (end && !buffer.is_empty()) {
            let rows = std::mem::replace(&mut buffer, Vec::with_capacity(CHUNK + CHUNK / 8));
            let encoder = encoder.clone();
            pending.push_back(tokio::task::spawn_blocking(move || encode(table, &rows, &*encoder)));
        }
        while pending.len() > AHEAD || (end && !pending.is_empty()) {
            let done = pending.pop_front().expect("a chunk pending");
            let encoded = done.await.map_err(|_| stopped())??;
            out.send(Ok(Some(encoded))).await.map_err(|_| stopped())?;
        }
        if end {
            if !ended {
                return Err(unreadable("fin des lignes absente".to_owned()));
            }
            return out.send(Ok(None)).await.map_err(|_| stopped());
        }
    }
}

/// Whole rows of COPY's binary format, each lent to a chunk encoder of `table`.
fn encode(table: Table, rows: &[u8], encoder: &Encoder) -> Result<Encoded> {
    let columns = table.exported_columns();
    let mut chunk = encoder(table);
    let (mut count, mut at) = (0, 0);
    let mut fields = Vec::with_capacity(columns.len());
    while at < rows.len() {
        let Next::Row(next) = next_row(rows, at, &mut fields).map_err(|e| corrupt(table, e))?
        else {
            return Err(corrupt(table, "ligne incomplète".to_owned()));
        };
        if fields.len() != columns.len() {
            let detail = format!("{} colonnes lues, {} attendues", fields.len(), columns.len());
            return Err(corrupt(table, detail));
        }
        chunk.row(&BinaryRow { columns, fields: &fields })?;
        (count, at) = (count + 1, next);
    }
    Ok(Encoded { table, rows: count, bytes: chunk.finish()? })
}

fn corrupt(table: Table, detail: String) -> StoreError {
    StoreError::Corrupt { table: table.name(), detail }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{TempDatabase, server_url};
    use logis_store::Store;
    use std::time::Duration;

    /// The deadlock the start of the export avoids: its first connection holds its locks, an
    /// import waiting to swap a table queues behind them, and another connection of the export
    /// asks for its own lock — refused at once (then the first reads alone), never queued
    /// behind the import.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn another_connection_is_refused_its_lock_rather_than_wait_behind_an_import() {
        let Some(server) = server_url() else { return };
        let db = TempDatabase::create(&server).await.expect("database");
        let store = crate::PgStore::open(&db.url).await.expect("store");
        let tables = [Table::Membres];
        let mut first = store.pool.acquire().await.expect("connection");
        let snapshot = begin_first(&mut first, &tables).await.expect("first locks");
        let mut import = store.pool.acquire().await.expect("connection");
        let swap = tokio::spawn(async move {
            run(&mut import, "BEGIN").await?;
            run(&mut import, "LOCK TABLE membres IN ACCESS EXCLUSIVE MODE").await?;
            run(&mut import, "ROLLBACK").await
        });
        while sqlx::query_scalar::<_, i64>("SELECT count(*) FROM pg_locks WHERE NOT granted")
            .fetch_one(&store.pool)
            .await
            .expect("locks")
            == 0
        {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        let mut other = store.pool.acquire().await.expect("connection");
        let refused = tokio::time::timeout(
            Duration::from_secs(10),
            begin_other(&mut other, &tables, &snapshot),
        )
        .await
        .expect("refused at once, not queued behind the import");
        assert!(matches!(refused, Err(StoreError::Busy(_))), "{refused:?}");
        run(&mut first, "COMMIT").await.expect("first ends");
        swap.await.expect("import").expect("the import's lock granted once the export ends");
        drop((first, other));
        store.close().await;
        db.drop_now().await.expect("drop");
    }
}

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

/// Chunks being encoded, or waiting for the caller, per connection (a megabyte each).
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
    let mut first = InSnapshot::acquire(pool).await?;
    let snapshot = begin(first.connection(), tables, None).await?;
    let ranges = ranges(first.connection(), tables).await?;
    let mut connections = vec![first];
    while connections.len() < CONNECTIONS.min(ranges.len()) {
        let mut other = InSnapshot::acquire(pool).await?;
        begin(other.connection(), tables, Some(&snapshot)).await?;
        connections.push(other);
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
    for reader in readers {
        reader.await.map_err(|_| StoreError::other("lecture interrompue"))?;
    }
    outcome
}

/// A connection in the export's transaction. Dropped before it has committed (an error, a
/// COPY stopped midway, the export abandoned), it is closed, not given back to the pool.
struct InSnapshot(Option<PoolConnection<Postgres>>);

impl InSnapshot {
    async fn acquire(pool: &PgPool) -> Result<Self> {
        Ok(InSnapshot(Some(pool.acquire().await.map_err(db_error)?)))
    }

    fn connection(&mut self) -> &mut PgConnection {
        self.0.as_mut().expect("a connection until committed")
    }

    /// Ends the transaction and gives the connection back.
    async fn commit(mut self) -> Result<()> {
        sqlx::query("COMMIT").execute(self.connection()).await.map_err(db_error)?;
        drop(self.0.take());
        Ok(())
    }
}

impl Drop for InSnapshot {
    fn drop(&mut self) {
        if let Some(connection) = self.0.take() {
            drop(connection.detach());
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

/// Starts the read-only transaction of a connection: the first locks the tables before its
/// snapshot is taken and returns the snapshot's name; the others take it.
async fn begin(
    connection: &mut PgConnection,
    tables: &[Table],
    snapshot: Option<&str>,
) -> Result<String> {
    let names: Vec<&str> = tables.iter().map(|t| t.name()).collect();
    let mut statements = vec!["BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY".to_owned()];
    if let Some(snapshot) = snapshot {
        statements.push(format!("SET TRANSACTION SNAPSHOT '{snapshot}'"));
    }
    // Locked before the snapshot is taken: an import's commit that replaces a table (its
    // shadow swapped in) waits for the export, instead of leaving it a table made after its
    // snapshot, whose rows it would not see.
    statements.push(format!("LOCK TABLE {} IN ACCESS SHARE MODE", names.join(", ")));
    statements.push("SET LOCAL DateStyle = 'ISO, YMD'".to_owned());
    for sql in &statements {
        sqlx::query(sql).execute(&mut *connection).await.map_err(db_error)?;
    }
    if snapshot.is_some() {
        return Ok(String::new());
    }
    sqlx::query_scalar("SELECT pg_export_snapshot()")
        .fetch_one(&mut *connection)
        .await
        .map_err(db_error)
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
    let sql = match to {
        None if from == 0 => {
            format!("COPY {} ({}) TO STDOUT (FORMAT binary)", table.name(), table.column_list())
        }
        _ => format!(
            "COPY (SELECT {} FROM {} WHERE ctid >= '({from},0)'::tid{}) TO STDOUT (FORMAT binary)",
            table.column_list(),
            table.name(),
            to.map(|to| format!(" AND ctid < '({to},0)'::tid")).unwrap_or_default()
        ),
    };
    let stopped = || StoreError::other("lecture interrompue");
    let unreadable = |detail: String| corrupt(table, detail);
    let mut stream = connection.copy_out_raw(&sql).await.map_err(db_error)?;
    let mut pending: VecDeque<JoinHandle<Result<Encoded>>> = VecDeque::new();
    let mut buffer = Vec::with_capacity(CHUNK + CHUNK / 8);
    // The header taken away; the end of the whole rows in `buffer`; the trailer seen.
    let (mut started, mut whole, mut ended) = (false, 0, false);
    loop {
        let data = stream.try_next().await.map_err(db_error)?;
        let end = data.is_none();
        if let Some(data) = data {
            buffer.extend_from_slice(&data);
        }
        if !started {
            match binary_rows::header(&buffer).map_err(unreadable)? {
                Some(length) => drop(buffer.drain(..length)),
                None if end => return Err(unreadable("en-tête incomplet".to_owned())),
                None => continue,
            }
            started = true;
        }
        if !ended {
            (whole, ended) = binary_rows::whole_rows(&buffer, whole).map_err(unreadable)?;
        }
        if whole >= CHUNK || (end && whole > 0) {
            let rest = buffer.split_off(whole);
            let rows = std::mem::replace(&mut buffer, rest);
            whole = 0;
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
                return Err(unreadable("dernière ligne incomplète".to_owned()));
            }
            return out.send(Ok(None)).await.map_err(|_| stopped());
        }
    }
}

/// Whole rows of COPY's binary format, each lent to a chunk encoder of `table`.
fn encode(table: Table, rows: &[u8], encoder: &Encoder) -> Result<Encoded> {
    let columns = table.columns();
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

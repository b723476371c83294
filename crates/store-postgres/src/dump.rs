//! The whole-store export through `COPY … TO STDOUT`, on two connections: every table read in
//! one snapshot (the second connection takes the first's), in the order stored (no sort), each
//! table cut into ranges of pages that the connections read in turn, as PostgreSQL's text rows;
//! each chunk of rows is lent cell by cell to the caller's encoder on a blocking thread while the
//! server sends the next. The caller receives the chunks in order.

use crate::db_error;
use futures::TryStreamExt;
use logis_store::{Cell, ColumnType, Encoded, Encoder, Result, Sink, StoreError, StoredRow, Table};
use sqlx::pool::PoolConnection;
use sqlx::{PgConnection, PgPool, Postgres};
use std::borrow::Cow;
use std::collections::VecDeque;
use std::sync::Arc;
use tokio::sync::mpsc;
use tokio::task::JoinHandle;

/// Bytes of COPY text encoded at a time: about a megabyte of lines.
const CHUNK: usize = 1 << 20;

/// Chunks being encoded, or waiting for the caller, per connection.
const AHEAD: usize = 2;

/// Connections reading at once: the server sends each one's rows on a core of its own.
const CONNECTIONS: usize = 2;

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
        None if from == 0 => format!("COPY {} ({}) TO STDOUT", table.name(), table.column_list()),
        _ => format!(
            "COPY (SELECT {} FROM {} WHERE ctid >= '({from},0)'::tid{}) TO STDOUT",
            table.column_list(),
            table.name(),
            to.map(|to| format!(" AND ctid < '({to},0)'::tid")).unwrap_or_default()
        ),
    };
    let stopped = || StoreError::other("lecture interrompue");
    let mut stream = connection.copy_out_raw(&sql).await.map_err(db_error)?;
    let mut pending: VecDeque<JoinHandle<Result<Encoded>>> = VecDeque::new();
    let mut buffer = Vec::with_capacity(CHUNK + CHUNK / 8);
    loop {
        let data = stream.try_next().await.map_err(db_error)?;
        let end = data.is_none();
        if let Some(data) = data {
            buffer.extend_from_slice(&data);
        }
        if buffer.len() >= CHUNK || (end && !buffer.is_empty()) {
            let cut = buffer.iter().rposition(|b| *b == b'\n').map_or(0, |at| at + 1);
            let rest = buffer.split_off(cut);
            let rows = std::mem::replace(&mut buffer, rest);
            let encoder = encoder.clone();
            pending.push_back(tokio::task::spawn_blocking(move || encode(table, &rows, &*encoder)));
        }
        while pending.len() > AHEAD || (end && !pending.is_empty()) {
            let done = pending.pop_front().expect("a chunk pending");
            let encoded = done.await.map_err(|_| stopped())??;
            out.send(Ok(Some(encoded))).await.map_err(|_| stopped())?;
        }
        if end {
            if !buffer.is_empty() {
                return Err(corrupt(table, "dernière ligne incomplète".to_owned()));
            }
            return out.send(Ok(None)).await.map_err(|_| stopped());
        }
    }
}

/// Lines of COPY text, each lent to a chunk encoder of `table`. Tabs and line breaks inside a
/// value are escaped: every raw one ends a field, looked for in one pass with the backslashes.
fn encode(table: Table, rows: &[u8], encoder: &Encoder) -> Result<Encoded> {
    let text = std::str::from_utf8(rows).map_err(|e| corrupt(table, e.to_string()))?;
    let columns = table.columns();
    let mut chunk = encoder(table);
    let mut count = 0;
    let mut fields: Vec<Option<Cow<'_, str>>> = Vec::with_capacity(columns.len());
    let (mut start, mut escaped) = (0, false);
    for at in memchr::memchr3_iter(b'\t', b'\n', b'\\', rows) {
        if rows[at] == b'\\' {
            escaped = true;
            continue;
        }
        fields.push(field(&text[start..at], escaped));
        (start, escaped) = (at + 1, false);
        if rows[at] == b'\n' {
            if fields.len() != columns.len() {
                let detail = format!("{} colonnes lues, {} attendues", fields.len(), columns.len());
                return Err(corrupt(table, detail));
            }
            chunk.row(&CopiedRow { columns, fields: &fields })?;
            fields.clear();
            count += 1;
        }
    }
    Ok(Encoded { table, rows: count, bytes: chunk.finish()? })
}

fn corrupt(table: Table, detail: String) -> StoreError {
    StoreError::Corrupt { table: table.name(), detail }
}

/// A field of COPY's text format: `\N` for NULL, its backslash escapes (if it has any)
/// undone.
fn field(text: &str, escaped: bool) -> Option<Cow<'_, str>> {
    if !escaped {
        return Some(Cow::Borrowed(text));
    }
    if text == "\\N" {
        return None;
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        // What PostgreSQL writes: a backslash before a backslash, and these control characters.
        match chars.next() {
            Some('b') => out.push('\u{8}'),
            Some('f') => out.push('\u{c}'),
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            Some('t') => out.push('\t'),
            Some('v') => out.push('\u{b}'),
            Some(other) => out.push(other),
            None => {}
        }
    }
    Some(Cow::Owned(out))
}

/// One row of COPY text, its fields read by the stored columns' types.
struct CopiedRow<'a> {
    columns: &'static [(&'static str, ColumnType)],
    fields: &'a [Option<Cow<'a, str>>],
}

impl StoredRow for CopiedRow<'_> {
    fn cell(&self, index: usize) -> std::result::Result<Cell<'_>, String> {
        let (Some(field), Some((_, kind))) = (self.fields.get(index), self.columns.get(index))
        else {
            return Err(format!("colonne {index} absente"));
        };
        let Some(text) = field.as_deref() else { return Ok(Cell::Null) };
        Ok(match kind {
            ColumnType::Text | ColumnType::Date => Cell::Text(text),
            ColumnType::Int => Cell::Int(
                text.parse().map_err(|_| format!("entier attendu en colonne {index} : {text}"))?,
            ),
            ColumnType::Bool => match text {
                "t" => Cell::Int(1),
                "f" => Cell::Int(0),
                _ => return Err(format!("booléen attendu en colonne {index} : {text}")),
            },
            ColumnType::Bytes => return Err(format!("octets en colonne {index}")),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_read_as_copy_writes_them() {
        assert_eq!(field("\\N", true), None);
        assert_eq!(field("Dupont", false), Some(Cow::Borrowed("Dupont")));
        assert_eq!(field("", false), Some(Cow::Borrowed("")));
        let escaped = "a\\\\b\\tc\\nd\\re\\bf\\fg\\vh";
        assert_eq!(field(escaped, true).as_deref(), Some("a\\b\tc\nd\re\u{8}f\u{c}g\u{b}h"));
        assert_eq!(field("\\\\N", true).as_deref(), Some("\\N"));
    }

    /// The rows an encoder of `table` receives from `copy`: each row's four first cells as it
    /// lends them, on a line.
    fn lent(table: Table, copy: &str) -> Result<Vec<String>> {
        struct Lines(String);
        impl logis_store::ChunkEncoder for Lines {
            fn row(&mut self, row: &dyn StoredRow) -> Result<()> {
                let cells: Vec<String> = (0..4).map(|i| format!("{:?}", row.cell(i))).collect();
                self.0 += &(cells.join(" ") + "\n");
                Ok(())
            }
            fn finish(self: Box<Self>) -> Result<Vec<u8>> {
                Ok(self.0.into_bytes())
            }
        }
        let encoder: Box<Encoder> = Box::new(|_| Box::new(Lines(String::new())));
        let encoded = encode(table, copy.as_bytes(), &*encoder)?;
        let text = String::from_utf8(encoded.bytes).expect("UTF-8");
        assert_eq!(text.lines().count() as u64, encoded.rows);
        Ok(text.lines().map(str::to_owned).collect())
    }

    #[test]
    fn rows_are_cut_at_raw_tabs_and_line_breaks_only() {
        let copy = "0821\t1\ta\\tb\\\\\t2010-05-01\n0822\t2\t\\N\t\\N\n";
        let rows = lent(Table::Membres, copy).expect("read");
        assert_eq!(
            rows,
            [
                r#"Ok(Text("0821")) Ok(Int(1)) Ok(Text("a\tb\\")) Ok(Text("2010-05-01"))"#,
                "Ok(Text(\"0822\")) Ok(Int(2)) Ok(Null) Ok(Null)",
            ]
        );
        let short = lent(Table::Membres, "0821\t1\tenfant\n");
        assert!(short.is_err_and(|e| e.to_string().contains("3 colonnes lues, 4 attendues")));
    }

    #[test]
    fn cells_follow_the_stored_types() {
        let columns = Table::Demandes.columns();
        let mut fields: Vec<Option<Cow<'_, str>>> = vec![None; columns.len()];
        let at = |name: &str| columns.iter().position(|(n, _)| *n == name).expect(name);
        let (numero, date, income) =
            (at("numero_unique"), at("date_depot"), at("ressources_mensuelles"));
        fields[numero] = Some(Cow::Borrowed("082-1"));
        fields[date] = Some(Cow::Borrowed("2024-02-29"));
        fields[income] = Some(Cow::Borrowed("123450"));
        let row = CopiedRow { columns, fields: &fields };
        assert_eq!(row.cell(numero), Ok(Cell::Text("082-1")));
        assert_eq!(row.cell(date), Ok(Cell::Text("2024-02-29")));
        assert_eq!(row.cell(income), Ok(Cell::Int(123_450)));
        assert_eq!(row.cell(at("statut")), Ok(Cell::Null));
        assert!(row.cell(columns.len()).is_err());
        fields[income] = Some(Cow::Borrowed("douze"));
        let row = CopiedRow { columns, fields: &fields };
        assert!(row.cell(income).is_err_and(|e| e.contains("entier attendu")));
    }
}

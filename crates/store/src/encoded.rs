//! The whole-store export's seam: each backend reads the rows the fastest way it can (the
//! SQLite one in parallel, on every core, each row lent where it lies), and the caller's
//! [`Encoder`] turns the stored cells into the bytes of their files on the same threads; the
//! caller receives the bytes in order.

use crate::{Result, Sink, Table, Value};
use logis_domain::Date;

/// One stored cell, lent by the backend. SQLite stores a date as its ISO text, which it lends
/// as text; a boolean is an integer, 1 or 0.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cell<'a> {
    Null,
    Int(i64),
    Text(&'a str),
    Date(Date),
}

/// A stored row's cells, by column index in its table's order ([`Table::columns`]).
pub trait StoredRow {
    fn cell(&self, index: usize) -> std::result::Result<Cell<'_>, String>;
}

impl StoredRow for Vec<Value> {
    fn cell(&self, index: usize) -> std::result::Result<Cell<'_>, String> {
        let value = self.get(index).ok_or_else(|| format!("colonne {index} absente"))?;
        Ok(match value {
            Value::Text(Some(text)) => Cell::Text(text),
            Value::Int(Some(n)) => Cell::Int(*n),
            Value::Bool(Some(b)) => Cell::Int(i64::from(*b)),
            Value::Date(Some(d)) => Cell::Date(*d),
            Value::Text(None) | Value::Int(None) | Value::Bool(None) | Value::Date(None) => {
                Cell::Null
            }
            Value::Bytes(_) => return Err(format!("octets en colonne {index}")),
        })
    }
}

/// Turns rows of one table into the bytes of their lines, a chunk of rows at a time.
pub trait ChunkEncoder: Send {
    /// Adds one row to the chunk.
    fn row(&mut self, row: &dyn StoredRow) -> Result<()>;
    /// The bytes of the rows added, in the order added.
    fn finish(self: Box<Self>) -> Result<Vec<u8>>;
}

/// Makes the encoder of a new chunk of `table`'s rows; called on the backend's threads.
pub type Encoder = dyn Fn(Table) -> Box<dyn ChunkEncoder> + Send + Sync;

/// Consecutive rows of one table, encoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Encoded {
    pub table: Table,
    /// How many rows the bytes hold.
    pub rows: u64,
    pub bytes: Vec<u8>,
}

/// Rows encoded together by [`in_key_order`]: about a megabyte of lines.
const CHUNK: u64 = 4_096;

/// The export of a backend that reads one table after the other through
/// [`crate::Store::export`] (key order), encoding on the caller's thread.
pub async fn in_key_order(
    store: &(impl crate::Store + ?Sized),
    tables: &[Table],
    encoder: &Encoder,
    sink: &mut Sink<'_, Encoded>,
) -> Result<()> {
    for &table in tables {
        let mut chunk = encoder(table);
        let mut rows = 0;
        store
            .export(table, &mut |record| {
                chunk.row(&record.to_row())?;
                rows += 1;
                if rows == CHUNK {
                    let full = std::mem::replace(&mut chunk, encoder(table));
                    sink(Encoded {
                        table,
                        rows: std::mem::take(&mut rows),
                        bytes: full.finish()?,
                    })?;
                }
                Ok(())
            })
            .await?;
        if rows > 0 {
            sink(Encoded { table, rows, bytes: chunk.finish()? })?;
        }
    }
    Ok(())
}

//! Bulk reads through a blocking connection of their own (rusqlite, the same SQLite library):
//! a thread steps through the rows and decodes them, and hands them over in batches. sqlx
//! copies every value of every row and sends rows one by one from its worker thread, which
//! made reading millions of rows six times slower than the query itself.

use logis_domain::Date;
use logis_store::value::ColumnSource;
use logis_store::{Result, Sink, StoreError};
use rusqlite::types::ValueRef;
use rusqlite::{Connection, OpenFlags, ToSql};
use std::path::PathBuf;
use tokio::sync::mpsc;

/// Rows handed over at a time.
const BATCH: usize = 4_096;

/// A rusqlite row read by column index.
pub struct RowSource<'a>(pub &'a rusqlite::Row<'a>);

impl ColumnSource for RowSource<'_> {
    fn text(&self, index: usize) -> Result<Option<String>, String> {
        self.0.get(index).map_err(|e| e.to_string())
    }
    fn int(&self, index: usize) -> Result<Option<i64>, String> {
        self.0.get(index).map_err(|e| e.to_string())
    }
    fn boolean(&self, index: usize) -> Result<Option<bool>, String> {
        self.0.get(index).map_err(|e| e.to_string())
    }
    fn read_text<T>(
        &self,
        index: usize,
        read: impl FnOnce(Option<&str>) -> Result<T, String>,
    ) -> Result<T, String> {
        match self.0.get_ref(index).map_err(|e| e.to_string())? {
            ValueRef::Null => read(None),
            ValueRef::Text(bytes) => read(Some(
                std::str::from_utf8(bytes)
                    .map_err(|e| format!("texte illisible en colonne {index} : {e}"))?,
            )),
            other => Err(format!("texte attendu en colonne {index}, lu {:?}", other.data_type())),
        }
    }
    fn date(&self, index: usize) -> Result<Option<Date>, String> {
        let format = time::macros::format_description!("[year]-[month]-[day]");
        self.read_text(index, |text| {
            text.map(|t| Date::parse(t, &format).map_err(|e| format!("date illisible `{t}` : {e}")))
                .transpose()
        })
    }
    fn bytes(&self, index: usize) -> Result<Option<Vec<u8>>, String> {
        self.0.get(index).map_err(|e| e.to_string())
    }
}

pub(crate) fn read_error(e: rusqlite::Error) -> StoreError {
    StoreError::Other(e.into())
}

/// Runs the statement that `sql` chooses with named parameters (`$1`, `$2`… bound to `dates`)
/// on a read-only connection to `file`, decoding each row with `decode` and giving the values
/// to `sink` in order. `sql` runs first, inside the same read transaction as the statement,
/// so that what it looks at to choose is what the statement reads.
pub async fn stream<T, D, Q>(
    file: PathBuf,
    sql: Q,
    dates: Vec<Date>,
    decode: D,
    sink: &mut Sink<'_, T>,
) -> Result<()>
where
    T: Send + 'static,
    D: Fn(&RowSource<'_>) -> Result<T> + Send + 'static,
    Q: FnOnce(&Connection) -> Result<String> + Send + 'static,
{
    let (sender, mut receiver) = mpsc::channel::<Result<Vec<T>>>(4);
    let reader = std::thread::spawn(move || {
        let run = || -> Result<()> {
            let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
            let connection = Connection::open_with_flags(&file, flags).map_err(read_error)?;
            connection.pragma_update(None, "cache_size", -131_072).map_err(read_error)?;
            connection.execute_batch("BEGIN").map_err(read_error)?;
            let sql = sql(&connection)?;
            let mut statement = connection.prepare(&sql).map_err(read_error)?;
            let names: Vec<String> = (1..=dates.len()).map(|i| format!("${i}")).collect();
            let texts: Vec<String> = dates.iter().map(|d| iso(*d)).collect();
            let params: Vec<(&str, &dyn ToSql)> = names
                .iter()
                .map(String::as_str)
                .zip(texts.iter().map(|t| t as &dyn ToSql))
                .collect();
            let mut rows = statement.query(params.as_slice()).map_err(read_error)?;
            let mut batch = Vec::with_capacity(BATCH);
            while let Some(row) = rows.next().map_err(read_error)? {
                batch.push(decode(&RowSource(row))?);
                if batch.len() == BATCH {
                    let full = std::mem::replace(&mut batch, Vec::with_capacity(BATCH));
                    if sender.blocking_send(Ok(full)).is_err() {
                        return Ok(()); // the consumer stopped
                    }
                }
            }
            let _ = sender.blocking_send(Ok(batch));
            Ok(())
        };
        if let Err(e) = run() {
            let _ = sender.blocking_send(Err(e));
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
    reader.join().map_err(|_| StoreError::other("lecture interrompue"))?;
    outcome
}

/// A date as SQLite stores it.
fn iso(date: Date) -> String {
    format!("{:04}-{:02}-{:02}", date.year(), date.month() as u8, date.day())
}

//! A statement of one row, run for many rows, its values bound where they lie: SQLite's own
//! interface with `SQLITE_STATIC`, where rusqlite's binding has SQLite copy every text into
//! memory of its own (those copies and their allocations were a fifth of the national import's
//! writing thread: benchmarks.md, issue 21). The rows are borrowed for as long as the
//! statement lives — its `Drop` (which finalizes it) makes the borrow checker keep them alive
//! until then — so SQLite never holds a value that is gone when it runs the statement.
//!
//! With `raw_write` (sqlx's connection lent to rusqlite), `read_statement` (the export's rows
//! read where they lie) and the allocator's call into mimalloc (`crates/cli/src/allocator.rs`),
//! one of the four places of the workspace with `unsafe` code.
#![allow(unsafe_code)]

use logis_domain::iso_date::IsoDate;
use logis_store::value::Value;
use rusqlite::ffi;
use std::cell::Cell;
use std::ffi::{CStr, c_int};
use std::marker::PhantomData;
use std::ptr::NonNull;

/// Room for one date's text.
type DateText = [u8; IsoDate::LONGEST];

/// A prepared statement of positional parameters (`?`), run once per row of `'rows`.
pub struct RowStatement<'db, 'rows> {
    db: &'db rusqlite::Connection,
    statement: NonNull<ffi::sqlite3_stmt>,
    /// The dates of the row being run, written as text (one place per parameter) and bound
    /// where they lie. In cells: a place is written through a shared reference while SQLite
    /// keeps pointers to the others.
    dates: Box<[Cell<DateText>]>,
    rows: PhantomData<&'rows [Value]>,
}

impl<'db, 'rows> RowStatement<'db, 'rows> {
    pub fn prepare(db: &'db rusqlite::Connection, sql: &str) -> rusqlite::Result<Self> {
        let statement = prepared(db, sql)?;
        // SAFETY: `statement` was just prepared and is not finalized yet.
        let parameters = unsafe { ffi::sqlite3_bind_parameter_count(statement.as_ptr()) };
        let places = usize::try_from(parameters).unwrap_or(0);
        let dates = (0..places).map(|_| Cell::new([0; IsoDate::LONGEST])).collect();
        Ok(RowStatement { db, statement, dates, rows: PhantomData })
    }

    /// Runs the statement with the values of `row` as its parameters `?1`, `?2`…; how many
    /// rows it changed. A row must give every parameter (none may keep the last row's value).
    pub fn run(&mut self, row: &'rows [Value]) -> rusqlite::Result<usize> {
        if row.len() != self.dates.len() {
            return Err(rusqlite::Error::InvalidParameterCount(row.len(), self.dates.len()));
        }
        for (at, value) in row.iter().enumerate() {
            self.bind(at, value)?;
        }
        let statement = self.statement.as_ptr();
        // SAFETY: every parameter was just bound, to bytes that live for 'rows or in
        // `self.dates`.
        let stepped = unsafe { ffi::sqlite3_step(statement) };
        let outcome = match stepped {
            // SAFETY: the connection is open for 'db.
            ffi::SQLITE_DONE => Ok(unsafe { ffi::sqlite3_changes64(self.db.handle()) }),
            ffi::SQLITE_ROW => Err(rusqlite::Error::ExecuteReturnedResults),
            code => Err(failure(self.db, code)),
        };
        // SAFETY: the statement is prepared; its error, if any, was read above.
        let reset = unsafe { ffi::sqlite3_reset(statement) };
        if outcome.is_ok() && reset != ffi::SQLITE_OK {
            return Err(failure(self.db, reset));
        }
        outcome.map(|changed| usize::try_from(changed).unwrap_or(0))
    }

    /// Binds `value` to the parameter of place `at` (from 0, within the statement's count),
    /// without a copy: booleans as 0 or 1 and dates as `AAAA-MM-JJ` text, as sqlx binds them;
    /// an empty text or blob as rusqlite binds it (a static `""`, a zero-length blob).
    fn bind(&self, at: usize, value: &'rows Value) -> rusqlite::Result<()> {
        let statement = self.statement.as_ptr();
        let index = c_int::try_from(at + 1).map_err(|_| too_big())?;
        let length = |bytes: &[u8]| c_int::try_from(bytes.len()).map_err(|_| too_big());
        // SAFETY: `statement` is prepared. Texts and blobs are bound with SQLITE_STATIC: SQLite
        // reads them when the statement runs, and never after it is reset (no trace or
        // expanded SQL is asked of it), until they are bound again or the statement is
        // finalized. Those of `value` live for 'rows, which outlives the statement; a date
        // lies in `self.dates`, freed after the statement is finalized, and written again only
        // for the next row, once this one has run and the statement has been reset.
        let code = unsafe {
            match value {
                Value::Text(Some(text)) if text.is_empty() => {
                    ffi::sqlite3_bind_text(statement, index, c"".as_ptr(), 0, ffi::SQLITE_STATIC())
                }
                Value::Text(Some(text)) => ffi::sqlite3_bind_text(
                    statement,
                    index,
                    text.as_ptr().cast(),
                    length(text.as_bytes())?,
                    ffi::SQLITE_STATIC(),
                ),
                Value::Int(Some(n)) => ffi::sqlite3_bind_int64(statement, index, *n),
                Value::Bool(Some(b)) => ffi::sqlite3_bind_int64(statement, index, i64::from(*b)),
                Value::Date(Some(date)) => {
                    let text = IsoDate::new(*date);
                    let text = text.as_bytes();
                    let mut room = [0; IsoDate::LONGEST];
                    room[..text.len()].copy_from_slice(text);
                    let place = &self.dates[at];
                    place.set(room);
                    ffi::sqlite3_bind_text(
                        statement,
                        index,
                        place.as_ptr().cast(),
                        length(text)?,
                        ffi::SQLITE_STATIC(),
                    )
                }
                Value::Bytes(Some(blob)) if blob.is_empty() => {
                    ffi::sqlite3_bind_zeroblob(statement, index, 0)
                }
                Value::Bytes(Some(blob)) => ffi::sqlite3_bind_blob(
                    statement,
                    index,
                    blob.as_ptr().cast(),
                    length(blob)?,
                    ffi::SQLITE_STATIC(),
                ),
                Value::Text(None)
                | Value::Int(None)
                | Value::Bool(None)
                | Value::Date(None)
                | Value::Bytes(None) => ffi::sqlite3_bind_null(statement, index),
            }
        };
        if code == ffi::SQLITE_OK { Ok(()) } else { Err(failure(self.db, code)) }
    }
}

impl Drop for RowStatement<'_, '_> {
    fn drop(&mut self) {
        // SAFETY: the statement was prepared by `prepare` and is finalized once, here, before
        // the dates it may point to are freed.
        unsafe { ffi::sqlite3_finalize(self.statement.as_ptr()) };
    }
}

/// `sql` prepared on `db`, to be finalized by its owner (`sqlite3_finalize`) while `db` is open.
pub(crate) fn prepared(
    db: &rusqlite::Connection,
    sql: &str,
) -> rusqlite::Result<NonNull<ffi::sqlite3_stmt>> {
    let length = c_int::try_from(sql.len()).map_err(|_| too_big())?;
    let mut statement = std::ptr::null_mut();
    // SAFETY: the connection is open; SQLite reads `length` bytes of `sql` and writes the
    // statement's address (null for an empty text) into `statement`.
    let code = unsafe {
        ffi::sqlite3_prepare_v3(
            db.handle(),
            sql.as_ptr().cast(),
            length,
            ffi::SQLITE_PREPARE_PERSISTENT,
            &mut statement,
            std::ptr::null_mut(),
        )
    };
    if code != ffi::SQLITE_OK {
        return Err(failure(db, code));
    }
    NonNull::new(statement).ok_or(rusqlite::Error::InvalidQuery)
}

/// SQLite's error `code` with the connection's message, as rusqlite reports it.
pub(crate) fn failure(db: &rusqlite::Connection, code: c_int) -> rusqlite::Error {
    // SAFETY: the connection is open; its message is copied before any other call on it.
    let message = unsafe { CStr::from_ptr(ffi::sqlite3_errmsg(db.handle())) };
    let message = message.to_string_lossy().into_owned();
    rusqlite::Error::SqliteFailure(ffi::Error::new(code), Some(message))
}

fn too_big() -> rusqlite::Error {
    rusqlite::Error::SqliteFailure(ffi::Error::new(ffi::SQLITE_TOOBIG), None)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::borrow::Cow;

    /// A row of the test's table as read back.
    type Stored = (String, i64, i64, String, Option<Vec<u8>>);

    fn table() -> rusqlite::Connection {
        let db = rusqlite::Connection::open_in_memory().expect("memory");
        db.execute_batch("CREATE TABLE t (a TEXT, b INTEGER, c INTEGER, d TEXT, e BLOB)")
            .expect("table");
        db
    }

    #[test]
    fn rows_are_stored_as_sqlx_stores_them_and_each_row_keeps_its_own_values() {
        let db = table();
        let date = time::Date::from_calendar_date(2024, time::Month::February, 9).expect("date");
        let rows: Vec<Vec<Value>> = (0..3)
            .map(|i| {
                vec![
                    Value::Text(Some(Cow::Owned(format!("texte {i} é")))),
                    Value::Int(Some(i)),
                    Value::Bool(Some(i == 1)),
                    Value::Date(date.checked_add(time::Duration::days(i))),
                    Value::Bytes((i != 2).then(|| vec![0, 1, i as u8])),
                ]
            })
            .collect();
        {
            let mut statement =
                RowStatement::prepare(&db, "INSERT INTO t VALUES (?, ?, ?, ?, ?)").expect("sql");
            for row in &rows {
                assert_eq!(statement.run(row).expect("run"), 1);
            }
        }
        let mut read = db.prepare("SELECT a, b, c, d, e FROM t ORDER BY b").expect("select");
        let stored: Vec<Stored> = read
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)))
            .expect("query")
            .map(|r| r.expect("row"))
            .collect();
        assert_eq!(
            stored,
            [
                ("texte 0 é".into(), 0, 0, "2024-02-09".into(), Some(vec![0, 1, 0])),
                ("texte 1 é".into(), 1, 1, "2024-02-10".into(), Some(vec![0, 1, 1])),
                ("texte 2 é".into(), 2, 0, "2024-02-11".into(), None),
            ]
        );
    }

    #[test]
    fn a_refused_row_is_told_and_the_next_one_runs() {
        let db = table();
        db.execute_batch("CREATE UNIQUE INDEX t_a ON t (a)").expect("index");
        let row = vec![Value::Text(Some(Cow::Borrowed("x")))];
        let other = vec![Value::Text(Some(Cow::Borrowed("y")))];
        let too_many = vec![Value::Int(Some(1)), Value::Int(Some(2))];
        let none: Vec<Value> = Vec::new();
        let mut statement =
            RowStatement::prepare(&db, "INSERT INTO t (a) VALUES (?)").expect("sql");
        statement.run(&row).expect("first");
        let refused = statement.run(&row).expect_err("the same key twice");
        assert_eq!(refused.sqlite_error_code(), Some(rusqlite::ErrorCode::ConstraintViolation));
        assert!(refused.to_string().contains("UNIQUE"), "{refused}");
        assert_eq!(statement.run(&other).expect("another key"), 1);
        assert!(matches!(
            statement.run(&too_many),
            Err(rusqlite::Error::InvalidParameterCount(2, 1))
        ));
        assert!(matches!(statement.run(&none), Err(rusqlite::Error::InvalidParameterCount(0, 1))));
        assert!(RowStatement::prepare(&db, "INSERT INTO nowhere VALUES (?)").is_err());
    }

    #[test]
    fn empty_texts_and_blobs_stay_empty_and_an_upsert_that_changes_nothing_counts_none() {
        let db = table();
        db.execute_batch("CREATE UNIQUE INDEX t_b ON t (b)").expect("index");
        let empty = vec![
            Value::Text(Some(Cow::Owned(String::new()))),
            Value::Int(Some(1)),
            Value::Bytes(Some(Vec::new())),
        ];
        let sql = "INSERT INTO t (a, b, e) VALUES (?, ?, ?) \
                   ON CONFLICT (b) DO UPDATE SET a = excluded.a WHERE a IS NOT excluded.a";
        let mut statement = RowStatement::prepare(&db, sql).expect("sql");
        assert_eq!(statement.run(&empty).expect("inserted"), 1);
        assert_eq!(statement.run(&empty).expect("the same row"), 0);
        drop(statement);
        let stored: (String, String, String) = db
            .query_row("SELECT a, typeof(a), typeof(e) FROM t", [], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            })
            .expect("row");
        assert_eq!(stored, (String::new(), "text".to_owned(), "blob".to_owned()));
    }
}

//! A statement whose rows are read where SQLite holds them, each cell through SQLite's own
//! interface: rusqlite's reading of a cell (its checks of the index and the type, its
//! conversions, four calls into SQLite) took a quarter of the export's reading threads
//! (benchmarks.md, issue 21). The export reads every row of the register this way.
//!
//! With `row_statement`, `raw_write` and the allocator's call into mimalloc, one of the four
//! places of the workspace with `unsafe` code.
#![allow(unsafe_code)]

use crate::copied::mismatched;
use crate::row_statement::{failure, prepared};
use logis_store::utf8::text_of;
use logis_store::{Cell, StoredRow};
use rusqlite::ffi;
use std::ffi::c_int;
use std::ptr::NonNull;

/// A prepared statement of integer parameters, whose rows are read one at a time.
pub struct ReadStatement<'db> {
    db: &'db rusqlite::Connection,
    statement: NonNull<ffi::sqlite3_stmt>,
    /// The number of columns of its rows.
    width: usize,
    /// Whether its last step gave its last row (or failed): nothing to step until it is
    /// started again.
    finished: bool,
}

impl<'db> ReadStatement<'db> {
    /// Prepares `sql`: a `SELECT` of a table's columns as stored, in a database of UTF-8 texts
    /// (Logis's), whose texts SQLite hands out as they lie (see [`CurrentRow`]'s cells).
    pub fn prepare(db: &'db rusqlite::Connection, sql: &str) -> rusqlite::Result<Self> {
        let statement = prepared(db, sql)?;
        // SAFETY: `statement` was just prepared and is not finalized yet.
        let width = unsafe { ffi::sqlite3_column_count(statement.as_ptr()) };
        let width = usize::try_from(width).unwrap_or(0);
        Ok(ReadStatement { db, statement, width, finished: true })
    }

    /// Starts reading the rows again from the first, with `parameters` bound to `?1`, `?2`…
    /// (as many as the statement has).
    pub fn start(&mut self, parameters: &[i64]) -> rusqlite::Result<()> {
        let statement = self.statement.as_ptr();
        // SAFETY: the statement is prepared; a reset ends the reading of its last rows, whose
        // cells nobody borrows any more (a row borrows the statement, `start` takes it whole).
        unsafe { ffi::sqlite3_reset(statement) };
        // Nothing to step until every parameter is bound again.
        self.finished = true;
        // SAFETY: the statement is prepared.
        let count = unsafe { ffi::sqlite3_bind_parameter_count(statement) };
        if usize::try_from(count).ok() != Some(parameters.len()) {
            let expected = usize::try_from(count).unwrap_or(0);
            return Err(rusqlite::Error::InvalidParameterCount(parameters.len(), expected));
        }
        for (at, value) in (1..).zip(parameters) {
            // SAFETY: the statement is prepared and `at` is one of its parameters.
            let code = unsafe { ffi::sqlite3_bind_int64(statement, at, *value) };
            if code != ffi::SQLITE_OK {
                return Err(failure(self.db, code));
            }
        }
        self.finished = false;
        Ok(())
    }

    /// The next row, while there is one.
    pub fn next(&mut self) -> rusqlite::Result<Option<CurrentRow<'_>>> {
        if self.finished {
            return Ok(None);
        }
        // SAFETY: the statement is prepared and its parameters bound by `start`; no cell of
        // its last row is borrowed any more (a row borrows the statement, `next` takes it
        // whole).
        match unsafe { ffi::sqlite3_step(self.statement.as_ptr()) } {
            ffi::SQLITE_ROW => Ok(Some(CurrentRow { statement: self })),
            ffi::SQLITE_DONE => {
                self.finished = true;
                Ok(None)
            }
            code => {
                self.finished = true;
                Err(failure(self.db, code))
            }
        }
    }
}

impl Drop for ReadStatement<'_> {
    fn drop(&mut self) {
        // SAFETY: the statement was prepared by `prepare` and is finalized once, here, when
        // no row borrows it any more.
        unsafe { ffi::sqlite3_finalize(self.statement.as_ptr()) };
    }
}

/// What an exported cell may hold.
const EXPECTED: &str = "texte ou entier";

/// The row a statement has just stepped to, read where SQLite holds it until its next step.
pub struct CurrentRow<'s> {
    statement: &'s ReadStatement<'s>,
}

impl StoredRow for CurrentRow<'_> {
    fn cell(&self, index: usize) -> Result<Cell<'_>, String> {
        if index >= self.statement.width {
            return Err(format!("colonne {index} absente"));
        }
        let (statement, at) = (self.statement.statement.as_ptr(), index as c_int);
        // SAFETY: the statement is on a row (`next` gave it) and `at` is one of its columns.
        // The value is SQLite's own for that cell until the statement steps, is reset or
        // finalized, none of which can happen while this row borrows the statement. It is
        // "unprotected" (the connection's mutex is not held while it is read): the connection
        // is used by this thread alone (rusqlite's connections cannot be shared between
        // threads), so nothing else touches the statement meanwhile.
        let value = unsafe { ffi::sqlite3_column_value(statement, at) };
        // SAFETY: as above.
        match unsafe { ffi::sqlite3_value_type(value) } {
            ffi::SQLITE_NULL => Ok(Cell::Null),
            // SAFETY: as above; an integer is read as it is stored.
            ffi::SQLITE_INTEGER => Ok(Cell::Int(unsafe { ffi::sqlite3_value_int64(value) })),
            ffi::SQLITE_TEXT => {
                // SAFETY: as above. A text is read as UTF-8, the encoding of Logis's
                // databases, and a column's text as stored ends with the terminating zero
                // SQLite adds when it reads it: SQLite converts nothing, and the bytes stay
                // where they are as long as the value, whatever other cell is read; their
                // length is asked after them, as SQLite advises.
                let bytes = unsafe {
                    let text = ffi::sqlite3_value_text(value);
                    let length = ffi::sqlite3_value_bytes(value);
                    if text.is_null() {
                        return Err(format!("colonne {index} illisible : mémoire épuisée"));
                    }
                    std::slice::from_raw_parts(text, usize::try_from(length).unwrap_or(0))
                };
                text_of(bytes, index).map(Cell::Text)
            }
            ffi::SQLITE_FLOAT => Err(mismatched(EXPECTED, index, "un nombre à virgule")),
            _ => Err(mismatched(EXPECTED, index, "des octets")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn database() -> rusqlite::Connection {
        let db = rusqlite::Connection::open_in_memory().expect("memory");
        db.execute_batch(
            "CREATE TABLE t (a TEXT, b INTEGER, c REAL, d BLOB);
             INSERT INTO t VALUES ('Dupont é', 42, 1.5, x'00ff'), ('', -7, NULL, NULL),
                                  (NULL, NULL, NULL, NULL), (CAST(x'c328' AS TEXT), 1, NULL, NULL);",
        )
        .expect("table");
        db
    }

    /// The first two cells of each row of `rowid` in `from..to`, as written.
    fn read(statement: &mut ReadStatement<'_>, from: i64, to: i64) -> Vec<String> {
        statement.start(&[from, to]).expect("started");
        let mut lines = Vec::new();
        while let Some(row) = statement.next().expect("row") {
            let cells = [row.cell(0), row.cell(1)];
            lines.push(format!("{:?}", cells.map(|c| c.map_err(|e| e.to_string()))));
        }
        lines
    }

    #[test]
    fn cells_are_read_as_stored_again_at_each_start() {
        let db = database();
        let sql = "SELECT a, b, c, d FROM t WHERE rowid >= ?1 AND rowid < ?2 ORDER BY rowid";
        let mut statement = ReadStatement::prepare(&db, sql).expect("prepared");
        assert_eq!(
            read(&mut statement, 1, 4),
            [
                r#"[Ok(Text("Dupont é")), Ok(Int(42))]"#,
                r#"[Ok(Text("")), Ok(Int(-7))]"#,
                "[Ok(Null), Ok(Null)]",
            ]
        );
        assert_eq!(read(&mut statement, 2, 3), [r#"[Ok(Text("")), Ok(Int(-7))]"#]);
        assert!(read(&mut statement, 10, 20).is_empty());
        assert!(statement.next().expect("after the last row").is_none());
    }

    #[test]
    fn a_cell_that_is_not_a_text_or_an_integer_is_refused_with_its_column() {
        let db = database();
        let sql = "SELECT a, b, c, d FROM t WHERE rowid >= ?1 AND rowid < ?2";
        let mut statement = ReadStatement::prepare(&db, sql).expect("prepared");
        statement.start(&[1, 2]).expect("started");
        let row = statement.next().expect("step").expect("a row");
        assert_eq!(
            row.cell(2).expect_err("real"),
            "texte ou entier attendu en colonne 2, lu un nombre à virgule"
        );
        assert_eq!(
            row.cell(3).expect_err("blob"),
            "texte ou entier attendu en colonne 3, lu des octets"
        );
        assert_eq!(row.cell(4).expect_err("no such column"), "colonne 4 absente");
        statement.start(&[4, 5]).expect("started");
        let row = statement.next().expect("step").expect("a row");
        assert!(row.cell(0).expect_err("not UTF-8").starts_with("texte illisible en colonne 0"));
    }

    #[test]
    fn wrong_parameters_and_statements_are_refused() {
        let db = database();
        let sql = "SELECT a FROM t WHERE rowid >= ?1 AND rowid < ?2";
        let mut statement = ReadStatement::prepare(&db, sql).expect("prepared");
        assert!(matches!(statement.start(&[1]), Err(rusqlite::Error::InvalidParameterCount(1, 2))));
        assert!(statement.next().expect("nothing started").is_none());
        statement.start(&[1, 5]).expect("started");
        assert!(statement.next().expect("first row").is_some());
        assert!(statement.start(&[1]).is_err());
        assert!(statement.next().expect("refused start").is_none(), "no row of the last start");
        assert!(ReadStatement::prepare(&db, "SELECT nothing FROM nowhere").is_err());
    }
}

//! Rows copied out of SQLite as the reading thread steps through them, in batches that another
//! thread decodes: SQLite's stepping and the decoding into domain values each take one core.
//! A batch holds its texts and blobs in one buffer, and each cell as a range of it: one
//! allocation for thousands of rows.

use logis_domain::Date;
use logis_store::utf8::text_of;
use logis_store::value::ColumnSource;
use rusqlite::types::ValueRef;
use std::ops::Range;

/// One cell as SQLite returned it.
enum Cell {
    Null,
    Integer(i64),
    Real,
    Text(Range<usize>),
    Blob(Range<usize>),
}

/// Rows of one statement, all of the same width.
pub struct CopiedRows {
    width: usize,
    cells: Vec<Cell>,
    bytes: Vec<u8>,
}

impl CopiedRows {
    /// An empty batch of rows of `width` columns, with room for `rows` of them.
    pub fn new(width: usize, rows: usize) -> Self {
        CopiedRows { width, cells: Vec::with_capacity(width * rows), bytes: Vec::new() }
    }

    /// Copies the current row of a statement.
    pub fn push(&mut self, row: &rusqlite::Row<'_>) -> rusqlite::Result<()> {
        for index in 0..self.width {
            let cell = match row.get_ref(index)? {
                ValueRef::Null => Cell::Null,
                ValueRef::Integer(n) => Cell::Integer(n),
                ValueRef::Real(_) => Cell::Real,
                ValueRef::Text(text) => Cell::Text(self.keep(text)),
                ValueRef::Blob(blob) => Cell::Blob(self.keep(blob)),
            };
            self.cells.push(cell);
        }
        Ok(())
    }

    fn keep(&mut self, data: &[u8]) -> Range<usize> {
        let start = self.bytes.len();
        self.bytes.extend_from_slice(data);
        start..self.bytes.len()
    }

    pub fn len(&self) -> usize {
        self.cells.len() / self.width.max(1)
    }

    /// Row `index` of the batch, to decode.
    pub fn row(&self, index: usize) -> CopiedRow<'_> {
        CopiedRow { rows: self, first: index * self.width }
    }
}

/// One row of a batch, read by column index as a rusqlite row would be.
pub struct CopiedRow<'a> {
    rows: &'a CopiedRows,
    first: usize,
}

impl Cells for CopiedRow<'_> {
    fn cell(&self, index: usize) -> Result<ValueRef<'_>, String> {
        if index >= self.rows.width {
            return Err(format!("colonne {index} absente"));
        }
        Ok(match &self.rows.cells[self.first + index] {
            Cell::Null => ValueRef::Null,
            Cell::Integer(n) => ValueRef::Integer(*n),
            Cell::Real => ValueRef::Real(0.0),
            Cell::Text(range) => ValueRef::Text(&self.rows.bytes[range.clone()]),
            Cell::Blob(range) => ValueRef::Blob(&self.rows.bytes[range.clone()]),
        })
    }
}

/// A row's cells as SQLite holds them, by column index: what [`ColumnSource`] reads.
pub trait Cells {
    fn cell(&self, index: usize) -> Result<ValueRef<'_>, String>;

    fn mismatch(&self, index: usize, expected: &str) -> String {
        let found = match self.cell(index) {
            Ok(ValueRef::Null) => "rien",
            Ok(ValueRef::Integer(_)) => "un entier",
            Ok(ValueRef::Real(_)) => "un nombre à virgule",
            Ok(ValueRef::Text(_)) => "un texte",
            Ok(ValueRef::Blob(_)) => "des octets",
            Err(_) => "aucune colonne",
        };
        mismatched(expected, index, found)
    }
}

/// The refusal of a cell of column `index` that holds `found` where `expected` was.
pub(crate) fn mismatched(expected: &str, index: usize, found: &str) -> String {
    format!("{expected} attendu en colonne {index}, lu {found}")
}

/// A date as SQLite stores it, `2024-02-29`, read without the general parser (an export reads
/// millions); anything else through it, for its message.
fn iso_date(text: &str) -> Result<Date, String> {
    let b = text.as_bytes();
    let digits = |range: std::ops::Range<usize>| {
        b[range]
            .iter()
            .try_fold(0u32, |n, d| d.is_ascii_digit().then(|| n * 10 + u32::from(d - b'0')))
    };
    let fast = (b.len() == 10 && b[4] == b'-' && b[7] == b'-')
        .then(|| Some((digits(0..4)?, digits(5..7)?, digits(8..10)?)))
        .flatten()
        .and_then(|(year, month, day)| {
            let month = time::Month::try_from(u8::try_from(month).ok()?).ok()?;
            Date::from_calendar_date(i32::try_from(year).ok()?, month, u8::try_from(day).ok()?).ok()
        });
    if let Some(date) = fast {
        return Ok(date);
    }
    let format = time::macros::format_description!("[year]-[month]-[day]");
    Date::parse(text, &format).map_err(|e| format!("date illisible `{text}` : {e}"))
}

/// Implements [`ColumnSource`] for a type of [`Cells`].
macro_rules! column_source {
    ($row:ty) => {
        impl ColumnSource for $row {
            fn text(&self, index: usize) -> Result<Option<String>, String> {
                self.read_text(index, |text| Ok(text.map(str::to_owned)))
            }
            fn int(&self, index: usize) -> Result<Option<i64>, String> {
                match self.cell(index)? {
                    ValueRef::Null => Ok(None),
                    ValueRef::Integer(n) => Ok(Some(n)),
                    _ => Err(self.mismatch(index, "entier")),
                }
            }
            fn boolean(&self, index: usize) -> Result<Option<bool>, String> {
                Ok(self.int(index).map_err(|_| self.mismatch(index, "booléen"))?.map(|n| n != 0))
            }
            fn read_text<T>(
                &self,
                index: usize,
                read: impl FnOnce(Option<&str>) -> Result<T, String>,
            ) -> Result<T, String> {
                match self.cell(index)? {
                    ValueRef::Null => read(None),
                    ValueRef::Text(bytes) => read(Some(text_of(bytes, index)?)),
                    _ => Err(self.mismatch(index, "texte")),
                }
            }
            fn date(&self, index: usize) -> Result<Option<Date>, String> {
                self.read_text(index, |text| text.map(iso_date).transpose())
            }
            fn bytes(&self, index: usize) -> Result<Option<Vec<u8>>, String> {
                match self.cell(index)? {
                    ValueRef::Null => Ok(None),
                    ValueRef::Blob(bytes) => Ok(Some(bytes.to_vec())),
                    _ => Err(self.mismatch(index, "octets")),
                }
            }
        }
    };
}

column_source!(CopiedRow<'_>);

#[cfg(test)]
mod tests {
    use super::*;
    use rusqlite::Connection;

    /// Rows of every kind of cell, copied and read back.
    fn copied(sql: &str) -> CopiedRows {
        let connection = Connection::open_in_memory().expect("database");
        let mut statement = connection.prepare(sql).expect("statement");
        let mut rows = statement.query([]).expect("rows");
        let mut batch = CopiedRows::new(5, 2);
        while let Some(row) = rows.next().expect("row") {
            batch.push(row).expect("copied");
        }
        batch
    }

    #[test]
    fn cells_are_read_back_as_they_were() {
        let batch = copied(
            "SELECT 'Dupont', 42, '2024-02-29', x'00ff', NULL \
             UNION ALL SELECT 'é', 0, NULL, NULL, 1.5",
        );
        assert_eq!(batch.len(), 2);
        let (first, second) = (batch.row(0), batch.row(1));
        assert_eq!(first.text(0), Ok(Some("Dupont".to_owned())));
        assert_eq!(first.int(1), Ok(Some(42)));
        assert_eq!(first.boolean(1), Ok(Some(true)));
        assert_eq!(first.date(2), Ok(Some(time::macros::date!(2024 - 02 - 29))));
        assert_eq!(first.bytes(3), Ok(Some(vec![0x00, 0xff])));
        assert_eq!(first.text(4), Ok(None));
        assert_eq!(second.text(0), Ok(Some("é".to_owned())));
        assert_eq!(second.boolean(1), Ok(Some(false)));
        assert_eq!(second.date(2), Ok(None));
        assert_eq!(second.bytes(3), Ok(None));
        assert_eq!(second.read_text(0, |t| Ok(t.map(str::len))), Ok(Some(2)));
    }

    #[test]
    fn dates_are_read_as_stored_and_others_refused_with_the_parser_s_message() {
        assert_eq!(iso_date("2024-02-29"), Ok(time::macros::date!(2024 - 02 - 29)));
        assert_eq!(iso_date("0999-12-31"), Ok(time::macros::date!(0999 - 12 - 31)));
        for wrong in ["2023-02-29", "2024-13-01", "2024-1-015", "24-02-29", "2024/02/29", ""] {
            assert!(iso_date(wrong).is_err_and(|e| e.starts_with("date illisible")), "{wrong}");
        }
    }

    #[test]
    fn a_cell_of_another_type_is_refused() {
        let batch = copied("SELECT 'Dupont', 42, 'demain', x'00', 1.5");
        let row = batch.row(0);
        assert_eq!(row.int(0), Err("entier attendu en colonne 0, lu un texte".to_owned()));
        assert_eq!(row.text(1), Err("texte attendu en colonne 1, lu un entier".to_owned()));
        assert!(row.date(2).is_err_and(|e| e.starts_with("date illisible `demain`")));
        assert_eq!(row.text(3), Err("texte attendu en colonne 3, lu des octets".to_owned()));
        assert_eq!(
            row.boolean(4),
            Err("booléen attendu en colonne 4, lu un nombre à virgule".to_owned())
        );
        assert_eq!(row.text(5), Err("colonne 5 absente".to_owned()));
    }
}

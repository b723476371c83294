//! Plain column values, the common language between the domain codec and the SQL backends.

use logis_domain::Date;
use std::borrow::Cow;
use std::fmt;

/// One column value; `None` is SQL NULL.
#[derive(Clone, PartialEq, Eq)]
pub enum Value {
    /// Codes are borrowed (`'static`), other texts owned: no allocation for a code.
    Text(Option<Cow<'static, str>>),
    Int(Option<i64>),
    Bool(Option<bool>),
    Date(Option<Date>),
    /// Raw bytes (an applicant's document): `BLOB` on SQLite, `BYTEA` on PostgreSQL.
    Bytes(Option<Vec<u8>>),
}

/// Bytes are shown by their length only: a document's content never reaches a log or an
/// error message.
impl fmt::Debug for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Text(v) => f.debug_tuple("Text").field(v).finish(),
            Value::Int(v) => f.debug_tuple("Int").field(v).finish(),
            Value::Bool(v) => f.debug_tuple("Bool").field(v).finish(),
            Value::Date(v) => f.debug_tuple("Date").field(v).finish(),
            Value::Bytes(v) => {
                let length = v.as_ref().map(|bytes| format!("{} octets", bytes.len()));
                f.debug_tuple("Bytes").field(&length).finish()
            }
        }
    }
}

/// One table row, in the column order of its [`Table`](crate::Table).
pub type Row = Vec<Value>;

/// Reading typed values from a row returned by a backend, by column index.
pub trait ColumnSource {
    fn text(&self, index: usize) -> Result<Option<String>, String>;
    /// The text of column `index` lent to `read`, for a value parsed from it (a code, a list,
    /// an identifier): a backend that can lend its own copy spares one allocation per cell,
    /// which is most of the cost of reading millions of rows.
    fn read_text<T>(
        &self,
        index: usize,
        read: impl FnOnce(Option<&str>) -> Result<T, String>,
    ) -> Result<T, String>
    where
        Self: Sized,
    {
        read(self.text(index)?.as_deref())
    }
    fn int(&self, index: usize) -> Result<Option<i64>, String>;
    fn boolean(&self, index: usize) -> Result<Option<bool>, String>;
    fn date(&self, index: usize) -> Result<Option<Date>, String>;
    fn bytes(&self, index: usize) -> Result<Option<Vec<u8>>, String>;
}

/// A row read by [`crate::Store::fetch`] with its table's column types, read again as a
/// backend's row: so that a statement of this crate can return whole domain values.
pub struct FetchedRow<'a>(pub &'a [Value]);

impl FetchedRow<'_> {
    fn at(&self, index: usize) -> Result<&Value, String> {
        self.0.get(index).ok_or_else(|| format!("colonne {index} absente"))
    }
}

impl ColumnSource for FetchedRow<'_> {
    fn text(&self, index: usize) -> Result<Option<String>, String> {
        match self.at(index)? {
            Value::Text(v) => Ok(v.as_deref().map(str::to_owned)),
            other => Err(format!("texte attendu en colonne {index}, lu {other:?}")),
        }
    }
    fn int(&self, index: usize) -> Result<Option<i64>, String> {
        match self.at(index)? {
            Value::Int(v) => Ok(*v),
            other => Err(format!("entier attendu en colonne {index}, lu {other:?}")),
        }
    }
    fn boolean(&self, index: usize) -> Result<Option<bool>, String> {
        match self.at(index)? {
            Value::Bool(v) => Ok(*v),
            other => Err(format!("booléen attendu en colonne {index}, lu {other:?}")),
        }
    }
    fn date(&self, index: usize) -> Result<Option<Date>, String> {
        match self.at(index)? {
            Value::Date(v) => Ok(*v),
            other => Err(format!("date attendue en colonne {index}, lu {other:?}")),
        }
    }
    fn bytes(&self, index: usize) -> Result<Option<Vec<u8>>, String> {
        match self.at(index)? {
            Value::Bytes(v) => Ok(v.clone()),
            other => Err(format!("octets attendus en colonne {index}, lu {other:?}")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Value;

    #[test]
    fn bytes_show_their_length_only() {
        let value = Value::Bytes(Some(b"%PDF-secret".to_vec()));
        assert_eq!(format!("{value:?}"), "Bytes(Some(\"11 octets\"))");
        assert_eq!(format!("{:?}", Value::Int(Some(3))), "Int(Some(3))");
    }
}

//! The two primitives every backend runs for the store crate's own SQL — read rows of given
//! column types, write statements in one transaction — and the reading of their values. The
//! small use cases (accounts, sessions, audit log, the partners' pages) are written once on
//! top of them, in this crate, instead of once per backend.

use crate::Table;
use crate::tables::ColumnType;
use crate::value::{ColumnSource, Row, Value};
use logis_domain::Date;
use std::borrow::Cow;

/// One SQL statement of this crate (`$1`, `$2`… parameters) with its parameters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Statement {
    pub sql: Cow<'static, str>,
    pub params: Vec<Value>,
}

impl Statement {
    pub fn new(sql: impl Into<Cow<'static, str>>, params: Vec<Value>) -> Self {
        Statement { sql: sql.into(), params }
    }
}

/// Rows an import transaction makes itself, in one statement, of the rows it was given for
/// another table ([`crate::ImportTx::write_selected`]): millions of rows not built, sent and
/// checked again one by one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowsSelected {
    /// The table written.
    pub into: Table,
    /// The table read, as this transaction has written it.
    pub from: Table,
    /// One expression over `from`'s columns for each of `into`'s columns, in its order,
    /// separated by commas, with `$1`, `$2`… parameters.
    pub select: &'static str,
    pub params: Vec<Value>,
}

impl RowsSelected {
    /// The statement that inserts the rows into `into`, read from `from`, under the names the
    /// backend gives them in this transaction (a table being loaded may be a shadow of it).
    pub fn insert(&self, into: &str, from: &str) -> Statement {
        let sql = format!(
            "INSERT INTO {into} ({}) SELECT {} FROM {from}",
            self.into.column_list(),
            self.select
        );
        Statement::new(sql, self.params.clone())
    }
}

/// A text parameter.
pub fn text(value: impl Into<String>) -> Value {
    Value::Text(Some(Cow::Owned(value.into())))
}

/// An optional text parameter.
pub fn optional_text(value: Option<&str>) -> Value {
    Value::Text(value.map(|v| Cow::Owned(v.to_owned())))
}

/// An integer parameter.
pub fn int(value: i64) -> Value {
    Value::Int(Some(value))
}

/// A date parameter.
pub fn date(value: Date) -> Value {
    Value::Date(Some(value))
}

/// An optional date parameter.
pub fn optional_date(value: Option<Date>) -> Value {
    Value::Date(value)
}

/// A bytes parameter.
pub fn bytes(value: &[u8]) -> Value {
    Value::Bytes(Some(value.to_vec()))
}

/// An optional yes/no parameter.
pub fn optional_bool(value: Option<bool>) -> Value {
    Value::Bool(value)
}

/// Reads one row of a backend as values of the given types.
pub fn read_row(src: &impl ColumnSource, columns: &[ColumnType]) -> crate::Result<Row> {
    columns
        .iter()
        .enumerate()
        .map(|(i, column)| {
            match column {
                ColumnType::Text => src.text(i).map(|v| Value::Text(v.map(Cow::Owned))),
                ColumnType::Int => src.int(i).map(Value::Int),
                ColumnType::Bool => src.boolean(i).map(Value::Bool),
                ColumnType::Date => src.date(i).map(Value::Date),
                ColumnType::Bytes => src.bytes(i).map(Value::Bytes),
            }
            .map_err(|detail| crate::StoreError::Corrupt { table: "requête", detail })
        })
        .collect()
}

/// Takes the values of a row out, in order, by type; a value of another type is an error of
/// the statement that produced it, reported as corrupt data.
pub struct Values(std::vec::IntoIter<Value>);

impl Values {
    pub fn of(row: Row) -> Self {
        Values(row.into_iter())
    }

    fn next(&mut self) -> crate::Result<Value> {
        self.0.next().ok_or_else(|| mismatch("colonne manquante"))
    }

    pub fn optional_text(&mut self) -> crate::Result<Option<String>> {
        match self.next()? {
            Value::Text(v) => Ok(v.map(Cow::into_owned)),
            other => Err(mismatch(&format!("texte attendu, lu {other:?}"))),
        }
    }

    pub fn text(&mut self) -> crate::Result<String> {
        Ok(self.optional_text()?.unwrap_or_default())
    }

    pub fn optional_int(&mut self) -> crate::Result<Option<i64>> {
        match self.next()? {
            Value::Int(v) => Ok(v),
            other => Err(mismatch(&format!("entier attendu, lu {other:?}"))),
        }
    }

    pub fn int(&mut self) -> crate::Result<i64> {
        Ok(self.optional_int()?.unwrap_or_default())
    }

    pub fn optional_bool(&mut self) -> crate::Result<Option<bool>> {
        match self.next()? {
            Value::Bool(v) => Ok(v),
            other => Err(mismatch(&format!("booléen attendu, lu {other:?}"))),
        }
    }

    pub fn optional_date(&mut self) -> crate::Result<Option<Date>> {
        match self.next()? {
            Value::Date(v) => Ok(v),
            other => Err(mismatch(&format!("date attendue, lue {other:?}"))),
        }
    }

    pub fn date(&mut self) -> crate::Result<Date> {
        self.optional_date()?.ok_or_else(|| mismatch("date vide"))
    }

    pub fn optional_bytes(&mut self) -> crate::Result<Option<Vec<u8>>> {
        match self.next()? {
            Value::Bytes(v) => Ok(v),
            other => Err(mismatch(&format!("octets attendus, lu {other:?}"))),
        }
    }

    /// Bytes; NULL reads as none.
    pub fn bytes(&mut self) -> crate::Result<Vec<u8>> {
        Ok(self.optional_bytes()?.unwrap_or_default())
    }
}

fn mismatch(detail: &str) -> crate::StoreError {
    crate::StoreError::Corrupt { table: "requête", detail: detail.to_owned() }
}

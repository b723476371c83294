//! Binding shared [`Value`]s to SQLite queries, and reading SQLite rows as a
//! [`ColumnSource`].

use logis_domain::Date;
use logis_store::value::{ColumnSource, Value};
use sqlx::Sqlite;
use sqlx::query::Query;
use sqlx::sqlite::{SqliteArguments, SqliteRow};
use sqlx::{Row, Sqlite as Db};

pub type SqliteQuery<'q> = Query<'q, Db, SqliteArguments<'q>>;

/// Binds one value.
pub fn bind<'q>(query: SqliteQuery<'q>, value: &'q Value) -> SqliteQuery<'q> {
    match value {
        Value::Text(v) => query.bind(v.as_deref()),
        Value::Int(v) => query.bind(*v),
        Value::Bool(v) => query.bind(*v),
        Value::Date(v) => query.bind(*v),
        Value::Bytes(v) => query.bind(v.as_deref()),
    }
}

/// A SQLite row read by column index.
pub struct Source<'a>(pub &'a SqliteRow);

impl Source<'_> {
    fn get<T>(&self, index: usize) -> Result<Option<T>, String>
    where
        T: for<'r> sqlx::Decode<'r, Sqlite> + sqlx::Type<Sqlite>,
    {
        self.0.try_get::<Option<T>, _>(index).map_err(|e| e.to_string())
    }
}

impl ColumnSource for Source<'_> {
    fn text(&self, index: usize) -> Result<Option<String>, String> {
        self.get(index)
    }
    fn int(&self, index: usize) -> Result<Option<i64>, String> {
        self.get(index)
    }
    fn boolean(&self, index: usize) -> Result<Option<bool>, String> {
        self.get(index)
    }
    fn date(&self, index: usize) -> Result<Option<Date>, String> {
        self.get(index)
    }
    fn bytes(&self, index: usize) -> Result<Option<Vec<u8>>, String> {
        self.get(index)
    }
}

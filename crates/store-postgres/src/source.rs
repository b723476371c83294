//! Reading PostgreSQL rows as a [`ColumnSource`].

use logis_domain::Date;
use logis_store::value::ColumnSource;
use sqlx::postgres::PgRow;
use sqlx::{Postgres, Row};

pub struct Source<'a>(pub &'a PgRow);

impl Source<'_> {
    fn get<T>(&self, index: usize) -> Result<Option<T>, String>
    where
        T: for<'r> sqlx::Decode<'r, Postgres> + sqlx::Type<Postgres>,
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

//! Plain column values, the common language between the domain codec and the SQL backends.

use logis_domain::Date;
use std::borrow::Cow;

/// One column value; `None` is SQL NULL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    /// Codes are borrowed (`'static`), other texts owned: no allocation for a code.
    Text(Option<Cow<'static, str>>),
    Int(Option<i64>),
    Bool(Option<bool>),
    Date(Option<Date>),
}

/// One table row, in the column order of its [`Table`](crate::Table).
pub type Row = Vec<Value>;

/// Reading typed values from a row returned by a backend, by column index.
pub trait ColumnSource {
    fn text(&self, index: usize) -> Result<Option<String>, String>;
    fn int(&self, index: usize) -> Result<Option<i64>, String>;
    fn boolean(&self, index: usize) -> Result<Option<bool>, String>;
    fn date(&self, index: usize) -> Result<Option<Date>, String>;
}

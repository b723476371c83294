//! Rows of each file of format v1 into domain values, and domain values back into rows.

mod attribution;
mod convention;
mod demande;
mod ids;
mod logement;
mod membre;
mod organisme;
mod seuils;

pub use membre::MembreRow;

use crate::row::RowReader;
use crate::schema::FileKind;

/// A domain value read from one row of its file.
pub trait Record: Sized + Send + 'static {
    const KIND: FileKind;

    /// Reads the row; `None` when a problem was recorded in the reader.
    fn read(r: &mut RowReader<'_>) -> Option<Self>;

    /// The cells of the row in the column order of schema.rs, in canonical form.
    fn cells(&self) -> Vec<String>;
}

/// Canonical cell of an optional value.
fn opt<T: ToString>(value: &Option<T>) -> String {
    value.as_ref().map(ToString::to_string).unwrap_or_default()
}

/// Canonical cell of a boolean: `oui` / `non`.
fn yes_no(value: Option<bool>) -> String {
    match value {
        Some(true) => "oui".into(),
        Some(false) => "non".into(),
        None => String::new(),
    }
}

/// Canonical cell of a list: items joined by `|`.
fn joined<T: ToString>(items: &[T]) -> String {
    items.iter().map(ToString::to_string).collect::<Vec<_>>().join("|")
}

/// Canonical date: ISO `AAAA-MM-JJ`.
fn iso(date: time::Date) -> String {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    date.format(&format).expect("a calendar date always formats")
}

fn opt_iso(date: Option<time::Date>) -> String {
    date.map(iso).unwrap_or_default()
}

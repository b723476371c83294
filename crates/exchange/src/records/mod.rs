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
pub use logis_domain::iso_date::iso;

/// [`iso`] written at the end of `out` (an export's cells reuse one buffer).
pub fn iso_into(date: time::Date, out: &mut String) {
    out.push_str(logis_domain::iso_date::IsoDate::new(date).as_str());
}

fn opt_iso(date: Option<time::Date>) -> String {
    date.map(iso).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn a_date_is_written_in_iso_form() {
        assert_eq!(iso(time::macros::date!(2024 - 02 - 29)), "2024-02-29");
        assert_eq!(iso(time::macros::date!(0987 - 11 - 03)), "0987-11-03");
    }

    proptest! {
        /// Every day the time crate knows, before and after year 0 (signed years).
        #[test]
        fn dates_are_written_as_the_time_crate_formats_them(
            day in time::Date::MIN.to_julian_day()..=time::Date::MAX.to_julian_day()
        ) {
            let date = time::Date::from_julian_day(day).expect("a day of the calendar");
            let format = time::macros::format_description!("[year]-[month]-[day]");
            prop_assert_eq!(iso(date), date.format(&format).expect("formats"));
        }
    }
}

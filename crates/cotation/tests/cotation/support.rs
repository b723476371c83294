//! Helpers shared by the tests: applications built field by field, and scoring at a date.

use logis_cotation::engine::Thresholds;
use logis_cotation::{Applicant, Facts, Grid, Score};
use logis_domain::*;

pub fn day(y: i32, m: u8, d: u8) -> Date {
    Date::from_calendar_date(y, time::Month::try_from(m).expect("month"), d).expect("valid date")
}

pub use logis_domain::fixtures::demande;

/// The score of one applicant at `date`.
pub fn score_at(grid: &Grid, applicant: &Applicant, date: Date, seuils: &Thresholds) -> Score {
    logis_cotation::score::score(
        grid,
        &Facts::at(applicant, date, seuils.for_date(date), &grid.delays),
    )
}

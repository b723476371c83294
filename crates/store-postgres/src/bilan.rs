//! The bilan's counts: the store's SQL aggregate queries in PostgreSQL's dialect.

use crate::db_error;
use logis_store::bilan::{self, Dialect, Queries};
use logis_store::{BilanCounts, Result};
use sqlx::PgPool;

fn year_of(column: &str) -> String {
    format!("CAST(EXTRACT(YEAR FROM {column}) AS INTEGER)")
}

fn days_between(later: &str, earlier: &str) -> String {
    format!("({later} - {earlier})")
}

fn first_item(list: &str) -> String {
    format!("split_part({list}, '|', 1)")
}

/// Typed, so that date arithmetic knows what it subtracts.
fn date_param(n: u8) -> String {
    format!("CAST(${n} AS DATE)")
}

const DIALECT: Dialect = Dialect { year_of, days_between, first_item, date_param };

pub async fn counts(pool: &PgPool, year: i32) -> Result<BilanCounts> {
    let (queries, (first, last)) = (Queries::new(&DIALECT), bilan::year_bounds(year)?);
    let cube = sqlx::query_as(&queries.cube).bind(last).bind(first).bind(year).fetch_all(pool);
    let grouped = sqlx::query_as(&queries.grouped).bind(last).bind(first).bind(year);
    let (cube, grouped) = futures::try_join!(cube, grouped.fetch_all(pool)).map_err(db_error)?;
    Ok(bilan::counts(&cube, &grouped))
}

//! The bilan's counts: the store's SQL aggregate queries in SQLite's dialect.

use crate::db_error;
use logis_store::bilan::{self, Dialect, Queries};
use logis_store::{BilanCounts, Result};
use sqlx::SqlitePool;

fn year_of(column: &str) -> String {
    format!("CAST(substr({column}, 1, 4) AS INTEGER)")
}

fn days_between(later: &str, earlier: &str) -> String {
    format!("CAST(julianday({later}) - julianday({earlier}) AS INTEGER)")
}

fn first_item(list: &str) -> String {
    format!(
        "(CASE WHEN instr({list}, '|') > 0 THEN substr({list}, 1, instr({list}, '|') - 1) ELSE {list} END)"
    )
}

/// Dates are ISO text: a parameter is compared as it is.
fn date_param(n: u8) -> String {
    format!("${n}")
}

const DIALECT: Dialect = Dialect { year_of, days_between, first_item, date_param };

pub async fn counts(pool: &SqlitePool, year: i32) -> Result<BilanCounts> {
    let (queries, (first, last)) = (Queries::new(&DIALECT), bilan::year_bounds(year)?);
    let cube = sqlx::query_as(&queries.cube).bind(last).bind(first).bind(year).fetch_all(pool);
    let grouped = sqlx::query_as(&queries.grouped).bind(last).bind(first).bind(year);
    let (cube, grouped) = futures::try_join!(cube, grouped.fetch_all(pool)).map_err(db_error)?;
    Ok(bilan::counts(&cube, &grouped))
}

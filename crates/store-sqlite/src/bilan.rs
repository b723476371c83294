//! The bilan's counts: the store's SQL aggregate queries in SQLite's dialect.

use crate::db_error;
use logis_store::bilan::{self, Dialect, Queries};
use logis_store::{BilanCounts, Result};
use sqlx::{Row, SqlitePool};

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
    let wide = sqlx::query(&queries.wide).bind(last).bind(first).bind(year);
    let row = wide.fetch_one(pool).await.map_err(db_error)?;
    let wide = (0..row.len()).map(|i| row.try_get(i)).collect::<Result<Vec<i64>, _>>();
    let grouped = sqlx::query_as(&queries.grouped).bind(last).bind(first);
    Ok(queries.counts(&wide.map_err(db_error)?, &grouped.fetch_all(pool).await.map_err(db_error)?))
}

//! The bilan's counts: the store's SQL aggregate queries in SQLite's dialect.

use crate::db_error;
use logis_store::bilan::{self, CubeRow, Dialect, projection};
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

fn year_text(column: &str) -> String {
    format!("substr({column}, 1, 4)")
}

fn concat(text: &str) -> String {
    format!("group_concat({text}, '' ORDER BY {text})")
}

pub(crate) const DIALECT: Dialect = Dialect {
    year_of,
    days_between,
    first_item,
    date_param,
    year_text,
    concat,
    // One statement per core: SQLite runs a statement on one.
    cube_parts: &["r.rowid % 2 = 0", "r.rowid % 2 = 1"],
    keep_subquery: "LIMIT -1",
};

/// Rebuilds the bilan's projections when an import left them for a whole rebuild; true when
/// it did. Up to date (the usual case), it only reads the flag; two callers at once rebuild
/// once: the second waits for the first's write lock, then finds the flag cleared.
pub async fn prepare(pool: &SqlitePool) -> Result<bool> {
    if !stale(pool).await? {
        return Ok(false);
    }
    let mut tx = pool.begin().await.map_err(db_error)?;
    // A write first: the transaction holds the database's write lock before it reads the flag.
    let lock = "UPDATE projections_bilan SET a_refaire = a_refaire";
    sqlx::query(lock).execute(&mut *tx).await.map_err(db_error)?;
    let still: i64 =
        sqlx::query_scalar(projection::IS_STALE).fetch_one(&mut *tx).await.map_err(db_error)?;
    if still != 0 {
        for sql in [
            "DELETE FROM demandes_bilan".to_owned(),
            projection::fill_all(&DIALECT, "demandes_bilan"),
            "DELETE FROM attributions_bilan".to_owned(),
            projection::fill_attributions("attributions_bilan", "demandes_bilan", "attributions"),
            projection::MARK_FRESH.to_owned(),
        ] {
            sqlx::query(&sql).execute(&mut *tx).await.map_err(db_error)?;
        }
    }
    tx.commit().await.map_err(db_error)?;
    Ok(still != 0)
}

async fn stale(pool: &SqlitePool) -> Result<bool> {
    let flag: i64 =
        sqlx::query_scalar(projection::IS_STALE).fetch_one(pool).await.map_err(db_error)?;
    Ok(flag != 0)
}

pub async fn counts(pool: &SqlitePool, year: i32) -> Result<BilanCounts> {
    prepare(pool).await?;
    let (first, last) = bilan::year_bounds(year)?;
    let grouped = bilan::grouped_statement(&DIALECT);
    let grouped = sqlx::query_as(&grouped).bind(last).bind(first).bind(year).fetch_all(pool);
    // The cube's text depends on the largest household: read while the grouped statement runs.
    let cube = async {
        let slots: i64 = sqlx::query_scalar(projection::MOST_OTHER_MEMBERS).fetch_one(pool).await?;
        let parts = bilan::cube_statements(&DIALECT, slots);
        let parts = parts.iter().map(|sql| {
            sqlx::query_as::<_, CubeRow>(sql).bind(last).bind(first).bind(year).fetch_all(pool)
        });
        futures::future::try_join_all(parts).await
    };
    let (parts, grouped) = futures::try_join!(cube, grouped).map_err(db_error)?;
    Ok(bilan::counts(&parts.concat(), &grouped))
}

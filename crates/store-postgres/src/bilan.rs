//! The bilan's counts: the store's SQL aggregate queries in PostgreSQL's dialect.

use crate::db_error;
use crate::swap;
use logis_store::bilan::{self, CubeRow, Dialect, projection};
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

fn year_text(column: &str) -> String {
    format!("to_char({column}, 'YYYY')")
}

fn concat(text: &str) -> String {
    format!("string_agg({text}, '' ORDER BY {text})")
}

pub(crate) const DIALECT: Dialect = Dialect {
    year_of,
    days_between,
    first_item,
    date_param,
    year_text,
    concat,
    // PostgreSQL runs one statement on several cores itself.
    cube_parts: &[],
    keep_subquery: "OFFSET 0",
};

/// Rebuilds the bilan's projections when an import left them for a whole rebuild; true when
/// it did. Up to date (the usual case), it only reads the flag. The data tables are locked
/// first (an import running holds them: waiting for it to end, not to deadlock on the flag it
/// writes), then the flag's row: two callers at once rebuild once, the second finding the flag
/// cleared. Neither waits more than [`crate::LOCK_TIMEOUT`]: past it, `StoreError::Busy` (the
/// pages then say that the figures are being brought up to date).
pub async fn prepare(pool: &PgPool) -> Result<bool> {
    let flag: i64 =
        sqlx::query_scalar(projection::IS_STALE).fetch_one(pool).await.map_err(db_error)?;
    if flag == 0 {
        return Ok(false);
    }
    let mut tx = pool.begin().await.map_err(db_error)?;
    for setting in [
        crate::LOCK_TIMEOUT,
        // Grouping the members runs best in one process with room in memory (the planner
        // underestimates the households and would group them in every worker).
        "SET LOCAL max_parallel_workers_per_gather = 0",
        "SET LOCAL work_mem = '256MB'",
        "SET LOCAL jit = off",
        // Imports wait meanwhile (their rows would be written into the projections being
        // replaced); readers do not.
        "LOCK TABLE demandes, membres, attributions IN SHARE MODE",
    ] {
        sqlx::query(setting).execute(&mut *tx).await.map_err(db_error)?;
    }
    let locked = format!("{} FOR UPDATE", projection::IS_STALE);
    let still: i64 = sqlx::query_scalar(&locked).fetch_one(&mut *tx).await.map_err(db_error)?;
    if still != 0 {
        // The projections are rebuilt in their shadows, which take their place at commit:
        // the dashboard and the bilan go on reading the old ones meanwhile (about a minute
        // nationally) instead of waiting for them.
        let (applications, attributions) = ("demandes_bilan", "attributions_bilan");
        swap::create(&mut tx, applications).await?;
        swap::create(&mut tx, attributions).await?;
        for sql in [
            projection::fill_all(&DIALECT, &swap::shadow(applications)),
            projection::fill_attributions(
                &swap::shadow(attributions),
                &swap::shadow(applications),
                "attributions",
            ),
            projection::MARK_FRESH.to_owned(),
        ] {
            sqlx::query(&sql).execute(&mut *tx).await.map_err(db_error)?;
        }
        let key = swap::Key { name: "demandes_bilan_key", columns: &["numero_unique"] };
        let applications = swap::prepare(&mut tx, applications, Some(key)).await?;
        let attributions = swap::prepare(&mut tx, attributions, None).await?;
        swap::replace(&mut tx, applications).await?;
        swap::replace(&mut tx, attributions).await?;
    }
    tx.commit().await.map_err(db_error)?;
    Ok(still != 0)
}

pub async fn counts(pool: &PgPool, year: i32) -> Result<BilanCounts> {
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

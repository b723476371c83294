//! What the pages read of the territory itself: the communes its applications are compared in,
//! and the income thresholds in force in a year.

use crate::statement::{Values, int};
use crate::tables::ColumnType::{Int, Text};
use crate::{Result, Store};
use logis_domain::{Amount, Seuils};

/// The communes of the comparable groups (the first communes wished), in code order.
pub async fn compared_communes(store: &dyn Store) -> Result<Vec<String>> {
    let sql = "SELECT DISTINCT commune FROM groupes_comparables ORDER BY commune";
    let rows = store.fetch(sql, &[], &[Text]).await?;
    rows.into_iter().map(|row| Values::of(row).text()).collect()
}

/// The latest income thresholds published up to `year`, if any.
pub async fn thresholds_up_to(store: &dyn Store, year: i32) -> Result<Option<Seuils>> {
    let sql = "SELECT annee, q1, q2, q3 FROM seuils WHERE annee <= $1 ORDER BY annee DESC LIMIT 1";
    let rows = store.fetch(sql, &[int(i64::from(year))], &[Int, Int, Int, Int]).await?;
    let Some(row) = rows.into_iter().next() else { return Ok(None) };
    let mut v = Values::of(row);
    Ok(Some(Seuils {
        annee: i32::try_from(v.int()?).unwrap_or_default(),
        q1: Amount::from_cents(v.int()?),
        q2: Amount::from_cents(v.int()?),
        q3: Amount::from_cents(v.int()?),
    }))
}

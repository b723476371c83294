//! The year's allocations so far, counted from the bilan's projection of the attributions
//! (`attributions_bilan`, each with its application's resources, household and priority): one
//! SQL statement groups them by landlord, reservation holder, commune, QPV or not, urban-renewal
//! rehousing, priority and income quartile — the quartile as the bilan computes it, with the
//! year's thresholds and the household on 31 December — so that a national year (some 400 000
//! allocations) is counted without reading an application.

use crate::bilan::projection::{MOST_OTHER_MEMBERS, members_aged_14};
use crate::statement::{Values, date, int};
use crate::tables::ColumnType::{Int, Text};
use crate::{Result, Store};
use logis_domain::Date;

/// The allocations of one combination.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProgressRow {
    pub bailleur: String,
    pub reservataire: String,
    pub commune: String,
    pub en_qpv: bool,
    pub anru: bool,
    pub prioritaire: bool,
    /// 1 to 4; 0 when the year has no thresholds or the application is not in the data.
    pub quartile: i64,
    pub attributions: i64,
}

/// The allocations whose lease was signed from `first` to `until`, grouped; quartiles with the
/// thresholds of `year` (the projections must be up to date: [`Store::prepare_bilan`]).
pub async fn grouped(
    store: &dyn Store,
    first: Date,
    until: Date,
    year: i32,
) -> Result<Vec<ProgressRow>> {
    let slots = store.fetch(MOST_OTHER_MEMBERS, &[], &[Int]).await?;
    let slots = slots.into_iter().next().map(|r| Values::of(r).int()).transpose()?.unwrap_or(0);
    let aged_14 = members_aged_14("r.naissances_autres", slots);
    let threshold = |q: &str| format!("(SELECT {q} FROM seuils WHERE annee = CAST($3 AS INTEGER))");
    let (q1, q2, q3) = (threshold("q1"), threshold("q2"), threshold("q3"));
    let uc = "(CASE WHEN x.uc < 10 THEN 10 ELSE x.uc END)";
    let sql = format!(
        "SELECT y.bailleur, y.reservataire, y.commune, y.en_qpv, y.anru, y.prioritaire, y.quartile,
    CAST(COUNT(*) AS BIGINT)
FROM (
    SELECT x.bailleur, x.reservataire, x.commune, x.en_qpv, x.anru, x.prioritaire,
        CAST(CASE WHEN x.ressources IS NULL OR {q1} IS NULL THEN 0
            WHEN x.ressources * 120 < {q1} * {uc} THEN 1
            WHEN x.ressources * 120 < {q2} * {uc} THEN 2
            WHEN x.ressources * 120 < {q3} * {uc} THEN 3 ELSE 4 END AS BIGINT) AS quartile
    FROM (
        SELECT COALESCE(r.bailleur, '') AS bailleur, r.reservataire, r.commune,
            CAST(r.en_qpv AS BIGINT) AS en_qpv, CAST(r.anru AS BIGINT) AS anru,
            CAST(COALESCE(r.prioritaire, 0) AS BIGINT) AS prioritaire, r.ressources,
            r.uc_base + 2 * {aged_14} AS uc
        FROM attributions_bilan r WHERE r.date_bail >= $1 AND r.date_bail <= $2
    ) x
) y
GROUP BY y.bailleur, y.reservataire, y.commune, y.en_qpv, y.anru, y.prioritaire, y.quartile"
    );
    let params = [date(first), date(until), int(i64::from(year))];
    let rows = store.fetch(&sql, &params, &[Text, Text, Text, Int, Int, Int, Int, Int]).await?;
    rows.into_iter()
        .map(|row| {
            let mut v = Values::of(row);
            Ok(ProgressRow {
                bailleur: v.text()?,
                reservataire: v.text()?,
                commune: v.text()?,
                en_qpv: v.int()? != 0,
                anru: v.int()? != 0,
                prioritaire: v.int()? != 0,
                quartile: v.int()?,
                attributions: v.int()?,
            })
        })
        .collect()
}

/// Whether `year` has quartile thresholds.
pub async fn has_thresholds(store: &dyn Store, year: i32) -> Result<bool> {
    let rows = store
        .fetch(
            "SELECT CAST(COUNT(*) AS BIGINT) FROM seuils WHERE annee = $1",
            &[int(i64::from(year))],
            &[Int],
        )
        .await?;
    Ok(rows.into_iter().next().map(|r| Values::of(r).int()).transpose()?.unwrap_or(0) > 0)
}

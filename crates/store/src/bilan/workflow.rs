//! What the evaluation reads of the allocation work done in Logis, in SQL both
//! backends run: the offers refused in the year, by reason and legitimacy, and the year's
//! leases that went through a commission in Logis — whether the household was the best-scored
//! candidate of the dwelling, and why not (the commission's stated reason, or a better-scored
//! candidate who refused the offer).

use crate::statement::{Values, date};
use crate::tables::ColumnType::{Bool, Int, Text};
use crate::{Result, Store};

/// Refused offers of one stated reason (as typed) and legitimacy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefusedOffers {
    pub motif: String,
    /// `None` for a refusal recorded before legitimacy was asked.
    pub legitime: Option<bool>,
    pub offres: u64,
}

/// The offers refused with an answer dated in `year`, grouped by reason and legitimacy.
pub async fn refused_offers(store: &dyn Store, year: i32) -> Result<Vec<RefusedOffers>> {
    let (first, last) = super::year_bounds(year)?;
    let rows = store
        .fetch(
            "SELECT COALESCE(motif_refus, ''), refus_legitime, CAST(COUNT(*) AS BIGINT) FROM offres \
             WHERE reponse = 'refusee' AND repondue_le >= $1 AND repondue_le <= $2 \
             GROUP BY motif_refus, refus_legitime ORDER BY 1, 2",
            &[date(first), date(last)],
            &[Text, Bool, Int],
        )
        .await?;
    rows.into_iter()
        .map(|row| {
            let mut v = Values::of(row);
            Ok(RefusedOffers {
                motif: v.text()?,
                legitime: v.optional_bool()?,
                offres: u64::try_from(v.int()?).unwrap_or(0),
            })
        })
        .collect()
}

/// A lease of the year made through a commission in Logis.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RankedLease {
    /// The household's place in the score order of the dwelling's candidates (1: the best).
    pub position_score: i64,
    /// The commission's reason for departing from the score order, when it gave one.
    pub motif_ecart: Option<String>,
    /// Whether another candidate refused an offer of the same dwelling before.
    pub refus_avant: bool,
}

/// The leases signed in `year` after an offer made in Logis, with the commission's last
/// decision on that household for that dwelling.
pub async fn ranked_leases(store: &dyn Store, year: i32) -> Result<Vec<RankedLease>> {
    let (first, last) = super::year_bounds(year)?;
    let rows = store
        .fetch(
            "SELECT CAST(d.position_score AS BIGINT), d.motif_ecart, \
                 CAST(CASE WHEN EXISTS (SELECT 1 FROM offres r WHERE r.vacance = o.vacance \
                     AND r.reponse = 'refusee' AND r.numero_unique <> o.numero_unique) \
                 THEN 1 ELSE 0 END AS BIGINT) \
             FROM offres o JOIN decisions d ON d.vacance = o.vacance \
                 AND d.numero_unique = o.numero_unique \
             WHERE o.bail_signe_le >= $1 AND o.bail_signe_le <= $2 \
                 AND d.ligne = (SELECT MAX(e.ligne) FROM decisions e \
                     WHERE e.vacance = o.vacance AND e.numero_unique = o.numero_unique) \
             ORDER BY o.ligne",
            &[date(first), date(last)],
            &[Int, Text, Int],
        )
        .await?;
    rows.into_iter()
        .map(|row| {
            let mut v = Values::of(row);
            Ok(RankedLease {
                position_score: v.int()?,
                motif_ecart: v.optional_text()?.filter(|m| !m.trim().is_empty()),
                refus_avant: v.int()? == 1,
            })
        })
        .collect()
}

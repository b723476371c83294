//! Whether the stored scores still follow the data: a server that starts after an import
//! killed between its commit and its cotation, or after a day without recalculation, brings
//! them up to date instead of showing stale ones (or none).

use super::CotationError;
use super::grids::registered_grids;
use crate::grid::in_force;
use logis_domain::Date;
use logis_store::Store;
use logis_store::Value;
use logis_store::statement::{Values, date};
use logis_store::tables::ColumnType::{Date as DateColumn, Int, Text};

/// Why the scores must be recomputed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Stale {
    /// Active applications without a score (an import, a registration not yet scored).
    Unscored(u64),
    /// Scores of applications no longer active.
    Closed(u64),
    /// Scores computed with another grid than the one in force.
    OtherGrid,
    /// Scores computed before this day (seniority and ages move with the date).
    Outdated(Date),
}

/// Applications active at `$1` without a score.
const UNSCORED_SQL: &str = "SELECT COUNT(*) FROM demandes d
LEFT JOIN scores s ON s.numero_unique = d.numero_unique
WHERE d.date_depot <= $1 AND (d.statut = 'active' OR d.date_radiation > $1)
    AND s.numero_unique IS NULL";

/// Scores of applications that were not active at the date of their computation.
const CLOSED_SQL: &str = "SELECT COUNT(*) FROM scores s
JOIN demandes d ON d.numero_unique = s.numero_unique
WHERE NOT (d.date_depot <= s.calcule_le
    AND (d.statut = 'active' OR d.date_radiation > s.calcule_le))";

const SCORES_SQL: &str =
    "SELECT MIN(calcule_le), MIN(grille_empreinte), MAX(grille_empreinte) FROM scores";

async fn count(store: &dyn Store, sql: &str, params: &[Value]) -> Result<u64, CotationError> {
    let rows = store.fetch(sql, params, &[Int]).await?;
    let n = rows.into_iter().next().map(|row| Values::of(row).int()).transpose()?;
    Ok(u64::try_from(n.unwrap_or(0)).unwrap_or(0))
}

/// Why the scores at `today` are stale, or `None` when they follow the data (or when no grid
/// is in force: there is nothing to compute).
pub async fn staleness(store: &dyn Store, today: Date) -> Result<Option<Stale>, CotationError> {
    let grids = registered_grids(store).await?;
    let Some(grid) = in_force(&grids, today) else { return Ok(None) };
    let unscored = count(store, UNSCORED_SQL, &[date(today)]).await?;
    if unscored > 0 {
        return Ok(Some(Stale::Unscored(unscored)));
    }
    let closed = count(store, CLOSED_SQL, &[]).await?;
    if closed > 0 {
        return Ok(Some(Stale::Closed(closed)));
    }
    let rows = store.fetch(SCORES_SQL, &[], &[DateColumn, Text, Text]).await?;
    let Some(row) = rows.into_iter().next() else { return Ok(None) };
    let mut v = Values::of(row);
    let (oldest, first, last) = (v.optional_date()?, v.optional_text()?, v.optional_text()?);
    let Some(oldest) = oldest else { return Ok(None) }; // no score, no active application
    if first.as_deref() != Some(&grid.empreinte) || last.as_deref() != Some(&grid.empreinte) {
        return Ok(Some(Stale::OtherGrid));
    }
    Ok((oldest < today).then_some(Stale::Outdated(oldest)))
}

//! Recomputing the cotation of a territory and storing it: current scores and positions and
//! the comparable groups are replaced as a whole; a history line is added for every
//! application whose score, breakdown or grid changed.

use super::CotationError;
use super::grids::registered_grids;
use super::snapshot::Snapshot;
use crate::engine::{self, Cotation};
use crate::facts::{Applicant, commune_str};
use crate::grid::{Grid, in_force};
use crate::waiting::one_year_before;
use logis_domain::Date;
use logis_domain::french::date as french_date;
use logis_store::codec::Stored;
use logis_store::{
    ComparableGroup, Row, ScoreHistoryEntry, Store, StoreError, StoredScore, Table, export_all,
};

/// Rows written per call to the store.
const BATCH: usize = 20_000;

/// What a refresh did.
#[derive(Debug, Clone)]
pub struct Refresh {
    pub date: Date,
    pub grid_name: String,
    pub grid_date: Date,
    pub scored: usize,
    /// Applications whose score, breakdown or grid changed (or that had none).
    pub changed: usize,
    /// Scores resting partly on declarations.
    pub provisional: usize,
    pub groups: usize,
}

/// Recomputes and stores the cotation at `date` with the grid in force. `run` identifies this
/// computation in the history: the time it runs, in seconds since 1970 (the clock is the
/// caller's).
pub async fn refresh(store: &dyn Store, date: Date, run: i64) -> Result<Refresh, CotationError> {
    let grids = registered_grids(store).await?;
    let grid =
        in_force(&grids, date).ok_or_else(|| CotationError::NoGridInForce(french_date(date)))?;
    // A year back: the allocations of the last 12 months give the waiting times.
    let snapshot = Snapshot::load(store, one_year_before(date), date).await?;
    let cotation =
        engine::compute(grid, &snapshot.applicants, &snapshot.thresholds, &snapshot.leases, date);
    let current = rows_of(grid, &snapshot.applicants, &cotation);
    let unchanged = unchanged(store, &current).await?;
    write(store, &current, &unchanged, &cotation, run).await?;
    Ok(Refresh {
        date,
        grid_name: grid.nom.clone(),
        grid_date: grid.en_vigueur,
        scored: current.len(),
        changed: unchanged.iter().filter(|same| !**same).count(),
        provisional: current.iter().filter(|s| s.provisoire).count(),
        groups: cotation.groups.len(),
    })
}

/// Recomputes the cotation when the territory has registered a grid in force at `date`
/// (after an import, say); does nothing otherwise.
pub async fn refresh_if_registered(
    store: &dyn Store,
    date: Date,
    run: i64,
) -> Result<Option<Refresh>, CotationError> {
    let grids = registered_grids(store).await?;
    if in_force(&grids, date).is_none() {
        return Ok(None);
    }
    refresh(store, date, run).await.map(Some)
}

fn rows_of(grid: &Grid, applicants: &[Applicant], cotation: &Cotation) -> Vec<StoredScore> {
    cotation
        .scored
        .iter()
        .zip(&cotation.positions)
        .map(|(scored, position)| {
            let applicant = &applicants[scored.index as usize];
            StoredScore {
                numero_unique: applicant.numero.clone(),
                calcule_le: cotation.date,
                grille_en_vigueur: grid.en_vigueur,
                grille_empreinte: grid.empreinte.clone(),
                score: i64::from(scored.score.total),
                provisoire: scored.score.provisoire,
                detail: scored.score.encode(),
                commune: applicant
                    .first_commune()
                    .map(|c| commune_str(&c).to_owned())
                    .unwrap_or_default(),
                typologie: applicant
                    .first_typologie
                    .map(|t| t.code().to_owned())
                    .unwrap_or_default(),
                rang: i64::from(position.rang),
                comparables: i64::from(position.comparables),
            }
        })
        .collect()
}

/// For each current row, whether the stored score had the same grid, total and breakdown.
/// Both lists are in numéro unique order: one merge pass, nothing held but a flag per row.
async fn unchanged(store: &dyn Store, current: &[StoredScore]) -> Result<Vec<bool>, StoreError> {
    let mut same = vec![false; current.len()];
    let mut at = 0usize;
    export_all::<StoredScore>(store, &mut |stored| {
        while at < current.len() && current[at].numero_unique < stored.numero_unique {
            at += 1;
        }
        if let Some(now) = current.get(at)
            && now.numero_unique == stored.numero_unique
        {
            same[at] = now.grille_empreinte == stored.grille_empreinte
                && now.grille_en_vigueur == stored.grille_en_vigueur
                && now.score == stored.score
                && now.detail == stored.detail
                && now.provisoire == stored.provisoire;
        }
        Ok(())
    })
    .await?;
    Ok(same)
}

async fn write(
    store: &dyn Store,
    current: &[StoredScore],
    unchanged: &[bool],
    cotation: &Cotation,
    run: i64,
) -> Result<(), StoreError> {
    let mut tx = store.begin_import().await?;
    tx.replace_all(Table::Scores).await?;
    for chunk in current.chunks(BATCH) {
        tx.write(Table::Scores, chunk.iter().map(Stored::to_row).collect()).await?;
    }
    let history: Vec<Row> = current
        .iter()
        .zip(unchanged)
        .filter(|(_, same)| !**same)
        .map(|(s, _)| {
            ScoreHistoryEntry {
                numero_unique: s.numero_unique.clone(),
                calcul: run,
                depuis: s.calcule_le,
                grille_en_vigueur: s.grille_en_vigueur,
                grille_empreinte: s.grille_empreinte.clone(),
                score: s.score,
                provisoire: s.provisoire,
                detail: s.detail.clone(),
            }
            .to_row()
        })
        .collect();
    for chunk in history.chunks(BATCH) {
        tx.write(Table::ScoresHistorique, chunk.to_vec()).await?;
    }
    tx.replace_all(Table::GroupesComparables).await?;
    let groups: Vec<Row> = cotation
        .groups
        .iter()
        .map(|g| {
            ComparableGroup {
                commune: commune_str(&g.stats.key.commune).to_owned(),
                typologie: g.stats.key.typologie.map(|t| t.code().to_owned()).unwrap_or_default(),
                effectif: i64::from(g.stats.effectif),
                score_q1: i64::from(g.stats.q1),
                score_mediane: i64::from(g.stats.mediane),
                score_q3: i64::from(g.stats.q3),
                attente_mois_dixiemes: g.waiting.median_tenths.map(i64::from),
                attente_niveau: g.waiting.level.code().to_owned(),
                attente_attributions: i64::from(g.waiting.allocations),
            }
            .to_row()
        })
        .collect();
    for chunk in groups.chunks(BATCH) {
        tx.write(Table::GroupesComparables, chunk.to_vec()).await?;
    }
    tx.commit().await
}

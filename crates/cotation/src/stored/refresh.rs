//! Recomputing the cotation of a territory and storing it: current scores and positions and the
//! comparable groups and the candidates' index are replaced as a whole; a history line is added
//! for every application whose score, breakdown or grid changed.

use super::CotationError;
use super::gathered::Gathering;
use super::grids::registered_grids;
use super::snapshot::Snapshot;
use crate::engine::{self, Cotation};
use crate::facts::{Applicant, commune_str};
use crate::grid::{Grid, in_force};
use logis_domain::french::date as french_date;
use logis_domain::{Date, NumeroUnique};
use logis_store::codec::Stored;
use logis_store::scores::history_of_every_score;
use logis_store::{
    CandidateEntry, ComparableGroup, ImportTx, Row, ScoreHistoryEntry, Store, StoreError,
    StoredScore, Table, export_all,
};
use rayon::prelude::*;
use std::sync::Arc;
use tokio::sync::oneshot;

/// Rows (applications, for the candidates' index) written per call to the store.
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
    rescore(store, grid, date, run, None).await
}

/// Recomputes the cotation when the territory has registered a grid in force at `date`
/// (after an import, say); does nothing otherwise. The applications are those `gathered` by
/// the import for that date, when it gathered them, else read from the store.
pub async fn refresh_if_registered(
    store: &dyn Store,
    date: Date,
    run: i64,
    gathered: Option<Gathering>,
) -> Result<Option<Refresh>, CotationError> {
    let grids = registered_grids(store).await?;
    let Some(grid) = in_force(&grids, date) else {
        return Ok(None);
    };
    rescore(store, grid, date, run, gathered).await.map(Some)
}

/// Scores with `grid` the applications `gathered` for `date`, or read from the store.
async fn rescore(
    store: &dyn Store,
    grid: &Grid,
    date: Date,
    run: i64,
    gathered: Option<Gathering>,
) -> Result<Refresh, CotationError> {
    let mut gathered = gathered.filter(|g| g.date() == date);
    let (grid, snapshot, cotation) = match gathered.as_mut().and_then(|g| g.scored_with(grid)) {
        // Computed from the files while the import committed.
        Some((snapshot, cotation)) => (grid.clone(), snapshot, cotation),
        None => {
            let snapshot = match gathered {
                Some(gathered) => gathered.snapshot(store).await?,
                None => Snapshot::for_date(store, date).await?,
            };
            computed(grid.clone(), snapshot, date).await?
        }
    };
    let rows = Rows { grid, applicants: snapshot.applicants, cotation };
    let unchanged = unchanged(store, &rows).await?;
    let changed: Vec<usize> = (0..rows.len()).filter(|&i| !unchanged[i]).collect();
    drop(unchanged);
    let refresh = Refresh {
        date,
        grid_name: rows.grid.nom.clone(),
        grid_date: rows.grid.en_vigueur,
        scored: rows.len(),
        changed: changed.len(),
        provisional: rows.cotation.scored.iter().filter(|s| s.score.provisoire).count(),
        groups: rows.cotation.groups.len(),
    };
    write(store, Arc::new(rows), Arc::new(changed), run).await?;
    Ok(refresh)
}

/// The cotation of `snapshot` at `date` with `grid`: seconds of work at national scale, on a
/// thread of its own, not on the runtime's, whose other tasks (pages) would wait meanwhile.
async fn computed(
    grid: Grid,
    snapshot: Snapshot,
    date: Date,
) -> Result<(Grid, Snapshot, Cotation), StoreError> {
    tokio::task::spawn_blocking(move || {
        let cotation = engine::compute(
            &grid,
            &snapshot.applicants,
            &snapshot.thresholds,
            &snapshot.leases,
            date,
        );
        (grid, snapshot, cotation)
    })
    .await
    .map_err(|e| StoreError::other(format!("cotation interrompue ({e}) : relancez la cotation")))
}

/// The stored form of a cotation, built one row at a time (never all at once: at national
/// scale the rows would take gigabytes).
struct Rows {
    grid: Grid,
    applicants: Vec<Applicant>,
    cotation: Cotation,
}

impl Rows {
    fn len(&self) -> usize {
        self.cotation.scored.len()
    }

    fn numero(&self, i: usize) -> &NumeroUnique {
        &self.applicants[self.cotation.scored[i].index as usize].numero
    }

    fn score(&self, i: usize) -> StoredScore {
        let scored = &self.cotation.scored[i];
        let position = self.cotation.positions[i];
        let applicant = &self.applicants[scored.index as usize];
        StoredScore {
            numero_unique: applicant.numero.clone(),
            calcule_le: self.cotation.date,
            grille_en_vigueur: self.grid.en_vigueur,
            grille_empreinte: self.grid.empreinte.clone(),
            score: i64::from(scored.score.total),
            provisoire: scored.score.provisoire,
            detail: scored.score.encode(),
            commune: applicant
                .first_commune()
                .map(|c| commune_str(&c).to_owned())
                .unwrap_or_default(),
            typologie: applicant.first_typologie.map(|t| t.code().to_owned()).unwrap_or_default(),
            rang: i64::from(position.rang),
            comparables: i64::from(position.comparables),
        }
    }

    /// The candidates' index lines of row `i`: one per desired commune.
    fn candidate_entries(&self, i: usize) -> impl Iterator<Item = Row> + '_ {
        let scored = &self.cotation.scored[i];
        let applicant = &self.applicants[scored.index as usize];
        applicant.communes.iter().map(move |commune| {
            CandidateEntry {
                commune: commune_str(commune).to_owned(),
                score: i64::from(scored.score.total),
                date_depot: applicant.date_depot,
                numero_unique: applicant.numero.to_string(),
                personnes: applicant.membres.len() as i64,
            }
            .to_row()
        })
    }

    fn history(&self, i: usize, run: i64) -> ScoreHistoryEntry {
        let s = self.score(i);
        ScoreHistoryEntry {
            numero_unique: s.numero_unique,
            calcul: run,
            depuis: s.calcule_le,
            grille_en_vigueur: s.grille_en_vigueur,
            grille_empreinte: s.grille_empreinte,
            score: s.score,
            provisoire: s.provisoire,
            detail: s.detail,
        }
    }

    /// Whether a stored score has the same grid, total and breakdown as row `i`.
    fn same_as(&self, i: usize, stored: &StoredScore) -> bool {
        let score = &self.cotation.scored[i].score;
        stored.grille_empreinte == self.grid.empreinte
            && stored.grille_en_vigueur == self.grid.en_vigueur
            && stored.score == i64::from(score.total)
            && stored.provisoire == score.provisoire
            && stored.detail == score.encode()
    }
}

/// For each row, whether the stored score was the same. Both lists are in numéro unique
/// order: one merge pass, nothing held but a flag per row.
async fn unchanged(store: &dyn Store, rows: &Rows) -> Result<Vec<bool>, StoreError> {
    let mut same = vec![false; rows.len()];
    let mut at = 0usize;
    export_all::<StoredScore>(store, &mut |stored| {
        while at < rows.len() && *rows.numero(at) < stored.numero_unique {
            at += 1;
        }
        if at < rows.len() && *rows.numero(at) == stored.numero_unique {
            same[at] = rows.same_as(at, &stored);
        }
        Ok(())
    })
    .await?;
    Ok(same)
}

/// The tables a refresh writes, and locks: never the applications, which the forms' saves
/// write meanwhile.
pub const WRITTEN: [Table; 4] =
    [Table::Scores, Table::Candidatures, Table::ScoresHistorique, Table::GroupesComparables];

/// Builds a batch of rows on rayon's threads, from the rows' sources shared with the task that
/// writes the batch before it.
fn ahead(
    rows: &Arc<Rows>,
    build: impl FnOnce(&Rows) -> Vec<Row> + Send + 'static,
) -> oneshot::Receiver<Vec<Row>> {
    let (sender, receiver) = oneshot::channel();
    let rows = rows.clone();
    rayon::spawn(move || {
        // The receiver is gone only when the writing failed: the rows are not needed then.
        let _ = sender.send(build(&rows));
    });
    receiver
}

/// Writes into `table` the batches `builds` gives, each asked for (built on the other
/// processors) while the one before is written.
async fn write_ahead(
    tx: &mut dyn ImportTx,
    table: Table,
    mut builds: impl Iterator<Item = oneshot::Receiver<Vec<Row>>>,
) -> Result<(), StoreError> {
    let mut pending = builds.next();
    while let Some(built) = pending {
        let built = built.await.map_err(|_| {
            StoreError::Aborted(
                "lignes de la cotation non construites : relancez la cotation".into(),
            )
        })?;
        pending = builds.next();
        tx.write(table, &built).await?;
    }
    Ok(())
}

async fn write(
    store: &dyn Store,
    rows: Arc<Rows>,
    changed: Arc<Vec<usize>>,
    run: i64,
) -> Result<(), StoreError> {
    let mut tx = store.begin_writing(&WRITTEN).await?;
    let batches =
        |len: usize| (0..len).step_by(BATCH).map(move |start| start..(start + BATCH).min(len));
    tx.replace_all(Table::Scores).await?;
    let scores = batches(rows.len()).map(|batch| {
        ahead(&rows, move |rows| batch.into_par_iter().map(|i| rows.score(i).to_row()).collect())
    });
    write_ahead(&mut *tx, Table::Scores, scores).await?;
    tx.replace_all(Table::Candidatures).await?;
    let candidates = batches(rows.len()).map(|batch| {
        ahead(&rows, move |rows| {
            batch.into_par_iter().flat_map_iter(|i| rows.candidate_entries(i)).collect()
        })
    });
    write_ahead(&mut *tx, Table::Candidatures, candidates).await?;
    if !changed.is_empty() && changed.len() == rows.len() {
        // Every score is new or changed (the first cotation, a new grid): the store makes
        // their history lines of the scores it has just been given.
        tx.write_selected(&history_of_every_score(run)).await?;
    } else {
        let history = batches(changed.len()).map(|batch| {
            let changed = changed.clone();
            ahead(&rows, move |rows| {
                changed[batch].par_iter().map(|&i| rows.history(i, run).to_row()).collect()
            })
        });
        write_ahead(&mut *tx, Table::ScoresHistorique, history).await?;
    }
    tx.replace_all(Table::GroupesComparables).await?;
    let groups: Vec<Row> = rows
        .cotation
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
    tx.write(Table::GroupesComparables, &groups).await?;
    tx.commit().await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use logis_store::{KeyKind, RowsSelected, Statement, Value};
    use std::collections::HashSet;

    /// A transaction that records the batches written, and refuses the one numbered `fails`.
    struct Recorder {
        written: Vec<Vec<Row>>,
        fails: Option<usize>,
    }

    #[async_trait::async_trait]
    impl ImportTx for Recorder {
        async fn write(&mut self, _: Table, rows: &[Row]) -> Result<(), StoreError> {
            if self.fails == Some(self.written.len()) {
                return Err(StoreError::Aborted("refusé".into()));
            }
            self.written.push(rows.to_vec());
            Ok(())
        }
        async fn replace_all(&mut self, _: Table) -> Result<(), StoreError> {
            Ok(())
        }
        fn loads_whole(&self, _: Table) -> bool {
            true
        }
        async fn known_keys(
            &mut self,
            _: KeyKind,
            _: &[String],
        ) -> Result<HashSet<String>, StoreError> {
            Ok(HashSet::new())
        }
        async fn execute(&mut self, _: &[Statement]) -> Result<u64, StoreError> {
            Ok(0)
        }
        async fn write_selected(&mut self, _: &RowsSelected) -> Result<u64, StoreError> {
            Ok(0)
        }
        async fn commit(self: Box<Self>) -> Result<logis_store::Written, StoreError> {
            Ok(logis_store::Written::default())
        }
    }

    /// Batch `b` of five: its numbers, built slowly for the first ones (later builds finish
    /// first if they are not awaited in order).
    fn batch(b: i64) -> oneshot::Receiver<Vec<Row>> {
        let (sender, receiver) = oneshot::channel();
        rayon::spawn(move || {
            std::thread::sleep(std::time::Duration::from_millis(10 * (5 - b) as u64));
            let _ = sender.send((b * 3..b * 3 + 3).map(|i| vec![Value::Int(Some(i))]).collect());
        });
        receiver
    }

    #[tokio::test]
    async fn batches_built_ahead_are_written_in_their_order_each_once() {
        let mut tx = Recorder { written: Vec::new(), fails: None };
        write_ahead(&mut tx, Table::Scores, (0..5).map(batch)).await.expect("written");
        let numbers: Vec<Row> = tx.written.concat();
        let expected: Vec<Row> = (0..15).map(|i| vec![Value::Int(Some(i))]).collect();
        assert_eq!(numbers, expected);
        assert_eq!(tx.written.len(), 5);
    }

    #[tokio::test]
    async fn a_refused_batch_stops_the_writing_and_asks_for_at_most_one_more() {
        let mut tx = Recorder { written: Vec::new(), fails: Some(2) };
        let mut asked = 0;
        let builds = (0..5).map(|b| {
            asked += 1;
            batch(b)
        });
        assert!(write_ahead(&mut tx, Table::Scores, builds).await.is_err());
        assert_eq!(tx.written.len(), 2, "the batches before the refused one");
        assert_eq!(asked, 4, "the refused batch's successor was already being built");
    }
}

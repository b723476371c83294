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

    /// The candidates' index line `line` ([`Line`]).
    fn candidate_entry(&self, line: Line) -> Row {
        let (i, commune) = line::parts(line);
        let scored = &self.cotation.scored[i];
        let applicant = &self.applicants[scored.index as usize];
        CandidateEntry {
            commune: commune_str(&commune).to_owned(),
            score: i64::from(scored.score.total),
            date_depot: applicant.date_depot,
            numero_unique: applicant.numero.to_string(),
            personnes: applicant.membres.len() as i64,
        }
        .to_row()
    }

    /// Every line of the candidates' index, in the order of the table's key: written in that
    /// order, the SQLite table (its key is its whole line, `WITHOUT ROWID`) grows at its end,
    /// with no index to sort afterwards (PostgreSQL builds its index from rows already sorted).
    /// Each line is its place in that order, packed in one number ([`line::of`]): a sort of
    /// millions of numbers, not of lines read across the applicants.
    fn candidates_in_order(&self) -> Vec<Line> {
        let mut lines: Vec<Line> = (0..self.len())
            .into_par_iter()
            .flat_map_iter(|i| {
                let scored = &self.cotation.scored[i];
                let applicant = &self.applicants[scored.index as usize];
                applicant.communes.iter().map(move |commune| {
                    line::of(commune, scored.score.total, applicant.date_depot, i)
                })
            })
            .collect();
        lines.par_sort_unstable();
        // A commune listed twice by one application is one line (the key is unique).
        lines.dedup();
        lines
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

/// One line of the candidates' index, packed in the order of the table's key ([`line`]).
type Line = u128;

/// A line of the candidates' index packed in one number that sorts as the table's key does:
/// the commune (its five ASCII bytes), the score from highest, the filing date, then the row
/// of the cotation — the rows are in numéro unique order (the snapshot's), which orders the
/// lines of one commune, score and date as the numéro unique does. The household's size, last
/// in the key, never decides: a numéro unique has one line per commune (equal lines, of a
/// commune listed twice, are made one).
mod line {
    use super::Line;
    use crate::facts::Commune;
    use logis_domain::Date;

    /// Dates are within ±9 999 years, whose julian days this bias makes positive and below
    /// 2²⁴.
    const DAY_BIAS: i32 = 1 << 23;

    /// The line of row `row`, of score `total`, filed on `depot`, for `commune`.
    pub(super) fn of(commune: &Commune, total: i32, depot: Date, row: usize) -> Line {
        let mut code = [0u8; 8];
        code[3..].copy_from_slice(commune);
        // Highest first: the score's bits, sign flipped to sort as unsigned, then inverted.
        let score = !((total as u32) ^ (1 << 31));
        let day = (depot.to_julian_day() + DAY_BIAS) as u32 & 0xFF_FFFF;
        let row = u32::try_from(row).expect("fewer than 4 billion scores");
        u128::from(u64::from_be_bytes(code)) << 88
            | u128::from(score) << 56
            | u128::from(day) << 32
            | u128::from(row)
    }

    /// The row and the commune of `line`.
    pub(super) fn parts(line: Line) -> (usize, Commune) {
        let code = ((line >> 88) as u64).to_be_bytes();
        let mut commune = Commune::default();
        commune.copy_from_slice(&code[3..]);
        (line as u32 as usize, commune)
    }
}

/// The refusal when rows built on rayon's threads never came (their thread stopped).
fn not_built() -> StoreError {
    StoreError::Aborted("lignes de la cotation non construites : relancez la cotation".into())
}

/// Builds something (a batch of rows, the candidates' order) on rayon's threads, from the
/// rows' sources shared with the task that writes meanwhile.
fn ahead<T: Send + 'static>(
    rows: &Arc<Rows>,
    build: impl FnOnce(&Rows) -> T + Send + 'static,
) -> oneshot::Receiver<T> {
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
        let built = built.await.map_err(|_| not_built())?;
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
    // Sorted on rayon's threads while the scores are written.
    let in_order = ahead(&rows, |rows| rows.candidates_in_order());
    let batches =
        |len: usize| (0..len).step_by(BATCH).map(move |start| start..(start + BATCH).min(len));
    tx.replace_all(Table::Scores).await?;
    let scores = batches(rows.len()).map(|batch| {
        ahead(&rows, move |rows| batch.into_par_iter().map(|i| rows.score(i).to_row()).collect())
    });
    write_ahead(&mut *tx, Table::Scores, scores).await?;
    tx.replace_all(Table::Candidatures).await?;
    let lines = Arc::new(in_order.await.map_err(|_| not_built())?);
    let candidates = batches(lines.len()).map(|batch| {
        let lines = lines.clone();
        ahead(&rows, move |rows| {
            lines[batch].par_iter().map(|&line| rows.candidate_entry(line)).collect()
        })
    });
    write_ahead(&mut *tx, Table::Candidatures, candidates).await?;
    drop(lines);
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

    /// The lines of the candidates' index come in the order of the table's key: commune, highest
    /// score, oldest filing, numéro unique, household size (the SQLite table, keyed by its whole
    /// line, then grows at its end). Applications wishing two communes each, in the order
    /// 82112 then 82033 (the first one 82112 twice: one line), with different scores and
    /// dates, in numéro order as a snapshot has them.
    #[test]
    fn the_candidates_lines_come_in_the_order_of_their_key() {
        use logis_domain::{CodeInsee, SituationLogement, fixtures};
        let day = |d| Date::from_calendar_date(2025, time::Month::January, d).expect("date");
        let situations = [SituationLogement::LocatairePrive, SituationLogement::SansAbri];
        let applicants: Vec<Applicant> = (0..12u8)
            .map(|n| {
                let numero = format!("08201250000{:02}", 10 + n); // in numéro order, as a snapshot
                let mut demande = fixtures::demande(&numero, day(1 + n % 4));
                demande.situation_logement = situations[usize::from(n % 2)];
                let listed: &[&str] =
                    if n == 0 { &["82112", "82033", "82112"] } else { &["82112", "82033"] };
                demande.communes_souhaitees =
                    listed.iter().map(|c| CodeInsee::parse(c).expect("code")).collect();
                Applicant::new(&demande, &[])
            })
            .collect();
        let grid = crate::default_grid();
        let cotation =
            engine::compute(&grid, &applicants, &engine::Thresholds::new(vec![]), &[], day(31));
        let rows = Rows { grid, applicants, cotation };
        let written: Vec<CandidateEntry> = rows
            .candidates_in_order()
            .into_iter()
            .map(|line| {
                let row = rows.candidate_entry(line);
                CandidateEntry::from_source(&logis_store::value::FetchedRow(&row))
                    .expect("an entry")
            })
            .collect();
        let mut sorted = written.clone();
        sorted.sort_by(|a, b| {
            let key = |e: &CandidateEntry| {
                (e.commune.clone(), -e.score, e.date_depot, e.numero_unique.clone(), e.personnes)
            };
            key(a).cmp(&key(b))
        });
        assert_eq!(written.len(), 24, "one line per application and commune");
        assert_eq!(written, sorted);
        let scores: HashSet<i64> = written.iter().map(|e| e.score).collect();
        assert!(scores.len() > 1, "the scores differ: their order is tested");
    }

    /// A line's parts, drawn from few values so that two lines often share their first parts,
    /// with the extremes of scores and dates.
    fn line_parts() -> impl proptest::strategy::Strategy<Value = ([u8; 5], i32, i32, u32)> {
        use proptest::prelude::*;
        (
            proptest::array::uniform5(b'0'..=b'1'),
            prop_oneof![Just(i32::MIN), Just(i32::MAX), -2..=2i32, any::<i32>()],
            prop_oneof![Just(-1_930_999), Just(5_373_484), 2_460_000..2_460_003i32],
            prop_oneof![0..3u32, any::<u32>()],
        )
    }

    proptest::proptest! {
        /// Packed lines sort as their parts do in the table's key (commune, score from highest,
        /// filing date, then the row), and give their row and commune back.
        #[test]
        fn packed_lines_sort_as_their_key(a in line_parts(), b in line_parts()) {
            let packed = |(commune, total, day, row): ([u8; 5], i32, i32, u32)| {
                let depot = Date::from_julian_day(day).expect("a date");
                let line = line::of(&commune, total, depot, row as usize);
                proptest::prop_assert_eq!(line::parts(line), (row as usize, commune));
                Ok(line)
            };
            let key = |(commune, total, day, row): ([u8; 5], i32, i32, u32)| {
                (commune, std::cmp::Reverse(total), day, row)
            };
            proptest::prop_assert_eq!(packed(a)?.cmp(&packed(b)?), key(a).cmp(&key(b)));
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

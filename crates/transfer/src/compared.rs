//! The rows of a re-import compared with the stored ones by their digests before they are given
//! to the store ([`logis_store::digests`]): only those that differ are written. A table loaded
//! whole has nothing stored to compare with (nor what an import derives, loaded whole too); a
//! small file goes to the store as it is.
//!
//! The members are compared household by household: the rows of one numéro that follow each
//! other, held back at the end of a batch until the next one says whether the household goes
//! on there. A household equal to the stored one is not written; if more rows of its numéro
//! come later in the file, its stored members (which it was) are written with them, so that
//! the store replaces the household by all its rows, as when every row was written.

use logis_domain::{Membre, NumeroUnique};
use logis_store::codec::Stored;
use logis_store::digests::{Household, StoredDigests, StoredHouseholds};
use logis_store::households::member_numero as numero;
use logis_store::{Row, Store, StoreError, Table, lookup_all};

/// Rows under which a file is given to the store as it is: reading the stored digests of a
/// national table takes seconds, more than the store takes to compare a few hundred rows.
const FEW_ROWS: usize = 1_000;

/// The rows of a household longer than any valid one (ranks are numbered on 16 bits): not held
/// back, given to the store (which refuses it).
const LONGEST_HOUSEHOLD: usize = u16::MAX as usize;

/// How one table's rows are given to the store.
enum Comparing<T> {
    /// All of them (a small file, or stored digests that could not be read).
    Not,
    /// Those that differ from the stored ones, known by their digests.
    Against(T),
}

/// What is compared: one table's digests at a time (the files come one after the other).
#[derive(Default)]
pub(crate) struct Compared {
    /// The table whose rows are being given, and how.
    rows: Option<(Table, Comparing<StoredDigests>)>,
    /// How the members are, once they come.
    households: Option<Comparing<StoredHouseholds>>,
    /// The rows of the last household of the last batch of members.
    held: Vec<Row>,
    /// The tables whose every stored row the file has brought again (or that held none), as
    /// their comparison ended.
    met_whole: Vec<Table>,
}

impl Compared {
    /// Of `rows`, a batch of `table`, the batches to give the store now (taken out of `rows`;
    /// the rows equal to the stored ones are left there).
    pub(crate) async fn batches_for(
        &mut self,
        store: &dyn Store,
        table: Table,
        loaded_whole: bool,
        rows: &mut Vec<Row>,
    ) -> Result<Vec<(Table, Vec<Row>)>, StoreError> {
        let mut batches = Vec::with_capacity(2);
        if table != Table::Membres {
            // The members' last household: a few rows, dropped here when unchanged.
            batches.extend(self.finish(store, &mut Vec::new()).await?);
            self.households = None;
        }
        if loaded_whole {
            self.note_met(table, 0);
            batches.push((table, std::mem::take(rows)));
        } else if table == Table::Membres {
            let members = self.members(store, rows).await?;
            batches.push((table, members));
        } else {
            batches.push((table, self.changed_rows(store, table, rows).await));
        }
        Ok(batches)
    }

    /// The household held back, to write once no more members come (left in `unchanged` when
    /// it is the stored one); whether the tables compared so far have met every stored row
    /// noted.
    pub(crate) async fn finish(
        &mut self,
        store: &dyn Store,
        unchanged: &mut Vec<Row>,
    ) -> Result<Option<(Table, Vec<Row>)>, StoreError> {
        let held = std::mem::take(&mut self.held);
        let mut written = Vec::new();
        if !held.is_empty() {
            let runs = [held.len()];
            self.sort_runs(store, held, &runs, &mut written, unchanged).await?;
        }
        if let Some(Comparing::Against(households)) = &self.households {
            self.note_met(Table::Membres, households.unmet());
        }
        if let Some((table, Comparing::Against(digests))) = &self.rows {
            self.note_met(*table, digests.unmet());
        }
        Ok((!written.is_empty()).then_some((Table::Membres, written)))
    }

    /// Whether the file has brought again every row `table` held before the import (each
    /// one, or the table was loaded whole): noted as soon as the last stored row is met (it
    /// stays met), and only when the rows were compared by their digests (not for a small
    /// file, nor when the digests could not be read).
    pub(crate) fn met_every_stored_row(&self, table: Table) -> bool {
        self.met_whole.contains(&table)
    }

    /// Notes `table` as met whole when none of its stored rows is `unmet`.
    fn note_met(&mut self, table: Table, unmet: usize) {
        if unmet == 0 && !self.met_whole.contains(&table) {
            self.met_whole.push(table);
        }
    }

    /// Frees the last table's digests, noting whether the file met every row it stored.
    fn done_with_rows(&mut self) {
        if let Some((last, Comparing::Against(digests))) = self.rows.take() {
            self.note_met(last, digests.unmet());
        }
    }

    /// The rows of `rows` that differ from the stored ones (those equal are left in `rows`).
    async fn changed_rows(
        &mut self,
        store: &dyn Store,
        table: Table,
        rows: &mut Vec<Row>,
    ) -> Vec<Row> {
        if self.rows.as_ref().map(|(read, _)| *read) != Some(table) {
            // The last table's digests freed before this one's are read.
            self.done_with_rows();
            let how = if rows.len() < FEW_ROWS {
                Comparing::Not
            } else {
                read_or_warned(table, StoredDigests::read(store, table).await)
            };
            self.rows = Some((table, how));
        }
        match self.rows.as_mut() {
            Some((_, Comparing::Against(digests))) => digests.take_changed(rows),
            _ => std::mem::take(rows),
        }
    }

    /// The members of `rows` to write now: the households that differ from the stored ones
    /// (the last one held back), with the stored members of a household written apart.
    async fn members(
        &mut self,
        store: &dyn Store,
        rows: &mut Vec<Row>,
    ) -> Result<Vec<Row>, StoreError> {
        if self.households.is_none() {
            self.done_with_rows();
            self.households = Some(if rows.len() < FEW_ROWS {
                Comparing::Not
            } else {
                read_or_warned(Table::Membres, StoredHouseholds::read(store).await)
            });
        }
        if !matches!(self.households, Some(Comparing::Against(_))) {
            return Ok(std::mem::take(rows));
        }
        let mut all = std::mem::take(&mut self.held);
        all.append(rows);
        // The households, as the lengths of the runs of one numéro; the last one held back
        // (unless longer than any household).
        let mut runs: Vec<usize> =
            all.chunk_by(|a, b| numero(a) == numero(b)).map(<[_]>::len).collect();
        if runs.last().is_some_and(|&last| last <= LONGEST_HOUSEHOLD) {
            let last = runs.pop().unwrap_or_default();
            self.held = all.split_off(all.len() - last);
        }
        let mut written = Vec::new();
        self.sort_runs(store, all, &runs, &mut written, rows).await?;
        Ok(written)
    }

    /// Puts the households of `all` (runs of `runs` rows, one numéro each) into `written` or
    /// `unchanged`, as judged.
    async fn sort_runs(
        &mut self,
        store: &dyn Store,
        all: Vec<Row>,
        runs: &[usize],
        written: &mut Vec<Row>,
        unchanged: &mut Vec<Row>,
    ) -> Result<(), StoreError> {
        let Some(Comparing::Against(households)) = self.households.as_mut() else {
            written.extend(all);
            return Ok(());
        };
        let mut at = 0;
        let verdicts: Vec<Household> = runs
            .iter()
            .map(|&length| {
                at += length;
                households.judge(&all[at - length..at])
            })
            .collect();
        let mut rows = all.into_iter();
        for (&length, verdict) in runs.iter().zip(verdicts) {
            let run = rows.by_ref().take(length);
            match verdict {
                Household::Unchanged => unchanged.extend(run),
                Household::Changed => written.extend(run),
                Household::ApartFromUnchanged => {
                    let run: Vec<Row> = run.collect();
                    if let Some(numero) = numero(&run[0]) {
                        let stored: Vec<(NumeroUnique, Membre)> =
                            lookup_all(store, &[numero]).await?;
                        written.extend(stored.iter().map(Stored::to_row));
                    }
                    written.extend(run);
                }
            }
        }
        Ok(())
    }
}

/// The digests read, or a comparison left to the store (said in the log) when they could not
/// be read.
fn read_or_warned<T>(table: Table, read: Result<T, StoreError>) -> Comparing<T> {
    match read {
        Ok(digests) => Comparing::Against(digests),
        Err(e) => {
            tracing::warn!(
                table = table.name(),
                error = %e,
                "empreintes des lignes stockées illisibles : toutes les lignes sont comparées par la base"
            );
            Comparing::Not
        }
    }
}

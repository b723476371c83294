//! The batches of rows between the reader thread and the writer: sent full, given back once
//! written, so that the rows' strings are freed by the thread that allocated them (the fastest
//! free of an allocator, and the one that gives memory back soonest) and each batch's vector is
//! used again.

use logis_store::{Row, Table};
use std::sync::mpsc as spent_channel;
use std::sync::{Mutex, PoisonError};
use tokio::sync::mpsc;

/// Rows per batch: large enough for the writer's per-batch costs to vanish, small enough to
/// keep a few batches in memory.
pub(crate) const BATCH_ROWS: usize = 10_000;

/// Batches on their way to the writer; more wait only when the writer is behind.
const IN_FLIGHT: usize = 4;

/// The reader's side.
pub(crate) struct Outbox {
    full: mpsc::Sender<(Table, Vec<Row>)>,
    /// In a mutex for the outbox to be shared with the thread that checks the rows (only one
    /// thread at a time sends: it is never contended).
    spent: Mutex<spent_channel::Receiver<Vec<Row>>>,
}

/// The writer's side.
pub(crate) struct Inbox {
    full: mpsc::Receiver<(Table, Vec<Row>)>,
    spent: spent_channel::Sender<Vec<Row>>,
}

/// A reader's outbox and the writer's inbox, joined.
pub(crate) fn channel() -> (Outbox, Inbox) {
    let (full_sender, full_receiver) = mpsc::channel(IN_FLIGHT);
    let (spent_sender, spent_receiver) = spent_channel::channel();
    (
        Outbox { full: full_sender, spent: Mutex::new(spent_receiver) },
        Inbox { full: full_receiver, spent: spent_sender },
    )
}

impl Outbox {
    /// Sends `rows` for writing (from the reader thread: waits while the writer is behind) and
    /// gives back an empty vector for the next batch. Returns `false` when the writer has
    /// stopped (its error is reported by the import).
    pub(crate) fn send(&self, table: Table, rows: &mut Vec<Row>) -> bool {
        let full = std::mem::replace(rows, self.recycled());
        self.full.blocking_send((table, full)).is_ok()
    }

    /// A vector for the next batch: the last one the writer gave back, emptied here (every
    /// batch given back before it is dropped here too), or a new one.
    fn recycled(&self) -> Vec<Row> {
        let mut next = None;
        let spent_batches = self.spent.lock().unwrap_or_else(PoisonError::into_inner);
        while let Ok(mut spent) = spent_batches.try_recv() {
            spent.clear();
            next = Some(spent);
        }
        next.unwrap_or_else(|| Vec::with_capacity(BATCH_ROWS))
    }
}

impl Inbox {
    /// The next batch, or `None` once the reader is done.
    pub(crate) async fn recv(&mut self) -> Option<(Table, Vec<Row>)> {
        self.full.recv().await
    }

    /// Gives a written batch back to the reader (dropped here if the reader is gone).
    pub(crate) fn give_back(&self, rows: Vec<Row>) {
        let _ = self.spent.send(rows);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use logis_store::value::Value;

    fn row(i: i64) -> Row {
        vec![Value::Int(Some(i))]
    }

    #[test]
    fn batches_arrive_in_order_and_come_back_to_be_used_again() {
        let (outbox, mut inbox) = channel();
        let reader = std::thread::spawn(move || {
            let mut batch = Vec::with_capacity(BATCH_ROWS);
            batch.push(row(1));
            let first = batch.as_ptr();
            assert!(outbox.send(Table::Demandes, &mut batch));
            assert!(batch.is_empty());
            // Once the writer has given the first batch back, its vector, emptied, is the next.
            let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
            while batch.as_ptr() != first {
                assert!(std::time::Instant::now() < deadline, "the batch never came back");
                batch = outbox.recycled();
            }
            assert!(batch.is_empty());
            batch.push(row(2));
            assert!(outbox.send(Table::Membres, &mut batch));
        });
        let runtime = tokio::runtime::Builder::new_current_thread().build().expect("runtime");
        runtime.block_on(async {
            let (table, rows) = inbox.recv().await.expect("first batch");
            assert_eq!((table, rows.clone()), (Table::Demandes, vec![row(1)]));
            inbox.give_back(rows);
            let (table, rows) = inbox.recv().await.expect("second batch");
            assert_eq!((table, rows), (Table::Membres, vec![row(2)]));
            assert!(inbox.recv().await.is_none(), "the reader is done");
        });
        reader.join().expect("reader");
    }
}

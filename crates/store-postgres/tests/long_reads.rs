//! A long read of a PostgreSQL table lets the runtime's other tasks run (skipped when
//! LOGIS_TEST_POSTGRES_URL is unset).

use logis_store::codec::Stored;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

const ROWS: u64 = 20_000;

/// sqlx reads a connection's socket without counting it against the task's budget: a read
/// that the server feeds faster than its rows are handled never gave its thread back, and a
/// task woken from that thread (a page whose database connection came back) waited for the
/// whole read — four seconds for the national scores. Here a task is woken from the reading
/// thread early in the read, its rows handled slowly so that the server is always ahead: it
/// must run long before the read ends.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_task_woken_during_a_long_read_runs_before_it_ends() {
    let Some(test) = logis_testkit::postgres().await else { return };
    let store = test.store.clone();
    let demandes: Vec<logis_store::Row> =
        (1..=ROWS as u32).map(|n| logis_store::conformance::demande(n).to_row()).collect();
    let mut tx = store.begin_import().await.expect("begin import");
    tx.write(logis_store::Table::Demandes, &demandes).await.expect("rows written");
    tx.commit().await.expect("committed");

    let read = Arc::new(AtomicU64::new(0));
    let ran_at = Arc::new(AtomicU64::new(u64::MAX));
    let reader = {
        let (store, read, ran_at) = (store.clone(), read.clone(), ran_at.clone());
        tokio::spawn(async move {
            let mut wake = None;
            store
                .export(logis_store::Table::Demandes, &mut |_| {
                    let n = read.fetch_add(1, Ordering::SeqCst) + 1;
                    if n == 1_000 {
                        // Spawned then woken from the reading thread: the waiting task is
                        // that thread's next to run.
                        let (sender, receiver) = tokio::sync::oneshot::channel::<()>();
                        let (read, ran_at) = (read.clone(), ran_at.clone());
                        tokio::spawn(async move {
                            let _ = receiver.await;
                            ran_at.store(read.load(Ordering::SeqCst), Ordering::SeqCst);
                        });
                        wake = Some(sender);
                    }
                    if n == 1_100 {
                        let _ = wake.take().expect("spawned").send(());
                    }
                    std::thread::sleep(Duration::from_micros(20));
                    Ok(())
                })
                .await
        })
    };
    reader.await.expect("reader").expect("read");
    tokio::time::sleep(Duration::from_millis(50)).await;
    let ran_at = ran_at.load(Ordering::SeqCst);
    assert_eq!(read.load(Ordering::SeqCst), ROWS);
    assert!(ran_at < ROWS / 2, "the woken task ran after {ran_at} rows of {ROWS}");
    test.finish().await;
}

//! The store conformance suite on SQLite, each case in its own database file.

use logis_store::Store;
use logis_store_sqlite::SqliteStore;
use std::sync::Arc;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_passes_the_conformance_suite() {
    let dir = Arc::new(tempfile::tempdir().expect("temporary folder"));
    let counter = Arc::new(std::sync::atomic::AtomicU32::new(0));
    let make = move || {
        let dir = dir.clone();
        let n = counter.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        Box::pin(async move {
            let url = format!("sqlite://{}", dir.path().join(format!("case{n}.db")).display());
            Box::new(SqliteStore::open(&url).await.expect("open store")) as Box<dyn Store>
        }) as _
    };
    logis_store::conformance::run(&make).await;
}

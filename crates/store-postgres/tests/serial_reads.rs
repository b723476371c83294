//! The store's connections start no parallel workers (skipped when LOGIS_TEST_POSTGRES_URL is
//! unset).

use logis_store::Store;
use logis_store::tables::ColumnType;
use logis_store_postgres::PgStore;
use logis_store_postgres::testing::{TempDatabase, server_url};

/// A page's query runs in its connection's own process: on the national register the list by
/// score went parallel (two more processes per page, three times the processor time of the
/// same query alone), whatever the server's setting.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[allow(clippy::disallowed_macros)] // Says why the test did nothing, in the test runner's output.
async fn a_page_query_starts_no_parallel_worker() {
    let Some(server) = server_url() else {
        eprintln!("LOGIS_TEST_POSTGRES_URL absent : test PostgreSQL ignoré");
        return;
    };
    let db = TempDatabase::create(&server).await.expect("create test database");
    let store = PgStore::open(&db.url).await.expect("open store");
    for _ in 0..3 {
        let rows = store
            .fetch("SHOW max_parallel_workers_per_gather", &[], &[ColumnType::Text])
            .await
            .expect("setting read");
        let setting = logis_store::statement::Values::of(rows.into_iter().next().expect("a row"))
            .text()
            .expect("text");
        assert_eq!(setting, "0");
    }
    store.close().await;
    db.drop_now().await.expect("drop test database");
}

//! The store's connections start no parallel workers (skipped when LOGIS_TEST_POSTGRES_URL is
//! unset).

use logis_store::tables::ColumnType;

/// A page's query runs in its connection's own process: on the national register the list by
/// score went parallel (two more processes per page, three times the processor time of the
/// same query alone), whatever the server's setting.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_page_query_starts_no_parallel_worker() {
    let Some(test) = logis_testkit::postgres().await else { return };
    let rows = test
        .store
        .fetch("SHOW max_parallel_workers_per_gather", &[], &[ColumnType::Text])
        .await
        .expect("setting read");
    let setting = logis_store::statement::Values::of(rows.into_iter().next().expect("a row"))
        .text()
        .expect("text");
    assert_eq!(setting, "0");
    test.finish().await;
}

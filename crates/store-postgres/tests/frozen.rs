//! The rows of a table loaded whole are written frozen on PostgreSQL (skipped when
//! LOGIS_TEST_POSTGRES_URL is unset).

use logis_store::Store;
use logis_store_postgres::PgStore;
use logis_store_postgres::testing::{TempDatabase, server_url};

/// A table loaded whole is written frozen into its shadow (`COPY … WITH (FREEZE)`): once the
/// import has committed, every page of it is marked visible to all, so the first reads after
/// the import (an export, the bilan) write none of them back, nor does a later vacuum.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[allow(clippy::disallowed_macros)] // Says why the test did nothing, in the test runner's output.
async fn a_table_loaded_whole_is_written_frozen() {
    use logis_store::codec::Stored;
    use sqlx::Connection;
    let Some(server) = server_url() else {
        eprintln!("LOGIS_TEST_POSTGRES_URL absent : test PostgreSQL ignoré");
        return;
    };
    let db = TempDatabase::create(&server).await.expect("create test database");
    let store = PgStore::open(&db.url).await.expect("open store");
    let demandes: Vec<logis_store::Row> =
        (1..=3_000).map(|n| logis_store::conformance::demande(n).to_row()).collect();
    let mut tx = store.begin_import().await.expect("begin import");
    tx.write(logis_store::Table::Demandes, &demandes).await.expect("rows written");
    tx.commit().await.expect("committed");
    let mut connection = sqlx::PgConnection::connect(&db.url).await.expect("connection");
    let (pages, visible): (i32, i32) =
        sqlx::query_as("SELECT relpages, relallvisible FROM pg_class WHERE relname = 'demandes'")
            .fetch_one(&mut connection)
            .await
            .expect("statistics");
    assert!(pages > 10, "3 000 applications fill more than ten pages: {pages}");
    assert_eq!(visible, pages, "every page visible to all at the commit");
    connection.close().await.expect("closed");
    store.close().await;
    db.drop_now().await.expect("drop test database");
}

//! The store conformance suite on PostgreSQL, one test per case, each in a database of its own
//! (skipped when LOGIS_TEST_POSTGRES_URL is unset); and the migration list shared with SQLite.

use logis_store::Store;
use logis_store::conformance::Case;
use logis_store_postgres::PgStore;
use logis_store_postgres::testing::{TempDatabase, server_url};

/// Runs `case` on a new database of the test server, dropped afterwards.
#[allow(clippy::disallowed_macros)] // Says why a case did nothing, in the test runner's output.
async fn on_postgres(case: Case) {
    let Some(server) = server_url() else {
        eprintln!("LOGIS_TEST_POSTGRES_URL absent : cas PostgreSQL ignoré");
        return;
    };
    let db = TempDatabase::create(&server).await.expect("create test database");
    let store = PgStore::open(&db.url).await.expect("open store");
    case(&store).await;
    store.close().await;
    db.drop_now().await.expect("drop test database");
}

logis_store::conformance_tests!(on_postgres);

#[test]
fn both_backends_have_the_same_migrations() {
    assert_eq!(
        logis_store_postgres::migration_versions(),
        logis_store_sqlite::migration_versions()
    );
    assert!(!logis_store_postgres::migration_versions().is_empty());
}

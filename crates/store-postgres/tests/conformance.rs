//! The store conformance suite on PostgreSQL (skipped when LOGIS_TEST_POSTGRES_URL is unset),
//! and the migration list shared with SQLite.

use logis_store::Store;
use logis_store_postgres::PgStore;
use logis_store_postgres::testing::{TempDatabase, server_url};
use std::sync::{Arc, Mutex};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_passes_the_conformance_suite() {
    let Some(server) = server_url() else {
        eprintln!("LOGIS_TEST_POSTGRES_URL absent : suite PostgreSQL ignorée");
        return;
    };
    let created: Arc<Mutex<Vec<TempDatabase>>> = Arc::default();
    let list = created.clone();
    let make = move || {
        let server = server.clone();
        let list = list.clone();
        Box::pin(async move {
            let db = TempDatabase::create(&server).await.expect("create test database");
            let store = PgStore::open(&db.url).await.expect("open store");
            list.lock().expect("lock").push(db);
            Box::new(store) as Box<dyn Store>
        }) as _
    };
    logis_store::conformance::run(&make).await;
    let dbs = std::mem::take(&mut *created.lock().expect("lock"));
    for db in dbs {
        db.drop_now().await.expect("drop test database");
    }
}

#[test]
fn both_backends_have_the_same_migrations() {
    assert_eq!(
        logis_store_postgres::migration_versions(),
        logis_store_sqlite::migration_versions()
    );
    assert!(!logis_store_postgres::migration_versions().is_empty());
}

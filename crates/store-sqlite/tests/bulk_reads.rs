//! The bulk reader of a database file (a thread steps through the rows, another decodes them):
//! every row comes out, a row the domain cannot read is a refusal, and a consumer that stops
//! ends the reading without waiting for the rest.

use logis_domain::fixtures::demande;
use logis_store::codec::Stored;
use logis_store::{Record, Store, StoreError, Table, Value};
use logis_store_sqlite::SqliteStore;

/// More applications than the reader's batches and channels hold together.
const APPLICATIONS: usize = 40_000;

/// A store in a new database file holding `APPLICATIONS` applications; the one numbered
/// `corrupt`, if any, with a status the domain does not know.
async fn store_with_applications(dir: &std::path::Path, corrupt: Option<usize>) -> SqliteStore {
    let url = format!("sqlite://{}", dir.join("bulk.db").display());
    let store = SqliteStore::open(&url).await.expect("open store");
    let statut = Table::Demandes.columns().iter().position(|(c, _)| *c == "statut");
    let rows: Vec<_> = (0..APPLICATIONS)
        .map(|n| {
            let numero = format!("0822412{n:06}G0001");
            let mut row = demande(&numero, time::macros::date!(2024 - 01 - 15)).to_row();
            if corrupt == Some(n) {
                row[statut.expect("a statut column")] = Value::Text(Some("inconnu".into()));
            }
            row
        })
        .collect();
    let mut tx = store.begin_writing(&[Table::Demandes]).await.expect("transaction");
    tx.write(Table::Demandes, &rows).await.expect("rows written");
    tx.commit().await.expect("commit");
    store
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_row_is_read_in_key_order() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let store = store_with_applications(dir.path(), None).await;
    let mut numeros = Vec::new();
    store
        .export(Table::Demandes, &mut |record| {
            let Record::Demande(d) = record else { panic!("an application") };
            numeros.push(d.numero_unique.to_string());
            Ok(())
        })
        .await
        .expect("export");
    assert_eq!(numeros.len(), APPLICATIONS);
    assert!(numeros.windows(2).all(|w| w[0] < w[1]), "in key order");
    store.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_row_the_domain_cannot_read_is_refused() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let store = store_with_applications(dir.path(), Some(APPLICATIONS - 3)).await;
    let mut read = 0;
    let outcome = store
        .export(Table::Demandes, &mut |_| {
            read += 1;
            Ok(())
        })
        .await;
    assert!(matches!(outcome, Err(StoreError::Corrupt { table: "demandes", .. })), "{outcome:?}");
    assert!(read < APPLICATIONS - 3, "{read} rows given before the refusal");
    store.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_consumer_that_stops_ends_the_reading() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let store = store_with_applications(dir.path(), None).await;
    let mut read = 0;
    let outcome = store
        .export(Table::Demandes, &mut |_| {
            read += 1;
            if read == 10 { Err(StoreError::other("assez lu")) } else { Ok(()) }
        })
        .await;
    assert!(outcome.is_err_and(|e| e.to_string().contains("assez lu")));
    assert_eq!(read, 10);
    store.close().await;
}

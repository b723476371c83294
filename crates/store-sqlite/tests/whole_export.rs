//! The whole-store export of a database file (`Store::export_encoded`): every row comes out
//! once, in the order stored, across the ranges several threads read; a transaction that has not
//! committed is not seen, and its write lock only makes the export read on one thread. What
//! every backend does (refusals included) is the conformance case
//! `a_whole_export_reads_every_row_once_in_one_snapshot`.

use logis_store::conformance_export::{MEMBERS, exported, member_line, member_row};
use logis_store::{Store, Table};
use logis_store_sqlite::SqliteStore;

/// Membres, and the empty seuils.
const TABLES: [Table; 2] = [Table::Seuils, Table::Membres];

/// A database file with `MEMBERS` member rows, then those of row numbers 40 001 to 75 000
/// deleted (a gap wider than a range).
async fn store_with_members(dir: &std::path::Path) -> (SqliteStore, std::path::PathBuf) {
    let file = dir.join("export.db");
    let store = SqliteStore::open(&format!("sqlite://{}", file.display())).await.expect("open");
    let rows: Vec<_> = (0..MEMBERS).map(member_row).collect();
    let mut tx = store.begin_writing(&[Table::Membres]).await.expect("transaction");
    tx.write(Table::Membres, &rows).await.expect("rows written");
    tx.commit().await.expect("commit");
    let connection = rusqlite::Connection::open(&file).expect("connection");
    connection
        .execute("DELETE FROM membres WHERE rowid > 40000 AND rowid <= 75000", [])
        .expect("gap");
    (store, file)
}

/// The lines of the rows left, in the order written.
fn expected() -> String {
    (0..MEMBERS).filter(|n| !(40_000..75_000).contains(n)).map(member_line).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_row_comes_once_in_the_order_stored() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let (store, _) = store_with_members(dir.path()).await;
    let (text, tables) = exported(&store, &TABLES, None).await.expect("export");
    assert_eq!(text, expected());
    assert!(tables.iter().all(|t| *t == Table::Membres), "no chunk of the empty table");
    store.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_transaction_not_committed_is_not_seen_and_does_not_stop_the_export() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let (store, file) = store_with_members(dir.path()).await;
    let mut writer = rusqlite::Connection::open(&file).expect("connection");
    let tx = writer
        .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
        .expect("write lock");
    tx.execute(
        "INSERT INTO membres (numero_unique, rang, lien, date_naissance) \
         VALUES ('0822412999999G0001', 1, 'titulaire', '1980-01-01')",
        [],
    )
    .expect("row written, not committed");
    let (text, _) = exported(&store, &TABLES, None).await.expect("export");
    assert_eq!(text, expected());
    tx.commit().expect("commit");
    let (after, _) = exported(&store, &TABLES, None).await.expect("export");
    assert_eq!(after, expected() + "0822412999999G0001;1;titulaire;1980-01-01\n");
    store.close().await;
}

//! A national database is read through memory whole: SQLite is built able to map 1 TiB
//! (.cargo/config.toml), and the store's connections ask for it; built with SQLite's default
//! ceiling, a connection would map 2 GiB and read the rest of the file through read calls.

use logis_store::Store;
use logis_store::tables::ColumnType::Int;
use logis_store_sqlite::SqliteStore;

#[tokio::test]
async fn a_connection_maps_a_whole_national_database() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let url = format!("sqlite://{}", dir.path().join("mapped.db").display());
    let store = SqliteStore::open(&url).await.expect("open");
    let rows = store.fetch("PRAGMA mmap_size", &[], &[Int]).await.expect("pragma");
    let mapped = match rows.first().and_then(|row| row.first()) {
        Some(logis_store::Value::Int(Some(bytes))) => *bytes,
        other => panic!("no size read: {other:?}"),
    };
    assert_eq!(mapped, 1 << 40, "bytes a connection maps (2 GiB is SQLite's default ceiling)");
    store.close().await;
}

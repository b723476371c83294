//! Shared helpers: a fresh store per backend, file sets written on disk, exports read back.

use logis_store::Store;
use logis_store_postgres::testing::{TempDatabase, server_url};
use logis_transfer::{ImportOutcome, Silent};
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

/// A store for one test, removed at the end.
pub struct TestStore {
    pub store: Box<dyn Store>,
    pub name: &'static str,
    _dir: Option<tempfile::TempDir>,
    pg: Option<TempDatabase>,
}

impl TestStore {
    pub async fn finish(self) {
        self.store.close().await;
        if let Some(db) = self.pg {
            db.drop_now().await.expect("drop test database");
        }
    }
}

pub async fn sqlite() -> TestStore {
    let dir = tempfile::tempdir().expect("temporary folder");
    let url = format!("sqlite://{}", dir.path().join("test.db").display());
    let store = logis_store_sqlite::SqliteStore::open(&url).await.expect("open SQLite");
    TestStore { store: Box::new(store), name: "sqlite", _dir: Some(dir), pg: None }
}

pub async fn postgres() -> Option<TestStore> {
    let server = server_url()?;
    let db = TempDatabase::create(&server).await.expect("create test database");
    let store = logis_store_postgres::PgStore::open(&db.url).await.expect("open PostgreSQL");
    Some(TestStore { store: Box::new(store), name: "postgres", _dir: None, pg: Some(db) })
}

/// SQLite, and PostgreSQL when configured.
pub async fn every_backend() -> Vec<TestStore> {
    let mut stores = vec![sqlite().await];
    stores.extend(postgres().await);
    stores
}

/// Writes `files` (name, bytes) into a new folder.
pub fn file_set(files: &[(&str, &[u8])]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temporary folder");
    for (name, bytes) in files {
        std::fs::write(dir.path().join(name), bytes).expect("write test file");
    }
    dir
}

pub async fn import(store: &dyn Store, path: &Path) -> ImportOutcome {
    logis_transfer::import(store, path, Arc::new(Silent)).await.expect("the import machinery works")
}

/// Exports the store and reads every file back as text.
pub async fn export_texts(store: &dyn Store) -> BTreeMap<String, String> {
    let dir = tempfile::tempdir().expect("temporary folder");
    logis_transfer::export(store, dir.path(), &Silent).await.expect("export");
    read_dir(dir.path())
}

pub fn read_dir(dir: &Path) -> BTreeMap<String, String> {
    std::fs::read_dir(dir)
        .expect("read folder")
        .map(|e| {
            let e = e.expect("entry");
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read_to_string(e.path()).expect("UTF-8 file"),
            )
        })
        .collect()
}

/// Writes exported texts as a file set.
pub fn texts_as_set(texts: &BTreeMap<String, String>) -> tempfile::TempDir {
    let files: Vec<(&str, &[u8])> = texts.iter().map(|(n, t)| (n.as_str(), t.as_bytes())).collect();
    file_set(&files)
}

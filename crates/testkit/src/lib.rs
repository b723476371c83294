//! Test support shared by integration tests: a throw-away store on each backend (SQLite
//! always, PostgreSQL when `LOGIS_TEST_POSTGRES_URL` names a server), the tests' fixed day
//! ([`TODAY`]) and its clock, file sets written on disk, hostile archives ([`bomb`]), imports,
//! generated territories, every stored value of a type, the store a benchmark runs on and what
//! it prints of a step ([`bench`]), a PDF's text ([`documents`]).

pub mod bench;
pub mod bomb;
pub mod documents;
pub mod smtp;

use logis_store::Store;
use logis_store_postgres::testing::{TempDatabase, server_url};
use logis_transfer::{ImportOutcome, Silent};
use std::path::Path;
use std::sync::Arc;

/// A store for one test, removed at the end.
pub struct TestStore {
    pub store: Arc<dyn Store>,
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
    TestStore { store: Arc::new(store), name: "sqlite", _dir: Some(dir), pg: None }
}

pub async fn postgres() -> Option<TestStore> {
    let server = server_url()?;
    let db = TempDatabase::create(&server).await.expect("create test database");
    let store = logis_store_postgres::PgStore::open(&db.url).await.expect("open PostgreSQL");
    Some(TestStore { store: Arc::new(store), name: "postgres", _dir: None, pg: Some(db) })
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

/// The day the tests run on, whatever the calendar says: every test that needs « today »
/// takes this one (through [`clock`]), so that a test passes the same way every day.
pub const TODAY: time::Date = time::macros::date!(2026 - 12 - 04);

/// A clock stopped at noon on [`TODAY`].
pub fn clock() -> Arc<logis_domain::FixedClock> {
    Arc::new(logis_domain::FixedClock::on(TODAY))
}

/// Noon on [`TODAY`], in seconds since 1970 (how moments are stored).
pub fn now() -> i64 {
    logis_domain::Clock::unix(&*clock())
}

/// Imports a file set, as the register's import of [`TODAY`]; the import machinery itself
/// must work.
pub async fn import(store: &dyn Store, path: &Path) -> ImportOutcome {
    let now = logis_domain::Clock::now(&*clock());
    logis_transfer::import(store, path, Arc::new(Silent), now)
        .await
        .expect("the import machinery works")
}

/// Imports a file set as the register's import of [`TODAY`], its files read and compared row
/// by row even when they are those of the last import (`--tout-relire`).
pub async fn reimport(store: &dyn Store, path: &Path) -> ImportOutcome {
    let register_at = Some(logis_domain::Clock::now(&*clock()));
    let options = logis_transfer::ImportOptions { register_at, reread: true, ..Default::default() };
    logis_transfer::import_with(store, path, Arc::new(Silent), options)
        .await
        .expect("the import machinery works")
}

/// The CCTC territory generated with `seed`, as a file set.
pub fn cctc_files(seed: u64) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temporary folder");
    logis_synth::generate(logis_synth::Scale::Cctc, seed, dir.path(), &|_, _| {})
        .expect("generation");
    dir
}

/// Every stored value of type `T`, in key order.
pub async fn all<T: logis_store::codec::Stored>(store: &dyn Store) -> Vec<T> {
    let mut out = Vec::new();
    logis_store::export_all::<T>(store, &mut |v| {
        out.push(v);
        Ok(())
    })
    .await
    .expect("export");
    out
}

/// The store a benchmark runs on: the database named by `LOGIS_BENCH_DATABASE` (SQLite or
/// PostgreSQL: the national set imported and scored, say), or else the demo territory generated for the run,
/// imported and scored with the documented grid (its folder is removed with the returned guard).
pub async fn bench_store() -> (Arc<dyn Store>, Option<tempfile::TempDir>) {
    if let Ok(url) = std::env::var("LOGIS_BENCH_DATABASE") {
        if url.starts_with("postgres") {
            let store = logis_store_postgres::PgStore::open(&url).await.expect("open the database");
            return (Arc::new(store), None);
        }
        let store = logis_store_sqlite::SqliteStore::open(&url).await.expect("open the database");
        return (Arc::new(store), None);
    }
    let dir = tempfile::tempdir().expect("temporary folder");
    let url = format!("sqlite://{}", dir.path().join("bench.db").display());
    let store: Arc<dyn Store> =
        Arc::new(logis_store_sqlite::SqliteStore::open(&url).await.expect("open"));
    let files = dir.path().join("jeu");
    std::fs::create_dir(&files).expect("folder");
    logis_synth::generate(logis_synth::Scale::Cctc, 2022, &files, &|_, _| {}).expect("generate");
    assert!(import(&*store, &files).await.written, "the demo territory imports");
    let today = TODAY;
    logis_cotation::stored::register_grid(&*store, &logis_cotation::default_grid(), today)
        .await
        .expect("grid");
    logis_cotation::stored::refresh(&*store, today, 1).await.expect("scores");
    (store, Some(dir))
}

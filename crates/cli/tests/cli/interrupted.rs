//! An import killed (SIGKILL) at any moment leaves the database as it was before — or, when
//! the kill came after its commit, as after a complete import: never anything in between. Ten
//! kill points drawn at random over the import's duration (the seed is printed, to replay a
//! failure with `LOGIS_KILL_SEED`), on SQLite always, on PostgreSQL when
//! LOGIS_TEST_POSTGRES_URL is set.

use crate::support::{files, logis, stderr};
use logis_store_postgres::testing::{TempDatabase, server_url};
use rand::{Rng, SeedableRng};
use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

type Files = BTreeMap<String, Vec<u8>>;

/// Kill points per backend.
const KILLS: usize = 10;

fn ok(path: &Path, args: &[&str]) {
    let out = logis(path, args);
    assert!(out.status.success(), "logis {args:?}: {}", stderr(&out));
}

/// A database for one run: its URL, and how to wait until a killed client's session is over.
trait Databases {
    fn fresh(&mut self) -> String;
    fn settle(&mut self, url: &str);
}

/// Generates the two sets, and the exports of the database before and after importing `big`
/// over `small`; how long that import took.
fn reference_states(path: &Path, dbs: &mut dyn Databases) -> (Files, Files, Duration) {
    ok(path, &["generate", "--scale", "cctc", "--out", "small", "--seed", "1"]);
    ok(path, &["generate", "--scale", "cctc", "--out", "big", "--seed", "2"]);
    let before_db = dbs.fresh();
    ok(path, &["--database", &before_db, "import", "small"]);
    ok(path, &["--database", &before_db, "export", "before"]);
    let after_db = dbs.fresh();
    ok(path, &["--database", &after_db, "import", "small"]);
    let started = Instant::now();
    ok(path, &["--database", &after_db, "import", "big"]);
    let took = started.elapsed();
    ok(path, &["--database", &after_db, "export", "after"]);
    let (before, after) = (files(&path.join("before")), files(&path.join("after")));
    assert_ne!(before, after);
    (before, after, took)
}

/// Kills `import big` at random moments and checks the database each time.
fn kill_at_random_moments(path: &Path, dbs: &mut dyn Databases) {
    let (before, after, took) = reference_states(path, dbs);
    let seed: u64 = std::env::var("LOGIS_KILL_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| rand::rng().random());
    println!("kill points drawn with LOGIS_KILL_SEED={seed} over {} ms", took.as_millis());
    let mut draw = rand_chacha::ChaCha8Rng::seed_from_u64(seed);
    let span = (took.as_millis() as u64 * 6 / 5).max(50);
    let (mut interrupted, mut whole) = (0, 0);
    for i in 0..KILLS {
        let delay_ms = draw.random_range(0..span);
        let db = dbs.fresh();
        ok(path, &["--database", &db, "import", "small"]);
        let mut child = Command::new(env!("CARGO_BIN_EXE_logis"))
            .args(["--database", &db, "import", "big"])
            .current_dir(path)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("start import");
        std::thread::sleep(Duration::from_millis(delay_ms));
        let _ = child.kill();
        let _ = child.wait();
        dbs.settle(&db);
        let out_dir = format!("check{i}");
        ok(path, &["--database", &db, "export", &out_dir]);
        let state = files(&path.join(&out_dir));
        if state == before {
            interrupted += 1;
        } else {
            assert_eq!(
                state, after,
                "kill after {delay_ms} ms (LOGIS_KILL_SEED={seed}) left a partial import"
            );
            whole += 1;
        }
    }
    println!("{interrupted} imports interrupted, {whole} killed after their commit");
}

struct SqliteFiles(u32);

impl Databases for SqliteFiles {
    fn fresh(&mut self) -> String {
        self.0 += 1;
        format!("sqlite://db{}.db", self.0)
    }

    fn settle(&mut self, _: &str) {} // the process is gone: its transaction with it
}

#[test]
fn a_killed_import_leaves_the_sqlite_database_as_it_was() {
    let dir = tempfile::tempdir().expect("temporary folder");
    kill_at_random_moments(dir.path(), &mut SqliteFiles(0));
}

struct PostgresDatabases {
    server: String,
    runtime: tokio::runtime::Runtime,
    created: Vec<TempDatabase>,
}

impl Databases for PostgresDatabases {
    fn fresh(&mut self) -> String {
        let db = self.runtime.block_on(TempDatabase::create(&self.server)).expect("database");
        let url = db.url.clone();
        self.created.push(db);
        url
    }

    fn settle(&mut self, url: &str) {
        let db = self.created.iter().find(|d| d.url == url).expect("created here");
        self.runtime.block_on(db.settle()).expect("the server answers");
    }
}

#[test]
fn a_killed_import_leaves_the_postgres_database_as_it_was() {
    let Some(server) = server_url() else { return };
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let dir = tempfile::tempdir().expect("temporary folder");
    let mut dbs = PostgresDatabases { server, runtime, created: Vec::new() };
    kill_at_random_moments(dir.path(), &mut dbs);
    for db in std::mem::take(&mut dbs.created) {
        dbs.runtime.block_on(db.drop_now()).expect("drop test database");
    }
}

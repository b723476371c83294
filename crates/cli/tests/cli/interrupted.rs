//! An import killed at any moment leaves the database as it was before (or, if the kill came
//! after the commit, as after a complete import): never anything in between. On SQLite always,
//! on PostgreSQL when LOGIS_TEST_POSTGRES_URL is set.

use crate::support::{files, logis, stderr};
use logis_store_postgres::testing::{TempDatabase, server_url};
use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;
use std::time::Duration;

type Files = BTreeMap<String, Vec<u8>>;

fn ok(path: &Path, args: &[&str]) {
    let out = logis(path, args);
    assert!(out.status.success(), "logis {args:?}: {}", stderr(&out));
}

/// Generates the two sets, and the exports of the database before and after importing `big`
/// over `small`, using `fresh()` for each database.
fn reference_states(path: &Path, fresh: &mut dyn FnMut() -> String) -> (Files, Files) {
    ok(path, &["generate", "--scale", "cctc", "--out", "small", "--seed", "1"]);
    ok(path, &["generate", "--scale", "cctc", "--out", "big", "--seed", "2"]);
    let before_db = fresh();
    ok(path, &["--database", &before_db, "import", "small"]);
    ok(path, &["--database", &before_db, "export", "before"]);
    let after_db = fresh();
    ok(path, &["--database", &after_db, "import", "small"]);
    ok(path, &["--database", &after_db, "import", "big"]);
    ok(path, &["--database", &after_db, "export", "after"]);
    let (before, after) = (files(&path.join("before")), files(&path.join("after")));
    assert_ne!(before, after);
    (before, after)
}

/// Kills `import big` at several moments and checks the database each time.
fn kill_at_several_moments(path: &Path, fresh: &mut dyn FnMut() -> String) {
    let (before, after) = reference_states(path, fresh);
    let mut interrupted = 0;
    for (i, delay_ms) in [0u64, 20, 60, 120, 200, 300, 450, 700].into_iter().enumerate() {
        let db = fresh();
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
        let out_dir = format!("check{i}");
        ok(path, &["--database", &db, "export", &out_dir]);
        let state = files(&path.join(&out_dir));
        if state == before {
            interrupted += 1;
        } else {
            assert_eq!(state, after, "kill after {delay_ms} ms left a partial import");
        }
    }
    assert!(interrupted > 0, "at least one kill interrupted the import");
}

#[test]
fn a_killed_import_leaves_the_sqlite_database_as_it_was() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let mut n = 0;
    kill_at_several_moments(dir.path(), &mut || {
        n += 1;
        format!("sqlite://db{n}.db")
    });
}

#[test]
fn a_killed_import_leaves_the_postgres_database_as_it_was() {
    let Some(server) = server_url() else { return };
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let dir = tempfile::tempdir().expect("temporary folder");
    let mut created = Vec::new();
    kill_at_several_moments(dir.path(), &mut || {
        let db = runtime.block_on(TempDatabase::create(&server)).expect("test database");
        let url = db.url.clone();
        created.push(db);
        url
    });
    for db in created {
        runtime.block_on(db.drop_now()).expect("drop test database");
    }
}

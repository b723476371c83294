//! An import killed at any moment leaves the database as it was before (or, if the kill came
//! after the commit, as after a complete import): never anything in between.

use crate::support::{files, logis, stderr};
use std::process::Command;
use std::time::Duration;

#[test]
fn a_killed_import_leaves_the_database_as_it_was() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let path = dir.path();
    assert!(
        logis(path, &["generate", "--scale", "cctc", "--out", "small", "--seed", "1"])
            .status
            .success()
    );
    assert!(
        logis(path, &["generate", "--scale", "cctc", "--out", "big", "--seed", "2"])
            .status
            .success()
    );
    // The state before: the small territory. The state after: small then big.
    assert!(logis(path, &["--database", "sqlite://before.db", "import", "small"]).status.success());
    assert!(
        logis(path, &["--database", "sqlite://before.db", "export", "before"]).status.success()
    );
    assert!(logis(path, &["--database", "sqlite://after.db", "import", "small"]).status.success());
    assert!(logis(path, &["--database", "sqlite://after.db", "import", "big"]).status.success());
    assert!(logis(path, &["--database", "sqlite://after.db", "export", "after"]).status.success());
    let (before, after) = (files(&path.join("before")), files(&path.join("after")));
    assert_ne!(before, after);

    let mut outcomes = (0, 0);
    for (i, delay_ms) in [0u64, 20, 60, 120, 200, 300, 450, 700].into_iter().enumerate() {
        let db = format!("sqlite://victim{i}.db");
        assert!(logis(path, &["--database", &db, "import", "small"]).status.success());
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
        let out = logis(path, &["--database", &db, "export", &out_dir]);
        assert!(out.status.success(), "the database still opens after a kill: {}", stderr(&out));
        let state = files(&path.join(&out_dir));
        if state == before {
            outcomes.0 += 1;
        } else {
            assert_eq!(state, after, "kill after {delay_ms} ms left a partial import");
            outcomes.1 += 1;
        }
    }
    assert!(outcomes.0 > 0, "at least one kill interrupted the import: {outcomes:?}");
}

//! The store conformance suite on SQLite, each case in its own database file.

use logis_store::Store;
use logis_store_sqlite::SqliteStore;
use std::sync::Arc;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_passes_the_conformance_suite() {
    let dir = Arc::new(tempfile::tempdir().expect("temporary folder"));
    let counter = Arc::new(std::sync::atomic::AtomicU32::new(0));
    let make = move || {
        let dir = dir.clone();
        let n = counter.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        Box::pin(async move {
            let url = format!("sqlite://{}", dir.path().join(format!("case{n}.db")).display());
            Box::new(SqliteStore::open(&url).await.expect("open store")) as Box<dyn Store>
        }) as _
    };
    logis_store::conformance::run(&make).await;
}

/// Older SQLite tools (the `sqlite3` command of Debian 12, 3.40) refuse a whole database whose
/// schema holds an expression nested past their parser's stack (about 25 calls): every
/// migration stays well under it, so that anyone can open a Logis database with them.
#[test]
fn no_expression_nests_deeper_than_older_sqlite_tools_read() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../migrations/sqlite");
    for entry in std::fs::read_dir(dir).expect("migrations") {
        let path = entry.expect("entry").path();
        let sql = std::fs::read_to_string(&path).expect("migration");
        let (mut depth, mut deepest) = (0_i32, 0_i32);
        for c in sql.chars() {
            match c {
                '(' => depth += 1,
                ')' => depth -= 1,
                _ => {}
            }
            deepest = deepest.max(depth);
        }
        assert!(deepest <= 20, "{}: parentheses nested {deepest} deep", path.display());
    }
}

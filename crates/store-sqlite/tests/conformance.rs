//! The store conformance suite on SQLite: one test per case, each in a database file of its own.

use logis_store::Store;
use logis_store::conformance::Case;
use logis_store_sqlite::SqliteStore;

/// Runs `case` on a new database file, removed afterwards.
async fn on_sqlite(case: Case) {
    let dir = tempfile::tempdir().expect("temporary folder");
    let url = format!("sqlite://{}", dir.path().join("case.db").display());
    let store = SqliteStore::open(&url).await.expect("open store");
    case(&store).await;
    store.close().await;
}

logis_store::conformance_tests!(on_sqlite);

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

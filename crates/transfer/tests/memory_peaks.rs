//! The import's measures tell the memory the process allocated apart from the pages of a
//! database file it maps (SQLite maps its whole database: a re-import's resident peak counted
//! gigabytes of the national file, never allocated).

use logis_transfer::timing::{Stopwatch, allocated_mib};

#[test]
fn a_database_mapped_in_memory_is_resident_but_not_allocated() {
    let Some(before) = allocated_mib() else { return }; // not Linux
    let dir = tempfile::tempdir().expect("a folder");
    let path = dir.path().join("carte.db");
    let db = rusqlite::Connection::open(&path).expect("a database");
    db.execute_batch(
        "CREATE TABLE t (ligne TEXT);
         WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 65536)
         INSERT INTO t SELECT printf('%.1000d', i) FROM n;",
    )
    .expect("64 MiB of rows");
    drop(db);
    let db = rusqlite::Connection::open(&path).expect("opened again");
    db.pragma_update(None, "mmap_size", 1i64 << 30).expect("mapped");
    let mut watch = Stopwatch::start();
    let none: i64 = db
        .query_row("SELECT count(*) FROM t WHERE ligne = 'aucune'", [], |r| r.get(0))
        .expect("every page read");
    watch.lap("lecture de la base");
    assert_eq!(none, 0);
    let read = &watch.phases[0];
    let resident = read.peak_mib.expect("VmHWM");
    let allocated = read.allocated_mib.expect("RssAnon");
    assert!(resident - allocated > 32.0, "its pages are resident: {resident} / {allocated} Mio");
    assert!(allocated < before + 32.0, "and not allocated: {allocated} Mio, {before} before");
}

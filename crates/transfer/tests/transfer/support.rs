//! Shared helpers: a fresh store per backend, file sets written on disk, exports read back.

use logis_store::Store;
pub use logis_testkit::{every_backend, file_set, import, sqlite};
use logis_transfer::Silent;
use std::collections::BTreeMap;
use std::path::Path;

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

/// Each file's lines, sorted: what two exports hold, whatever the order of their rows (SQLite
/// exports them in the order stored, PostgreSQL in the order its pages hold them).
pub fn sorted_lines(texts: &BTreeMap<String, String>) -> BTreeMap<String, Vec<String>> {
    texts
        .iter()
        .map(|(name, text)| {
            let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
            lines.sort();
            (name.clone(), lines)
        })
        .collect()
}

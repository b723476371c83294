//! The demo territory through both backends: the same rows come out of SQLite (the imported
//! files themselves, byte for byte) and PostgreSQL (in the order its pages hold them),
//! re-importing changes nothing (and writes no row), and a newer row updates the stored one.

use crate::support::{every_backend, export_texts, file_set, import, sorted_lines, texts_as_set};
use logis_exchange::FileKind;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn both_backends_export_the_same_files_and_reimports_change_nothing() {
    let generated = tempfile::tempdir().expect("temporary folder");
    let summary = logis_synth::generate(logis_synth::Scale::Cctc, 7, generated.path(), &|_, _| {})
        .expect("generate");
    assert!(summary.demandes > 500);
    let mut exports = Vec::new();
    for backend in every_backend().await {
        let outcome = import(&*backend.store, generated.path()).await;
        assert!(
            outcome.written,
            "{}: {:?}",
            backend.name,
            &outcome.report.errors[..outcome.report.errors.len().min(5)]
        );
        assert!(outcome.report.warnings.is_empty(), "{:?}", outcome.report.warnings);
        let first = export_texts(&*backend.store).await;
        assert_eq!(first["demandes.csv"].lines().count() as u64, summary.demandes + 1);
        assert_eq!(first["membres.csv"].lines().count() as u64, summary.membres + 1);
        if backend.name == "sqlite" {
            let files = crate::support::read_dir(generated.path());
            assert_eq!(first, files, "SQLite gives back the imported files, in the order stored");
        }

        // Read again row by row (not recognised as the last import's files).
        let again = logis_testkit::reimport(&*backend.store, generated.path()).await;
        assert!(again.written && again.already_imported.is_none());
        assert!(
            again.changed.values().all(|n| *n == 0),
            "{}: a re-import of the same set writes no row: {:?}",
            backend.name,
            again.changed
        );
        assert_eq!(
            export_texts(&*backend.store).await,
            first,
            "{}: re-importing changes nothing",
            backend.name
        );

        // A newer version of one application updates it, and only it.
        let line = first["demandes.csv"].lines().nth(1).expect("a data row").to_owned();
        let mut cells: Vec<&str> = line.split(';').collect();
        cells[9] = "4321.10";
        let header = first["demandes.csv"].lines().next().expect("header");
        let newer = format!("{header}\n{}\n", cells.join(";"));
        let update = file_set(&[("demandes.csv", newer.as_bytes())]);
        let updated = import(&*backend.store, update.path()).await;
        assert!(updated.written);
        assert_eq!(updated.changed.get(&FileKind::Demandes), Some(&1), "{}", backend.name);
        let after = export_texts(&*backend.store).await;
        // Compared as sets: PostgreSQL stores an updated row elsewhere, so its export, in the
        // order stored, gives it at another place.
        let (before_lines, after_lines) =
            (&sorted_lines(&first)["demandes.csv"], &sorted_lines(&after)["demandes.csv"]);
        let gone: Vec<&String> =
            before_lines.iter().filter(|l| after_lines.binary_search(l).is_err()).collect();
        let new: Vec<&String> =
            after_lines.iter().filter(|l| before_lines.binary_search(l).is_err()).collect();
        assert_eq!((gone.len(), new.len()), (1, 1), "{}", backend.name);
        assert!(*gone[0] == line && new[0].contains(";4321.10;"), "{}", backend.name);
        exports.push((backend.name, first));
        backend.finish().await;
    }
    // Export, import into an empty database, export again: identical files.
    let (_, sqlite_export) = &exports[0];
    let again = crate::support::sqlite().await;
    let set = texts_as_set(sqlite_export);
    assert!(import(&*again.store, set.path()).await.written);
    assert_eq!(&export_texts(&*again.store).await, sqlite_export);
    again.finish().await;
    if let Some((_, pg_export)) = exports.get(1) {
        assert_eq!(
            sorted_lines(pg_export),
            sorted_lines(sqlite_export),
            "PostgreSQL and SQLite export the same rows"
        );
    }
}

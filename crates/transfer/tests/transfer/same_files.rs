//! A register import of the very files imported last: not read again, and what was changed in
//! Logis since is kept; read all the same on demand; never recognised when a file changed
//! while the import read it.

use crate::support::{every_backend, file_set, import};
use logis_exchange::FileKind;
use logis_store::statement::text;
use logis_store::{ColumnType, Statement, Store, Value};
use logis_transfer::{ImportOptions, Phase, Progress, Silent, import_with};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

const ORGANISMES: &str = "organisme_id;nom;type;commune\ntgh;Tarn-et-Garonne Habitat;bailleur;\n\
etat;Préfecture;etat;\n";

const DEMANDES: &str = "numero_unique;date_depot;statut;situation_logement;ressources_mensuelles;communes_souhaitees;nom;prenom\n\
A1;2022-12-31;active;heberge_famille;1234.50;82112;Durand;Zoé\n\
A2;2021-03-01;active;locataire_hlm;980;82112;Martin;Hélène\n";

const MEMBRES: &str = "numero_unique;rang;lien;date_naissance\nA1;1;titulaire;2000-02-29\nA2;1;titulaire;1960-01-01\n";

fn logements(loyer: &str) -> String {
    format!(
        "logement_id;bailleur;commune;qpv;typologie;surface;loyer;charges;financement;etage;ascenseur;pmr;reservataire;annee_construction\n\
L1;tgh;82112;;T3;65.50;{loyer};40;PLUS;0;non;oui;etat;1987\n"
    )
}

fn files() -> tempfile::TempDir {
    let logements = logements("380.12");
    file_set(&[
        ("organismes.csv", ORGANISMES.as_bytes()),
        ("demandes.csv", DEMANDES.as_bytes()),
        ("membres.csv", MEMBRES.as_bytes()),
        ("logements.csv", logements.as_bytes()),
    ])
}

async fn one_text(store: &dyn Store, sql: &str) -> Option<String> {
    let rows = store.fetch(sql, &[], &[ColumnType::Text]).await.expect("read");
    match &rows[0][0] {
        Value::Text(text) => text.as_deref().map(str::to_owned),
        other => panic!("a text, not {other:?}"),
    }
}

async fn status_of_a2(store: &dyn Store) -> Option<String> {
    one_text(store, "SELECT statut FROM demandes WHERE numero_unique = 'A2'").await
}

/// A register import of `path`, read again or not.
async fn register_import(
    store: &dyn Store,
    path: &Path,
    reread: bool,
    progress: Arc<dyn Progress>,
) -> logis_transfer::ImportOutcome {
    let now = logis_domain::Clock::now(&*logis_testkit::clock());
    let options = ImportOptions { register_at: Some(now), reread, ..ImportOptions::default() };
    import_with(store, path, progress, options).await.expect("the import machinery works")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_files_of_the_last_import_are_not_read_again_and_what_changed_since_is_kept() {
    let set = files();
    for test in every_backend().await {
        let store = &*test.store;
        let first = import(store, set.path()).await;
        assert!(first.written, "{}: {:?}", test.name, first.report);
        assert_eq!(first.already_imported, None, "{}", test.name);

        // The EPCI radiates A2 as a duplicate, in Logis.
        let radiate = "UPDATE demandes SET statut = 'radiee', motif_radiation = 'doublon' \
                       WHERE numero_unique = $1";
        store.execute(&[Statement::new(radiate, vec![text("A2")])]).await.expect("radiated");

        let again = import(store, set.path()).await;
        assert!(again.written && again.changed_nothing(), "{}", test.name);
        let day = logis_domain::french::date(logis_testkit::TODAY);
        let when = again.already_imported.clone().expect("recognised");
        assert!(when.starts_with(&format!("{day} à ")), "{}: {when}", test.name);
        assert_eq!(again.rows, first.rows, "{}: the rows of the files, as kept", test.name);
        let said = again.changes_said().expect("said");
        assert!(said.contains(&format!("ceux de l'import du {when} :")), "{said}");
        assert_eq!(status_of_a2(store).await.as_deref(), Some("radiee"), "{}: kept", test.name);

        // Read all the same: the file's value comes back, and the same files are then the
        // last import's again.
        let reread = register_import(store, set.path(), true, Arc::new(Silent)).await;
        assert_eq!(reread.already_imported, None, "{}", test.name);
        assert_eq!(reread.changed.get(&FileKind::Demandes), Some(&1), "{}", test.name);
        assert_eq!(status_of_a2(store).await.as_deref(), Some("active"), "{}", test.name);
        assert!(import(store, set.path()).await.already_imported.is_some(), "{}", test.name);

        // One byte changed in one file: everything is read, the change written.
        std::fs::write(set.path().join("logements.csv"), logements("390")).expect("changed");
        let changed = import(store, set.path()).await;
        assert_eq!(changed.already_imported, None, "{}", test.name);
        assert_eq!(changed.changed.get(&FileKind::Logements), Some(&1), "{}", test.name);
        assert_eq!(changed.changed.get(&FileKind::Demandes), Some(&0), "{}", test.name);
        std::fs::write(set.path().join("logements.csv"), logements("380.12")).expect("back");
        assert!(import(store, set.path()).await.already_imported.is_none(), "{}", test.name);
        test.finish().await;
    }
}

/// Rewrites a file once, when the import has read the applications (before the dwellings).
struct RewriteWhileReading {
    path: PathBuf,
    text: String,
    done: AtomicBool,
}

impl Progress for RewriteWhileReading {
    fn rows(&self, phase: Phase, file: FileKind, _: u64) {
        if phase == Phase::Import
            && file == FileKind::Demandes
            && !self.done.swap(true, Ordering::SeqCst)
        {
            std::fs::write(&self.path, &self.text).expect("rewritten while read");
        }
    }
    fn step(&self, _: Phase) {}
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn files_changed_while_they_were_read_are_read_again_next_time() {
    for test in every_backend().await {
        let store = &*test.store;
        let set = files();
        let logements_file = set.path().join("logements.csv");
        // Fingerprinted with a rent of 380.12, read with 381.12 written in between (a file of
        // the same length).
        let progress = Arc::new(RewriteWhileReading {
            path: logements_file.clone(),
            text: logements("381.12"),
            done: AtomicBool::new(false),
        });
        let outcome = register_import(store, set.path(), false, progress).await;
        assert!(outcome.written, "{}: {:?}", test.name, outcome.report);
        let rent = "SELECT CAST(loyer AS TEXT) FROM logements WHERE logement_id = 'L1'";
        assert_eq!(one_text(store, rent).await.as_deref(), Some("38112"), "{}", test.name);

        // The files as they were fingerprinted are not taken for those of the last import.
        std::fs::write(&logements_file, logements("380.12")).expect("back");
        let next = import(store, set.path()).await;
        assert_eq!(next.already_imported, None, "{}", test.name);
        assert_eq!(next.changed.get(&FileKind::Logements), Some(&1), "{}", test.name);
        assert_eq!(one_text(store, rent).await.as_deref(), Some("38012"), "{}", test.name);
        test.finish().await;
    }
}

//! What a whole load derives as it reads (issue 21): the bilan's projection of every
//! application and the groups of applications sharing a duplicates' key are the same as the
//! SQL rebuild of the projection and the store's own search for duplicates find afterwards,
//! on every backend.

use logis_store::ColumnType::{Date, Int, Text};
use logis_store::Value;
use logis_store::bilan::projection;
use logis_store::dossiers::duplicate_keys::{found_groups, pairs_of};
use logis_testkit::{cctc_files, every_backend, import};

const APPLICATIONS: &str = "SELECT numero_unique, date_depot, statut, date_radiation, profil, \
    prioritaire, commune, ressources, naissance_titulaire, uc_base, naissances_autres \
    FROM demandes_bilan ORDER BY numero_unique";

const ATTRIBUTIONS: &str = "SELECT date_bail, commune, typologie, en_qpv, anru, reservataire, \
    profil, prioritaire, date_depot, ressources, naissance_titulaire, uc_base, naissances_autres \
    FROM attributions_bilan ORDER BY date_bail, commune, typologie, reservataire, date_depot, \
    profil, ressources, naissances_autres";

async fn projections(store: &dyn logis_store::Store) -> (Vec<Vec<Value>>, Vec<Vec<Value>>) {
    let applications = store
        .fetch(APPLICATIONS, &[], &[Text, Date, Text, Date, Int, Int, Text, Int, Int, Int, Text])
        .await
        .expect("applications' projection");
    let attributions = store
        .fetch(
            ATTRIBUTIONS,
            &[],
            &[Date, Text, Text, Int, Int, Text, Int, Int, Date, Int, Int, Int, Text],
        )
        .await
        .expect("attributions' projection");
    (applications, attributions)
}

async fn stale(store: &dyn logis_store::Store) -> bool {
    let rows = store.fetch(projection::IS_STALE, &[], &[Int]).await.expect("flag");
    rows[0][0] != Value::Int(Some(0))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_whole_load_projects_and_keys_its_applications_as_the_store_does_afterwards() {
    let files = cctc_files(5);
    for test in every_backend().await {
        let store = &*test.store;
        let outcome = import(store, files.path()).await;
        assert!(outcome.written, "{:?}", outcome.report);
        assert!(outcome.read_ahead.cotation.is_none(), "{}: no grid, nothing to score", test.name);
        assert!(!stale(store).await, "{}: the projection is ready at commit", test.name);
        let (applications, attributions) = projections(store).await;
        let demandes = outcome.rows[&logis_exchange::FileKind::Demandes] as usize;
        assert_eq!(applications.len(), demandes, "{}: one row per application", test.name);
        assert!(!attributions.is_empty(), "{}", test.name);
        // Households of every shape, and members other than the titulaire, were projected.
        let others = applications.iter().filter(|r| r[10] != Value::Text(Some("".into())));
        assert!(others.count() > demandes / 4, "{}", test.name);

        // The SQL rebuild of the projections from the stored tables gives the same rows.
        store
            .execute(&[logis_store::Statement::new(projection::MARK_STALE, vec![])])
            .await
            .unwrap();
        assert!(store.prepare_bilan().await.expect("SQL rebuild"), "{}", test.name);
        let (rebuilt_applications, rebuilt_attributions) = projections(store).await;
        assert_eq!(applications, rebuilt_applications, "{}: applications", test.name);
        assert_eq!(attributions, rebuilt_attributions, "{}: attributions", test.name);

        // The duplicates found while reading are those the store's search finds.
        let read = pairs_of(
            outcome.read_ahead.duplicate_groups.expect("a whole load keys its applications"),
        );
        let searched = pairs_of(found_groups(store).await.expect("search"));
        assert!(!read.0.is_empty(), "{}: the territory has possible duplicates", test.name);
        assert_eq!(read, searched, "{}: pairs and keys set aside", test.name);

        // A second import of the same set, read again, brings every stored application back:
        // what it found as it read them is still the store's (its projection left as stored).
        let again = logis_testkit::reimport(store, files.path()).await;
        assert!(again.written && again.already_imported.is_none(), "{}", test.name);
        let groups = again.read_ahead.duplicate_groups.expect("the whole register read again");
        assert_eq!(pairs_of(groups), searched, "{}: again", test.name);
        assert_eq!(projections(store).await.0, applications, "{}: unchanged", test.name);
        test.finish().await;
    }
}

/// The applications and leases of a snapshot, members by rang and leases sorted, to compare.
fn comparable(
    mut snapshot: logis_cotation::stored::Snapshot,
) -> (Vec<logis_cotation::facts::Applicant>, Vec<logis_cotation::waiting::Lease>) {
    for applicant in &mut snapshot.applicants {
        applicant.membres.sort_by_key(|m| m.rang);
    }
    snapshot.leases.sort_by_key(|l| (l.date_bail, l.date_depot, l.commune, l.typologie));
    (snapshot.applicants, snapshot.leases)
}

/// The territory's default grid registered today, then the set at `files` imported.
async fn imported_with_a_grid(
    store: &dyn logis_store::Store,
    files: &std::path::Path,
) -> logis_transfer::ImportOutcome {
    let grid = logis_cotation::default_grid();
    let today = logis_testkit::TODAY;
    logis_cotation::stored::register_grid(store, &grid, today).await.expect("grid");
    import(store, files).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_whole_load_gathers_what_its_cotation_scores_as_the_store_reads_it_afterwards() {
    use logis_cotation::stored::Snapshot;
    let files = cctc_files(6);
    for test in every_backend().await {
        let store = &*test.store;
        let today = logis_testkit::TODAY;
        let mut outcome = imported_with_a_grid(store, files.path()).await;
        assert!(outcome.written, "{:?}", outcome.report);
        let gathering = outcome.read_ahead.cotation.take().expect("a grid is in force: gathered");
        assert_eq!(gathering.date(), today, "{}", test.name);
        assert!(gathering.is_scored(), "{}: computed while the import committed", test.name);

        let gathered = comparable(gathering.snapshot(store).await.expect("gathered"));
        let read = comparable(Snapshot::for_date(store, today).await.expect("read back"));
        assert!(gathered.0.len() > 100, "{}: the active applications", test.name);
        assert!(gathered.0.iter().any(|a| a.membres.len() > 2), "{}: whole households", test.name);
        assert!(!gathered.1.is_empty(), "{}: the year's leases", test.name);
        assert_eq!(gathered, read, "{}: applicants and leases", test.name);

        // A second import of the same set, read again, brings every stored application back:
        // what it gathered is what the store reads.
        let mut again = logis_testkit::reimport(store, files.path()).await;
        assert!(again.written && again.already_imported.is_none(), "{}", test.name);
        let gathering = again.read_ahead.cotation.take().expect("the whole register read again");
        let gathered_again = comparable(gathering.snapshot(store).await.expect("gathered"));
        assert_eq!(gathered_again, read, "{}: again", test.name);
        test.finish().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_cotation_of_what_a_whole_load_gathered_is_the_one_the_store_gives() {
    use logis_cotation::stored::refresh;
    let files = cctc_files(7);
    for test in every_backend().await {
        let store = &*test.store;
        let today = logis_testkit::TODAY;
        let mut outcome = imported_with_a_grid(store, files.path()).await;
        let gathered = outcome.read_ahead.cotation.as_ref().expect("gathered");
        assert!(gathered.is_scored(), "{}: computed from the files", test.name);
        let read = std::mem::take(&mut outcome.read_ahead);
        let now = logis_domain::Clock::now(&*logis_testkit::clock());
        let done = logis_transfer::follow_up::after_import(store, now, read).await;
        let scored = done.rescored.expect("scored").expect("a grid is in force");
        assert!(scored.scored > 100, "{}", test.name);
        assert_eq!(scored.changed, scored.scored, "{}: first scores", test.name);

        // Scored again from the households read back: nothing changes.
        let again = refresh(store, today, logis_testkit::now() + 1).await.expect("refresh");
        assert_eq!((again.scored, again.changed), (scored.scored, 0), "{}", test.name);
        test.finish().await;
    }
}

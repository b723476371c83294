//! The two computations of the bilan agree: counted in Rust over a snapshot, and by the
//! store's SQL aggregate queries, on generated territories for several seeds and years, on
//! SQLite and on PostgreSQL.

use logis_evaluation::{Settings, Snapshot, assemble, count};
use logis_testkit::{cctc_files, every_backend, import};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rust_and_sql_counts_agree_on_generated_territories() {
    let settings = Settings::default();
    for seed in [1, 7, 2024] {
        let files = cctc_files(seed);
        for test in every_backend().await {
            let store = &*test.store;
            assert!(import(store, files.path()).await.written, "seed {seed} imports");
            let years =
                store.overview(time::macros::date!(2025 - 12 - 31)).await.expect("overview");
            let mut compared = 0;
            // Every year with attributions, and one before the data (nothing to count).
            let mut list: Vec<i32> = years.attributions_par_annee.iter().map(|(y, _)| *y).collect();
            list.push(list.first().copied().unwrap_or(2020) - 3);
            for year in list {
                let snapshot = Snapshot::load(store, year).await.expect("snapshot");
                let in_rust = count(&snapshot.inputs());
                let in_sql = store.bilan_counts(year).await.expect("SQL counts");
                assert_eq!(in_rust, in_sql, "seed {seed}, {year}, {}", test.name);
                assert_eq!(
                    assemble(year, &in_rust, &settings),
                    assemble(year, &in_sql, &settings),
                    "seed {seed}, {year}, {}",
                    test.name
                );
                compared += 1;
                if in_rust.attributions > 0 {
                    assert!(in_rust.demandes_actives > 0 && !in_rust.segments.is_empty());
                }
            }
            assert!(compared >= 3, "seed {seed}: only {compared} years compared");
            test.finish().await;
        }
    }
}

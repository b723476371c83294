//! The two computations of the bilan side by side on a whole database: the counts of the
//! store's SQL (what `logis bilan` uses) and the counts in Rust over a snapshot of the
//! applications and their households (the reference of `tests/agreement.rs`), for the last two
//! years with allocations. Prints each one's time and peak memory and stops at the first
//! difference: the agreement test at national scale that issue 21 asks of the benchmark.
//!
//! `LOGIS_BENCH_DATABASE=sqlite:///…` (or `postgres://…`) names the database, the national set
//! imported, say; without it, the demo territory is generated and imported for the run.
//! Run with `cargo bench -p logis-evaluation --bench agreement`.

use logis_evaluation::{Snapshot, count};
use logis_testkit::bench::timed;

fn main() {
    // `cargo bench` passes `--bench`; `cargo test --benches` would pass nothing: do nothing then.
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(async {
        let (store, _dir) = logis_testkit::bench_store().await;
        let today = logis_testkit::TODAY;
        let overview = store.overview(today).await.expect("overview");
        let years: Vec<i32> = overview.attributions_par_annee.iter().map(|(y, _)| *y).collect();
        println!("{} demandes, années comparées : {:?}", overview.demandes_total, years);
        store.prepare_bilan().await.expect("projections");
        for &year in years.iter().rev().take(2) {
            let started = std::time::Instant::now();
            let in_sql = store.bilan_counts(year).await.expect("SQL counts");
            println!("{year} : comptes SQL {:>8.3} s", started.elapsed().as_secs_f64());
            let started = std::time::Instant::now();
            let snapshot = Snapshot::load(&*store, year).await.expect("snapshot");
            println!("{year} : instantané chargé {:>8.3} s", started.elapsed().as_secs_f64());
            let in_rust = timed(&format!("{year} : comptes en Rust"), || count(&snapshot.inputs()));
            drop(snapshot);
            assert_eq!(in_rust, in_sql, "{year} : les deux calculs diffèrent");
            println!(
                "{year} : identiques ({} demandes actives, {} attributions)",
                in_sql.demandes_actives, in_sql.attributions
            );
        }
    });
}

//! Benchmark of the candidate list: for a sample of dwellings, the time to find the first ten
//! candidates (the examination's settings read, the candidates' index walked in score order,
//! the applications read and examined by every rule), as the vacancy page and the API do; and
//! the time to count the year's objectives so far.
//!
//! `cargo bench -p logis-allocation --bench candidates` runs on the demo territory generated for
//! the run (every dwelling); `LOGIS_BENCH_DATABASE=sqlite:///var/tmp/nb/bench.db` on a prepared
//! database (the national set imported and scored), on `LOGIS_BENCH_DWELLINGS` dwellings drawn
//! at random (default 300).

use logis_allocation::examination::Examination;
use logis_allocation::stored::candidates;
use logis_allocation::workflow::vacancy::proposed_holder;
use logis_domain::Logement;
use logis_store::statement::int;
use logis_store::tables::ColumnType;
use logis_store::{Store, Value};
use std::time::{Duration, Instant};

/// The dwellings measured: `n` drawn at random (every one when there are fewer).
async fn sample(store: &dyn Store, n: i64) -> Vec<Logement> {
    let rows = store
        .fetch(
            "SELECT logement_id FROM logements ORDER BY random() LIMIT $1",
            &[int(n)],
            &[ColumnType::Text],
        )
        .await
        .expect("sample");
    let mut dwellings = Vec::new();
    for row in rows {
        let Some(Value::Text(Some(id))) = row.into_iter().next() else { continue };
        let found = logis_store::lookup_all::<Logement>(store, &[&id]).await.expect("dwelling");
        dwellings.extend(found);
    }
    dwellings
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

fn main() {
    let runtime =
        tokio::runtime::Builder::new_multi_thread().enable_all().build().expect("runtime");
    runtime.block_on(async {
        let (store, _dir) = logis_testkit::bench_store().await;
        let wanted: i64 = std::env::var("LOGIS_BENCH_DWELLINGS").ok().and_then(|v| v.parse().ok()).unwrap_or(300);
        let dwellings = sample(&*store, wanted).await;
        let today = logis_testkit::TODAY;
        let mut times = Vec::new();
        let mut slowest = (Duration::ZERO, String::new(), 0i64, 0usize);
        let mut found_total = 0;
        for d in &dwellings {
            let started = Instant::now();
            let exam = Examination::of(&*store, proposed_holder(d).as_str(), d, d.commune.as_str().to_owned(), today)
                .await
                .expect("examination");
            let found = candidates(&*store, d, &exam.context(), 10).await.expect("candidates");
            let took = started.elapsed();
            found_total += found.candidates.len();
            if took > slowest.0 {
                slowest = (took, d.logement_id.as_str().to_owned(), found.pool, found.examined);
            }
            times.push(took);
        }
        times.sort();
        println!(
            "Liste des candidats (10 premiers), {} logements : médiane {:?}, 90e centile {:?}, 99e centile {:?}, maximum {:?} ({} : {} demandes examinables, {} examinées) ; {:.1} candidats en moyenne",
            times.len(),
            percentile(&times, 0.5),
            percentile(&times, 0.9),
            percentile(&times, 0.99),
            slowest.0,
            slowest.1,
            slowest.2,
            slowest.3,
            found_total as f64 / times.len().max(1) as f64
        );
        let started = Instant::now();
        let rebuilt = store.prepare_bilan().await.expect("projections");
        if rebuilt {
            println!("Projections du bilan reconstruites (une fois après l'import) en {:?}", started.elapsed());
        }
        let started = Instant::now();
        let live = logis_allocation::progress::progress(&*store, today).await.expect("progress");
        println!(
            "Objectifs de l'année à ce jour : {} attributions comptées en {:?}",
            live.whole.attributions,
            started.elapsed()
        );
        let last_year = today.replace_year(today.year() - 1).expect("date");
        let end = time::Date::from_calendar_date(last_year.year(), time::Month::December, 31).expect("date");
        let started = Instant::now();
        let whole = logis_allocation::progress::progress(&*store, end).await.expect("progress");
        println!(
            "Objectifs d'une année entière ({}) : {} attributions comptées en {:?}",
            end.year(),
            whole.whole.attributions,
            started.elapsed()
        );
    });
}

//! Saves of a form under load, before and after issue 17: 50 applications saved at once on
//! PostgreSQL while evaluations run without pause, first through the import (the files of the
//! form written to a temporary folder and imported: the old way), then through
//! `logis_transfer::save` (the new way). Prints each way's latencies, the evaluations done
//! meanwhile and the table locks other sessions held (sampled every few milliseconds). Then the
//! same 50 saves while a cotation's refresh holds its transaction for two seconds: locking
//! every table as it did (`begin_import`), then only the four it writes (`begin_writing`).
//!
//! `cargo bench -p logis-transfer --bench saves`; on the test server of
//! `LOGIS_TEST_POSTGRES_URL` (a throw-away database with the CCTC territory), or on the loaded
//! database named by `LOGIS_BENCH_POSTGRES` (its applications are saved again unchanged but for
//! the phone number).

use logis_domain::{Demande, Membre, NumeroUnique};
use logis_exchange::{FileKind, Limits, MembreRow, Record};
use logis_store::{Store, Table};
use logis_transfer::save::Saved;
use logis_transfer::{ImportOptions, Silent};
use std::collections::BTreeSet;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// Saves at once.
const SAVES: usize = 50;

fn file_of(kind: FileKind, rows: &[Vec<String>]) -> (FileKind, Vec<u8>) {
    let mut file = csv::WriterBuilder::new().delimiter(b';').from_writer(Vec::new());
    file.write_record(kind.columns().iter().map(|c| c.name)).expect("header");
    for row in rows {
        file.write_record(row).expect("row");
    }
    (kind, file.into_inner().expect("bytes"))
}

/// The files a form makes for `demande` and its household, with a new phone number.
fn form_files(demande: &Demande, members: &[Membre], n: usize) -> Vec<(FileKind, Vec<u8>)> {
    let changed = Demande {
        telephone: Some(format!("06 00 00 {:02} {:02}", n / 100, n % 100)),
        ..demande.clone()
    };
    let household: Vec<Vec<String>> = members
        .iter()
        .map(|m| {
            MembreRow { numero_unique: demande.numero_unique.clone(), membre: m.clone() }.cells()
        })
        .collect();
    vec![file_of(FileKind::Demandes, &[changed.cells()]), file_of(FileKind::Membres, &household)]
}

/// Each sample's duration, sorted; the median, the 95th percentile and the longest.
fn summary(mut times: Vec<Duration>) -> String {
    times.sort();
    let at = |p: f64| times[((times.len() as f64 - 1.0) * p).round() as usize];
    format!(
        "médiane {:.0} ms, 95 % {:.0} ms, maximum {:.0} ms",
        at(0.5).as_secs_f64() * 1e3,
        at(0.95).as_secs_f64() * 1e3,
        at(1.0).as_secs_f64() * 1e3
    )
}

/// Samples the table locks other sessions hold until `stop`.
async fn sample_locks(store: Arc<dyn Store>, stop: Arc<AtomicBool>) -> BTreeSet<String> {
    let sql = "SELECT DISTINCT c.relname || ' ' || l.mode FROM pg_locks l JOIN pg_class c ON c.oid = l.relation \
               WHERE l.granted AND l.pid <> pg_backend_pid() AND c.relkind = 'r' \
               AND c.relnamespace = 'public'::regnamespace";
    let mut seen = BTreeSet::new();
    while !stop.load(Ordering::SeqCst) {
        if let Ok(rows) = store.fetch(sql, &[], &[logis_store::ColumnType::Text]).await {
            for row in rows {
                if let Some(logis_store::Value::Text(Some(t))) = row.into_iter().next() {
                    seen.insert(t.into_owned());
                }
            }
        }
        tokio::time::sleep(Duration::from_millis(3)).await;
    }
    seen
}

/// Saves a form the new way (`logis_transfer::save`); whether it was written.
async fn new_way(store: Arc<dyn Store>, files: Vec<(FileKind, Vec<u8>)>) -> bool {
    let saved = logis_transfer::save::save(&*store, files, Limits::default(), Vec::new()).await;
    matches!(saved, Ok(Saved::Written))
}

/// Runs `save` on every form at once: the wall time, each save's time, how many were refused.
async fn save_all<F, Fut>(
    store: &Arc<dyn Store>,
    forms: &[Vec<(FileKind, Vec<u8>)>],
    save: F,
) -> (Duration, Vec<Duration>, usize)
where
    F: Fn(Arc<dyn Store>, Vec<(FileKind, Vec<u8>)>) -> Fut,
    Fut: std::future::Future<Output = bool> + Send + 'static,
{
    let started = Instant::now();
    let tasks: Vec<_> = forms
        .iter()
        .map(|files| {
            let run = save(store.clone(), files.clone());
            tokio::spawn(async move {
                let begun = Instant::now();
                let written = run.await;
                (begun.elapsed(), written)
            })
        })
        .collect();
    let mut times = Vec::new();
    let mut refused = 0;
    for task in tasks {
        let (time, written) = task.await.expect("save task");
        times.push(time);
        refused += usize::from(!written);
    }
    (started.elapsed(), times, refused)
}

/// Runs `save` on every application at once while evaluations run; prints what it measured.
async fn measure<F, Fut>(
    name: &str,
    store: &Arc<dyn Store>,
    forms: &[Vec<(FileKind, Vec<u8>)>],
    save: F,
) where
    F: Fn(Arc<dyn Store>, Vec<(FileKind, Vec<u8>)>) -> Fut,
    Fut: std::future::Future<Output = bool> + Send + 'static,
{
    let stop = Arc::new(AtomicBool::new(false));
    let evaluations = Arc::new(AtomicU64::new(0));
    let evaluating = {
        let (store, stop, done) = (store.clone(), stop.clone(), evaluations.clone());
        tokio::spawn(async move {
            let settings = logis_evaluation::Settings::default();
            let year = logis_testkit::TODAY.year() - 1;
            while !stop.load(Ordering::SeqCst) {
                if logis_transfer::bilan::several(&*store, &[year], &settings).await.is_ok() {
                    done.fetch_add(1, Ordering::SeqCst);
                }
            }
        })
    };
    let locks = tokio::spawn(sample_locks(store.clone(), stop.clone()));
    tokio::time::sleep(Duration::from_millis(200)).await;
    let (wall, times, refused) = save_all(store, forms, save).await;
    stop.store(true, Ordering::SeqCst);
    evaluating.await.expect("evaluations");
    let locks = locks.await.expect("locks");
    println!(
        "{name} : {} sauvegardes simultanées en {:.2} s ({}), {} refusées ; {} évaluations pendant ce temps",
        forms.len(),
        wall.as_secs_f64(),
        summary(times),
        refused,
        evaluations.load(Ordering::SeqCst)
    );
    println!(
        "  verrous de table tenus par d'autres sessions : {}",
        locks.into_iter().collect::<Vec<_>>().join(", ")
    );
}

/// How long the refresh of [`during_a_refresh`] holds its transaction.
const REFRESH_HELD: Duration = Duration::from_secs(2);

/// Saves every form at once while a cotation's refresh holds a transaction on `tables` (its
/// scores replaced, not yet committed) for [`REFRESH_HELD`]; prints what it measured.
async fn during_a_refresh(
    name: &str,
    store: &Arc<dyn Store>,
    forms: &[Vec<(FileKind, Vec<u8>)>],
    tables: &[Table],
) {
    let mut refresh = store.begin_writing(tables).await.expect("the refresh's transaction");
    refresh.replace_all(Table::Scores).await.expect("scores replaced");
    let holding = tokio::spawn(async move {
        tokio::time::sleep(REFRESH_HELD).await;
        drop(refresh); // Rolled back: the scores stay as they were.
    });
    let (wall, times, refused) = save_all(store, forms, new_way).await;
    holding.await.expect("refresh");
    println!(
        "{name} : {} sauvegardes simultanées en {:.2} s ({}), {} refusées",
        forms.len(),
        wall.as_secs_f64(),
        summary(times),
        refused
    );
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let (store, _kept): (Arc<dyn Store>, Option<logis_testkit::TestStore>) =
        match std::env::var("LOGIS_BENCH_POSTGRES") {
            Ok(url) => {
                (Arc::new(logis_store_postgres::PgStore::open(&url).await.expect("open")), None)
            }
            Err(_) => {
                let Some(test) = logis_testkit::postgres().await else {
                    println!("ni LOGIS_BENCH_POSTGRES ni LOGIS_TEST_POSTGRES_URL : banc ignoré");
                    return;
                };
                let files = logis_testkit::cctc_files(2022);
                assert!(logis_testkit::import(&*test.store, files.path()).await.written);
                (test.store.clone(), Some(test))
            }
        };
    let today = logis_testkit::TODAY;
    let mut households: Vec<(Demande, Vec<Membre>)> = Vec::new();
    store
        .export_households(today, today, &mut |(d, members)| {
            if households.len() < SAVES && d.statut == logis_domain::Statut::Active {
                households.push((d, members));
            }
            Ok(())
        })
        .await
        .expect("households");
    let forms: Vec<_> =
        households.iter().enumerate().map(|(n, (d, m))| form_files(d, m, n)).collect();
    let numeros: Vec<&NumeroUnique> = households.iter().map(|(d, _)| &d.numero_unique).collect();
    println!("{} demandes du territoire enregistrées à nouveau ({} …)", numeros.len(), numeros[0]);

    measure("Par l'import (avant)", &store, &forms, |store, files| async move {
        let dir = tempfile::tempdir().expect("folder");
        for (kind, bytes) in files {
            std::fs::write(dir.path().join(kind.file_name()), bytes).expect("file");
        }
        let options = ImportOptions { register_at: None, ..ImportOptions::default() };
        logis_transfer::import_with(&*store, dir.path(), Arc::new(Silent), options)
            .await
            .is_ok_and(|o| o.written)
    })
    .await;
    measure("Par logis_transfer::save (après)", &store, &forms, new_way).await;
    let refreshed = logis_cotation::stored::REFRESHED_TABLES;
    during_a_refresh(
        "Pendant un recalcul, toutes les tables verrouillées (avant)",
        &store,
        &forms,
        &Table::ALL,
    )
    .await;
    during_a_refresh(
        "Pendant un recalcul, ses quatre tables verrouillées (après)",
        &store,
        &forms,
        &refreshed,
    )
    .await;
    let one = forms[0].clone();
    let started = Instant::now();
    let saved = logis_transfer::save::save(&*store, one, Limits::default(), Vec::new()).await;
    println!(
        "Une sauvegarde seule, sans évaluation en cours : {:.1} ms (écrite : {:?})",
        started.elapsed().as_secs_f64() * 1e3,
        saved.map(|s| matches!(s, Saved::Written))
    );
    if let Some(test) = _kept {
        test.finish().await;
    }
}

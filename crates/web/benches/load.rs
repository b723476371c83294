//! Load benchmark of the partners' application: concurrent users browsing on loopback, each on
//! its own keep-alive connection and session, alternating the applications list (a random page
//! sorted by score), a file (a random application: the page reads its cotation, household,
//! labels, notes, and writes the audit log) and a search by name fragment; the latencies of
//! each kind are reported (count, median, 90th and 99th percentiles, maximum).
//!
//! `cargo bench -p logis-web --bench load` runs on the demo territory generated for the run;
//! `LOGIS_BENCH_DATABASE=sqlite:///var/tmp/nb/bench.db` runs on a prepared database (the
//! national set imported and scored). `LOGIS_BENCH_USERS` (default 50) and
//! `LOGIS_BENCH_SECONDS` (default 30) set the load; `LOGIS_BENCH_THINK_MS` (default 1000) is the
//! mean pause of a user between two pages (drawn between half and one and a half times it; 0
//! sends requests back to back, which measures the server saturated); each user arrives at a
//! moment drawn within the first pause, as users arrive in steady state (until the sixteenth
//! session all fifty sent their first page in the same millisecond). A `postgres://` URL in
//! `LOGIS_BENCH_DATABASE` runs on PostgreSQL.
//!
//! `LOGIS_BENCH_IMPORT=FOLDER` (a file set, the national one say) imports it while the users
//! browse, and also signs them in now and then, then brings the derived data up to date as the
//! server's import does when the set changed data (projections, cotation, duplicates): the
//! latencies are then given apart for the requests sent meanwhile (« pendant l'import et
//! suite ») — the import never stops the service (issue 15). The phases of the import and of
//! its follow-up are then printed with the moment each ended, and every request that took more
//! than a second with the moment it was sent, to tell which phase made it wait.

mod common;

/// The server's allocator (`logis serve`: `crates/cli/src/allocator.rs`), for the bench to
/// measure what it runs.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use common::{Load, connect, get, post_form};
use logis_access::{Role, password};
use logis_store::access::{self as register, accounts, sessions};
use logis_store::dossiers::search::{ApplicationFilter, Sort, search};
use logis_store::{StoredAccount, StoredSession};
use logis_web::{AppState, session};
use rand::Rng;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};
use tokio::net::TcpStream;

const KINDS: [&str; 4] = ["liste des demandes", "fiche demande", "recherche par nom", "connexion"];

/// The bench account's password.
const PASSWORD: &str = "mot-de-passe-du-banc";

/// A sign-in on a keep-alive connection; the status (303 when it opened a session).
async fn sign_in(stream: &mut TcpStream, login: &str, buffer: &mut Vec<u8>) -> u16 {
    let body = format!("login={login}&mot_de_passe={PASSWORD}");
    post_form(stream, "/connexion", "", &body, buffer).await
}

#[tokio::main]
async fn main() {
    let Load { users, seconds, think } = Load::from_env(50);
    let (store, _kept) = logis_testkit::bench_store().await;
    let now = logis_testkit::now();
    let hash = password::hash(PASSWORD).expect("hash");
    // One account per user, as in an office: the sign-ins of one login are limited (five at
    // once), and fifty users sharing it were refused on PostgreSQL.
    let (mut cookies, mut logins) = (Vec::new(), Vec::new());
    for user in 0..users {
        let login = logis_access::Login::parse(&format!("charge.banc.{user}")).expect("a login");
        let account = StoredAccount::new(login, Role::Bailleur, hash.clone(), now);
        register::write(&*store, accounts::save(&account)).await.expect("account");
        let token = session::new_token();
        let opened = StoredSession {
            token_hash: session::hash(&token),
            login: account.login.clone(),
            created_at: now,
            expires_at: now + 86_400,
            last_seen: now,
        };
        register::write(&*store, sessions::open(&opened, 0)).await.expect("session");
        cookies.push(format!("{}={token}", session::COOKIE));
        logins.push(account.login);
    }
    let active = ApplicationFilter { statut: Some("active".into()), ..Default::default() };
    let sample = search(&*store, &active, Sort::Anciennete, 0, 5_000, 0).await.expect("sample");
    let numeros: Arc<Vec<String>> =
        Arc::new(sample.lines.into_iter().map(|l| l.numero_unique).collect());
    let pages =
        search(&*store, &active, Sort::Score, 0, 1, 10_000).await.expect("count").matching / 50;
    let state =
        AppState::load(store.clone(), "Banc d'essai", logis_testkit::clock()).await.expect("state");
    let addr = common::serve(state).await;
    println!(
        "{users} utilisateurs pendant {seconds} s sur http://{addr}, pause moyenne de {think} ms entre deux pages ({} demandes échantillonnées, {} pages de liste)",
        numeros.len(),
        pages.max(1)
    );
    let importing = Arc::new(AtomicBool::new(false));
    let began = Instant::now();
    let import = std::env::var("LOGIS_BENCH_IMPORT").ok().map(|folder| {
        let (store, importing) = (store.clone(), importing.clone());
        importing.store(true, Ordering::SeqCst);
        tokio::spawn(async move {
            let started = Instant::now();
            let moment = time::OffsetDateTime::from_unix_timestamp(now).expect("a moment");
            // Read whole even if they are the last import's files: the bench measures the
            // pages while an import reads, checks and writes.
            let options = logis_transfer::ImportOptions {
                register_at: Some(moment),
                reread: true,
                ..Default::default()
            };
            let mut outcome = logis_transfer::import_with(
                &*store,
                std::path::Path::new(&folder),
                Arc::new(logis_transfer::Silent),
                options,
            )
            .await
            .expect("the import runs");
            let imported = started.elapsed().as_secs_f64();
            let mut timeline = phases_ended(&outcome.phases, 0.0);
            // What the server's import page does next: the bilan's projections, the cotation
            // and the possible duplicates, when the import changed data.
            let followed = logis_transfer::follow_up::after(&*store, moment, &mut outcome).await;
            importing.store(false, Ordering::SeqCst);
            if let Some(followed) = &followed {
                timeline.extend(phases_ended(&followed.phases, imported));
            }
            for (ended, label) in timeline {
                println!("  à {ended:>6.1} s : fin de « {label} »");
            }
            println!(
                "import de {folder} : {} en {imported:.0} s, suite (projections, cotation, doublons) {}",
                if outcome.written { "écrit" } else { "refusé" },
                match followed {
                    Some(_) => format!("en {:.0} s", started.elapsed().as_secs_f64() - imported),
                    None => "sans objet (rien de changé)".to_owned(),
                }
            );
        })
    });
    let signs_in = import.is_some();
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let mut tasks = Vec::new();
    for (user, (cookie, login)) in cookies.into_iter().zip(logins).enumerate() {
        let numeros = numeros.clone();
        let importing = importing.clone();
        tasks.push(tokio::spawn(async move {
            let mut stream = connect(addr).await;
            let headers = format!("Cookie: {cookie}\r\n");
            let mut buffer = Vec::new();
            // Per kind: the requests sent while the import ran, and the others.
            let mut times: [[Vec<Duration>; 4]; 2] = Default::default();
            // The requests that took more than a second: when sent (seconds since the start),
            // their kind, how long.
            let mut slow: Vec<(f64, usize, Duration)> = Vec::new();
            let mut i = user;
            common::arrival(think).await;
            while Instant::now() < deadline {
                // One sign-in in ten requests when an import runs alongside.
                let kind = if signs_in && i % 10 == 9 { 3 } else { i % 3 };
                let path = {
                    let mut rng = rand::rng();
                    match kind {
                        0 => {
                            format!("/demandes?page={}", rng.random_range(1..=pages.clamp(1, 200)))
                        }
                        1 => format!("/demandes/{}", numeros[rng.random_range(0..numeros.len())]),
                        _ => format!(
                            "/demandes?nom={}",
                            ["mar", "dup", "ber", "lef", "ro"][rng.random_range(0..5)]
                        ),
                    }
                };
                let during = importing.load(Ordering::SeqCst);
                let started = Instant::now();
                let status = if kind == 3 {
                    sign_in(&mut stream, login.as_str(), &mut buffer).await
                } else {
                    get(&mut stream, &path, &headers, &mut buffer).await
                };
                let took = started.elapsed();
                times[usize::from(!during)][kind].push(took);
                if took > Duration::from_secs(1) {
                    slow.push(((started - began).as_secs_f64(), kind, took));
                }
                let expected = if kind == 3 { 303 } else { 200 };
                let asked = if kind == 3 { "/connexion" } else { path.as_str() };
                assert_eq!(status, expected, "{asked}");
                i += 1;
                common::pause(think).await;
            }
            (times, slow)
        }));
    }
    let mut all: [[Vec<Duration>; 4]; 2] = Default::default();
    let mut slow = Vec::new();
    for task in tasks {
        let (times, slowed) = task.await.expect("user");
        slow.extend(slowed);
        for (phase, kinds) in times.into_iter().enumerate() {
            for (kind, times) in kinds.into_iter().enumerate() {
                all[phase][kind].extend(times);
            }
        }
    }
    if let Some(import) = import {
        import.await.expect("import");
    }
    for (phase, title) in ["pendant l'import et suite", "sans import"].into_iter().enumerate() {
        if all[phase].iter().all(Vec::is_empty) {
            continue;
        }
        common::print_latencies(title, &KINDS, &mut all[phase]);
    }
    slow.sort_by(|a, b| a.0.total_cmp(&b.0));
    println!("requêtes de plus d'une seconde : {}", slow.len());
    for (sent, kind, took) in slow.iter().take(80) {
        println!("  envoyée à {sent:>6.1} s : {} en {:.2} s", KINDS[*kind], took.as_secs_f64());
    }
    if slow.len() > 80 {
        println!("  (et {} autres)", slow.len() - 80);
    }
    let total: usize = all.iter().flatten().map(Vec::len).sum();
    println!("débit : {:.0} requêtes par seconde", total as f64 / seconds as f64);
}

/// The moment each of `phases` ended, in seconds since the bench began, the first starting at
/// `start` (the import starts with the users; its follow-up when it ends).
fn phases_ended(phases: &[logis_transfer::timing::PhaseTime], start: f64) -> Vec<(f64, String)> {
    let mut at = start;
    let mut ended = Vec::new();
    // Parts of a phase are within it, not after it.
    for phase in phases.iter().filter(|p| !p.is_part()) {
        at += phase.duration.as_secs_f64();
        ended.push((at, phase.label.to_owned()));
    }
    ended
}

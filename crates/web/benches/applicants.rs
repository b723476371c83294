//! Load benchmark of the applicants' space: concurrent applicants on loopback, each on its own
//! keep-alive connection and applicant session, opening their space now and again (the page
//! reads their application's cotation, household, thresholds, allocation and commission
//! decisions, and writes the audit log); now and then one opens the public sign-in page, or
//! signs in with a numéro and a wrong date of birth (the refused path: the application and its
//! titulaire read, the refusal written in the audit log, no mail sent). The latencies of each
//! kind are reported (count, median, 90th and 99th percentiles, maximum), with the answers that
//! were not the expected ones.
//!
//! The applications are drawn at random among the scored active ones, and each user's session
//! is opened directly ([`logis_applicants::session::open`]): the code step is not measured
//! here. The users come, as behind the reverse proxy of a deployment, each from its own address
//! (`X-Forwarded-For` from the loopback, trusted for the run), and each wrong date is sent for
//! another numéro, so that the limiter of sign-in attempts (5 failures per numéro, 20 per
//! address, in 15 minutes) lets the refusals through; the attempts it refuses all the same
//! (429) are counted apart.
//!
//! `cargo bench -p logis-web --bench applicants` runs on the demo territory generated for the
//! run; `LOGIS_BENCH_DATABASE=sqlite:///var/tmp/nb/bench.db` runs on a prepared database (the
//! national set imported and scored), a `postgres://` URL on PostgreSQL. `LOGIS_BENCH_USERS`
//! (default 1000) and `LOGIS_BENCH_SECONDS` (default 30) set the load; `LOGIS_BENCH_THINK_MS`
//! (default 1000) is the mean pause of a user between two pages (drawn between half and one and
//! a half times it; 0 sends requests back to back). Each user starts after a random delay
//! within the first pause, so that the thousand do not all arrive in the same millisecond.

mod common;

use common::{Load, connect, get, post_form};
use logis_domain::NumeroUnique;
use logis_store::{ColumnType, Store, Value};
use logis_web::{AppState, session};
use std::net::{IpAddr, Ipv4Addr};
use std::sync::Arc;
use std::time::{Duration, Instant};

const KINDS: [&str; 4] =
    ["espace du demandeur", "page de connexion", "connexion refusée", "connexion limitée (429)"];
const SPACE: usize = 0;
const PUBLIC: usize = 1;
const REFUSED: usize = 2;
const LIMITED: usize = 3;

/// Out of every [`EVERY`] requests of a user: one public sign-in page, one wrong date of
/// birth, the others the space.
const EVERY: usize = 20;

/// A date of birth no titulaire has.
const WRONG_BIRTH: &str = "01%2F01%2F1900";

/// `n` numéros drawn at random among the scored active applications.
async fn drawn(store: &dyn Store, n: usize) -> Vec<String> {
    let sql = format!(
        "SELECT s.numero_unique FROM scores s JOIN demandes d ON d.numero_unique = s.numero_unique \
         WHERE d.statut = 'active' ORDER BY random() LIMIT {n}"
    );
    let rows = store.fetch(&sql, &[], &[ColumnType::Text]).await.expect("a sample");
    rows.into_iter()
        .filter_map(|row| match row.into_iter().next() {
            Some(Value::Text(Some(numero))) => Some(numero.into_owned()),
            _ => None,
        })
        .collect()
}

/// The rows of `table`.
async fn count(store: &dyn Store, table: &str) -> i64 {
    let rows = store
        .fetch(&format!("SELECT COUNT(*) FROM {table}"), &[], &[ColumnType::Int])
        .await
        .expect("a count");
    match rows.first().and_then(|row| row.first()) {
        Some(Value::Int(Some(n))) => *n,
        _ => 0,
    }
}

/// What one user measured: latencies per kind, answers not expected per kind, one example.
#[derive(Default)]
struct Measured {
    times: [Vec<Duration>; 4],
    unexpected: [usize; 4],
    example: Option<String>,
}

#[tokio::main]
async fn main() {
    let Load { users, seconds, think } = Load::from_env(1000);
    let (store, _kept) = logis_testkit::bench_store().await;
    let now = logis_testkit::now();
    let started = Instant::now();
    let (applications, scored) = (count(&*store, "demandes").await, count(&*store, "scores").await);
    // One application per user for the sessions, two more per user for the wrong dates.
    let numeros = drawn(&*store, users * 3).await;
    assert!(!numeros.is_empty(), "no scored active application");
    let (with_session, others) = numeros.split_at(users.min(numeros.len()));
    let wrong: Arc<Vec<String>> =
        Arc::new(if others.is_empty() { with_session.to_vec() } else { others.to_vec() });
    println!(
        "{applications} demandes, {scored} cotées ; {} tirées au hasard en {:.1} s",
        numeros.len(),
        started.elapsed().as_secs_f64()
    );
    let started = Instant::now();
    let mut cookies = Vec::with_capacity(users);
    for user in 0..users {
        let numero = NumeroUnique::parse(&with_session[user % with_session.len()]).expect("numéro");
        let opened =
            logis_applicants::session::open(&*store, &numero, now).await.expect("a session");
        cookies.push(format!("{}={}", session::APPLICANT_COOKIE, opened.token));
    }
    println!("{users} sessions de demandeur ouvertes en {:.1} s", started.elapsed().as_secs_f64());
    let mut state =
        AppState::load(store.clone(), "Banc d'essai", logis_testkit::clock()).await.expect("state");
    // As behind a deployment's reverse proxy: the client's address in X-Forwarded-For.
    state.trusted_proxies = Arc::from(vec![IpAddr::V4(Ipv4Addr::LOCALHOST)]);
    let addr = common::serve(state).await;
    println!(
        "{users} demandeurs pendant {seconds} s sur http://{addr}, pause moyenne de {think} ms entre deux pages (sur {EVERY} pages : 1 page de connexion, 1 connexion avec une date de naissance fausse, les autres l'espace)"
    );
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let mut tasks = Vec::new();
    for (user, cookie) in cookies.into_iter().enumerate() {
        let wrong = wrong.clone();
        tasks.push(tokio::spawn(async move {
            common::arrival(think).await;
            let mut stream = connect(addr).await;
            let address = format!("10.{}.{}.{}", (user >> 16) & 255, (user >> 8) & 255, user & 255);
            let forwarded = format!("X-Forwarded-For: {address}\r\n");
            let signed_in = format!("Cookie: {cookie}\r\n{forwarded}");
            let mut buffer = Vec::new();
            let mut measured = Measured::default();
            let (mut i, mut attempts) = (user, 0);
            while Instant::now() < deadline {
                let kind = match i % EVERY {
                    9 => PUBLIC,
                    19 => REFUSED,
                    _ => SPACE,
                };
                let sent = Instant::now();
                let (path, status) = match kind {
                    SPACE => {
                        let path = "/demandeur/espace";
                        (path, get(&mut stream, path, &signed_in, &mut buffer).await)
                    }
                    PUBLIC => {
                        let path = "/demandeur/connexion";
                        (path, get(&mut stream, path, &forwarded, &mut buffer).await)
                    }
                    _ => {
                        // Each attempt on another numéro: user u's k-th is wrong[u + k × users].
                        let numero = &wrong[(user + attempts * users) % wrong.len()];
                        attempts += 1;
                        let body = format!("numero={numero}&naissance={WRONG_BIRTH}");
                        let path = "/demandeur/connexion";
                        (path, post_form(&mut stream, path, &forwarded, &body, &mut buffer).await)
                    }
                };
                let elapsed = sent.elapsed();
                let (kind, expected) = match (kind, status) {
                    (REFUSED, 429) => (LIMITED, 429),
                    (REFUSED, _) => (REFUSED, 422),
                    _ => (kind, 200),
                };
                measured.times[kind].push(elapsed);
                if status != expected {
                    measured.unexpected[kind] += 1;
                    measured.example.get_or_insert_with(|| format!("{status} sur {path}"));
                }
                i += 1;
                common::pause(think).await;
            }
            measured
        }));
    }
    let mut all = Measured::default();
    for task in tasks {
        let measured = task.await.expect("user");
        for (kind, times) in measured.times.into_iter().enumerate() {
            all.times[kind].extend(times);
            all.unexpected[kind] += measured.unexpected[kind];
        }
        if all.example.is_none() {
            all.example = measured.example;
        }
    }
    common::print_latencies("demandeurs", &KINDS, &mut all.times);
    let total: usize = all.times.iter().map(Vec::len).sum();
    println!("débit : {:.0} requêtes par seconde", total as f64 / seconds as f64);
    let unexpected: usize = all.unexpected.iter().sum();
    if unexpected == 0 {
        println!("aucune réponse inattendue ({} refus limités, 429)", all.times[LIMITED].len());
    } else {
        let per_kind: Vec<String> = KINDS
            .iter()
            .zip(all.unexpected)
            .filter(|(_, n)| *n > 0)
            .map(|(kind, n)| format!("{kind} : {n}"))
            .collect();
        println!(
            "réponses inattendues : {} (par exemple {})",
            per_kind.join(", "),
            all.example.unwrap_or_default()
        );
    }
}

//! An import never stops the service: while a file set is being imported — held open half-way
//! by its progress, as long as the test wants — and then while the cotation's scores are being
//! replaced, partners sign in, open files, list applications and read the API, on SQLite and
//! on PostgreSQL. Each request is given ten seconds: one that waited for the import would
//! wait for ever (the import goes on only when the test lets it). A write that needs the
//! import's lock is refused as busy, in French, instead of hanging.

use crate::support::{
    App, PASSWORD, api_get, api_token, app, get, login_of, post, send, session, text,
};
use axum::body::Body;
use axum::http::{Request, Response, StatusCode};
use logis_access::Role;
use logis_domain::Clock;
use logis_exchange::FileKind;
use logis_transfer::{Phase, Progress};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;

/// A progress that stops the import at its first rows until [`Gate::open`].
#[derive(Default)]
struct Gate {
    reached: AtomicBool,
    opened: Mutex<bool>,
    wake: Condvar,
}

impl Gate {
    fn open(&self) {
        *self.opened.lock().expect("gate") = true;
        self.wake.notify_all();
    }

    async fn reached(&self) {
        for _ in 0..600 {
            if self.reached.load(Ordering::SeqCst) {
                return;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("the import never started");
    }
}

impl Progress for Gate {
    fn rows(&self, _: Phase, _: FileKind, _: u64) {
        self.reached.store(true, Ordering::SeqCst);
        let mut opened = self.opened.lock().expect("gate");
        while !*opened {
            opened = self.wake.wait(opened).expect("gate");
        }
    }

    fn step(&self, _: Phase) {}
}

/// Sends `request`, failing the test if it is not answered within ten seconds.
async fn answered(app: &App, request: Request<Body>, what: &str) -> Response<Body> {
    tokio::time::timeout(Duration::from_secs(10), send(app, request))
        .await
        .unwrap_or_else(|_| panic!("{}: {what} waited for the import", app.test.name))
}

/// What partners do while the register is being written: none of it may fail or wait; with
/// `write`, a note too.
async fn partners_work_on(app: &App, token: &str, write: bool) {
    let name = app.test.name;
    let form = format!("login={}&mot_de_passe={PASSWORD}", login_of(Role::Bailleur));
    let signed_in = answered(app, post("/connexion", None, &form), "signing in").await;
    assert_eq!(signed_in.status(), StatusCode::SEE_OTHER, "{name}: signing in");
    let desk = session(app, Role::Guichet).await;
    let file =
        answered(app, get(&format!("/demandes/{}", app.followed), Some(&desk)), "a file").await;
    assert_eq!(file.status(), StatusCode::OK, "{name}: a file");
    assert!(text(file).await.contains(&app.followed));
    let list = answered(app, get("/demandes", Some(&desk)), "the list").await;
    assert_eq!(list.status(), StatusCode::OK, "{name}: the list by score");
    let api = answered(
        app,
        api_get(&format!("/api/demandes/{}", app.not_followed), Some(token)),
        "the API",
    )
    .await;
    assert_eq!(api.status(), StatusCode::OK, "{name}: the API");
    let log = logis_store::access::audit::latest(&*app.test.store, 3).await.expect("audit");
    assert!(
        log.iter()
            .any(|l| l.action.code() == "consultation" && l.target.contains(&app.not_followed)),
        "{name}: the audit line of each file is written"
    );
    if !write {
        return;
    }
    // A write that needs the import's lock: saved, or refused as busy — never an error page.
    let note = format!("_csrf={}&texte=Appel+du+m%C3%A9nage", desk.csrf);
    let written = answered(
        app,
        post(&format!("/demandes/{}/notes", app.followed), Some(&desk), &note),
        "a note",
    )
    .await;
    let status = written.status();
    assert!(
        status == StatusCode::SEE_OTHER || status == StatusCode::SERVICE_UNAVAILABLE,
        "{name}: a note during an import: {status}"
    );
    if status == StatusCode::SERVICE_UNAVAILABLE {
        assert!(
            text(written).await.contains("Un import ou un recalcul de la cotation est en cours")
        );
    }
}

#[tokio::test]
async fn partners_sign_in_and_read_files_while_an_import_and_a_cotation_run() {
    for test in logis_testkit::every_backend().await {
        let app = app(test).await;
        let token = api_token(&app, Role::Bailleur).await;
        // The territory's files imported again and read all the same (not recognised as the
        // last import's): every table is written, half-way when the gate holds.
        let files = logis_testkit::cctc_files(5);
        let gate = Arc::new(Gate::default());
        let store = app.test.store.clone();
        let (path, progress) = (files.path().to_owned(), gate.clone());
        let import = tokio::spawn(async move {
            let register_at = Some(logis_testkit::clock().now());
            let options =
                logis_transfer::ImportOptions { register_at, reread: true, ..Default::default() };
            logis_transfer::import_with(&*store, &path, progress, options)
                .await
                .expect("import")
                .written
        });
        gate.reached().await;
        partners_work_on(&app, &token, true).await;
        gate.open();
        assert!(import.await.expect("import task"), "{}: the import went through", app.test.name);

        // The cotation replaces its scores as a whole: held open before its commit.
        let mut cotation = app.test.store.begin_import().await.expect("a cotation's transaction");
        cotation.replace_all(logis_store::Table::Scores).await.expect("replace");
        cotation.replace_all(logis_store::Table::Candidatures).await.expect("replace");
        partners_work_on(&app, &token, false).await;
        let desk = session(&app, Role::Guichet).await;
        let scored = answered(&app, get("/demandes", Some(&desk)), "the scores").await;
        let page = text(scored).await;
        assert!(page.contains("classées par score"), "{}: the scores as they were", app.test.name);
        assert!(page.contains(&app.followed), "{}: the best-scored first", app.test.name);
        drop(cotation);
        app.test.finish().await;
    }
}

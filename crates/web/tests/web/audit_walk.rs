//! Every read of personal data is in the audit log. Every applicant of the territory is given
//! the same recognisable name, then every GET route of the router's table is opened by every
//! role that may open it — pages, downloads (CSV, workbooks, PDF read back as text) and the
//! API —: each answer that shows the name or a numéro unique must have written its audit
//! line, by that account, saying what was shown. The table is the router's own: a new route is
//! walked as soon as it exists.

use crate::support::{
    App, api_get, api_token, app, candidate_numeros, concrete, get, post, presented, send, session,
    text,
};
use axum::http::{Method, StatusCode, header};
use http_body_util::BodyExt;
use logis_access::Role;
use logis_store::Statement;
use logis_store::access::audit;
use logis_web::guard::Access;
use logis_web::imports::JobState;
use logis_web::routes::table;
use std::io::{Read, Write};

/// The name every applicant gets.
const NAME: &str = "Zéphyrine";

/// The text of an answer, whatever its kind: a PDF through `pdftotext`, a workbook's shared
/// strings, anything else as UTF-8.
async fn readable(response: axum::http::Response<axum::body::Body>) -> String {
    let kind = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    let bytes = response.into_body().collect().await.expect("body").to_bytes().to_vec();
    if kind.starts_with("application/pdf") {
        let mut child = std::process::Command::new("pdftotext")
            .args(["-", "-"])
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .spawn()
            .expect("pdftotext (poppler-utils) runs");
        child.stdin.take().expect("stdin").write_all(&bytes).expect("write");
        let out = child.wait_with_output().expect("pdftotext ends");
        return String::from_utf8_lossy(&out.stdout).into_owned();
    }
    if kind.starts_with("application/vnd.openxmlformats") {
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("workbook");
        let mut text = String::new();
        for i in 0..archive.len() {
            let mut entry = archive.by_index(i).expect("entry");
            entry.read_to_string(&mut text).ok();
        }
        return text;
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

/// A finished import job whose report quotes a faulty row of the applicant's name.
async fn faulty_import_job(app: &App) {
    let files = logis_testkit::file_set(&[(
        "demandes.csv",
        format!(
            "numero_unique;date_depot;statut;situation_logement;ressources_mensuelles;communes_souhaitees;nom\n\
             0820119999999G0001;{NAME};active;hotel;10;82033;{NAME}\n"
        )
        .as_bytes(),
    )]);
    let outcome = logis_testkit::import(&*app.test.store, files.path()).await;
    assert!(!outcome.written);
    let (id, job) = app.state.imports.start(
        "compte-administrateur",
        vec!["demandes.csv".into()],
        logis_testkit::now(),
    );
    assert_eq!(id, 1, "the walk opens import 1");
    job.set(JobState::Finished {
        report: outcome.report,
        written: false,
        check_only: false,
        rows: outcome.rows,
        follow_up: Vec::new(),
    });
}

/// The vacancy's three first candidates decided by the commission: its page, minutes and
/// letters then name them.
async fn commission_decided(app: &App) {
    let landlord = session(app, Role::Bailleur).await;
    let (v, c) = (app.vacancy, app.commission);
    let page = text(send(app, get(&format!("/vacances/{v}"), Some(&landlord))).await).await;
    let ranked = candidate_numeros(&page);
    let three = presented(&[
        (&ranked[0], "attribution", ""),
        (&ranked[1], "attribution_rang", ""),
        (&ranked[2], "attribution_rang", ""),
    ]);
    let form = format!("_csrf={}&{three}", landlord.csrf);
    let decided =
        send(app, post(&format!("/commissions/{c}/logements/{v}"), Some(&landlord), &form)).await;
    assert_eq!(decided.status(), StatusCode::SEE_OTHER, "{}", text(decided).await);
}

/// Whether `text` holds a numéro unique (13 digits, `G`, 4 digits).
fn shows_a_numero(text: &str) -> bool {
    let bytes = text.as_bytes();
    (13..bytes.len().saturating_sub(4)).any(|i| {
        bytes[i] == b'G'
            && bytes[i - 13..i].iter().all(u8::is_ascii_digit)
            && bytes[i + 1..i + 5].iter().all(u8::is_ascii_digit)
    })
}

async fn audit_count(app: &App) -> usize {
    audit::latest(&*app.test.store, 100_000).await.expect("audit").len()
}

async fn walk(app: App) {
    let everyone = Statement::new(format!("UPDATE demandes SET nom = '{NAME}'"), Vec::new());
    app.test.store.execute(&[everyone]).await.expect("names");
    faulty_import_job(&app).await;
    commission_decided(&app).await;
    let mut shown = 0;
    let mut unlogged = Vec::new();
    for route in table().iter().filter(|r| r.method == Method::GET) {
        if route.access == Access::Public {
            continue;
        }
        for role in Role::ALL.into_iter().filter(|r| route.access.allows(&r.permissions())) {
            let numero =
                if role == Role::TravailleurSocial { &app.followed } else { &app.not_followed };
            let path = concrete(&app, route.path, numero);
            let before = audit_count(&app).await;
            let response = if path.starts_with("/api/") {
                let token = api_token(&app, role).await;
                send(&app, api_get(&path, Some(&token))).await
            } else {
                let opened = session(&app, role).await;
                send(&app, get(&path, Some(&opened))).await
            };
            let status = response.status();
            let body = readable(response).await;
            if !body.contains(NAME) && !shows_a_numero(&body) {
                continue;
            }
            assert_eq!(status, StatusCode::OK, "{path} as {role}");
            shown += 1;
            let lines = audit::latest(&*app.test.store, 100).await.expect("audit");
            let written = &lines[..audit_count(&app).await - before];
            let login = crate::support::login_of(role);
            if !written.iter().any(|l| l.login == login && !l.target.is_empty()) {
                unlogged.push(format!("{path} as {role}"));
            }
        }
    }
    assert!(
        unlogged.is_empty(),
        "{}: names shown without an audit line: {unlogged:#?}",
        app.test.name
    );
    assert!(shown >= 20, "the walk saw names on {shown} answers only");
    app.test.finish().await;
}

#[tokio::test]
async fn every_answer_that_shows_a_name_writes_its_audit_line() {
    for test in logis_testkit::every_backend().await {
        walk(app(test).await).await;
    }
}

#[tokio::test]
async fn lists_say_their_page_filters_and_how_many_names_they_showed() {
    let app = app(logis_testkit::sqlite().await).await;
    let desk = session(&app, Role::Guichet).await;
    send(&app, get("/demandes?commune=Castelsarrasin&typologie=T3&page=2", Some(&desk))).await;
    let line = &audit::latest(&*app.test.store, 1).await.expect("audit")[0];
    assert_eq!(line.action.code(), "consultation");
    assert!(line.target.starts_with("liste des demandes, page 2"), "{}", line.target);
    assert!(line.target.contains("commune 82033") && line.target.contains("typologie T3"));
    assert!(line.target.contains(" noms affichés"), "{}", line.target);
    send(&app, get("/demandes/export.csv?commune=82033", Some(&desk))).await;
    let line = &audit::latest(&*app.test.store, 1).await.expect("audit")[0];
    assert_eq!(line.action.code(), "export");
    assert!(
        line.target.contains("commune 82033") && line.target.contains(" lignes"),
        "{}",
        line.target
    );
    app.test.finish().await;
}

//! The renewal notices' report, on SQLite and PostgreSQL: after the nightly run, the EPCI's
//! page lists the day's letters to post and links their PDF, which holds the letter (name,
//! address, deadline, numéro) and whose download is in the audit log; a landlord is refused.

use crate::support::{App, account_login, app, get, send, session, text};
use axum::http::{StatusCode, header};
use http_body_util::BodyExt;
use logis_access::Role;
use logis_domain::calendar::months_before;
use logis_domain::{Demande, Statut};
use logis_store::Statement;
use logis_store::access::audit;
use logis_store::statement::{date, text as param};

async fn lists_the_runs_and_prints_the_letters(app: App) {
    let store = &*app.test.store;
    let today = logis_testkit::TODAY;
    let demandes: Vec<Demande> = logis_testkit::all(store).await;
    let numero = demandes
        .iter()
        .find(|d| d.statut == Statut::Active)
        .map(|d| d.numero_unique.as_str().to_owned())
        .expect("an active application");
    let deadline = today + time::Duration::days(12);
    store
        .execute(&[Statement::new(
            "UPDATE demandes SET date_renouvellement = $1, email = NULL, prenom = $2, nom = $3, \
             adresse = $4 WHERE numero_unique = $5",
            vec![
                date(months_before(deadline, 12)),
                param("Philomène"),
                param("Avisée"),
                param("12 rue des Tilleuls, 82000 Castelsarrasin"),
                param(&numero),
            ],
        )])
        .await
        .expect("update");

    logis_web::notices::nightly(&app.state, app.state.clock.now()).await;

    let admin = session(&app, Role::Administrateur).await;
    let page = send(&app, get("/avis-renouvellement", Some(&admin))).await;
    assert_eq!(page.status(), StatusCode::OK);
    let page = text(page).await;
    let link = format!("/avis-renouvellement/{today}/courriers.pdf");
    assert!(page.contains("04/12/2026") && page.contains(&link), "{page}");
    assert!(!page.contains("Philomène"), "counts only");

    let pdf = send(&app, get(&link, Some(&admin))).await;
    assert_eq!(pdf.status(), StatusCode::OK);
    let kind = pdf.headers()[header::CONTENT_TYPE].to_str().expect("type").to_owned();
    assert_eq!(kind, "application/pdf");
    let bytes = pdf.into_body().collect().await.expect("body").to_bytes();
    let words = logis_testkit::documents::pdf_text(&bytes);
    for expected in ["Philomène Avisée", "Tilleuls", &numero, "16/12/2026", "guichet"] {
        assert!(words.contains(expected), "{expected} in {words}");
    }
    let lines = audit::latest(store, 5).await.expect("audit");
    assert!(
        lines.iter().any(|l| l.action == audit::AuditAction::Export
            && l.login == account_login(Role::Administrateur).as_str()
            && l.target.contains("avis de renouvellement : courriers du 04/12/2026")),
        "{lines:?}"
    );

    let wrong = send(&app, get("/avis-renouvellement/hier/courriers.pdf", Some(&admin))).await;
    assert_eq!(wrong.status(), StatusCode::BAD_REQUEST);
    let landlord = session(&app, Role::Bailleur).await;
    let refused = send(&app, get(&link, Some(&landlord))).await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    app.test.finish().await;
}

#[tokio::test]
async fn lists_the_runs_and_prints_the_letters_on_every_backend() {
    for test in logis_testkit::every_backend().await {
        lists_the_runs_and_prints_the_letters(app(test).await).await;
    }
}

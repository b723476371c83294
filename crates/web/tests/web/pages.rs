//! What the pages show and write: logging in (and its limit), the list, the file and its audit
//! line, exports, the audit log.

use crate::support::{PASSWORD, app, get, home_computed, login_of, post, send, session, text};
use axum::http::{StatusCode, header};
use logis_access::Role;

#[tokio::test]
async fn logging_in_opens_a_protected_session_and_is_limited() {
    let app = app(logis_testkit::sqlite().await).await;
    let login = login_of(Role::Guichet);
    let good = send(
        &app,
        post("/connexion", None, &format!("login={login}&mot_de_passe={PASSWORD}&suite=/demandes")),
    )
    .await;
    assert_eq!(good.status(), StatusCode::SEE_OTHER);
    assert_eq!(good.headers()[header::LOCATION], "/demandes");
    let cookie = good.headers()[header::SET_COOKIE].to_str().expect("cookie").to_owned();
    for flag in ["HttpOnly", "Secure", "SameSite=Strict"] {
        assert!(cookie.contains(flag), "{cookie}");
    }
    let elsewhere = send(
        &app,
        post(
            "/connexion",
            None,
            &format!("login={login}&mot_de_passe={PASSWORD}&suite=//ailleurs.example"),
        ),
    )
    .await;
    assert_eq!(elsewhere.headers()[header::LOCATION], "/", "never sent to another site");
    for _ in 0..5 {
        let bad =
            send(&app, post("/connexion", None, &format!("login={login}&mot_de_passe=faux"))).await;
        assert_eq!(bad.status(), StatusCode::UNAUTHORIZED);
        assert!(text(bad).await.contains("Identifiant ou mot de passe incorrect"));
    }
    let refused = logis_store::access::audit::latest(&*app.test.store, 1).await.expect("audit");
    assert_eq!(
        (refused[0].login.as_str(), refused[0].action.code()),
        (login.as_str(), "connexion_refusee")
    );
    let unreadable = send(&app, post("/connexion", None, "mot_de_passe=x")).await;
    assert_eq!(unreadable.status(), StatusCode::BAD_REQUEST);
    assert!(
        text(unreadable).await.contains("n&#39;a pas pu être lu"),
        "the extractor's refusal in French"
    );
    let blocked =
        send(&app, post("/connexion", None, &format!("login={login}&mot_de_passe={PASSWORD}")))
            .await;
    assert_eq!(blocked.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(text(blocked).await.contains("Trop de tentatives"));
    app.test.finish().await;
}

#[tokio::test]
async fn opening_a_file_shows_it_and_writes_the_audit_log() {
    for test in logis_testkit::every_backend().await {
        let app = app(test).await;
        let opened = session(&app, Role::Bailleur).await;
        let response = send(&app, get(&format!("/demandes/{}", app.followed), Some(&opened))).await;
        assert_eq!(response.status(), StatusCode::OK);
        let page = text(response).await;
        assert!(page.contains("<html lang=\"fr\">"));
        // Its abbreviations are explained where they appear (issue 20).
        assert!(page.contains(">PMR</abbr>") && page.contains(">UC</abbr>"), "{page}");
        for section in [
            "Cotation",
            "Situation",
            "Ménage",
            "Ressources",
            "Priorité",
            "Historique",
            "Dépôt de la demande",
        ] {
            assert!(page.contains(section), "the file shows {section}");
        }
        let log = logis_store::access::audit::latest(&*app.test.store, 5).await.expect("audit");
        assert_eq!(log[0].login, login_of(Role::Bailleur));
        assert_eq!(log[0].action.code(), "consultation");
        assert_eq!(log[0].target, app.followed);
        let missing = send(&app, get("/demandes/0000000000000X0000", Some(&opened))).await;
        assert_eq!(missing.status(), StatusCode::NOT_FOUND);
        app.test.finish().await;
    }
}

#[tokio::test]
async fn the_list_searches_sorts_and_exports_what_it_shows() {
    let app = app(logis_testkit::sqlite().await).await;
    let opened = session(&app, Role::Guichet).await;
    let all = text(send(&app, get("/demandes", Some(&opened))).await).await;
    assert!(all.contains("classées par score"));
    let exact = send(
        &app,
        get(&format!("/demandes?numero={}", app.followed.to_lowercase()), Some(&opened)),
    )
    .await;
    assert_eq!(exact.status(), StatusCode::SEE_OTHER, "a complete numéro opens the file");
    assert_eq!(exact.headers()[header::LOCATION], format!("/demandes/{}", app.followed));
    let prefix = &app.followed[..app.followed.len() - 2];
    let one =
        text(send(&app, get(&format!("/demandes?numero={prefix}"), Some(&opened))).await).await;
    assert!(one.contains(&app.followed));
    let none = text(send(&app, get("/demandes?nom=zzzzzz", Some(&opened))).await).await;
    assert!(none.contains("Aucune demande ne correspond"));
    let csv =
        send(&app, get(&format!("/demandes/export.csv?numero={}", app.followed), Some(&opened)))
            .await;
    assert_eq!(csv.status(), StatusCode::OK);
    let body = text(csv).await;
    let lines: Vec<&str> = body.lines().collect();
    assert_eq!(lines.len(), 2, "header and the one application shown");
    assert!(lines[0].starts_with("\u{feff}numéro unique;nom;"));
    assert!(lines[1].starts_with(&app.followed));
    let log = logis_store::access::audit::latest(&*app.test.store, 1).await.expect("audit");
    assert_eq!(log[0].action.code(), "export");
    let mut capped = app.state.clone();
    capped.export_cap = 3;
    let small = crate::support::App { state: capped, ..app };
    let refused = send(&small, get("/demandes/export.xlsx", Some(&opened))).await;
    assert_eq!(refused.status(), StatusCode::BAD_REQUEST, "more than the cap: refused, not cut");
    assert!(text(refused).await.contains("plus de 3 demandes"));
    let app = small;
    assert!(
        log[0].target.contains("1 lignes") || log[0].target.contains("1 ligne"),
        "{}",
        log[0].target
    );
    app.test.finish().await;
}

#[tokio::test]
async fn a_social_worker_lists_only_followed_households() {
    let app = app(logis_testkit::sqlite().await).await;
    let opened = session(&app, Role::TravailleurSocial).await;
    let list = text(send(&app, get("/demandes", Some(&opened))).await).await;
    assert!(list.contains(&app.followed));
    assert!(!list.contains(&app.not_followed));
    assert!(list.contains("1 demande"));
    app.test.finish().await;
}

#[tokio::test]
async fn the_observer_sees_figures_and_never_a_file() {
    let app = app(logis_testkit::sqlite().await).await;
    let opened = session(&app, Role::Observateur).await;
    let dashboard = home_computed(&app, &opened).await;
    assert!(dashboard.contains("demandes actives"));
    assert!(dashboard.contains("Objectifs : réalisé et cible"), "the latest year's objectives");
    assert!(dashboard.contains("Le bilan 2025 complet"));
    assert!(!dashboard.contains("href=\"/demandes\""), "no menu entry towards files");
    let refused = send(&app, get(&format!("/demandes/{}", app.followed), Some(&opened))).await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    assert!(text(refused).await.contains("Accès refusé"));
    app.test.finish().await;
}

#[tokio::test]
async fn pages_by_score_follow_the_stored_scores_in_order() {
    use logis_store::StoredScore;
    for test in logis_testkit::every_backend().await {
        let app = app(test).await;
        let mut scores: Vec<StoredScore> = Vec::new();
        logis_store::export_all::<StoredScore>(&*app.test.store, &mut |s| {
            scores.push(s);
            Ok(())
        })
        .await
        .expect("scores");
        scores.sort_by(|a, b| {
            b.score.cmp(&a.score).then(a.numero_unique.as_str().cmp(b.numero_unique.as_str()))
        });
        let opened = session(&app, Role::Bailleur).await;
        for page in [1usize, 3] {
            let list =
                text(send(&app, get(&format!("/demandes?page={page}"), Some(&opened))).await).await;
            let shown: Vec<&str> = list
                .split("<td><a href=\"/demandes/")
                .skip(1)
                .map(|rest| rest.split('"').next().expect("numéro"))
                .collect();
            let expected: Vec<&str> = scores
                .iter()
                .skip((page - 1) * 50)
                .take(50)
                .map(|s| s.numero_unique.as_str())
                .collect();
            assert_eq!(shown, expected, "page {page} on {}", app.test.name);
        }
        app.test.finish().await;
    }
}

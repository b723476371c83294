//! Sessions and tokens end when they should: a password changed or an account deactivated ends
//! its sessions and revokes its tokens; an unused session ends after the idle timeout; a token
//! expires and keeps to its scope; accounts are deactivated, reactivated and deleted from the
//! users' page, never the administrateur's own nor the last one.

use crate::support::{
    App, PASSWORD, account_login, api_get, api_post, api_token, app, get, login_of, post, send,
    session, text,
};
use axum::http::{StatusCode, header};
use logis_access::{Role, TokenScope};
use logis_store::access::{self as register, sessions, tokens};

/// Whether the session `cookie` still opens the list of applications.
async fn opens(app: &App, session: &crate::support::Session) -> bool {
    send(app, get("/demandes", Some(session))).await.status() == StatusCode::OK
}

async fn api_opens(app: &App, token: &str) -> bool {
    send(app, api_get("/api/demandes", Some(token))).await.status() == StatusCode::OK
}

fn now() -> i64 {
    logis_testkit::now()
}

#[tokio::test]
async fn a_new_password_ends_the_sessions_and_tokens_of_its_account() {
    for test in logis_testkit::every_backend().await {
        let app = app(test).await;
        let desk = session(&app, Role::Guichet).await;
        let token = api_token(&app, Role::Guichet).await;
        let other = session(&app, Role::Bailleur).await;
        assert!(opens(&app, &desk).await && api_opens(&app, &token).await);
        let admin = session(&app, Role::Administrateur).await;
        let form = format!(
            "_csrf={}&login={}&role=guichet&commune=82112&mot_de_passe=un-nouveau-mot-de-passe",
            admin.csrf,
            login_of(Role::Guichet)
        );
        let saved = send(&app, post("/utilisateurs", Some(&admin), &form)).await;
        assert_eq!(saved.status(), StatusCode::SEE_OTHER);
        assert!(!opens(&app, &desk).await, "{}: the session ended", app.test.name);
        assert!(!api_opens(&app, &token).await, "{}: the token is revoked", app.test.name);
        assert!(opens(&app, &other).await, "other accounts keep their sessions");
        let old = format!("login={}&mot_de_passe={PASSWORD}", login_of(Role::Guichet));
        assert_eq!(
            send(&app, post("/connexion", None, &old)).await.status(),
            StatusCode::UNAUTHORIZED
        );
        let new = format!("login={}&mot_de_passe=un-nouveau-mot-de-passe", login_of(Role::Guichet));
        assert_eq!(
            send(&app, post("/connexion", None, &new)).await.status(),
            StatusCode::SEE_OTHER
        );
        app.test.finish().await;
    }
}

#[tokio::test]
async fn a_deactivated_account_reaches_nothing_until_reactivated_then_is_deleted() {
    for test in logis_testkit::every_backend().await {
        let app = app(test).await;
        let worker = login_of(Role::TravailleurSocial);
        let opened = session(&app, Role::TravailleurSocial).await;
        let token = api_token(&app, Role::TravailleurSocial).await;
        let admin = session(&app, Role::Administrateur).await;
        let change = |action: &str| {
            post(
                "/utilisateurs/comptes",
                Some(&admin),
                &format!("_csrf={}&login={worker}&action={action}", admin.csrf),
            )
        };
        let response = send(&app, change("desactiver")).await;
        assert_eq!(response.headers()[header::LOCATION], "/utilisateurs?fait=desactivation");
        assert!(!opens(&app, &opened).await && !api_opens(&app, &token).await);
        let sign_in = format!("login={worker}&mot_de_passe={PASSWORD}");
        let refused = send(&app, post("/connexion", None, &sign_in)).await;
        assert_eq!(refused.status(), StatusCode::UNAUTHORIZED);
        assert!(text(refused).await.contains("Identifiant ou mot de passe incorrect"));
        let listed = text(send(&app, get("/utilisateurs", Some(&admin))).await).await;
        assert!(listed.contains("désactivé le"), "the page shows the state");

        send(&app, change("reactiver")).await;
        assert_eq!(
            send(&app, post("/connexion", None, &sign_in)).await.status(),
            StatusCode::SEE_OTHER
        );
        assert!(!api_opens(&app, &token).await, "revoked tokens stay revoked");

        let followed = format!("/demandes/{}", app.followed);
        let response = send(&app, change("supprimer")).await;
        assert_eq!(response.headers()[header::LOCATION], "/utilisateurs?fait=suppression");
        let found = logis_store::access::accounts::find(&*app.test.store, &worker).await;
        assert_eq!(found.expect("read"), None);
        let links =
            logis_store::dossiers::followups::of_application(&*app.test.store, &app.followed)
                .await
                .expect("links");
        assert!(links.is_empty(), "its follow-ups are gone ({followed})");
        let log = logis_store::access::audit::latest(&*app.test.store, 20).await.expect("audit");
        for said in ["désactivé", "réactivé", "supprimé"] {
            assert!(
                log.iter().any(|l| l.action.code() == "administration" && l.target.contains(said)),
                "{said} in the audit log"
            );
        }
        app.test.finish().await;
    }
}

#[tokio::test]
async fn the_administrateur_keeps_their_own_account_and_the_last_one() {
    let app = app(logis_testkit::sqlite().await).await;
    let admin = session(&app, Role::Administrateur).await;
    let own =
        format!("_csrf={}&login={}&action=supprimer", admin.csrf, login_of(Role::Administrateur));
    let response = send(&app, post("/utilisateurs/comptes", Some(&admin), &own)).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(text(response).await.contains("votre propre compte"));
    let by = logis_accounts::Actor { login: "test", origin: "test", at: now() };
    let refused = logis_accounts::disable(&*app.test.store, &login_of(Role::Administrateur), by)
        .await
        .expect_err("the last administrateur");
    assert!(refused.to_string().contains("dernier compte administrateur actif"), "{refused}");
    assert!(opens(&app, &admin).await);
    app.test.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_administrateurs_deactivating_each_other_at_once_leave_one() {
    use logis_accounts::{self as service, Actor, NewAccount};
    for test in logis_testkit::every_backend().await {
        let app = app(test).await;
        let store = app.test.store.clone();
        let first = login_of(Role::Administrateur);
        let second = "seconde.admin";
        let account = NewAccount {
            login: second,
            role: "administrateur",
            organisme: None,
            commune: None,
            password: PASSWORD,
        };
        let by = Actor { login: "test", origin: "test", at: now() };
        for round in 0..5 {
            service::register(&*store, &account, by).await.expect("add");
            service::enable(&*store, &first, by).await.expect("enable");
            // Both checks see two administrateurs; the writes then race.
            let (a, b) = tokio::join!(
                service::disable(&*store, &first, by),
                service::disable(&*store, second, by)
            );
            assert!(a.is_ok() != b.is_ok(), "round {round}: exactly one goes ({a:?}, {b:?})");
            let refused = a.err().or(b.err()).expect("one refusal").to_string();
            assert!(refused.contains("dernier compte administrateur actif"), "{refused}");
            let active = logis_store::access::accounts::all(&*store)
                .await
                .expect("accounts")
                .into_iter()
                .filter(|a| a.role == Role::Administrateur && a.is_active())
                .count();
            assert_eq!(active, 1, "round {round}");
            service::enable(&*store, &first, by).await.expect("enable");
            service::enable(&*store, second, by).await.expect("enable");
        }
        // Demoting the last one is refused as well.
        service::disable(&*store, second, by).await.expect("one of two");
        let demoted = NewAccount { login: &first, role: "guichet", ..account };
        let demoted = NewAccount { commune: Some("82112"), ..demoted };
        let refused = service::register(&*store, &demoted, by).await;
        let refused = refused.expect_err("the last administrateur").to_string();
        assert!(refused.contains("retirer le rôle administrateur"), "{refused}");
        app.test.finish().await;
    }
}

#[tokio::test]
async fn an_unused_session_ends_after_the_idle_timeout() {
    for test in logis_testkit::every_backend().await {
        let app = app(test).await;
        app.state.privacy.write().expect("settings").sessions.idle_minutes = 5;
        let token = logis_web::session::new_token();
        let cookie = format!("{}={token}", logis_web::session::COOKIE);
        let open = |last_seen: i64| logis_store::StoredSession {
            token_hash: logis_web::session::hash(&token),
            login: account_login(Role::Guichet),
            created_at: now() - 3600,
            expires_at: now() + 3600,
            last_seen,
        };
        let request = || {
            axum::http::Request::get("/demandes")
                .header(header::COOKIE, &cookie)
                .body(axum::body::Body::empty())
                .expect("request")
        };
        register::write(&*app.test.store, sessions::open(&open(now() - 4 * 60), 0))
            .await
            .expect("open");
        assert_eq!(send(&app, request()).await.status(), StatusCode::OK, "used 4 minutes ago");
        // That use was written: the session lives on.
        let found = logis_store::access::accounts::of_session(
            &*app.test.store,
            &open(0).token_hash,
            now(),
            now() - 60,
        )
        .await
        .expect("read");
        assert!(found.is_some(), "{}: the last use is now", app.test.name);
        register::write(&*app.test.store, sessions::close(&open(0).token_hash))
            .await
            .expect("close");
        register::write(&*app.test.store, sessions::open(&open(now() - 6 * 60), 0))
            .await
            .expect("open");
        let ended = send(&app, request()).await;
        assert_eq!(ended.status(), StatusCode::SEE_OTHER, "{}: unused 6 minutes", app.test.name);
        assert!(
            ended.headers()[header::LOCATION].to_str().expect("text").starts_with("/connexion")
        );
        app.test.finish().await;
    }
}

async fn token_of(app: &App, scope: TokenScope, expire_le: i64) -> String {
    let token = logis_web::session::new_token();
    let issued = tokens::ApiToken {
        token_hash: logis_web::session::hash(&token),
        nom: format!("portée {scope}"),
        login: account_login(Role::Administrateur),
        scope,
        cree_le: now(),
        expire_le,
        revoque_le: None,
    };
    register::write(&*app.test.store, tokens::issue(&issued)).await.expect("token");
    token
}

#[tokio::test]
async fn a_token_keeps_to_its_scope_and_expires() {
    let app = app(logis_testkit::sqlite().await).await;
    let note = format!("/api/demandes/{}/notes", app.followed);
    let session_body = r#"{"date_seance":"2031-01-15","lieu":"Moissac","membres":["A"],"maire":"B","bailleur":"tgh"}"#;
    let cases = [
        (TokenScope::Lecture, false, false),
        (TokenScope::Attribution, false, true),
        (TokenScope::Import, false, false),
        (TokenScope::Administration, true, true),
    ];
    for (scope, may_annotate, may_allocate) in cases {
        let token = token_of(&app, scope, now() + 3600).await;
        assert!(api_opens(&app, &token).await, "{scope} reads");
        let annotated =
            send(&app, api_post(&note, Some(&token), r#"{"texte":"Appel du ménage."}"#)).await;
        assert_eq!(annotated.status() != StatusCode::FORBIDDEN, may_annotate, "{scope} annotates");
        if !may_annotate {
            let problem = text(annotated).await;
            assert!(problem.contains("Jeton limité"), "{problem}");
        }
        let allocated = send(&app, api_post("/api/commissions", Some(&token), session_body)).await;
        assert_eq!(allocated.status() != StatusCode::FORBIDDEN, may_allocate, "{scope} allocates");
    }
    let expired = token_of(&app, TokenScope::Administration, now() - 1).await;
    let response = send(&app, api_get("/api/demandes", Some(&expired))).await;
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED, "an expired token opens nothing");
    app.test.finish().await;
}

#[tokio::test]
async fn tokens_are_issued_with_a_scope_and_an_expiry_and_listed() {
    let app = app(logis_testkit::sqlite().await).await;
    let admin = session(&app, Role::Administrateur).await;
    let today = logis_testkit::TODAY;
    let issue = |until: time::Date| {
        format!(
            "_csrf={}&nom=Logiciel&login={}&portee=attribution&expire_le={until}",
            admin.csrf,
            login_of(Role::Bailleur)
        )
    };
    let too_far = issue(today + time::Duration::days(3 * 365));
    let refused = send(&app, post("/utilisateurs/jetons", Some(&admin), &too_far)).await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(text(refused).await.contains("dans plus de 730 jours"));
    let past = issue(today - time::Duration::days(1));
    let refused = send(&app, post("/utilisateurs/jetons", Some(&admin), &past)).await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let fine = issue(today + time::Duration::days(90));
    let page = text(send(&app, post("/utilisateurs/jetons", Some(&admin), &fine)).await).await;
    assert!(page.contains("Jeton émis"));
    let listed = text(send(&app, get("/utilisateurs", Some(&admin))).await).await;
    assert!(listed.contains("lecture et attributions"), "its scope is shown");
    let until = today + time::Duration::days(90);
    let shown = format!("{:02}/{:02}/{}", until.day(), u8::from(until.month()), until.year());
    assert!(listed.contains(&shown), "its expiry is shown ({shown})");
    app.test.finish().await;
}

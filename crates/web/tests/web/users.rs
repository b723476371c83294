//! The users' page: accounts created by the same rules as `logis user add`, API tokens shown
//! once, usable, then revoked; each step in the audit log.

use crate::support::{api_get, app, get, post, send, session, text};
use axum::http::{StatusCode, header};
use logis_access::Role;

#[tokio::test]
async fn the_administrateur_creates_accounts_and_issues_and_revokes_tokens() {
    let app = app(logis_testkit::sqlite().await).await;
    let admin = session(&app, Role::Administrateur).await;
    let refused =
        format!("_csrf={}&login=accueil&role=guichet&mot_de_passe=douze-caracteres", admin.csrf);
    let response = send(&app, post("/utilisateurs", Some(&admin), &refused)).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(text(response).await.contains("rattaché à une commune ou à un organisme"));
    assert!(
        logis_store::access::accounts::find(&*app.test.store, "accueil")
            .await
            .expect("read")
            .is_none(),
        "nothing written"
    );

    let form = format!(
        "_csrf={}&login=accueil&role=guichet&commune=82033&mot_de_passe=douze-caracteres",
        admin.csrf
    );
    let response = send(&app, post("/utilisateurs", Some(&admin), &form)).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let saved = logis_store::access::accounts::find(&*app.test.store, "accueil")
        .await
        .expect("read")
        .expect("saved");
    assert_eq!((saved.role.code(), saved.commune.as_deref()), ("guichet", Some("82033")));
    let listed = text(send(&app, get("/utilisateurs", Some(&admin))).await).await;
    assert!(listed.contains("commune de Castelsarrasin"));

    let until = logis_testkit::TODAY + time::Duration::days(30);
    let issue = format!(
        "_csrf={}&nom=Logiciel+du+bailleur&login=accueil&portee=lecture&expire_le={until}",
        admin.csrf
    );
    let page = text(send(&app, post("/utilisateurs/jetons", Some(&admin), &issue)).await).await;
    let token = page
        .split("id=\"jeton-emis\" class=\"jeton\" readonly value=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("the token is shown once")
        .to_owned();
    assert_eq!(send(&app, api_get("/api/demandes", Some(&token))).await.status(), StatusCode::OK);
    let again = text(send(&app, get("/utilisateurs", Some(&admin))).await).await;
    assert!(!again.contains(&token), "never shown again");
    assert!(again.contains("Logiciel du bailleur"));

    let hash = logis_web::session::hash(&token);
    let revoke = format!("_csrf={}", admin.csrf);
    let response =
        send(&app, post(&format!("/utilisateurs/jetons/{hash}/revoquer"), Some(&admin), &revoke))
            .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(response.headers()[header::LOCATION], "/utilisateurs?fait=revocation");
    assert_eq!(
        send(&app, api_get("/api/demandes", Some(&token))).await.status(),
        StatusCode::UNAUTHORIZED
    );
    let log = logis_store::access::audit::latest(&*app.test.store, 10).await.expect("audit");
    let administration: Vec<&str> = log
        .iter()
        .filter(|l| l.action.code() == "administration")
        .map(|l| l.target.as_str())
        .collect();
    assert_eq!(administration.len(), 3, "{administration:?}");
    assert!(administration[0].starts_with("révocation du jeton"));
    app.test.finish().await;
}

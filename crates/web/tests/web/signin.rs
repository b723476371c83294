//! Signing in, attacked: wrong passwords sent all at once, a flood from one client behind the
//! recommended proxy, a forged `X-Forwarded-For`, a form from another site or without its
//! `Origin`, a proxy that rewrites `Host`, a next page that leaves the application, a login of
//! a hundred thousand characters.

use crate::support::{App, HOST, PASSWORD, app, login_of, send, text};
use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{Request, StatusCode, header};
use logis_access::Role;
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use tower::ServiceExt;

/// A login form posted by a browser at `peer`, through whatever headers `extra` adds.
fn login(peer: &str, login: &str, password: &str, extra: &[(&str, &str)]) -> Request<Body> {
    let body = format!("login={login}&mot_de_passe={password}&suite=/demandes");
    let mut request = Request::post("/connexion")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::HOST, HOST)
        .header(header::ORIGIN, format!("http://{HOST}"))
        .body(Body::from(body))
        .expect("request");
    for (name, value) in extra {
        let value = header::HeaderValue::from_str(value).expect("header value");
        let name = header::HeaderName::from_bytes(name.as_bytes()).expect("header name");
        request.headers_mut().insert(name, value);
    }
    let addr: SocketAddr = format!("{peer}:40000").parse().expect("address");
    request.extensions_mut().insert(ConnectInfo(addr));
    request
}

fn trusting(app: &mut App, proxy: &str) {
    let proxy: IpAddr = proxy.parse().expect("address");
    app.state.trusted_proxies = Arc::from(vec![proxy]);
}

#[tokio::test]
async fn thirty_wrong_passwords_at_once_are_counted_before_they_are_checked() {
    let app = app(logis_testkit::sqlite().await).await;
    let target = login_of(Role::Administrateur);
    let attempts = (0..30).map(|_| {
        let router = logis_web::router(app.state.clone());
        let request = login("192.0.2.1", &target, "mauvais-mot-de-passe", &[]);
        tokio::spawn(async move { router.oneshot(request).await.expect("answer").status() })
    });
    let statuses: Vec<StatusCode> = futures::future::join_all(attempts)
        .await
        .into_iter()
        .map(|joined| joined.expect("task"))
        .collect();
    let checked = statuses.iter().filter(|s| **s == StatusCode::UNAUTHORIZED).count();
    let limited = statuses.iter().filter(|s| **s == StatusCode::TOO_MANY_REQUESTS).count();
    assert_eq!((checked, limited), (5, 25), "{statuses:?}");
    // The right password is refused too until the window passes.
    let right = send(&app, login("192.0.2.1", &target, PASSWORD, &[])).await;
    assert_eq!(right.status(), StatusCode::TOO_MANY_REQUESTS);
    app.test.finish().await;
}

/// Twenty failures from `client` (on as many logins), seen through the proxy at 127.0.0.1.
async fn flood_through_the_proxy(app: &App, client: &str) {
    for i in 0..20 {
        let forwarded = [("x-forwarded-for", client)];
        let response =
            send(app, login("127.0.0.1", &format!("inconnu{i}"), "faux", &forwarded)).await;
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    }
    let more =
        send(app, login("127.0.0.1", "encore", "faux", &[("x-forwarded-for", client)])).await;
    assert_eq!(more.status(), StatusCode::TOO_MANY_REQUESTS, "the flooding client is limited");
}

#[tokio::test]
async fn behind_a_trusted_proxy_each_client_is_limited_alone() {
    let mut app = app(logis_testkit::sqlite().await).await;
    trusting(&mut app, "127.0.0.1");
    flood_through_the_proxy(&app, "203.0.113.7").await;
    let forwarded = [("x-forwarded-for", "198.51.100.2")];
    let other =
        send(&app, login("127.0.0.1", &login_of(Role::Guichet), PASSWORD, &forwarded)).await;
    assert_eq!(other.status(), StatusCode::SEE_OTHER, "another client still signs in");
    let log = logis_store::access::audit::latest(&*app.test.store, 1).await.expect("audit");
    assert_eq!((log[0].action.code(), log[0].origin.as_str()), ("connexion", "198.51.100.2"));
    // A client that writes its own X-Forwarded-For before the proxy's gains nothing: the
    // address the proxy appended is the one counted.
    let spoofed = [("x-forwarded-for", "10.9.9.9, 203.0.113.7")];
    let again = send(&app, login("127.0.0.1", "x", "faux", &spoofed)).await;
    assert_eq!(again.status(), StatusCode::TOO_MANY_REQUESTS);
    app.test.finish().await;
}

#[tokio::test]
async fn a_forwarded_address_is_not_believed_from_anyone_else() {
    let app = app(logis_testkit::sqlite().await).await;
    for i in 0..20 {
        let forged = [("x-forwarded-for", format!("10.0.0.{i}"))];
        let forged: Vec<(&str, &str)> = forged.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let response =
            send(&app, login("192.0.2.9", &format!("inconnu{i}"), "faux", &forged)).await;
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    }
    let forged = [("x-forwarded-for", "10.0.0.99")];
    let blocked = send(&app, login("192.0.2.9", "autre", "faux", &forged)).await;
    assert_eq!(blocked.status(), StatusCode::TOO_MANY_REQUESTS, "the connection's address counts");
    app.test.finish().await;
}

#[tokio::test]
async fn the_login_form_must_come_from_the_application_also_behind_a_proxy() {
    let mut app = app(logis_testkit::sqlite().await).await;
    let guichet = login_of(Role::Guichet);
    let form = format!("login={guichet}&mot_de_passe={PASSWORD}");
    let without_origin = Request::post("/connexion")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::HOST, HOST)
        .body(Body::from(form.clone()))
        .expect("request");
    let response = send(&app, without_origin).await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN, "a form without its Origin");
    let elsewhere = [("origin", "https://evil.example")];
    let response = send(&app, login("192.0.2.1", &guichet, PASSWORD, &elsewhere)).await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN, "a form of another site");
    // Behind a proxy that rewrites Host, the browser's address is in X-Forwarded-Host.
    let proxied = [
        ("origin", "https://logis.example.fr"),
        ("host", "127.0.0.1:8080"),
        ("x-forwarded-host", "logis.example.fr"),
        ("x-forwarded-for", "198.51.100.2"),
    ];
    let untrusted = send(&app, login("127.0.0.1", &guichet, PASSWORD, &proxied)).await;
    assert_eq!(untrusted.status(), StatusCode::FORBIDDEN, "X-Forwarded-Host from anyone");
    trusting(&mut app, "127.0.0.1");
    let trusted = send(&app, login("127.0.0.1", &guichet, PASSWORD, &proxied)).await;
    assert_eq!(trusted.status(), StatusCode::SEE_OTHER, "{}", text(trusted).await);
    app.test.finish().await;
}

#[tokio::test]
async fn the_next_page_is_always_one_of_the_application() {
    let app = app(logis_testkit::sqlite().await).await;
    for (typed, followed) in [
        ("/%09/evil.example/x", "/"),
        ("//evil.example", "/"),
        ("/%5Cevil.example", "/"),
        ("/%0D%0ALocation:%20https://evil.example", "/"),
        ("https://evil.example", "/"),
        ("/demandes%3Fpage%3D2", "/demandes?page=2"),
    ] {
        let page =
            text(send(&app, crate::support::get(&format!("/connexion?suite={typed}"), None)).await)
                .await;
        assert!(page.contains(&format!("name=\"suite\" value=\"{followed}\"")), "{typed}");
        let body =
            format!("login={}&mot_de_passe={PASSWORD}&suite={typed}", login_of(Role::Guichet));
        let response = send(&app, crate::support::post("/connexion", None, &body)).await;
        assert_eq!(response.status(), StatusCode::SEE_OTHER);
        assert_eq!(response.headers()[header::LOCATION], followed, "{typed}");
    }
    app.test.finish().await;
}

#[tokio::test]
async fn a_searched_name_does_not_travel_to_the_login_page() {
    let app = app(logis_testkit::sqlite().await).await;
    let response =
        send(&app, crate::support::get("/demandes?nom=Martin&statut=active", None)).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let location = response.headers()[header::LOCATION].to_str().expect("ascii").to_owned();
    assert!(location.starts_with("/connexion?suite=/demandes%3F"), "{location}");
    assert!(location.contains("statut") && !location.contains("Martin"), "{location}");
    app.test.finish().await;
}

#[tokio::test]
async fn a_huge_login_is_cut_before_anything_is_kept() {
    let app = app(logis_testkit::sqlite().await).await;
    let huge = "a".repeat(100_000);
    let response = send(&app, login("192.0.2.1", &huge, "faux", &[])).await;
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    let page = text(response).await;
    assert!(page.len() < 20_000, "the page does not echo the login whole");
    let log = logis_store::access::audit::latest(&*app.test.store, 1).await.expect("audit");
    assert_eq!(log[0].action.code(), "connexion_refusee");
    assert!(log[0].login.chars().count() <= 65, "{} characters kept", log[0].login.len());
    assert_eq!(app.state.limiter.keys(), 2, "one key for the login, one for the address");
    app.test.finish().await;
}

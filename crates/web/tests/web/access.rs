//! Every route of the router's table, tried by every role and without a session: allowed
//! routes answer (never 403), refused routes answer 403, pages without a session send to the
//! login page. The table is the router's own, so a new route is tried as soon as it exists.

use crate::support::{App, api_get, api_post, api_token, app, concrete, get, post, send, session};
use axum::http::{Method, StatusCode, header};
use logis_access::{Reach, Role};
use logis_web::guard::Access;
use logis_web::routes::table;

async fn try_route(
    app: &App,
    method: &Method,
    path: &str,
    role: Option<Role>,
) -> (StatusCode, String) {
    if path.starts_with("/api/") {
        let token = match role {
            Some(role) => Some(api_token(app, role).await),
            None => None,
        };
        let request = if method == Method::GET {
            api_get(path, token.as_deref())
        } else {
            let mut request = api_post(path, token.as_deref(), "{}");
            *request.method_mut() = method.clone();
            request
        };
        let response = send(app, request).await;
        return (response.status(), String::new());
    }
    let opened = match role {
        Some(role) => Some(session(app, role).await),
        None => None,
    };
    let request = if method == Method::GET {
        get(path, opened.as_ref())
    } else {
        let csrf = opened.as_ref().map(|s| format!("_csrf={}", s.csrf)).unwrap_or_default();
        let mut request = post(path, opened.as_ref(), &csrf);
        *request.method_mut() = method.clone();
        request
    };
    let response = send(app, request).await;
    let location = response
        .headers()
        .get(header::LOCATION)
        .map(|v| v.to_str().unwrap_or_default().to_owned())
        .unwrap_or_default();
    (response.status(), location)
}

async fn every_route_for_every_role(app: App) {
    let routes = table();
    assert!(routes.len() >= 10, "the table holds the application's routes");
    for route in &routes {
        let numeros: Vec<&str> = if route.path.contains("{numero}") {
            vec![&app.followed, &app.not_followed]
        } else {
            vec![""]
        };
        for numero in numeros {
            let path = concrete(&app, route.path, numero);
            let (status, location) = try_route(&app, &route.method, &path, None).await;
            if route.access == Access::Applicant {
                // The applicants' space: no partner's session opens it, whatever the role.
                for role in Role::ALL.into_iter().map(Some).chain([None]) {
                    let (status, location) = try_route(&app, &route.method, &path, role).await;
                    let what = format!("{} {path} as {role:?}: {status}", route.method);
                    assert_eq!(status, StatusCode::SEE_OTHER, "{what}");
                    assert_eq!(location, "/demandeur/connexion", "{what}");
                }
                continue;
            }
            if route.access == Access::Public {
                assert_ne!(status, StatusCode::FORBIDDEN, "{} {path} is public", route.method);
            } else if path.starts_with("/api/") {
                assert_eq!(
                    status,
                    StatusCode::UNAUTHORIZED,
                    "{} {path} without a token",
                    route.method
                );
            } else {
                assert_eq!(
                    status,
                    StatusCode::SEE_OTHER,
                    "{} {path} without a session",
                    route.method
                );
                assert!(
                    location.starts_with("/connexion?suite="),
                    "{path} sends to the login page"
                );
            }
            for role in Role::ALL {
                let permissions = role.permissions();
                let reaches = numero.is_empty()
                    || route.access != Access::Applications
                        && route.access != Access::LabelPriority
                        && route.access != Access::Annotate
                    || permissions.reach == Reach::Territory
                    || permissions.reach == Reach::FollowedHouseholds && numero == app.followed;
                let allowed = route.access.allows(&permissions) && reaches;
                let (status, location) = try_route(&app, &route.method, &path, Some(role)).await;
                let what = format!("{} {path} as {}: {status}", route.method, role.code());
                if allowed {
                    assert_ne!(status, StatusCode::FORBIDDEN, "{what} should be allowed");
                    assert_ne!(status, StatusCode::UNAUTHORIZED, "{what} should be allowed");
                    assert!(
                        !location.starts_with("/connexion?suite="),
                        "{what} should not ask to log in"
                    );
                    assert!(!status.is_server_error(), "{what}");
                } else {
                    assert_eq!(status, StatusCode::FORBIDDEN, "{what} should be refused");
                }
            }
        }
    }
    app.test.finish().await;
}

#[tokio::test]
async fn every_route_for_every_role_on_every_backend() {
    for test in logis_testkit::every_backend().await {
        every_route_for_every_role(app(test).await).await;
    }
}

#[tokio::test]
async fn a_form_without_its_csrf_token_is_refused() {
    let app = app(logis_testkit::sqlite().await).await;
    let opened = session(&app, Role::Administrateur).await;
    let response = send(&app, post("/deconnexion", Some(&opened), "")).await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    let wrong = send(&app, post("/deconnexion", Some(&opened), "_csrf=0000")).await;
    assert_eq!(wrong.status(), StatusCode::FORBIDDEN);
    let right =
        send(&app, post("/deconnexion", Some(&opened), &format!("_csrf={}", opened.csrf))).await;
    assert_eq!(right.status(), StatusCode::SEE_OTHER);
    // The session is closed: the same cookie no longer opens a page.
    let after = send(&app, get("/demandes", Some(&opened))).await;
    assert_eq!(after.status(), StatusCode::SEE_OTHER);
    app.test.finish().await;
}

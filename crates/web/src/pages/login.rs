//! Signing in and out: the login form, the check of the password (Argon2id) with attempts
//! limited per login and per client address — each counted before its password is checked —,
//! the session opened in the store and its cookie. The form is accepted only from the
//! application's own pages (its `Origin`, also behind a proxy that rewrites `Host`), and the
//! page reached after signing in is always one of the application's ([`safe_next`]).

use crate::audit;
use crate::guard::{Origin, Principal, Proxied};
use crate::render::{self, Layout, Refusal};
use crate::session;
use crate::state::AppState;
use askama::Template;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Extension, Form};
use logis_access::Login;
use logis_access::password;
use logis_store::StoredSession;
use logis_store::access::{self as register, accounts, sessions};
use serde::Deserialize;

#[derive(Template)]
#[template(path = "connexion.html")]
struct LoginPage {
    layout: Layout,
    suite: String,
    login: String,
    error: Option<String>,
}

#[derive(Deserialize)]
pub struct Next {
    suite: Option<String>,
}

/// The page to reach after signing in: `suite` when it is a path of this application, else
/// the dashboard. Refused: anything not starting with one `/`, any control character, space or
/// backslash, and `//` anywhere (browsers drop tabs and newlines from an address and read `\`
/// as `/`: `/\t/autre.site`, `/\\autre.site` would leave the application).
pub fn safe_next(suite: Option<&str>) -> String {
    let local = |s: &&str| {
        s.starts_with('/')
            && !s.contains("//")
            && !s.chars().any(|c| c.is_control() || c.is_whitespace() || c == '\\')
            && s.len() <= 2048
    };
    suite.filter(local).unwrap_or("/").to_owned()
}

fn login_page(state: &AppState, suite: String, login: String, error: Option<String>) -> LoginPage {
    let layout = Layout {
        title: "Connexion".into(),
        territoire: state.territoire.to_string(),
        ..Layout::default()
    };
    LoginPage { layout, suite, login, error }
}

pub async fn form(State(state): State<AppState>, Query(next): Query<Next>) -> Response {
    render::page(&login_page(&state, safe_next(next.suite.as_deref()), String::new(), None))
}

#[derive(Deserialize)]
pub struct Credentials {
    login: String,
    mot_de_passe: String,
    suite: Option<String>,
}

/// The hash of no one's password, checked for unknown logins.
static UNKNOWN_ACCOUNT_HASH: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
    password::hash(&session::new_token()).expect("a random token is long enough")
});

/// `host[:port]` without the port a scheme implies.
fn authority(value: &str, scheme: &str) -> String {
    let value = value.trim().to_ascii_lowercase();
    let default = match scheme {
        "https" => ":443",
        _ => ":80",
    };
    value.strip_suffix(default).map(str::to_owned).unwrap_or(value)
}

/// Whether the form was sent by a page of this application: its `Origin` must be present and
/// name the address the browser used — the `Host`, or behind a trusted proxy the
/// `X-Forwarded-Host` it passes on (a proxy often rewrites `Host`).
pub fn same_origin(headers: &HeaderMap, proxied: bool) -> bool {
    let Some(origin) = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) else {
        return false;
    };
    let Some((scheme, host)) = origin.split_once("://") else { return false };
    let header_value = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    let mut expected: Vec<&str> = header_value(header::HOST.as_str()).into_iter().collect();
    if proxied && let Some(forwarded) = header_value("x-forwarded-host") {
        expected.extend(forwarded.split(',').next());
    }
    let host = authority(host, scheme);
    expected.into_iter().any(|e| authority(e, scheme) == host)
}

/// What is kept of a typed login, in the limiter and the audit log: at most [`Login::MAX`]
/// characters, without control characters.
fn kept(typed: &str) -> String {
    let mut kept: String =
        typed.trim().chars().filter(|c| !c.is_control()).take(Login::MAX + 1).collect();
    if kept.chars().count() > Login::MAX {
        kept = kept.chars().take(Login::MAX).collect::<String>() + "…";
    }
    kept
}

pub async fn submit(
    State(state): State<AppState>,
    Extension(origin): Extension<Origin>,
    Extension(Proxied(proxied)): Extension<Proxied>,
    headers: HeaderMap,
    Form(credentials): Form<Credentials>,
) -> Response {
    if !same_origin(&headers, proxied) {
        return Refusal::Csrf.into_response();
    }
    let address = origin.0.clone();
    let login = kept(&credentials.login);
    let suite = safe_next(credentials.suite.as_deref());
    let refuse = |error: String, status: StatusCode| {
        let page = login_page(&state, suite.clone(), login.clone(), Some(error));
        (status, render::page(&page)).into_response()
    };
    let attempt = match state.limiter.attempt(&login, &address, state.clock.unix()) {
        Ok(attempt) => attempt,
        Err(wait) => {
            let minutes = (wait + 59) / 60;
            return refuse(
                format!(
                    "Trop de tentatives de connexion. Réessayez dans {minutes} minute{}.",
                    if minutes > 1 { "s" } else { "" }
                ),
                StatusCode::TOO_MANY_REQUESTS,
            );
        }
    };
    let account = if login.chars().count() > Login::MAX {
        None // no account has so long a login
    } else {
        match accounts::find(&*state.store, &login).await {
            Ok(account) => account,
            Err(e) => return Refusal::from(e).into_response(),
        }
    };
    // Argon2 takes tens of milliseconds: off the request threads, a few at a time. An unknown
    // (or deactivated) account is checked against a fixed hash, so that its answer takes as
    // long as a wrong password's.
    let active = account.filter(|a| a.is_active());
    let hash =
        active.as_ref().map_or_else(|| UNKNOWN_ACCOUNT_HASH.clone(), |a| a.password_hash.clone());
    let Ok(valid) = state.hashing.verify(credentials.mot_de_passe, hash).await else {
        attempt.withdrawn(&state.limiter);
        return refuse(
            "Trop de connexions en même temps : réessayez dans quelques secondes.".into(),
            StatusCode::SERVICE_UNAVAILABLE,
        );
    };
    let Some(account) = active.filter(|_| valid) else {
        if let Err(refusal) =
            audit::record(&state, &login, &origin, audit::Action::RefusedSignIn, "").await
        {
            return refusal.into_response();
        }
        return refuse("Identifiant ou mot de passe incorrect.".into(), StatusCode::UNAUTHORIZED);
    };
    attempt.succeeded(&state.limiter);
    let policy = state.privacy().sessions;
    let token = session::new_token();
    let at = state.clock.unix();
    let opened = StoredSession {
        token_hash: session::hash(&token),
        login: account.login.clone(),
        created_at: at,
        expires_at: at + policy.lifetime_seconds(),
        last_seen: at,
    };
    let change = sessions::open(&opened, at - policy.idle_seconds());
    if let Err(e) = register::write(&*state.store, change).await {
        return Refusal::from(e).into_response();
    }
    if let Err(refusal) =
        audit::record(&state, account.login.as_str(), &origin, audit::Action::SignIn, "").await
    {
        return refusal.into_response();
    }
    let cookie = session::set_cookie(&token, policy.lifetime_seconds());
    ([(header::SET_COOKIE, cookie)], Redirect::to(&suite)).into_response()
}

pub async fn logout(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
    Extension(origin): Extension<Origin>,
    headers: HeaderMap,
) -> Response {
    let token = headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(session::token_in);
    if let Some(token) = token
        && let Err(e) = register::write(&*state.store, sessions::close(&session::hash(token))).await
    {
        return Refusal::from(e).into_response();
    }
    let _ = audit::by(&state, &principal, &origin, audit::Action::SignOut, "").await;
    ([(header::SET_COOKIE, session::clear_cookie())], Redirect::to("/connexion")).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    #[test]
    fn only_paths_of_the_application_are_followed() {
        for fine in ["/", "/demandes?commune=82033&page=2", "/demandes/0820119000001G0004"] {
            assert_eq!(safe_next(Some(fine)), fine);
        }
        for off_site in [
            "//evil.example/x",
            "/\t/evil.example/x",
            "/\n/evil.example",
            "/\\evil.example",
            "\\\\evil.example",
            "https://evil.example/",
            "evil.example",
            "/%0a/x ok",
            "/a//b",
            "",
        ] {
            assert_eq!(safe_next(Some(off_site)), "/", "{off_site:?}");
        }
        assert_eq!(safe_next(None), "/");
    }

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut headers = HeaderMap::new();
        for (name, value) in pairs {
            headers.insert(*name, HeaderValue::from_str(value).expect("valid header"));
        }
        headers
    }

    #[test]
    fn the_form_must_come_from_the_application() {
        let direct = headers(&[("origin", "http://127.0.0.1:8080"), ("host", "127.0.0.1:8080")]);
        assert!(same_origin(&direct, false));
        let missing = headers(&[("host", "127.0.0.1:8080")]);
        assert!(!same_origin(&missing, false), "no Origin");
        let other = headers(&[("origin", "https://evil.example"), ("host", "127.0.0.1:8080")]);
        assert!(!same_origin(&other, false));
        let behind = headers(&[
            ("origin", "https://logis.example.fr"),
            ("host", "127.0.0.1:8080"),
            ("x-forwarded-host", "logis.example.fr:443"),
        ]);
        assert!(same_origin(&behind, true), "the proxy's forwarded host");
        assert!(!same_origin(&behind, false), "a forwarded host believed only from the proxy");
    }

    #[test]
    fn a_typed_login_is_kept_short_and_clean() {
        assert_eq!(kept("  agent "), "agent");
        assert_eq!(kept("a\u{0}b\tc"), "abc");
        let long = kept(&"x".repeat(100_000));
        assert_eq!(long.chars().count(), Login::MAX + 1);
        assert!(long.ends_with('…'));
    }
}

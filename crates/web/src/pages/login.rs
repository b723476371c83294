//! Signing in and out: the login form, the check of the password (Argon2id) with attempts
//! limited per login and per address, the session opened in the store and its cookie.

use crate::audit;
use crate::guard::{Origin, Principal};
use crate::render::{self, Layout, Refusal};
use crate::session;
use crate::state::AppState;
use askama::Template;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Extension, Form};
use logis_access::password;
use logis_store::StoredSession;
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

/// Only a local path is followed after signing in (never another site).
fn safe_next(suite: Option<&str>) -> String {
    suite
        .filter(|s| s.starts_with('/') && !s.starts_with("//") && !s.contains('\\'))
        .unwrap_or("/")
        .to_owned()
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

fn now() -> i64 {
    time::OffsetDateTime::now_utc().unix_timestamp()
}

fn same_site(headers: &HeaderMap) -> bool {
    let Some(origin) = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) else {
        return true;
    };
    let host = headers.get(header::HOST).and_then(|v| v.to_str().ok()).unwrap_or_default();
    origin.split_once("://").is_some_and(|(_, rest)| rest == host)
}

pub async fn submit(
    State(state): State<AppState>,
    Extension(origin): Extension<Origin>,
    headers: HeaderMap,
    Form(credentials): Form<Credentials>,
) -> Response {
    if !same_site(&headers) {
        return Refusal::Csrf.into_response();
    }
    let address = origin.0.clone();
    let login = credentials.login.trim().to_owned();
    let suite = safe_next(credentials.suite.as_deref());
    let refuse = |error: String, status: StatusCode| {
        let page = login_page(&state, suite.clone(), login.clone(), Some(error));
        (status, render::page(&page)).into_response()
    };
    if let Some(wait) = state.limiter.wait(&login, &address, now()) {
        let minutes = (wait + 59) / 60;
        return refuse(
            format!(
                "Trop de tentatives de connexion. Réessayez dans {minutes} minute{}.",
                if minutes > 1 { "s" } else { "" }
            ),
            StatusCode::TOO_MANY_REQUESTS,
        );
    }
    let account = match state.store.account(&login).await {
        Ok(account) => account,
        Err(e) => return Refusal::from(e).into_response(),
    };
    // Argon2 takes tens of milliseconds: off the request threads. An unknown login is
    // checked against a fixed hash, so that its answer takes as long as a wrong password.
    let hash = account.map_or_else(|| UNKNOWN_ACCOUNT_HASH.clone(), |a| a.password_hash);
    let typed = credentials.mot_de_passe;
    let valid =
        tokio::task::spawn_blocking(move || password::verify(&typed, &hash)).await.unwrap_or(false);
    if !valid {
        state.limiter.failed(&login, &address, now());
        if let Err(refusal) = audit::record(&state, &login, &origin, audit::REFUSED_LOGIN, "").await
        {
            return refusal.into_response();
        }
        return refuse("Identifiant ou mot de passe incorrect.".into(), StatusCode::UNAUTHORIZED);
    }
    state.limiter.succeeded(&login);
    let token = session::new_token();
    let opened = StoredSession {
        token_hash: session::hash(&token),
        login: login.clone(),
        created_at: now(),
        expires_at: now() + session::LIFETIME_SECONDS,
    };
    if let Err(e) = state.store.create_session(&opened).await {
        return Refusal::from(e).into_response();
    }
    if let Err(refusal) = audit::record(&state, &login, &origin, audit::CONNEXION, "").await {
        return refusal.into_response();
    }
    ([(header::SET_COOKIE, session::set_cookie(&token))], Redirect::to(&suite)).into_response()
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
        && let Err(e) = state.store.delete_session(&session::hash(token)).await
    {
        return Refusal::from(e).into_response();
    }
    let _ = audit::by(&state, &principal, &origin, audit::DECONNEXION, "").await;
    ([(header::SET_COOKIE, session::clear_cookie())], Redirect::to("/connexion")).into_response()
}

//! Signing in to the applicants' space: the numéro unique and the titulaire's date of birth
//! (attempts limited per numéro and per client address), then the one-time code sent to the
//! e-mail on file — or, without one, handed over by a reception desk in a letter — and the
//! applicant's own session. Both forms are accepted only from the application's own pages;
//! the numéro never travels in an address. Every step is in the audit log.

use super::{ApplicantLayout, mail};
use crate::audit::{self, Action};
use crate::guard::{Applicant, Origin, Proxied};
use crate::pages::login::same_origin;
use crate::render::{self, Done, Refusal};
use crate::session;
use crate::state::AppState;
use askama::Template;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Extension, Form};
use logis_applicants::sign_in::{self, SignInError};
use serde::Deserialize;

/// Who the audit log names for the applicants' space.
pub const AUDITED_AS: &str = "demandeur";

#[derive(Template)]
#[template(path = "demandeur_connexion.html")]
struct SignInPage {
    layout: ApplicantLayout,
    numero: String,
    naissance: String,
    error: Option<String>,
    /// What was just done (signed out), said once.
    done: Option<&'static str>,
}

#[derive(Template)]
#[template(path = "demandeur_code.html")]
struct CodePage {
    layout: ApplicantLayout,
    numero: String,
    /// Where the code went, said to the applicant.
    sent: String,
    error: Option<String>,
}

fn sign_in_page(
    state: &AppState,
    numero: String,
    naissance: String,
    error: Option<String>,
) -> SignInPage {
    let layout = ApplicantLayout::public(state, "Mon espace demandeur");
    SignInPage { layout, numero, naissance, error, done: None }
}

/// The space's address: its page when signed in, else its sign-in page.
pub async fn home(headers: HeaderMap) -> Response {
    let signed_in = session::cookie_in(&headers, session::APPLICANT_COOKIE).is_some();
    Redirect::to(if signed_in { "/demandeur/espace" } else { "/demandeur/connexion" })
        .into_response()
}

pub async fn form(State(state): State<AppState>, Query(done): Query<Done>) -> Response {
    let mut page = sign_in_page(&state, String::new(), String::new(), None);
    page.done = done.said(&[("deconnexion", "Vous êtes déconnecté de votre espace.")]);
    render::page(&page)
}

#[derive(Deserialize)]
pub struct Identity {
    numero: String,
    naissance: String,
    /// `code`: the applicant holds a code already (a letter); else one is sent by e-mail.
    #[serde(default)]
    action: String,
}

/// At most this many characters of a typed numéro are kept (a numéro has 18).
const TYPED_MAX: usize = 40;

fn typed(text: &str) -> String {
    text.trim().chars().filter(|c| !c.is_control()).take(TYPED_MAX).collect()
}

/// An e-mail address shown half hidden: `j•••@exemple.fr`.
pub fn masked(email: &str) -> String {
    match email.split_once('@') {
        Some((user, domain)) => {
            let first: String = user.chars().take(1).collect();
            format!("{first}•••@{domain}")
        }
        None => "•••".to_owned(),
    }
}

/// The applicant's words for a refused step.
fn said(e: &SignInError) -> String {
    render::sentence(&e.to_string())
}

pub async fn ask_code(
    State(state): State<AppState>,
    Extension(origin): Extension<Origin>,
    Extension(Proxied(proxied)): Extension<Proxied>,
    headers: HeaderMap,
    Form(identity): Form<Identity>,
) -> Response {
    if !same_origin(&headers, proxied) {
        return Refusal::Csrf.into_response();
    }
    let numero = typed(&identity.numero).to_uppercase().replace(' ', "");
    let naissance = typed(&identity.naissance);
    let refuse = |error: String, status: StatusCode| {
        let page = sign_in_page(&state, numero.clone(), naissance.clone(), Some(error));
        (status, render::page(&page)).into_response()
    };
    let now = state.clock.unix();
    let attempt = match state.limiter.attempt(&format!("demandeur:{numero}"), &origin.0, now) {
        Ok(attempt) => attempt,
        Err(wait) => {
            let minutes = (wait + 59) / 60;
            let plural = if minutes > 1 { "s" } else { "" };
            return refuse(
                format!("Trop d'essais. Réessayez dans {minutes} minute{plural}."),
                StatusCode::TOO_MANY_REQUESTS,
            );
        }
    };
    let Some(born) = crate::steps::typed_date(&naissance) else {
        return refuse(
            "Écrivez la date de naissance sous la forme JJ/MM/AAAA (par exemple 04/07/1985)."
                .into(),
            StatusCode::UNPROCESSABLE_ENTITY,
        );
    };
    let store = &*state.store;
    if identity.action == "code" {
        return match sign_in::check_identity(store, &numero, born).await {
            Ok(numero) => {
                attempt.succeeded(&state.limiter);
                render::page(&code_page(&state, numero.as_str(), String::new(), None))
            }
            Err(e) => {
                if let Err(refusal) = refused(&state, &origin, &e, "").await {
                    return refusal.into_response();
                }
                refuse(said(&e), StatusCode::UNPROCESSABLE_ENTITY)
            }
        };
    }
    let issued = match sign_in::request_code(store, &numero, born, now).await {
        Ok(issued) => issued,
        Err(e) => {
            if let Err(refusal) = refused(&state, &origin, &e, "").await {
                return refusal.into_response();
            }
            return refuse(said(&e), StatusCode::UNPROCESSABLE_ENTITY);
        }
    };
    attempt.succeeded(&state.limiter);
    let email = issued.email.clone().unwrap_or_default();
    if let Err(why) = mail::send_code(&state, &email, &issued).await {
        return refuse(why, StatusCode::SERVICE_UNAVAILABLE);
    }
    let target = format!("{} (code envoyé par courriel)", issued.numero.as_str());
    let audited = audit::record(&state, AUDITED_AS, &origin, Action::ApplicantCode, &target).await;
    if let Err(refusal) = audited {
        return refusal.into_response();
    }
    let sent =
        format!("Un code à 6 chiffres vient de vous être envoyé à l'adresse {}.", masked(&email));
    render::page(&code_page(&state, issued.numero.as_str(), sent, None))
}

fn code_page(state: &AppState, numero: &str, sent: String, error: Option<String>) -> CodePage {
    CodePage {
        layout: ApplicantLayout::public(state, "Votre code de connexion"),
        numero: numero.to_owned(),
        sent,
        error,
    }
}

/// Writes a refused step in the audit log (an unknown numéro or date, a wrong code).
async fn refused(
    state: &AppState,
    origin: &Origin,
    e: &SignInError,
    target: &str,
) -> Result<(), Refusal> {
    match e {
        SignInError::Unknown | SignInError::Wrong { .. } | SignInError::Locked { .. } => {
            audit::record(state, AUDITED_AS, origin, Action::ApplicantRefused, target).await
        }
        _ => Ok(()),
    }
}

#[derive(Deserialize)]
pub struct TypedCode {
    numero: String,
    code: String,
}

pub async fn check_code(
    State(state): State<AppState>,
    Extension(origin): Extension<Origin>,
    Extension(Proxied(proxied)): Extension<Proxied>,
    headers: HeaderMap,
    Form(typed_code): Form<TypedCode>,
) -> Response {
    if !same_origin(&headers, proxied) {
        return Refusal::Csrf.into_response();
    }
    let numero = typed(&typed_code.numero);
    let code = typed(&typed_code.code);
    let now = state.clock.unix();
    let store = &*state.store;
    let numero_unique = match sign_in::verify(store, &numero, &code, now).await {
        Ok(numero) => numero,
        Err(e) => {
            let target = logis_domain::NumeroUnique::parse(&numero)
                .map(|n| n.as_str().to_owned())
                .unwrap_or_default();
            if let Err(refusal) = refused(&state, &origin, &e, &target).await {
                return refusal.into_response();
            }
            let page = code_page(&state, &numero, String::new(), Some(said(&e)));
            return (StatusCode::UNPROCESSABLE_ENTITY, render::page(&page)).into_response();
        }
    };
    let opened = match logis_applicants::session::open(store, &numero_unique, now).await {
        Ok(opened) => opened,
        Err(e) => return Refusal::from(e).into_response(),
    };
    if let Err(refusal) =
        audit::record(&state, AUDITED_AS, &origin, Action::ApplicantSignIn, numero_unique.as_str())
            .await
    {
        return refusal.into_response();
    }
    let cookie = session::set_applicant_cookie(&opened.token, opened.lifetime);
    ([(header::SET_COOKIE, cookie)], Redirect::to("/demandeur/espace")).into_response()
}

pub async fn sign_out(
    State(state): State<AppState>,
    Extension(applicant): Extension<Applicant>,
    Extension(origin): Extension<Origin>,
    headers: HeaderMap,
) -> Response {
    if let Some(token) = session::cookie_in(&headers, session::APPLICANT_COOKIE)
        && let Err(e) = logis_applicants::session::close(&*state.store, token).await
    {
        return Refusal::from(e).into_response();
    }
    let target = applicant.numero.as_str();
    let _ = audit::record(&state, AUDITED_AS, &origin, Action::ApplicantSignOut, target).await;
    let cleared = session::clear_applicant_cookie();
    ([(header::SET_COOKIE, cleared)], Redirect::to("/demandeur/connexion?fait=deconnexion"))
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_address_is_shown_half_hidden() {
        assert_eq!(masked("jeanne.martin@exemple.fr"), "j•••@exemple.fr");
        assert_eq!(masked("pas-une-adresse"), "•••");
    }

    #[test]
    fn a_refusal_is_a_sentence() {
        assert_eq!(
            said(&SignInError::Expired),
            "Ce code n'est plus valable : demandez-en un nouveau."
        );
    }
}

//! The users' page (« utilisateurs »), for the administrateur: the accounts with their role,
//! attachment and state; creating or replacing an account (a new password ends its sessions);
//! deactivating, reactivating or deleting one; the API tokens for partners' software — issued
//! for an account whose rights they carry, narrowed to a scope, until an expiry (shown once,
//! kept as a hash), revoked at will. Every change goes through [`logis_accounts`].

use crate::format;
use crate::guard::{Origin, Principal};
use crate::render::{self, Done, Layout, Refusal};
use crate::state::AppState;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Extension, Form};
use logis_access::{Role, TokenScope};
use logis_accounts::{self as accounts, AccountError, Actor, NewAccount, NewToken};
use logis_store::access::accounts::all as all_accounts;
use logis_store::access::tokens;
use serde::Deserialize;

pub struct AccountView {
    pub login: String,
    pub role: &'static str,
    pub rattachement: String,
    pub cree_le: String,
    /// « actif », « désactivé le … ».
    pub etat: String,
    pub actif: bool,
    pub demonstration: bool,
}

pub struct TokenView {
    pub nom: String,
    pub login: String,
    pub portee: &'static str,
    pub cree_le: String,
    pub expire_le: String,
    /// « actif », « expiré », « révoqué le … ».
    pub etat: String,
    pub actif: bool,
    pub empreinte: String,
}

/// What a save on the page says once it is done.
const DONE: &[(&str, &str)] = &[
    ("compte", "Le compte est enregistré."),
    (
        "desactivation",
        "Le compte est désactivé : ses sessions sont fermées et ses jetons révoqués.",
    ),
    ("reactivation", "Le compte est réactivé : il peut de nouveau se connecter."),
    ("suppression", "Le compte est supprimé, avec ses sessions, ses jetons et ses suivis."),
    ("revocation", "Le jeton est révoqué : il n'ouvre plus l'API."),
];

#[derive(Template)]
#[template(path = "utilisateurs.html")]
struct UsersPage {
    layout: Layout,
    accounts: Vec<AccountView>,
    tokens: Vec<TokenView>,
    roles: Vec<(&'static str, &'static str)>,
    scopes: Vec<(&'static str, &'static str)>,
    /// The default end of a new token's validity (`AAAA-MM-JJ`), and the latest allowed.
    expiry_default: String,
    expiry_max: String,
    error: Option<String>,
    done: Option<&'static str>,
    /// A token just issued: shown once, never again.
    issued: Option<String>,
    /// The account form as typed (after a refusal: shown again, open, but its password).
    typed: AccountForm,
    form_open: bool,
    /// The organisations to attach an account to, by identifier and name, sorted by name.
    organismes: Vec<(String, String)>,
    /// The territory's communes to suggest, by code and name.
    communes: Vec<(String, String)>,
}

async fn page(state: &AppState, principal: &Principal) -> Result<UsersPage, Refusal> {
    let names = logis_transfer::bilan::holder_names(&*state.store).await?;
    let accounts = all_accounts(&*state.store)
        .await?
        .into_iter()
        .map(|a| AccountView {
            role: a.role.label(),
            rattachement: match (&a.organisme, &a.commune) {
                (Some(o), _) => names.get(o).cloned().unwrap_or_else(|| format!("organisme {o}")),
                (None, Some(c)) => format!("commune de {}", state.communes.name(c)),
                (None, None) => "—".to_owned(),
            },
            cree_le: format::moment(a.created_at),
            etat: a
                .disabled_at
                .map_or("actif".into(), |at| format!("désactivé le {}", format::moment(at))),
            actif: a.is_active(),
            demonstration: a.demonstration,
            login: a.login.to_string(),
        })
        .collect();
    let at = state.clock.unix();
    let tokens = tokens::all(&*state.store)
        .await?
        .into_iter()
        .map(|t| TokenView {
            etat: match t.revoque_le {
                Some(when) => format!("révoqué le {}", format::moment(when)),
                None if t.expire_le <= at => "expiré".to_owned(),
                None => "actif".to_owned(),
            },
            actif: t.is_valid(at),
            nom: t.nom,
            login: t.login.to_string(),
            portee: t.scope.label(),
            cree_le: format::moment(t.cree_le),
            expire_le: last_day(t.expire_le),
            empreinte: t.token_hash,
        })
        .collect();
    let today = state.clock.today();
    let mut organismes: Vec<(String, String)> = names.into_iter().collect();
    organismes.sort_by(|a, b| a.1.cmp(&b.1).then(a.0.cmp(&b.0)));
    Ok(UsersPage {
        layout: Layout::new(state, principal, "Utilisateurs", "/utilisateurs"),
        accounts,
        tokens,
        roles: Role::ALL.iter().map(|r| (r.code(), r.label())).collect(),
        scopes: TokenScope::ALL.iter().map(|s| (s.code(), s.label())).collect(),
        expiry_default: (today + time::Duration::days(365)).to_string(),
        expiry_max: (today + time::Duration::days(accounts::TOKEN_MAX_DAYS)).to_string(),
        error: None,
        done: None,
        issued: None,
        typed: AccountForm::default(),
        form_open: false,
        organismes,
        communes: state.communes.suggested().to_vec(),
    })
}

pub async fn show(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
    Query(done): Query<Done>,
) -> Result<Response, Refusal> {
    let mut view = page(&state, &principal).await?;
    view.done = done.said(DONE);
    Ok(render::page(&view))
}

/// The page again with what was refused, or the store's failure.
async fn refused(
    state: &AppState,
    principal: &Principal,
    what: &str,
    error: AccountError,
) -> Result<Response, Refusal> {
    refused_keeping(state, principal, what, error, None).await
}

/// [`refused`], the account form shown again open with what was typed (but the password).
async fn refused_keeping(
    state: &AppState,
    principal: &Principal,
    what: &str,
    error: AccountError,
    typed: Option<AccountForm>,
) -> Result<Response, Refusal> {
    let why = match error {
        AccountError::Refused(why) => why,
        AccountError::Unknown(login) => format!("aucun compte ni jeton « {login} »"),
        AccountError::Store(e) => return Err(e.into()),
    };
    let mut view = page(state, principal).await?;
    view.error = Some(format!("{what} : {why}."));
    if let Some(typed) = typed {
        view.typed = AccountForm { mot_de_passe: String::new(), ..typed };
        view.form_open = true;
    }
    Ok((StatusCode::UNPROCESSABLE_ENTITY, render::page(&view)).into_response())
}

fn actor<'a>(principal: &'a Principal, origin: &'a Origin, now: i64) -> Actor<'a> {
    Actor { login: &principal.login, origin: &origin.0, at: now }
}

#[derive(Debug, Default, Deserialize)]
pub struct AccountForm {
    #[serde(default)]
    login: String,
    #[serde(default)]
    role: String,
    #[serde(default)]
    organisme: String,
    #[serde(default)]
    commune: String,
    #[serde(default)]
    mot_de_passe: String,
}

fn given(v: &str) -> Option<&str> {
    let v = v.trim();
    (!v.is_empty()).then_some(v)
}

pub async fn create(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
    Extension(origin): Extension<Origin>,
    Form(form): Form<AccountForm>,
) -> Result<Response, Refusal> {
    const NOT_SAVED: &str = "Le compte n'est pas enregistré";
    let commune = match given(&form.commune) {
        None => None,
        Some(typed) => match state.communes.code_of(typed) {
            Some(code) => Some(code),
            None => {
                let e = AccountError::Refused(format!(
                    "commune inconnue « {typed} » : choisissez-la dans la liste, ou tapez son code INSEE"
                ));
                return refused_keeping(&state, &principal, NOT_SAVED, e, Some(form)).await;
            }
        },
    };
    let asked = NewAccount {
        login: form.login.trim(),
        role: &form.role,
        organisme: given(&form.organisme),
        commune: commune.as_deref(),
        password: &form.mot_de_passe,
    };
    let by = actor(&principal, &origin, state.clock.unix());
    match accounts::register(&*state.store, &asked, by).await {
        Ok(_) => Ok(Redirect::to("/utilisateurs?fait=compte").into_response()),
        Err(e) => refused_keeping(&state, &principal, NOT_SAVED, e, Some(form)).await,
    }
}

#[derive(Deserialize)]
pub struct ChangeForm {
    #[serde(default)]
    login: String,
    #[serde(default)]
    action: String,
}

/// Deactivates, reactivates or deletes an account (the login is a field of the form, never
/// a part of the address).
pub async fn change(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
    Extension(origin): Extension<Origin>,
    Form(form): Form<ChangeForm>,
) -> Result<Response, Refusal> {
    let (store, login, by) =
        (&*state.store, form.login.trim(), actor(&principal, &origin, state.clock.unix()));
    if login == principal.login && form.action != "reactiver" {
        let e = AccountError::Refused(
            "vous ne pouvez pas désactiver ni supprimer votre propre compte".into(),
        );
        return refused(&state, &principal, "Rien n'est changé", e).await;
    }
    let (outcome, done) = match form.action.as_str() {
        "desactiver" => (accounts::disable(store, login, by).await, "desactivation"),
        "reactiver" => (accounts::enable(store, login, by).await, "reactivation"),
        "supprimer" => (accounts::delete(store, login, by).await, "suppression"),
        _ => return Err(Refusal::BadRequest("Action inconnue sur un compte.".into())),
    };
    match outcome {
        Ok(()) => Ok(Redirect::to(&format!("/utilisateurs?fait={done}")).into_response()),
        Err(e) => refused(&state, &principal, "Rien n'est changé", e).await,
    }
}

#[derive(Deserialize)]
pub struct TokenForm {
    #[serde(default)]
    nom: String,
    #[serde(default)]
    login: String,
    #[serde(default)]
    portee: String,
    /// `AAAA-MM-JJ`: the token's last day.
    #[serde(default)]
    expire_le: String,
}

/// The end of `day` (`AAAA-MM-JJ`): the first second of the next day, UTC.
fn end_of(day: &str) -> Option<i64> {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    let date = time::Date::parse(day.trim(), &format).ok()?;
    Some(date.next_day()?.midnight().assume_utc().unix_timestamp())
}

/// The last day of a token that is refused from `expires_at` on.
fn last_day(expires_at: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp(expires_at - 1)
        .map(|t| format::date(t.date()))
        .unwrap_or_default()
}

pub async fn issue_token(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
    Extension(origin): Extension<Origin>,
    Form(form): Form<TokenForm>,
) -> Result<Response, Refusal> {
    let not_issued = "Le jeton n'est pas émis";
    let Some(scope) = TokenScope::from_code(&form.portee) else {
        let e = AccountError::Refused("choisissez la portée du jeton".into());
        return refused(&state, &principal, not_issued, e).await;
    };
    let Some(expires_at) = end_of(&form.expire_le) else {
        let e = AccountError::Refused("indiquez jusqu'à quelle date il est valable".into());
        return refused(&state, &principal, not_issued, e).await;
    };
    let asked = NewToken { nom: &form.nom, login: form.login.trim(), scope, expires_at };
    match accounts::issue_token(
        &*state.store,
        &asked,
        actor(&principal, &origin, state.clock.unix()),
    )
    .await
    {
        Ok(token) => {
            let mut view = page(&state, &principal).await?;
            view.issued = Some(token);
            Ok(render::page(&view))
        }
        Err(e) => refused(&state, &principal, not_issued, e).await,
    }
}

pub async fn revoke_token(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
    Extension(origin): Extension<Origin>,
    Path(empreinte): Path<String>,
) -> Result<Response, Refusal> {
    match accounts::revoke_token(
        &*state.store,
        &empreinte,
        actor(&principal, &origin, state.clock.unix()),
    )
    .await
    {
        Ok(()) => Ok(Redirect::to("/utilisateurs?fait=revocation").into_response()),
        Err(AccountError::Unknown(_)) => Err(Refusal::NotFound),
        Err(e) => refused(&state, &principal, "Le jeton n'est pas révoqué", e).await,
    }
}

//! The users' page (« utilisateurs »), for the administrateur: the accounts with their role and
//! attachment, creating or replacing an account, and the API tokens for partners' software —
//! issued for an account whose rights they carry (shown once, kept as a hash), revoked at will.

use crate::accounts::{self, AccountError, NewAccount};
use crate::audit;
use crate::format;
use crate::guard::{Origin, Principal};
use crate::render::{self, Done, Layout, Refusal};
use crate::session;
use crate::state::AppState;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Extension, Form};
use logis_access::Role;
use logis_store::dossiers::tokens::{self, ApiToken};
use serde::Deserialize;

pub struct AccountView {
    pub login: String,
    pub role: &'static str,
    pub rattachement: String,
    pub cree_le: String,
}

pub struct TokenView {
    pub nom: String,
    pub login: String,
    pub cree_le: String,
    pub revoque_le: Option<String>,
    pub empreinte: String,
}

/// What a save on the page says once it is done.
const DONE: &[(&str, &str)] = &[
    ("compte", "Le compte est enregistré."),
    ("revocation", "Le jeton est révoqué : il n'ouvre plus l'API."),
];

#[derive(Template)]
#[template(path = "utilisateurs.html")]
struct UsersPage {
    layout: Layout,
    accounts: Vec<AccountView>,
    tokens: Vec<TokenView>,
    roles: Vec<(&'static str, &'static str)>,
    error: Option<String>,
    done: Option<&'static str>,
    /// A token just issued: shown once, never again.
    issued: Option<String>,
}

async fn page(state: &AppState, principal: &Principal) -> Result<UsersPage, Refusal> {
    let accounts = logis_store::accounts::all(&*state.store)
        .await?
        .into_iter()
        .map(|a| AccountView {
            role: Role::from_code(&a.role).map_or("rôle inconnu", Role::label),
            rattachement: match (&a.organisme, &a.commune) {
                (Some(o), _) => format!("organisme {o}"),
                (None, Some(c)) => format!("commune de {}", state.communes.name(c)),
                (None, None) => "—".to_owned(),
            },
            cree_le: format::moment(a.created_at),
            login: a.login,
        })
        .collect();
    let tokens = tokens::all(&*state.store)
        .await?
        .into_iter()
        .map(|t| TokenView {
            nom: t.nom,
            login: t.login,
            cree_le: format::moment(t.cree_le),
            revoque_le: t.revoque_le.map(format::moment),
            empreinte: t.token_hash,
        })
        .collect();
    Ok(UsersPage {
        layout: Layout::new(state, principal, "Utilisateurs", "/utilisateurs"),
        accounts,
        tokens,
        roles: Role::ALL.iter().map(|r| (r.code(), r.label())).collect(),
        error: None,
        done: None,
        issued: None,
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

#[derive(Deserialize)]
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
    let asked = NewAccount {
        login: form.login.trim(),
        role: &form.role,
        organisme: given(&form.organisme),
        commune: given(&form.commune),
        password: &form.mot_de_passe,
    };
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    match accounts::register(&*state.store, &state.communes, &asked, now).await {
        Ok(saved) => {
            let what = format!("compte {} ({})", saved.login, saved.role);
            audit::by(&state, &principal, &origin, audit::ADMINISTRATION, &what).await?;
            Ok(Redirect::to("/utilisateurs?fait=compte").into_response())
        }
        Err(AccountError::Refused(why)) => {
            let mut view = page(&state, &principal).await?;
            view.error = Some(format!("Le compte n'est pas enregistré : {why}."));
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render::page(&view)).into_response())
        }
        Err(AccountError::Store(e)) => Err(e.into()),
    }
}

#[derive(Deserialize)]
pub struct TokenForm {
    #[serde(default)]
    nom: String,
    #[serde(default)]
    login: String,
}

pub async fn issue_token(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
    Extension(origin): Extension<Origin>,
    Form(form): Form<TokenForm>,
) -> Result<Response, Refusal> {
    let mut view = page(&state, &principal).await?;
    let nom = form.nom.trim();
    let login = form.login.trim();
    if nom.is_empty() || state.store.account(login).await?.is_none() {
        view.error = Some(
            "Le jeton n'est pas émis : donnez-lui un nom (le logiciel qui l'utilisera) et choisissez le compte dont il porte les droits.".to_owned(),
        );
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, render::page(&view)).into_response());
    }
    let token = session::new_token();
    let issued = ApiToken {
        token_hash: session::hash(&token),
        nom: nom.to_owned(),
        login: login.to_owned(),
        cree_le: time::OffsetDateTime::now_utc().unix_timestamp(),
        revoque_le: None,
    };
    state.store.execute(&[tokens::issue(&issued)]).await?;
    let what = format!("jeton d'API « {nom} » pour {login}");
    audit::by(&state, &principal, &origin, audit::ADMINISTRATION, &what).await?;
    let mut view = page(&state, &principal).await?;
    view.issued = Some(token);
    Ok(render::page(&view))
}

pub async fn revoke_token(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
    Extension(origin): Extension<Origin>,
    Path(empreinte): Path<String>,
) -> Result<Response, Refusal> {
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    let changed = state.store.execute(&[tokens::revoke(&empreinte, now)]).await?;
    if changed == 0 {
        return Err(Refusal::NotFound);
    }
    let what = format!("révocation du jeton d'API {}", &empreinte[..empreinte.len().min(12)]);
    audit::by(&state, &principal, &origin, audit::ADMINISTRATION, &what).await?;
    Ok(Redirect::to("/utilisateurs?fait=revocation").into_response())
}

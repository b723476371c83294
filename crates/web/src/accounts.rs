//! The accounts of the partners' application and their API tokens, managed the same way from
//! the command line (`logis user …`) and from the users' page: registering an account (a known
//! role, a valid login, the attachment the role needs, a password long enough, hashed with
//! Argon2id), changing its password, deactivating, reactivating or deleting it, issuing and
//! revoking tokens. A password changed, an account deactivated or deleted ends its sessions and
//! revokes its tokens in the same transaction as the change and its audit line. Every refusal
//! is a French sentence, and nothing is written.

use crate::state::Communes;
use logis_access::{Role, TokenScope, password};
use logis_domain::Organisme;
use logis_store::access::accounts::{self, StoredAccount};
use logis_store::access::audit::{self, AuditEntry};
use logis_store::access::tokens::{self, ApiToken};
use logis_store::access::{self as register, AccessWrite, sessions};
use logis_store::dossiers::followups;
use logis_store::{Store, lookup_all};

/// An account as asked for.
pub struct NewAccount<'a> {
    pub login: &'a str,
    pub role: &'a str,
    pub organisme: Option<&'a str>,
    pub commune: Option<&'a str>,
    pub password: &'a str,
}

/// Who makes a change, for its audit line: an account and where it acts from (a client's
/// address, or `ligne de commande`).
#[derive(Debug, Clone, Copy)]
pub struct Actor<'a> {
    pub login: &'a str,
    pub origin: &'a str,
    /// Seconds since 1970.
    pub now: i64,
}

impl Actor<'_> {
    fn audit(&self, action: &str, target: String) -> AccessWrite {
        audit::record(&AuditEntry {
            at: self.now,
            login: self.login.to_owned(),
            action: action.to_owned(),
            target,
            origin: self.origin.to_owned(),
        })
    }
}

/// What an account change refused, in French, or a store failure.
#[derive(Debug, thiserror::Error)]
pub enum AccountError {
    #[error("{0}")]
    Refused(String),
    #[error("aucun compte « {0} »")]
    Unknown(String),
    #[error(transparent)]
    Store(#[from] logis_store::StoreError),
}

fn refused(message: impl Into<String>) -> AccountError {
    AccountError::Refused(message.into())
}

/// The longest login, in characters.
pub const LOGIN_MAX: usize = 64;

/// Checks a login: 1 to [`LOGIN_MAX`] letters, digits, `.`, `-`, `_` or `@`.
pub fn check_login(login: &str) -> Result<(), String> {
    let allowed = |c: char| c.is_alphanumeric() || matches!(c, '.' | '-' | '_' | '@');
    if login.is_empty() || login.chars().count() > LOGIN_MAX || !login.chars().all(allowed) {
        let shown: String = login.chars().take(LOGIN_MAX).collect();
        return Err(format!(
            "identifiant « {shown} » refusé : de 1 à {LOGIN_MAX} lettres, chiffres, points, tirets, soulignés ou @, sans espace"
        ));
    }
    Ok(())
}

/// The role of a code, or the French refusal listing the codes.
pub fn role_of(code: &str) -> Result<Role, String> {
    Role::from_code(code).ok_or_else(|| {
        let codes: Vec<&str> = Role::ALL.iter().map(|r| r.code()).collect();
        format!("rôle inconnu « {code} » : choisissez parmi {}", codes.join(", "))
    })
}

/// The hash of `typed`, off the async threads (Argon2id takes tens of milliseconds).
async fn hashed(typed: &str) -> Result<String, AccountError> {
    let typed = typed.to_owned();
    tokio::task::spawn_blocking(move || password::hash(&typed))
        .await
        .map_err(|e| refused(format!("calcul de l'empreinte interrompu : {e}")))?
        .map_err(|e| refused(e.to_string()))
}

async fn existing(store: &dyn Store, login: &str) -> Result<StoredAccount, AccountError> {
    accounts::find(store, login).await?.ok_or_else(|| AccountError::Unknown(login.to_owned()))
}

/// Checks `account` and saves it, replacing the account of the same login (a new password
/// then ends that account's sessions and revokes its tokens); the saved account.
pub async fn register(
    store: &dyn Store,
    communes: &Communes,
    account: &NewAccount<'_>,
    actor: Actor<'_>,
) -> Result<StoredAccount, AccountError> {
    let role = role_of(account.role).map_err(refused)?;
    check_login(account.login).map_err(refused)?;
    role.check_attachment(account.organisme.is_some(), account.commune.is_some())
        .map_err(|missing| refused(missing.to_string()))?;
    if let Some(code) = account.commune
        && communes.code_of(code).as_deref() != Some(code)
    {
        return Err(refused(format!(
            "commune inconnue « {code} » : indiquez son code INSEE (5 caractères)"
        )));
    }
    if let Some(id) = account.organisme
        && lookup_all::<Organisme>(store, &[id]).await?.is_empty()
    {
        return Err(refused(format!(
            "organisme inconnu « {id} » : importez d'abord organismes.csv, ou vérifiez l'identifiant"
        )));
    }
    let replaced = accounts::find(store, account.login).await?;
    let stored = StoredAccount {
        organisme: account.organisme.map(str::to_owned),
        commune: account.commune.map(str::to_owned),
        ..StoredAccount::new(account.login, role, hashed(account.password).await?, actor.now)
    };
    let what = format!("compte {} ({})", stored.login, role.code());
    let mut change = accounts::save(&stored).and(actor.audit(crate::audit::ADMINISTRATION, what));
    match replaced {
        None => register::write(store, change).await.map(drop)?,
        Some(replaced) => {
            change = change.and(end_access(account.login, actor.now));
            if role == Role::Administrateur {
                register::write(store, change).await?;
            } else {
                let doing = "retirer le rôle administrateur de";
                write_keeping_an_administrator(store, &replaced, doing, change).await?;
            }
        }
    }
    Ok(stored)
}

/// Ends the sessions and revokes the tokens of `login`.
fn end_access(login: &str, now: i64) -> AccessWrite {
    sessions::end_all_of(login).and(tokens::revoke_all_of(login, now))
}

/// Changes the password of `login`: its sessions end and its tokens are revoked.
pub async fn change_password(
    store: &dyn Store,
    login: &str,
    typed: &str,
    actor: Actor<'_>,
) -> Result<(), AccountError> {
    let account = existing(store, login).await?;
    let stored = StoredAccount { password_hash: hashed(typed).await?, ..account };
    let what = format!("mot de passe du compte {login} changé : sessions fermées, jetons révoqués");
    let change = accounts::save(&stored)
        .and(end_access(login, actor.now))
        .and(actor.audit(crate::audit::ADMINISTRATION, what));
    register::write(store, change).await?;
    Ok(())
}

/// Refuses to leave the territory without an active administrateur.
async fn keeps_an_administrator(
    store: &dyn Store,
    account: &StoredAccount,
    doing: &str,
) -> Result<(), AccountError> {
    if account.role != Role::Administrateur || !account.is_active() {
        return Ok(());
    }
    let others = accounts::all(store)
        .await?
        .into_iter()
        .filter(|a| a.role == Role::Administrateur && a.is_active() && a.login != account.login)
        .count();
    if others == 0 {
        return Err(refused(format!(
            "impossible de {doing} « {} » : c'est le dernier compte administrateur actif ; créez-en un autre d'abord",
            account.login
        )));
    }
    Ok(())
}

/// Writes `change`, which deactivates, deletes or demotes `account`, unless it is the last
/// active administrateur — checked before (for a clear refusal) and within the write itself
/// (two administrateurs changed at once cannot both go).
async fn write_keeping_an_administrator(
    store: &dyn Store,
    account: &StoredAccount,
    doing: &str,
    change: AccessWrite,
) -> Result<(), AccountError> {
    keeps_an_administrator(store, account, doing).await?;
    let guarded = accounts::keep_another_administrator(&account.login).and(change);
    if let Err(e) = register::write(store, guarded).await {
        // Another administrateur was changed meanwhile: the same refusal, now true.
        keeps_an_administrator(store, account, doing).await?;
        return Err(e.into());
    }
    Ok(())
}

/// Deactivates `login`: it can no longer sign in, its sessions end, its tokens are revoked.
pub async fn disable(store: &dyn Store, login: &str, actor: Actor<'_>) -> Result<(), AccountError> {
    let account = existing(store, login).await?;
    let what = format!("compte {login} désactivé : sessions fermées, jetons révoqués");
    let change = accounts::disable(login, actor.now)
        .and(end_access(login, actor.now))
        .and(actor.audit(crate::audit::ADMINISTRATION, what));
    write_keeping_an_administrator(store, &account, "désactiver", change).await
}

/// Reactivates `login` (its revoked tokens stay revoked).
pub async fn enable(store: &dyn Store, login: &str, actor: Actor<'_>) -> Result<(), AccountError> {
    existing(store, login).await?;
    let change = accounts::enable(login)
        .and(actor.audit(crate::audit::ADMINISTRATION, format!("compte {login} réactivé")));
    register::write(store, change).await?;
    Ok(())
}

/// Deletes `login` with its sessions, tokens and the households it followed (the audit log
/// keeps its lines).
pub async fn delete(store: &dyn Store, login: &str, actor: Actor<'_>) -> Result<(), AccountError> {
    let account = existing(store, login).await?;
    let change = accounts::delete(login)
        .and(actor.audit(crate::audit::ADMINISTRATION, format!("compte {login} supprimé")));
    write_keeping_an_administrator(store, &account, "supprimer", change).await?;
    // The follow-ups live in the data's database: removed once the account is gone.
    store.execute(&[followups::delete_all_of(login)]).await?;
    Ok(())
}

/// The longest life of an API token, in days.
pub const TOKEN_MAX_DAYS: i64 = 2 * 365;

/// A token asked for: its name, the account whose rights it carries, its scope, until when.
pub struct NewToken<'a> {
    pub nom: &'a str,
    pub login: &'a str,
    pub scope: TokenScope,
    /// From this moment on (seconds since 1970), the token is refused.
    pub expires_at: i64,
}

/// Issues a token; the token itself, to be shown once (only its hash is kept).
pub async fn issue_token(
    store: &dyn Store,
    asked: &NewToken<'_>,
    actor: Actor<'_>,
) -> Result<String, AccountError> {
    let nom = asked.nom.trim();
    if nom.is_empty() || nom.chars().count() > 200 {
        return Err(refused(
            "donnez au jeton un nom de 1 à 200 caractères (le logiciel qui l'utilisera)",
        ));
    }
    let account = existing(store, asked.login).await?;
    if !account.is_active() {
        return Err(refused(format!("le compte « {} » est désactivé", asked.login)));
    }
    if asked.expires_at <= actor.now || asked.expires_at > actor.now + (TOKEN_MAX_DAYS + 1) * 86_400
    {
        return Err(refused(format!(
            "la date de fin de validité ne peut être ni passée, ni dans plus de {TOKEN_MAX_DAYS} jours"
        )));
    }
    let token = crate::session::new_token();
    let issued = ApiToken {
        token_hash: crate::session::hash(&token),
        nom: nom.to_owned(),
        login: asked.login.to_owned(),
        scope: asked.scope,
        cree_le: actor.now,
        expire_le: asked.expires_at,
        revoque_le: None,
    };
    let what = format!(
        "jeton d'API « {nom} » pour {} ({}, jusqu'au {})",
        asked.login,
        asked.scope.label(),
        crate::format::moment(asked.expires_at)
    );
    register::write(
        store,
        tokens::issue(&issued).and(actor.audit(crate::audit::ADMINISTRATION, what)),
    )
    .await?;
    Ok(token)
}

/// Revokes the token of `token_hash`; `Unknown` when there is no such token not yet revoked.
pub async fn revoke_token(
    store: &dyn Store,
    token_hash: &str,
    actor: Actor<'_>,
) -> Result<(), AccountError> {
    let shown: String = token_hash.chars().take(12).collect();
    let revocable = tokens::find(store, token_hash).await?.is_some_and(|t| t.revoque_le.is_none());
    if !revocable {
        return Err(AccountError::Unknown(shown));
    }
    let what = format!("révocation du jeton d'API {shown}");
    register::write(
        store,
        tokens::revoke(token_hash, actor.now).and(actor.audit(crate::audit::ADMINISTRATION, what)),
    )
    .await?;
    Ok(())
}

/// The accounts anyone could sign in to: those `logis demo` created, and any account of a
/// demo login whose password is still the published one.
pub async fn with_published_password(store: &dyn Store) -> Result<Vec<String>, AccountError> {
    let mut found = Vec::new();
    for account in accounts::all(store).await? {
        let published = logis_access::demo::published_password(&account.login);
        let known = match published {
            Some(typed) => {
                let hash = account.password_hash.clone();
                tokio::task::spawn_blocking(move || password::verify(typed, &hash))
                    .await
                    .unwrap_or(true)
            }
            None => false,
        };
        if account.demonstration || known {
            found.push(account.login);
        }
    }
    Ok(found)
}

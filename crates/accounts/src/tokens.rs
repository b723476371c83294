//! API tokens: issued by an administrateur for an active account, narrowed to a scope, until a
//! date at most two years ahead; shown once (only their hash is kept); revoked by date.

use crate::{AccountError, Actor, existing, refused};
use logis_access::{TokenScope, secret};
use logis_store::Store;
use logis_store::access::audit::AuditAction;
use logis_store::access::tokens::{self, ApiToken};
use logis_store::access::{self as register};

/// The longest life of an API token, in days.
pub const TOKEN_MAX_DAYS: i64 = 2 * 365;

/// The longest name of a token, in characters.
const NAME_MAX: usize = 200;

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
    if nom.is_empty() || nom.chars().count() > NAME_MAX {
        return Err(refused(format!(
            "donnez au jeton un nom de 1 à {NAME_MAX} caractères (le logiciel qui l'utilisera)"
        )));
    }
    let account = existing(store, asked.login).await?;
    if !account.is_active() {
        return Err(refused(format!("le compte « {} » est désactivé", asked.login)));
    }
    let latest = actor.at + (TOKEN_MAX_DAYS + 1) * 86_400;
    if asked.expires_at <= actor.at || asked.expires_at > latest {
        return Err(refused(format!(
            "la date de fin de validité ne peut être ni passée, ni dans plus de {TOKEN_MAX_DAYS} jours"
        )));
    }
    let token = secret::new_token();
    let issued = ApiToken {
        token_hash: secret::hash(&token),
        nom: nom.to_owned(),
        login: account.login.clone(),
        scope: asked.scope,
        cree_le: actor.at,
        expire_le: asked.expires_at,
        revoque_le: None,
    };
    let what = format!(
        "jeton d'API « {nom} » pour {} ({}, jusqu'au {})",
        asked.login,
        asked.scope.label(),
        logis_domain::french::moment(asked.expires_at)
    );
    let change = tokens::issue(&issued).and(actor.line(AuditAction::Administration, what));
    register::write(store, change).await?;
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
    let change =
        tokens::revoke(token_hash, actor.at).and(actor.line(AuditAction::Administration, what));
    register::write(store, change).await?;
    Ok(())
}

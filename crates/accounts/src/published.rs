//! The accounts anyone could sign in to, which the server warns about when it starts.

use crate::AccountError;
use logis_access::{Login, password};
use logis_store::Store;
use logis_store::access::accounts;

/// The accounts anyone could sign in to: those `logis demo` created, and any account of a
/// demo login whose password is still the published one.
pub async fn with_published_password(store: &dyn Store) -> Result<Vec<Login>, AccountError> {
    let mut found = Vec::new();
    for account in accounts::all(store).await? {
        let published = logis_access::demo::published_password(account.login.as_str());
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

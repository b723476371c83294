//! Which applications an account reaches: the whole territory, the households it follows (a
//! social worker, by a consented link), or none (counts only). Every read and write of an
//! application's file asks here.

use crate::{CaseworkError, Worker};
use logis_access::{Reach, Role};
use logis_domain::Demande;
use logis_store::dossiers::followups;
use logis_store::{Store, StoreError, lookup_all};

/// Whether the account `login` of `role` reaches application `numero`.
pub async fn reaches(
    store: &dyn Store,
    login: &str,
    role: Role,
    numero: &str,
) -> Result<bool, StoreError> {
    match role.permissions().reach {
        Reach::Territory => Ok(true),
        Reach::None => Ok(false),
        Reach::FollowedHouseholds => followups::follows(store, login, numero).await,
    }
}

/// The application `numero`, once `worker` is known to reach it.
pub async fn reached(
    store: &dyn Store,
    worker: &Worker<'_>,
    numero: &str,
) -> Result<Demande, CaseworkError> {
    if !reaches(store, worker.login, worker.role, numero).await? {
        return Err(CaseworkError::Forbidden);
    }
    let found = lookup_all::<Demande>(store, &[numero]).await?;
    found.into_iter().next().ok_or(CaseworkError::UnknownApplication)
}

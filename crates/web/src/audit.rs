//! Writing the audit log: every display of an applicant's file, every change and every export
//! holding personal data — who, what, when, from where. A failure to write it refuses the
//! access: nothing personal is shown that the log does not record.

use crate::guard::{Origin, Principal};
use crate::render::Refusal;
use crate::state::AppState;
use logis_store::access::{self, audit};

/// What a line records.
pub use logis_domain::work::AuditAction as Action;

/// Writes one line.
pub async fn record(
    state: &AppState,
    login: &str,
    origin: &Origin,
    action: Action,
    target: &str,
) -> Result<(), Refusal> {
    let entry = audit::AuditEntry {
        at: state.clock.unix(),
        login: login.to_owned(),
        action,
        target: target.to_owned(),
        origin: origin.0.clone(),
    };
    access::write(&*state.store, audit::record(&entry)).await.map(drop).map_err(Refusal::from)
}

/// Writes one line for `principal`.
pub async fn by(
    state: &AppState,
    principal: &Principal,
    origin: &Origin,
    action: Action,
    target: &str,
) -> Result<(), Refusal> {
    record(state, &principal.login, origin, action, target).await
}

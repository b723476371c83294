//! The partners' work on an application, one function per write, which the file's page, the
//! labelling page and the API share: a note ([`notes`]), a priority label proposed, recognised
//! or withdrawn ([`labels`]), a social worker's follow-up of a household that consented
//! ([`follow_ups`]). Each checks the acting account's right and reach ([`reach`]) and its
//! input, writes in one transaction with its event in the application's timeline, then writes
//! its line in the audit log. A refusal is typed ([`CaseworkError`]), its words French.

pub mod follow_ups;
pub mod labels;
pub mod notes;
pub mod reach;

use logis_access::{Permissions, Role};
use logis_domain::OrganismeId;
use logis_store::StoreError;
use logis_store::access::audit::{Actor, AuditAction};

/// Who does the work: an account, its role and organisation, where it acts from (a client's
/// address), when (seconds since 1970).
#[derive(Debug, Clone, Copy)]
pub struct Worker<'a> {
    pub login: &'a str,
    pub role: Role,
    pub organisme: Option<&'a str>,
    pub origin: &'a str,
    pub at: i64,
}

impl Worker<'_> {
    fn permissions(&self) -> Permissions {
        self.role.permissions()
    }

    /// The organisation it writes for, as its records keep it (none when the account's is not
    /// an identifier: the accounts' service only attaches organismes of the register).
    fn organisation(&self) -> Option<OrganismeId> {
        self.organisme.and_then(|id| OrganismeId::parse(id).ok())
    }

    /// Writes the audit line saying this worker changed `target`.
    async fn audit(
        &self,
        store: &dyn logis_store::Store,
        target: String,
    ) -> Result<(), StoreError> {
        let actor = Actor { login: self.login, origin: self.origin, at: self.at };
        logis_store::access::write(store, actor.line(AuditAction::Modification, target)).await?;
        Ok(())
    }
}

/// Why a write of the partners' work was refused.
#[derive(Debug, thiserror::Error)]
pub enum CaseworkError {
    /// What is wrong with what was sent, in French sentences, to show beside the form.
    #[error("{}", .0.join(" "))]
    Invalid(Vec<String>),
    /// The account's role may not do this, or the application is not within its reach.
    #[error("cette action ou cette demande n'est pas dans le périmètre du compte")]
    Forbidden,
    /// No application has this numéro.
    #[error("aucune demande ne porte ce numéro")]
    UnknownApplication,
    #[error(transparent)]
    Store(#[from] StoreError),
}

fn invalid(sentence: impl Into<String>) -> CaseworkError {
    CaseworkError::Invalid(vec![sentence.into()])
}

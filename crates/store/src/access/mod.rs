//! The access register: the accounts of the partners' application, their sessions and API
//! tokens, the applicants' one-time codes and sessions, and the audit log. It is written apart
//! from the register of applications ([`crate::Store::execute_access`]): SQLite keeps it in a
//! file of its own, so that an import or a recalculation of the cotation, which hold the main
//! file's write lock for minutes at national scale, never stop anyone from signing in or
//! reading a file.
//!
//! Writes are [`AccessWrite`]s, built by this module's functions and run together in one
//! transaction by [`write`]: an account deactivated, its sessions ended, its tokens revoked
//! and the audit line that says so, at once or not at all.

pub mod accounts;
pub mod applicant_sessions;
pub mod audit;
pub mod audit_search;
pub mod codes;
#[cfg(feature = "conformance")]
pub mod conformance;
pub mod sessions;
pub mod tokens;

use crate::{Result, Statement, Store};

/// Statements of the access register, run in one transaction by [`write`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[must_use = "an access write does nothing until it is given to `access::write`"]
pub struct AccessWrite(Vec<Statement>);

impl AccessWrite {
    pub(crate) fn of(statement: Statement) -> Self {
        AccessWrite(vec![statement])
    }

    /// This write, then `other`, in the same transaction.
    pub fn and(mut self, other: AccessWrite) -> Self {
        self.0.extend(other.0);
        self
    }
}

/// Runs `w` in one transaction of the access register; the number of rows it changed.
pub async fn write(store: &dyn Store, w: AccessWrite) -> Result<u64> {
    store.execute_access(&w.0).await
}

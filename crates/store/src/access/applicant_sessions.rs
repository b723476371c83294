//! Sessions of the applicants' space, apart from the partners' sessions: each opens on one
//! application only, found by the hash of its token (the token lives only in the applicant's
//! cookie), ended by its lifetime, by a time without use, by signing out, or with every session
//! of its application (an application erased).

use super::AccessWrite;
use crate::record::{self, StoredRecord, insert};
use crate::statement::{Statement, int, text};
use crate::{Result, Store};
use logis_domain::NumeroUnique;

crate::stored_record! {
    /// An applicant's session (`sessions_demandeurs`): the SHA-256 hex of its token, its
    /// application, when it was opened, when it ends at the latest, when it was last used.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct ApplicantSession in "sessions_demandeurs" {
        pub token_hash: String as "jeton_hache",
        pub numero_unique: NumeroUnique,
        pub created_at: i64 as "cree_le",
        pub expires_at: i64 as "expire_le",
        pub last_seen: i64 as "dernier_acces",
    }
}

/// Opens `session`, and removes the applicants' sessions that ended before (by their lifetime,
/// or unused since `idle_since`).
pub fn open(session: &ApplicantSession, idle_since: i64) -> AccessWrite {
    let ended = Statement::new(
        "DELETE FROM sessions_demandeurs WHERE expire_le <= $1 OR dernier_acces <= $2",
        vec![int(session.created_at), int(idle_since)],
    );
    AccessWrite::of(ended).and(AccessWrite::of(insert(session, &[], None)))
}

/// The session of `token_hash`, if it is still open at `now` and was used since `idle_since`.
pub async fn of(
    store: &dyn Store,
    token_hash: &str,
    now: i64,
    idle_since: i64,
) -> Result<Option<ApplicantSession>> {
    let sql = format!(
        "SELECT {} FROM sessions_demandeurs \
         WHERE jeton_hache = $1 AND expire_le > $2 AND dernier_acces > $3",
        record::select_list::<ApplicantSession>()
    );
    let params = [text(token_hash), int(now), int(idle_since)];
    let rows = store.fetch_access(&sql, &params, ApplicantSession::TYPES).await?;
    rows.into_iter().next().map(ApplicantSession::read).transpose()
}

/// Notes that the session of `token_hash` was used at `now`.
pub fn touch(token_hash: &str, now: i64) -> AccessWrite {
    AccessWrite::of(Statement::new(
        "UPDATE sessions_demandeurs SET dernier_acces = $2 \
         WHERE jeton_hache = $1 AND dernier_acces < $2",
        vec![text(token_hash), int(now)],
    ))
}

/// Closes the session of `token_hash` (nothing when there is none).
pub fn close(token_hash: &str) -> AccessWrite {
    AccessWrite::of(Statement::new(
        "DELETE FROM sessions_demandeurs WHERE jeton_hache = $1",
        vec![text(token_hash)],
    ))
}

/// Ends every session of application `numero`, and forgets its code.
pub fn end_all_of(numero: &NumeroUnique) -> AccessWrite {
    AccessWrite::of(Statement::new(
        "DELETE FROM sessions_demandeurs WHERE numero_unique = $1",
        vec![text(numero.as_str())],
    ))
    .and(super::codes::used(numero))
}

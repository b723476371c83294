//! Sessions of the partners' application, as the access register keeps them: found by the hash
//! of their token (the token itself lives only in the user's cookie), ended by their lifetime,
//! by a time without use, by signing out, or with every session of their account (a password
//! changed, an account deactivated).

use super::AccessWrite;
use crate::record::insert;
use crate::statement::{Statement, int, text};
use logis_access::Login;

crate::stored_record! {
    /// A session (`sessions`): the SHA-256 hex of its token, its account, when it was opened,
    /// when it ends at the latest, and when it was last used (seconds since 1970).
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct StoredSession in "sessions" {
        pub token_hash: String as "jeton_hache",
        pub login: Login,
        pub created_at: i64 as "cree_le",
        pub expires_at: i64 as "expire_le",
        pub last_seen: i64 as "dernier_acces",
    }
}

/// Opens `session`, and removes the sessions that ended before (by their lifetime, or unused
/// since `idle_since`).
pub fn open(session: &StoredSession, idle_since: i64) -> AccessWrite {
    let ended = Statement::new(
        "DELETE FROM sessions WHERE expire_le <= $1 OR dernier_acces <= $2",
        vec![int(session.created_at), int(idle_since)],
    );
    let opened = insert(session, &[], None);
    AccessWrite::of(ended).and(AccessWrite::of(opened))
}

/// Notes that the session of `token_hash` was used at `now`.
pub fn touch(token_hash: &str, now: i64) -> AccessWrite {
    AccessWrite::of(Statement::new(
        "UPDATE sessions SET dernier_acces = $2 WHERE jeton_hache = $1 AND dernier_acces < $2",
        vec![text(token_hash), int(now)],
    ))
}

/// Closes the session of `token_hash` (nothing when there is none).
pub fn close(token_hash: &str) -> AccessWrite {
    AccessWrite::of(Statement::new(
        "DELETE FROM sessions WHERE jeton_hache = $1",
        vec![text(token_hash)],
    ))
}

/// Ends every session of the account `login`.
pub fn end_all_of(login: &str) -> AccessWrite {
    AccessWrite::of(Statement::new("DELETE FROM sessions WHERE login = $1", vec![text(login)]))
}

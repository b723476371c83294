//! The applicant's session, once the code is accepted: a random token for their cookie, kept
//! only as its SHA-256, open on their application alone for at most [`LIFETIME`] seconds and
//! closed after [`IDLE`] seconds without use — never a partner's session.

use logis_access::secret;
use logis_domain::NumeroUnique;
use logis_store::access::applicant_sessions::{self, ApplicantSession};
use logis_store::access::write;
use logis_store::{Store, StoreError};

/// The longest session: two hours.
pub const LIFETIME: i64 = 2 * 60 * 60;
/// A session unused this long is closed: 20 minutes.
pub const IDLE: i64 = 20 * 60;
/// Its last use is written at most this often (seconds).
const TOUCH_EVERY: i64 = 60;

/// A session just opened: the token for the cookie (never logged) and its lifetime.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Opened {
    pub token: String,
    pub lifetime: i64,
}

/// Opens a session on application `numero` at `now`.
pub async fn open(
    store: &dyn Store,
    numero: &NumeroUnique,
    now: i64,
) -> Result<Opened, StoreError> {
    let token = secret::new_token();
    let session = ApplicantSession {
        token_hash: secret::hash(&token),
        numero_unique: numero.clone(),
        created_at: now,
        expires_at: now + LIFETIME,
        last_seen: now,
    };
    write(store, applicant_sessions::open(&session, now - IDLE)).await?;
    Ok(Opened { token, lifetime: LIFETIME })
}

/// The application of the session of `token`, if it is open at `now` (its use noted).
pub async fn application_of(
    store: &dyn Store,
    token: &str,
    now: i64,
) -> Result<Option<NumeroUnique>, StoreError> {
    let hash = secret::hash(token);
    let Some(found) = applicant_sessions::of(store, &hash, now, now - IDLE).await? else {
        return Ok(None);
    };
    if now - found.last_seen >= TOUCH_EVERY {
        write(store, applicant_sessions::touch(&hash, now)).await?;
    }
    Ok(Some(found.numero_unique))
}

/// Closes the session of `token`.
pub async fn close(store: &dyn Store, token: &str) -> Result<(), StoreError> {
    write(store, applicant_sessions::close(&secret::hash(token))).await.map(drop)
}

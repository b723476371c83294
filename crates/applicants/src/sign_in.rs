//! Signing in to the applicants' space with a one-time code: issued after the numéro unique and
//! the titulaire's date of birth are checked, valid [`CODE_LIFETIME`] seconds, used once;
//! [`MOST_ATTEMPTS`] wrong codes lock the space for [`LOCK`] seconds.

use logis_access::secret;
use logis_domain::{Date, Demande, Lien, Membre, NumeroUnique};
use logis_store::access::codes::{self, ApplicantCode};
use logis_store::access::write;
use logis_store::{Store, StoreError, lookup_all};

/// How long a code is valid: 15 minutes.
pub const CODE_LIFETIME: i64 = 15 * 60;
/// How soon a new code may be asked after the last: one minute.
pub const RESEND_AFTER: i64 = 60;
/// Wrong codes before the space locks.
pub const MOST_ATTEMPTS: i64 = 5;
/// How long the space stays locked: 30 minutes.
pub const LOCK: i64 = 30 * 60;

/// Why a sign-in step was refused (each said in French to the applicant).
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum SignInError {
    /// The numéro and the date of birth do not match an application (which one is wrong is
    /// not said).
    #[error(
        "le numéro unique ou la date de naissance ne correspondent à aucune demande enregistrée"
    )]
    Unknown,
    /// Too many wrong codes: locked until then (seconds since 1970).
    #[error(
        "trop d'essais : votre espace est verrouillé pendant 30 minutes ; réessayez ensuite, ou adressez-vous à un guichet d'enregistrement"
    )]
    Locked { until: i64 },
    /// No e-mail on file: the code comes in a letter from a reception desk.
    #[error(
        "aucune adresse électronique n'est enregistrée avec votre demande : un guichet d'enregistrement peut vous remettre votre code dans un courrier"
    )]
    NoEmail,
    #[error("un code vient d'être envoyé : attendez une minute avant d'en demander un autre")]
    TooSoon,
    #[error("ce code n'est plus valable : demandez-en un nouveau")]
    Expired,
    #[error("code incorrect : il vous reste {remaining} essai(s)")]
    Wrong { remaining: i64 },
    #[error("service momentanément indisponible")]
    Store(String),
}

impl From<StoreError> for SignInError {
    fn from(e: StoreError) -> Self {
        SignInError::Store(e.to_string())
    }
}

/// A code issued: the code itself (for the message or the letter, never for a log), where to
/// send it, and until when it is valid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IssuedCode {
    pub numero: NumeroUnique,
    pub code: String,
    /// The e-mail on file, if any (else a letter).
    pub email: Option<String>,
    pub expires_at: i64,
}

/// Checks that `numero` is an application whose titulaire was born on `born`, then keeps a new
/// code for it at `now`, to send to the e-mail on file (refused without one: a reception desk
/// prints the code in a letter instead, [`request_letter_code`]).
pub async fn request_code(
    store: &dyn Store,
    numero: &str,
    born: Date,
    now: i64,
) -> Result<IssuedCode, SignInError> {
    let (numero, demande) = identified(store, numero, born).await?;
    let email = demande.email.filter(|e| !e.trim().is_empty()).ok_or(SignInError::NoEmail)?;
    issue(store, numero, Some(email), now, true).await
}

/// Checks that `numero` is an application whose titulaire was born on `born` (one refusal for
/// both), without issuing a code: the applicant holds one already (a letter).
pub async fn check_identity(
    store: &dyn Store,
    numero: &str,
    born: Date,
) -> Result<NumeroUnique, SignInError> {
    identified(store, numero, born).await.map(|(numero, _)| numero)
}

async fn identified(
    store: &dyn Store,
    numero: &str,
    born: Date,
) -> Result<(NumeroUnique, Demande), SignInError> {
    let numero = NumeroUnique::parse(numero.trim()).map_err(|_| SignInError::Unknown)?;
    let demande = lookup_all::<Demande>(store, &[numero.as_str()])
        .await?
        .into_iter()
        .next()
        .ok_or(SignInError::Unknown)?;
    let members = lookup_all::<(NumeroUnique, Membre)>(store, &[numero.as_str()]).await?;
    let titulaire_born =
        members.iter().find(|(_, m)| m.lien == Lien::Titulaire).map(|(_, m)| m.date_naissance);
    if titulaire_born != Some(born) {
        return Err(SignInError::Unknown);
    }
    Ok((numero, demande))
}

/// Issues a code for application `numero` to print in a letter that a reception desk hands
/// over or posts (the partner asking has reached the application): a code is issued even
/// within a minute of the last, but never while the space is locked.
pub async fn request_letter_code(
    store: &dyn Store,
    numero: &NumeroUnique,
    now: i64,
) -> Result<IssuedCode, SignInError> {
    let found = lookup_all::<Demande>(store, &[numero.as_str()]).await?;
    if found.is_empty() {
        return Err(SignInError::Unknown);
    }
    issue(store, numero.clone(), None, now, false).await
}

/// Keeps a new code for `numero` at `now` (refused while the space is locked, and within
/// [`RESEND_AFTER`] of the last one when `spaced`).
async fn issue(
    store: &dyn Store,
    numero: NumeroUnique,
    email: Option<String>,
    now: i64,
    spaced: bool,
) -> Result<IssuedCode, SignInError> {
    if let Some(kept) = codes::of(store, &numero).await? {
        if let Some(until) = kept.bloque_jusqu_au.filter(|until| *until > now) {
            return Err(SignInError::Locked { until });
        }
        if spaced && now - kept.cree_le < RESEND_AFTER {
            return Err(SignInError::TooSoon);
        }
    }
    let code = secret::new_code();
    let sel = secret::new_token();
    let kept = ApplicantCode {
        numero_unique: numero.clone(),
        code_hache: secret::hash(&format!("{sel}:{code}")),
        sel,
        cree_le: now,
        expire_le: now + CODE_LIFETIME,
        essais: 0,
        bloque_jusqu_au: None,
    };
    write(store, codes::forget_stale(now).and(codes::issue(&kept))).await?;
    Ok(IssuedCode { numero, code, email, expires_at: kept.expire_le })
}

/// Accepts `code` for `numero` at `now`, once; counts a wrong one.
pub async fn verify(
    store: &dyn Store,
    numero: &str,
    code: &str,
    now: i64,
) -> Result<NumeroUnique, SignInError> {
    let numero = NumeroUnique::parse(numero.trim()).map_err(|_| SignInError::Unknown)?;
    let kept = codes::of(store, &numero).await?.ok_or(SignInError::Expired)?;
    if let Some(until) = kept.bloque_jusqu_au.filter(|until| *until > now) {
        return Err(SignInError::Locked { until });
    }
    if now >= kept.expire_le {
        return Err(SignInError::Expired);
    }
    // The attempt is taken before the code is compared: attempts sent at once cannot pass the
    // limit between their reading and their counting.
    if write(store, codes::attempt(&numero, MOST_ATTEMPTS, now, now + LOCK)).await? == 0 {
        return Err(SignInError::Locked { until: now + LOCK });
    }
    let typed: String = code.chars().filter(char::is_ascii_digit).take(6).collect();
    if secret::hash(&format!("{}:{typed}", kept.sel)) != kept.code_hache {
        let remaining = MOST_ATTEMPTS - kept.essais - 1;
        return Err(if remaining <= 0 {
            SignInError::Locked { until: now + LOCK }
        } else {
            SignInError::Wrong { remaining }
        });
    }
    write(store, codes::used(&numero)).await?;
    Ok(numero)
}

//! Account passwords, hashed with Argon2id (the PHC string keeps algorithm, parameters and
//! salt); a password is never stored nor logged.

use argon2::Argon2;
use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};

/// The shortest password accepted, in characters (ANSSI's advice for a password alone).
pub const MINIMUM_LENGTH: usize = 12;
/// The longest password accepted, in characters: a longer one is refused before any hashing,
/// so that a sign-in form cannot be made to hash megabytes.
pub const MAXIMUM_LENGTH: usize = 256;

/// Why a password cannot be used.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum PasswordError {
    #[error("mot de passe trop court : {MINIMUM_LENGTH} caractères au moins")]
    TooShort,
    #[error("mot de passe trop long : {MAXIMUM_LENGTH} caractères au plus")]
    TooLong,
    #[error("le hachage du mot de passe a échoué : {0}")]
    Hashing(String),
}

/// The PHC string (`$argon2id$v=19$…`) of `password`, with a fresh random salt.
pub fn hash(password: &str) -> Result<String, PasswordError> {
    if password.chars().count() < MINIMUM_LENGTH {
        return Err(PasswordError::TooShort);
    }
    if password.chars().count() > MAXIMUM_LENGTH {
        return Err(PasswordError::TooLong);
    }
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| PasswordError::Hashing(e.to_string()))
}

/// Whether `password` is the one hashed in `phc` (false for an unreadable hash, and for a
/// password longer than any that can be set).
pub fn verify(password: &str, phc: &str) -> bool {
    if password.len() > 4 * MAXIMUM_LENGTH {
        return false;
    }
    PasswordHash::new(phc)
        .is_ok_and(|parsed| Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hashed_password_verifies_and_another_does_not() {
        let phc = hash("correct cheval agrafe").expect("hash");
        assert!(phc.starts_with("$argon2id$"), "{phc}");
        assert!(!phc.contains("correct cheval agrafe"));
        assert!(verify("correct cheval agrafe", &phc));
        assert!(!verify("correct cheval agrafé", &phc));
        assert!(!verify("correct cheval agrafe", "pas un hachage"));
    }

    #[test]
    fn each_hash_has_its_own_salt() {
        assert_ne!(hash("douze caractères").unwrap(), hash("douze caractères").unwrap());
    }

    #[test]
    fn short_passwords_are_refused() {
        assert_eq!(hash("onze carac."), Err(PasswordError::TooShort));
        assert!(hash("douze carac.").is_ok());
        assert_eq!(hash(&"x".repeat(MAXIMUM_LENGTH + 1)), Err(PasswordError::TooLong));
        assert!(!verify(&"x".repeat(10_000), &hash("douze carac.").unwrap()));
    }
}

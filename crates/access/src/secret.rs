//! The secrets that open Logis without a password: a new random token (a session's cookie, an
//! API token), shown once and never kept, and its SHA-256 in hexadecimal, which the store
//! keeps and finds it by.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use rand::{Rng, RngCore};
use sha2::{Digest, Sha256};

/// A new random token (256 bits, URL-safe text).
pub fn new_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

/// The SHA-256 of `text`, in hexadecimal: what the store keeps of a token.
pub fn hash(text: &str) -> String {
    Sha256::digest(text.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}

/// A one-time code of six digits an applicant types (`042913`), drawn by the operating
/// system's generator.
pub fn new_code() -> String {
    format!("{:06}", rand::rng().random_range(0..1_000_000u32))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_new_each_time_and_hashed_as_sha256() {
        let (a, b) = (new_token(), new_token());
        assert_ne!(a, b);
        assert_eq!(a.len(), 43, "256 bits in unpadded base64");
        // SHA-256 of "abc" (FIPS 180-2, appendix B.1).
        assert_eq!(hash("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    #[test]
    fn codes_are_six_digits_and_vary() {
        let drawn: std::collections::HashSet<String> = (0..50).map(|_| new_code()).collect();
        assert!(drawn.iter().all(|c| c.len() == 6 && c.chars().all(|d| d.is_ascii_digit())));
        assert!(drawn.len() > 40, "50 draws of a million give (almost) 50 codes");
    }
}

//! Session tokens: random, sent only in an HttpOnly, Secure, SameSite=Strict cookie, stored as
//! their SHA-256; the CSRF token of a session is derived from its token, so forms carry a value
//! an attacker's page cannot read or guess.

pub use logis_access::secret::{hash, new_token};

/// The session cookie's name.
pub const COOKIE: &str = "logis_session";
/// The form field and header that carry the CSRF token.
pub const CSRF_FIELD: &str = "_csrf";
pub const CSRF_HEADER: &str = "x-csrf-token";

/// The CSRF token of the session of `token`.
pub fn csrf_of(token: &str) -> String {
    hash(&format!("logis-csrf:{token}"))
}

/// The `Set-Cookie` value that opens a session of `lifetime` seconds at most.
pub fn set_cookie(token: &str, lifetime: i64) -> String {
    format!("{COOKIE}={token}; Path=/; HttpOnly; Secure; SameSite=Strict; Max-Age={lifetime}")
}

/// The `Set-Cookie` value that ends it in the browser.
pub fn clear_cookie() -> String {
    format!("{COOKIE}=; Path=/; HttpOnly; Secure; SameSite=Strict; Max-Age=0")
}

/// The session token in a `Cookie` header, if any.
pub fn token_in(cookie_header: &str) -> Option<&str> {
    cookie_header
        .split(';')
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == COOKIE)
        .map(|(_, value)| value)
        .filter(|value| !value.is_empty())
}

/// Compares two secrets in a time that does not depend on where they differ.
pub fn same_secret(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_session_s_csrf_token_is_its_own_and_not_its_stored_hash() {
        let (a, b) = (new_token(), new_token());
        assert_eq!(csrf_of(&a), csrf_of(&a));
        assert_ne!(csrf_of(&a), csrf_of(&b));
        assert_ne!(csrf_of(&a), hash(&a), "the stored hash does not give the CSRF token");
    }

    #[test]
    fn the_token_is_found_among_other_cookies() {
        assert_eq!(token_in("a=1; logis_session=abc; b=2"), Some("abc"));
        assert_eq!(token_in("logis_session="), None);
        assert_eq!(token_in("autre=abc"), None);
    }

    #[test]
    fn the_cookie_is_protected() {
        let cookie = set_cookie("abc", 36_000);
        for flag in ["HttpOnly", "Secure", "SameSite=Strict", "Path=/"] {
            assert!(cookie.contains(flag), "{cookie} sans {flag}");
        }
    }

    #[test]
    fn secrets_compare_exactly() {
        assert!(same_secret("abc", "abc"));
        assert!(!same_secret("abc", "abd"));
        assert!(!same_secret("abc", "abcd"));
    }
}

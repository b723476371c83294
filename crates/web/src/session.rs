//! Session tokens: random, sent only in an HttpOnly, Secure, SameSite=Strict cookie, stored as
//! their SHA-256; the CSRF token of a session is derived from its token, so forms carry a value
//! an attacker's page cannot read or guess.

pub use logis_access::secret::{hash, new_token};

/// The session cookie's name.
pub const COOKIE: &str = "logis_session";
/// The applicant's session cookie: another name, sent only to the applicants' space.
pub const APPLICANT_COOKIE: &str = "logis_demandeur";
/// Where the applicants' space lives (its cookie's path).
pub const APPLICANT_SPACE: &str = "/demandeur";
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

/// The `Set-Cookie` value that opens an applicant's session of `lifetime` seconds at most, sent
/// back only to the applicants' space.
pub fn set_applicant_cookie(token: &str, lifetime: i64) -> String {
    format!(
        "{APPLICANT_COOKIE}={token}; Path={APPLICANT_SPACE}; HttpOnly; Secure; SameSite=Strict; Max-Age={lifetime}"
    )
}

/// The `Set-Cookie` value that ends the applicant's session in the browser.
pub fn clear_applicant_cookie() -> String {
    format!(
        "{APPLICANT_COOKIE}=; Path={APPLICANT_SPACE}; HttpOnly; Secure; SameSite=Strict; Max-Age=0"
    )
}

/// The session token in a `Cookie` header, if any.
pub fn token_in(cookie_header: &str) -> Option<&str> {
    cookie_named(cookie_header, COOKIE)
}

/// The value of cookie `name` in a `Cookie` header, if any.
pub fn cookie_named<'h>(cookie_header: &'h str, name: &str) -> Option<&'h str> {
    cookie_header
        .split(';')
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(found, _)| *found == name)
        .map(|(_, value)| value)
        .filter(|value| !value.is_empty())
}

/// The token of cookie `name` among a request's `Cookie` headers.
pub fn cookie_in<'h>(headers: &'h axum::http::HeaderMap, name: &str) -> Option<&'h str> {
    headers
        .get_all(axum::http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|header| cookie_named(header, name))
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
        assert_eq!(token_in("logis_demandeur=abc"), None, "an applicant's is not a partner's");
        assert_eq!(
            cookie_named("logis_session=x; logis_demandeur=abc", APPLICANT_COOKIE),
            Some("abc")
        );
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

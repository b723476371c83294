//! What is checked of an account before anything else (and before a command asks for its
//! password), besides its login ([`logis_access::Login`]): its role, the commune it is
//! attached to.

use logis_access::{Login, Role};

/// The role of a code, or the French refusal listing the codes.
pub fn role_of(code: &str) -> Result<Role, String> {
    Role::from_code(code).ok_or_else(|| {
        let codes: Vec<&str> = Role::ALL.iter().map(|r| r.code()).collect();
        format!("rôle inconnu « {code} » : choisissez parmi {}", codes.join(", "))
    })
}

/// Checks that `code` is the INSEE code of a commune of France.
pub fn check_commune(code: &str) -> Result<(), String> {
    if logis_domain::communes::all().any(|c| c.insee == code) {
        Ok(())
    } else {
        let shown: String = code.chars().take(Login::MAX).collect();
        Err(format!("commune inconnue « {shown} » : indiquez son code INSEE (5 caractères)"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_and_communes_are_checked_in_french() {
        assert_eq!(role_of("bailleur"), Ok(Role::Bailleur));
        assert!(role_of("chef").unwrap_err().contains("administrateur"));
        assert!(check_commune("82033").is_ok(), "Castelsarrasin");
        assert!(check_commune("82999").unwrap_err().contains("commune inconnue"));
    }
}

//! What is checked of an account before anything else (and before a command asks for its
//! password): its login, its role, the commune it is attached to.

use logis_access::Role;

/// The longest login, in characters.
pub const LOGIN_MAX: usize = 64;

/// Checks a login: 1 to [`LOGIN_MAX`] letters, digits, `.`, `-`, `_` or `@`.
pub fn check_login(login: &str) -> Result<(), String> {
    let allowed = |c: char| c.is_alphanumeric() || matches!(c, '.' | '-' | '_' | '@');
    if login.is_empty() || login.chars().count() > LOGIN_MAX || !login.chars().all(allowed) {
        let shown: String = login.chars().take(LOGIN_MAX).collect();
        return Err(format!(
            "identifiant « {shown} » refusé : de 1 à {LOGIN_MAX} lettres, chiffres, points, tirets, soulignés ou @, sans espace"
        ));
    }
    Ok(())
}

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
        let shown: String = code.chars().take(LOGIN_MAX).collect();
        Err(format!("commune inconnue « {shown} » : indiquez son code INSEE (5 caractères)"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn logins_roles_and_communes_are_checked_in_french() {
        assert!(check_login("agent.epci@cctc").is_ok());
        assert!(check_login("deux mots").unwrap_err().contains("sans espace"));
        assert!(check_login(&"a".repeat(LOGIN_MAX + 1)).is_err());
        assert_eq!(role_of("bailleur"), Ok(Role::Bailleur));
        assert!(role_of("chef").unwrap_err().contains("administrateur"));
        assert!(check_commune("82033").is_ok(), "Castelsarrasin");
        assert!(check_commune("82999").unwrap_err().contains("commune inconnue"));
    }
}

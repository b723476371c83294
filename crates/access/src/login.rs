//! An account's login: 1 to 64 letters, digits, `.`, `-`, `_` or `@`, without space — checked
//! once, where it is typed (the users' page, `logis user`), then carried as a [`Login`].

use std::fmt;

/// The login of an account of the partners' application.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Login(String);

impl Login {
    /// The longest login, in characters.
    pub const MAX: usize = 64;

    /// `typed` as a login, or the French refusal saying what a login is.
    pub fn parse(typed: &str) -> Result<Login, String> {
        let allowed = |c: char| c.is_alphanumeric() || matches!(c, '.' | '-' | '_' | '@');
        let length = typed.chars().count();
        if length == 0 || length > Self::MAX || !typed.chars().all(allowed) {
            let shown: String = typed.chars().take(Self::MAX).collect();
            return Err(format!(
                "identifiant « {shown} » refusé : de 1 à {} lettres, chiffres, points, tirets, soulignés ou @, sans espace",
                Self::MAX
            ));
        }
        Ok(Login(typed.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Login {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl AsRef<str> for Login {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl PartialEq<str> for Login {
    fn eq(&self, other: &str) -> bool {
        self.0 == other
    }
}

impl PartialEq<&str> for Login {
    fn eq(&self, other: &&str) -> bool {
        self.0 == *other
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_login_is_a_word_of_letters_digits_and_a_few_signs() {
        assert_eq!(
            Login::parse("agent.epci@cctc").map(|l| l.to_string()),
            Ok("agent.epci@cctc".into())
        );
        assert!(Login::parse("Zoé_2").is_ok(), "accented letters are letters");
        assert!(Login::parse("deux mots").unwrap_err().contains("sans espace"));
        assert!(Login::parse("").is_err());
        assert!(Login::parse(&"a".repeat(Login::MAX + 1)).is_err());
        assert!(Login::parse("a/b").is_err());
    }
}

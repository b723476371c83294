//! Identifiers as newtypes with a `parse` constructor, so that an invalid one cannot exist.

use std::fmt;

/// Why an identifier was refused; the message is French, for users.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IdError {
    #[error("identifiant vide")]
    Empty,
    #[error("identifiant trop long ({0} caractères, 64 au plus)")]
    TooLong(usize),
    #[error("l'identifiant contient un caractère de contrôle")]
    Control,
    #[error(
        "code commune INSEE invalide : 5 caractères attendus (chiffres, ou 2A/2B pour la Corse), par exemple `82033`"
    )]
    Insee,
}

/// Longest identifier accepted: generous for RPLS and SIREN codes, bounded against garbage.
const MAX_ID_LEN: usize = 64;

fn check_text_id(raw: &str) -> Result<String, IdError> {
    let value = raw.trim();
    if value.is_empty() {
        return Err(IdError::Empty);
    }
    let len = value.chars().count();
    if len > MAX_ID_LEN {
        return Err(IdError::TooLong(len));
    }
    if value.chars().any(char::is_control) {
        return Err(IdError::Control);
    }
    Ok(value.to_owned())
}

macro_rules! text_id {
    ($(#[$meta:meta])* $name:ident) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name(String);

        impl $name {
            /// Trims the value and checks it is a usable identifier.
            pub fn parse(raw: &str) -> Result<Self, IdError> {
                check_text_id(raw).map(Self)
            }

            pub fn as_str(&self) -> &str {
                &self.0
            }

            /// The identifier's text, moved out.
            pub fn into_string(self) -> String {
                self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl From<&$name> for String {
            fn from(id: &$name) -> String {
                id.0.clone()
            }
        }

        impl PartialEq<str> for $name {
            fn eq(&self, other: &str) -> bool {
                self.0 == other
            }
        }

        impl PartialEq<&str> for $name {
            fn eq(&self, other: &&str) -> bool {
                self.0 == *other
            }
        }
    };
}

text_id! {
    /// The numéro unique of an application (national registration number).
    NumeroUnique
}
text_id! {
    /// An organisation's stable identifier (SIREN or short code).
    OrganismeId
}
text_id! {
    /// A dwelling's identifier (RPLS or the landlord's own).
    LogementId
}

/// An INSEE commune code: five characters, digits, or `2A`/`2B` then three digits.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CodeInsee(String);

impl CodeInsee {
    pub fn parse(raw: &str) -> Result<Self, IdError> {
        let value = raw.trim().to_ascii_uppercase();
        let bytes = value.as_bytes();
        let valid = bytes.len() == 5
            && (bytes[..2].iter().all(u8::is_ascii_digit)
                || bytes[..2] == *b"2A"
                || bytes[..2] == *b"2B")
            && bytes[2..].iter().all(u8::is_ascii_digit);
        if valid { Ok(Self(value)) } else { Err(IdError::Insee) }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The code's text, moved out.
    pub fn into_string(self) -> String {
        self.0
    }
}

impl fmt::Display for CodeInsee {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn insee_codes_accept_digits_and_corsica() {
        assert_eq!(CodeInsee::parse(" 82033 ").map(|c| c.to_string()), Ok("82033".into()));
        assert_eq!(CodeInsee::parse("2a004").map(|c| c.to_string()), Ok("2A004".into()));
        assert_eq!(CodeInsee::parse("8203"), Err(IdError::Insee));
        assert_eq!(CodeInsee::parse("820334"), Err(IdError::Insee));
        assert_eq!(CodeInsee::parse("2C004"), Err(IdError::Insee));
        assert_eq!(CodeInsee::parse("82a33"), Err(IdError::Insee));
    }

    #[test]
    fn text_ids_are_trimmed_and_bounded() {
        assert_eq!(NumeroUnique::parse("  082 "), Ok(NumeroUnique("082".into())));
        assert_eq!(NumeroUnique::parse("   "), Err(IdError::Empty));
        assert_eq!(OrganismeId::parse(&"x".repeat(65)), Err(IdError::TooLong(65)));
        assert_eq!(LogementId::parse("a\u{0}b"), Err(IdError::Control));
    }
}

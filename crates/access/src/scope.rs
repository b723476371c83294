//! What an API token may be used for. A token carries the rights of its account, narrowed to
//! one scope chosen when it is issued: reading only, allocation, import, or everything the
//! account may do (administration).

use std::fmt;

/// The scope of an API token.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TokenScope {
    /// Reads only (lists, files, statistics, candidates).
    Lecture,
    /// Reads, and the steps of allocation (vacancies, commissions, offers, leases).
    Attribution,
    /// Reads, and imports of file sets.
    Import,
    /// Everything the account's role allows.
    Administration,
}

/// What a request does, as far as a token's scope is concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenUse {
    /// A read (`GET`).
    Read,
    /// A step of allocation.
    Allocate,
    /// An import.
    Import,
    /// Any other write (notes, labels, settings…).
    Write,
}

impl TokenScope {
    /// Every scope, in the order they are offered.
    pub const ALL: [TokenScope; 4] = [
        TokenScope::Lecture,
        TokenScope::Attribution,
        TokenScope::Import,
        TokenScope::Administration,
    ];

    /// The code stored and typed on the command line.
    pub fn code(self) -> &'static str {
        match self {
            TokenScope::Lecture => "lecture",
            TokenScope::Attribution => "attribution",
            TokenScope::Import => "import",
            TokenScope::Administration => "administration",
        }
    }

    /// The French label shown to users.
    pub fn label(self) -> &'static str {
        match self {
            TokenScope::Lecture => "lecture seule",
            TokenScope::Attribution => "lecture et attributions",
            TokenScope::Import => "lecture et imports",
            TokenScope::Administration => "tous les droits du compte",
        }
    }

    /// The scope of a code, if it is one.
    pub fn from_code(code: &str) -> Option<TokenScope> {
        TokenScope::ALL.into_iter().find(|s| s.code() == code)
    }

    /// Whether a token of this scope may be used for `u` (the account's role must allow it
    /// too).
    pub fn permits(self, u: TokenUse) -> bool {
        matches!(
            (self, u),
            (_, TokenUse::Read)
                | (TokenScope::Administration, _)
                | (TokenScope::Attribution, TokenUse::Allocate)
                | (TokenScope::Import, TokenUse::Import)
        )
    }
}

impl fmt::Display for TokenScope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_read_back() {
        for scope in TokenScope::ALL {
            assert_eq!(TokenScope::from_code(scope.code()), Some(scope));
        }
        assert_eq!(TokenScope::from_code("tout"), None);
    }

    #[test]
    fn each_scope_permits_reads_and_its_own_writes_only() {
        use TokenUse::*;
        let permitted = |scope: TokenScope| -> Vec<TokenUse> {
            [Read, Allocate, Import, Write].into_iter().filter(|u| scope.permits(*u)).collect()
        };
        assert_eq!(permitted(TokenScope::Lecture), [Read]);
        assert_eq!(permitted(TokenScope::Attribution), [Read, Allocate]);
        assert_eq!(permitted(TokenScope::Import), [Read, Import]);
        assert_eq!(permitted(TokenScope::Administration), [Read, Allocate, Import, Write]);
    }
}

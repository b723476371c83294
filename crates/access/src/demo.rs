//! The demonstration's accounts: one per role, with a password published in the README, so
//! that anyone can try every partner's view of the demo territory. They may exist only in a
//! database that `logis demo` created itself; the server refuses to start on any other
//! database that holds one.

use crate::Role;

/// A demo account: login, published password, role.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DemoAccount {
    pub login: &'static str,
    pub password: &'static str,
    pub role: Role,
}

/// The demo accounts, one per role.
pub const ACCOUNTS: [DemoAccount; 6] = [
    DemoAccount { login: "admin", password: "demo-administrateur", role: Role::Administrateur },
    DemoAccount { login: "guichet", password: "demo-guichet-moissac", role: Role::Guichet },
    DemoAccount { login: "bailleur", password: "demo-bailleur-social", role: Role::Bailleur },
    DemoAccount { login: "reservataire", password: "demo-reservataire", role: Role::Reservataire },
    DemoAccount {
        login: "social",
        password: "demo-travailleur-social",
        role: Role::TravailleurSocial,
    },
    DemoAccount { login: "observateur", password: "demo-observateur", role: Role::Observateur },
];

/// The published password of a demo login, if `login` is one.
pub fn published_password(login: &str) -> Option<&'static str> {
    ACCOUNTS.iter().find(|a| a.login == login).map(|a| a.password)
}

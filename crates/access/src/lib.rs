//! Who may do what in Logis, checked in this one place: the accounts' logins ([`Login`]), the
//! partners' roles ([`Role`]), what
//! each one reaches ([`Permissions`]: which applications, whether personal data, which
//! actions), which landlords' allocation work it reaches ([`Perimeter`]), what an API token may
//! be used for ([`TokenScope`]), the demonstration's accounts ([`demo`]), the hashing of
//! account passwords ([`password`], Argon2id) and the random tokens of sessions and API
//! tokens ([`secret`]).

pub mod demo;
mod login;
pub mod password;
mod perimeter;
mod role;
mod scope;
pub mod secret;

pub use login::Login;
pub use perimeter::Perimeter;
pub use role::{Attachment, MissingAttachment, Permissions, Reach, Role};
pub use scope::{TokenScope, TokenUse};

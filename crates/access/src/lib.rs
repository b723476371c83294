//! Who may do what in Logis: the partners' roles ([`Role`]), what each one reaches
//! ([`Permissions`]: which applications, whether personal data, which actions), checked in
//! this one place, and the hashing of account passwords ([`password`], Argon2id).

pub mod password;
mod role;

pub use role::{Attachment, Permissions, Reach, Role};

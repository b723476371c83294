//! The protection of personal data that a territory sets in Logis ([`settings`]): how long an
//! unused session stays open, how large an import may be, how long personal data are kept
//! after an application leaves the register and the audit log's lines, and under which count
//! a statistic is kept secret; the nightly purge ([`purge`]); an applicant's data gathered on
//! request ([`applicant`]).

pub mod applicant;
pub mod purge;
pub mod settings;

pub use settings::PrivacySettings;

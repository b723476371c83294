//! The partners' work on applications, as the web application reads and writes it: the list
//! of applications searched and sorted ([`search`]), the households a social worker follows
//! ([`followups`]), possible duplicates and their keys ([`duplicates`], [`duplicate_keys`]),
//! priority labels with their evidence ([`labels`]), the applicants' evidence documents
//! ([`documents`]), partners' notes and the changes made in Logis ([`notes`]), renewals and
//! strikings-off ([`renewal`]), the applications past the « délai anormalement long »
//! ([`overdue`]). Written once over the store's two primitives ([`crate::Store::fetch`],
//! [`crate::Store::execute`]).

#[cfg(feature = "conformance")]
pub mod conformance;
#[cfg(feature = "conformance")]
pub mod conformance_documents;
#[cfg(feature = "conformance")]
pub mod conformance_duplicates;
pub mod desk;
pub mod documents;
pub mod duplicate_keys;
pub mod duplicates;
pub mod followups;
pub mod labels;
pub mod notes;
pub mod notices;
pub mod overdue;
pub mod renewal;
pub mod search;

//! The partners' work on applications, as the web application reads and writes it: the list of
//! applications searched and sorted ([`search`]), the households a social worker follows
//! ([`followups`]), possible duplicates ([`duplicates`]), priority labels with their evidence ([`labels`]), partners' notes and the
//! changes made in Logis ([`notes`]). Written once over the store's two primitives ([`crate::Store::fetch`], [`crate::Store::execute`]).

#[cfg(feature = "conformance")]
pub mod conformance;
#[cfg(feature = "conformance")]
pub mod conformance_duplicates;
pub mod duplicate_keys;
pub mod duplicates;
pub mod followups;
pub mod labels;
pub mod notes;
pub mod overdue;
pub mod renewal;
pub mod search;

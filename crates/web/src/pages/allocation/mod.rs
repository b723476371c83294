//! Allocation in the partners' application: a landlord's dwellings and the vacancies it
//! declares ([`dwellings`]), a vacancy with its candidates as a comparison table
//! ([`candidates`]) and « pourquoi pas ? » ([`vacancies`]), the offer, the answer, the lease
//! and the withdrawal ([`offers`]), commission sessions and the landlord's contact
//! ([`commissions`]) with their decisions ([`decisions`]) and their procès-verbal and letters
//! as PDF ([`documents`]), the lines they show ([`view`]), their tables' order ([`sorting`]).
//! Every step goes through `logis_allocation::workflow`, as the API's do (`crate::steps`).

pub mod candidates;
pub mod commissions;
pub mod decisions;
pub mod documents;
pub mod dwellings;
pub mod offers;
pub mod sorting;
pub mod vacancies;
pub mod view;

pub use crate::steps::{author_of, step_refusal, typed_date};

//! Allocation in the partners' application (issue 6): a landlord's dwellings and the vacancies
//! it declares ([`dwellings`]), a vacancy with its ranked candidates and « pourquoi pas ? »
//! ([`vacancies`]), the offer, the answer and the lease ([`offers`]), commission sessions
//! ([`commissions`]) with their decisions ([`decisions`]) and their procès-verbal and letters as
//! PDF ([`documents`]). Every step goes through `logis_allocation::workflow`, as the API and the
//! command line do.

pub mod commissions;
pub mod decisions;
pub mod documents;
pub mod dwellings;
pub mod offers;
pub mod vacancies;
pub mod view;

pub use crate::steps::{author_of, step_refusal, typed_date};

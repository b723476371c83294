//! Allocation's records, written once over the store's two primitives, their columns declared
//! by `stored_record!` and their numbers and codes typed (`logis_domain::allocation`): the
//! candidates' index read for one dwelling ([`candidates`]), vacancies declared by landlords
//! ([`vacancies`]), commission sessions with their agenda and decisions ([`commissions`]), the
//! offers with the applicant's answer and the lease ([`offers`]), and the year's allocations so
//! far counted in SQL for the objectives followed live ([`progress`]).

pub mod candidates;
pub mod commissions;
#[cfg(feature = "conformance")]
pub mod conformance;
pub mod dwellings;
pub mod offers;
pub mod progress;
pub mod vacancies;

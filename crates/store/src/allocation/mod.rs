//! Allocation's records (issue 6), written once over the store's two primitives: the
//! candidates' index read for one dwelling ([`candidates`]), vacancies declared by landlords
//! ([`vacancies`]), commission sessions with their agenda and decisions ([`commissions`]), and
//! the offers with the applicant's answer and the lease ([`offers`]).

pub mod candidates;
pub mod commissions;
#[cfg(feature = "conformance")]
pub mod conformance;
pub mod offers;
pub mod progress;
pub mod vacancies;

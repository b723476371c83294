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
pub mod examination;
pub mod offers;
pub mod scope;
pub mod vacancies;
pub mod view;

use crate::render::Refusal;
use logis_allocation::workflow::{Author, StepError};

/// A step's refusal as the pages answer it (the form's errors are shown by the page itself).
pub fn step_refusal(error: StepError) -> Refusal {
    match error {
        StepError::NotFound(_) => Refusal::NotFound,
        StepError::Refused(reasons) => Refusal::Invalid(reasons.join(" ; ")),
        StepError::Store(e) => Refusal::from(e),
    }
}

/// The author of a step: the account, now.
pub fn author_of(principal: &crate::guard::Principal, clock: &dyn logis_domain::Clock) -> Author {
    Author { login: principal.login.clone(), moment: clock.unix() }
}

/// A date typed in a form (`AAAA-MM-JJ`, as date fields send it, or `JJ/MM/AAAA`).
pub fn typed_date(text: &str) -> Option<logis_domain::Date> {
    logis_exchange::values::parse_date(text.trim()).ok()
}

//! What the pages and the API share to take allocation's steps (`logis_allocation::workflow`):
//! the author of a step (the account, its perimeter, now), a step's refusal as a [`Refusal`],
//! a perimeter's answer as one, a date as forms and JSON bodies type it, and the recording of
//! a commission's decisions examined on the session's day ([`decide_on_session_day`]).

use crate::guard::Principal;
use crate::render::Refusal;
use crate::state::AppState;
use logis_allocation::commission::Proposed;
use logis_allocation::workflow::decisions::{commission, decide};
use logis_allocation::workflow::vacancy::with_dwelling;
use logis_allocation::workflow::{Author, StepError};
use logis_domain::Clock;
use logis_domain::allocation::{CommissionId, Exception, VacancyId};

/// A step's refusal as the pages and the API answer it (a page shows the form's errors itself).
pub fn step_refusal(error: StepError) -> Refusal {
    match error {
        StepError::NotFound(_) => Refusal::NotFound,
        StepError::Forbidden => Refusal::Forbidden,
        StepError::Refused(reasons) => Refusal::Invalid(reasons.join(" ; ")),
        StepError::Store(e) => Refusal::from(e),
    }
}

/// The author of a step: the account, what it reaches, now.
pub fn author_of(principal: &Principal, clock: &dyn Clock) -> Author {
    Author {
        login: principal.login.clone(),
        perimeter: principal.perimeter(),
        moment: clock.unix(),
    }
}

/// `Ok` when the perimeter allows it, else the refusal of a page out of reach.
pub fn allowed(allowed: bool) -> Result<(), Refusal> {
    if allowed { Ok(()) } else { Err(Refusal::Forbidden) }
}

/// A date typed in a form (`AAAA-MM-JJ`, as date fields send it, or `JJ/MM/AAAA`).
pub fn typed_date(text: &str) -> Option<logis_domain::Date> {
    logis_exchange::values::parse_date(text.trim()).ok()
}

/// Records the decisions `proposed` of session `ligne` on vacancy `vacance`, the candidates
/// examined on the session's day — its year's income ceilings (the pages and the API).
pub async fn decide_on_session_day(
    state: &AppState,
    principal: &Principal,
    ligne: CommissionId,
    vacance: VacancyId,
    proposed: Vec<Proposed>,
    exception: Option<Exception>,
) -> Result<(), StepError> {
    let store = &*state.store;
    let author = author_of(principal, &*state.clock);
    let session = commission(store, ligne).await?;
    // Another landlord's session is refused before anything else is read of it.
    author.check_manages(&session.bailleur)?;
    let (vacancy, dwelling) = with_dwelling(store, vacance).await?;
    let exam = crate::examination::on(state, &vacancy, &dwelling, session.date_seance).await?;
    decide(store, ligne, vacance, proposed, exception, &exam.context(), &author).await
}

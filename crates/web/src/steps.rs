//! What the pages and the API share to take allocation's steps (`logis_allocation::workflow`):
//! the author of a step (the account, its perimeter, now), a step's refusal as a [`Refusal`],
//! a perimeter's answer as one, a date as forms and JSON bodies type it, and the recording of
//! a commission's decisions examined on the session's day ([`decide_on_session_day`]).

use crate::guard::Principal;
use crate::render::Refusal;
use logis_allocation::workflow::{Author, StepError};
use logis_domain::Clock;

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
    state: &crate::state::AppState,
    principal: &Principal,
    ligne: logis_domain::allocation::CommissionId,
    vacance: logis_domain::allocation::VacancyId,
    proposed: Vec<logis_allocation::commission::Proposed>,
    exception: Option<logis_domain::allocation::Exception>,
) -> Result<(), StepError> {
    let store = &*state.store;
    let author = author_of(principal, &*state.clock);
    let session = logis_store::allocation::commissions::one(store, ligne)
        .await?
        .ok_or_else(|| StepError::NotFound(format!("aucune commission n° {ligne}")))?;
    // Another landlord's session is refused before anything else is read of it.
    author.check_manages(&session.bailleur)?;
    let (vacancy, dwelling) =
        logis_allocation::workflow::vacancy::with_dwelling(store, vacance).await?;
    let exam = crate::examination::on(state, &vacancy, &dwelling, session.date_seance).await?;
    let context = exam.context();
    logis_allocation::workflow::decisions::decide(
        store, ligne, vacance, proposed, exception, &context, &author,
    )
    .await
}

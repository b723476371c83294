//! The partners' work (`logis_casework`: notes, priority labels, follow-ups) seen from the
//! pages and the API: the signed-in account as the worker, the forms as sent, a refusal as the
//! web's, and the cotation recomputed when a label changed a score.

use crate::guard::{Origin, Principal};
use crate::render::Refusal;
use crate::state::AppState;
use logis_casework::labels::AskedLabel;
use logis_casework::{CaseworkError, Worker};
use serde::Deserialize;

pub use logis_casework::labels::MAX_EVIDENCE;
pub use logis_casework::notes::MAX_NOTE;

/// `principal`, acting from `origin` now.
pub fn worker<'a>(state: &AppState, principal: &'a Principal, origin: &'a Origin) -> Worker<'a> {
    Worker {
        login: &principal.login,
        role: principal.role,
        organisme: principal.organisme.as_deref(),
        origin: &origin.0,
        at: state.clock.unix(),
    }
}

impl From<CaseworkError> for Refusal {
    fn from(e: CaseworkError) -> Self {
        match e {
            CaseworkError::Invalid(errors) => Refusal::BadRequest(errors.join(" ")),
            CaseworkError::Forbidden => Refusal::Forbidden,
            CaseworkError::UnknownApplication => Refusal::NotFound,
            CaseworkError::Store(e) => e.into(),
        }
    }
}

/// A note as sent.
#[derive(Deserialize)]
pub struct NoteForm {
    #[serde(default)]
    pub texte: String,
}

/// A label as sent.
#[derive(Debug, Default, Deserialize)]
pub struct LabelForm {
    #[serde(default)]
    pub critere: String,
    #[serde(default)]
    pub justificatif: String,
}

impl LabelForm {
    pub fn asked(&self) -> AskedLabel<'_> {
        AskedLabel { critere: &self.critere, justificatif: &self.justificatif }
    }
}

/// How long a label's page waits for the new score before it answers (the recomputation
/// goes on after, and the file says so).
pub const RESCORING_WAIT: std::time::Duration = std::time::Duration::from_secs(3);

/// After a label recognised or withdrawn: the score, the candidates' index and the bilan
/// follow; waits a little for the new score.
pub async fn rescore(state: &AppState) {
    state.data_changed();
    state.rescorer.request(state.store.clone(), state.clock.clone());
    state.rescorer.settled(RESCORING_WAIT).await;
}

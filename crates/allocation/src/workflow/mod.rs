//! The steps from a vacant dwelling to a signed lease, each checked then written, the same for
//! the pages and the API: declare or withdraw a vacancy ([`vacancy`]), hold a commission's
//! session ([`sessions`]), record its decisions on a dwelling ([`decisions`]), offer the
//! dwelling, record the applicant's answer and the lease ([`offers`]). Every step checks that
//! its author's perimeter manages the landlord concerned ([`Author::check_manages`], else
//! [`StepError::Forbidden`]), then its rules, and writes in one transaction, the application's
//! history (its timeline) included; the callers write the audit log.

pub mod decisions;
pub mod offers;
pub mod sessions;
pub mod vacancy;

use logis_access::Perimeter;
use logis_domain::work::EventNature;
use logis_domain::{NumeroUnique, OrganismeId};

use logis_store::StoreError;
use logis_store::dossiers::notes::{self, Event};
use logis_store::statement::Statement;

/// Why a step was not taken.
#[derive(Debug, thiserror::Error)]
pub enum StepError {
    /// What the user must change, in French (nothing was written).
    #[error("{}", .0.join(" ; "))]
    Refused(Vec<String>),
    /// Something the user named does not exist.
    #[error("{0}")]
    NotFound(String),
    /// The author's perimeter does not manage the landlord concerned (nothing was written).
    #[error("ce logement ou cette commission relève d'un bailleur que votre compte ne gère pas")]
    Forbidden,
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl StepError {
    pub fn refused(message: impl Into<String>) -> Self {
        StepError::Refused(vec![message.into()])
    }
}

/// Who takes a step, what their account reaches, and when (seconds since 1970).
#[derive(Debug, Clone)]
pub struct Author {
    pub login: String,
    pub perimeter: Perimeter,
    pub moment: i64,
}

impl Author {
    /// Refuses the step unless the author manages what belongs to `landlord`.
    pub fn check_manages(&self, landlord: &OrganismeId) -> Result<(), StepError> {
        if self.perimeter.manages(landlord.as_str()) { Ok(()) } else { Err(StepError::Forbidden) }
    }

    /// The statement that writes an event of the application's history.
    pub fn event(&self, numero: &NumeroUnique, nature: EventNature, detail: String) -> Statement {
        notes::write_event(&Event {
            numero_unique: numero.clone(),
            moment: self.moment,
            auteur: self.login.clone(),
            nature,
            detail,
        })
    }
}

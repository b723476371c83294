//! The domain model of Logis: applications, households, dwellings, organisations,
//! allocations and income thresholds, with the derived values that every module shares
//! (consumption units, resources per UC, quartile, composition, age band, priority,
//! activity at a date). Pure Rust: no IO, no async, no database; time comes in as a
//! parameter.

pub mod allocation;
pub mod amount;
pub mod attribution;
pub mod calendar;
pub mod chunked;
pub mod clock;
pub mod codes;
pub mod communes;
pub mod convention;
pub mod demande;
#[cfg(any(test, feature = "fixtures"))]
pub mod fixtures;
pub mod french;
pub mod household;
pub mod ids;
pub mod iso_date;
pub mod logement;
pub mod organisme;
pub mod seuils;
pub mod spreadsheet;
pub mod work;

pub use amount::Amount;
pub use attribution::Attribution;
pub use clock::{Clock, FixedClock};
pub use codes::{
    AgeBand, CodeList, Composition, CriterePrioritaire, Financement, Lien, Motif, MotifRadiation,
    OrganismeType, Piece, SituationLogement, Statut, Typologie,
};
pub use convention::{ConstructionPeriod, Convention, Part, SetAside};
pub use demande::{Demande, DemandeError, Dossier};
pub use household::{ConsumptionUnits, Membre};
pub use ids::{CodeInsee, IdError, LogementId, NumeroUnique, OrganismeId};
pub use logement::Logement;
pub use organisme::Organisme;
pub use seuils::{Quartile, Seuils};

/// Re-exported so that users of the domain name dates with the same type.
pub use time::Date;

//! The cotation kept in the store: grids registered with their effective date, the current score
//! of every active application with its position, the history of scores, and the comparable
//! groups; the applications past the délai anormalement long. Loading and writing go through the
//! `Store` trait only.

mod file;
mod gathered;
mod grids;
mod overdue;
mod refresh;
mod snapshot;
mod staleness;

pub use file::{ApplicantFile, ExplainedLine, HistoryLine, file_of, file_with_grids};
pub use gathered::Gathering;
pub use grids::{register_grid, registered_grids};
pub use overdue::{Overdue, OverdueList, overdue};
pub use refresh::{Refresh, WRITTEN as REFRESHED_TABLES, refresh, refresh_if_registered};
pub use snapshot::Snapshot;
pub use staleness::{Stale, staleness};

use crate::grid::GridErrors;
use logis_store::StoreError;

/// What can stop the cotation of a territory.
#[derive(Debug, thiserror::Error)]
pub enum CotationError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(
        "aucune grille de cotation n'est en vigueur au {0} : enregistrez-en une avec `logis cotation --grid FICHIER`"
    )]
    NoGridInForce(String),
    #[error("la grille enregistrée en vigueur au {date} est illisible : {errors}")]
    StoredGrid { date: String, errors: GridErrors },
}

//! Organisations: landlords and reservation holders.

use crate::codes::OrganismeType;
use crate::ids::{CodeInsee, OrganismeId};

/// One row of organismes.csv.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Organisme {
    pub organisme_id: OrganismeId,
    pub nom: String,
    pub kind: OrganismeType,
    /// For a commune: its INSEE code.
    pub commune: Option<CodeInsee>,
}

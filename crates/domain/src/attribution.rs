//! Allocations followed by a signed lease.

use crate::codes::Typologie;
use crate::ids::{CodeInsee, LogementId, NumeroUnique, OrganismeId};
use time::Date;

/// One row of attributions.csv.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attribution {
    pub numero_unique: NumeroUnique,
    pub logement_id: Option<LogementId>,
    pub bailleur: OrganismeId,
    pub commune: CodeInsee,
    /// QPV code of the dwelling when inside a priority neighbourhood.
    pub qpv: Option<String>,
    pub typologie: Typologie,
    pub reservataire: OrganismeId,
    pub date_cal: Option<Date>,
    /// Lease signature: the allocation counts in this date's year.
    pub date_bail: Date,
    pub relogement_anru: Option<bool>,
    /// Why the commission did not choose the best-scored comparable application, when it
    /// recorded a reason (Logis extension).
    pub motif_ecart: Option<String>,
}

impl Attribution {
    pub fn in_qpv(&self) -> bool {
        self.qpv.is_some()
    }

    pub fn year(&self) -> i32 {
        self.date_bail.year()
    }
}

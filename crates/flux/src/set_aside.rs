//! Lettings set aside from the flow: a household rehoused by urban renewal, or a tenant of the
//! same landlord moving within its stock (flux.md, « Set aside »: first matching reason wins,
//! in this order).

use crate::Register;
use logis_domain::Attribution;
use serde::Serialize;

pub use logis_domain::SetAside;

/// Why `attribution` is set aside, if it is: first matching reason wins.
pub fn reason(attribution: &Attribution, register: &Register) -> Option<SetAside> {
    if attribution.relogement_anru == Some(true) {
        return Some(SetAside::UrbanRenewal);
    }
    let tenant_of = register.social_tenants.get(&attribution.numero_unique)?;
    (tenant_of.as_ref() == Some(&attribution.bailleur)).then_some(SetAside::InternalTransfer)
}

/// The lettings set aside, by reason (both always written, zeros included).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct SetAsideCounts {
    pub relogement_anru: u64,
    pub mutation_interne: u64,
}

impl SetAsideCounts {
    /// Counts one more letting set aside for `reason`.
    pub fn add(&mut self, reason: SetAside) {
        match reason {
            SetAside::UrbanRenewal => self.relogement_anru += 1,
            SetAside::InternalTransfer => self.mutation_interne += 1,
        }
    }
}

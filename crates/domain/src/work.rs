//! The partners' work on applications as domain types: where a priority label stands (proposed
//! by a social worker, recognised by a landlord, a reservation holder or the EPCI, withdrawn
//! with its reason). Parsed once, at the edge (the store's columns).

use crate::codes::code_list;
use std::fmt;

code_list! {
    /// Where a priority label stands.
    LabelStatus {
        Proposed => "proposee", "proposée";
        Recognised => "reconnue", "reconnue";
        Withdrawn => "retiree", "retirée";
    }
}

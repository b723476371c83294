//! The partners' work on applications as domain types: where a priority label stands (proposed
//! by a social worker, recognised by a landlord, a reservation holder or the EPCI, withdrawn
//! with its reason) and what a change of an application's timeline was. Parsed once, at the
//! edge (the store's columns).

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

code_list! {
    /// What a change made to an application in Logis was (its timeline).
    EventNature {
        Creation => "creation", "enregistrement";
        Modification => "modification", "modification";
        FollowUp => "suivi", "suivi par un travailleur social";
        Label => "etiquette", "priorité";
        Commission => "commission", "décision de commission";
        Offer => "proposition", "proposition de logement";
        Answer => "reponse", "réponse à une proposition";
        Lease => "bail", "bail signé";
        StruckOff => "radiation", "radiation";
        Reinstated => "reinscription", "réinscription";
        DuplicateMerged => "doublon_fusionne", "doublon fusionné";
        DuplicateDismissed => "doublon_ecarte", "doublon écarté";
    }
}

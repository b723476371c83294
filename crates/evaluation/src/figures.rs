//! What the evaluation reads of one application, derived at the reference date: the modality
//! of each dimension (as its code, with its place in code order).

use logis_domain::{CodeList, Date, Demande, Dossier, Membre, Seuils};

/// A modality: its place in the dimension's code order and its code.
pub type Modality = (u16, String);

/// The dimensions of bilan.md, in the order of the JSON document.
pub const DIMENSIONS: [&str; 9] = [
    "age",
    "composition",
    "situation_logement",
    "sans_logement_propre",
    "mutation",
    "quartile",
    "priorite",
    "typologie",
    "commune",
];

fn code<T: CodeList>(value: T) -> Modality {
    let place = T::all().iter().position(|v| v.code() == value.code()).unwrap_or(0);
    (place as u16, value.code().to_owned())
}

fn yes_no(value: bool) -> Modality {
    if value { (0, "oui".into()) } else { (1, "non".into()) }
}

/// The modalities of an application at `reference` (quartile `None` without thresholds).
#[derive(Debug, Clone)]
pub struct Profile {
    pub modalities: [Option<Modality>; 9],
    pub quartile: Option<u8>,
    pub mutation: bool,
    pub priority: bool,
}

impl Profile {
    pub fn of(
        demande: &Demande,
        membres: &[Membre],
        reference: Date,
        seuils: Option<&Seuils>,
    ) -> Self {
        let dossier = Dossier { demande, membres };
        let quartile = seuils.map(|s| dossier.quartile(s, reference).number());
        let typologie = match demande.first_typologie() {
            Some(t) => code(t),
            None => (u16::MAX, "non_renseignee".into()),
        };
        let commune = demande.first_commune().map(|c| (0, c.to_string()));
        Profile {
            modalities: [
                dossier.age_band(reference).map(code),
                Some(code(dossier.composition())),
                Some(code(demande.situation_logement)),
                Some(yes_no(demande.situation_logement.sans_logement_propre())),
                Some(yes_no(demande.is_mutation())),
                quartile.map(|q| (u16::from(q), q.to_string())),
                Some(yes_no(demande.is_priority())),
                Some(typologie),
                commune,
            ],
            quartile,
            mutation: demande.is_mutation(),
            priority: demande.is_priority(),
        }
    }
}

//! What the evaluation reads of one application, derived at the reference date (the modality
//! code of each dimension), and the code order in which modalities are listed.

use logis_domain::{
    AgeBand, CodeList, Composition, Date, Demande, Dossier, Membre, Seuils, SituationLogement,
    Typologie,
};

/// The dimensions of bilan.md, in the order of the JSON document.
pub use logis_store::bilan::DIMENSIONS;

/// The dimensions whose most frequent modality describes a profile.
pub const PROFILE_DIMENSIONS: [&str; 3] = ["age", "composition", "situation_logement"];

fn yes_no(value: bool) -> String {
    if value { "oui" } else { "non" }.to_owned()
}

/// The place of `code` in the code order of `dimension` (formats.md): code lists in their
/// order, `oui` before `non`, quartiles by number, `non_renseignee` last; communes (and codes
/// unknown to a list) are then ordered by their code.
pub fn code_order(dimension: &str, code: &str) -> usize {
    fn place<T: CodeList>(code: &str) -> usize {
        T::all().iter().position(|v| v.code() == code).unwrap_or(usize::MAX)
    }
    match dimension {
        "age" => place::<AgeBand>(code),
        "composition" => place::<Composition>(code),
        "situation_logement" => place::<SituationLogement>(code),
        "typologie" => place::<Typologie>(code),
        "quartile" => code.parse().unwrap_or(usize::MAX),
        "sans_logement_propre" | "mutation" | "priorite" => usize::from(code != "oui"),
        _ => 0,
    }
}

/// The modalities of an application at `reference` (quartile `None` without thresholds).
#[derive(Debug, Clone)]
pub struct Profile {
    /// One code per dimension of [`DIMENSIONS`] (`None` when it cannot be known).
    pub modalities: [Option<String>; 9],
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
        let typologie =
            demande.first_typologie().map_or("non_renseignee".to_owned(), |t| t.code().to_owned());
        Profile {
            modalities: [
                dossier.age_band(reference).map(|a| a.code().to_owned()),
                Some(dossier.composition().code().to_owned()),
                Some(demande.situation_logement.code().to_owned()),
                Some(yes_no(demande.situation_logement.sans_logement_propre())),
                Some(yes_no(demande.is_mutation())),
                quartile.map(|q| q.to_string()),
                Some(yes_no(demande.is_priority())),
                Some(typologie),
                demande.first_commune().map(|c| c.to_string()),
            ],
            quartile,
            mutation: demande.is_mutation(),
            priority: demande.is_priority(),
        }
    }
}

//! An application as the cotation sees it ([`Applicant`]: compact, no personal data) and the
//! values its grid reads at a date ([`Facts`]).

use crate::grid::Delays;
use logis_domain::household::{self, ConsumptionUnits};
use logis_domain::seuils::annual_resources_per_uc;
use logis_domain::{
    Amount, CodeInsee, Composition, Date, Demande, Lien, Membre, Motif, NumeroUnique, Piece,
    Seuils, SituationLogement, Typologie,
};

/// An INSEE commune code as five bytes (no allocation per commune).
pub type Commune = [u8; 5];

/// The bytes of an INSEE code.
pub fn commune(code: &CodeInsee) -> Commune {
    code.as_str().as_bytes().try_into().expect("an INSEE code has five ASCII characters")
}

/// The text of a commune code.
pub fn commune_str(code: &Commune) -> &str {
    std::str::from_utf8(code).expect("INSEE codes are ASCII")
}

/// What the cotation needs of one application and its household.
#[derive(Debug, Clone, PartialEq)]
pub struct Applicant {
    pub numero: NumeroUnique,
    pub date_depot: Date,
    /// When it left the active stock; `None` while active.
    pub date_radiation: Option<Date>,
    pub situation: SituationLogement,
    pub ressources: Amount,
    pub loyer_actuel: Option<Amount>,
    /// Reasons as bits (bit i = `Motif::ALL[i]`), and the main one.
    pub motifs: u32,
    pub motif_principal: Option<Motif>,
    /// Priority criteria as bits (bit i = `CriterePrioritaire::ALL[i]`).
    pub criteres: u16,
    pub dalo: bool,
    /// Desired typologies as bits, and the first one.
    pub typologies: u8,
    pub first_typologie: Option<Typologie>,
    /// Desired communes, in order of preference.
    pub communes: Box<[Commune]>,
    pub pmr: bool,
    pub salarie_prive: bool,
    pub agent_public: bool,
    pub refus: u16,
    /// Verified facts as bits (bit i = `Piece::ALL[i]`).
    pub pieces: u8,
    pub membres: Box<[Membre]>,
}

fn bits<T: Copy>(items: &[T], index: impl Fn(T) -> u8) -> u32 {
    items.iter().fold(0, |acc, &item| acc | 1 << index(item))
}

impl Applicant {
    pub fn new(demande: &Demande, membres: &[Membre]) -> Self {
        Applicant {
            numero: demande.numero_unique.clone(),
            date_depot: demande.date_depot,
            date_radiation: demande.date_radiation,
            situation: demande.situation_logement,
            ressources: demande.ressources_mensuelles,
            loyer_actuel: demande.loyer_actuel,
            motifs: bits(&demande.motifs, |m| m as u8),
            motif_principal: demande.motifs.first().copied(),
            criteres: bits(&demande.criteres_prioritaires, |c| c as u8) as u16,
            dalo: demande.dalo == Some(true),
            typologies: bits(&demande.typologies_souhaitees, |t| t as u8) as u8,
            first_typologie: demande.first_typologie(),
            communes: demande.communes_souhaitees.iter().map(commune).collect(),
            pmr: demande.pmr == Some(true),
            salarie_prive: demande.salarie_prive == Some(true),
            agent_public: demande.agent_public == Some(true),
            refus: demande.refus_offres_adaptees.unwrap_or(0),
            pieces: bits(&demande.pieces_verifiees, |p| p as u8) as u8,
            membres: membres.into(),
        }
    }

    /// Active at `date`: filed on or before it and not yet out of the active stock.
    pub fn is_active_at(&self, date: Date) -> bool {
        self.date_depot <= date && self.date_radiation.is_none_or(|r| r > date)
    }

    pub fn first_commune(&self) -> Option<Commune> {
        self.communes.first().copied()
    }

    pub fn is_mutation(&self) -> bool {
        self.situation == SituationLogement::LocataireHlm
    }

    pub fn is_priority(&self) -> bool {
        self.dalo || self.criteres != 0
    }

    pub fn has_piece(&self, piece: Piece) -> bool {
        self.pieces & 1 << (piece as u8) != 0
    }
}

pub use logis_domain::calendar::whole_months;

/// The values a grid reads for one application at one date.
#[derive(Debug, Clone)]
pub struct Facts<'a> {
    pub applicant: &'a Applicant,
    pub situation: SituationLogement,
    pub mutation: bool,
    pub composition: Composition,
    pub taille_menage: u32,
    pub enfants: u32,
    pub age_titulaire: Option<u32>,
    pub age_max: Option<u32>,
    pub age_min: Option<u32>,
    pub ressources_mensuelles: f64,
    pub ressources_par_uc: f64,
    /// `None` when the territory has no thresholds for the year.
    pub quartile: Option<u8>,
    /// `None` when the current rent is unknown or resources are nil.
    pub taux_effort: Option<f64>,
    pub prioritaire: bool,
    pub dalo: bool,
    pub anciennete_mois: u32,
    pub delai_depasse: bool,
    pub refus: u16,
    pub pmr: bool,
    pub salarie_prive: bool,
    pub agent_public: bool,
}

impl<'a> Facts<'a> {
    /// The values at `date`, with the income thresholds of that year if any.
    pub fn at(
        applicant: &'a Applicant,
        date: Date,
        seuils: Option<&Seuils>,
        delays: &Delays,
    ) -> Self {
        let membres = &applicant.membres;
        let ages = membres.iter().map(|m| household::age_at(m.date_naissance, date));
        let uc = ConsumptionUnits::at(membres, date);
        let ressources = applicant.ressources;
        let anciennete_mois = whole_months(applicant.date_depot, date);
        let taux_effort = applicant
            .loyer_actuel
            .filter(|_| ressources.cents() > 0)
            .map(|loyer| loyer.cents() as f64 * 100.0 / ressources.cents() as f64);
        Facts {
            applicant,
            situation: applicant.situation,
            mutation: applicant.is_mutation(),
            composition: household::composition(membres),
            taille_menage: membres.len() as u32,
            enfants: membres.iter().filter(|m| m.lien == Lien::Enfant).count() as u32,
            age_titulaire: household::titulaire(membres)
                .map(|t| household::age_at(t.date_naissance, date)),
            age_max: ages.clone().max(),
            age_min: ages.min(),
            ressources_mensuelles: ressources.as_f64(),
            ressources_par_uc: annual_resources_per_uc(ressources, uc),
            quartile: seuils.map(|s| s.quartile(ressources, uc).number()),
            taux_effort,
            prioritaire: applicant.is_priority(),
            dalo: applicant.dalo,
            anciennete_mois,
            delai_depasse: anciennete_mois > delays.months(applicant.first_typologie),
            refus: applicant.refus,
            pmr: applicant.pmr,
            salarie_prive: applicant.salarie_prive,
            agent_public: applicant.agent_public,
        }
    }
}

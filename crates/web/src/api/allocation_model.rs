//! The JSON shapes of allocation in the API. Their schemas are in the OpenAPI document
//! (`super::openapi`): the fields' doc comments are its descriptions, in French.

use logis_allocation::progress::{Progress, Tally};
use logis_allocation::stored::Candidate;
use logis_domain::{Attribution, Logement};
use logis_evaluation::{Objectif, Targets};
use logis_store::allocation::offers::Offer;
use logis_store::allocation::vacancies::Vacancy;
use serde::Serialize;
use std::collections::BTreeMap;
use utoipa::ToSchema;

use crate::examination::Examination;

fn euros(cents: i64) -> f64 {
    cents as f64 / 100.0
}

#[derive(Serialize, ToSchema)]
#[schema(as = Logement)]
pub struct DwellingView {
    pub logement_id: String,
    pub bailleur: String,
    pub commune: String,
    pub typologie: String,
    /// En euros par mois
    pub loyer: f64,
    /// En euros par mois
    pub charges: Option<f64>,
    pub financement: String,
    pub qpv: Option<String>,
    pub pmr: Option<bool>,
}

impl From<&Logement> for DwellingView {
    fn from(d: &Logement) -> Self {
        DwellingView {
            logement_id: d.logement_id.as_str().to_owned(),
            bailleur: d.bailleur.as_str().to_owned(),
            commune: d.commune.as_str().to_owned(),
            typologie: d.typologie.code().to_owned(),
            loyer: euros(d.loyer.cents()),
            charges: d.charges.map(|c| euros(c.cents())),
            financement: d.financement.code().to_owned(),
            qpv: d.qpv.clone().filter(|q| !q.is_empty()),
            pmr: d.pmr,
        }
    }
}

#[derive(Serialize, ToSchema)]
#[schema(as = Vacance)]
pub struct VacancyView {
    pub numero_vacance: i64,
    pub logement_id: String,
    pub bailleur: String,
    #[schema(format = Date)]
    pub disponible_le: String,
    pub reservataire: String,
    #[schema(schema_with = super::openapi::vacancy_status)]
    pub statut: String,
    /// Pourquoi la vacance a été retirée
    pub motif_retrait: Option<String>,
    /// Le réservataire proposé par Logis quand le bailleur en a choisi un autre
    pub reservataire_propose: Option<String>,
    /// Pourquoi le bailleur a choisi un autre réservataire que celui proposé
    pub motif_orientation: Option<String>,
    /// Hors du flux : « relogement_anru » ou « mutation_interne »
    pub mis_de_cote: Option<String>,
    /// Moment (secondes depuis 1970) où le logement est revenu au bailleur, faute de candidat
    /// du réservataire dans le délai
    pub remis_au_bailleur_le: Option<i64>,
}

impl From<&Vacancy> for VacancyView {
    fn from(v: &Vacancy) -> Self {
        VacancyView {
            numero_vacance: v.ligne.get(),
            logement_id: v.logement_id.to_string(),
            bailleur: v.bailleur.to_string(),
            disponible_le: v.disponible_le.to_string(),
            reservataire: v.reservataire.to_string(),
            statut: v.statut.code().to_owned(),
            motif_retrait: v.motif_retrait.clone(),
            reservataire_propose: v.reservataire_propose.as_ref().map(ToString::to_string),
            motif_orientation: v.motif_orientation.clone(),
            mis_de_cote: v.mis_de_cote.map(|m| m.code().to_owned()),
            remis_au_bailleur_le: v.remise_le,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct BudgetView {
    /// En % des ressources mensuelles, avant aide au logement
    pub taux_effort: Option<f64>,
    /// En euros par mois
    pub reste_a_vivre: f64,
    /// En euros par jour et par unité de consommation
    pub reste_a_vivre_uc_jour: f64,
}

#[derive(Serialize, ToSchema)]
pub struct ImpactView {
    pub contribue: bool,
    pub texte: String,
}

#[derive(Serialize, ToSchema)]
pub struct CandidateView {
    pub position: usize,
    pub numero_unique: String,
    pub score: Option<i64>,
    pub convient: Vec<String>,
    pub a_verifier: Vec<String>,
    #[schema(inline)]
    pub budget: BudgetView,
    #[schema(inline)]
    pub objectifs: Vec<ImpactView>,
}

impl CandidateView {
    pub fn of(c: &Candidate, dwelling: &Logement, exam: &Examination) -> Self {
        let (b, helped) = exam.assess(dwelling, &c.demande, &c.members);
        CandidateView {
            position: c.position,
            numero_unique: c.demande.numero_unique.as_str().to_owned(),
            score: c.score,
            convient: c.verdict.fits.clone(),
            a_verifier: c.verdict.to_check.clone(),
            budget: BudgetView {
                taux_effort: b.effort_percent.map(|p| (p * 10.0).round() / 10.0),
                reste_a_vivre: euros(b.reste_a_vivre.cents()),
                reste_a_vivre_uc_jour: euros(b.reste_a_vivre_uc_jour.cents()),
            },
            objectifs: helped
                .into_iter()
                .map(|i| ImpactView { contribue: i.helps, texte: i.text })
                .collect(),
        }
    }
}

#[derive(Serialize, ToSchema)]
#[schema(as = Candidats)]
pub struct CandidatesView {
    pub vacance: VacancyView,
    pub logement: DwellingView,
    /// Demandes souhaitant la commune avec une taille de ménage adaptée, comptées jusqu'à 10 001 (10 001 : plus de 10 000)
    pub demandes_examinables: i64,
    /// Toutes ont été examinées : il n'y a pas d'autre candidat
    pub complet: bool,
    #[schema(inline)]
    pub candidats: Vec<CandidateView>,
}

#[derive(Serialize, ToSchema)]
#[schema(as = PourquoiPas)]
pub struct WhyNotView {
    pub numero_unique: String,
    pub candidat: bool,
    pub exclusions: Vec<String>,
    pub convient: Vec<String>,
    pub a_verifier: Vec<String>,
}

#[derive(Serialize, ToSchema)]
#[schema(as = Proposition)]
pub struct OfferView {
    pub numero_proposition: i64,
    pub numero_vacance: i64,
    pub numero_unique: String,
    #[schema(format = Date)]
    pub proposee_le: String,
    #[schema(format = Date)]
    pub reponse_avant: String,
    #[schema(schema_with = super::openapi::answer_or_none)]
    pub reponse: Option<String>,
    pub motif_refus: Option<String>,
    pub refus_legitime: Option<bool>,
    #[schema(format = Date)]
    pub bail_signe_le: Option<String>,
}

impl From<&Offer> for OfferView {
    fn from(o: &Offer) -> Self {
        OfferView {
            numero_proposition: o.ligne.get(),
            numero_vacance: o.vacance.get(),
            numero_unique: o.numero_unique.to_string(),
            proposee_le: o.proposee_le.to_string(),
            reponse_avant: o.reponse_avant.to_string(),
            reponse: o.reponse.map(|r| r.code().to_owned()),
            motif_refus: o.motif_refus.clone(),
            refus_legitime: o.refus_legitime,
            bail_signe_le: o.bail_signe_le.map(|d| d.to_string()),
        }
    }
}

#[derive(Serialize, ToSchema)]
#[schema(as = Attribution)]
pub struct AttributionView {
    pub numero_unique: String,
    pub logement_id: Option<String>,
    pub bailleur: String,
    pub commune: String,
    pub reservataire: String,
    #[schema(format = Date)]
    pub date_cal: Option<String>,
    #[schema(format = Date)]
    pub date_bail: String,
}

impl From<&Attribution> for AttributionView {
    fn from(a: &Attribution) -> Self {
        AttributionView {
            numero_unique: a.numero_unique.as_str().to_owned(),
            logement_id: a.logement_id.as_ref().map(|l| l.as_str().to_owned()),
            bailleur: a.bailleur.as_str().to_owned(),
            commune: a.commune.as_str().to_owned(),
            reservataire: a.reservataire.as_str().to_owned(),
            date_cal: a.date_cal.map(|d| d.to_string()),
            date_bail: a.date_bail.to_string(),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct ObjectiveView {
    #[schema(schema_with = super::openapi::objective_code)]
    pub code: String,
    /// La part visée, de 0 à 1
    pub cible: f64,
    /// Nul quand il ne peut pas être compté (seuils des quartiles absents) ou que le secret statistique le masque
    pub numerateur: Option<u64>,
    pub denominateur: u64,
    pub atteint: Option<bool>,
    /// Attributions qu'il manque pour atteindre la cible (nul quand ce n'est pas mesurable)
    pub attributions_manquantes: Option<u64>,
}

impl From<&Objectif> for ObjectiveView {
    fn from(o: &Objectif) -> Self {
        ObjectiveView {
            code: o.code.clone(),
            cible: o.cible,
            numerateur: o.numerateur,
            denominateur: o.denominateur,
            atteint: o.atteint,
            attributions_manquantes: o.missing_allocations(),
        }
    }
}

#[derive(Serialize, ToSchema)]
#[schema(as = GroupeObjectifs)]
pub struct GroupView {
    pub attributions: u64,
    #[schema(inline)]
    pub objectifs: Vec<ObjectiveView>,
}

#[derive(Serialize, ToSchema)]
#[schema(as = Objectifs)]
pub struct ProgressView {
    pub annee: i32,
    #[schema(format = Date)]
    pub au: String,
    pub territoire: GroupView,
    /// Par bailleur ; sous secret statistique, ceux de trop peu d'attributions sont regroupés sous « regroupes »
    pub bailleurs: BTreeMap<String, GroupView>,
    /// Par réservataire ; sous secret statistique, ceux de trop peu d'attributions sont regroupés sous « regroupes »
    pub reservataires: BTreeMap<String, GroupView>,
    /// Par commune ; sous secret statistique, celles de trop peu d'attributions sont regroupées sous « regroupes »
    pub communes: BTreeMap<String, GroupView>,
}

impl ProgressView {
    pub fn of(p: &Progress, targets: &Targets) -> Self {
        let group = |t: &Tally, holder: bool| GroupView {
            attributions: t.attributions,
            objectifs: p.objectives(t, targets, holder).iter().map(ObjectiveView::from).collect(),
        };
        let all = |m: &BTreeMap<String, Tally>, holder: bool| {
            m.iter().map(|(k, t)| (k.clone(), group(t, holder))).collect()
        };
        ProgressView {
            annee: p.year,
            au: p.until.to_string(),
            territoire: group(&p.whole, false),
            bailleurs: all(&p.by_landlord, false),
            reservataires: all(&p.by_holder, true),
            communes: all(&p.by_commune, false),
        }
    }
}

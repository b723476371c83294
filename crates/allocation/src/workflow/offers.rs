//! After the commission: the dwelling is offered to the candidate ranked first (then, after a
//! refusal or no answer by the deadline, to the next ranked), the applicant's answer is
//! recorded (an illegitimate refusal of a suitable offer is counted for the grid), and the
//! lease signature records the allocation: the attribution written, the application closed as
//! `attribuee`, the dwelling let — in one transaction, with the bilan's projections.

use super::vacancy::with_dwelling;
use super::{Author, StepError};
use logis_domain::allocation::{OfferAnswer, OfferId, VacancyId, VacancyStatus};
use logis_domain::french::date as french_date;
use logis_domain::work::EventNature;
use logis_domain::{Attribution, Date, NumeroUnique, Statut};
use logis_store::allocation::candidates::applications;
use logis_store::allocation::commissions::{self, Decision};
use logis_store::allocation::offers::{self, Offer};
use logis_store::allocation::vacancies;
use logis_store::codec::Stored;
use logis_store::{Store, Table};

/// Days an applicant has to answer an offer (setting of the territory's practice; ten days is
/// the usual delay).
pub const ANSWER_DAYS: i64 = 10;

/// The candidates who may get the dwelling of vacancy `vacance`, in the order of their rank
/// (the latest commission's decisions).
pub async fn ranked(store: &dyn Store, vacance: VacancyId) -> Result<Vec<Decision>, StepError> {
    let all = commissions::decisions_on(store, vacance).await?;
    let latest = all.iter().map(|d| d.commission).max();
    let mut ranked: Vec<Decision> = all
        .into_iter()
        .filter(|d| Some(d.commission) == latest)
        .filter(|d| d.nature.allocates())
        .collect();
    ranked.sort_by_key(|d| (d.rang.unwrap_or(1), d.position_score));
    Ok(ranked)
}

/// Offers the dwelling of vacancy `vacance` to the next ranked candidate not offered it yet,
/// on `on`, with an answer due [`ANSWER_DAYS`] later.
pub async fn offer_next(
    store: &dyn Store,
    vacance: VacancyId,
    on: Date,
    author: &Author,
) -> Result<Offer, StepError> {
    let (vacancy, dwelling) = with_dwelling(store, vacance).await?;
    author.check_manages(&vacancy.bailleur)?;
    if vacancy.statut != VacancyStatus::Open {
        return Err(StepError::refused("ce logement n'est plus vacant"));
    }
    let made = offers::of_vacancy(store, vacance).await?;
    if let Some(waiting) = made.iter().find(|o| o.is_pending()) {
        return Err(StepError::refused(format!(
            "la proposition faite à la demande {} attend sa réponse (jusqu'au {})",
            waiting.numero_unique,
            french_date(waiting.reponse_avant)
        )));
    }
    if let Some(accepted) = made.iter().find(|o| o.reponse == Some(OfferAnswer::Accepted)) {
        return Err(StepError::refused(format!(
            "la demande {} a accepté le logement : enregistrez la signature du bail",
            accepted.numero_unique
        )));
    }
    let ranked = ranked(store, vacance).await?;
    if ranked.is_empty() {
        return Err(StepError::refused(
            "aucune commission n'a encore attribué ce logement : inscrivez-le à l'ordre du jour d'une commission",
        ));
    }
    // The next ranked not offered the dwelling yet, whose application is still active (one
    // housed elsewhere since the commission is passed over).
    let waiting: Vec<&str> = ranked
        .iter()
        .filter(|d| !made.iter().any(|o| o.numero_unique == d.numero_unique))
        .map(|d| d.numero_unique.as_str())
        .collect();
    let active: Vec<NumeroUnique> = applications(store, &waiting)
        .await?
        .into_iter()
        .filter(|(d, _)| d.statut == Statut::Active)
        .map(|(d, _)| d.numero_unique)
        .collect();
    let Some(next) = ranked.iter().find(|d| active.contains(&d.numero_unique)) else {
        return Err(StepError::refused(
            "tous les candidats classés ont refusé, n'ont pas répondu ou ne sont plus demandeurs : présentez le logement à une nouvelle commission",
        ));
    };
    let offer = Offer {
        ligne: OfferId::new(0),
        vacance,
        numero_unique: next.numero_unique.clone(),
        proposee_le: on,
        reponse_avant: on + time::Duration::days(ANSWER_DAYS),
        reponse: None,
        motif_refus: None,
        refus_legitime: None,
        repondue_le: None,
        bail_signe_le: None,
        auteur: author.login.clone(),
        moment: author.moment,
    };
    let event = author.event(
        &offer.numero_unique,
        EventNature::Offer,
        format!(
            "Logement {} proposé ({}, loyer {} € par mois hors charges) ; réponse attendue au plus tard le {}",
            dwelling.logement_id.as_str(),
            dwelling.typologie.code(),
            logis_domain::french::decimal(dwelling.loyer.as_f64(), 2),
            french_date(offer.reponse_avant)
        ),
    );
    store.execute(&[offers::make(&offer), event]).await?;
    // The store numbered it: the offer read back is the one waiting for its answer.
    let made = offers::of_vacancy(store, vacance).await?;
    Ok(made.into_iter().find(Offer::is_pending).unwrap_or(offer))
}

/// Offer `ligne` of vacancy `vacance`, or a French « not found ».
async fn offer(store: &dyn Store, vacance: VacancyId, ligne: OfferId) -> Result<Offer, StepError> {
    offers::of_vacancy(store, vacance).await?.into_iter().find(|o| o.ligne == ligne).ok_or_else(
        || StepError::NotFound(format!("aucune proposition n° {ligne} pour ce logement")),
    )
}

/// The applicant's answer as stated.
#[derive(Debug, Clone, Default)]
pub struct Answer {
    /// `None` when none was chosen.
    pub reponse: Option<OfferAnswer>,
    pub motif_refus: String,
    /// For a refusal: whether its reason is legitimate (an illegitimate refusal of a suitable
    /// offer may cost points under the grid).
    pub refus_legitime: Option<bool>,
    pub on: Option<Date>,
}

/// Checks and records the answer to offer `ligne` of vacancy `vacance`.
pub async fn answer(
    store: &dyn Store,
    vacance: VacancyId,
    ligne: OfferId,
    answer: &Answer,
    author: &Author,
) -> Result<(), StepError> {
    let (vacancy, _) = with_dwelling(store, vacance).await?;
    author.check_manages(&vacancy.bailleur)?;
    let offer = offer(store, vacance, ligne).await?;
    let Some(on) = answer.on else {
        return Err(StepError::refused("indiquez la date de la réponse"));
    };
    if !offer.is_pending() {
        return Err(StepError::refused("cette proposition a déjà sa réponse"));
    }
    let motif = answer.motif_refus.trim();
    let Some(reponse) = answer.reponse else {
        return Err(StepError::refused(
            "choisissez la réponse : acceptée, refusée ou sans réponse",
        ));
    };
    let detail = match reponse {
        OfferAnswer::Accepted => "Proposition acceptée".to_owned(),
        OfferAnswer::Refused if motif.chars().count() < 3 => {
            return Err(StepError::refused("indiquez le motif du refus donné par le demandeur"));
        }
        OfferAnswer::Refused if answer.refus_legitime.is_none() => {
            return Err(StepError::refused(
                "dites si le motif du refus est légitime : un refus sans motif légitime d'une offre adaptée peut coûter des points",
            ));
        }
        OfferAnswer::Refused => format!(
            "Proposition refusée : {motif} ({})",
            if answer.refus_legitime == Some(true) {
                "motif légitime"
            } else {
                "motif non légitime"
            }
        ),
        OfferAnswer::NoAnswer if on <= offer.reponse_avant => {
            return Err(StepError::refused(format!(
                "le demandeur peut répondre jusqu'au {} : attendez cette date",
                french_date(offer.reponse_avant)
            )));
        }
        OfferAnswer::NoAnswer => {
            "Pas de réponse dans le délai : le logement va au candidat suivant".to_owned()
        }
    };
    if on < offer.proposee_le {
        return Err(StepError::refused("la réponse ne peut pas précéder la proposition"));
    }
    let refused = reponse == OfferAnswer::Refused;
    let mut statements = vec![
        offers::answer(
            ligne,
            reponse,
            refused.then_some(motif),
            if refused { answer.refus_legitime } else { None },
            on,
        ),
        author.event(&offer.numero_unique, EventNature::Answer, detail),
    ];
    if refused && answer.refus_legitime == Some(false) {
        statements.push(offers::count_refusal(&offer.numero_unique));
    }
    store.execute(&statements).await?;
    Ok(())
}

/// Records the lease of accepted offer `ligne` of vacancy `vacance`, signed on `date_bail`:
/// the allocation, the application closed as `attribuee`, the dwelling let. The attribution
/// after the bilan's rules (`relogement_anru` when the household was displaced by urban
/// renewal, or the vacancy was set aside for it), on the share of the holder the dwelling was
/// oriented to — the landlord's once it returned to it.
pub async fn sign_lease(
    store: &dyn Store,
    vacance: VacancyId,
    ligne: OfferId,
    date_bail: Date,
    relogement_anru: bool,
    author: &Author,
) -> Result<Attribution, StepError> {
    let (vacancy, dwelling) = with_dwelling(store, vacance).await?;
    author.check_manages(&vacancy.bailleur)?;
    let offer = offer(store, vacance, ligne).await?;
    if offer.reponse != Some(OfferAnswer::Accepted) || offer.bail_signe_le.is_some() {
        return Err(StepError::refused(
            "le bail se signe après une proposition acceptée, une seule fois",
        ));
    }
    if date_bail < offer.proposee_le {
        return Err(StepError::refused("le bail ne peut pas précéder la proposition"));
    }
    let Some((demande, _)) =
        applications(store, &[offer.numero_unique.as_str()]).await?.into_iter().next()
    else {
        return Err(StepError::NotFound(format!(
            "aucune demande n'a le numéro {}",
            offer.numero_unique
        )));
    };
    if demande.statut != Statut::Active {
        return Err(StepError::refused(format!(
            "la demande {} n'est plus active ({})",
            offer.numero_unique,
            demande.statut.label()
        )));
    }
    let decision =
        ranked(store, vacance).await?.into_iter().find(|d| d.numero_unique == offer.numero_unique);
    let date_cal = match &decision {
        Some(d) => commissions::one(store, d.commission).await?.map(|c| c.date_seance),
        None => None,
    };
    let attribution = Attribution {
        numero_unique: offer.numero_unique.clone(),
        logement_id: Some(dwelling.logement_id.clone()),
        bailleur: dwelling.bailleur.clone(),
        commune: dwelling.commune.clone(),
        qpv: dwelling.qpv.clone(),
        typologie: dwelling.typologie,
        // A dwelling returned to its landlord is let on the landlord's share (flux.md).
        reservataire: vacancy.candidates_holder().clone(),
        date_cal,
        date_bail,
        relogement_anru: Some(
            relogement_anru || vacancy.mis_de_cote == Some(logis_domain::SetAside::UrbanRenewal),
        ),
        motif_ecart: decision.and_then(|d| d.motif_ecart),
    };
    let event = author.event(
        &offer.numero_unique,
        EventNature::Lease,
        format!(
            "Bail signé le {} pour le logement {} : demande satisfaite (attribuée)",
            french_date(date_bail),
            dwelling.logement_id.as_str()
        ),
    );
    let rows = vec![(Table::Attributions, vec![attribution.to_row()])];
    let steps = vec![
        offers::lease(ligne, date_bail),
        offers::close_as_allocated(&offer.numero_unique, date_bail),
        vacancies::set_status(vacance, VacancyStatus::Let),
        event,
    ];
    let numero = offer.numero_unique.as_str();
    logis_store::saves::save_with(store, rows, steps, &[numero]).await?;
    Ok(attribution)
}

//! A vacancy declared and withdrawn: from when the dwelling is free and to which reservation
//! holder it is oriented — Logis proposes one (`crate::flux::orientation`: the deficit rule
//! under flux management, else the holder of the dwelling's reservation or the landlord); the
//! landlord confirms it or orients the dwelling elsewhere with a reason, or sets it aside from
//! the flow (internal transfer, urban renewal) —; its return to the landlord when the holder
//! presented no candidate within the delay; and its withdrawal with a reason (works, sale, a
//! mistake), refused while an offer waits for its answer or after one was accepted. Also the
//! lookups the steps and pages share: a dwelling, an organisme, the landlords, a vacancy with
//! its dwelling.

use super::{Author, StepError};
use crate::flux::orientation::orientation;
use logis_domain::allocation::{OfferAnswer, VacancyId, VacancyStatus};
use logis_domain::{Date, Logement, Organisme, OrganismeId, SetAside};
use logis_store::allocation::vacancies::{self, Vacancy, VacancyFilter};
use logis_store::{Store, lookup_all};

/// What a landlord declares.
#[derive(Debug, Clone, Default)]
pub struct Declaration {
    pub logement_id: String,
    pub disponible_le: Option<Date>,
    /// The reservation holder it is oriented to (empty: the one proposed).
    pub reservataire: String,
    /// Why another holder than the one proposed.
    pub motif_orientation: String,
    /// Why the letting is set aside from the flow (then it stays with the landlord).
    pub mis_de_cote: Option<SetAside>,
    /// The holder the form showed as proposed (empty: none shown): if the proposal changed
    /// since (another declaration, another day), an empty choice is refused with the new one.
    pub propose_vu: String,
}

/// The reason a form or the API names to set a letting aside (`relogement_anru`,
/// `mutation_interne`; empty: the letting is part of the flow), or a French refusal.
pub fn set_aside_of(code: &str) -> Result<Option<SetAside>, StepError> {
    match code.trim() {
        "" => Ok(None),
        code => SetAside::from_code(code).map(Some).ok_or_else(|| {
            StepError::refused(
                "mis de côté : « relogement_anru », « mutation_interne » ou rien (le logement est dans le flux)",
            )
        }),
    }
}

/// The holder of `dwelling`'s reservation in stock management, else its landlord: the one
/// proposed outside flux management.
pub fn proposed_holder(dwelling: &Logement) -> OrganismeId {
    dwelling.reservataire.as_ref().unwrap_or(&dwelling.bailleur).clone()
}

/// The dwelling `id`, or a French « not found ».
pub async fn dwelling(
    store: &dyn Store,
    id: &(impl AsRef<str> + ?Sized),
) -> Result<Logement, StepError> {
    let id = id.as_ref();
    lookup_all::<Logement>(store, &[id])
        .await?
        .into_iter()
        .next()
        .ok_or_else(|| StepError::NotFound(format!("aucun logement n'a l'identifiant {id}")))
}

/// The organisme `id`, if it exists.
pub async fn organisme(
    store: &dyn Store,
    id: &(impl AsRef<str> + ?Sized),
) -> Result<Option<Organisme>, StepError> {
    Ok(lookup_all::<Organisme>(store, &[id.as_ref()]).await?.into_iter().next())
}

/// Every landlord of the register, by name.
pub async fn landlords(store: &dyn Store) -> Result<Vec<Organisme>, StepError> {
    let mut found = Vec::new();
    logis_store::export_all::<Organisme>(store, &mut |o| {
        if o.kind == logis_domain::OrganismeType::Bailleur {
            found.push(o);
        }
        Ok(())
    })
    .await?;
    found.sort_by(|a, b| a.nom.cmp(&b.nom));
    Ok(found)
}

/// Checks and records `declaration`; the vacancy's number.
pub async fn declare(
    store: &dyn Store,
    declaration: &Declaration,
    author: &Author,
) -> Result<VacancyId, StepError> {
    let dwelling = dwelling(store, &declaration.logement_id).await?;
    author.check_manages(&dwelling.bailleur)?;
    let Some(disponible_le) = declaration.disponible_le else {
        return Err(StepError::refused(
            "indiquez la date à partir de laquelle le logement est libre",
        ));
    };
    if !crate::flux::conventions::YEARS.contains(&disponible_le.year()) {
        return Err(StepError::refused("la date de libération est hors des années suivies"));
    }
    let chosen = declaration.reservataire.trim();
    let set_aside = declaration.mis_de_cote;
    let proposed = match set_aside {
        Some(_) => dwelling.bailleur.clone(),
        None => orientation(store, &dwelling, disponible_le).await?.holder,
    };
    let holder = match chosen {
        "" => Some(proposed.clone()),
        chosen => OrganismeId::parse(chosen).ok(),
    };
    let motif = declaration.motif_orientation.trim();
    let mut errors = Vec::new();
    let proposed_name =
        organisme(store, &proposed).await?.map_or_else(|| proposed.to_string(), |o| o.nom);
    let seen = declaration.propose_vu.trim();
    if chosen.is_empty() && set_aside.is_none() && !seen.is_empty() && seen != proposed.as_str() {
        errors.push(format!(
            "la proposition a changé depuis l'ouverture de la page (une autre vacance déclarée, ou une autre date) : Logis propose maintenant {proposed_name} ; confirmez-le ou choisissez un autre réservataire"
        ));
    }
    if set_aside.is_some() && holder.as_ref() != Some(&dwelling.bailleur) {
        errors.push(
            "un logement mis de côté (mutation interne, relogement ANRU) n'est pas orienté : il reste au bailleur"
                .to_owned(),
        );
    }
    let open = VacancyFilter {
        logement_id: Some(&declaration.logement_id),
        statut: Some(VacancyStatus::Open),
        ..VacancyFilter::default()
    };
    if let Some(already) = vacancies::list(store, &open).await?.first() {
        errors.push(format!(
            "ce logement est déjà déclaré vacant (vacance n° {}) : complétez celle-ci",
            already.ligne
        ));
    }
    let known = match &holder {
        Some(h) => *h == dwelling.bailleur || organisme(store, h.as_str()).await?.is_some(),
        None => false,
    };
    if !known {
        let shown: String = chosen.chars().take(64).collect();
        errors.push(format!("aucun réservataire n'a l'identifiant {shown}"));
    }
    if set_aside.is_none() && holder.as_ref() != Some(&proposed) && motif.chars().count() < 5 {
        errors.push(format!(
            "le logement est orienté vers un autre réservataire que celui proposé ({proposed_name}) : indiquez le motif"
        ));
    }
    let Some(holder) = holder.filter(|_| errors.is_empty()) else {
        return Err(StepError::Refused(errors));
    };
    let vacancy = Vacancy {
        ligne: VacancyId::new(0),
        logement_id: dwelling.logement_id.clone(),
        bailleur: dwelling.bailleur.clone(),
        disponible_le,
        reservataire: holder.clone(),
        reservataire_propose: (holder != proposed).then_some(proposed),
        motif_orientation: (!motif.is_empty()).then(|| motif.to_owned()),
        statut: VacancyStatus::Open,
        declaree_par: author.login.clone(),
        declaree_le: author.moment,
        motif_retrait: None,
        mis_de_cote: set_aside,
        remise_le: None,
    };
    Ok(vacancies::declare(store, &vacancy).await?)
}

/// Vacancy `ligne` with its dwelling, or a French « not found ».
pub async fn with_dwelling(
    store: &dyn Store,
    ligne: VacancyId,
) -> Result<(Vacancy, Logement), StepError> {
    let vacancy = vacancies::one(store, ligne)
        .await?
        .ok_or_else(|| StepError::NotFound(format!("aucune vacance n° {ligne}")))?;
    let dwelling = dwelling(store, vacancy.logement_id.as_str()).await?;
    Ok((vacancy, dwelling))
}

/// Withdraws open vacancy `ligne` (works, sale, declared by mistake) with its reason; refused
/// while an offer waits for its answer or after it was accepted.
pub async fn withdraw(
    store: &dyn Store,
    ligne: VacancyId,
    motif: &str,
    author: &Author,
) -> Result<(), StepError> {
    let (vacancy, _) = with_dwelling(store, ligne).await?;
    author.check_manages(&vacancy.bailleur)?;
    if vacancy.statut != VacancyStatus::Open {
        return Err(StepError::refused("ce logement n'est plus vacant"));
    }
    let motif = motif.trim();
    if motif.chars().count() < 5 {
        return Err(StepError::refused(
            "indiquez pourquoi la vacance est retirée (travaux, vente, déclaration par erreur…)",
        ));
    }
    let made = logis_store::allocation::offers::of_vacancy(store, ligne).await?;
    if let Some(open) =
        made.iter().find(|o| o.is_pending() || o.reponse == Some(OfferAnswer::Accepted))
    {
        return Err(StepError::refused(format!(
            "une proposition à la demande {} est en cours : enregistrez d'abord sa réponse",
            open.numero_unique
        )));
    }
    store.execute(&[vacancies::withdraw(ligne, motif)]).await?;
    Ok(())
}

/// The last day the holder of `vacancy` has to present its candidates: `months` after the day
/// the vacancy was declared; the landlord may take the dwelling back from the day after.
pub fn holder_deadline(vacancy: &Vacancy, months: u32) -> Date {
    let declared = time::OffsetDateTime::from_unix_timestamp(vacancy.declaree_le)
        .map_or(vacancy.disponible_le, time::OffsetDateTime::date);
    logis_domain::calendar::months_after(declared, months)
}

/// Returns open vacancy `ligne` to its landlord for this letting: its holder presented no
/// candidate within `delay_months` of the declaration (no commission examined candidates for
/// it). It stays counted as oriented to the holder; the candidates shown then follow the
/// landlord's public.
pub async fn return_to_landlord(
    store: &dyn Store,
    ligne: VacancyId,
    delay_months: u32,
    author: &Author,
) -> Result<(), StepError> {
    let (vacancy, _) = with_dwelling(store, ligne).await?;
    author.check_manages(&vacancy.bailleur)?;
    if vacancy.statut != VacancyStatus::Open {
        return Err(StepError::refused("ce logement n'est plus vacant"));
    }
    if vacancy.reservataire == vacancy.bailleur || vacancy.remise_le.is_some() {
        return Err(StepError::refused("ce logement est déjà à la disposition du bailleur"));
    }
    let today = time::OffsetDateTime::from_unix_timestamp(author.moment)
        .map(logis_domain::french::paris_date)
        .map_err(|_| StepError::refused("moment illisible"))?;
    let deadline = holder_deadline(&vacancy, delay_months);
    if today <= deadline {
        return Err(StepError::refused(format!(
            "le réservataire a jusqu'au {} inclus pour présenter ses candidats (délai de {delay_months} mois)",
            logis_domain::french::date(deadline)
        )));
    }
    if !logis_store::allocation::commissions::decisions_on(store, ligne).await?.is_empty() {
        return Err(StepError::refused(
            "des candidats du réservataire ont été examinés en commission : le logement lui reste",
        ));
    }
    if store.execute(&[vacancies::return_to_landlord(ligne, author.moment)]).await? == 0 {
        return Err(StepError::refused(
            "le logement a changé entre-temps (décision de commission, location, retrait) : rechargez la page",
        ));
    }
    Ok(())
}

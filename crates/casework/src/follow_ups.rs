//! A social worker's follow-up of a household: linked by a reception desk or the EPCI, once the
//! household consented; the worker then reaches the application (its file, its labels).

use crate::{CaseworkError, Worker, reach};
use logis_access::Role;
use logis_domain::Date;
use logis_domain::work::EventNature;
use logis_store::Store;
use logis_store::access::accounts;
use logis_store::dossiers::followups::{self, FollowUp};
use logis_store::dossiers::notes::{self, Event};

/// Links the social worker of account `social_worker` to the household of application
/// `numero`, which consented on `consent` (given, and not after `today`), in the timeline and
/// the audit log; every mistake is said at once.
pub async fn follow(
    store: &dyn Store,
    worker: &Worker<'_>,
    numero: &str,
    social_worker: &str,
    consent: Option<Date>,
    today: Date,
) -> Result<FollowUp, CaseworkError> {
    if !worker.permissions().register_applications {
        return Err(CaseworkError::Forbidden);
    }
    let application = reach::reached(store, worker, numero).await?;
    let social_worker = social_worker.trim();
    let mut errors = Vec::new();
    let account = accounts::find(store, social_worker).await?;
    let followed_by = account.filter(|a| a.role == Role::TravailleurSocial).map(|a| a.login);
    if followed_by.is_none() {
        let shown: String = social_worker.chars().take(64).collect();
        errors.push(format!(
            "« {shown} » n'est pas le compte d'un travailleur social. Vérifiez l'identifiant auprès de l'administrateur."
        ));
    }
    match consent {
        None => errors
            .push("Indiquez la date à laquelle le ménage a donné son accord au suivi.".to_owned()),
        Some(day) if day > today => {
            errors.push("La date de consentement ne peut pas être dans le futur.".to_owned());
        }
        Some(_) => {}
    }
    let (Some(consent), Some(followed_by), true) = (consent, followed_by, errors.is_empty()) else {
        return Err(CaseworkError::Invalid(errors));
    };
    let link = FollowUp {
        numero_unique: application.numero_unique.clone(),
        login: followed_by,
        consentement_le: consent,
        cree_par: worker.login.to_owned(),
        cree_le: worker.at,
    };
    let event = Event {
        numero_unique: application.numero_unique.clone(),
        moment: worker.at,
        auteur: worker.login.to_owned(),
        nature: EventNature::FollowUp,
        detail: format!("Suivi social confié à {social_worker}, avec le consentement du ménage"),
    };
    store.execute(&[followups::create(&link), notes::write_event(&event)]).await?;
    worker.audit(store, format!("{numero} : suivi social")).await?;
    Ok(link)
}

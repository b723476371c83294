//! Holding a commission's session: its date, the members present (one per line, « qualité —
//! nom »), the place and the mayor with the casting vote, for a landlord the author manages (a
//! landlord's staff hold their own landlord's; the EPCI names the landlord).

use super::vacancy::organisme;
use super::{Author, StepError};
use logis_domain::allocation::CommissionId;
use logis_domain::{Date, OrganismeId, OrganismeType};
use logis_store::Store;
use logis_store::allocation::commissions::{self, Commission};

/// A session as asked for.
#[derive(Debug, Clone, Default)]
pub struct NewSession {
    /// The landlord (ignored for a landlord's staff: their own).
    pub bailleur: String,
    pub date_seance: Option<Date>,
    pub lieu: String,
    /// The members present, one per line.
    pub membres: String,
    pub maire: String,
}

/// Checks and records `asked`; the session's number.
pub async fn hold(
    store: &dyn Store,
    asked: &NewSession,
    author: &Author,
) -> Result<CommissionId, StepError> {
    let typed = match author.perimeter.landlord() {
        Some(own) => own.to_owned(),
        None => asked.bailleur.trim().to_owned(),
    };
    let landlord = OrganismeId::parse(&typed).ok();
    if let Some(landlord) = &landlord {
        author.check_manages(landlord)?;
    }
    let mut errors = Vec::new();
    if asked.date_seance.is_none() {
        errors.push("Indiquez la date de la séance.".to_owned());
    }
    let members: Vec<String> =
        asked.membres.lines().map(str::trim).filter(|m| !m.is_empty()).map(str::to_owned).collect();
    if members.is_empty() {
        errors.push("Indiquez les membres présents, un par ligne (qualité — nom).".to_owned());
    }
    let is_landlord = match &landlord {
        Some(id) => {
            organisme(store, id.as_str()).await?.is_some_and(|o| o.kind == OrganismeType::Bailleur)
        }
        None => false,
    };
    if !is_landlord {
        let shown: String = typed.chars().take(64).collect();
        errors.push(format!("Aucun bailleur n'a l'identifiant « {shown} »."));
    }
    let (Some(date_seance), Some(landlord), true) =
        (asked.date_seance, landlord, errors.is_empty())
    else {
        return Err(StepError::Refused(errors));
    };
    let session = Commission {
        ligne: CommissionId::new(0),
        bailleur: landlord,
        date_seance,
        lieu: asked.lieu.trim().to_owned(),
        membres: members,
        maire: asked.maire.trim().to_owned(),
        creee_par: author.login.clone(),
        creee_le: author.moment,
    };
    Ok(commissions::create(store, &session).await?)
}

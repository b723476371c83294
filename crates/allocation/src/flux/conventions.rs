//! A landlord's conventions of a year, amended as a whole by the EPCI or by the landlord:
//! every row checked (a known holder that is not the landlord, a share `0 < part ≤ 100`, a
//! commune code, no row twice), then the year's shares together (the whole flow and the
//! State's 30 % on every perimeter, `logis_flux::conventions`), then written in one
//! transaction (the caller writes the audit line, as for the workflow's steps). Refusals are French sentences naming the row.

use crate::workflow::{Author, StepError};
use logis_domain::{CodeInsee, Convention, Date, OrganismeId, OrganismeType, Part};
use logis_store::Store;
use std::collections::{BTreeSet, HashMap};

/// One row as typed on a form or sent to the API.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TypedRow {
    /// The holder's identifier.
    pub reservataire: String,
    /// The share in percent, `25` or `12,5`.
    pub part: String,
    /// The commune's INSEE code (empty: all the landlord's dwellings).
    pub commune: String,
    pub date_signature: Option<Date>,
}

/// The conventions of a landlord for a year, as they must now stand (none: the year has no
/// convention any more).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Amendment {
    pub bailleur: OrganismeId,
    pub annee: i32,
    pub rows: Vec<TypedRow>,
}

/// The most conventions a landlord's year may hold.
pub const MOST_ROWS: usize = 500;

/// The years a convention may be written for.
pub const YEARS: std::ops::RangeInclusive<i32> = 2000..=2100;

/// Checks and writes `amendment`; the conventions of the year as written.
pub async fn amend(
    store: &dyn Store,
    amendment: &Amendment,
    author: &Author,
) -> Result<Vec<Convention>, StepError> {
    author.check_manages(&amendment.bailleur)?;
    let landlord = crate::workflow::vacancy::organisme(store, &amendment.bailleur).await?;
    if landlord.as_ref().map(|o| o.kind) != Some(OrganismeType::Bailleur) {
        return Err(StepError::NotFound(format!(
            "aucun bailleur n'a l'identifiant {}",
            amendment.bailleur
        )));
    }
    if !YEARS.contains(&amendment.annee) {
        return Err(StepError::refused(format!(
            "l'année {} n'est pas une année de convention (de {} à {})",
            amendment.annee,
            YEARS.start(),
            YEARS.end()
        )));
    }
    if amendment.rows.len() > MOST_ROWS {
        return Err(StepError::refused(format!(
            "au plus {MOST_ROWS} conventions par bailleur et par année"
        )));
    }
    let mut errors = Vec::new();
    let mut kinds: HashMap<OrganismeId, OrganismeType> = HashMap::new();
    let mut rows = Vec::new();
    let mut keys = BTreeSet::new();
    for (index, typed) in amendment.rows.iter().enumerate() {
        let said = |message: String| format!("ligne {} : {message}", index + 1);
        let holder = typed.reservataire.trim();
        let reservataire = match OrganismeId::parse(holder) {
            Ok(id) if id == amendment.bailleur => {
                errors.push(said(
                    "le bailleur ne se réserve pas de part : il garde ce que les conventions laissent"
                        .to_owned(),
                ));
                continue;
            }
            Ok(id) => match crate::workflow::vacancy::organisme(store, &id).await? {
                Some(o) => {
                    kinds.insert(id.clone(), o.kind);
                    id
                }
                None => {
                    let shown: String = holder.chars().take(64).collect();
                    errors.push(said(format!("aucun réservataire n'a l'identifiant « {shown} »")));
                    continue;
                }
            },
            Err(_) => {
                errors.push(said("choisissez le réservataire".to_owned()));
                continue;
            }
        };
        let part = match Part::parse(&typed.part) {
            Ok(part) => part,
            Err(message) => {
                errors.push(said(message));
                continue;
            }
        };
        let commune = match typed.commune.trim() {
            "" => None,
            code => match CodeInsee::parse(code) {
                Ok(code) => Some(code),
                Err(_) => {
                    let shown: String = code.chars().take(16).collect();
                    errors.push(said(format!("« {shown} » n'est pas un code de commune (INSEE)")));
                    continue;
                }
            },
        };
        let key = (reservataire.clone(), commune.clone());
        if !keys.insert(key) {
            errors.push(said(
                "ce réservataire a déjà une ligne sur ce périmètre : additionnez les parts"
                    .to_owned(),
            ));
            continue;
        }
        rows.push(Convention {
            bailleur: amendment.bailleur.clone(),
            reservataire,
            annee: amendment.annee,
            part,
            commune,
            date_signature: typed.date_signature,
        });
    }
    if !errors.is_empty() {
        return Err(StepError::Refused(errors));
    }
    let is_state = |id: &OrganismeId| kinds.get(id) == Some(&OrganismeType::Etat);
    let breaches: Vec<String> = logis_flux::conventions::breaches(&rows, is_state)
        .iter()
        .map(ToString::to_string)
        .collect();
    if !breaches.is_empty() {
        return Err(StepError::Refused(breaches));
    }
    logis_store::flux::replace_year(store, &amendment.bailleur, amendment.annee, &rows).await?;
    Ok(rows)
}

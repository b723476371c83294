//! Recording a commission's decisions on one dwelling: the session and the vacancy must be the
//! same landlord's, every decision is checked ([`crate::commission::check`]), a candidate who
//! may get the dwelling must meet every rule for it, and each candidate's place in the score
//! order is computed here from the stored scores (not taken from the form).

use super::vacancy::with_dwelling;
use super::{Author, StepError};
use crate::commission::{Exception, Proposed, check};
use crate::{Applicant, Context, examine};
use logis_domain::NumeroUnique;
use logis_domain::allocation::{CommissionId, VacancyId, VacancyStatus};
use logis_domain::french::date as french_date;
use logis_domain::work::EventNature;
use logis_store::allocation::candidates::applications;
use logis_store::allocation::commissions::{self, AgendaItem, Commission, Decision};
use logis_store::{Store, StoredScore, lookup_all};
use std::collections::HashSet;

/// A candidate presented, as the score order sees it.
struct Presented {
    numero: NumeroUnique,
    score: Option<i64>,
    date_depot: logis_domain::Date,
}

/// Session `ligne`, or a French « not found ».
pub async fn commission(store: &dyn Store, ligne: CommissionId) -> Result<Commission, StepError> {
    commissions::one(store, ligne)
        .await?
        .ok_or_else(|| StepError::NotFound(format!("aucune commission n° {ligne}")))
}

/// Checks and records the decisions of session `commission_ligne` on vacancy `vacance`.
pub async fn decide(
    store: &dyn Store,
    commission_ligne: CommissionId,
    vacance: VacancyId,
    mut proposed: Vec<Proposed>,
    exception: Option<Exception>,
    context: &Context<'_>,
    author: &Author,
) -> Result<(), StepError> {
    let session = commission(store, commission_ligne).await?;
    author.check_manages(&session.bailleur)?;
    let (vacancy, dwelling) = with_dwelling(store, vacance).await?;
    if vacancy.bailleur != session.bailleur {
        return Err(StepError::refused(
            "ce logement n'est pas du bailleur de cette commission : une commission examine les logements de son bailleur",
        ));
    }
    if vacancy.statut != VacancyStatus::Open {
        return Err(StepError::refused("ce logement n'est plus vacant"));
    }
    let mut seen = HashSet::new();
    if let Some(twice) = proposed.iter().find(|p| !seen.insert(p.numero_unique.clone())) {
        return Err(StepError::refused(format!(
            "la demande {} est présentée deux fois : une décision par candidat",
            twice.numero_unique
        )));
    }
    let numeros: Vec<&str> = proposed.iter().map(|p| p.numero_unique.as_str()).collect();
    let read = applications(store, &numeros).await?;
    let mut errors = Vec::new();
    let mut ordered = Vec::new();
    for p in &proposed {
        let Some((demande, members)) =
            read.iter().find(|(d, _)| d.numero_unique == p.numero_unique)
        else {
            errors.push(format!("aucune demande n'a le numéro {}", p.numero_unique));
            continue;
        };
        let score = lookup_all::<StoredScore>(store, &[p.numero_unique.as_str()])
            .await?
            .first()
            .map(|s| s.score);
        if p.nature.allocates() {
            let verdict = examine(&dwelling, &Applicant { demande, members, score }, context);
            if !verdict.is_candidate() {
                errors.push(format!(
                    "demande {} : ne peut pas recevoir ce logement ({})",
                    p.numero_unique,
                    verdict.excluded.join(" ; ")
                ));
            } else if verdict.eligibility_unknown && !p.plafond_verifie {
                errors.push(format!(
                    "demande {} : Logis n'a pas pu vérifier ses ressources au regard du plafond ({}) : vérifiez-les sur son avis d'imposition et cochez « revenu vérifié au regard du plafond publié » pour l'attribuer",
                    p.numero_unique,
                    verdict.to_check.join(" ; ")
                ));
            }
        }
        ordered.push(Presented {
            numero: p.numero_unique.clone(),
            score,
            date_depot: demande.date_depot,
        });
    }
    // The score order: highest score first, then the oldest filing (as the candidates list).
    ordered.sort_by_key(|c| {
        (std::cmp::Reverse(c.score.unwrap_or(i64::MIN)), c.date_depot, c.numero.clone())
    });
    for p in &mut proposed {
        p.position_score =
            ordered.iter().position(|c| c.numero == p.numero_unique).map_or(0, |i| i as i64 + 1);
    }
    errors.extend(check(&proposed, exception, session.date_seance).into_iter().map(
        |(numero, message)| match numero {
            Some(n) => format!("demande {n} : {message}"),
            None => message,
        },
    ));
    if !errors.is_empty() {
        return Err(StepError::Refused(errors));
    }
    let mut statements = vec![commissions::put_on_agenda(&AgendaItem {
        commission: commission_ligne,
        vacance,
        exception,
    })];
    let decisions: Vec<Decision> = proposed
        .iter()
        .map(|p| Decision {
            commission: commission_ligne,
            vacance,
            numero_unique: p.numero_unique.clone(),
            position_score: p.position_score,
            score: ordered.iter().find(|c| c.numero == p.numero_unique).and_then(|c| c.score),
            nature: p.nature,
            rang: p
                .allocation_rank()
                .filter(|_| p.nature != crate::commission::Nature::Attribution),
            piece_manquante: p.piece_manquante.clone(),
            echeance: p.echeance,
            motif: p.motif.clone(),
            motif_ecart: p.motif_ecart.clone(),
            plafond_verifie: p.plafond_verifie,
            decidee_par: author.login.clone(),
            decidee_le: author.moment,
        })
        .collect();
    statements.extend(commissions::replace_decisions(commission_ligne, vacance, &decisions));
    for p in &proposed {
        let rank = p.allocation_rank().map(|r| format!(", rang {r}")).unwrap_or_default();
        let checked = if p.plafond_verifie {
            format!(" ; revenu vérifié au regard du plafond publié, selon {}", author.login)
        } else {
            String::new()
        };
        statements.push(author.event(
            &p.numero_unique,
            EventNature::Commission,
            format!(
                "Commission d'attribution du {} : {}{rank} pour le logement {} ({} {}){checked}",
                french_date(session.date_seance),
                p.nature.label(),
                dwelling.logement_id.as_str(),
                dwelling.typologie.code(),
                context.commune_name
            ),
        ));
    }
    store.execute(&statements).await?;
    Ok(())
}

//! Matching a vacant dwelling (rules.md, « Matching a vacant dwelling »): for each application,
//! the rules that make it a candidate or exclude it, in French ([`examine`]), and the candidates
//! ranked by score then seniority ([`rank`]); what the dwelling would cost each one
//! ([`budget`]) and which objectives they would help ([`objectives`]), with the settings the
//! examination reads ([`examination`]); what a commission may decide ([`commission`]); the
//! candidates read from a store through its index ([`stored`]); the steps from the vacancy to
//! the lease ([`workflow`]); reservation rights as a yearly flow ([`flux`]); the objectives followed live ([`progress`]).

pub mod budget;
pub mod commission;
pub mod contacts;
pub mod examination;
pub mod flux;
pub mod objectives;
pub mod progress;
pub mod public;
pub mod sizes;
pub mod stored;
pub mod workflow;

use logis_domain::{Demande, Logement, Membre, Statut};
use logis_eligibility::{CeilingTables, Zone, category_of_application};
use public::HolderPublic;
use sizes::SizeFit;
use time::Date;

/// What the examination needs besides the dwelling and the application.
pub struct Context<'a> {
    pub ceilings: &'a CeilingTables,
    pub sizes: &'a SizeFit,
    /// The public of the reservation holder the dwelling is oriented to.
    pub public: HolderPublic,
    /// The day of the decision (ages, the ceilings' year).
    pub on: Date,
    /// The commune's name, for the sentences.
    pub commune_name: &'a str,
}

/// One application as the examination sees it.
pub struct Applicant<'a> {
    pub demande: &'a Demande,
    pub members: &'a [Membre],
    /// The current score, if scored.
    pub score: Option<i64>,
}

/// The verdict on one application for one dwelling.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verdict {
    /// Why it fits (shown beside a candidate).
    pub fits: Vec<String>,
    /// Why it is excluded (empty for a candidate): « pourquoi pas ? ».
    pub excluded: Vec<String>,
    /// What a partner should check (an unknown income, say); does not exclude.
    pub to_check: Vec<String>,
    /// Whether the income could not be checked against the ceiling (the year's table not
    /// loaded, or no revenu fiscal de référence): an allocation then needs the officer's word.
    pub eligibility_unknown: bool,
}

impl Verdict {
    pub fn is_candidate(&self) -> bool {
        self.excluded.is_empty()
    }
}

/// Every rule, for `applicant` and `dwelling`.
pub fn examine(dwelling: &Logement, applicant: &Applicant<'_>, context: &Context<'_>) -> Verdict {
    let d = applicant.demande;
    let mut verdict = Verdict {
        fits: Vec::new(),
        excluded: Vec::new(),
        to_check: Vec::new(),
        eligibility_unknown: false,
    };
    if d.statut != Statut::Active {
        verdict.excluded.push(format!("la demande n'est plus active ({})", d.statut.label()));
    }
    if d.communes_souhaitees.contains(&dwelling.commune) {
        verdict.fits.push(format!("souhaite {}", context.commune_name));
    } else {
        verdict.excluded.push(format!("ne souhaite pas {}", context.commune_name));
    }
    let persons = applicant.members.len().max(1);
    match context.sizes.verdict(dwelling.typologie, persons) {
        Ok(fit) => verdict.fits.push(fit),
        Err(why) => verdict.excluded.push(why),
    }
    eligibility(dwelling, applicant, context, &mut verdict);
    if d.pmr == Some(true) {
        if dwelling.pmr == Some(true) {
            verdict.fits.push("logement accessible, comme le ménage en a besoin".to_owned());
        } else {
            verdict.excluded.push("le ménage a besoin d'un logement accessible en fauteuil roulant : celui-ci ne l'est pas".to_owned());
        }
    }
    match context.public.admits(d) {
        Ok(Some(why)) => verdict.fits.push(why),
        Ok(None) => {}
        Err(why) => verdict.excluded.push(why),
    }
    verdict
}

fn eligibility(
    dwelling: &Logement,
    applicant: &Applicant<'_>,
    context: &Context<'_>,
    verdict: &mut Verdict,
) {
    let d = applicant.demande;
    let category = category_of_application(d, applicant.members, context.on);
    let zone = Zone::of_commune(dwelling.commune.as_str());
    let financing = dwelling.financement.code();
    match context.ceilings.ceiling(context.on.year(), zone, dwelling.financement, &category) {
        Err(missing) => {
            verdict.eligibility_unknown = true;
            verdict.to_check.push(format!("plafond de ressources non vérifié : {missing}"));
        }
        Ok(ceiling) => match d.revenu_fiscal_reference {
            None => {
                verdict.eligibility_unknown = true;
                verdict.to_check.push(format!(
                    "revenu fiscal de référence non renseigné : le plafond {financing} ({} €, {}) n'a pas pu être vérifié",
                    euros(ceiling),
                    category.describe()
                ));
            }
            Some(rfr) if logis_eligibility::ceilings::within(rfr, ceiling) => verdict.fits.push(format!(
                "sous le plafond {financing} ({} € pour {} € de revenu fiscal de référence, {})",
                euros(ceiling),
                euros(rfr),
                category.describe()
            )),
            Some(rfr) => verdict.excluded.push(format!(
                "revenu fiscal de référence au-dessus du plafond {financing} : {} € pour {} € ({})",
                euros(rfr),
                euros(ceiling),
                category.describe()
            )),
        },
    }
}

/// Whole euros the French way (`45 374`).
fn euros(amount: logis_domain::Amount) -> String {
    logis_domain::french::int((amount.cents() / 100).max(0) as u64)
}

/// The candidates among `applicants` (those no rule excludes), highest score first, then the
/// oldest filing; each with its verdict.
pub fn rank<'a>(
    dwelling: &Logement,
    applicants: &'a [Applicant<'a>],
    context: &Context<'_>,
) -> Vec<(&'a Applicant<'a>, Verdict)> {
    let mut candidates: Vec<(&Applicant, Verdict)> = applicants
        .iter()
        .map(|a| (a, examine(dwelling, a, context)))
        .filter(|(_, v)| v.is_candidate())
        .collect();
    candidates.sort_by(|(a, _), (b, _)| {
        b.score
            .unwrap_or(i64::MIN)
            .cmp(&a.score.unwrap_or(i64::MIN))
            .then(a.demande.date_depot.cmp(&b.demande.date_depot))
            .then(a.demande.numero_unique.as_str().cmp(b.demande.numero_unique.as_str()))
    });
    candidates
}

#[cfg(test)]
mod tests;

//! The reception desk's home page (« guichet », an account attached to a commune): the quick
//! search, then in its commune the applications to complete (registered this past month
//! and lacking what the cotation or the rules need: a way to reach the household, the
//! reference tax income, evidence of a declared priority), those to renew within the month (the
//! applications list's filter), and those registered this week. The applications to complete
//! are listed by name: the list is written in the audit log.

use super::common::Figure;
use crate::audit;
use crate::format;
use crate::guard::{Origin, Principal};
use crate::list_query::ListQuery;
use crate::render::{self, Layout, Refusal};
use crate::state::AppState;
use askama::Template;
use axum::response::Response;
use logis_domain::calendar::months_before;
use logis_store::dossiers::desk;
use logis_store::dossiers::search::{Sort, search};

/// The applications to complete shown by name (the others: the count).
const SHOWN: u32 = 10;
/// Counts stop past this many (« plus de »).
const CAP: u64 = 999;

/// One application to complete.
pub struct ToCompleteLine {
    pub numero: String,
    pub nom: String,
    pub depot: String,
    pub missing: String,
}

#[derive(Template)]
#[template(path = "accueil_guichet.html")]
struct DeskPage {
    layout: Layout,
    reference: String,
    /// The commune's name (`None`: an account attached to no commune).
    commune: Option<String>,
    figures: Vec<Figure>,
    to_complete: Vec<ToCompleteLine>,
    /// Since when the applications to complete are looked for.
    since: String,
}

/// A count, or « plus de » past the cap.
fn counted(n: u64) -> String {
    if n > CAP { format!("plus de {}", format::int(CAP)) } else { format::int(n) }
}

/// What an application lacks, in words.
fn missing(line: &desk::ToComplete) -> String {
    let mut said = Vec::new();
    if line.no_contact {
        said.push("ni courriel ni téléphone");
    }
    if line.no_income {
        said.push("revenu fiscal de référence manquant");
    }
    if line.unproven_priority {
        said.push("situation prioritaire déclarée sans justificatif");
    }
    said.join(" ; ")
}

pub async fn show(
    state: &AppState,
    principal: &Principal,
    origin: &Origin,
) -> Result<Response, Refusal> {
    let today = state.clock.today();
    // A month of registrations, read along the filing dates' index: the new files are the ones
    // to complete, and a month stays a small part of a national register.
    let since = months_before(today, 1);
    let mut figures = Vec::new();
    let mut to_complete = Vec::new();
    let commune = principal.commune.as_deref();
    if let Some(code) = commune {
        let store = &*state.store;
        let name = state.communes.name(code);
        let monday =
            today - time::Duration::days(i64::from(today.weekday().number_days_from_monday()));
        let (lines, lacking) = desk::to_complete(store, code, (since, today), SHOWN, CAP).await?;
        let renew =
            ListQuery { renouveler: "1".into(), commune: code.to_owned(), ..ListQuery::default() };
        let (filter, _) = renew.filter(principal, &state.communes, today);
        let to_renew = search(store, &filter, Sort::Anciennete, 0, 0, CAP).await?;
        let this_week = desk::registered(store, code, (monday, today), CAP).await?;
        let renew_link =
            format!("/demandes?renouveler=1&commune={}&tri=anciennete", format::url_encoded(&name));
        figures = vec![
            Figure::written(counted(lacking), "demandes à compléter (enregistrées depuis un mois)")
                .linked("#a-completer"),
            Figure::written(
                if to_renew.more {
                    format!("plus de {}", format::int(to_renew.matching))
                } else {
                    format::int(to_renew.matching)
                },
                "demandes à renouveler dans le mois",
            )
            .linked(renew_link),
            Figure {
                value: counted(this_week),
                ..Figure::new(
                    0,
                    format!(
                        "demandes enregistrées cette semaine (depuis le {})",
                        format::date(monday)
                    ),
                )
            },
        ];
        to_complete = lines
            .iter()
            .map(|l| ToCompleteLine {
                numero: l.numero_unique.clone(),
                nom: [l.nom.as_deref(), l.prenom.as_deref()]
                    .into_iter()
                    .flatten()
                    .collect::<Vec<_>>()
                    .join(" "),
                depot: format::date(l.date_depot),
                missing: missing(l),
            })
            .collect();
        if !to_complete.is_empty() {
            let what = format!(
                "accueil du guichet, demandes à compléter de {name}, {} noms affichés",
                to_complete.len()
            );
            audit::by(state, principal, origin, audit::Action::Consultation, &what).await?;
        }
    }
    Ok(render::page(&DeskPage {
        layout: Layout::new(state, principal, "Tableau de bord", "/"),
        reference: format::date(today),
        commune: commune.map(|c| state.communes.name(c)),
        figures,
        to_complete,
        since: format::date(since),
    }))
}

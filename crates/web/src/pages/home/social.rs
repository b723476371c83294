//! The social worker's home page (« travailleur social »): the households it follows, each with
//! what changed since its previous visit (its sign-in before this one, read in the audit log's
//! `connexion` lines): registrations, changes, priority labels, commission decisions, offers and
//! answers, as the application's timeline records them. The page lists names: it is written in
//! the audit log.

use crate::audit;
use crate::format;
use crate::guard::{Origin, Principal};
use crate::render::{self, Layout, Refusal};
use crate::state::AppState;
use askama::Template;
use axum::response::Response;
use logis_store::access::audit::{AuditAction, of_action_since};
use logis_store::dossiers::notes;
use logis_store::dossiers::search::{ApplicationFilter, Sort, search};

/// The most households shown (a social worker follows a few).
const SHOWN: u32 = 50;
/// How far back the previous visit is looked for, and what « new » means without one.
const ONE_YEAR: i64 = 365 * 86_400;
const ONE_MONTH: i64 = 30 * 86_400;

/// One change of a household.
pub struct Change {
    pub when: String,
    pub what: String,
}

/// One household followed.
pub struct Household {
    pub numero: String,
    pub nom: String,
    pub statut: String,
    pub score: String,
    pub changes: Vec<Change>,
}

#[derive(Template)]
#[template(path = "accueil_social.html")]
struct SocialPage {
    layout: Layout,
    /// Since when changes are new, in words.
    since: String,
    households: Vec<Household>,
    changed: usize,
}

/// The moment of the sign-in before the current one (`None`: none within a year).
async fn previous_visit(state: &AppState, login: &str) -> Result<Option<i64>, Refusal> {
    let since = state.clock.unix() - ONE_YEAR;
    let sign_ins =
        of_action_since(&*state.store, AuditAction::SignIn, Some(login), since, 2).await?;
    Ok(sign_ins.get(1).map(|e| e.at))
}

pub async fn show(
    state: &AppState,
    principal: &Principal,
    origin: &Origin,
) -> Result<Response, Refusal> {
    let store = &*state.store;
    let previous = previous_visit(state, &principal.login).await?;
    let since = previous.unwrap_or(state.clock.unix() - ONE_MONTH);
    let filter = ApplicationFilter {
        suivi_par: Some(principal.login.clone()),
        ..ApplicationFilter::default()
    };
    let found = search(store, &filter, Sort::Score, 0, SHOWN, u64::from(SHOWN)).await?;
    let mut households = Vec::new();
    for line in &found.lines {
        let mut events = notes::events_of(store, &line.numero_unique).await?;
        events.retain(|e| e.moment > since);
        events.sort_by_key(|e| std::cmp::Reverse(e.moment));
        households.push(Household {
            numero: line.numero_unique.clone(),
            nom: [line.nom.as_deref(), line.prenom.as_deref()]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(" "),
            statut: logis_domain::Statut::from_code(&line.statut)
                .map_or_else(|| line.statut.clone(), |s| s.label().to_owned()),
            score: line.score.map_or_else(|| "non cotée".to_owned(), |s| format!("{s} points")),
            changes: events
                .iter()
                .map(|e| Change {
                    when: format::moment(e.moment),
                    what: format!("{} : {}", render::sentence(e.nature.label()), e.detail),
                })
                .collect(),
        });
    }
    // The households with news first, in the order of their score otherwise.
    households.sort_by_key(|h| h.changes.is_empty());
    if !households.is_empty() {
        let what = format!(
            "accueil du travailleur social, ménages suivis, {} noms affichés",
            households.len()
        );
        audit::by(state, principal, origin, audit::Action::Consultation, &what).await?;
    }
    Ok(render::page(&SocialPage {
        layout: Layout::new(state, principal, "Tableau de bord", "/"),
        since: match previous {
            Some(at) => format!("depuis votre dernière visite, le {}", format::moment(at)),
            None => "ces trente derniers jours".to_owned(),
        },
        changed: households.iter().filter(|h| !h.changes.is_empty()).count(),
        households,
    }))
}

//! The possible duplicates, for the EPCI: each pair side by side (what they share, what
//! differs), merged — the application registered first kept with its numéro and date, the
//! other struck off as a doublon — or dismissed (two households), twenty pairs a page. A list
//! of names: every page read is in the audit log.

use crate::audit;
use crate::format;
use crate::guard::{Origin, Principal};
use crate::pages::file::list_of;
use crate::render::{self, Layout, Refusal};
use crate::state::AppState;
use askama::Template;
use axum::Extension;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use logis_domain::{Demande, Lien};
use logis_store::dossiers::duplicate_keys::{email_key, phone_key};
use logis_store::dossiers::duplicates::{self, Criterion, DecisionRefused, Pair};
use logis_store::dossiers::renewal::Actor;

use serde::Deserialize;

/// Pairs shown on one page.
const PER_PAGE: u64 = 20;
/// The last page asked for that is read (beyond, the list is read from there: a number
/// typed in the address cannot overflow the offset).
const LAST_PAGE: u64 = 1_000_000;

#[derive(Debug, Default, Deserialize)]
pub struct DuplicatesQuery {
    #[serde(default)]
    page: u64,
    /// What was just done, said once: `fusion` or `ecart`.
    #[serde(default)]
    fait: String,
}

/// One line of the comparison: the field, each application's value, whether they are equal.
pub struct Compared {
    pub label: &'static str,
    pub older: String,
    pub newer: String,
    pub same: bool,
}

/// A pair as the page shows it.
pub struct PairView {
    pub ancien: String,
    pub recent: String,
    pub why: String,
    pub found: String,
    pub lines: Vec<Compared>,
}

#[derive(Template)]
#[template(path = "doublons.html")]
struct DuplicatesPage {
    layout: Layout,
    pairs: Vec<PairView>,
    total: u64,
    page: u64,
    pages: u64,
    done: Option<&'static str>,
}

/// What the page says once after a decision.
fn done_message(code: &str) -> Option<&'static str> {
    match code {
        "fusion" => Some(
            "Les demandes sont fusionnées : la plus ancienne est conservée, l'autre est radiée (motif « doublon »).",
        ),
        "ecart" => Some("L'alerte est écartée : ces deux demandes ne seront plus signalées."),
        _ => None,
    }
}

/// The facts compared, for one application and its titulaire's birth date.
fn facts(
    state: &AppState,
    d: &Demande,
    born: Option<logis_domain::Date>,
    size: usize,
) -> Vec<(&'static str, String)> {
    let commune = |c: &logis_domain::CodeInsee| state.communes.name(c.as_str());
    let or_dash =
        |v: Option<String>| v.filter(|s| !s.trim().is_empty()).unwrap_or_else(|| "—".into());
    vec![
        ("Déposée le", format::date(d.date_depot)),
        ("Dernier renouvellement", d.date_renouvellement.map_or_else(|| "—".into(), format::date)),
        ("Nom", or_dash(d.nom.clone())),
        ("Prénom", or_dash(d.prenom.clone())),
        ("Date de naissance du titulaire", born.map_or_else(|| "—".into(), format::date)),
        ("Adresse électronique", or_dash(d.email.clone())),
        ("Téléphone", or_dash(d.telephone.clone())),
        ("Adresse", or_dash(d.adresse.clone())),
        ("Commune de résidence", d.commune_residence.as_ref().map_or_else(|| "—".into(), commune)),
        ("Situation de logement", d.situation_logement.label().to_owned()),
        ("Personnes du ménage", size.to_string()),
        ("Typologies souhaitées", list_of(&d.typologies_souhaitees, |t| t.label().to_owned())),
        ("Communes souhaitées", list_of(&d.communes_souhaitees, commune)),
        ("Ressources mensuelles", format::euros(d.ressources_mensuelles.cents())),
        ("Guichet d'enregistrement", or_dash(d.guichet.clone())),
    ]
}

/// One application's facts, read from the store.
async fn read_facts(
    state: &AppState,
    numero: &str,
) -> Result<Vec<(&'static str, String)>, Refusal> {
    let d = crate::dossier::application(state, numero).await?;
    let members = crate::dossier::members_of(&*state.store, numero).await?;
    let born = members.iter().find(|m| m.lien == Lien::Titulaire).map(|m| m.date_naissance);
    Ok(facts(state, &d, born, members.len()))
}

/// A value as the search for duplicates compares it: names folded, an e-mail without case, a
/// phone number by its digits (« 06 12 34 56 78 » is « 0612345678 »).
fn compared_as(label: &str, value: &str) -> String {
    let key = match label {
        "Nom" | "Prénom" => Some(logis_domain::french::folded(value)),
        "Adresse électronique" => email_key(Some(value)),
        "Téléphone" => phone_key(Some(value)),
        _ => None,
    };
    key.unwrap_or_else(|| value.to_owned())
}

async fn view(state: &AppState, pair: &Pair) -> Result<PairView, Refusal> {
    let older = read_facts(state, &pair.ancien).await?;
    let newer = read_facts(state, &pair.recent).await?;
    let lines = older
        .into_iter()
        .zip(newer)
        .map(|((label, older), (_, newer))| Compared {
            label,
            same: compared_as(label, &older) == compared_as(label, &newer),
            older,
            newer,
        })
        .collect();
    let why: Vec<&str> = pair.criteres.iter().map(|c| Criterion::label(*c)).collect();
    Ok(PairView {
        ancien: pair.ancien.clone(),
        recent: pair.recent.clone(),
        why: why.join(" ; "),
        found: format::date(pair.detecte_le),
        lines,
    })
}

pub async fn show(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
    Extension(origin): Extension<Origin>,
    Query(query): Query<DuplicatesQuery>,
) -> Result<Response, Refusal> {
    let page = query.page.min(LAST_PAGE);
    let (pairs, total) = duplicates::pending(&*state.store, page * PER_PAGE, PER_PAGE).await?;
    let mut views = Vec::with_capacity(pairs.len());
    for pair in &pairs {
        views.push(view(&state, pair).await?);
    }
    let what = format!(
        "doublons possibles, page {} : {} paires affichées ({})",
        page + 1,
        views.len(),
        pairs
            .iter()
            .map(|p| format!("{} et {}", p.ancien, p.recent))
            .collect::<Vec<_>>()
            .join(", ")
    );
    audit::by(&state, &principal, &origin, audit::Action::Consultation, &what).await?;
    let page = DuplicatesPage {
        layout: Layout::new(&state, &principal, "Doublons possibles", "/doublons"),
        pairs: views,
        total,
        page,
        pages: total.div_ceil(PER_PAGE),
        done: done_message(&query.fait),
    };
    Ok(render::page(&page))
}

/// The decision's refusal in French.
fn refused(e: DecisionRefused) -> Refusal {
    match e {
        DecisionRefused::Store(e) => e.into(),
        other => Refusal::BadRequest(format!("Rien n'est changé : {other}.")),
    }
}

fn actor<'a>(principal: &'a Principal, origin: &'a Origin, now: time::OffsetDateTime) -> Actor<'a> {
    Actor { login: &principal.login, origin: &origin.0, at: now.unix_timestamp() }
}

pub async fn merge(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
    Extension(origin): Extension<Origin>,
    Path((ancien, recent)): Path<(String, String)>,
) -> Result<Response, Refusal> {
    let now = state.clock.now();
    let by = actor(&principal, &origin, now);
    duplicates::merge(&*state.store, &ancien, &recent, logis_domain::french::paris_date(now), &by)
        .await
        .map_err(refused)?;
    state.data_changed();
    state.rescorer.request(state.store.clone(), state.clock.clone());
    Ok(Redirect::to("/doublons?fait=fusion").into_response())
}

pub async fn dismiss(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
    Extension(origin): Extension<Origin>,
    Path((ancien, recent)): Path<(String, String)>,
) -> Result<Response, Refusal> {
    let by = actor(&principal, &origin, state.clock.now());
    duplicates::dismiss(&*state.store, &ancien, &recent, &by).await.map_err(refused)?;
    Ok(Redirect::to("/doublons?fait=ecart").into_response())
}

/// The pairs of one application, for its file: (the other numéro, why), to examine.
pub async fn of_application(
    state: &AppState,
    numero: &str,
) -> Result<Vec<(String, String)>, Refusal> {
    let pairs = duplicates::of_application(&*state.store, numero).await?;
    Ok(pairs
        .into_iter()
        .map(|p| {
            let other = if p.ancien == numero { p.recent } else { p.ancien };
            let why: Vec<&str> = p.criteres.iter().map(|c| c.label()).collect();
            (other, why.join(" ; "))
        })
        .collect())
}

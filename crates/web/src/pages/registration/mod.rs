//! Registering and updating an application (guichet, administrateur): one form for both, given
//! as the files of format v1 it makes ([`fileset`]) and saved by `crate::typed_files`: checked
//! by exactly the import's rules — a value the import would refuse is refused here with the same
//! French message, shown beside its field, and nothing is written — then written in one
//! ordinary transaction. A saved change is in the file's timeline and the audit log; the
//! cotation follows in the background.

pub mod fileset;
mod view;

use crate::audit;
use crate::guard::{Origin, Principal};
use crate::render::{self, Refusal};
use crate::state::AppState;
use crate::typed_files::{Problems, save_typed};
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Extension, Form};
use fileset::{MEMBER_LINES, TypedMember};
use logis_domain::work::EventNature;
use logis_domain::{Demande, Membre, NumeroUnique};
use logis_store::dossiers::notes::{self, Event};
use logis_store::lookup_all;
use std::collections::BTreeMap;
use view::FormPage;

/// What the form sent: every field, a list's values joined with `|` as in format v1.
pub struct Typed {
    pub numero: String,
    pub fields: BTreeMap<String, String>,
    pub members: Vec<TypedMember>,
}

fn read(pairs: Vec<(String, String)>, communes: &crate::state::Communes) -> Typed {
    let mut fields: BTreeMap<String, String> = BTreeMap::new();
    let mut members = vec![TypedMember::default(); MEMBER_LINES];
    let mut numero = String::new();
    for (key, value) in pairs {
        if key == "numero_unique" {
            numero = value.trim().to_owned();
        } else if let Some(i) =
            key.strip_prefix("membre_lien_").and_then(|n| n.parse::<usize>().ok())
        {
            if let Some(m) = members.get_mut(i) {
                m.lien = value;
            }
        } else if let Some(i) =
            key.strip_prefix("membre_naissance_").and_then(|n| n.parse::<usize>().ok())
        {
            if let Some(m) = members.get_mut(i) {
                m.naissance = value;
            }
        } else if key == "commune_residence" {
            // A name or a code: the code for the file.
            let typed = value.trim();
            let code = communes.code_of(typed).unwrap_or_else(|| typed.to_owned());
            fields.insert(key, code);
        } else if key == "communes_souhaitees" {
            // Names or codes, separated by commas: codes for the file.
            let codes: Vec<String> = value
                .split([',', ';', '|'])
                .map(str::trim)
                .filter(|c| !c.is_empty())
                .map(|c| communes.code_of(c).unwrap_or_else(|| c.to_owned()))
                .collect();
            fields.insert(key, codes.join("|"));
        } else if fileset::EDITED.contains(&key.as_str()) {
            let entry = fields.entry(key).or_default();
            if !entry.is_empty() && !value.trim().is_empty() {
                entry.push('|');
            }
            entry.push_str(value.trim());
        }
    }
    Typed { numero, fields, members }
}

async fn stored(state: &AppState, numero: &str) -> Result<Option<(Demande, Vec<Membre>)>, Refusal> {
    let Some(d) = lookup_all::<Demande>(&*state.store, &[numero]).await?.into_iter().next() else {
        return Ok(None);
    };
    Ok(Some((d, crate::dossier::members_of(&*state.store, numero).await?)))
}

pub async fn new_form(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
) -> Result<Response, Refusal> {
    Ok(render::page(&FormPage::blank(&state, &principal).with_landlords(&state).await?))
}

pub async fn edit_form(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
    Extension(origin): Extension<Origin>,
    Path(numero): Path<String>,
) -> Result<Response, Refusal> {
    let (d, members) = stored(&state, &numero).await?.ok_or(Refusal::NotFound)?;
    let what = format!("formulaire de modification, {numero}");
    audit::by(&state, &principal, &origin, audit::Action::Consultation, &what).await?;
    let page = FormPage::of_stored(&state, &principal, &d, &members);
    Ok(render::page(&page.with_landlords(&state).await?))
}

/// Saves `typed` under the import's rules, with its event in the application's timeline in the
/// same transaction; the French problems by field when it is refused.
async fn save(
    state: &AppState,
    principal: &Principal,
    typed: &Typed,
    existing: Option<&Demande>,
) -> Result<Result<(), Problems>, Refusal> {
    let cells = fileset::application_cells(&typed.numero, existing, &typed.fields);
    let creation = existing.is_none();
    // A numéro that is not one is refused by the save's checks, and nothing is written.
    let event = NumeroUnique::parse(&typed.numero).ok().map(|numero_unique| Event {
        numero_unique,
        moment: state.clock.unix(),
        auteur: principal.login.clone(),
        nature: if creation { EventNature::Creation } else { EventNature::Modification },
        detail: if creation { "Demande enregistrée dans Logis" } else { "Demande mise à jour" }
            .to_owned(),
    });
    let steps = event.iter().map(notes::write_event).collect();
    save_typed(state, fileset::files(&typed.numero, &cells, &typed.members), steps).await
}

async fn after_save(
    state: &AppState,
    principal: &Principal,
    origin: &Origin,
    numero: &str,
    creation: bool,
) -> Result<Response, Refusal> {
    let action = if creation { audit::Action::Creation } else { audit::Action::Modification };
    audit::by(state, principal, origin, action, numero).await?;
    state.rescorer.request(state.store.clone(), state.clock.clone());
    state.data_changed();
    let done = if creation { "creation" } else { "modification" };
    Ok(Redirect::to(&format!("/demandes/{numero}?fait={done}")).into_response())
}

fn refused(page: FormPage) -> Response {
    (StatusCode::UNPROCESSABLE_ENTITY, render::page(&page)).into_response()
}

pub async fn create(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
    Extension(origin): Extension<Origin>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, Refusal> {
    let typed = read(pairs, &state.communes);
    let mut problems = BTreeMap::new();
    if typed.numero.is_empty() {
        problems.insert(
            "numero_unique".to_owned(),
            vec!["Indiquez le numéro unique attribué à l'enregistrement.".to_owned()],
        );
    } else if stored(&state, &typed.numero).await?.is_some() {
        problems.insert(
            "numero_unique".to_owned(),
            vec![format!("La demande {} existe déjà : ouvrez-la pour la modifier.", typed.numero)],
        );
    }
    if !problems.is_empty() {
        let page = FormPage::typed(&state, &principal, &typed, None, problems);
        return Ok(refused(page.with_landlords(&state).await?));
    }
    match save(&state, &principal, &typed, None).await? {
        Ok(()) => after_save(&state, &principal, &origin, &typed.numero, true).await,
        Err(problems) => {
            let page = FormPage::typed(&state, &principal, &typed, None, problems);
            Ok(refused(page.with_landlords(&state).await?))
        }
    }
}

pub async fn update(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
    Extension(origin): Extension<Origin>,
    Path(numero): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, Refusal> {
    let (existing, _) = stored(&state, &numero).await?.ok_or(Refusal::NotFound)?;
    let mut typed = read(pairs, &state.communes);
    typed.numero = numero.clone();
    match save(&state, &principal, &typed, Some(&existing)).await? {
        Ok(()) => after_save(&state, &principal, &origin, &numero, false).await,
        Err(problems) => {
            let page = FormPage::typed(&state, &principal, &typed, Some(&numero), problems);
            Ok(refused(page.with_landlords(&state).await?))
        }
    }
}

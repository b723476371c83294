//! Renewing the application online, from a month before its deadline: the applicant confirms
//! or updates their monthly resources and their household, which are checked by exactly the
//! import's rules (as a reception desk's form is) and saved with the renewal in one
//! transaction, the renewal in the application's history and the audit log; then the receipt,
//! a PDF attestation with the numéro unique and the new deadline.

use super::ApplicantLayout;
use super::sign_in::AUDITED_AS;
use crate::audit::{self, Action};
use crate::dossier;
use crate::format;
use crate::guard::{Applicant, Origin};
use crate::pages::registration::fileset::{self, MEMBER_LINES, TypedMember};
use crate::render::{self, Refusal};
use crate::state::AppState;
use crate::typed_files::{Problems, save_typed};
use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Extension, Form};
use logis_applicants::renewal::{Window, deadline_after_renewal, window};
use logis_domain::work::EventNature;
use logis_domain::{Demande, Lien};
use logis_exchange::{FileKind, Record};
use logis_report::document::{Block, Document, KeyFigure, Section, paragraph};
use logis_store::dossiers::notes::{self, Event};

#[derive(Template)]
#[template(path = "demandeur_renouvellement.html")]
struct RenewalPage {
    layout: ApplicantLayout,
    numero: String,
    /// Why the form is not offered (too early, nothing to renew), said in words.
    closed: Option<String>,
    deadline: String,
    /// The deadline is past (the application is not struck off yet).
    late: bool,
    ressources: String,
    members: Vec<TypedMember>,
    liens: Vec<(&'static str, &'static str)>,
    problems: Problems,
}

impl RenewalPage {
    /// The French problems of a field, joined.
    fn problem(&self, field: &str) -> Option<String> {
        self.problems.get(field).map(|p| p.join(" "))
    }
}

fn closed_words(w: Window) -> Option<String> {
    match w {
        Window::Open { .. } => None,
        Window::NotYet { opens_on, deadline } => Some(format!(
            "Votre demande est valable jusqu'au {}. Vous pourrez la renouveler en ligne à partir du {}.",
            format::date(deadline),
            format::date(opens_on)
        )),
        Window::Closed => Some(
            "Votre demande n'est plus active : il n'y a rien à renouveler. Pour une nouvelle demande, adressez-vous à un guichet d'enregistrement."
                .into(),
        ),
    }
}

/// The household shown in the form: the stored members, then blank lines.
fn lines(mut members: Vec<TypedMember>) -> Vec<TypedMember> {
    members.resize(MEMBER_LINES.max(members.len()), TypedMember::default());
    members
}

/// The stored cell of `column` of `d` in format v1.
fn cell(d: &Demande, column: &str) -> String {
    let columns = FileKind::Demandes.columns();
    let cells = d.cells();
    columns.iter().position(|c| c.name == column).map(|i| cells[i].clone()).unwrap_or_default()
}

async fn form_page(
    state: &AppState,
    applicant: &Applicant,
    ressources: Option<String>,
    members: Option<Vec<TypedMember>>,
    problems: Problems,
) -> Result<RenewalPage, Refusal> {
    let numero = applicant.numero.as_str();
    let d = dossier::application(state, numero).await?;
    let stored = fileset::typed_members(&dossier::members_of(&*state.store, numero).await?);
    let w = window(&d, state.clock.today());
    let today = state.clock.today();
    let (deadline, late) = match w {
        Window::Open { deadline } | Window::NotYet { deadline, .. } => {
            (format::date(deadline), deadline < today)
        }
        Window::Closed => (String::new(), false),
    };
    Ok(RenewalPage {
        layout: ApplicantLayout::of(state, applicant, "Renouveler ma demande"),
        numero: numero.to_owned(),
        closed: closed_words(w),
        deadline,
        late,
        ressources: ressources.unwrap_or_else(|| cell(&d, "ressources_mensuelles")),
        members: lines(members.unwrap_or(stored)),
        liens: Lien::ALL.iter().map(|l| (l.code(), l.label())).collect(),
        problems,
    })
}

pub async fn form(
    State(state): State<AppState>,
    Extension(applicant): Extension<Applicant>,
    Extension(origin): Extension<Origin>,
) -> Result<Response, Refusal> {
    let page = form_page(&state, &applicant, None, None, Problems::new()).await?;
    let what = format!("{} (formulaire de renouvellement)", applicant.numero.as_str());
    audit::record(&state, AUDITED_AS, &origin, Action::ApplicantView, &what).await?;
    Ok(render::page(&page))
}

/// What the form sent.
struct Typed {
    ressources: String,
    members: Vec<TypedMember>,
    certified: bool,
}

fn read(pairs: Vec<(String, String)>) -> Typed {
    let mut typed = Typed {
        ressources: String::new(),
        members: vec![TypedMember::default(); MEMBER_LINES],
        certified: false,
    };
    for (key, value) in pairs {
        let line = |prefix: &str| key.strip_prefix(prefix).and_then(|n| n.parse::<usize>().ok());
        if key == "ressources_mensuelles" {
            typed.ressources = value.trim().chars().take(40).collect();
        } else if key == "certifie" {
            typed.certified = true;
        } else if let Some(i) = line("membre_lien_") {
            if let Some(m) = typed.members.get_mut(i) {
                m.lien = value.chars().take(40).collect();
            }
        } else if let Some(i) = line("membre_naissance_")
            && let Some(m) = typed.members.get_mut(i)
        {
            m.naissance = value.chars().take(40).collect();
        }
    }
    typed
}

pub async fn submit(
    State(state): State<AppState>,
    Extension(applicant): Extension<Applicant>,
    Extension(origin): Extension<Origin>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, Refusal> {
    let numero = applicant.numero.as_str();
    let d = dossier::application(&state, numero).await?;
    let today = state.clock.today();
    if !matches!(window(&d, today), Window::Open { .. }) {
        let page = form_page(&state, &applicant, None, None, Problems::new()).await?;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, render::page(&page)).into_response());
    }
    let typed = read(pairs);
    if !typed.certified {
        let mut problems = Problems::new();
        problems.insert(
            "certifie".into(),
            vec!["Cochez la case pour certifier que ces informations sont exactes.".into()],
        );
        let page =
            form_page(&state, &applicant, Some(typed.ressources), Some(typed.members), problems)
                .await?;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, render::page(&page)).into_response());
    }
    let columns = FileKind::Demandes.columns();
    let mut cells = d.cells();
    for (i, column) in columns.iter().enumerate() {
        match column.name {
            "ressources_mensuelles" => cells[i] = typed.ressources.clone(),
            "date_renouvellement" => cells[i] = today.to_string(),
            _ => {}
        }
    }
    let event = Event {
        numero_unique: applicant.numero.clone(),
        moment: state.clock.unix(),
        auteur: "le demandeur, en ligne".to_owned(),
        nature: EventNature::Modification,
        detail: format!(
            "Demande renouvelée en ligne par le demandeur, valable jusqu'au {}",
            format::date(deadline_after_renewal(today))
        ),
    };
    let files = fileset::files(numero, &cells, &typed.members);
    match save_typed(&state, files, vec![notes::write_event(&event)]).await? {
        Ok(()) => {
            audit::record(&state, AUDITED_AS, &origin, Action::Renewal, numero).await?;
            state.rescorer.request(state.store.clone(), state.clock.clone());
            state.data_changed();
            Ok(Redirect::to("/demandeur/renouvellement/fait").into_response())
        }
        Err(problems) => {
            let page = form_page(
                &state,
                &applicant,
                Some(typed.ressources),
                Some(typed.members),
                problems,
            )
            .await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render::page(&page)).into_response())
        }
    }
}

/// The applicant's application, once its reading (`what`) is in the audit log as `action`.
async fn audited_application(
    state: &AppState,
    applicant: &Applicant,
    origin: &Origin,
    action: Action,
    what: &str,
) -> Result<Demande, Refusal> {
    let numero = applicant.numero.as_str();
    let d = dossier::application(state, numero).await?;
    audit::record(state, AUDITED_AS, origin, action, &format!("{numero} ({what})")).await?;
    Ok(d)
}

#[derive(Template)]
#[template(path = "demandeur_renouvele.html")]
struct RenewedPage {
    layout: ApplicantLayout,
    deadline: String,
}

pub async fn done(
    State(state): State<AppState>,
    Extension(applicant): Extension<Applicant>,
    Extension(origin): Extension<Origin>,
) -> Result<Response, Refusal> {
    let d = audited_application(
        &state,
        &applicant,
        &origin,
        Action::ApplicantView,
        "renouvellement fait",
    )
    .await?;
    let page = RenewedPage {
        layout: ApplicantLayout::of(&state, &applicant, "Demande renouvelée"),
        deadline: format::date(d.renewal_deadline()),
    };
    Ok(render::page(&page))
}

/// The receipt: who renewed what, when, and until when the application is valid.
pub async fn receipt(
    State(state): State<AppState>,
    Extension(applicant): Extension<Applicant>,
    Extension(origin): Extension<Origin>,
) -> Result<Response, Refusal> {
    let what = "attestation de renouvellement, PDF";
    let d = audited_application(&state, &applicant, &origin, Action::Export, what).await?;
    let numero = applicant.numero.as_str();
    let name = dossier::addressee(&d);
    let renewed = d.date_renouvellement.unwrap_or(d.date_depot);
    let document = Document {
        title: "Attestation de renouvellement".into(),
        subtitle: format!("Demande de logement social n° {numero}"),
        running_head: format!("Service logement — {}", state.territoire),
        footer: format!("Attestation établie le {}", format::date(state.clock.today())),
        sections: vec![Section {
            title: if name.is_empty() { "Demandeur".into() } else { name },
            blocks: vec![
                paragraph(format!(
                    "La demande de logement social n° {numero} a été renouvelée le {}.",
                    format::date(renewed)
                )),
                Block::Figures(vec![KeyFigure {
                    value: format::date(d.renewal_deadline()),
                    label: "elle est valable jusqu'à cette date, à laquelle il faudra la renouveler de nouveau".into(),
                }]),
                paragraph(
                    "Son ancienneté court toujours depuis la date de son dépôt. Conservez cette attestation.",
                ),
            ],
        }],
    };
    render::pdf(document, "attestation-renouvellement.pdf").await
}

//! A landlord's conventions of a year, amended as a whole on one form (the EPCI or the
//! landlord): one line per holder and perimeter — the holder and the commune chosen by name, the
//! share in French notation —, three empty lines to add some, the previous year's as a start
//! when the year has none; checked and written by `logis_allocation::flux::conventions::amend`.

use crate::audit;
use crate::guard::{Origin, Principal};
use crate::render::{self, Layout, Refusal};
use crate::state::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Extension, Form};
use logis_allocation::flux::conventions::{Amendment, TypedRow, amend};
use logis_allocation::workflow::StepError;
use logis_domain::{Convention, Organisme, OrganismeId, OrganismeType};
use logis_store::export_all;

/// Empty lines offered to add conventions.
const EMPTY_LINES: usize = 3;
/// The most lines a form may send.
const MOST_LINES: usize = logis_allocation::flux::conventions::MOST_ROWS;

/// One line of the form, as typed.
#[derive(Debug, Clone, Default)]
pub struct Line {
    pub reservataire: String,
    pub part: String,
    pub commune: String,
    pub date_signature: String,
}

#[derive(Template)]
#[template(path = "flux_conventions.html")]
struct ConventionsPage {
    layout: Layout,
    id: String,
    name: String,
    year: i32,
    lines: Vec<Line>,
    /// The holders one may choose: identifier, name.
    holders: Vec<(String, String)>,
    /// The territory's communes: code, name.
    communes: Vec<(String, String)>,
    /// The lines come from the previous year.
    copied: bool,
    errors: Vec<String>,
}

fn line_of(c: &Convention) -> Line {
    Line {
        reservataire: c.reservataire.as_str().to_owned(),
        part: c.part.to_string(),
        commune: c.commune.as_ref().map(|c| c.as_str().to_owned()).unwrap_or_default(),
        date_signature: c.date_signature.map(|d| d.to_string()).unwrap_or_default(),
    }
}

async fn page(
    state: &AppState,
    principal: &Principal,
    landlord: &OrganismeId,
    year: i32,
    typed: Option<Vec<Line>>,
    errors: Vec<String>,
) -> Result<ConventionsPage, Refusal> {
    let store = &*state.store;
    let (mut lines, copied) = match typed {
        Some(lines) => (lines, false),
        None => {
            let all = logis_store::flux::conventions_of(store, landlord).await?;
            let of = |y: i32| all.iter().filter(|c| c.annee == y).map(line_of).collect::<Vec<_>>();
            let this_year = of(year);
            if this_year.is_empty() {
                (of(year - 1), !of(year - 1).is_empty())
            } else {
                (this_year, false)
            }
        }
    };
    lines.extend(std::iter::repeat_with(Line::default).take(EMPTY_LINES));
    let mut holders = Vec::new();
    export_all::<Organisme>(store, &mut |o| {
        if o.kind != OrganismeType::Bailleur {
            holders.push((o.organisme_id.as_str().to_owned(), o.nom));
        }
        Ok(())
    })
    .await?;
    holders.sort_by(|a, b| a.1.cmp(&b.1));
    let mut communes: Vec<(String, String)> = state
        .communes
        .territory
        .iter()
        .map(|code| (code.clone(), state.communes.name(code)))
        .collect();
    communes.sort_by(|a, b| a.1.cmp(&b.1));
    let name = state.organismes.name(landlord.as_str());
    Ok(ConventionsPage {
        layout: Layout::new(state, principal, format!("Conventions {year} — {name}"), "/flux"),
        id: landlord.as_str().to_owned(),
        name,
        year,
        lines,
        holders,
        communes,
        copied,
        errors,
    })
}

pub async fn form(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
    Path((id, year)): Path<(String, i32)>,
) -> Result<Response, Refusal> {
    let landlord = super::landlord::reached(&state, &principal, &id).await?;
    let year = crate::flux::checked_year(year)?;
    Ok(render::page(&page(&state, &principal, &landlord, year, None, Vec::new()).await?))
}

/// The lines of the form as sent: `reservataire_N`, `part_N`, `commune_N`, `date_signature_N`;
/// the empty ones left out.
pub fn lines_sent(fields: &[(String, String)]) -> Result<Vec<Line>, StepError> {
    let mut lines: Vec<Line> = Vec::new();
    for (key, value) in fields {
        let Some((name, index)) = key.rsplit_once('_') else { continue };
        let Ok(index) = index.parse::<usize>() else { continue };
        if index >= MOST_LINES {
            return Err(StepError::refused(format!(
                "au plus {MOST_LINES} conventions par bailleur et par année"
            )));
        }
        if lines.len() <= index {
            lines.resize_with(index + 1, Line::default);
        }
        let line = &mut lines[index];
        let value: String = value.chars().take(200).collect();
        match name {
            "reservataire" => line.reservataire = value,
            "part" => line.part = value,
            "commune" => line.commune = value,
            "date_signature" => line.date_signature = value,
            _ => {}
        }
    }
    lines.retain(|l| !l.reservataire.trim().is_empty());
    Ok(lines)
}

/// What `lines` amend, or the French refusal of a date typed wrong.
pub fn rows_of(lines: &[Line]) -> Result<Vec<TypedRow>, StepError> {
    let mut errors = Vec::new();
    let rows = lines
        .iter()
        .enumerate()
        .map(|(i, l)| {
            let date_signature = match l.date_signature.trim() {
                "" => None,
                typed => {
                    let date = crate::steps::typed_date(typed);
                    if date.is_none() {
                        errors.push(format!("ligne {} : date de signature illisible", i + 1));
                    }
                    date
                }
            };
            TypedRow {
                reservataire: l.reservataire.clone(),
                part: l.part.clone(),
                commune: l.commune.clone(),
                date_signature,
            }
        })
        .collect();
    if errors.is_empty() { Ok(rows) } else { Err(StepError::Refused(errors)) }
}

pub async fn save(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
    Extension(origin): Extension<Origin>,
    Path((id, year)): Path<(String, i32)>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, Refusal> {
    let landlord = super::landlord::reached(&state, &principal, &id).await?;
    let year = crate::flux::checked_year(year)?;
    let sent = lines_sent(&fields);
    let lines = sent.as_ref().map_or_else(|_| Vec::new(), Clone::clone);
    let author = crate::steps::author_of(&principal, &*state.clock);
    let outcome = match sent.and_then(|lines| rows_of(&lines)) {
        Ok(rows) => {
            let amendment = Amendment { bailleur: landlord.clone(), annee: year, rows };
            amend(&*state.store, &amendment, &author).await
        }
        Err(refusal) => Err(refusal),
    };
    match outcome {
        Ok(_) => {
            state.flux.forget();
            let what = format!("gestion en flux : conventions {year} de {landlord}");
            audit::by(&state, &principal, &origin, audit::Action::Modification, &what).await?;
            let to = format!(
                "/flux/bailleurs/{}?annee={year}&fait=conventions",
                crate::format::url_encoded(landlord.as_str())
            );
            Ok(Redirect::to(&to).into_response())
        }
        Err(StepError::Refused(reasons)) => {
            let view = page(&state, &principal, &landlord, year, Some(lines), reasons).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render::page(&view)).into_response())
        }
        Err(other) => Err(crate::steps::step_refusal(other)),
    }
}

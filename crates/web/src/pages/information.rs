//! The territory's information service (SAID, CCH L441-2-8): `/informations`, open to anyone
//! without a session, in the applicants' layout — the reception desks, how allocation works
//! here, the cotation grid in force in words (drawn from the registered grid by
//! `logis_cotation::explain`, so it cannot drift from the points applied) and the objectives;
//! and `/parametres/information`, where the EPCI's administrator edits the desks and the two
//! texts (`logis_applicants::information`), every refusal said beside its field, nothing typed
//! lost.

use crate::format;
use crate::guard::Principal;
use crate::pages::applicant::ApplicantLayout;
use crate::render::{self, Done, Layout, Refusal};
use crate::state::AppState;
use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Extension, Form};
use logis_applicants::information::{
    self, DeskField, Guichet, Information, InformationError, MOST_DESKS, Place, Problem,
};
use logis_cotation::explain::{Entry, GridInWords, explain};
use logis_cotation::grid::in_force;
use std::collections::BTreeMap;

/// A paragraph of plain text, or a list (its lines started with « - »).
pub struct Block {
    pub list: bool,
    pub lines: Vec<String>,
}

/// Plain text as blocks: paragraphs split at blank lines, lines kept, runs of lines starting
/// with « - » as lists.
pub fn blocks(text: &str) -> Vec<Block> {
    let mut out: Vec<Block> = Vec::new();
    for chunk in text.split("\n\n") {
        let mut current: Option<Block> = None;
        for line in chunk.lines().map(str::trim).filter(|l| !l.is_empty()) {
            let item = line.strip_prefix("- ").or_else(|| line.strip_prefix("• "));
            let list = item.is_some();
            let line = french_spaces(item.unwrap_or(line));
            match &mut current {
                Some(block) if block.list == list => block.lines.push(line),
                _ => {
                    out.extend(current.take());
                    current = Some(Block { list, lines: vec![line] });
                }
            }
        }
        out.extend(current);
    }
    out
}

/// A line with no-break spaces where French typography puts a space: before « ; : ? ! % » and
/// inside « », so that no line of a phone's screen starts with them.
fn french_spaces(line: &str) -> String {
    line.replace(" ;", "\u{a0};")
        .replace(" :", "\u{a0}:")
        .replace(" ?", "\u{a0}?")
        .replace(" !", "\u{a0}!")
        .replace(" »", "\u{a0}»")
        .replace("« ", "«\u{a0}")
        .replace(" %", "\u{a0}%")
}

/// A desk as the public page shows it.
pub struct DeskView {
    pub nom: String,
    pub adresse: Vec<String>,
    pub horaires: Vec<String>,
    pub telephone: Option<String>,
    /// The telephone for a `tel:` link (digits and « + » only).
    pub tel: String,
    pub courriel: Option<String>,
}

impl From<&Guichet> for DeskView {
    fn from(g: &Guichet) -> Self {
        let lines = |t: &str| t.lines().map(str::to_owned).collect();
        DeskView {
            nom: g.nom.clone(),
            adresse: lines(&g.adresse),
            horaires: lines(&g.horaires),
            telephone: g.telephone.clone(),
            tel: g
                .telephone
                .as_deref()
                .unwrap_or_default()
                .chars()
                .filter(|c| c.is_ascii_digit() || *c == '+')
                .collect(),
            courriel: g.courriel.clone(),
        }
    }
}

/// One part of the grid: its title when the grid has a transfer part, its entries.
pub struct PartView {
    pub title: Option<&'static str>,
    pub intro: Option<&'static str>,
    pub entries: Vec<Entry>,
}

#[derive(Template)]
#[template(path = "information.html")]
struct PublicPage {
    layout: ApplicantLayout,
    desks: Vec<DeskView>,
    fonctionnement: Vec<Block>,
    objectifs: Vec<Block>,
    /// The grid in force: its name, since when, its parts, the délai anormalement long.
    grid: Option<(String, String, Vec<PartView>, Option<String>)>,
    exclusive: &'static str,
}

/// The grid's parts, titled when there are two.
fn parts(mut words: GridInWords) -> Vec<PartView> {
    let parts = std::iter::once(&mut words.general).chain(words.mutation.as_mut());
    for criterion in parts.flatten().flat_map(|e| e.criteria.iter_mut()) {
        criterion.libelle = french_spaces(&criterion.libelle);
    }
    match words.mutation {
        None => vec![PartView { title: None, intro: None, entries: words.general }],
        Some(mutation) => vec![
            PartView {
                title: Some("Premières demandes"),
                intro: Some("Pour les ménages qui ne sont pas locataires d'un logement social."),
                entries: words.general,
            },
            PartView {
                title: Some("Demandes de mutation"),
                intro: Some(
                    "Pour les ménages déjà locataires d'un logement social : leur demande est cotée avec ces critères seulement.",
                ),
                entries: mutation,
            },
        ],
    }
}

fn failed(e: InformationError) -> Refusal {
    match e {
        InformationError::Store(e) => e.into(),
        other => Refusal::Store(other.to_string()),
    }
}

/// `/informations`: what every applicant and anyone may read.
pub async fn show(State(state): State<AppState>) -> Result<Response, Refusal> {
    let store = &*state.store;
    let said = information::read(store).await.map_err(failed)?;
    let grids = state.grids.get(store).await.map_err(|e| Refusal::Store(e.to_string()))?;
    let today = state.clock.today();
    let grid = in_force(&grids, today).or_else(|| grids.iter().min_by_key(|g| g.en_vigueur));
    let grid = grid.map(|g| {
        let words = explain(g);
        let (nom, since, delai) =
            (words.nom.clone(), format::date(words.en_vigueur), words.delai.clone());
        (nom, since, parts(words), delai)
    });
    let page = PublicPage {
        layout: ApplicantLayout::public(&state, "S'informer sur la demande de logement social"),
        desks: said.guichets.iter().map(DeskView::from).collect(),
        fonctionnement: blocks(&said.fonctionnement),
        objectifs: blocks(&said.objectifs),
        grid,
        exclusive: Entry::EXCLUSIVE,
    };
    Ok(render::page(&page))
}

/// A desk as typed in the form, with what is wrong with each field.
#[derive(Default)]
pub struct DeskRow {
    pub nom: String,
    pub adresse: String,
    pub horaires: String,
    pub telephone: String,
    pub courriel: String,
    /// (field's name in the form, why), for the fields refused.
    pub errors: Vec<(&'static str, String)>,
}

impl DeskRow {
    /// Why the field `name` was refused, if it was.
    pub fn error(&self, name: &str) -> Option<&str> {
        self.errors.iter().find(|(n, _)| *n == name).map(|(_, why)| why.as_str())
    }

    fn is_blank(&self) -> bool {
        [&self.nom, &self.adresse, &self.horaires, &self.telephone, &self.courriel]
            .iter()
            .all(|f| f.trim().is_empty())
    }

    fn desk(&self) -> Guichet {
        let optional = |t: &str| Some(t.to_owned()).filter(|t| !t.trim().is_empty());
        Guichet {
            nom: self.nom.clone(),
            adresse: self.adresse.clone(),
            horaires: self.horaires.clone(),
            telephone: optional(&self.telephone),
            courriel: optional(&self.courriel),
        }
    }
}

impl From<&Guichet> for DeskRow {
    fn from(g: &Guichet) -> Self {
        DeskRow {
            nom: g.nom.clone(),
            adresse: g.adresse.clone(),
            horaires: g.horaires.clone(),
            telephone: g.telephone.clone().unwrap_or_default(),
            courriel: g.courriel.clone().unwrap_or_default(),
            errors: Vec::new(),
        }
    }
}

/// Blank desks offered below the saved ones.
const BLANK_DESKS: usize = 6;

#[derive(Template)]
#[template(path = "parametres_information.html")]
struct EditPage {
    layout: Layout,
    done: Option<&'static str>,
    changed: String,
    rows: Vec<DeskRow>,
    fonctionnement: String,
    objectifs: String,
    /// Problems of the desks' list as a whole, of each text, and how many in all.
    desks_error: Option<String>,
    fonctionnement_error: Option<String>,
    objectifs_error: Option<String>,
    problems: usize,
    most_desks: usize,
}

fn edit_page(state: &AppState, principal: &Principal, mut rows: Vec<DeskRow>) -> EditPage {
    let blank = BLANK_DESKS.min(MOST_DESKS.saturating_sub(rows.len()));
    rows.extend((0..blank).map(|_| DeskRow::default()));
    EditPage {
        layout: Layout::new(state, principal, "Informations des demandeurs", "/parametres"),
        done: None,
        changed: String::new(),
        rows,
        fonctionnement: String::new(),
        objectifs: String::new(),
        desks_error: None,
        fonctionnement_error: None,
        objectifs_error: None,
        problems: 0,
        most_desks: MOST_DESKS,
    }
}

/// `/parametres/information`: the form, filled with what is saved (or the default texts).
pub async fn edit(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
    Query(done): Query<Done>,
) -> Result<Response, Refusal> {
    let (said, change) = information::read_with_change(&*state.store).await.map_err(failed)?;
    let mut page = edit_page(&state, &principal, said.guichets.iter().map(DeskRow::from).collect());
    page.fonctionnement = said.fonctionnement;
    page.objectifs = said.objectifs;
    page.changed = match change {
        None => "Jamais enregistrées : les textes ci-dessous sont ceux proposés par Logis.".into(),
        Some(c) => format!("Enregistrées le {} par {}.", format::moment(c.at), c.by),
    };
    page.done = done.said(&[(
        "enregistre",
        "Les informations sont enregistrées : la page publique les montre dès maintenant.",
    )]);
    Ok(render::page(&page))
}

/// The form's desks (`g{n}_nom`, `g{n}_adresse`, … in the order of `n`) and texts.
fn read_form(pairs: Vec<(String, String)>) -> (Vec<DeskRow>, String, String) {
    let mut desks: BTreeMap<usize, DeskRow> = BTreeMap::new();
    let (mut fonctionnement, mut objectifs) = (String::new(), String::new());
    for (name, value) in pairs {
        match name.as_str() {
            "fonctionnement" => fonctionnement = value,
            "objectifs" => objectifs = value,
            _ => {
                let Some((index, field)) = name.strip_prefix('g').and_then(|n| n.split_once('_'))
                else {
                    continue;
                };
                let Some(index) = index.parse::<usize>().ok().filter(|i| *i < 1_000) else {
                    continue;
                };
                let row = desks.entry(index).or_default();
                match field {
                    "nom" => row.nom = value,
                    "adresse" => row.adresse = value,
                    "horaires" => row.horaires = value,
                    "telephone" => row.telephone = value,
                    "courriel" => row.courriel = value,
                    _ => {}
                }
            }
        }
    }
    let rows = desks.into_values().filter(|r| !r.is_blank()).collect();
    (rows, fonctionnement, objectifs)
}

fn field_name(field: DeskField) -> &'static str {
    match field {
        DeskField::Nom => "nom",
        DeskField::Adresse => "adresse",
        DeskField::Horaires => "horaires",
        DeskField::Telephone => "telephone",
        DeskField::Courriel => "courriel",
    }
}

pub async fn save(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, Refusal> {
    let (mut rows, fonctionnement, objectifs) = read_form(pairs);
    let typed = Information {
        guichets: rows.iter().map(DeskRow::desk).collect(),
        fonctionnement: fonctionnement.clone(),
        objectifs: objectifs.clone(),
    };
    let problems: Vec<Problem> = match information::save(
        &*state.store,
        &typed,
        &principal.login,
        state.clock.unix(),
    )
    .await
    {
        Ok(()) => {
            return Ok(Redirect::to("/parametres/information?fait=enregistre").into_response());
        }
        Err(InformationError::Invalid(problems)) => problems,
        Err(e) => return Err(failed(e)),
    };
    let (mut desks_error, mut fonctionnement_error, mut objectifs_error) = (None, None, None);
    for problem in &problems {
        let why = render::sentence(&problem.why);
        match problem.place {
            Place::Guichets => desks_error = Some(why),
            Place::Guichet(i, field) => {
                if let Some(row) = rows.get_mut(i) {
                    row.errors.push((field_name(field), why));
                }
            }
            Place::Fonctionnement => fonctionnement_error = Some(why),
            Place::Objectifs => objectifs_error = Some(why),
        }
    }
    let mut page = edit_page(&state, &principal, rows);
    page.fonctionnement = fonctionnement;
    page.objectifs = objectifs;
    page.desks_error = desks_error;
    page.fonctionnement_error = fonctionnement_error;
    page.objectifs_error = objectifs_error;
    page.problems = problems.len();
    Ok((StatusCode::UNPROCESSABLE_ENTITY, render::page(&page)).into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_lines_and_lists() {
        let text = "Un.\nDeux.\n\nLa loi :\n- un ;\n- deux.\n\nFin.";
        let found: Vec<(bool, Vec<String>)> =
            blocks(text).into_iter().map(|b| (b.list, b.lines)).collect();
        let owned = |l: &[&str]| l.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            found,
            [
                (false, owned(&["Un.", "Deux."])),
                (false, owned(&["La loi\u{a0}:"])),
                (true, owned(&["un\u{a0};", "deux."])),
                (false, owned(&["Fin."])),
            ]
        );
    }

    #[test]
    fn the_form_keeps_its_order_and_drops_blank_desks() {
        let pairs = [
            ("g1_nom", "Mairie B"),
            ("g0_nom", "Mairie A"),
            ("g0_adresse", "1 place"),
            ("g2_nom", "  "),
            ("g7_nom", "Mairie C"),
            ("objectifs", "O"),
            ("g99999999999_nom", "ignorée"),
        ]
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .to_vec();
        let (rows, fonctionnement, objectifs) = read_form(pairs);
        let names: Vec<&str> = rows.iter().map(|r| r.nom.as_str()).collect();
        assert_eq!(names, ["Mairie A", "Mairie B", "Mairie C"]);
        assert_eq!((fonctionnement.as_str(), objectifs.as_str()), ("", "O"));
    }
}

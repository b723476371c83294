//! The glossary (`/glossaire`): every abbreviation of [`crate::glossary::TERMS`] with what it
//! stands for and one sentence of explanation. Open to anyone — applicants and partners meet
//! the same words, and a colleague can be sent the link — in the partners' layout, with their
//! menu when signed in.

use crate::glossary::{TERMS, filters};
use crate::guard::Principal;
use crate::render::{self, Layout};
use crate::state::AppState;
use askama::Template;
use axum::Extension;
use axum::extract::State;
use axum::response::Response;

#[derive(Template)]
#[template(path = "glossaire.html")]
struct GlossaryPage {
    layout: Layout,
    terms: &'static [crate::glossary::Term],
}

const TITLE: &str = "Glossaire";

pub async fn show(
    State(state): State<AppState>,
    principal: Option<Extension<Principal>>,
) -> Response {
    let layout = match principal {
        Some(Extension(principal)) => Layout::new(&state, &principal, TITLE, "/glossaire"),
        None => Layout {
            title: TITLE.to_owned(),
            territoire: state.territoire.to_string(),
            login: None,
            role: String::new(),
            nav: Vec::new(),
            csrf: String::new(),
        },
    };
    render::page(&GlossaryPage { layout, terms: TERMS })
}

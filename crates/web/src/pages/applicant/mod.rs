//! The applicants' space (issue 19): public pages where an applicant signs in with their numéro
//! unique, the titulaire's date of birth and a one-time code ([`sign_in`]), then reads where
//! their application stands, in plain French and on a phone first ([`space`], assembled by
//! [`view`]). Partners hand a code over in a letter when there is no e-mail on file
//! ([`letter`]). The applicant deposits there the evidence the cotation waits for
//! ([`documents`]) and renews their application from a month before its deadline
//! ([`renewal`], with its receipt). The space has its own layout ([`ApplicantLayout`]): no partner's menu, no
//! partner's session.

pub mod documents;
pub mod letter;
mod mail;
pub mod renewal;
pub mod sign_in;
pub mod space;
mod standing;
mod view;

use crate::guard::Applicant;
use crate::state::AppState;

/// What the applicants' layout shows around every page.
#[derive(Debug, Clone, Default)]
pub struct ApplicantLayout {
    pub title: String,
    pub territoire: String,
    /// Whether an applicant is signed in (the sign-out button).
    pub signed_in: bool,
    pub csrf: String,
}

impl ApplicantLayout {
    /// The layout of a page anyone may open.
    pub fn public(state: &AppState, title: &str) -> Self {
        ApplicantLayout {
            title: title.to_owned(),
            territoire: state.territoire.to_string(),
            ..ApplicantLayout::default()
        }
    }

    /// The layout of a page of the signed-in `applicant`.
    pub fn of(state: &AppState, applicant: &Applicant, title: &str) -> Self {
        ApplicantLayout {
            title: title.to_owned(),
            territoire: state.territoire.to_string(),
            signed_in: true,
            csrf: applicant.csrf.clone(),
        }
    }
}

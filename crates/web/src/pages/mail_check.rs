//! The territory's SMTP server seen from the settings page: whether one is configured (its
//! address and sender), and a test message the administrator sends to an address of their
//! choice — the way to know that applicants' codes and notices will leave. The test is in the
//! audit log; a failure is said in French, without the server's own words.

use crate::audit::{self, Action};
use crate::guard::{Origin, Principal};
use crate::render::{self, Refusal};
use crate::state::AppState;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Extension, Form};
use serde::Deserialize;

/// The SMTP server in words, for the settings page.
pub fn described(state: &AppState) -> Option<String> {
    state.mailer.as_ref().map(|m| format!("{}, expéditeur {}", m.server(), m.sender()))
}

#[derive(Deserialize)]
pub struct TestForm {
    #[serde(default)]
    adresse: String,
}

pub async fn send_test(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
    Extension(origin): Extension<Origin>,
    Form(form): Form<TestForm>,
) -> Result<Response, Refusal> {
    let Some(mailer) = &state.mailer else {
        return Err(Refusal::Invalid(
            "Aucun serveur de courriel n'est configuré : lancez Logis avec --courriel FICHIER (voir docs/parametres-courriel.toml).".into(),
        ));
    };
    let to: String = form.adresse.trim().chars().take(254).collect();
    let body = format!(
        "Bonjour,\n\nCe message d'essai a été envoyé depuis la page Paramètres de Logis ({}).\n\
         S'il vous parvient, les codes de connexion et les avis de renouvellement des demandeurs \
         partiront aussi.\n",
        state.territoire
    );
    let letter = logis_mail::Letter { to: &to, subject: "Logis : courriel d'essai", body: &body };
    mailer.send(&letter).await.map_err(|e| Refusal::Invalid(render::sentence(&e.to_string())))?;
    let what = format!("courriel d'essai envoyé par {}", mailer.server());
    audit::by(&state, &principal, &origin, Action::Administration, &what).await?;
    Ok(Redirect::to("/parametres?fait=courriel#courriel").into_response())
}

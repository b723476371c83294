//! The letter a reception desk hands over or posts to an applicant without an e-mail on file:
//! a new one-time code for their space, valid 15 minutes from its printing — so it is printed
//! while the applicant is at the desk, or its envelope tells them to ask for a new one —,
//! with the address of the space and how to sign in. Printing it is a partner's act, within
//! their reach, written in the audit log; the code never appears anywhere else.

use crate::audit::{self, Action};
use crate::dossier;
use crate::guard::{Origin, Principal, Proxied, may_reach};
use crate::render::{self, Refusal};
use crate::state::AppState;
use axum::Extension;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::Response;
use logis_applicants::sign_in::{self, CODE_LIFETIME, SignInError};
use logis_report::document::{Block, Document, KeyFigure, Section, paragraph};

pub async fn pdf(
    State(state): State<AppState>,
    Extension(principal): Extension<Principal>,
    Extension(origin): Extension<Origin>,
    Extension(Proxied(proxied)): Extension<Proxied>,
    headers: HeaderMap,
    Path(numero): Path<String>,
) -> Result<Response, Refusal> {
    let numero_unique = dossier::numero(&numero)?;
    may_reach(&state, &principal, numero_unique.as_str()).await?;
    let demande = dossier::application(&state, numero_unique.as_str()).await?;
    let now = state.clock.unix();
    let issued = match sign_in::request_letter_code(&*state.store, &numero_unique, now).await {
        Ok(issued) => issued,
        Err(SignInError::Locked { .. }) => {
            return Err(Refusal::Invalid(
                "L'espace de ce demandeur est verrouillé pour 30 minutes après trop de codes erronés : imprimez le courrier après ce délai.".into(),
            ));
        }
        Err(SignInError::Store(e)) => return Err(Refusal::Store(e)),
        Err(_) => return Err(Refusal::NotFound),
    };
    let what = format!("{} (code imprimé dans un courrier)", numero_unique.as_str());
    audit::by(&state, &principal, &origin, Action::ApplicantCode, &what).await?;
    let name = dossier::addressee(&demande);
    let recipient = [Some(name.as_str()).filter(|n| !n.is_empty()), demande.adresse.as_deref()]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join("\n");
    let address = state.space_address(&headers, proxied).unwrap_or_else(|| {
        "l'adresse de l'espace demandeur que vous indique le guichet".to_owned()
    });
    let printed = crate::format::moment(now);
    let document = Document {
        title: "Votre code de connexion à l'espace demandeur".into(),
        subtitle: format!("Demande de logement social n° {}", numero_unique.as_str()),
        running_head: format!("Service logement — {}", state.territoire),
        footer: "Ce courrier est personnel : ne communiquez ce code à personne.".into(),
        sections: vec![Section {
            title: if recipient.is_empty() { "Madame, Monsieur".into() } else { recipient },
            blocks: vec![
                paragraph("Madame, Monsieur,"),
                paragraph(
                    "Vous pouvez suivre votre demande de logement social en ligne : où elle en est, ce qui compte dans votre cotation, votre place parmi les demandes comparables, le délai d'attente observé et quand la renouveler.",
                ),
                Block::Figures(vec![KeyFigure {
                    value: issued.code.clone(),
                    label: format!(
                        "votre code, valable {} minutes à partir du {printed}, une seule fois",
                        CODE_LIFETIME / 60
                    ),
                }]),
                Block::List(vec![
                    vec![logis_report::document::Span::Text(format!("Allez sur {address}."))],
                    vec![logis_report::document::Span::Text(format!(
                        "Saisissez votre numéro unique ({}) et la date de naissance du demandeur principal.",
                        numero_unique.as_str()
                    ))],
                    vec![logis_report::document::Span::Text(
                        "Choisissez « J'ai déjà un code » puis saisissez le code ci-dessus.".into(),
                    )],
                ]),
                paragraph(
                    "Si ce code n'est plus valable, demandez-en un nouveau au guichet, ou ajoutez une adresse électronique à votre demande pour recevoir vos codes par courriel.",
                ),
            ],
        }],
    };
    render::pdf(document, "code-espace-demandeur.pdf").await
}

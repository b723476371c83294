//! The renewal notices as the server sends them every night ([`nightly`]: through the
//! territory's SMTP server when one is configured, counts only in the log, nothing on the
//! demonstration's database) and the letters the reception desks print and post for the
//! applicants without an e-mail ([`letters`]: one page per letter, in the words of the e-mail).

use crate::state::AppState;
use logis_applicants::notices::{self, paragraphs, subject};
use logis_domain::Date;
use logis_domain::french;
use logis_report::document::{Document, Section, paragraph};
use logis_store::dossiers::notices::Addressee;
use logis_store::settings::DEMONSTRATION;
use time::OffsetDateTime;

pub use logis_applicants::notices::{NoticeError, NoticeReport, preview, run};
pub use logis_store::dossiers::notices::letters_of;

/// Sends the day's renewal notices; not in the demonstration's database, a territory frozen at
/// the end of its last year.
pub async fn nightly(state: &AppState, now: OffsetDateTime) {
    let demonstration = logis_store::settings::get(&*state.store, DEMONSTRATION).await;
    if matches!(demonstration, Ok(Some(_))) {
        tracing::info!(
            "base de démonstration, figée à la fin de sa dernière année : aucun avis de renouvellement"
        );
        return;
    }
    let mailer = state.mailer.as_deref();
    let today = logis_domain::french::paris_date(now);
    let (at, territoire) = (now.unix_timestamp(), &*state.territoire);
    let space = state.public_address.as_ref().map(|public| format!("{public}/demandeur"));
    match notices::run(&*state.store, mailer, today, at, territoire, space.as_deref()).await {
        Ok(r) => tracing::info!(
            "avis de renouvellement : {} courriels envoyés, {} courriers à poster, {} courriels en échec (réessayés demain)",
            r.courriels,
            r.courriers,
            r.echecs
        ),
        Err(e) => tracing::warn!("{e}"),
    }
}

/// The letters of `day` for `to`, one section (a page) each: the addressee (name and address),
/// then the notice. `space_address` is the address of the applicants' space, when known.
pub fn letters(
    territoire: &str,
    day: Date,
    to: &[Addressee],
    space_address: Option<&str>,
) -> Document {
    let sections = to
        .iter()
        .map(|a| {
            let name = [a.prenom.as_deref(), a.nom.as_deref()]
                .into_iter()
                .flatten()
                .map(str::trim)
                .filter(|n| !n.is_empty())
                .collect::<Vec<_>>()
                .join(" ");
            let recipient = [Some(name.as_str()), a.adresse.as_deref()]
                .into_iter()
                .flatten()
                .filter(|line| !line.trim().is_empty())
                .collect::<Vec<_>>()
                .join("\n");
            let mut blocks = vec![paragraph(subject(a.echeance))];
            blocks.extend(
                paragraphs(a, territoire, space_address)
                    .into_iter()
                    .map(|p| if p == "Bonjour," { "Madame, Monsieur,".to_owned() } else { p })
                    .map(paragraph),
            );
            Section {
                title: if recipient.is_empty() { "Madame, Monsieur".into() } else { recipient },
                blocks,
            }
        })
        .collect();
    Document {
        title: "Avis de renouvellement de la demande de logement social".into(),
        subtitle: format!(
            "Courriers à poster du {} : {}",
            french::date(day),
            match to.len() {
                0 => "aucun".to_owned(),
                1 => "1 courrier".to_owned(),
                n => format!("{} courriers", french::int(n as u64)),
            }
        ),
        running_head: format!("Service logement — {territoire}"),
        footer: "Ce courrier est personnel.".into(),
        sections,
    }
}

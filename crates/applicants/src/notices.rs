//! The renewal notices (issue 19): a month before its deadline, every active application's
//! applicant is told that it must be renewed — by e-mail when one is on file and the territory
//! has an SMTP server, otherwise by a letter the reception desks print from the day's report
//! and post. [`run`] is the daily job: idempotent (a deadline is notified once; an e-mail the
//! server did not take is tried again on the next run), each notice in the audit log, counts
//! only in its report. [`paragraphs`] is the one wording of the e-mail and of the letter.

use logis_domain::Date;
use logis_domain::calendar::months_after;
use logis_domain::french;
use logis_domain::work::AuditAction;
use logis_mail::{Letter, MailError, Mailer};
use logis_store::access::{self, AccessWrite, audit::Actor};
use logis_store::dossiers::notices::{self, Addressee, Channel, Notice, NoticeStatus};
use logis_store::{Store, StoreError};

pub use logis_store::dossiers::notices::{DaySummary, NOTICE_MONTHS};

/// Who sends the notices, in the audit log.
pub const AUTHOR: &str = "avis de renouvellement";
/// Audit lines written per transaction.
const AUDIT_BATCH: usize = 500;

/// What a run did: e-mails sent, letters to post, e-mails the server did not take.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct NoticeReport {
    pub courriels: u32,
    pub courriers: u32,
    pub echecs: u32,
}

/// Why the notices could not be sent.
#[derive(Debug, thiserror::Error)]
pub enum NoticeError {
    /// The store failed; its cause is kept for the server's log.
    #[error("avis de renouvellement non envoyés : base de données indisponible ({0})")]
    Store(#[from] StoreError),
}

/// The subject of the e-mail and the title of the letter.
pub fn subject(echeance: Date) -> String {
    format!("Votre demande de logement social est à renouveler avant le {}", french::date(echeance))
}

/// The day an application not renewed by `echeance` is struck off.
pub fn struck_off_on(echeance: Date) -> Date {
    months_after(echeance, 1)
}

/// What the notice says, paragraph by paragraph: the deadline, what happens without renewal,
/// how to renew (online in the applicants' space at `space_address` — its address ending in
/// `/demandeur` — or at a reception desk), the numéro unique.
pub fn paragraphs(to: &Addressee, territoire: &str, space_address: Option<&str>) -> Vec<String> {
    let echeance = french::date(to.echeance);
    let online = match space_address {
        Some(space) => {
            let space = space.trim_end_matches('/');
            format!(
                "en ligne, dans votre espace demandeur : connectez-vous sur {space}/connexion \
                 avec votre numéro unique et la date de naissance du demandeur principal, puis \
                 ouvrez la page « Renouveler ma demande » ({space}/renouvellement) ;"
            )
        }
        None => "en ligne, dans votre espace demandeur (son adresse vous est donnée par le \
                 guichet où vous avez déposé votre demande) : connectez-vous avec votre numéro \
                 unique et la date de naissance du demandeur principal, puis renouvelez votre \
                 demande ;"
            .to_owned(),
    };
    vec![
        "Bonjour,".to_owned(),
        format!(
            "Votre demande de logement social n° {} est valable jusqu'au {echeance}. Pour \
             qu'elle reste active et garde son ancienneté, il faut la renouveler avant cette \
             date. Cela ne prend que quelques minutes.",
            to.numero_unique.as_str()
        ),
        format!(
            "Sans renouvellement, votre demande sera radiée le {} : elle ne serait plus proposée \
             aux commissions d'attribution, et vous devriez en déposer une nouvelle, sans votre \
             ancienneté.",
            french::date(struck_off_on(to.echeance))
        ),
        "Vous pouvez la renouveler :".to_owned(),
        format!("– {online}"),
        "– ou auprès d'un guichet d'enregistrement, avec votre numéro unique.".to_owned(),
        "Profitez-en pour vérifier que votre situation est à jour (ressources, composition du \
         foyer, adresse, téléphone) : une demande exacte est mieux étudiée."
            .to_owned(),
        format!(
            "Si vous avez déjà renouvelé votre demande, ou si vous n'avez plus besoin d'un \
             logement social, vous n'avez rien à faire de plus (dans ce dernier cas, vous pouvez \
             le signaler au guichet).\n\nVotre demande n° {}\nService logement — {territoire}",
            to.numero_unique.as_str()
        ),
    ]
}

/// The e-mail's text.
fn body(to: &Addressee, territoire: &str, space_address: Option<&str>) -> String {
    let mut text = paragraphs(to, territoire, space_address).join("\n\n");
    text.push('\n');
    text
}

/// How `to` is to be told, with or without a mailer.
fn channel(to: &Addressee, mailer_configured: bool) -> Channel {
    if mailer_configured && to.email.is_some() { Channel::Email } else { Channel::Letter }
}

/// What a run on `today` would do, sending and recording nothing (`logis avis-renouvellement
/// --simulation`); no e-mail fails in it.
pub async fn preview(
    store: &dyn Store,
    mailer_configured: bool,
    today: Date,
) -> Result<NoticeReport, NoticeError> {
    let mut report = NoticeReport::default();
    for to in notices::due(store, today).await? {
        match channel(&to, mailer_configured) {
            Channel::Email => report.courriels += 1,
            Channel::Letter => report.courriers += 1,
        }
    }
    Ok(report)
}

/// The day's notices: every active application whose deadline is at most a month away and
/// not notified yet gets an e-mail (with an address on file and a `mailer`) or a letter to
/// post (otherwise, or when the address is not an e-mail address); an e-mail the server does
/// not take is recorded as failed and tried again on the next run. Each notice recorded has
/// its line in the audit log. `now` is in seconds since 1970.
pub async fn run(
    store: &dyn Store,
    mailer: Option<&Mailer>,
    today: Date,
    now: i64,
    territoire: &str,
    space_address: Option<&str>,
) -> Result<NoticeReport, NoticeError> {
    let mut report = NoticeReport::default();
    let mut sent = Vec::new();
    for to in notices::due(store, today).await? {
        let (moyen, statut) = match (mailer, to.email.as_deref(), channel(&to, mailer.is_some())) {
            (Some(mailer), Some(email), Channel::Email) => {
                let subject = subject(to.echeance);
                let body = body(&to, territoire, space_address);
                match mailer.send(&Letter { to: email, subject: &subject, body: &body }).await {
                    Ok(()) => (Channel::Email, NoticeStatus::Sent),
                    // Not an e-mail address: the desks post a letter instead.
                    Err(MailError::Address(_)) => (Channel::Letter, NoticeStatus::Sent),
                    Err(MailError::Server { .. }) => (Channel::Email, NoticeStatus::Failed),
                }
            }
            _ => (Channel::Letter, NoticeStatus::Sent),
        };
        let notice = Notice {
            numero_unique: to.numero_unique.clone(),
            echeance: to.echeance,
            moyen,
            statut,
            jour: today,
            envoye_le: now,
        };
        notices::record(store, &notice).await?;
        match (moyen, statut) {
            (_, NoticeStatus::Failed) => report.echecs += 1,
            (Channel::Email, NoticeStatus::Sent) => report.courriels += 1,
            (Channel::Letter, NoticeStatus::Sent) => report.courriers += 1,
        }
        if statut == NoticeStatus::Sent {
            sent.push(notice);
        }
    }
    let by = Actor { login: AUTHOR, origin: AUTHOR, at: now };
    for batch in sent.chunks(AUDIT_BATCH) {
        let mut write = AccessWrite::default();
        for notice in batch {
            let target = format!(
                "{} : {} pour l'échéance du {}",
                notice.numero_unique.as_str(),
                notice.moyen.code(),
                french::date(notice.echeance)
            );
            write = write.and(by.line(AuditAction::RenewalNotice, target));
        }
        access::write(store, write).await?;
    }
    Ok(report)
}

/// The runs' counts by day over the `days` days up to `today`, the latest first.
pub async fn summary(
    store: &dyn Store,
    today: Date,
    days: i64,
) -> Result<Vec<DaySummary>, NoticeError> {
    let first = today.to_julian_day() - i32::try_from(days.max(1) - 1).unwrap_or(0);
    let since = Date::from_julian_day(first).unwrap_or(today);
    Ok(notices::summary(store, since).await?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use logis_domain::NumeroUnique;
    use time::macros::date;

    fn addressee(email: Option<&str>) -> Addressee {
        Addressee {
            numero_unique: NumeroUnique::parse("0820119000001G0004").expect("a numéro"),
            echeance: date!(2026 - 03 - 15),
            email: email.map(str::to_owned),
            prenom: Some("Jeanne".into()),
            nom: Some("Martin".into()),
            adresse: None,
        }
    }

    #[test]
    fn the_notice_says_the_deadline_the_striking_off_and_how_to_renew() {
        let to = addressee(Some("jeanne@example.test"));
        assert_eq!(
            subject(to.echeance),
            "Votre demande de logement social est à renouveler avant le 15/03/2026"
        );
        let text = body(&to, "CCTC", Some("https://logement.example.test/demandeur/"));
        assert!(text.contains("valable jusqu'au 15/03/2026"), "{text}");
        assert!(text.contains("radiée le 15/04/2026"), "{text}");
        assert!(text.contains("https://logement.example.test/demandeur/connexion"), "{text}");
        assert!(text.contains("https://logement.example.test/demandeur/renouvellement"));
        assert!(text.contains("guichet d'enregistrement"));
        assert!(text.contains("0820119000001G0004"));
        assert!(!text.contains("Jeanne"), "the e-mail names nobody");
        let without = body(&to, "CCTC", None);
        assert!(without.contains("son adresse vous est donnée"), "{without}");
    }

    #[test]
    fn an_e_mail_needs_an_address_and_a_mailer() {
        assert_eq!(channel(&addressee(Some("a@b.test")), true), Channel::Email);
        assert_eq!(channel(&addressee(Some("a@b.test")), false), Channel::Letter);
        assert_eq!(channel(&addressee(None), true), Channel::Letter);
    }
}

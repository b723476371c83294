//! E-mail to applicants through the territory's SMTP server: the settings ([`settings`]: the
//! server, its security, the sender, read from TOML with French errors, the password from the
//! environment only) and the sending ([`Mailer`]: one plain-text message in French, UTF-8, to
//! one address, through lettre). Nothing personal is logged: a failure names the server, never
//! the recipient.

pub mod settings;

pub use settings::{MailSettings, Security};

use lettre::message::{Mailbox, header::ContentType};
use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

/// Why a message was not sent.
#[derive(Debug, thiserror::Error)]
pub enum MailError {
    /// The address (or the sender's) is not an e-mail address.
    #[error("adresse électronique invalide : {0}")]
    Address(String),
    /// The server refused the message or could not be reached.
    #[error("le serveur de courriel {server} n'a pas pris le message : {detail}")]
    Server { server: String, detail: String },
}

/// Sends messages through one SMTP server.
#[derive(Clone)]
pub struct Mailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
    server: String,
}

/// One message: to whom, its subject and its text.
#[derive(Debug, Clone)]
pub struct Letter<'a> {
    pub to: &'a str,
    pub subject: &'a str,
    pub body: &'a str,
}

impl Mailer {
    /// The mailer of `settings`, with `password` (from the environment) when the server asks
    /// for one.
    pub fn new(settings: &MailSettings, password: Option<String>) -> Result<Mailer, MailError> {
        let server = format!("{}:{}", settings.serveur, settings.port);
        let refused = |detail: String| MailError::Server { server: server.clone(), detail };
        let builder = match settings.securite {
            Security::Aucune => {
                AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(&settings.serveur)
            }
            Security::Starttls => {
                AsyncSmtpTransport::<Tokio1Executor>::starttls_relay(&settings.serveur)
                    .map_err(|e| refused(e.to_string()))?
            }
            Security::Tls => AsyncSmtpTransport::<Tokio1Executor>::relay(&settings.serveur)
                .map_err(|e| refused(e.to_string()))?,
        };
        let mut builder = builder
            .port(settings.port)
            .timeout(Some(std::time::Duration::from_secs(settings.delai_secondes)));
        if let (Some(user), Some(password)) = (&settings.utilisateur, password) {
            builder = builder.credentials(Credentials::new(user.clone(), password));
        }
        let from = settings
            .expediteur
            .parse::<Mailbox>()
            .map_err(|_| MailError::Address(settings.expediteur.clone()))?;
        Ok(Mailer { transport: builder.build(), from, server })
    }

    /// The server, as `host:port`.
    pub fn server(&self) -> &str {
        &self.server
    }

    /// The sender applicants read.
    pub fn sender(&self) -> String {
        self.from.to_string()
    }

    /// Sends `letter`.
    pub async fn send(&self, letter: &Letter<'_>) -> Result<(), MailError> {
        let to = letter
            .to
            .parse::<Mailbox>()
            .map_err(|_| MailError::Address("l'adresse du destinataire".to_owned()))?;
        let message = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(letter.subject)
            .header(ContentType::TEXT_PLAIN)
            .body(letter.body.to_owned())
            .map_err(|e| MailError::Server {
                server: self.server.clone(),
                detail: e.to_string(),
            })?;
        match self.transport.send(message).await {
            Ok(_) => Ok(()),
            Err(e) => {
                let detail = described(&e);
                tracing::warn!(server = %self.server, "courriel non remis : {detail}");
                Err(MailError::Server { server: self.server.clone(), detail })
            }
        }
    }
}

/// What went wrong, without the server's own words (which may repeat the recipient's address).
fn described(e: &lettre::transport::smtp::Error) -> String {
    let code = e.status().map(|c| format!(" (code {c})")).unwrap_or_default();
    if e.is_permanent() {
        format!("refus définitif du serveur{code}")
    } else if e.is_transient() {
        format!("refus temporaire du serveur{code}")
    } else if e.is_timeout() {
        "le serveur n'a pas répondu à temps".to_owned()
    } else {
        "connexion au serveur impossible ou interrompue".to_owned()
    }
}

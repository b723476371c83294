//! A message sent through a real SMTP server: Python's aiosmtpd, started on a free port with
//! its Mailbox handler (installed by scripts/tools-up), which writes what it received to a
//! maildir the test reads. French text in the subject and the body arrives whole; an address
//! that is not one is refused before anything is sent; a server that does not answer is a
//! French error naming the server.

use logis_mail::{Letter, MailError, MailSettings, Mailer};
use logis_testkit::smtp::{TestSmtp, decoded};

fn settings(server: &TestSmtp) -> MailSettings {
    MailSettings::parse(&server.settings_toml()).expect("settings")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_message_in_french_reaches_a_real_smtp_server() {
    let server = TestSmtp::start();
    let mailer = Mailer::new(&settings(&server), None).expect("mailer");
    let letter = Letter {
        to: "héloïse.martin@exemple.fr",
        subject: "Votre code de connexion à l'espace demandeur",
        body: "Bonjour,\n\nVotre code : 482 913. Il expire dans 15 minutes.\n\nLe service logement",
    };
    let refused = Letter { to: "pas une adresse", ..letter.clone() };
    assert!(matches!(mailer.send(&refused).await, Err(MailError::Address(_))));
    mailer.send(&Letter { to: "heloise.martin@exemple.fr", ..letter.clone() }).await.expect("sent");
    let messages = server.wait_for(1).await;
    assert_eq!(messages.len(), 1, "one message received");
    let message = &messages[0];
    assert!(message.contains("To: heloise.martin@exemple.fr"), "{message}");
    assert!(
        message.contains("From: \"Service logement\" <logement@cctc.test>")
            || message.contains("From: Service logement <logement@cctc.test>"),
        "{message}"
    );
    assert!(message.contains("Content-Type: text/plain; charset=utf-8"), "{message}");
    // Read as a mail program reads it (Python's email parser): the subject and the body whole.
    let (subject, body) = decoded(message);
    assert_eq!(subject, letter.subject);
    assert_eq!(body.trim_end(), letter.body);
    drop(server);

    // No server any more: a French error naming the server, not the recipient.
    let error = mailer.send(&letter).await.expect_err("no server");
    let said = error.to_string();
    assert!(said.starts_with("le serveur de courriel 127.0.0.1:"), "{said}");
    assert!(!said.contains("heloise"), "{said}");
}

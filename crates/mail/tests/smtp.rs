//! A message sent through a real SMTP server: Python's aiosmtpd, started on a free port with
//! its Mailbox handler (installed by scripts/tools-up), which writes what it received to a
//! maildir the test reads. French text in the subject and the body arrives whole; an address
//! that is not one is refused before anything is sent; a server that does not answer is a
//! French error naming the server.

use logis_mail::{Letter, MailError, MailSettings, Mailer};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// aiosmtpd listening on a free port of 127.0.0.1, writing to `maildir`; stopped when dropped.
struct LocalServer {
    child: Child,
    port: u16,
}

impl LocalServer {
    fn start(maildir: &std::path::Path) -> LocalServer {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port")
            .port();
        let child = Command::new("python3")
            .args(["-m", "aiosmtpd", "-n", "-l", &format!("127.0.0.1:{port}")])
            .args(["-c", "aiosmtpd.handlers.Mailbox"])
            .arg(maildir)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("python3 -m aiosmtpd (scripts/tools-up installs it)");
        let started = Instant::now();
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(started.elapsed() < Duration::from_secs(20), "aiosmtpd listens");
            std::thread::sleep(Duration::from_millis(100));
        }
        LocalServer { child, port }
    }
}

impl Drop for LocalServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn settings(port: u16) -> MailSettings {
    let text = format!(
        "serveur = \"127.0.0.1\"\nport = {port}\nsecurite = \"aucune\"\n\
         expediteur = \"Service logement <logement@cctc.test>\"\ndelai_secondes = 5\n"
    );
    MailSettings::parse(&text).expect("settings")
}

/// The subject and the body of `message` as Python's email parser decodes them.
fn decoded(message: &str) -> (String, String) {
    let script = "import email, sys\n\
from email.header import decode_header, make_header\n\
m = email.message_from_string(sys.stdin.read())\n\
sys.stdout.write(str(make_header(decode_header(m['Subject']))) + '\\n')\n\
sys.stdout.write(m.get_payload(decode=True).decode(m.get_content_charset()))\n";
    let mut child = Command::new("python3")
        .args(["-c", script])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("python3");
    use std::io::Write;
    child.stdin.take().expect("stdin").write_all(message.as_bytes()).expect("write");
    let out = child.wait_with_output().expect("python3 ends");
    assert!(out.status.success(), "the message parses");
    let text = String::from_utf8(out.stdout).expect("UTF-8");
    let (subject, body) = text.split_once('\n').expect("a subject line");
    (subject.to_owned(), body.to_owned())
}

/// The messages the server wrote, as text.
fn received(maildir: &std::path::Path) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(maildir.join("new")) else { return Vec::new() };
    entries.filter_map(|e| std::fs::read_to_string(e.ok()?.path()).ok()).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_message_in_french_reaches_a_real_smtp_server() {
    let folder = tempfile::tempdir().expect("folder");
    let maildir = folder.path().join("boite");
    let server = LocalServer::start(&maildir);
    let mailer = Mailer::new(&settings(server.port), None).expect("mailer");
    let letter = Letter {
        to: "héloïse.martin@exemple.fr",
        subject: "Votre code de connexion à l'espace demandeur",
        body: "Bonjour,\n\nVotre code : 482 913. Il expire dans 15 minutes.\n\nLe service logement",
    };
    let refused = Letter { to: "pas une adresse", ..letter.clone() };
    assert!(matches!(mailer.send(&refused).await, Err(MailError::Address(_))));
    mailer.send(&Letter { to: "heloise.martin@exemple.fr", ..letter.clone() }).await.expect("sent");
    let started = Instant::now();
    let messages = loop {
        let found = received(&maildir);
        if !found.is_empty() || started.elapsed() > Duration::from_secs(10) {
            break found;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
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

//! A real SMTP server for the tests: Python's aiosmtpd (installed by scripts/tools-up) on a
//! free port of 127.0.0.1, its Mailbox handler writing what it receives to a maildir the test
//! reads; stopped when dropped. Messages are read as a mail program reads them (Python's email
//! parser).

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The server, its port and its maildir.
pub struct TestSmtp {
    child: Child,
    pub port: u16,
    maildir: PathBuf,
    _folder: tempfile::TempDir,
}

impl TestSmtp {
    /// Starts the server and waits until it listens.
    pub fn start() -> TestSmtp {
        let folder = tempfile::tempdir().expect("folder");
        let maildir = folder.path().join("boite");
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port")
            .port();
        let child = Command::new("python3")
            .args(["-m", "aiosmtpd", "-n", "-l", &format!("127.0.0.1:{port}")])
            .args(["-c", "aiosmtpd.handlers.Mailbox"])
            .arg(&maildir)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("python3 -m aiosmtpd (scripts/tools-up installs it)");
        let started = Instant::now();
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(started.elapsed() < Duration::from_secs(20), "aiosmtpd listens");
            std::thread::sleep(Duration::from_millis(100));
        }
        TestSmtp { child, port, maildir, _folder: folder }
    }

    /// The settings of Logis's mailer for this server (docs/parametres-courriel.toml's keys).
    pub fn settings_toml(&self) -> String {
        format!(
            "serveur = \"127.0.0.1\"\nport = {}\nsecurite = \"aucune\"\n\
             expediteur = \"Service logement <logement@cctc.test>\"\ndelai_secondes = 5\n",
            self.port
        )
    }

    /// The messages received so far, as text.
    pub fn received(&self) -> Vec<String> {
        let Ok(entries) = std::fs::read_dir(self.maildir.join("new")) else { return Vec::new() };
        entries.filter_map(|e| std::fs::read_to_string(e.ok()?.path()).ok()).collect()
    }

    /// Waits (10 seconds at most) until `count` messages were received; those received.
    pub async fn wait_for(&self, count: usize) -> Vec<String> {
        let started = Instant::now();
        loop {
            let found = self.received();
            if found.len() >= count || started.elapsed() > Duration::from_secs(10) {
                return found;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
}

impl Drop for TestSmtp {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The subject and the body of `message` as Python's email parser decodes them.
pub fn decoded(message: &str) -> (String, String) {
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

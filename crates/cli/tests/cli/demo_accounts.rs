//! Accounts with published passwords never open a real register: `logis demo` adds none to a
//! database that already holds data, and `logis serve` refuses to start on a database that
//! holds one — even the demo's, which only `logis demo` serves — with the command that removes
//! them.

use crate::support::{logis, logis_with_input, stderr, stdout};
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// A database holding a generated territory, as a real one would.
fn real_register(dir: &Path) {
    let generated = logis(dir, &["generate", "--scale", "cctc", "--out", "jeu", "--seed", "3"]);
    assert!(generated.status.success(), "{}", stderr(&generated));
    let imported = logis(dir, &["import", "jeu"]);
    assert!(imported.status.success(), "{}", stderr(&imported));
}

/// Starts `logis serve` on a free port: whether it said it serves within a minute (then it is
/// stopped), or what it said on its error output when it stopped.
fn serves(dir: &Path) -> Result<(), String> {
    let mut child = Command::new(env!("CARGO_BIN_EXE_logis"))
        .args(["serve", "--addr", "127.0.0.1:0"])
        .current_dir(dir)
        .env_remove("LOGIS_DATABASE_URL")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the logis binary runs");
    let stdout = child.stdout.take().expect("stdout");
    let (sender, said) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if line.contains("Application des partenaires") {
                let _ = sender.send(());
            }
        }
    });
    let started = Instant::now();
    while started.elapsed() < Duration::from_secs(60) {
        if said.try_recv().is_ok() {
            child.kill().expect("stop the server");
            child.wait().expect("stopped");
            return Ok(());
        }
        if child.try_wait().expect("state").is_some() {
            let out = child.wait_with_output().expect("output");
            return Err(stderr(&out));
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    child.kill().expect("stop the server");
    child.wait().expect("stopped");
    Err("the server neither started nor stopped within a minute".into())
}

#[test]
fn demo_adds_no_account_to_a_database_that_holds_data() {
    let dir = tempfile::tempdir().expect("temporary folder");
    real_register(dir.path());
    let demo = logis(dir.path(), &["demo", "--sans-serveur"]);
    assert_eq!(demo.status.code(), Some(1));
    let said = stderr(&demo);
    assert!(said.contains("n'a pas été créée par « logis demo »"), "{said}");
    assert!(said.contains("logis --database sqlite://logis.db serve"), "{said}");
    let listed = stdout(&logis(dir.path(), &["user", "list"]));
    assert!(listed.contains("Aucun compte"), "no account was added: {listed}");
}

#[test]
fn the_server_refuses_a_published_password_until_it_is_removed() {
    let dir = tempfile::tempdir().expect("temporary folder");
    real_register(dir.path());
    let add = ["user", "add", "--login", "admin", "--role", "administrateur"];
    assert!(logis_with_input(dir.path(), &add, "demo-administrateur\n").status.success());
    let add = ["user", "add", "--login", "chargee.habitat", "--role", "administrateur"];
    assert!(logis_with_input(dir.path(), &add, "un mot de passe à elle\n").status.success());
    let refused = serves(dir.path()).expect_err("the server must not start");
    assert!(
        refused.contains("comptes de démonstration dont le mot de passe est publié (admin)"),
        "{refused}"
    );
    assert!(refused.contains("logis user delete --demonstration"), "{refused}");
    let removed = logis(dir.path(), &["user", "delete", "--demonstration"]);
    assert!(removed.status.success(), "{}", stderr(&removed));
    assert!(stdout(&removed).contains("Compte « admin » supprimé"), "{}", stdout(&removed));
    let listed = stdout(&logis(dir.path(), &["user", "list"]));
    assert!(listed.contains("chargee.habitat") && !listed.contains("admin "), "{listed}");
    serves(dir.path()).expect("the server starts once they are gone");
}

#[test]
fn only_logis_demo_serves_the_demo_accounts() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let demo = logis(dir.path(), &["demo", "--sans-serveur"]);
    assert!(demo.status.success(), "{}", stderr(&demo));
    let refused = serves(dir.path()).expect_err("logis serve must not serve the demo's accounts");
    assert!(refused.contains("mot de passe est publié (admin"), "{refused}");
    assert!(refused.contains("pour la démonstration elle-même : logis demo"), "{refused}");
}

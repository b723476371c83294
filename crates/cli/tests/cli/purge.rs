//! `logis purge`: what it would erase with `--simulation` (nothing written, on any day), then
//! the purge itself (today, never as of a future day), after which nothing is left to erase.

use crate::support::{logis, stderr, stdout};

/// The number on the line of `out` that mentions `what`.
fn count(out: &str, what: &str) -> u64 {
    out.lines()
        .find(|l| l.contains(what))
        .map(|l| {
            let digits =
                l.trim_start().chars().take_while(|c| c.is_ascii_digit() || c.is_whitespace());
            digits.filter(char::is_ascii_digit).collect::<String>()
        })
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("{what} in {out}"))
}

#[test]
fn a_simulation_says_what_the_purge_then_erases() {
    let dir = tempfile::tempdir().expect("temporary folder");
    assert!(
        logis(dir.path(), &["generate", "--scale", "cctc", "--out", "jeu", "--seed", "3"])
            .status
            .success()
    );
    assert!(logis(dir.path(), &["import", "jeu"]).status.success());
    let simulated = logis(dir.path(), &["purge", "--simulation", "--date", "01/06/2027"]);
    assert!(simulated.status.success(), "{}", stderr(&simulated));
    let said = stdout(&simulated);
    assert!(said.starts_with("Simulation : la purge effacerait (délais : 12 mois"), "{said}");
    assert!(said.contains("sorties du registre avant le 01/06/2026"), "{said}");
    assert!(said.contains("Rien n'a été effacé"));
    let applications = count(&said, "demandes sorties du registre");
    assert!(applications > 100, "{said}");
    let again = stdout(&logis(dir.path(), &["purge", "--simulation", "--date", "01/06/2027"]));
    assert_eq!(count(&again, "demandes sorties"), applications, "a simulation writes nothing");

    // Today's purge (a future day only for a simulation: it would erase what must be kept).
    let future = logis(dir.path(), &["purge", "--date", "01/06/2027"]);
    assert_eq!(future.status.code(), Some(1));
    assert!(
        stderr(&future).contains("ne peut pas être faite à une date future"),
        "{}",
        stderr(&future)
    );
    let today = stdout(&logis(dir.path(), &["purge", "--simulation"]));
    let applications = count(&today, "demandes sorties du registre");
    assert!(applications > 100, "{today}");
    let purged = logis(dir.path(), &["purge"]);
    assert!(purged.status.success(), "{}", stderr(&purged));
    let said = stdout(&purged);
    assert!(said.starts_with("Purge faite"), "{said}");
    assert_eq!(count(&said, "demandes sorties"), applications);
    let after = stdout(&logis(dir.path(), &["purge", "--simulation"]));
    assert_eq!(count(&after, "demandes sorties"), 0, "{after}");
}

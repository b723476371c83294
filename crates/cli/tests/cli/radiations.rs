//! `logis radiations`: which applications a run would strike off for non-renewal
//! (`--simulation`, nothing changed, any day), then the run itself (never as of a future day),
//! after which none is left.

use crate::support::{logis, stderr, stdout};

/// The count at the start of the first line that says one.
fn struck(out: &str) -> u64 {
    let line = out.lines().next().unwrap_or_default();
    let after = line.strip_prefix("Simulation : ").unwrap_or(line);
    let digits: String = after
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '\u{a0}')
        .filter(char::is_ascii_digit)
        .collect();
    digits.parse().unwrap_or_else(|_| panic!("a count in {out}"))
}

#[test]
fn a_simulation_says_which_applications_the_run_then_strikes_off() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let generated =
        logis(dir.path(), &["generate", "--scale", "cctc", "--out", "jeu", "--seed", "3"]);
    assert!(generated.status.success());
    assert!(logis(dir.path(), &["import", "jeu"]).status.success());
    let simulated = logis(dir.path(), &["radiations", "--simulation"]);
    assert!(simulated.status.success(), "{}", stderr(&simulated));
    let said = stdout(&simulated);
    let n = struck(&said);
    assert!(n > 0, "{said}");
    assert!(said.contains("Rien n'a été changé"), "{said}");
    assert_eq!(
        struck(&stdout(&logis(dir.path(), &["radiations", "--simulation"]))),
        n,
        "nothing changed"
    );
    let later = stdout(&logis(dir.path(), &["radiations", "--simulation", "--date", "01/06/2040"]));
    assert!(struck(&later) > n, "more as time passes: {later}");

    let future = logis(dir.path(), &["radiations", "--date", "01/06/2040"]);
    assert!(!future.status.success());
    assert!(stderr(&future).contains("seule une simulation le peut"), "{}", stderr(&future));

    let run = logis(dir.path(), &["radiations"]);
    assert!(run.status.success(), "{}", stderr(&run));
    let done = stdout(&run);
    assert_eq!(struck(&done), n, "{done}");
    assert!(done.contains("radiée"), "{done}");
    assert_eq!(struck(&stdout(&logis(dir.path(), &["radiations", "--simulation"]))), 0);
}

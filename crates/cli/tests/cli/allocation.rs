//! `logis candidats`, `logis pourquoi-pas` and `logis objectifs` on the demo territory: the
//! candidates in score order, a French refusal for an unknown application, and the year's
//! objectives equal to the bilan's.

use crate::support::{logis, stderr, stdout};

fn first_dwelling_of(dir: &std::path::Path, commune: &str) -> String {
    let out = logis(dir, &["export", "export"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let csv = std::fs::read_to_string(dir.join("export/logements.csv")).expect("logements.csv");
    csv.lines()
        .skip(1)
        .find(|l| l.split(';').nth(2) == Some(commune))
        .and_then(|l| l.split(';').next())
        .expect("a dwelling in the commune")
        .to_owned()
}

#[test]
fn candidates_why_not_and_objectives_from_the_command_line() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let out = logis(dir.path(), &["demo", "--sans-serveur"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let dwelling = first_dwelling_of(dir.path(), "82033");

    let out = logis(dir.path(), &["candidats", "--logement", &dwelling, "--nombre", "3"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    let lines: Vec<&str> = text
        .lines()
        .filter(|l| l.starts_with("  ") && l.trim_start().starts_with(char::is_numeric))
        .collect();
    assert_eq!(lines.len(), 3, "{text}");
    let scores: Vec<i64> = lines
        .iter()
        .map(|l| l.split_whitespace().nth(2).expect("score").parse().expect("a number"))
        .collect();
    assert!(scores.windows(2).all(|w| w[0] >= w[1]), "highest score first: {scores:?}");
    assert!(text.contains("candidat(s) parmi"));
    let numero = lines[0].split_whitespace().nth(1).expect("numéro");

    let out = logis(dir.path(), &["pourquoi-pas", "--logement", &dwelling, "--demande", numero]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("est candidate"));
    let out =
        logis(dir.path(), &["pourquoi-pas", "--logement", &dwelling, "--demande", "INCONNUE"]);
    assert!(!out.status.success());
    assert!(stderr(&out).contains("aucune demande n'a le numéro INCONNUE"));
    let out = logis(dir.path(), &["candidats", "--logement", "ABSENT"]);
    assert!(!out.status.success());
    assert!(stderr(&out).contains("aucun logement n'a l'identifiant ABSENT"));

    let out = logis(dir.path(), &["objectifs", "--date", "2025-12-31"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let live = stdout(&out);
    let out = logis(dir.path(), &["bilan", "--year", "2025"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let bilan: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("JSON");
    let territory =
        live.lines().find(|l| l.trim_start().starts_with("Territoire")).expect("territory line");
    for objective in bilan["objectifs"].as_array().expect("objectives").iter().take(3) {
        let fraction = format!("{}/{}", objective["numerateur"], objective["denominateur"]);
        assert!(territory.contains(&fraction), "{fraction} in « {territory} »");
    }
}

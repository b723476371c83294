//! The worked examples of docs/cotation.md, scored with the documented grid: the documentation
//! cannot drift from what the code does.

use crate::support::{day, demande};
use logis_cotation::engine::Thresholds;
use logis_cotation::{Applicant, Facts, Score, default_grid};
use logis_domain::*;
use toml::{Table, Value};

const DOC: &str = include_str!("../../../../docs/cotation.md");

/// The TOML blocks marked `toml exemple`.
fn examples() -> Vec<Table> {
    let mut blocks = Vec::new();
    let mut current: Option<String> = None;
    for line in DOC.lines() {
        match (&mut current, line.trim()) {
            (None, "```toml exemple") => current = Some(String::new()),
            (Some(block), "```") => {
                blocks.push(block.parse::<Table>().expect("an example is valid TOML"));
                current = None;
            }
            (Some(block), _) => {
                block.push_str(line);
                block.push('\n');
            }
            (None, _) => {}
        }
    }
    blocks
}

fn date(v: &Value) -> Date {
    let d = v.as_datetime().and_then(|d| d.date).expect("a date");
    day(i32::from(d.year), d.month, d.day)
}

fn strings(t: &Table, key: &str) -> Vec<String> {
    t.get(key)
        .and_then(Value::as_array)
        .map(|a| a.iter().map(|v| v.as_str().expect("text").to_owned()).collect())
        .unwrap_or_default()
}

fn code<T: CodeList>(raw: &str) -> T {
    T::parse_exact(raw).unwrap_or_else(|| panic!("unknown code {raw}"))
}

fn euros(t: &Table, key: &str) -> Option<Amount> {
    t.get(key).map(|v| Amount::from_euros(v.as_integer().expect("whole euros")))
}

fn applicant(t: &Table) -> Applicant {
    let mut d = demande("EXEMPLE", date(&t["date_depot"]));
    d.situation_logement = code(t["situation"].as_str().expect("text"));
    d.ressources_mensuelles = euros(t, "ressources_mensuelles").expect("resources");
    d.loyer_actuel = euros(t, "loyer_actuel");
    d.motifs = strings(t, "motifs").iter().map(|m| code(m)).collect();
    d.criteres_prioritaires = strings(t, "criteres_prioritaires").iter().map(|c| code(c)).collect();
    d.typologies_souhaitees = strings(t, "typologies").iter().map(|c| code(c)).collect();
    d.communes_souhaitees =
        strings(t, "communes").iter().map(|c| CodeInsee::parse(c).expect("insee")).collect();
    d.dalo = t.get("dalo").and_then(Value::as_bool);
    d.refus_offres_adaptees =
        t.get("refus_offres_adaptees").map(|v| v.as_integer().expect("count") as u16);
    d.pieces_verifiees = strings(t, "pieces_verifiees").iter().map(|p| code(p)).collect();
    let membres: Vec<Membre> = t["membres"]
        .as_array()
        .expect("members")
        .iter()
        .enumerate()
        .map(|(i, m)| Membre {
            rang: i as u16 + 1,
            lien: code(m["lien"].as_str().expect("text")),
            date_naissance: date(&m["naissance"]),
        })
        .collect();
    Applicant::new(&d, &membres)
}

#[test]
fn documented_examples_give_their_documented_scores() {
    let grid = default_grid();
    let examples = examples();
    assert_eq!(examples.len(), 4, "the documentation has four worked examples");
    for (n, example) in examples.iter().enumerate() {
        let at = date(&example["date_calcul"]);
        let q: Vec<i64> = example["seuils"]
            .as_array()
            .expect("q1, q2, q3")
            .iter()
            .map(|v| v.as_integer().expect("euros"))
            .collect();
        let seuils = Thresholds::new(vec![Seuils {
            annee: at.year(),
            q1: Amount::from_euros(q[0]),
            q2: Amount::from_euros(q[1]),
            q3: Amount::from_euros(q[2]),
        }]);
        let applicant = applicant(example);
        let score = logis_cotation::score::score(
            &grid,
            &Facts::at(&applicant, at, seuils.for_date(at), &grid.delays),
        );
        let lines: Vec<String> = Score::decode(&score.encode())
            .expect("decodes")
            .iter()
            .map(|l| {
                format!(
                    "{}={}:{}",
                    l.code,
                    l.points,
                    match l.status {
                        logis_cotation::Status::Verifie => "v",
                        logis_cotation::Status::Declare => "d",
                        logis_cotation::Status::EnAttente => "a",
                    }
                )
            })
            .collect();
        assert_eq!(lines, strings(example, "lignes"), "example {}", n + 1);
        assert_eq!(
            i64::from(score.total),
            example["score"].as_integer().expect("score"),
            "example {}",
            n + 1
        );
        assert_eq!(Some(score.provisoire), example["provisoire"].as_bool(), "example {}", n + 1);
    }
}

#[test]
fn every_variable_is_documented() {
    for variable in logis_cotation::variables::Variable::ALL {
        assert!(
            DOC.contains(&format!("| `{}` |", variable.name())),
            "{} is not documented",
            variable.name()
        );
    }
}

#[test]
fn the_documented_grid_parses() {
    let grid = default_grid();
    assert_eq!(grid.en_vigueur, day(2022, 1, 1));
    assert!(grid.mutation.is_some());
    assert_eq!(grid.delays.months(Some(Typologie::T5)), 36);
    assert_eq!(grid.delays.months(Some(Typologie::T2)), 24);
}

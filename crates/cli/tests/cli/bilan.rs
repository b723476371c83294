//! `logis bilan` as users run it: the JSON document of bilan.md for a year of the demo.

use crate::support::{logis, stderr, stdout};

#[test]
fn the_demo_year_gives_the_json_of_the_contract() {
    let dir = tempfile::tempdir().expect("temporary folder");
    assert!(logis(dir.path(), &["demo", "--sans-serveur"]).status.success());
    let out = logis(dir.path(), &["bilan", "--year", "2022"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let json: serde_json::Value =
        serde_json::from_str(&stdout(&out)).expect("JSON on standard output");
    assert_eq!(json["annee"], 2022);
    let k = &json["chiffres_cles"];
    let active = k["demandes_actives"].as_u64().expect("count");
    let allocations = k["attributions"].as_u64().expect("count");
    assert!(active > 300 && allocations > 100, "{k}");
    let pressure = k["pression"].as_f64().expect("ratio");
    assert!((pressure - active as f64 / allocations as f64).abs() < 0.005, "{k}");
    for dimension in [
        "age",
        "composition",
        "situation_logement",
        "sans_logement_propre",
        "mutation",
        "quartile",
        "priorite",
        "typologie",
        "commune",
    ] {
        let segments =
            json["segments"][dimension].as_array().unwrap_or_else(|| panic!("{dimension}"));
        let demandes: u64 = segments.iter().map(|s| s["demandes"].as_u64().expect("count")).sum();
        if dimension != "quartile" {
            assert_eq!(demandes, active, "{dimension}: every active application has one modality");
        }
    }
    let codes: Vec<&str> = json["objectifs"]
        .as_array()
        .expect("list")
        .iter()
        .map(|o| o["code"].as_str().expect("code"))
        .collect();
    assert_eq!(&codes[..3], ["q1_hors_qpv", "q234_en_qpv", "prioritaires"]);
    assert!(codes[3..].iter().all(|c| c.starts_with("prioritaires:")));

    let out = logis(dir.path(), &["bilan", "--year", "2022", "--out", "bilan.json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let written = std::fs::read_to_string(dir.path().join("bilan.json")).expect("file");
    assert_eq!(serde_json::from_str::<serde_json::Value>(&written).expect("JSON"), json);

    let out =
        logis(dir.path(), &["bilan", "--year", "2022", "--format", "xlsx", "--out", "bilan.xlsx"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let workbook = std::fs::read(dir.path().join("bilan.xlsx")).expect("workbook");
    assert_eq!(&workbook[..2], b"PK", "an XLSX file is a zip archive");
    let without_file = logis(dir.path(), &["bilan", "--year", "2022", "--format", "xlsx"]);
    assert!(!without_file.status.success());
    assert!(stderr(&without_file).contains("ajoutez --out bilan-2022.xlsx"));

    std::fs::write(
        dir.path().join("p.toml"),
        "[territoire]\nnom = \"CA Essai\"\n[objectifs]\nprioritaires = 0.9\n",
    )
    .expect("settings");
    let out = logis(dir.path(), &["bilan", "--year", "2022", "--parametres", "p.toml"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("JSON");
    assert_eq!(json["territoire"]["nom"], "CA Essai");
    assert_eq!(json["objectifs"][2]["cible"], 0.9);
    std::fs::write(dir.path().join("faux.toml"), "[objectifs]\nprioritaires = 2\n")
        .expect("settings");
    let out = logis(dir.path(), &["bilan", "--year", "2022", "--parametres", "faux.toml"]);
    assert!(!out.status.success());
    assert!(
        stderr(&out)
            .contains("faux.toml : ligne 2, colonne 16 : une cible est une part entre 0 et 1"),
        "{}",
        stderr(&out)
    );
}

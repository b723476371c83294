//! `logis flux bilan|inventaire` as PDF and workbook, on a small territory imported from files
//! and worked by hand (../shared/spec/flux.md); names come from organismes.csv and the
//! national list of communes.
//!
//! Tarn-et-Garonne Habitat (tgh) lets 6 dwellings in 2025: A5 is a rehousing of urban renewal,
//! A6 a tenant of tgh moving (internal transfer): a net flow of 4. Conventions of 2025: the
//! Préfecture (etat) 25 %, Action Logement (al) 10 %.
//! - al: 10 % × 4 = 0,4; received A3; gap +0,6.
//! - etat: 25 % × 4 = 1,0; received A1 (Moissac, QPV, built 1987), A2 (Castelsarrasin, 1970);
//!   gap +1,0.
//! - tgh: 100 − 35 = 65 %; 4 − 1,4 = 2,6; received A4; gap −1,6.
//!
//! Inventory of 2026 (2023–2025): stock etat L1, L2 (2), al L3 (1), tgh L4, L5, L6 (3); let and
//! not set aside: L1 twice (2024, 2025) and L2 (etat 3), L3 (al 1), L4 (tgh 1): 5 in all.
//! Rotation etat 3 / 3 / 2 = 0,50, al 1 / 3 / 1 = 0,33, tgh 1 / 3 / 3 = 0,11, overall
//! 5 / 3 / 6 = 0,28; shares 60 %, 20 %, 20 %.

use crate::support::{logis, stderr, stdout};
use std::path::Path;
use std::process::Command;

const ORGANISMES: &str = "organisme_id;nom;type\ntgh;Tarn-et-Garonne Habitat;bailleur\n\
etat;Préfecture de Tarn-et-Garonne;etat\nal;Action Logement Services;action_logement\n";

const LOGEMENTS: &str = "logement_id;bailleur;commune;qpv;typologie;loyer;financement;reservataire;annee_construction\n\
L1;tgh;82112;QP082003;T3;380;PLUS;etat;1987\n\
L2;tgh;82033;;T2;300;PLAI;etat;1970\n\
L3;tgh;82033;;T4;450;PLUS;al;2015\n\
L4;tgh;82033;;T3;400;PLUS;;\n\
L5;tgh;82033;;T3;400;PLUS;;2001\n\
L6;tgh;82112;;T2;300;PLS;;1999\n";

const ATTRIBUTIONS: &str = "numero_unique;logement_id;bailleur;commune;qpv;typologie;reservataire;date_bail;relogement_anru\n\
A1;L1;tgh;82112;QP082003;T3;etat;2025-03-01;\n\
A2;L2;tgh;82033;;T2;etat;2025-04-01;\n\
A3;L3;tgh;82033;;T4;al;2025-05-01;\n\
A4;L4;tgh;82033;;T3;tgh;2025-06-01;\n\
A5;L5;tgh;82033;;T3;tgh;2025-07-01;oui\n\
A6;L6;tgh;82112;;T2;tgh;2025-08-01;\n\
A7;L1;tgh;82112;QP082003;T3;etat;2024-02-01;\n";

const CONVENTIONS: &str = "bailleur;reservataire;annee;part;commune;date_signature\ntgh;etat;2025;25;;\ntgh;al;2025;10;;\n";

/// The demandes and members of the seven households satisfied (A6 a tenant of tgh).
fn households() -> (String, String) {
    let mut demandes = "numero_unique;date_depot;statut;date_radiation;situation_logement;bailleur_actuel;ressources_mensuelles;communes_souhaitees\n".to_owned();
    let mut membres = "numero_unique;rang;lien;date_naissance\n".to_owned();
    for line in ATTRIBUTIONS.lines().skip(1) {
        let fields: Vec<&str> = line.split(';').collect();
        let (numero, lease) = (fields[0], fields[7]);
        let (situation, landlord) =
            if numero == "A6" { ("locataire_hlm", "tgh") } else { ("locataire_prive", "") };
        demandes.push_str(&format!(
            "{numero};2023-01-10;attribuee;{lease};{situation};{landlord};1500;{}\n",
            fields[3]
        ));
        membres.push_str(&format!("{numero};1;titulaire;1980-05-01\n"));
    }
    (demandes, membres)
}

/// A folder with the territory imported into its database.
fn territory() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temporary folder");
    let set = dir.path().join("set");
    std::fs::create_dir(&set).expect("folder");
    let (demandes, membres) = households();
    for (name, text) in [
        ("organismes.csv", ORGANISMES),
        ("logements.csv", LOGEMENTS),
        ("attributions.csv", ATTRIBUTIONS),
        ("conventions.csv", CONVENTIONS),
        ("demandes.csv", &demandes),
        ("membres.csv", &membres),
    ] {
        std::fs::write(set.join(name), text).expect("file");
    }
    let out = logis(dir.path(), &["import", "set"]);
    assert!(out.status.success(), "{}{}", stdout(&out), stderr(&out));
    dir
}

/// A PDF's text, whitespace folded, without the space before `%` (pdftotext's layout drops a
/// narrow one in a tight column).
fn pdf_text(path: &Path) -> String {
    let pdf = std::fs::read(path).expect("the PDF");
    logis_testkit::documents::pdf_text(&pdf).replace(" %", "%")
}

fn assert_says(text: &str, said: &[&str]) {
    for s in said {
        assert!(text.contains(&s.replace(" %", "%")), "« {s} » missing from:\n{text}");
    }
}

#[test]
fn the_flux_bilan_is_written_as_a_pdf_and_a_workbook_naming_organismes_and_communes() {
    let dir = territory();
    let d = dir.path();

    let out = logis(d, &["flux", "bilan", "--year", "2025", "--format", "pdf"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out)
            .contains("le format pdf s'écrit dans un fichier : ajoutez --out bilan-flux-2025.pdf"),
        "{}",
        stderr(&out)
    );

    let args = ["flux", "bilan", "--year", "2025", "--bailleur", "tgh", "--format", "pdf"];
    let out = logis(d, &[&args[..], &["--out", "bilan.pdf"]].concat());
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains("Document écrit dans bilan.pdf"), "{}", stderr(&out));
    let text = pdf_text(&d.join("bilan.pdf"));
    assert_says(
        &text,
        &[
            "Tarn-et-Garonne Habitat · Bilan 2025 de la gestion en flux",
            "En 2025, Tarn-et-Garonne Habitat a signé 6 baux ; 2 logements en sont mis de côté",
            "est de 4 logements",
            "Action Logement Services 10 % 0,4 1 +0,6 0,6 logement reçu en plus",
            "Préfecture de Tarn-et-Garonne 25 % 1,0 2 +1,0 1,0 logement reçu en plus",
            "Tarn-et-Garonne Habitat (bailleur) 65 % 2,6 1 −1,6 1,6 logement dû",
            "Total 100 % 4,0 4",
            // Communes (al, etat, tgh, total): Castelsarrasin A3, A2, A4; Moissac A1.
            "Castelsarrasin 1 1 1 3",
            "Moissac 0 1 0 1",
            "en QPV 0 1 0 1",
            "avant 1975 0 1 0 1",
            "de 1975 à 1999 0 1 0 1",
            "2013 et après 1 0 0 1",
            "non renseignée 0 0 1 1",
            "Prévision des logements mis de côté en 2026",
        ],
    );
    assert!(!text.contains("82033") && !text.contains("82112"), "communes named: {text}");

    // Every landlord's workbook, opened by LibreOffice: its summary sheet, back as text.
    let out =
        logis(d, &["flux", "bilan", "--year", "2025", "--format", "xlsx", "--out", "bilan.xlsx"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let profile = format!("-env:UserInstallation=file://{}/lo-profile", d.display());
    let converted = Command::new("soffice")
        .args([
            &profile,
            "--headless",
            "--convert-to",
            "csv:Text - txt - csv (StarCalc):59,34,76",
            "--outdir",
            "converted",
            "bilan.xlsx",
        ])
        .current_dir(d)
        .output()
        .expect("soffice (LibreOffice) runs");
    assert!(converted.status.success(), "{}", String::from_utf8_lossy(&converted.stderr));
    let summary = std::fs::read_to_string(d.join("converted/bilan.csv")).expect("summary sheet");
    // Loués 6, set aside 1 + 1, net 4, owed to holders 0,0 (both over their entitlement),
    // forecast 1 + 1.
    assert!(summary.contains("Tarn-et-Garonne Habitat;tgh;6;1;1;4;0.0;1;1"), "{summary}");
}

#[test]
fn the_inventory_of_every_landlord_is_json_a_workbook_and_a_page_to_sign() {
    let dir = territory();
    let d = dir.path();
    let out = logis(d, &["flux", "inventaire", "--year", "2026"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let all: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("JSON");
    assert_eq!(all["annee"], 2026);
    let landlords = all["bailleurs"].as_array().expect("one document per landlord");
    assert_eq!(landlords.len(), 1);
    assert_eq!(landlords[0]["bailleur"], "tgh");
    assert_eq!(landlords[0]["reservataires"][1]["reservataire"], "etat");
    assert_eq!(landlords[0]["reservataires"][1]["part_proposee"], 60.0);

    let out = logis(d, &["flux", "inventaire", "--year", "2026", "--format", "xlsx"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("ajoutez --out inventaire-flux-2026.xlsx"), "{}", stderr(&out));

    let out = logis(
        d,
        &[
            "flux",
            "inventaire",
            "--year",
            "2026",
            "--bailleur",
            "tgh",
            "--format",
            "pdf",
            "--out",
            "inventaire.pdf",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let text = pdf_text(&d.join("inventaire.pdf"));
    assert_says(
        &text,
        &[
            "Passage à la gestion en flux : parts proposées pour 2026",
            "Tarn-et-Garonne Habitat — inventaire du stock réservé et de ses attributions de 2023 à 2025",
            "Action Logement Services 1 1 0,33 20 %",
            "Préfecture de Tarn-et-Garonne 2 3 0,50 60 %",
            "Tarn-et-Garonne Habitat (bailleur) 3 1 0,11 20 %",
            "Total 6 5 0,28 100 %",
            "Fait à",
            "Pour Tarn-et-Garonne Habitat (bailleur)",
            "Pour Préfecture de Tarn-et-Garonne",
            "Pour Action Logement Services",
        ],
    );
    let out = logis(
        d,
        &["flux", "inventaire", "--year", "2026", "--format", "xlsx", "--out", "inventaire.xlsx"],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(std::fs::read(d.join("inventaire.xlsx")).expect("workbook").starts_with(b"PK"));
}

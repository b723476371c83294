//! The flux documents of a small territory worked by hand (../shared/spec/flux.md): every
//! figure expected below is derived in the comments from the fixture, not taken from the code.
//!
//! Habitat du Confluent (B1) lets 9 dwellings in 2025: one rehousing of urban renewal and one
//! internal transfer are set aside, a net flow of 7 — 4 in Castelsarrasin (82033), 3 in
//! Moissac (82112). Conventions of 2025: the Préfecture (ETAT) 25 %, Action Logement (AL)
//! 20 %, the Ville de Castelsarrasin (C82) 10 % of Castelsarrasin's flow only.
//! - AL: 20 % × 7 = 1,4; received 1 (A6); gap −0,4.
//! - C82: part 0 (commune row only); 10 % × 4 = 0,4; received 1 (A9); gap +0,6.
//! - ETAT: 25 % × 7 = 1,75 → 1,8; received 3 (A3, A4, A5); gap +1,2.
//! - B1: part 100 − 45 = 55; 7 − (1,4 + 0,4 + 1,8) = 3,4; received 2 (A7, A8); gap −1,4.
//!
//! Promologis (B2) lets one dwelling to the Préfecture without a convention: the Préfecture's
//! line has part 0, entitlement 0, received 1, gap +1,0; B2 keeps 100 %, 1,0, received 0, −1,0.

use crate::support::{Value, pdf_pages, pdf_text, says, workbook};
use logis_domain::{
    Attribution, CodeInsee, ConstructionPeriod, Convention, Financement, LogementId, NumeroUnique,
    OrganismeId, Part, Typologie,
};
use logis_flux::bilan::{FluxBilan, bilan};
use logis_flux::inventory::{Inventory, inventory};
use logis_flux::{Dwelling, Register};
use logis_report::flux::{Names, bilan_pdf, bilan_xlsx, inventory_pdf, inventory_xlsx};
use std::collections::HashMap;
use time::macros::date;

fn org(id: &str) -> OrganismeId {
    OrganismeId::parse(id).expect("an organisme")
}

fn numero(n: u32) -> NumeroUnique {
    NumeroUnique::parse(&format!("0820119{n:06}G0001")).expect("numéro")
}

/// A letting of `landlord` to `holder` on `on`, in `commune`, of `dwelling` if any.
fn letting(
    n: u32,
    on: time::Date,
    commune: &str,
    holder: &str,
    typologie: Typologie,
    dwelling: Option<&str>,
) -> Attribution {
    Attribution {
        numero_unique: numero(n),
        logement_id: dwelling.map(|d| LogementId::parse(d).expect("dwelling")),
        bailleur: org("B1"),
        commune: CodeInsee::parse(commune).expect("a commune"),
        qpv: None,
        typologie,
        reservataire: org(holder),
        date_cal: None,
        date_bail: on,
        relogement_anru: None,
        motif_ecart: None,
    }
}

fn dwelling(holder: Option<&str>, financement: Financement, year: Option<i32>) -> Dwelling {
    Dwelling {
        bailleur: org("B1"),
        reservataire: holder.map(org),
        financement,
        construction: ConstructionPeriod::of(year),
    }
}

fn convention(holder: &str, share: &str, commune: Option<&str>) -> Convention {
    Convention {
        bailleur: org("B1"),
        reservataire: org(holder),
        annee: 2025,
        part: Part::parse(share).expect("a share"),
        commune: commune.map(|c| CodeInsee::parse(c).expect("a commune")),
        date_signature: None,
    }
}

fn register() -> Register {
    use Typologie::*;
    let day = date!(2025 - 05 - 20);
    let attributions = vec![
        // Set aside: a rehousing of urban renewal (of L11, AL's), an internal transfer.
        Attribution {
            relogement_anru: Some(true),
            ..letting(1, day, "82033", "ETAT", T3, Some("L11"))
        },
        letting(2, day, "82033", "B1", T2, None),
        // The net flow of 7.
        letting(3, day, "82033", "ETAT", T2, Some("L3")),
        Attribution {
            qpv: Some("QN08201M".into()),
            ..letting(4, day, "82033", "ETAT", T3, Some("L4"))
        },
        letting(5, day, "82112", "ETAT", T3, None),
        letting(6, day, "82112", "AL", T4, Some("L6")),
        letting(7, day, "82112", "B1", T3, Some("L7")),
        letting(8, day, "82033", "B1", T1, None),
        letting(9, day, "82033", "C82", T3, Some("L9")),
        // Before 2025: L3 let in 2024 counts in the inventory, L6 in 2022 does not.
        letting(10, date!(2024 - 03 - 01), "82033", "ETAT", T2, Some("L3")),
        letting(11, date!(2022 - 03 - 01), "82112", "AL", T4, Some("L6")),
        // Promologis's letting.
        Attribution { bailleur: org("B2"), ..letting(12, day, "82112", "ETAT", T2, None) },
    ];
    let dwellings = [
        ("L3", dwelling(Some("ETAT"), Financement::Plus, Some(1980))),
        ("L4", dwelling(Some("ETAT"), Financement::Plai, None)),
        ("L10", dwelling(Some("ETAT"), Financement::Plus, Some(1990))),
        ("L6", dwelling(Some("AL"), Financement::Pls, Some(2015))),
        ("L11", dwelling(Some("AL"), Financement::Plus, Some(1970))),
        ("L7", dwelling(None, Financement::Plus, Some(1960))),
        ("L9", dwelling(None, Financement::Plus, Some(2005))),
    ]
    .into_iter()
    .map(|(id, d)| (LogementId::parse(id).expect("id"), d))
    .collect();
    Register {
        attributions,
        dwellings,
        social_tenants: HashMap::from([(numero(2), Some(org("B1")))]),
        conventions: vec![
            convention("ETAT", "25", None),
            convention("AL", "20", None),
            convention("C82", "10", Some("82033")),
        ],
    }
}

fn organisme(id: &str) -> Option<String> {
    let name = match id {
        "B1" => "Habitat du Confluent",
        "B2" => "Promologis",
        "ETAT" => "Préfecture de Tarn-et-Garonne",
        "AL" => "Action Logement Services",
        "C82" => "Ville de Castelsarrasin",
        _ => return None,
    };
    Some(name.to_owned())
}

fn commune(code: &str) -> Option<String> {
    match code {
        "82033" => Some("Castelsarrasin".to_owned()),
        "82112" => Some("Moissac".to_owned()),
        _ => None,
    }
}

const NAMES: Names = Names { organismes: &organisme, communes: &commune };

/// A share read back from a percentage cell (its value divided by 100) equals `expected`.
fn close(read: f64, expected: f64) {
    assert!((read - expected).abs() < 1e-9, "{read} ≠ {expected}");
}

fn bilans() -> Vec<FluxBilan> {
    let register = register();
    vec![bilan(2025, &org("B1"), &register), bilan(2025, &org("B2"), &register)]
}

fn inventories() -> Vec<Inventory> {
    let register = register();
    vec![inventory(2026, &org("B1"), &register), inventory(2026, &org("B2"), &register)]
}

/// Writes the documents in `LOGIS_FLUX_SAMPLES` when set, to look at them.
#[test]
fn samples_are_written_when_asked() {
    let Ok(dir) = std::env::var("LOGIS_FLUX_SAMPLES") else { return };
    let dir = std::path::Path::new(&dir);
    let bilans = bilans();
    let write = |name: &str, bytes: Vec<u8>| std::fs::write(dir.join(name), bytes).expect("write");
    write("bilan-b1.pdf", bilan_pdf(2025, &bilans[..1], &NAMES).expect("pdf"));
    write("bilans.pdf", bilan_pdf(2025, &bilans, &NAMES).expect("pdf"));
    write("inventaire-b1.pdf", inventory_pdf(2026, &inventories()[..1], &NAMES).expect("pdf"));
    write("inventaires.pdf", inventory_pdf(2026, &inventories(), &NAMES).expect("pdf"));
    write("bilans.xlsx", bilan_xlsx(2025, &bilans, &NAMES).expect("xlsx"));
}

#[test]
fn a_landlord_s_bilan_is_a_pdf_it_can_send_naming_everyone_with_every_figure() {
    let bilans = bilans();
    let pdf = bilan_pdf(2025, &bilans[..1], &NAMES).expect("typeset");
    let text = pdf_text(&pdf);
    for said in [
        "Bilan 2025 de la gestion en flux",
        "Habitat du Confluent",
        "avant le 28 février 2026",
        // The flow: 9 let, 1 + 1 set aside, 7 net.
        "En 2025, Habitat du Confluent a signé 9 baux ; 2 logements en sont mis de côté",
        "est de 7 logements",
        "Relogements de ménages au titre du renouvellement urbain (ANRU) 1",
        "Mutations internes chez le même bailleur 1",
        // Each line: part, entitlement, received, gap and what it means.
        "Action Logement Services 20 % 1,4 1 −0,4 0,4 logement dû",
        "Ville de Castelsarrasin 0 % 0,4 1 +0,6 0,6 logement reçu en plus",
        "Préfecture de Tarn-et-Garonne 25 % 1,8 3 +1,2 1,2 logement reçu en plus",
        "Habitat du Confluent (bailleur) 55 % 3,4 2 −1,4 1,4 logement dû",
        "Total 100 % 7,0 7",
        // By typology (AL, C82, ETAT, B1, total): T1 0 0 0 1 1; T3 0 1 2 1 4.
        "T1 0 0 0 1 1",
        "T3 0 1 2 1 4",
        // By financing: PLUS from L3 (ETAT), L9 (C82), L7 (B1); none known for A5 and A8.
        "PLAI 0 0 1 0 1",
        "PLUS 0 1 1 1 3",
        "PLS 1 0 0 0 1",
        "non renseigné 0 0 1 1 2",
        // QPV: only A4.
        "en QPV 0 0 1 0 1",
        "hors QPV 1 1 2 2 6",
        // Communes by name: Castelsarrasin A3, A4 (ETAT), A9 (C82), A8 (B1); Moissac A5, A6,
        // A7.
        "Castelsarrasin 0 1 2 1 4",
        "Moissac 1 0 1 1 3",
        // Construction: L7 1960, L3 1980, L9 2005, L6 2015; L4 without a year, A5 and A8
        // without a dwelling.
        "avant 1975 0 0 0 1 1",
        "de 1975 à 1999 0 0 1 0 1",
        "de 2000 à 2012 0 1 0 0 1",
        "2013 et après 1 0 0 0 1",
        "non renseignée 0 0 2 1 3",
        // The forecast for 2026: this year's counts.
        "Prévision des logements mis de côté en 2026",
        "Mutations internes chez le même bailleur 1 1",
        // The abbreviations explained.
        "QPV : quartier prioritaire de la politique de la ville",
        "prêt locatif aidé d'intégration",
        "ANRU : Agence nationale pour la rénovation urbaine",
    ] {
        assert!(says(&text, said), "« {said} » missing from:\n{text}");
    }
    assert!(!text.contains("82033") && !text.contains("82112"), "communes are named, not coded");
    assert!(
        says(&text, "Une part de 0 % avec un droit vient de conventions limitées"),
        "the commune-only share is explained"
    );
    for page in pdf_pages(&pdf) {
        assert!(page.starts_with("Habitat du Confluent · Bilan 2025"), "running head: {page}");
    }
}

#[test]
fn every_landlord_s_bilan_is_one_pdf_with_a_summary_and_one_part_each() {
    let pdf = bilan_pdf(2025, &bilans(), &NAMES).expect("typeset");
    let text = pdf_text(&pdf);
    // Summary: B1 9 let, 2 set aside, 7 net, 0,4 owed (AL), 2 forecast; B2 1, 0, 1, 0,0, 0.
    for said in [
        "Synthèse des bailleurs",
        "Habitat du Confluent 9 2 7 0,4 2",
        "Promologis 1 0 1 0,0 0",
        "Total 10 2 8 0,4 2",
        "Préfecture de Tarn-et-Garonne 0 % 0,0 1 +1,0 1,0 logement reçu en plus",
        "Promologis (bailleur) 100 % 1,0 0 −1,0 1,0 logement dû",
        "En 2025, Promologis a signé 1 bail ; aucun n'est mis de côté.",
    ] {
        assert!(says(&text, said), "« {said} » missing from:\n{text}");
    }
    let pages = pdf_pages(&pdf);
    let part_of =
        |name: &str| pages.iter().position(|p| p.contains(&format!("{name} En 2025, {name}")));
    let (b1, b2) = (part_of("Habitat du Confluent"), part_of("Promologis"));
    assert!(b1.is_some() && b2.is_some() && b1 < b2, "one part per landlord, in order: {pages:#?}");
}

#[test]
fn the_bilan_workbook_has_a_summary_and_one_sheet_per_landlord_with_numbers() {
    let sheets = workbook(&bilan_xlsx(2025, &bilans(), &NAMES).expect("workbook"));
    let tabs: Vec<&str> = sheets.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(tabs, ["Synthèse", "Habitat du Confluent", "Promologis"]);
    let summary = &sheets[0];
    assert_eq!(summary.number("Habitat du Confluent", "logements loués"), 9.0);
    assert_eq!(summary.number("Habitat du Confluent", "mis de côté : relogements ANRU"), 1.0);
    assert_eq!(summary.number("Habitat du Confluent", "mis de côté : mutations internes"), 1.0);
    assert_eq!(summary.number("Habitat du Confluent", "flux net"), 7.0);
    assert_eq!(summary.number("Habitat du Confluent", "logements dus aux réservataires"), 0.4);
    assert_eq!(summary.number("Promologis", "flux net"), 1.0);
    assert_eq!(
        summary.text("Promologis", "identifiant"),
        Some(&Value::Text("B2".into())),
        "the identifier in its own column"
    );
    let b1 = &sheets[1];
    let al = "Action Logement Services";
    close(b1.number(al, "part du flux"), 0.2);
    assert_eq!(b1.number(al, "droit"), 1.4);
    assert_eq!(b1.number(al, "reçus"), 1.0);
    assert_eq!(b1.number(al, "écart"), -0.4);
    assert_eq!(b1.number(al, "T4"), 1.0);
    assert_eq!(b1.number(al, "Moissac"), 1.0);
    assert_eq!(b1.number(al, "construction 2013 et après"), 1.0);
    let etat = "Préfecture de Tarn-et-Garonne";
    assert_eq!(b1.number(etat, "droit"), 1.8);
    assert_eq!(b1.number(etat, "en QPV"), 1.0);
    assert_eq!(b1.number(etat, "financement non renseigné"), 1.0);
    close(b1.number("Habitat du Confluent (bailleur)", "part du flux"), 0.55);
    assert_eq!(b1.number("Habitat du Confluent (bailleur)", "droit"), 3.4);
    assert_eq!(b1.number("Total", "reçus"), 7.0);
    assert_eq!(b1.number("Total", "Castelsarrasin"), 4.0);
    assert_eq!(b1.number("Total", "T3"), 4.0);
    assert_eq!(sheets[2].number(etat, "écart"), 1.0);
}

#[test]
fn the_inventory_is_a_workbook_and_a_page_to_sign() {
    // B1's stock: ETAT L3, L4, L10 (3); AL L6, L11 (2); B1 L7, L9 (2). Let in 2023–2025 and
    // not set aside: L3 twice and L4 (ETAT 3), L6 in 2025 (AL 1; 2022 is too early, L11's
    // letting is a rehousing), L7 and L9 (B1 2): 6 in all.
    // Rotation: ETAT 3 / 3 / 3 = 0,3333; AL 1 / 3 / 2 = 0,1667; B1 2 / 3 / 2 = 0,3333;
    // overall 6 / 3 / 7 = 0,2857. Shares: 3/6 = 50 %, 1/6 = 16,67 %, 2/6 = 33,33 %.
    let sheets = workbook(&inventory_xlsx(2026, &inventories(), &NAMES).expect("workbook"));
    let tabs: Vec<&str> = sheets.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(tabs, ["Synthèse", "Habitat du Confluent", "Promologis"]);
    let summary = &sheets[0];
    assert_eq!(summary.number("Habitat du Confluent", "stock"), 7.0);
    assert_eq!(summary.number("Habitat du Confluent", "dont réservés à un réservataire"), 5.0);
    assert_eq!(summary.number("Habitat du Confluent", "attribués de 2023 à 2025"), 6.0);
    close(summary.number("Habitat du Confluent", "rotation"), 6.0 / 21.0);
    assert_eq!(summary.number("Habitat du Confluent", "réservataires"), 2.0);
    close(summary.number("Habitat du Confluent", "part proposée aux réservataires"), 0.6667);
    close(summary.number("Habitat du Confluent", "part gardée par le bailleur"), 0.3333);
    assert_eq!(summary.number("Promologis", "stock"), 0.0);
    let b1 = &sheets[1];
    let etat = "Préfecture de Tarn-et-Garonne";
    assert_eq!(b1.number(etat, "stock"), 3.0);
    assert_eq!(b1.number(etat, "attribués de 2023 à 2025"), 3.0);
    assert_eq!(b1.number(etat, "rotation"), 0.3333);
    close(b1.number(etat, "part proposée"), 0.5);
    assert_eq!(b1.number("Action Logement Services", "rotation"), 0.1667);
    close(b1.number("Action Logement Services", "part proposée"), 0.1667);
    assert_eq!(b1.number("Total", "stock"), 7.0);

    let pdf = inventory_pdf(2026, &inventories()[..1], &NAMES).expect("typeset");
    let text = pdf_text(&pdf);
    for said in [
        "Passage à la gestion en flux : parts proposées pour 2026",
        "Habitat du Confluent",
        "de 2023 à 2025",
        "Action Logement Services 2 1 0,17 16,67 %",
        "Préfecture de Tarn-et-Garonne 3 3 0,33 50 %",
        "Habitat du Confluent (bailleur) 2 2 0,33 33,33 %",
        "Total 7 6 0,29 100 %",
        "Fait à",
        "Pour Habitat du Confluent (bailleur)",
        "Pour Préfecture de Tarn-et-Garonne",
        "Pour Action Logement Services",
        "Signature :",
    ] {
        assert!(says(&text, said), "« {said} » missing from:\n{text}");
    }
    assert_eq!(pdf_pages(&pdf).len(), 1, "a single page to sign");
}

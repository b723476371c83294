//! The flux pages' indexed reads (`transfer::flux::register_between`) give the same bilans and
//! inventories as the whole register, on a generated territory with conventions, on both
//! backends: for every landlord its year's bilan and the inventory of the three years before,
//! and every landlord's bilan from the year's read of all landlords.

use logis_flux::bilan::{bilan, bilans};
use logis_flux::inventory::inventory;
use logis_testkit::{cctc_files, every_backend, import};
use logis_transfer::flux::{landlords, register, register_between};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_pages_reads_give_the_whole_registers_figures() {
    let files = cctc_files(5);
    for backend in every_backend().await {
        let store = &*backend.store;
        assert!(import(store, files.path()).await.written, "{}", backend.name);
        let whole = register(store).await.expect("register");
        let landlords = landlords(store).await.expect("landlords");
        let years: std::collections::BTreeSet<i32> =
            whole.attributions.iter().map(|a| a.year()).collect();
        assert!(years.len() >= 3 && !whole.conventions.is_empty(), "{}", backend.name);
        for &year in &years {
            let all = register_between(store, year..=year, None).await.expect("year");
            assert!(all.attributions.len() < whole.attributions.len(), "only the year's");
            assert_eq!(bilans(year, &landlords, &all), bilans(year, &landlords, &whole));
            for landlord in &landlords {
                let own =
                    register_between(store, year - 3..=year, Some(landlord)).await.expect("read");
                let what = format!("{} {landlord} {year}", backend.name);
                assert_eq!(bilan(year, landlord, &own), bilan(year, landlord, &whole), "{what}");
                assert_eq!(
                    inventory(year, landlord, &own),
                    inventory(year, landlord, &whole),
                    "{what}"
                );
            }
        }
        backend.finish().await;
    }
}

/// The definitions of flux.md on both backends, with the bilan fixture of the evaluation's flux
/// section, attribution 3 now also an urban-renewal rehousing: the JSON of each landlord's
/// bilan, key by key, as the pages read it and as the whole register gives it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_definition_of_the_bilan_holds_on_both_backends() {
    use crate::bilan::{FLUX_ATTRIBUTIONS, FLUX_CONVENTIONS, FLUX_DEMANDES, FLUX_MEMBRES};
    let files = cctc_files(3);
    // 3, a tenant of tgh moving within its stock, is also rehoused by urban renewal: ANRU
    // comes first.
    let attributions = FLUX_ATTRIBUTIONS.replace(
        "0822412900003G0001;;tgh;82033;;T2;tgh;;2025-03-03;non;",
        "0822412900003G0001;;tgh;82033;;T2;tgh;;2025-03-03;oui;",
    );
    assert_ne!(attributions, FLUX_ATTRIBUTIONS, "the fixture changed");
    for (name, text) in [
        ("demandes.csv", FLUX_DEMANDES),
        ("membres.csv", FLUX_MEMBRES),
        ("attributions.csv", attributions.as_str()),
        ("conventions.csv", FLUX_CONVENTIONS),
    ] {
        std::fs::write(files.path().join(name), text).expect("write");
    }
    let of = |n: u64, commune: &str| {
        serde_json::json!({"typologie": {"T2": n}, "financement": {"non_renseigne": n},
            "qpv": {"non": n}, "commune": {commune: n},
            "periode_construction": {"non_renseignee": n}})
    };
    // tgh lets 1 to 7 in 2025; 2 and 3 are set aside (ANRU), a net flow of 5, 3 of them in
    // Castelsarrasin (1, 4, 7). The State: 25 % × 5 = 1,25 → 1,3, received 1 and 7. Action
    // Logement: only a commune row (part 0 on its line), 10 % × 3 = 0,3, received 4. tgh
    // keeps 75 %: 5 − 1,3 − 0,3 = 3,4, received 5 and 6 (6 was promologis's tenant: in the
    // flow). In code-point order, the landlord last.
    let tgh = serde_json::json!({
        "annee": 2025, "bailleur": "tgh", "loues": 7,
        "mis_de_cote": {"relogement_anru": 2, "mutation_interne": 0}, "flux_net": 5,
        "reservataires": [
            {"reservataire": "action_logement", "part": 0.0, "droit": 0.3, "recus": 1,
             "ecart": 0.7, "par": of(1, "82033")},
            {"reservataire": "etat", "part": 25.0, "droit": 1.3, "recus": 2, "ecart": 0.7,
             "par": of(2, "82033")},
            {"reservataire": "tgh", "part": 75.0, "droit": 3.4, "recus": 2, "ecart": -1.4,
             "par": of(2, "82112")}
        ],
        "prevision_mis_de_cote": {"relogement_anru": 2, "mutation_interne": 0}
    });
    // promologis lets 8, 9 and 10, none set aside. Action Logement 20 % × 3 = 0,6, received
    // nothing (every breakdown empty); the commune received 10 without a convention (part 0,
    // droit 0); the State 30 % × 3 = 0,9, received 8; promologis keeps 50 %, 1,5, received 9.
    let empty = serde_json::json!({"typologie": {}, "financement": {}, "qpv": {},
        "commune": {}, "periode_construction": {}});
    let promologis = serde_json::json!({
        "annee": 2025, "bailleur": "promologis", "loues": 3,
        "mis_de_cote": {"relogement_anru": 0, "mutation_interne": 0}, "flux_net": 3,
        "reservataires": [
            {"reservataire": "action_logement", "part": 20.0, "droit": 0.6, "recus": 0,
             "ecart": -0.6, "par": empty},
            {"reservataire": "commune_82033", "part": 0.0, "droit": 0.0, "recus": 1,
             "ecart": 1.0, "par": of(1, "82033")},
            {"reservataire": "etat", "part": 30.0, "droit": 0.9, "recus": 1, "ecart": 0.1,
             "par": of(1, "82112")},
            {"reservataire": "promologis", "part": 50.0, "droit": 1.5, "recus": 1,
             "ecart": -0.5, "par": of(1, "82112")}
        ],
        "prevision_mis_de_cote": {"relogement_anru": 0, "mutation_interne": 0}
    });
    for backend in every_backend().await {
        let store = &*backend.store;
        let outcome = import(store, files.path()).await;
        assert!(outcome.written, "{:?}", outcome.report);
        let whole = register(store).await.expect("register");
        for (landlord, expected) in [("tgh", &tgh), ("promologis", &promologis)] {
            let id = logis_domain::OrganismeId::parse(landlord).expect("an identifier");
            let read = register_between(store, 2025..=2025, Some(&id)).await.expect("read");
            for register in [&read, &whole] {
                let json = serde_json::to_value(bilan(2025, &id, register)).expect("JSON");
                assert_eq!(&json, expected, "{} {landlord}", backend.name);
            }
        }
        backend.finish().await;
    }
}

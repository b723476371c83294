//! The indicators issues 16 and 18 add to the bilan, on territories small enough to count by
//! hand, on every backend: the median delay by segment and the share of active applications
//! under the PLAI ceilings (the published 2025 table, autres régions: 12 759 € for one person,
//! 18 591 € for two, 22 356 € for three); the reservation rights as a flow per holder.

use logis_testkit::{cctc_files, every_backend, import};

const DEMANDES: &str = "\
numero_unique;date_depot;date_renouvellement;statut;date_radiation;motif_radiation;commune_residence;situation_logement;bailleur_actuel;ressources_mensuelles;revenu_fiscal_reference;motifs;typologies_souhaitees;communes_souhaitees;pmr;criteres_prioritaires;dalo;date_dalo;salarie_prive;agent_public;guichet;nom;prenom;email;telephone;adresse;loyer_actuel;refus_offres_adaptees;pieces_verifiees
0822512900001G0001;2025-02-01;;active;;;82033;locataire_prive;;1100;12759;trop_cher;T1;82033;non;;non;;non;non;;;;;;;;;
0822512900002G0001;2025-02-01;;active;;;82033;locataire_prive;;1100;12760;trop_cher;T1;82033;non;;non;;non;non;;;;;;;;;
0822512900003G0001;2025-02-01;;active;;;82033;locataire_prive;;1600;18000;trop_cher;T2;82033;non;;non;;non;non;;;;;;;;;
0822512900004G0001;2025-02-01;;active;;;82033;locataire_prive;;1600;;trop_cher;T2;82033;non;;non;;non;non;;;;;;;;;
0822512900005G0001;2025-02-01;;active;;;82033;locataire_prive;;1700;20000;trop_cher;T2;82033;non;;non;;non;non;;;;;;;;;
0822512900006G0001;2025-02-01;;active;;;82033;locataire_prive;;1300;15000;sante;T1;82033;non;handicap;non;;non;non;;;;;;;;;
0822412900007G0001;2024-01-01;;attribuee;2025-03-02;;82033;locataire_prive;;1300;15000;trop_cher;T2;82033;non;;non;;non;non;;;;;;;;;
0822512900008G0001;2025-01-01;;attribuee;2025-07-01;;82033;locataire_prive;;1300;15000;trop_cher;T2;82033;non;;non;;non;non;;;;;;;;;
0822312900009G0001;2023-01-01;;attribuee;2025-01-01;;82112;locataire_prive;;1300;15000;trop_cher;T3;82112;non;;non;;non;non;;;;;;;;;
";

/// Alone; alone; a couple of 35 and 33 (category 2); a couple of 25 and 24 on 31 December
/// 2025 (« jeune ménage »: category 3); alone with a disability (category 2).
const MEMBRES: &str = "\
numero_unique;rang;lien;date_naissance
0822512900001G0001;1;titulaire;1980-01-01
0822512900002G0001;1;titulaire;1980-01-01
0822512900003G0001;1;titulaire;1990-01-01
0822512900003G0001;2;cotitulaire;1992-01-01
0822512900004G0001;1;titulaire;1990-01-01
0822512900005G0001;1;titulaire;2000-06-01
0822512900005G0001;2;cotitulaire;2001-06-01
0822512900006G0001;1;titulaire;1970-01-01
0822412900007G0001;1;titulaire;1970-01-01
0822512900008G0001;1;titulaire;1970-01-01
0822312900009G0001;1;titulaire;1970-01-01
";

/// Leased 426, 181 and 731 days after filing.
const ATTRIBUTIONS: &str = "\
numero_unique;logement_id;bailleur;commune;qpv;typologie;reservataire;date_cal;date_bail;relogement_anru;motif_ecart
0822412900007G0001;;tgh;82033;;T2;etat;;2025-03-02;non;
0822512900008G0001;;tgh;82033;;T2;etat;;2025-07-01;non;
0822312900009G0001;;tgh;82112;;T3;etat;;2025-01-01;non;
";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_median_delay_by_segment_and_the_plai_share_are_counted_by_hand() {
    let files = cctc_files(3);
    for (name, text) in
        [("demandes.csv", DEMANDES), ("membres.csv", MEMBRES), ("attributions.csv", ATTRIBUTIONS)]
    {
        std::fs::write(files.path().join(name), text).expect("write");
    }
    for test in every_backend().await {
        let store = &*test.store;
        let outcome = import(store, files.path()).await;
        assert!(outcome.written, "{:?}", outcome.report);
        let bilans = logis_transfer::bilan::several(store, &[2025], &Default::default())
            .await
            .expect("bilan");
        let b = &bilans[0];
        // 426 days: 14,0 months; T2: (181 + 426) / 2 = 303,5 days, 10,0 months; T3: 731 days,
        // 24,0 months.
        assert_eq!(b.chiffres_cles.delai_median_attribution_mois, Some(14.0), "{}", test.name);
        let median = |segments: &[logis_evaluation::Segment], code: &str| {
            segments
                .iter()
                .find(|s| s.modalite == code)
                .and_then(|s| s.delai_median_attribution_mois)
        };
        assert_eq!(median(&b.segments.typologie, "T2"), Some(10.0), "{}", test.name);
        assert_eq!(median(&b.segments.typologie, "T3"), Some(24.0));
        assert_eq!(median(&b.segments.commune, "82033"), Some(10.0));
        assert_eq!(median(&b.segments.commune, "82112"), Some(24.0));
        assert_eq!(median(&b.segments.priorite, "non"), Some(14.0));
        assert_eq!(median(&b.segments.typologie, "T1"), None, "demand without allocation");
        // Under the ceiling: 12 759 € alone (on it), 18 000 € for two, 20 000 € for a young
        // couple (category 3), 15 000 € alone with a disability (category 2); above: 12 760 €
        // alone; unknown: no revenu fiscal de référence.
        let plai = b.eligibilite_plai.as_ref().expect("PLAI");
        assert_eq!(
            (plai.demandes_actives, plai.eligibles, plai.non_eligibles, plai.inconnues, plai.part),
            (6, 4, 1, 1, Some(0.8)),
            "{}",
            test.name
        );
        let refus = b.refus.as_ref().expect("refusals");
        assert_eq!(refus.offres_refusees, 0);
        let ranked = b.attributions_mieux_classees.as_ref().expect("score order");
        assert_eq!((ranked.attributions_suivies, ranked.part), (0, None), "imported leases");
        // A year without the PLAI table: every application unknown.
        let old = logis_transfer::bilan::plai_eligibility(store, 2023).await.expect("2023");
        assert_eq!((old.eligibles, old.non_eligibles, old.part), (0, 0, None));
        test.finish().await;
    }
}

/// Two landlords letting 10 dwellings in 2025 (and one in 2024), four households priority
/// (DALO or a priority criterion) — one of them rehoused by urban renewal.
pub(crate) const FLUX_DEMANDES: &str = "\
numero_unique;date_depot;date_renouvellement;statut;date_radiation;motif_radiation;commune_residence;situation_logement;bailleur_actuel;ressources_mensuelles;revenu_fiscal_reference;motifs;typologies_souhaitees;communes_souhaitees;pmr;criteres_prioritaires;dalo;date_dalo;salarie_prive;agent_public;guichet;nom;prenom;email;telephone;adresse;loyer_actuel;refus_offres_adaptees;pieces_verifiees
0822412900001G0001;2024-01-01;;attribuee;2025-03-01;;82033;locataire_prive;;1100;;trop_cher;T2;82033;non;;oui;2024-06-01;non;non;;;;;;;;;
0822412900002G0001;2024-01-01;;attribuee;2025-03-02;;82033;locataire_prive;;1100;;trop_cher;T2;82033;non;;oui;2024-06-01;non;non;;;;;;;;;
0822412900003G0001;2024-01-01;;attribuee;2025-03-03;;82033;locataire_hlm;tgh;1100;;trop_cher;T2;82033;non;;non;;non;non;;;;;;;;;
0822412900004G0001;2024-01-01;;attribuee;2025-04-01;;82033;locataire_prive;;1100;;trop_cher;T2;82033;non;;non;;non;non;;;;;;;;;
0822412900005G0001;2024-01-01;;attribuee;2025-04-02;;82112;locataire_prive;;1100;;sante;T2;82112;non;handicap;non;;non;non;;;;;;;;;
0822412900006G0001;2024-01-01;;attribuee;2025-04-03;;82112;locataire_hlm;promologis;1100;;trop_cher;T2;82112;non;;non;;non;non;;;;;;;;;
0822412900007G0001;2024-01-01;;attribuee;2025-05-01;;82033;locataire_prive;;1100;;trop_cher;T2;82033;non;;non;;non;non;;;;;;;;;
0822412900008G0001;2024-01-01;;attribuee;2025-05-02;;82112;locataire_prive;;1100;;trop_cher;T2;82112;non;;oui;2024-06-01;non;non;;;;;;;;;
0822412900009G0001;2024-01-01;;attribuee;2025-05-03;;82112;locataire_prive;;1100;;trop_cher;T2;82112;non;;non;;non;non;;;;;;;;;
0822412900010G0001;2024-01-01;;attribuee;2025-05-04;;82033;locataire_prive;;1100;;trop_cher;T2;82033;non;;non;;non;non;;;;;;;;;
0822312900011G0001;2023-01-01;;attribuee;2024-12-31;;82033;locataire_prive;;1100;;trop_cher;T2;82033;non;;oui;2023-06-01;non;non;;;;;;;;;
";

pub(crate) const FLUX_MEMBRES: &str = "\
numero_unique;rang;lien;date_naissance
0822412900001G0001;1;titulaire;1980-01-01
0822412900002G0001;1;titulaire;1980-01-01
0822412900003G0001;1;titulaire;1980-01-01
0822412900004G0001;1;titulaire;1980-01-01
0822412900005G0001;1;titulaire;1980-01-01
0822412900006G0001;1;titulaire;1980-01-01
0822412900007G0001;1;titulaire;1980-01-01
0822412900008G0001;1;titulaire;1980-01-01
0822412900009G0001;1;titulaire;1980-01-01
0822412900010G0001;1;titulaire;1980-01-01
0822312900011G0001;1;titulaire;1980-01-01
";

/// tgh lets 7 dwellings in 2025: 2 is an urban-renewal rehousing, 3 a tenant of tgh moving
/// within its stock (both set aside); 6 was a tenant of promologis (not set aside at tgh).
/// promologis lets 3; one goes to a commune without a convention.
pub(crate) const FLUX_ATTRIBUTIONS: &str = "\
numero_unique;logement_id;bailleur;commune;qpv;typologie;reservataire;date_cal;date_bail;relogement_anru;motif_ecart
0822412900001G0001;;tgh;82033;;T2;etat;;2025-03-01;non;
0822412900002G0001;;tgh;82033;;T2;tgh;;2025-03-02;oui;
0822412900003G0001;;tgh;82033;;T2;tgh;;2025-03-03;non;
0822412900004G0001;;tgh;82033;;T2;action_logement;;2025-04-01;non;
0822412900005G0001;;tgh;82112;;T2;tgh;;2025-04-02;non;
0822412900006G0001;;tgh;82112;;T2;tgh;;2025-04-03;non;
0822412900007G0001;;tgh;82033;;T2;etat;;2025-05-01;non;
0822412900008G0001;;promologis;82112;;T2;etat;;2025-05-02;non;
0822412900009G0001;;promologis;82112;;T2;promologis;;2025-05-03;non;
0822412900010G0001;;promologis;82033;;T2;commune_82033;;2025-05-04;non;
0822312900011G0001;;tgh;82033;;T2;etat;;2024-12-31;non;
";

/// tgh: 25 % to the State, 10 % of Castelsarrasin (82033) to Action Logement; promologis: 30 %
/// to the State, 20 % to Action Logement; a convention of 2024 that 2025 ignores.
pub(crate) const FLUX_CONVENTIONS: &str = "\
bailleur;reservataire;annee;part;commune;date_signature
tgh;etat;2025;25;;2024-12-15
tgh;action_logement;2025;10;82033;2024-12-15
promologis;etat;2025;30;;2024-12-20
promologis;action_logement;2025;20;;2024-12-20
tgh;commune_82033;2024;40;;2023-12-20
";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_flux_section_sums_the_landlords_bilans_per_holder_as_counted_by_hand() {
    let files = cctc_files(3);
    for (name, text) in [
        ("demandes.csv", FLUX_DEMANDES),
        ("membres.csv", FLUX_MEMBRES),
        ("attributions.csv", FLUX_ATTRIBUTIONS),
        ("conventions.csv", FLUX_CONVENTIONS),
    ] {
        std::fs::write(files.path().join(name), text).expect("write");
    }
    for test in every_backend().await {
        let store = &*test.store;
        let outcome = import(store, files.path()).await;
        assert!(outcome.written, "{:?}", outcome.report);
        let bilans = logis_transfer::bilan::several(store, &[2025], &Default::default())
            .await
            .expect("bilan");
        let json: serde_json::Value = serde_json::from_str(&bilans[0].to_json()).expect("JSON");
        // tgh: 7 let, 2 set aside, a net flow of 5 (3 in 82033). The State: 25 % × 5 = 1.25,
        // 1.3 (half away from zero), received 1 and 7; Action Logement: 10 % × 3 = 0.3,
        // received 4; tgh keeps 5 − 1.3 − 0.3 = 3.4, received 5 and 6.
        // promologis: 3 let, none set aside. The State: 30 % × 3 = 0.9, received 8; Action
        // Logement: 20 % × 3 = 0.6, received nothing; the commune: no convention, received 10;
        // promologis keeps 3 − 0.9 − 0.6 = 1.5, received 9.
        // Per holder: Action Logement 0.3 + 0.6 = 0.9 for 1; the commune 0 for 1; the State
        // 1.3 + 0.9 = 2.2 for 3; promologis 1.5 for 1; tgh 3.4 for 2. Priority households in the
        // net flow: 1, 5 and 8 (2 was rehoused by urban renewal): 3 of 8.
        let expected = serde_json::json!({
            "conventions": 4,
            "loues": 10,
            "mis_de_cote": {"relogement_anru": 1, "mutation_interne": 1},
            "flux_net": 8,
            "reservataires": [
                {"reservataire": "action_logement", "reservataire_nom": "Action Logement Services",
                 "part_propre": false, "droit": 0.9, "recus": 1, "ecart": 0.1},
                {"reservataire": "commune_82033", "reservataire_nom": "Commune de Castelsarrasin",
                 "part_propre": false, "droit": 0.0, "recus": 1, "ecart": 1.0},
                {"reservataire": "etat",
                 "reservataire_nom": "État — contingent préfectoral (ménages prioritaires)",
                 "part_propre": false, "droit": 2.2, "recus": 3, "ecart": 0.8},
                {"reservataire": "promologis", "reservataire_nom": "Promologis",
                 "part_propre": true, "droit": 1.5, "recus": 1, "ecart": -0.5},
                {"reservataire": "tgh", "reservataire_nom": "Tarn-et-Garonne Habitat",
                 "part_propre": true, "droit": 3.4, "recus": 2, "ecart": -1.4}
            ],
            "prioritaires": {"menages": 3, "part": 0.375}
        });
        assert_eq!(json["flux"], expected, "{}", test.name);
        assert_eq!(json["chiffres_cles"]["attributions"], 10, "every letting of 2025 is let");
        // The objective counts every attribution of 2025: 1, 2, 5 and 8 of 10.
        let all = json["objectifs"].as_array().expect("objectives");
        let priority = all.iter().find(|o| o["code"] == "prioritaires").expect("objective");
        assert_eq!((&priority["numerateur"], &priority["denominateur"]), (&4.into(), &10.into()));

        // Under statistical secrecy (5): every holder received fewer than 5, all 5 merged (8
        // dwellings); 3 priority households is too few to publish.
        let open: serde_json::Value =
            serde_json::from_str(&bilans[0].with_secrecy(5).to_json()).expect("JSON");
        assert_eq!(
            open["flux"]["reservataires"],
            serde_json::json!([{"reservataire": "regroupes",
                "reservataire_nom": "autres réservataires, regroupés (secret statistique)",
                "part_propre": true, "droit": 8.0, "recus": 8, "ecart": 0.0}])
        );
        assert_eq!(
            open["flux"]["prioritaires"],
            serde_json::json!({"menages": null, "part": null})
        );
        assert_eq!(open["flux"]["flux_net"], 8);

        // A year without convention nor attribution: the section, empty.
        let empty = logis_transfer::bilan::several(store, &[2030], &Default::default())
            .await
            .expect("bilan");
        let empty: serde_json::Value = serde_json::from_str(&empty[0].to_json()).expect("JSON");
        assert_eq!(
            empty["flux"],
            serde_json::json!({"conventions": 0, "loues": 0,
                "mis_de_cote": {"relogement_anru": 0, "mutation_interne": 0}, "flux_net": 0,
                "reservataires": [], "prioritaires": {"menages": 0, "part": null}}),
            "{}",
            test.name
        );
        test.finish().await;
    }
}

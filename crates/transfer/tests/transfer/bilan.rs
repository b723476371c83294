//! The indicators issue 16 adds to the bilan, on a territory small enough to count by hand, on
//! every backend: the median delay by segment and the share of active applications under the
//! PLAI ceilings (the published 2025 table, autres régions: 12 759 € for one person, 18 591 €
//! for two, 22 356 € for three).

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

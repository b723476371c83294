//! Reservation rights as a yearly flow in the allocation work, on every backend: a landlord's
//! conventions of a year amended as a whole (and refused when a row or the year's shares are
//! wrong, writing nothing), the holder proposed for each freed dwelling by the deficit rule of
//! flux.md worked by hand (commune perimeters, the landlord's own share, set-aside dwellings
//! not counted, an override needing its reason), the dwelling returned to the landlord after
//! the delay, and the 28-February bilan's forecast edited then sent.

use logis_access::Perimeter;
use logis_allocation::flux::conventions::{Amendment, TypedRow, amend};
use logis_allocation::flux::orientation::orientation;
use logis_allocation::flux::sending::{edit_forecast, prepared, send, with_prepared_forecast};
use logis_allocation::workflow::vacancy::{Declaration, declare, dwelling, return_to_landlord};
use logis_allocation::workflow::{Author, StepError};
use logis_domain::{OrganismeId, SetAside};
use logis_flux::set_aside::SetAsideCounts;
use logis_store::allocation::vacancies;
use logis_testkit::{every_backend, file_set, import};
use time::macros::{date, datetime};

const ORGANISMES: &str = "organisme_id;nom;type\nB1;Tarn-et-Garonne Habitat;bailleur\n\
B2;Promologis;bailleur\nETAT;Préfecture;etat\nAL;Action Logement;action_logement\n\
C82;Castelsarrasin;commune\n";

/// Six dwellings of B1: five in Castelsarrasin (82033), one in Moissac (82112).
const LOGEMENTS: &str = "logement_id;bailleur;commune;typologie;loyer;financement;reservataire\n\
X1;B1;82033;T3;400;PLUS;\nX2;B1;82033;T3;400;PLUS;\nY3;B1;82112;T2;350;PLAI;ETAT\n\
X4;B1;82033;T4;450;PLUS;\nX5;B1;82033;T2;300;PLAI;\nX6;B1;82033;T3;400;PLUS;\n";

fn id(text: &str) -> OrganismeId {
    OrganismeId::parse(text).expect("an identifier")
}

fn at(moment: time::OffsetDateTime) -> i64 {
    moment.unix_timestamp()
}

/// B1's staff at `moment`.
fn landlord(moment: i64) -> Author {
    Author { login: "bailleur".to_owned(), perimeter: Perimeter::Landlord("B1".to_owned()), moment }
}

fn row(holder: &str, part: &str, commune: &str, signed: Option<time::Date>) -> TypedRow {
    TypedRow {
        reservataire: holder.to_owned(),
        part: part.to_owned(),
        commune: commune.to_owned(),
        date_signature: signed,
    }
}

fn declaration(logement: &str, holder: &str, motif: &str) -> Declaration {
    Declaration {
        logement_id: logement.to_owned(),
        disponible_le: Some(date!(2026 - 03 - 01)),
        reservataire: holder.to_owned(),
        motif_orientation: motif.to_owned(),
        mis_de_cote: None,
        propose_vu: String::new(),
    }
}

fn refusals(outcome: Result<impl std::fmt::Debug, StepError>) -> Vec<String> {
    match outcome {
        Err(StepError::Refused(reasons)) => reasons,
        other => panic!("refused expected, got {other:?}"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn conventions_orientation_return_and_bilan_of_a_year() {
    for backend in every_backend().await {
        let store = &*backend.store;
        let set = file_set(&[
            ("organismes.csv", ORGANISMES.as_bytes()),
            ("logements.csv", LOGEMENTS.as_bytes()),
        ]);
        let outcome = import(store, set.path()).await;
        assert!(outcome.written, "{}: {:?}", backend.name, outcome.report.errors);
        let now = at(datetime!(2026-03-01 10:00 UTC));
        let b1 = id("B1");

        // Refused amendments write nothing, each reason said with its line.
        let wrong = Amendment {
            bailleur: b1.clone(),
            annee: 2026,
            rows: vec![
                row("ETAT", "35", "", None),
                row("B1", "10", "", None),
                row("INCONNU", "5", "", None),
                row("AL", "120", "", None),
                row("C82", "10", "82033", None),
                row("C82", "5", "82033", None),
            ],
        };
        let said = refusals(amend(store, &wrong, &landlord(now)).await);
        assert_eq!(said.len(), 4, "{}: {said:#?}", backend.name);
        assert!(
            said[0].starts_with("ligne 2 : le bailleur ne se réserve pas de part"),
            "{}",
            said[0]
        );
        assert!(said[1].contains("ligne 3") && said[1].contains("INCONNU"), "{}", said[1]);
        assert!(said[2].contains("ligne 4") && said[2].contains("« 120 »"), "{}", said[2]);
        assert!(said[3].contains("ligne 6") && said[3].contains("additionnez"), "{}", said[3]);
        let over_state = Amendment {
            bailleur: b1.clone(),
            annee: 2026,
            rows: vec![row("ETAT", "35", "", None)],
        };
        let said = refusals(amend(store, &over_state, &landlord(now)).await);
        assert!(said[0].contains("l'État ont ensemble 35 %"), "{}", said[0]);
        let holder = Author { perimeter: Perimeter::Holder("ETAT".to_owned()), ..landlord(now) };
        assert!(matches!(amend(store, &over_state, &holder).await, Err(StepError::Forbidden)));
        assert!(logis_store::flux::conventions_of(store, &b1).await.expect("read").is_empty());

        // In 82033: ETAT 25 %, AL 20 %, C82 10 %, B1 keeps 45 %; elsewhere B1 keeps 55 %.
        let conventions = Amendment {
            bailleur: b1.clone(),
            annee: 2026,
            rows: vec![
                row("ETAT", "25", "", Some(date!(2025 - 12 - 01))),
                row("AL", "20", "", Some(date!(2025 - 11 - 01))),
                row("C82", "10", "82033", None),
            ],
        };
        assert_eq!(amend(store, &conventions, &landlord(now)).await.expect("amend").len(), 3);

        // The deficit rule, part × (so far + 1) / 100 − oriented to it, by hand:
        // X1 (so far 0): ETAT .25, AL .20, C82 .10, B1 .45 → B1.
        // X2 (1: B1 1): ETAT .50, AL .40, C82 .20, B1 .90 − 1 → ETAT.
        // Y3, Moissac (2: B1 1, ETAT 1): ETAT −.25, AL .60, B1 .55 × 3 − 1 = .65 → B1.
        // X4 (3: B1 2, ETAT 1): ETAT 0, AL .80, C82 .40, B1 −.20 → AL.
        let mut oriented = Vec::new();
        for logement in ["X1", "X2", "Y3", "X4"] {
            let d = dwelling(store, logement).await.expect("dwelling");
            let proposal = orientation(store, &d, date!(2026 - 03 - 01)).await.expect("proposal");
            let ligne = declare(store, &declaration(logement, "", ""), &landlord(now))
                .await
                .expect("declare");
            let vacancy = vacancies::one(store, ligne).await.expect("read").expect("found");
            assert_eq!(vacancy.reservataire, proposal.holder, "{}: {logement}", backend.name);
            oriented.push((logement, proposal.holder.as_str().to_owned(), ligne));
        }
        let holders: Vec<&str> = oriented.iter().map(|(_, h, _)| h.as_str()).collect();
        assert_eq!(holders, ["B1", "ETAT", "B1", "AL"], "{}", backend.name);

        // A form opened before X4 was declared still showed AL: confirming blind is refused.
        let stale = Declaration { propose_vu: "AL".to_owned(), ..declaration("X5", "", "") };
        let said = refusals(declare(store, &stale, &landlord(now)).await);
        assert!(said[0].contains("Logis propose maintenant Castelsarrasin"), "{}", said[0]);

        // X5 (4: B1 2, ETAT 1, AL 1): ETAT .25, AL 0, C82 .50, B1 .25 → C82, with the figures.
        let x5 = dwelling(store, "X5").await.expect("dwelling");
        let proposal = orientation(store, &x5, date!(2026 - 03 - 01)).await.expect("proposal");
        let figures = proposal.proposal.expect("flux management");
        let deficits: Vec<(&str, i128)> =
            figures.positions.iter().map(|p| (p.holder.as_str(), p.deficit_millionths)).collect();
        assert_eq!(
            deficits,
            [("C82", 500_000), ("ETAT", 250_000), ("B1", 250_000), ("AL", 0)],
            "{}: the largest deficit first; a tie goes to the holder before the landlord",
            backend.name
        );

        // A set-aside dwelling stays with the landlord and does not count as oriented.
        let set_aside = Declaration {
            mis_de_cote: Some(SetAside::InternalTransfer),
            ..declaration("X6", "ETAT", "")
        };
        let said = refusals(declare(store, &set_aside, &landlord(now)).await);
        assert!(said[0].contains("mis de côté"), "{}", said[0]);
        let set_aside = Declaration { reservataire: String::new(), ..set_aside };
        let ligne = declare(store, &set_aside, &landlord(now)).await.expect("set aside");
        let read = vacancies::one(store, ligne).await.expect("read").expect("found");
        assert_eq!(
            (read.reservataire.as_str(), read.mis_de_cote),
            ("B1", Some(SetAside::InternalTransfer))
        );
        let again = orientation(store, &x5, date!(2026 - 03 - 01)).await.expect("proposal");
        assert_eq!(
            again.holder.as_str(),
            "C82",
            "{}: the set-aside one changed nothing",
            backend.name
        );

        // Overriding the proposal asks for a reason, kept with the proposed holder.
        let said = refusals(declare(store, &declaration("X5", "ETAT", ""), &landlord(now)).await);
        assert!(
            said[0].contains("que celui proposé (Castelsarrasin) : indiquez le motif"),
            "{}",
            said[0]
        );
        let overridden = declaration("X5", "ETAT", "ménage prioritaire présenté par la préfecture");
        let ligne = declare(store, &overridden, &landlord(now)).await.expect("override");
        let read = vacancies::one(store, ligne).await.expect("read").expect("found");
        assert_eq!(
            (
                read.reservataire.as_str(),
                read.reservataire_propose.as_ref().map(OrganismeId::as_str)
            ),
            ("ETAT", Some("C82"))
        );
        let counts = vacancies::oriented_in_year(store, &b1, 2026).await.expect("counts");
        let counts: Vec<(&str, u64)> = counts.iter().map(|(h, n)| (h.as_str(), *n)).collect();
        assert_eq!(counts, [("AL", 1), ("B1", 2), ("ETAT", 2)], "{}", backend.name);

        // ETAT's dwelling X2 returns to the landlord once a month has passed, not before.
        let x2 = oriented[1].2;
        let early = landlord(at(datetime!(2026-04-01 10:00 UTC)));
        let said = refusals(return_to_landlord(store, x2, 1, &early).await);
        assert!(said[0].contains("jusqu'au 01/04/2026 inclus"), "{}", said[0]);
        let later = landlord(at(datetime!(2026-04-02 10:00 UTC)));
        return_to_landlord(store, x2, 1, &later).await.expect("returned");
        let read = vacancies::one(store, x2).await.expect("read").expect("found");
        assert_eq!(read.candidates_holder().as_str(), "B1", "{}", backend.name);
        assert_eq!(read.reservataire.as_str(), "ETAT", "still counted as oriented to ETAT");
        refusals(return_to_landlord(store, x2, 1, &later).await);
        let own = oriented[0].2;
        refusals(return_to_landlord(store, own, 1, &later).await);

        // The bilan of 2026: its forecast edited, sent only once 2026 has ended, then closed.
        let forecast = SetAsideCounts { relogement_anru: 2, mutation_interne: 5 };
        edit_forecast(store, &b1, 2026, forecast, &landlord(now)).await.expect("forecast");
        let said =
            refusals(send(store, &b1, 2026, SetAsideCounts::default(), &landlord(now)).await);
        assert!(said[0].contains("une fois l'année terminée"), "{}", said[0]);
        let february = landlord(at(datetime!(2027-02-10 09:00 UTC)));
        let sent =
            send(store, &b1, 2026, SetAsideCounts::default(), &february).await.expect("sent");
        assert_eq!((sent.prevision_mutation_interne, sent.envoye_le), (5, Some(february.moment)));
        refusals(edit_forecast(store, &b1, 2026, forecast, &february).await);
        refusals(send(store, &b1, 2026, forecast, &february).await);
        let other = Author { perimeter: Perimeter::Landlord("B2".to_owned()), ..february.clone() };
        assert!(matches!(
            edit_forecast(store, &b1, 2025, forecast, &other).await,
            Err(StepError::Forbidden)
        ));
        assert!(prepared(store, &id("B2"), 2026).await.expect("read").is_none());
        let bilan = logis_flux::bilan::bilan(2026, &b1, &logis_flux::Register::default());
        let bilan = with_prepared_forecast(store, bilan).await.expect("forecast");
        assert_eq!(bilan.prevision_mis_de_cote, forecast, "{}", backend.name);
        backend.finish().await;
    }
}

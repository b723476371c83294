//! The path from a vacant dwelling to a signed lease on the CCTC territory, on every backend:
//! candidates read through the index agree with an examination of every application, the
//! commission's decisions are checked, the offer goes down the ranks after a refusal, and the
//! lease closes the application, lets the dwelling and counts in the bilan.

use logis_access::Perimeter;
use logis_allocation::commission::{Nature, Proposed};
use logis_allocation::public::HolderPublic;
use logis_allocation::sizes::SizeFit;
use logis_allocation::stored::{candidates, why_not};
use logis_allocation::workflow::decisions::decide;
use logis_allocation::workflow::offers::{Answer, answer, offer_next, sign_lease};
use logis_allocation::workflow::vacancy::{Declaration, declare, withdraw};
use logis_allocation::workflow::{Author, StepError};
use logis_allocation::{Applicant, Context, rank};
use logis_cotation::stored::{refresh, register_grid};
use logis_domain::allocation::{CommissionId, OfferAnswer, VacancyStatus};
use logis_domain::{Demande, Logement, Membre, NumeroUnique, Statut};
use logis_eligibility::CeilingTables;
use logis_store::allocation::commissions::{self, Commission};
use logis_store::allocation::offers;
use logis_store::allocation::vacancies;
use logis_store::{StoredScore, lookup_all};
use logis_testkit::{all, cctc_files, every_backend, import};
use std::collections::HashMap;
use time::macros::date;

/// The EPCI's officer, who manages every landlord's allocations.
fn author(moment: i64) -> Author {
    Author { login: "bailleur".to_owned(), perimeter: Perimeter::All, moment }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn from_a_vacant_dwelling_to_a_signed_lease() {
    let files = cctc_files(3);
    for backend in every_backend().await {
        let store = &*backend.store;
        assert!(import(store, files.path()).await.written);
        let scored_on = date!(2025 - 12 - 31);
        register_grid(store, &logis_cotation::default_grid(), scored_on).await.expect("grid");
        refresh(store, scored_on, 1).await.expect("scores");
        let ceilings = CeilingTables::published();
        let sizes = SizeFit::default();
        let context = Context {
            ceilings: &ceilings,
            sizes: &sizes,
            public: HolderPublic::Any,
            on: date!(2026 - 01 - 15),
            commune_name: "la commune",
        };

        // The index finds the same first candidates as an examination of every application.
        let demandes: Vec<Demande> = all(store).await;
        let members: Vec<(NumeroUnique, Membre)> = all(store).await;
        let scores: HashMap<String, i64> = all::<StoredScore>(store)
            .await
            .into_iter()
            .map(|s| (s.numero_unique.to_string(), s.score))
            .collect();
        let mut households: HashMap<String, Vec<Membre>> = HashMap::new();
        for (n, m) in members {
            households.entry(n.to_string()).or_default().push(m);
        }
        let applicants: Vec<Applicant> = demandes
            .iter()
            .filter(|d| scores.contains_key(d.numero_unique.as_str()))
            .map(|d| Applicant {
                demande: d,
                members: households.get(d.numero_unique.as_str()).map_or(&[], Vec::as_slice),
                score: scores.get(d.numero_unique.as_str()).copied(),
            })
            .collect();
        let dwellings: Vec<Logement> = all(store).await;
        let mut chosen = None;
        for dwelling in &dwellings {
            let found = candidates(store, dwelling, &context, 5).await.expect("candidates");
            let expected: Vec<NumeroUnique> = rank(dwelling, &applicants, &context)
                .into_iter()
                .take(5)
                .map(|(a, _)| a.demande.numero_unique.clone())
                .collect();
            let got: Vec<NumeroUnique> =
                found.candidates.iter().map(|c| c.demande.numero_unique.clone()).collect();
            assert_eq!(got, expected, "{} {}", backend.name, dwelling.logement_id.as_str());
            if chosen.is_none() && got.len() >= 4 {
                chosen = Some((dwelling.clone(), got));
            }
        }
        let (dwelling, ranked) = chosen.expect("a dwelling with four candidates");

        // « Pourquoi pas ? » for an application that does not wish the commune.
        let elsewhere = demandes
            .iter()
            .find(|d| {
                d.statut == Statut::Active && !d.communes_souhaitees.contains(&dwelling.commune)
            })
            .expect("an application elsewhere");
        let (_, verdict) = why_not(store, &dwelling, elsewhere.numero_unique.as_str(), &context)
            .await
            .expect("read")
            .expect("found");
        assert!(verdict.excluded.contains(&"ne souhaite pas la commune".to_owned()), "{verdict:?}");

        // The landlord declares the dwelling vacant; a second declaration is refused.
        let declaration = Declaration {
            logement_id: dwelling.logement_id.as_str().to_owned(),
            disponible_le: Some(date!(2026 - 02 - 01)),
            ..Declaration::default()
        };
        let stranger = Author { perimeter: Perimeter::Landlord("autre".to_owned()), ..author(9) };
        assert!(
            matches!(declare(store, &declaration, &stranger).await, Err(StepError::Forbidden)),
            "another landlord's staff cannot declare it"
        );
        let vacance = declare(store, &declaration, &author(10)).await.expect("declare");
        assert!(matches!(
            declare(store, &declaration, &author(11)).await,
            Err(StepError::Refused(_))
        ));
        let holder = Author { perimeter: Perimeter::Holder("etat".to_owned()), ..author(12) };
        assert!(
            matches!(
                withdraw(store, vacance, "déclaré par erreur", &holder).await,
                Err(StepError::Forbidden)
            ),
            "a reservation holder follows a vacancy, it does not withdraw it"
        );

        // The commission: two candidates without a stated exception are refused; three in an
        // order departing from the score need its reason.
        let session = Commission {
            ligne: CommissionId::new(0),
            bailleur: dwelling.bailleur.clone(),
            date_seance: date!(2026 - 02 - 10),
            lieu: "Castelsarrasin".to_owned(),
            membres: vec!["Présidente — Mme A".to_owned()],
            maire: "M. le maire".to_owned(),
            creee_par: "bailleur".to_owned(),
            creee_le: 20,
        };
        let commission = commissions::create(store, &session).await.expect("session");
        let two = vec![
            Proposed::new(&ranked[0], Nature::Attribution, None),
            Proposed::new(&ranked[1], Nature::AttributionRang, Some(2)),
        ];
        let refused = decide(store, commission, vacance, two, None, &context, &author(30)).await;
        assert!(
            matches!(&refused, Err(StepError::Refused(e)) if e[0].contains("au moins trois")),
            "{refused:?}"
        );
        let mut three = vec![
            Proposed::new(&ranked[1], Nature::Attribution, None),
            Proposed::new(&ranked[0], Nature::AttributionRang, Some(2)),
            Proposed::new(&ranked[2], Nature::AttributionRang, Some(3)),
        ];
        let without_reason =
            decide(store, commission, vacance, three.clone(), None, &context, &author(31)).await;
        assert!(
            matches!(&without_reason, Err(StepError::Refused(e)) if e.iter().any(|m| m.contains("motif de l'écart"))),
            "{without_reason:?}"
        );
        three[0].motif_ecart = Some("rapprochement du lieu de travail".to_owned());
        decide(store, commission, vacance, three, None, &context, &author(32))
            .await
            .expect("decide");
        let decided = commissions::decisions(store, commission).await.expect("read");
        let by_position: Vec<(i64, &str)> =
            decided.iter().map(|d| (d.position_score, d.numero_unique.as_str())).collect();
        assert_eq!(
            by_position,
            vec![(1, ranked[0].as_str()), (2, ranked[1].as_str()), (3, ranked[2].as_str())]
        );

        // The offer goes to rank 1 (ranked[1]); a refusal without legitimate reason is counted,
        // then the next rank gets it, accepts, and signs.
        let first =
            offer_next(store, vacance, date!(2026 - 02 - 11), &author(40)).await.expect("offer");
        assert_eq!(first.numero_unique, ranked[1]);
        assert!(
            offer_next(store, vacance, date!(2026 - 02 - 11), &author(41)).await.is_err(),
            "one offer at a time"
        );
        let before = lookup_all::<Demande>(store, &[ranked[1].as_str()]).await.expect("read")[0]
            .refus_offres_adaptees
            .unwrap_or(0);
        let refusal = Answer {
            reponse: Some(OfferAnswer::Refused),
            motif_refus: "trop loin de l'école".to_owned(),
            refus_legitime: Some(false),
            on: Some(date!(2026 - 02 - 15)),
        };
        answer(store, vacance, first.ligne, &refusal, &author(42)).await.expect("answer");
        let after = lookup_all::<Demande>(store, &[ranked[1].as_str()]).await.expect("read")[0]
            .refus_offres_adaptees;
        assert_eq!(after, Some(before + 1));
        let second =
            offer_next(store, vacance, date!(2026 - 02 - 16), &author(43)).await.expect("offer");
        assert_eq!(second.numero_unique, ranked[0], "rank 2 next");
        let accepted = Answer {
            reponse: Some(OfferAnswer::Accepted),
            on: Some(date!(2026 - 02 - 18)),
            ..Answer::default()
        };
        answer(store, vacance, second.ligne, &accepted, &author(44)).await.expect("answer");
        let counts_before = store.bilan_counts(2026).await.expect("bilan").attributions;
        let attribution =
            sign_lease(store, vacance, second.ligne, date!(2026 - 03 - 01), false, &author(45))
                .await
                .expect("lease");
        assert_eq!(attribution.date_cal, Some(date!(2026 - 02 - 10)));
        assert_eq!(attribution.motif_ecart, None, "rank 2 was the best score");

        let closed = &lookup_all::<Demande>(store, &[ranked[0].as_str()]).await.expect("read")[0];
        assert_eq!(
            (closed.statut, closed.date_radiation),
            (Statut::Attribuee, Some(date!(2026 - 03 - 01)))
        );
        assert_eq!(
            vacancies::one(store, vacance).await.expect("read").expect("found").statut,
            VacancyStatus::Let
        );
        assert_eq!(
            offers::of_vacancy(store, vacance).await.expect("read")[1].bail_signe_le,
            Some(date!(2026 - 03 - 01))
        );
        store.prepare_bilan().await.expect("prepare");
        assert_eq!(store.bilan_counts(2026).await.expect("bilan").attributions, counts_before + 1);
        // The evaluation of 2026 reads the refusal and the lease against the score order: the
        // best-scored candidate got the dwelling after the one the commission preferred refused.
        use logis_store::bilan::workflow::{
            RankedLease, RefusedOffers, ranked_leases, refused_offers,
        };
        assert_eq!(
            refused_offers(store, 2026).await.expect("refusals"),
            vec![RefusedOffers {
                motif: "trop loin de l'école".to_owned(),
                legitime: Some(false),
                offres: 1
            }]
        );
        assert_eq!(
            refused_offers(store, 2025).await.expect("refusals"),
            vec![],
            "answered in 2026"
        );
        assert_eq!(
            ranked_leases(store, 2026).await.expect("leases"),
            vec![RankedLease { position_score: 1, motif_ecart: None, refus_avant: true }]
        );
        let history = logis_store::dossiers::notes::events_of(store, ranked[0].as_str())
            .await
            .expect("events");
        let natures: Vec<&str> = history.iter().map(|e| e.nature.code()).collect();
        assert_eq!(natures, vec!["commission", "proposition", "reponse", "bail"]);
        // A let dwelling is not withdrawn; another vacancy is, with its reason.
        assert!(matches!(
            withdraw(store, vacance, "travaux", &author(60)).await,
            Err(StepError::Refused(_))
        ));
        let other = dwellings
            .iter()
            .find(|d| d.logement_id != dwelling.logement_id)
            .expect("another dwelling");
        let declaration = Declaration {
            logement_id: other.logement_id.as_str().to_owned(),
            disponible_le: Some(date!(2026 - 03 - 01)),
            ..Declaration::default()
        };
        let second = declare(store, &declaration, &author(50)).await.expect("declare");
        assert!(
            matches!(withdraw(store, second, "", &author(61)).await, Err(StepError::Refused(_))),
            "a reason is asked"
        );
        withdraw(store, second, "déclaré par erreur : le locataire reste", &author(62))
            .await
            .expect("withdraw");
        let read = vacancies::one(store, second).await.expect("read").expect("found");
        assert_eq!(
            (read.statut, read.motif_retrait.as_deref()),
            (VacancyStatus::Withdrawn, Some("déclaré par erreur : le locataire reste"))
        );
        declare(store, &declaration, &author(51)).await.expect("declared again once withdrawn");
        backend.finish().await;
    }
}

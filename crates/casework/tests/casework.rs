//! The partners' work on the CCTC territory, on every backend: a social worker reaches only the
//! households it follows, once a reception desk linked it with their consent; its label is a
//! proposal that a landlord confirms, which makes the criterion verified on the application;
//! a recognised criterion is withdrawn with its reason; every refusal is typed and writes
//! nothing; every change has its line in the audit log.

use logis_access::Role;
use logis_casework::labels::{self, AskedLabel};
use logis_casework::{CaseworkError, Worker, follow_ups, notes};
use logis_domain::work::{LabelCriterion, LabelStatus};
use logis_domain::{CriterePrioritaire, Demande, Statut};
use logis_store::access::{self as register, accounts, audit};
use logis_store::dossiers::followups;
use logis_store::dossiers::notes::events_of;
use logis_store::{Store, StoredAccount, lookup_all};
use logis_testkit::{TODAY, all, cctc_files, every_backend, import, now};

fn worker(login: &str, role: Role) -> Worker<'_> {
    Worker { login, role, organisme: None, origin: "192.0.2.7", at: now() }
}

/// The priority criteria the application `numero` holds.
async fn criteria(store: &dyn Store, numero: &str) -> Vec<CriterePrioritaire> {
    lookup_all::<Demande>(store, &[numero]).await.expect("lookup")[0].criteres_prioritaires.clone()
}

const HANDICAP: LabelCriterion = LabelCriterion::Priority(CriterePrioritaire::Handicap);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_followed_household_is_labelled_confirmed_and_withdrawn() {
    let files = cctc_files(5);
    for backend in every_backend().await {
        let store = &*backend.store;
        assert!(import(store, files.path()).await.written);
        let social = StoredAccount::new(
            logis_access::Login::parse("as.nord").expect("a login"),
            Role::TravailleurSocial,
            "x",
            now(),
        );
        register::write(store, accounts::save(&social)).await.expect("account");
        let demandes: Vec<Demande> = all(store).await;
        let household = demandes
            .iter()
            .find(|d| {
                d.statut == Statut::Active
                    && !d.criteres_prioritaires.contains(&CriterePrioritaire::Handicap)
            })
            .expect("an active application without the criterion");
        let numero = household.numero_unique.as_str();
        let (desk, landlord) =
            (worker("guichet", Role::Guichet), worker("bailleur", Role::Bailleur));
        let social = worker("as.nord", Role::TravailleurSocial);

        let note = notes::write(store, &social, numero, "Visite à domicile").await;
        assert!(matches!(note, Err(CaseworkError::Forbidden)), "not followed yet: {note:?}");
        let observer = worker("observateur", Role::Observateur);
        let seen = notes::write(store, &observer, numero, "Lu").await;
        assert!(matches!(seen, Err(CaseworkError::Forbidden)), "{seen:?}");
        let unknown = notes::write(store, &desk, "082999999999", "Appel").await;
        assert!(matches!(unknown, Err(CaseworkError::UnknownApplication)), "{unknown:?}");

        let tomorrow = TODAY.next_day().expect("a day");
        let follow =
            |by, login, consent| follow_ups::follow(store, by, numero, login, consent, TODAY);
        let refused = follow(&desk, "as.nord", Some(tomorrow)).await;
        assert!(matches!(&refused, Err(CaseworkError::Invalid(why)) if why[0].contains("futur")));
        let Err(CaseworkError::Invalid(why)) = follow(&desk, "guichet", None).await else {
            panic!("a desk's account and no date are refused");
        };
        assert!(why[0].contains("travailleur social") && why[1].contains("accord"), "{why:?}");
        let by_social = follow(&social, "as.nord", Some(TODAY)).await;
        assert!(matches!(by_social, Err(CaseworkError::Forbidden)), "only a desk or the EPCI");
        assert!(!followups::follows(store, "as.nord", numero).await.expect("read"), "not yet");
        follow(&desk, "as.nord", Some(TODAY)).await.expect("linked");

        let empty = notes::write(store, &social, numero, "   ").await;
        assert!(matches!(empty, Err(CaseworkError::Invalid(_))), "{empty:?}");
        notes::write(store, &social, numero, "Visite à domicile").await.expect("note");

        let asked = AskedLabel { critere: HANDICAP.code(), justificatif: "Notification MDPH vue" };
        let proposed = labels::record(store, &social, numero, asked).await.expect("proposal");
        assert_eq!(proposed.statut, LabelStatus::Proposed);
        assert!(
            !criteria(store, numero).await.contains(&CriterePrioritaire::Handicap),
            "a proposal"
        );
        let confirmed = labels::record(store, &landlord, numero, asked).await.expect("label");
        assert_eq!(confirmed.statut, LabelStatus::Recognised);
        assert!(criteria(store, numero).await.contains(&CriterePrioritaire::Handicap), "verified");
        let timeline = events_of(store, numero).await.expect("events");
        assert!(
            timeline.iter().any(|e| e.detail.starts_with("Priorité confirmée")
                && e.detail.contains("proposée par as.nord")),
            "the confirmation names the proposal: {timeline:?}"
        );

        let short = labels::withdraw(store, &landlord, numero, HANDICAP.code(), "non").await;
        assert!(matches!(short, Err(CaseworkError::Invalid(_))), "{short:?}");
        let by_social =
            labels::withdraw(store, &social, numero, HANDICAP.code(), "Certificat expiré").await;
        assert!(matches!(by_social, Err(CaseworkError::Forbidden)), "{by_social:?}");
        labels::withdraw(store, &landlord, numero, HANDICAP.code(), "Certificat expiré")
            .await
            .expect("withdrawn");
        assert!(
            !criteria(store, numero).await.contains(&CriterePrioritaire::Handicap),
            "taken off"
        );
        let again =
            labels::withdraw(store, &landlord, numero, HANDICAP.code(), "Certificat expiré").await;
        assert!(matches!(again, Err(CaseworkError::Invalid(_))), "nothing left to withdraw");

        let log = audit::mentioning(store, numero, 50).await.expect("audit");
        let targets: Vec<&str> = log.iter().map(|l| l.target.as_str()).collect();
        for said in ["suivi social", "note", "étiquette de priorité", "priorité retirée"] {
            assert!(targets.iter().any(|t| t.ends_with(said)), "{said} in {targets:?}");
        }
        assert!(log.iter().all(|l| l.origin == "192.0.2.7"));
        backend.finish().await;
    }
}

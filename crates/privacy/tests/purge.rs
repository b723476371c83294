//! The purge on every backend: applications that left the register past the delay lose what
//! names or describes a person, active ones keep everything, old audit lines go — and the
//! evaluation of every past year gives exactly the same figures after it, counted from the
//! data (in Rust) and by the store's SQL over projections rebuilt from the purged data.

use logis_domain::work::LabelStatus;
use logis_domain::{Demande, Membre, NumeroUnique};
use logis_evaluation::{Snapshot, count};
use logis_privacy::purge;
use logis_privacy::settings::Retention;
use logis_store::access::{self, audit};
use logis_store::dossiers::documents;
use logis_store::dossiers::followups::{self, FollowUp};
use logis_store::dossiers::labels::{self, PriorityLabel};
use logis_store::dossiers::notes::{self, Event, Note};
use logis_store::retention::reports;
use logis_store::{BilanCounts, Statement, Store, lookup_all};
use logis_testkit::{all, cctc_files, every_backend, import};
use time::macros::datetime;

/// Every year's counts: from the data in Rust, and by SQL over projections rebuilt from it.
async fn every_year(store: &dyn Store, years: &[i32]) -> Vec<(BilanCounts, BilanCounts)> {
    let rebuild = Statement::new("UPDATE projections_bilan SET a_refaire = 1", Vec::new());
    store.execute(&[rebuild]).await.expect("mark the projections");
    assert!(store.prepare_bilan().await.expect("rebuild"), "rebuilt from the data");
    let mut counts = Vec::new();
    for year in years {
        let snapshot = Snapshot::load(store, *year).await.expect("snapshot");
        counts.push((count(&snapshot.inputs()), store.bilan_counts(*year).await.expect("SQL")));
    }
    counts
}

/// The partners' work on `numero`: a note, a label, a follow-up, an event; and a document the
/// applicant deposited.
async fn worked_on(store: &dyn Store, numero: &str) {
    let numero = logis_domain::NumeroUnique::parse(numero).expect("a numéro");
    let note = Note {
        numero_unique: numero.clone(),
        auteur: "agent".into(),
        organisme: None,
        moment: 1,
        texte: "Appel : le ménage attend une réponse".into(),
    };
    let label = PriorityLabel {
        numero_unique: numero.clone(),
        critere: logis_domain::work::LabelCriterion::Priority(
            logis_domain::CriterePrioritaire::Handicap,
        ),
        statut: LabelStatus::Recognised,
        justificatif: "Certificat médical vu".into(),
        auteur: "agent".into(),
        organisme: None,
        moment: 2,
    };
    let link = FollowUp {
        numero_unique: numero.clone(),
        login: logis_access::Login::parse("social").expect("a login"),
        consentement_le: time::macros::date!(2020 - 01 - 01),
        cree_par: "agent".into(),
        cree_le: 3,
    };
    let event = Event {
        numero_unique: numero.clone(),
        moment: 4,
        auteur: "agent".into(),
        nature: logis_domain::work::EventNature::Modification,
        detail: "Demande mise à jour".into(),
    };
    let mut statements =
        vec![notes::write_note(&note), followups::create(&link), notes::write_event(&event)];
    statements.extend(labels::record(&label));
    store.execute(&statements).await.expect("partners' work");
    let deposit = documents::Deposit {
        numero: &numero,
        piece: logis_domain::Piece::Ressources,
        file_name: "avis.pdf",
        content_type: documents::ContentType::Pdf,
        bytes: b"%PDF-1.7\n",
        at: 5,
    };
    documents::deposit(store, &deposit, 30).await.expect("deposit").expect("kept");
}

async fn remaining(store: &dyn Store, table: &str, numero: &str) -> usize {
    let sql = format!("SELECT numero_unique FROM {table} WHERE numero_unique = $1");
    let params = [logis_store::statement::text(numero)];
    store.fetch(&sql, &params, &[logis_store::ColumnType::Text]).await.expect("read").len()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_purge_erases_people_and_keeps_every_figure_of_the_evaluations() {
    let files = cctc_files(5);
    for test in every_backend().await {
        let (store, name) = (&*test.store, test.name);
        assert!(import(store, files.path()).await.written);
        let demandes: Vec<Demande> = all(store).await;
        let closed = demandes
            .iter()
            .find(|d| d.date_radiation.is_some() && d.nom.is_some())
            .expect("a closed one");
        let active = demandes
            .iter()
            .find(|d| d.date_radiation.is_none() && d.nom.is_some())
            .expect("an active one");
        for d in [closed, active] {
            worked_on(store, d.numero_unique.as_str()).await;
        }
        let active =
            &lookup_all::<Demande>(store, &[active.numero_unique.as_str()]).await.expect("read")[0];
        let line = |at: i64| audit::AuditEntry {
            at,
            login: "agent".into(),
            action: logis_domain::work::AuditAction::Consultation,
            target: closed.numero_unique.to_string(),
            origin: "127.0.0.1".into(),
        };
        let old = datetime!(2020-01-01 0:00 UTC).unix_timestamp();
        let recent = datetime!(2027-05-01 0:00 UTC).unix_timestamp();
        access::write(store, audit::record(&line(old)).and(audit::record(&line(recent))))
            .await
            .expect("audit");
        let years: Vec<i32> = store
            .overview(time::macros::date!(2025 - 12 - 31))
            .await
            .expect("overview")
            .attributions_par_annee
            .iter()
            .map(|(y, _)| *y)
            .collect();
        assert!(years.len() >= 5, "{name}: years of allocations");
        let before = every_year(store, &years).await;

        let retention = Retention { closed_application_months: 12, audit_months: 12 };
        let now = datetime!(2027-06-01 10:00 UTC);
        let (limits, simulated) = purge::simulate(store, &retention, now).await.expect("simulate");
        assert_eq!(
            purge::simulate(store, &retention, now).await.expect("again").1,
            simulated,
            "a simulation writes nothing"
        );
        assert!(simulated.applications > 100 && simulated.members > 100, "{name}: {simulated:?}");
        assert_eq!(
            (
                simulated.notes,
                simulated.labels,
                simulated.followups,
                simulated.events,
                simulated.documents
            ),
            (1, 1, 1, 1, 1)
        );
        assert_eq!(simulated.audit_lines, 1);
        let report = purge::run(store, &retention, now, "test").await.expect("purge");
        assert_eq!((report.limits, report.counts), (limits, simulated));
        assert_eq!(reports(store, 5).await.expect("reports"), [report]);

        let after = every_year(store, &years).await;
        assert_eq!(
            after, before,
            "{name}: the same figures for every year, from the data and in SQL"
        );
        for (rust, sql) in &after {
            assert_eq!(rust, sql, "{name}: both computations still agree");
        }

        let numero = closed.numero_unique.as_str();
        let purged = &lookup_all::<Demande>(store, &[numero]).await.expect("read")[0];
        assert_eq!(
            (&purged.nom, &purged.prenom, &purged.telephone, &purged.adresse, &purged.email),
            (&None, &None, &None, &None, &None)
        );
        assert_eq!(
            (purged.statut, purged.date_radiation, &purged.communes_souhaitees),
            (closed.statut, closed.date_radiation, &closed.communes_souhaitees)
        );
        let household: Vec<(NumeroUnique, Membre)> =
            lookup_all(store, &[numero]).await.expect("members");
        assert!(
            household
                .iter()
                .all(
                    |(_, m)| (u8::from(m.date_naissance.month()), m.date_naissance.day()) == (1, 1)
                ),
            "{name}: birth years only"
        );
        for table in [
            "notes",
            "etiquettes_prioritaires",
            "suivis",
            "evenements",
            "scores_historique",
            "pieces_demandeurs",
        ] {
            assert_eq!(
                remaining(store, table, numero).await,
                0,
                "{name}: {table} of a closed application"
            );
        }
        let kept =
            &lookup_all::<Demande>(store, &[active.numero_unique.as_str()]).await.expect("read")[0];
        assert_eq!(kept, active, "{name}: an active application is untouched");
        for table in
            ["notes", "etiquettes_prioritaires", "suivis", "evenements", "pieces_demandeurs"]
        {
            assert_eq!(
                remaining(store, table, active.numero_unique.as_str()).await,
                1,
                "{name}: {table} kept"
            );
        }
        let log = audit::latest(store, 10).await.expect("audit");
        assert_eq!(
            log.iter().map(|l| l.at).collect::<Vec<_>>(),
            [recent],
            "{name}: old lines erased"
        );

        let again = purge::run(store, &retention, now, "test").await.expect("purge");
        assert_eq!(again.counts, Default::default(), "{name}: nothing more to erase");
        test.finish().await;
    }
}

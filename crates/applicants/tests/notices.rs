//! The renewal notices, on both backends, through a real SMTP server: the applications due (a
//! deadline at most a month away) get exactly one e-mail, or a letter without an address;
//! neither a second run the same day nor the next sends anything again; an e-mail the server
//! does not take (the server stopped) is recorded as failed and sent on the next run;
//! applications not due — deadline further, passed, closed — get nothing.

use logis_applicants::notices::{self, NoticeReport};
use logis_domain::calendar::months_before;
use logis_domain::work::AuditAction;
use logis_domain::{Date, Demande, Statut};
use logis_mail::{MailSettings, Mailer};
use logis_store::dossiers::notices::{Channel, NoticeStatus, letters_of, of_day};
use logis_store::statement::{date, optional_text, text};
use logis_store::{Statement, Store};
use logis_testkit::smtp::{TestSmtp, decoded};
use logis_testkit::{all, cctc_files, every_backend, import};
use time::macros::date;

/// A day far after the demonstration's data: only the applications moved here are due.
const TODAY: Date = date!(2040 - 06 - 15);
const NOW: i64 = 2_223_000_000;

fn mailer(smtp: &TestSmtp) -> Mailer {
    let settings = MailSettings::parse(&smtp.settings_toml()).expect("settings");
    Mailer::new(&settings, None).expect("mailer")
}

/// Gives `numero` a deadline `days` after `TODAY` (a renewal a year before it) and `email`.
async fn due_in(store: &dyn Store, numero: &str, days: i64, email: Option<&str>) {
    let deadline = TODAY + time::Duration::days(days);
    store
        .execute(&[Statement::new(
            "UPDATE demandes SET date_renouvellement = $1, email = $2 WHERE numero_unique = $3",
            vec![date(months_before(deadline, 12)), optional_text(email), text(numero)],
        )])
        .await
        .expect("update");
}

async fn run(store: &dyn Store, mailer: Option<&Mailer>, day: Date) -> NoticeReport {
    let space = Some("https://logement.cctc.test/demandeur");
    notices::run(store, mailer, day, NOW, "CC Terres des Confluences", space).await.expect("run")
}

fn report(courriels: u32, courriers: u32, echecs: u32) -> NoticeReport {
    NoticeReport { courriels, courriers, echecs }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn due_applications_are_told_once_by_e_mail_or_letter_and_failures_are_retried() {
    let files = cctc_files(2);
    for backend in every_backend().await {
        let (store, name) = (&*backend.store, backend.name);
        assert!(import(store, files.path()).await.written, "{name}");
        let demandes: Vec<Demande> = all(store).await;
        let active: Vec<&str> = demandes
            .iter()
            .filter(|d| d.statut == Statut::Active)
            .map(|d| d.numero_unique.as_str())
            .collect();
        let closed = demandes.iter().find(|d| d.statut != Statut::Active).expect("a closed one");
        let [a, b, c, further, passed, failing] = active[..6] else { panic!("six active") };
        due_in(store, a, 10, Some("a.avis@exemple.fr")).await;
        due_in(store, b, 30, Some("b.avis@exemple.fr")).await;
        due_in(store, c, 5, None).await;
        due_in(store, further, 45, Some("loin@exemple.fr")).await;
        due_in(store, passed, -3, Some("passe@exemple.fr")).await;
        due_in(store, closed.numero_unique.as_str(), 10, Some("close@exemple.fr")).await;

        let smtp = TestSmtp::start();
        let first = mailer(&smtp);
        assert_eq!(run(store, Some(&first), TODAY).await, report(2, 1, 0), "{name}");
        let received = smtp.wait_for(2).await;
        assert_eq!(received.len(), 2, "{name}");
        let mut told = Vec::new();
        for message in &received {
            let (subject, body) = decoded(message);
            assert!(
                subject.starts_with("Votre demande de logement social est à renouveler avant le "),
                "{subject}"
            );
            assert!(body.contains("https://logement.cctc.test/demandeur/renouvellement"), "{body}");
            assert!(body.contains("radiée le"), "{body}");
            told.extend([a, b].into_iter().filter(|n| body.contains(n)));
            if body.contains(a) {
                let deadline = logis_domain::french::date(TODAY + time::Duration::days(10));
                assert!(subject.ends_with(&deadline), "{subject}");
            }
        }
        told.sort();
        let mut expected = vec![a, b];
        expected.sort();
        assert_eq!(told, expected, "one e-mail each, {name}");

        let letters = letters_of(store, TODAY).await.expect("letters");
        assert_eq!(letters.len(), 1, "{name}");
        assert_eq!(letters[0].numero_unique.as_str(), c);

        // Nothing again, the same day or the next.
        assert_eq!(run(store, Some(&first), TODAY).await, report(0, 0, 0), "{name}");
        let next = TODAY.next_day().expect("a day");
        assert_eq!(run(store, Some(&first), next).await, report(0, 0, 0), "{name}");
        assert_eq!(smtp.received().len(), 2, "no second e-mail, {name}");

        // The server stopped: the notice fails, and is sent by the next run.
        due_in(store, failing, 20, Some("echec@exemple.fr")).await;
        drop(smtp);
        let third = next.next_day().expect("a day");
        assert_eq!(run(store, Some(&first), third).await, report(0, 0, 1), "{name}");
        let failed = of_day(store, third).await.expect("notices");
        assert_eq!(failed.len(), 1);
        assert_eq!((failed[0].moyen, failed[0].statut), (Channel::Email, NoticeStatus::Failed));
        let again = TestSmtp::start();
        let fourth = third.next_day().expect("a day");
        assert_eq!(run(store, Some(&mailer(&again)), fourth).await, report(1, 0, 0), "{name}");
        let received = again.wait_for(1).await;
        assert_eq!(received.len(), 1, "{name}");
        assert!(decoded(&received[0]).1.contains(failing));
        assert!(of_day(store, third).await.expect("notices").is_empty(), "counted on its day");
        assert_eq!(run(store, Some(&mailer(&again)), fourth).await, report(0, 0, 0));

        // Without a mailer, an application with an e-mail gets a letter.
        let fifth = fourth.next_day().expect("a day");
        due_in(store, further, 25, Some("loin@exemple.fr")).await;
        assert_eq!(run(store, None, fifth).await, report(0, 1, 0), "{name}");

        let summary = notices::summary(store, fifth, 30).await.expect("summary");
        let counts: Vec<(Date, u64, u64, u64)> =
            summary.iter().map(|d| (d.jour, d.courriels, d.courriers, d.echecs)).collect();
        assert_eq!(counts, vec![(fifth, 0, 1, 0), (fourth, 1, 0, 0), (TODAY, 2, 1, 0)], "{name}");

        let log = logis_store::access::audit::latest(store, 100).await.expect("log");
        let noticed: Vec<_> =
            log.iter().filter(|e| e.action == AuditAction::RenewalNotice).collect();
        assert_eq!(noticed.len(), 5, "{name}");
        assert!(noticed.iter().any(|e| e.target.starts_with(c) && e.target.contains("courrier")));
        backend.finish().await;
    }
}

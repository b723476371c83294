//! What partners write from the file: priority labels (recognised or proposed), notes and
//! follow-up links, each in the file, its timeline and the audit log.

use crate::support::{app, get, login_of, post, send, session, text};
use axum::http::{StatusCode, header};
use logis_access::Role;
use logis_domain::Demande;
use logis_store::dossiers::{followups, labels};
use logis_store::lookup_all;

async fn criteria_of(app: &crate::support::App, numero: &str) -> Vec<&'static str> {
    let d = lookup_all::<Demande>(&*app.test.store, &[numero]).await.expect("lookup");
    d[0].criteres_prioritaires.iter().map(|c| c.code()).collect()
}

#[tokio::test]
async fn a_landlord_recognises_a_priority_and_a_social_worker_proposes_one() {
    for test in logis_testkit::every_backend().await {
        let app = app(test).await;
        let numero = app.followed.clone();
        let before = criteria_of(&app, &numero).await;
        let worker = session(&app, Role::TravailleurSocial).await;
        let proposal = format!(
            "_csrf={}&critere=violences_conjugales&justificatif=Ordonnance+de+protection+du+12%2F03",
            worker.csrf
        );
        let sent =
            send(&app, post(&format!("/demandes/{numero}/priorite"), Some(&worker), &proposal))
                .await;
        assert_eq!(sent.status(), StatusCode::SEE_OTHER);
        assert_eq!(criteria_of(&app, &numero).await, before, "a proposal changes nothing yet");

        let landlord = session(&app, Role::Bailleur).await;
        let form = format!(
            "_csrf={}&critere=sortie_hebergement&justificatif=Attestation+du+CHRS+du+02%2F09",
            landlord.csrf
        );
        for _ in 0..2 {
            let sent =
                send(&app, post(&format!("/demandes/{numero}/priorite"), Some(&landlord), &form))
                    .await;
            assert_eq!(sent.status(), StatusCode::SEE_OTHER);
            assert_eq!(
                sent.headers()[header::LOCATION],
                format!("/demandes/{numero}?fait=priorite")
            );
        }
        let after = criteria_of(&app, &numero).await;
        assert_eq!(
            after.iter().filter(|c| **c == "sortie_hebergement").count(),
            1,
            "added once: {after:?}"
        );
        assert_eq!(
            after.len(),
            before.len() + usize::from(!before.contains(&"sortie_hebergement"))
        );

        let stored = labels::of_application(&*app.test.store, &numero).await.expect("labels");
        assert_eq!(stored.len(), 3);
        assert_eq!(
            (stored[0].statut.code(), stored[0].auteur.as_str()),
            ("proposee", login_of(Role::TravailleurSocial).as_str())
        );
        assert_eq!(stored[1].statut.code(), "reconnue");
        assert_eq!(
            stored[1].organisme.as_ref().map(|o| o.as_str()),
            Some(crate::support::LANDLORD)
        );

        let page = text(
            send(&app, get(&format!("/demandes/{numero}?fait=priorite"), Some(&landlord))).await,
        )
        .await;
        assert!(
            page.contains("L&#39;étiquette de priorité est enregistrée")
                || page.contains("L'étiquette de priorité est enregistrée")
        );
        assert!(page.contains("Attestation du CHRS du 02/09"), "the evidence is shown");
        assert!(page.contains("proposée"));
        let log = logis_store::access::audit::latest(&*app.test.store, 3).await.expect("audit");
        assert!(
            log.iter().any(|l| l.action.code() == "modification" && l.target.starts_with(&numero))
        );
        app.test.finish().await;
    }
}

#[tokio::test]
async fn a_label_without_evidence_is_refused_and_nothing_is_written() {
    let app = app(logis_testkit::sqlite().await).await;
    let landlord = session(&app, Role::Reservataire).await;
    let form = format!("_csrf={}&critere=inconnu&justificatif=", landlord.csrf);
    let sent =
        send(&app, post(&format!("/demandes/{}/priorite", app.followed), Some(&landlord), &form))
            .await;
    assert_eq!(sent.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = text(sent).await;
    assert!(page.contains("Choisissez le critère"));
    assert!(page.contains("Indiquez le justificatif"));
    assert!(
        labels::of_application(&*app.test.store, &app.followed).await.expect("labels").is_empty()
    );
    app.test.finish().await;
}

#[tokio::test]
async fn notes_and_follow_ups_are_written_on_the_file() {
    let app = app(logis_testkit::sqlite().await).await;
    let desk = session(&app, Role::Guichet).await;
    let numero = app.not_followed.clone();
    let note = format!("_csrf={}&texte=Dossier+complet+remis+en+mairie", desk.csrf);
    let sent = send(&app, post(&format!("/demandes/{numero}/notes"), Some(&desk), &note)).await;
    assert_eq!(sent.status(), StatusCode::SEE_OTHER);
    let worker = login_of(Role::TravailleurSocial);
    assert!(!followups::follows(&*app.test.store, &worker, &numero).await.expect("follows"));
    let refused =
        format!("_csrf={}&login={}&consentement=2024-02-30", desk.csrf, login_of(Role::Bailleur));
    let sent = send(&app, post(&format!("/demandes/{numero}/suivis"), Some(&desk), &refused)).await;
    assert_eq!(sent.status(), StatusCode::BAD_REQUEST);
    assert!(text(sent).await.contains("n&#39;est pas le compte d&#39;un travailleur social"));
    let link = format!("_csrf={}&login={worker}&consentement=2024-02-03", desk.csrf);
    let sent = send(&app, post(&format!("/demandes/{numero}/suivis"), Some(&desk), &link)).await;
    assert_eq!(sent.status(), StatusCode::SEE_OTHER);
    assert!(followups::follows(&*app.test.store, &worker, &numero).await.expect("follows"));
    // The social worker now reaches the file, and reads the note.
    let social = session(&app, Role::TravailleurSocial).await;
    let page = text(send(&app, get(&format!("/demandes/{numero}"), Some(&social))).await).await;
    assert!(page.contains("Dossier complet remis en mairie"));
    assert!(page.contains("Suivi social confié à"));
    app.test.finish().await;
}

//! Priority households, one truth, on SQLite and PostgreSQL: a household imported without any
//! criterion, labelled priority with its evidence by a landlord, then counts as priority
//! everywhere — its score (the points verified), the list's priority filter, and the bilan's
//! objective of allocations to priority households; proposing, confirming and withdrawing a
//! label are three acts, each with its author, date and reason in the history and the audit log.

use crate::support::{App, app, get, post, send, session, text};
use axum::http::StatusCode;
use logis_access::Role;
use logis_cotation::Status;
use logis_domain::{Attribution, Demande, Motif, SituationLogement, Statut};
use logis_store::access::audit;
use logis_store::dossiers::notes::events_of;
use logis_store::dossiers::search::{ApplicationFilter, Sort, search};

/// The numerator of the bilan's objective of allocations to priority households in `year`.
async fn priority_allocations(app: &App, year: i32) -> u64 {
    let bilans = logis_transfer::bilan::several(&*app.test.store, &[year], &Default::default())
        .await
        .expect("bilan");
    let objective =
        bilans[0].objectifs.iter().find(|o| o.code == "prioritaires").expect("objective");
    objective.numerateur.expect("counted")
}

fn without_priority(d: &Demande) -> bool {
    d.criteres_prioritaires.is_empty() && d.dalo != Some(true)
}

async fn a_labelled_household_counts_as_priority_everywhere(app: App) {
    let store = &*app.test.store;
    let mut applications = std::collections::HashMap::new();
    logis_store::export_all::<Demande>(store, &mut |d| {
        applications.insert(d.numero_unique.as_str().to_owned(), d);
        Ok(())
    })
    .await
    .expect("applications");
    let mut allocated = None;
    logis_store::export_all::<Attribution>(store, &mut |a| {
        let numero = a.numero_unique.as_str();
        if allocated.is_none()
            && a.date_bail.year() == 2024
            && applications.get(numero).is_some_and(without_priority)
        {
            allocated = Some(numero.to_owned());
        }
        Ok(())
    })
    .await
    .expect("attributions");
    let allocated = allocated.expect("a 2024 allocation to a household without criterion");
    // A first request (the grid's general part), not already scored on a handicap.
    let mut first_requests: Vec<&Demande> = applications
        .values()
        .filter(|d| d.statut == Statut::Active && without_priority(d))
        .filter(|d| d.situation_logement != SituationLogement::LocataireHlm)
        .filter(|d| d.bailleur_actuel.is_none() && !d.motifs.contains(&Motif::Handicap))
        .collect();
    first_requests.sort_by(|a, b| a.numero_unique.as_str().cmp(b.numero_unique.as_str()));
    let active = first_requests
        .first()
        .map(|d| d.numero_unique.as_str().to_owned())
        .expect("an active household without criterion");
    let before = priority_allocations(&app, 2024).await;
    let score_of = |numero: String| async move {
        logis_cotation::stored::file_of(store, &numero).await.expect("file").expect("known")
    };
    let scored_before = score_of(active.clone()).await.score.expect("scored");
    let (score_before, rank_before) = (scored_before.score, scored_before.rang);

    let landlord = session(&app, Role::Bailleur).await;
    for numero in [&allocated, &active] {
        let form = format!(
            "_csrf={}&critere=handicap&justificatif=notification+MDPH+du+12%2F03%2F2026",
            landlord.csrf
        );
        let labelled =
            send(&app, post(&format!("/demandes/{numero}/priorite"), Some(&landlord), &form)).await;
        assert_eq!(labelled.status(), StatusCode::SEE_OTHER, "{numero}");
    }
    let today = time::OffsetDateTime::now_utc().date();
    logis_cotation::stored::refresh(store, today, 2).await.expect("cotation");

    let file = score_of(active.clone()).await;
    let score = file.score.expect("scored");
    assert_eq!(
        score.score,
        score_before + 25,
        "the grid's 25 points of handicap, counted: {:?} {:?} {:?}",
        file.demande.criteres_prioritaires,
        file.demande.pieces_verifiees,
        file.lines
            .iter()
            .map(|l| (l.line.code.to_string(), l.line.points, l.line.status))
            .collect::<Vec<_>>()
    );
    assert!(score.rang <= rank_before, "its rank among comparable applications follows");
    let line =
        file.lines.iter().find(|l| &*l.line.code == "handicap").expect("the criterion's line");
    assert_eq!(line.line.status, Status::Verifie, "the label's evidence verifies it");
    let priority = ApplicationFilter {
        prioritaire: Some(true),
        nom: Some(active.clone()),
        ..Default::default()
    };
    let listed = search(store, &priority, Sort::Score, 0, 10, 100).await.expect("search");
    assert_eq!(listed.lines.len(), 1, "in the list of priority households");
    assert_eq!(
        priority_allocations(&app, 2024).await,
        before + 1,
        "the bilan counts the allocation to the labelled household as one to a priority household"
    );
    app.test.finish().await;
}

#[tokio::test]
async fn a_labelled_household_counts_as_priority_everywhere_on_every_backend() {
    for test in logis_testkit::every_backend().await {
        a_labelled_household_counts_as_priority_everywhere(app(test).await).await;
    }
}

async fn proposing_confirming_and_withdrawing_are_three_acts(app: App) {
    let store = &*app.test.store;
    let numero = app.followed.clone();
    let read = || async {
        logis_store::lookup_all::<Demande>(store, &[numero.as_str()]).await.expect("read").remove(0)
    };
    let held = read().await.criteres_prioritaires;
    let critere = logis_domain::CriterePrioritaire::ALL
        .iter()
        .find(|c| !held.contains(c))
        .expect("a criterion it does not hold");
    let code = logis_domain::codes::CodeList::code(*critere);
    let worker = session(&app, Role::TravailleurSocial).await;
    let landlord = session(&app, Role::Bailleur).await;
    let label = |s: &crate::support::Session, text: &str| {
        format!("_csrf={}&critere={code}&justificatif={text}", s.csrf)
    };
    let path = format!("/demandes/{numero}/priorite");
    let proposed =
        send(&app, post(&path, Some(&worker), &label(&worker, "rapport+social+du+2+mars"))).await;
    assert_eq!(proposed.status(), StatusCode::SEE_OTHER);
    assert!(
        !read().await.criteres_prioritaires.contains(critere),
        "a proposal changes nothing yet"
    );
    let form =
        text(send(&app, get(&format!("{path}?critere={code}"), Some(&landlord))).await).await;
    assert!(
        form.contains(&format!("value=\"{code}\" checked")),
        "the proposal's criterion preselected"
    );
    let confirmed =
        send(&app, post(&path, Some(&landlord), &label(&landlord, "rapport+vu+en+commission")))
            .await;
    assert_eq!(confirmed.status(), StatusCode::SEE_OTHER);
    assert!(read().await.criteres_prioritaires.contains(critere));
    let history = events_of(store, &numero).await.expect("history");
    assert!(history.iter().any(|e| e.detail.starts_with("Priorité proposée")));
    assert!(
        history.iter().any(
            |e| e.detail.starts_with("Priorité confirmée") && e.detail.contains("proposée par")
        )
    );
    let page = text(send(&app, get(&format!("/demandes/{numero}"), Some(&landlord))).await).await;
    assert!(page.contains("reconnu dans Logis par"), "its origin on the file");
    assert!(page.contains("Retirer cette priorité"));

    let withdrawal = |s: &crate::support::Session| {
        format!("_csrf={}&critere={code}&motif=erreur+de+saisie", s.csrf)
    };
    let retrait = format!("{path}/retrait");
    assert_eq!(
        send(&app, post(&retrait, Some(&worker), &withdrawal(&worker))).await.status(),
        StatusCode::FORBIDDEN
    );
    let withdrawn = send(&app, post(&retrait, Some(&landlord), &withdrawal(&landlord))).await;
    assert_eq!(withdrawn.status(), StatusCode::SEE_OTHER);
    assert!(!read().await.criteres_prioritaires.contains(critere), "taken off the application");
    assert_eq!(read().await.criteres_prioritaires.len(), held.len(), "the others kept");
    let history = events_of(store, &numero).await.expect("history");
    assert!(
        history
            .iter()
            .any(|e| e.detail.starts_with("Priorité retirée")
                && e.detail.contains("erreur de saisie"))
    );
    let lines = audit::mentioning(store, &numero, 20).await.expect("audit");
    assert!(lines.iter().any(|l| l.target.contains("priorité retirée")), "{lines:?}");
    let again = send(&app, post(&retrait, Some(&landlord), &withdrawal(&landlord))).await;
    assert_eq!(again.status(), StatusCode::BAD_REQUEST, "nothing left to withdraw");
    app.test.finish().await;
}

#[tokio::test]
async fn proposing_confirming_and_withdrawing_are_three_acts_on_every_backend() {
    for test in logis_testkit::every_backend().await {
        proposing_confirming_and_withdrawing_are_three_acts(app(test).await).await;
    }
}

//! Priority households, one truth, on SQLite and PostgreSQL: a household imported without any
//! criterion, labelled priority with its evidence by a landlord, then counts as priority
//! everywhere — its score (the points verified), the list's priority filter, and the bilan's
//! objective of allocations to priority households.

use crate::support::{App, app, post, send, session};
use axum::http::StatusCode;
use logis_access::Role;
use logis_cotation::Status;
use logis_domain::{Attribution, Demande, Statut};
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
    let active = applications
        .values()
        .find(|d| d.statut == Statut::Active && without_priority(d))
        .map(|d| d.numero_unique.as_str().to_owned())
        .expect("an active household without criterion");
    let before = priority_allocations(&app, 2024).await;
    let score_of = |numero: String| async move {
        logis_cotation::stored::file_of(store, &numero).await.expect("file").expect("known")
    };
    let score_before = score_of(active.clone()).await.score.expect("scored").score;

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
    assert_eq!(score.score, score_before + 25, "the grid's 25 points of handicap, counted");
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

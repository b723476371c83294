//! Priority households, one truth, on SQLite and PostgreSQL: a household imported without any
//! criterion, labelled priority with its evidence by a landlord, then counts as priority
//! everywhere — its score (the points verified), the list's priority filter, a dwelling's
//! candidates (its place and the objective it serves), and the bilan's objective of
//! allocations to priority households; proposing, confirming and withdrawing a
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
    // A candidate of the vacant dwelling without criterion, and where it stands.
    let dwelling = logis_store::lookup_all::<logis_domain::Logement>(store, &[&app.dwelling])
        .await
        .expect("dwelling")
        .remove(0);
    let vacancy = logis_store::allocation::vacancies::one(store, app.vacancy)
        .await
        .expect("vacancy")
        .expect("declared");
    let today = logis_testkit::TODAY;
    let exam = logis_allocation::examination::Examination::of(
        store,
        vacancy.reservataire.as_str(),
        &dwelling,
        "Castelsarrasin".to_owned(),
        today,
    )
    .await
    .expect("examination");
    let ranked = || async {
        logis_allocation::stored::candidates(store, &dwelling, &exam.context(), 400)
            .await
            .expect("candidates")
            .candidates
    };
    let candidate = ranked()
        .await
        .into_iter()
        .filter(|c| without_priority(&c.demande) && c.position > 1)
        .filter(|c| !c.demande.motifs.contains(&Motif::Handicap))
        .max_by_key(|c| c.position)
        .expect("a candidate without criterion");
    let candidate_numero = candidate.demande.numero_unique.as_str().to_owned();
    let score_of = |numero: String| async move {
        logis_cotation::stored::file_of(store, &numero).await.expect("file").expect("known")
    };
    let scored_before = score_of(active.clone()).await.score.expect("scored");
    let (score_before, rank_before) = (scored_before.score, scored_before.rang);

    let landlord = session(&app, Role::Bailleur).await;
    for numero in [&allocated, &active, &candidate_numero] {
        let form = format!(
            "_csrf={}&critere=handicap&justificatif=notification+MDPH+du+12%2F03%2F2026",
            landlord.csrf
        );
        let labelled =
            send(&app, post(&format!("/demandes/{numero}/priorite"), Some(&landlord), &form)).await;
        assert_eq!(labelled.status(), StatusCode::SEE_OTHER, "{numero}");
    }
    // The page that follows the label shows the new score: the label waits for it.
    let admin = session(&app, Role::Administrateur).await;
    let file = text(send(&app, get(&format!("/demandes/{active}"), Some(&admin))).await).await;
    assert!(
        file.contains(&format!("<span class=\"valeur\">{}</span>", score_before + 25)),
        "the file shows the verified points at once"
    );
    logis_cotation::stored::refresh(store, today, 2).await.expect("cotation");
    let now = ranked().await;
    let labelled = now
        .iter()
        .find(|c| c.demande.numero_unique.as_str() == candidate_numero)
        .expect("still a candidate");
    assert!(labelled.position < candidate.position, "it moves up the dwelling's candidates");
    let (_, impacts) = exam.assess(&dwelling, &labelled.demande, &labelled.members);
    assert!(
        impacts.iter().any(|i| i.helps && i.text.starts_with("ménage prioritaire")),
        "the candidates' list counts it as priority: {:?}",
        impacts.iter().map(|i| &i.text).collect::<Vec<_>>()
    );

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

/// A criterion received with an imported application says so on the file, with the import's
/// day; once the application is corrected in Logis, the correction is its origin.
async fn an_imported_criterion_shows_its_origin_and_date(app: App) {
    let store = &*app.test.store;
    let mut with_criterion = None;
    logis_store::export_all::<Demande>(store, &mut |d| {
        if with_criterion.is_none()
            && d.statut == Statut::Active
            && !d.criteres_prioritaires.is_empty()
        {
            with_criterion = Some(d.numero_unique.as_str().to_owned());
        }
        Ok(())
    })
    .await
    .expect("applications");
    let numero = with_criterion.expect("an imported application with a criterion");
    let admin = session(&app, Role::Administrateur).await;
    let file = text(send(&app, get(&format!("/demandes/{numero}"), Some(&admin))).await).await;
    let today = logis_domain::french::date(logis_testkit::TODAY);
    assert!(
        file.contains(&format!("reçu avec la demande, par l&#39;import du registre du {today}"))
            || file.contains(&format!("reçu avec la demande, par l'import du registre du {today}")),
        "the import and its day on the file"
    );
    app.test.finish().await;
}

#[tokio::test]
async fn an_imported_criterion_shows_its_origin_and_date_on_every_backend() {
    for test in logis_testkit::every_backend().await {
        an_imported_criterion_shows_its_origin_and_date(app(test).await).await;
    }
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

//! The settings page: texts checked before they are saved (errors located, nothing saved),
//! saved targets applied by the bilan at once, a new grid registered and applied.

use crate::support::{app, get, post, send, session, text};
use axum::http::StatusCode;
use logis_access::Role;

fn encoded(text: &str) -> String {
    logis_web::format::url_encoded(text)
}

#[tokio::test]
async fn targets_are_checked_saved_and_applied_by_the_bilan() {
    let app = app(logis_testkit::sqlite().await).await;
    let admin = session(&app, Role::Administrateur).await;
    let page = text(send(&app, get("/parametres", Some(&admin))).await).await;
    assert!(page.contains("25\u{202f}%"), "the legal minimums by default");

    let wrong = "[objectifs]\nq1_hors_qpv = 1.5\n";
    let refused = send(
        &app,
        post(
            "/parametres/objectifs",
            Some(&admin),
            &format!("_csrf={}&texte={}", admin.csrf, encoded(wrong)),
        ),
    )
    .await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = text(refused).await;
    assert!(page.contains("ligne 2"), "the error is located");
    assert!(page.contains("entre 0 et 1"));

    let before = text(send(&app, get("/bilan/2024/json", Some(&admin))).await).await;
    assert!(before.contains("\"cible\": 0.25") || before.contains("\"cible\":0.25"), "{before}");
    let right = "[objectifs]\nq1_hors_qpv = 0.3\n";
    let saved = send(
        &app,
        post(
            "/parametres/objectifs",
            Some(&admin),
            &format!("_csrf={}&texte={}", admin.csrf, encoded(right)),
        ),
    )
    .await;
    assert_eq!(saved.status(), StatusCode::SEE_OTHER);
    let after = text(send(&app, get("/bilan/2024/json", Some(&admin))).await).await;
    assert!(
        after.contains("\"cible\": 0.3") || after.contains("\"cible\":0.3"),
        "the kept bilan is recomputed: {after}"
    );
    let page = text(send(&app, get("/parametres", Some(&admin))).await).await;
    assert!(page.contains("30\u{202f}%"));
    assert!(page.contains("modifiés le"));
    app.test.finish().await;
}

#[tokio::test]
async fn a_grid_is_checked_then_registered_and_rescores() {
    let app = app(logis_testkit::sqlite().await).await;
    let admin = session(&app, Role::Administrateur).await;
    let broken = "nom = \"Essai\"\nen_vigueur = 2026-01-01\n[[critere]]\ncode = \"x\"\nsi = \"situation_logement == \"\n";
    let refused = send(
        &app,
        post(
            "/parametres/grille",
            Some(&admin),
            &format!("_csrf={}&texte={}", admin.csrf, encoded(broken)),
        ),
    )
    .await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(text(refused).await.contains("grille refusée"));

    let mut grid = include_str!("../../../../docs/grille-cctc.toml").to_owned();
    let today = logis_testkit::TODAY;
    let line =
        grid.lines().find(|l| l.starts_with("en_vigueur")).expect("effective date").to_owned();
    grid = grid.replace(&line, &format!("en_vigueur = {today}"));
    grid = grid.replacen("nom = \"", "nom = \"Nouvelle version — ", 1);
    let saved = send(
        &app,
        post(
            "/parametres/grille",
            Some(&admin),
            &format!("_csrf={}&texte={}", admin.csrf, encoded(&grid)),
        ),
    )
    .await;
    assert_eq!(saved.status(), StatusCode::SEE_OTHER);
    while app.state.rescorer.busy() {
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    let page = text(send(&app, get("/parametres", Some(&admin))).await).await;
    assert!(page.contains("Nouvelle version"), "the grid in force");
    let file =
        text(send(&app, get(&format!("/demandes/{}", app.followed), Some(&admin))).await).await;
    assert!(file.contains("Nouvelle version"), "scores computed with the new grid");
    app.test.finish().await;
}

#[tokio::test]
async fn income_ceilings_are_checked_saved_and_read_for_the_candidates() {
    use logis_allocation::examination::stored_ceilings;
    use logis_eligibility::{CeilingTables, ceilings::PUBLISHED};
    let app = app(logis_testkit::sqlite().await).await;
    let admin = session(&app, Role::Administrateur).await;
    let page = text(send(&app, get("/parametres", Some(&admin))).await).await;
    assert!(page.contains("les barèmes publiés livrés avec Logis"));
    let store = &*app.test.store;
    assert_eq!(stored_ceilings(store).await.expect("read"), CeilingTables::published());

    let wrong = "[[plafonds]]\nannee = 2027\n";
    let refused = send(
        &app,
        post(
            "/parametres/plafonds",
            Some(&admin),
            &format!("_csrf={}&texte={}", admin.csrf, encoded(wrong)),
        ),
    )
    .await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(text(refused).await.contains("Plafonds non enregistrés"));
    assert_eq!(
        stored_ceilings(store).await.expect("read"),
        CeilingTables::published(),
        "nothing saved"
    );

    // A territory adds next year's PLUS table as soon as it is published (here a copy of 2026's).
    let added = PUBLISHED
        .split("[[plafonds]]")
        .find(|t| {
            t.contains("annee = 2026") && t.contains("\"PLUS\"") && t.contains("autres_regions")
        })
        .expect("the 2026 PLUS table of the other regions")
        .replace("annee = 2026", "annee = 2027");
    let text_saved = format!("{PUBLISHED}\n[[plafonds]]{added}");
    let saved = send(
        &app,
        post(
            "/parametres/plafonds",
            Some(&admin),
            &format!("_csrf={}&texte={}", admin.csrf, encoded(&text_saved)),
        ),
    )
    .await;
    assert_eq!(saved.status(), StatusCode::SEE_OTHER);
    let read = stored_ceilings(store).await.expect("read");
    assert_eq!(read, CeilingTables::parse(&text_saved).expect("valid"));
    assert_ne!(
        read,
        CeilingTables::published(),
        "the candidates are examined with the saved tables"
    );
    app.test.finish().await;
}

#[tokio::test]
async fn the_settings_of_personal_data_are_checked_saved_and_applied_at_once() {
    let app = app(logis_testkit::sqlite().await).await;
    let admin = session(&app, Role::Administrateur).await;
    let page = text(send(&app, get("/parametres", Some(&admin))).await).await;
    assert!(page.contains("Fin d&#39;une session inutilisée") && page.contains("30 minutes"));
    let wrong = format!("_csrf={}&texte=%5Bsessions%5D%0Ainactivite_minutes+%3D+2%0A", admin.csrf);
    let refused = send(&app, post("/parametres/donnees-personnelles", Some(&admin), &wrong)).await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        text(refused)
            .await
            .contains("ligne 2, colonne 22 : inactivité en minutes : de 5 à 1440, pas 2")
    );
    assert_eq!(app.state.privacy().sessions.idle_minutes, 30, "nothing applied");
    let right = format!(
        "_csrf={}&texte=%5Bsessions%5D%0Ainactivite_minutes+%3D+15%0A%5Bstatistiques%5D%0Aseuil_secret+%3D+11%0A",
        admin.csrf
    );
    let saved = send(&app, post("/parametres/donnees-personnelles", Some(&admin), &right)).await;
    assert_eq!(saved.status(), StatusCode::SEE_OTHER);
    assert_eq!(app.state.privacy().sessions.idle_minutes, 15, "applied at once");
    assert_eq!(app.state.privacy().secret_below, 11);
    let (stored, _) = logis_privacy::settings::stored(&*app.test.store).await.expect("read");
    assert_eq!(stored.sessions.idle_minutes, 15, "kept for the next start");
    app.test.finish().await;
}

#[tokio::test]
async fn the_nightly_purge_runs_and_its_report_is_on_the_settings_page() {
    let app = app(logis_testkit::sqlite().await).await;
    let admin = session(&app, Role::Administrateur).await;
    let page = text(send(&app, get("/parametres", Some(&admin))).await).await;
    assert!(page.contains("Aucune purge faite"));
    let far = time::macros::datetime!(2031-01-01 03:00 UTC);
    logis_web::maintenance::nightly(&app.state, far).await;
    let reports = logis_store::retention::reports(&*app.test.store, 5).await.expect("reports");
    assert_eq!(reports.len(), 1);
    assert_eq!(reports[0].author, "purge quotidienne");
    assert!(reports[0].counts.applications > 100, "{:?}", reports[0].counts);
    let page = text(send(&app, get("/parametres", Some(&admin))).await).await;
    assert!(
        page.contains("Purge du 01/01/2031 à 04:00 (purge quotidienne)"),
        "the report is shown"
    );
    assert!(page.contains("demandes sorties du registre avant le 01/01/2030"));
    app.test.finish().await;
}

#[tokio::test]
async fn the_targets_are_set_from_a_form_in_per_cent() {
    let app = app(logis_testkit::sqlite().await).await;
    let admin = session(&app, Role::Administrateur).await;
    let fields = "nom=CC+Terres+des+Confluences&code=200066322&q1_hors_qpv=30+%25&q234_en_qpv=50\
                  &prioritaires=42%2C5&prioritaires_reservataire=25&delai_remise_mois=2";
    let form = format!("_csrf={}&{fields}", admin.csrf);
    let saved = send(&app, post("/parametres/objectifs/formulaire", Some(&admin), &form)).await;
    assert_eq!(saved.status(), StatusCode::SEE_OTHER);
    let page = text(send(&app, get("/parametres", Some(&admin))).await).await;
    assert!(
        page.contains("id=\"cible-prioritaires\" name=\"prioritaires\" value=\"42,5\""),
        "{page}"
    );
    let (stored, _) = logis_evaluation::stored_settings(&*app.test.store).await.expect("settings");
    assert_eq!(stored.targets.q1_hors_qpv, 0.3);
    assert_eq!(stored.targets.prioritaires, 0.425);
    assert_eq!(stored.flux_return_months, 2);

    let wrong = form.replace("q1_hors_qpv=30+%25", "q1_hors_qpv=trente");
    let refused = send(&app, post("/parametres/objectifs/formulaire", Some(&admin), &wrong)).await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = text(refused).await;
    assert!(page.contains("Écrivez un pourcentage entre 0 et 100"), "{page}");
    assert!(page.contains("value=\"trente\""), "what was typed is kept");
    let (unchanged, _) =
        logis_evaluation::stored_settings(&*app.test.store).await.expect("settings");
    assert_eq!(unchanged.targets.q1_hors_qpv, 0.3, "nothing saved");
    app.test.finish().await;
}

#[tokio::test]
async fn abnormal_delays_are_set_from_their_form_as_a_new_version_of_the_grid() {
    use logis_cotation::grid::in_force;
    use logis_cotation::stored::registered_grids;
    use logis_domain::Typologie;
    let app = app(logis_testkit::sqlite().await).await;
    let admin = session(&app, Role::Administrateur).await;
    let page = text(send(&app, get("/parametres", Some(&admin))).await).await;
    assert!(page.contains("id=\"delai-mois\" name=\"mois\" value=\"24\""), "{page}");
    assert!(page.contains("id=\"delai-T4\" name=\"T4\" value=\"30\""), "the grid's own delays");

    let wrong = format!("_csrf={}&mois=deux+ans&T4=30", admin.csrf);
    let refused = send(&app, post("/parametres/grille/delais", Some(&admin), &wrong)).await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = text(refused).await;
    assert!(page.contains("Écrivez un nombre de mois entre 1 et 240"), "{page}");
    assert!(page.contains("value=\"deux ans\""), "what was typed is kept");
    let store = &*app.test.store;
    assert_eq!(registered_grids(store).await.expect("grids").len(), 1, "nothing saved");

    let form = format!("_csrf={}&mois=18&T1=&T2=12&T4=&T5=40", admin.csrf);
    let saved = send(&app, post("/parametres/grille/delais", Some(&admin), &form)).await;
    assert_eq!(saved.status(), StatusCode::SEE_OTHER);
    while app.state.rescorer.busy() {
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    let grids = registered_grids(store).await.expect("grids");
    assert_eq!(grids.len(), 2, "a new version, the former one kept");
    let today = logis_testkit::TODAY;
    let grid = in_force(&grids, today).expect("a grid in force");
    assert_eq!(grid.en_vigueur, today);
    let delays = &grid.delays;
    assert_eq!(delays.months(Some(Typologie::T2)), 12);
    assert_eq!(delays.months(Some(Typologie::T4)), 18, "T4 now takes the general delay");
    assert_eq!(delays.months(Some(Typologie::T5)), 40);
    assert_eq!(delays.months(None), 18);
    let criteria = |g: &logis_cotation::Grid| g.criteria().count();
    assert_eq!(criteria(grid), criteria(&logis_cotation::default_grid()), "criteria kept");
    let page = text(send(&app, get("/parametres?fait=delais", Some(&admin))).await).await;
    assert!(page.contains("en vigueur aujourd'hui"), "{page}");
    assert!(page.contains("name=\"T5\" value=\"40\""));
    let overdue = text(send(&app, get("/delais", Some(&admin))).await).await;
    assert!(overdue.contains("18 mois"), "the overdue list reads the new delays: {overdue}");
    app.test.finish().await;
}

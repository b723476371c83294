//! The year's income ceilings imported from the settings page, on SQLite and PostgreSQL: a CSV in
//! the official file's columns, checked first (nothing saved), then merged — a new table added,
//! an incomplete one set aside — with a French report; a wrong file refused.

use crate::support::{App, app, multipart, send, session, text};
use axum::http::StatusCode;
use logis_access::Role;
use logis_domain::Financement;
use logis_eligibility::{HouseholdCategory, Zone};

const PLAI_2026: &str = "annee,financement,zone,categorie,plafond_eur
2026,PLAI,autres_regions,1,12900
2026,PLAI,autres_regions,2,18800
2026,PLAI,autres_regions,3,22600
2026,PLAI,autres_regions,4,25100
2026,PLAI,autres_regions,5,29400
2026,PLAI,autres_regions,6,33100
2026,PLAI,autres_regions,sup,3700
2026,PLAI,ile_de_france,1,15000
";

async fn plai_2026(app: &App) -> Option<i64> {
    let tables =
        logis_allocation::examination::stored_ceilings(&*app.test.store).await.expect("ceilings");
    let two = HouseholdCategory { category: 2, extra_persons: 0, raised: None };
    tables.ceiling(2026, Zone::AutresRegions, Financement::Plai, &two).ok().map(|a| a.cents() / 100)
}

async fn the_year_s_file_is_checked_then_merged(app: App) {
    let admin = session(&app, Role::Administrateur).await;
    let post = |bytes: &[u8], check_only: bool| {
        multipart(
            "/parametres/plafonds/import",
            &admin.csrf,
            &admin.cookie,
            "fichier",
            &[("plafonds-2026.csv", bytes.to_vec())],
            check_only,
        )
    };
    assert_eq!(plai_2026(&app).await, None, "not published yet");
    let checked = text(send(&app, post(PLAI_2026.as_bytes(), true)).await).await;
    assert!(checked.contains("Vérification du fichier"), "{checked}");
    assert!(checked.contains("ajoutée : PLAI 2026, autres régions"));
    assert!(checked.contains(
        "non prise : PLAI 2026, Île-de-France hors Paris et communes limitrophes : incomplète"
    ));
    assert_eq!(plai_2026(&app).await, None, "a check saves nothing");

    let imported = send(&app, post(PLAI_2026.as_bytes(), false)).await;
    assert_eq!(imported.status(), StatusCode::OK);
    assert!(text(imported).await.contains("Plafonds de l"));
    assert_eq!(plai_2026(&app).await, Some(18_800), "the candidates' examination reads it");
    let again = text(send(&app, post(PLAI_2026.as_bytes(), false)).await).await;
    assert!(again.contains("1 table inchangée"), "{again}");

    let wrong = send(&app, post(b"nom;prenom\nDupont;Jean\n", false)).await;
    assert_eq!(wrong.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(text(wrong).await.contains("colonnes attendues"));
    app.test.finish().await;
}

#[tokio::test]
async fn the_year_s_file_is_checked_then_merged_on_every_backend() {
    for test in logis_testkit::every_backend().await {
        the_year_s_file_is_checked_then_merged(app(test).await).await;
    }
}

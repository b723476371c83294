//! A new cotation grid previewed before it is saved: its criteria as a table, what it would do
//! to today's active applications (how many change rank, the groups, the largest moves), and
//! nothing written; a grid with a mistake is refused with its line, as the save refuses it.

use crate::support::{app, post, send, session, text};
use axum::http::StatusCode;
use logis_access::Role;

fn form(csrf: &str, grid: &str) -> String {
    let encoded: String = url_encoded(grid);
    format!("_csrf={csrf}&texte={encoded}")
}

fn url_encoded(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_effect_of_a_new_grid_is_shown_before_it_is_saved() {
    let app = app(logis_testkit::sqlite().await).await;
    let admin = session(&app, Role::Administrateur).await;
    let store = &*app.test.store;
    let before = logis_cotation::stored::registered_grids(store).await.expect("grids").len();
    // The DALO criterion worth 5 points instead of 50, from next year.
    let current = logis_cotation::default_grid().texte;
    assert!(current.contains("points = 50"));
    let proposed = current.replacen("points = 50", "points = 5", 1).replacen(
        "en_vigueur = 2022-01-01",
        "en_vigueur = 2027-01-01",
        1,
    );
    let page =
        send(&app, post("/parametres/grille/apercu", Some(&admin), &form(&admin.csrf, &proposed)))
            .await;
    assert_eq!(page.status(), StatusCode::OK);
    let page = text(page).await;
    assert!(page.contains("changeraient de rang parmi les demandes comparables"), "{page}");
    assert!(page.contains("Les plus grands déplacements"), "some applications move: {page}");
    assert!(page.contains("Ménage reconnu prioritaire et urgent au titre du DALO"), "the table");
    assert!(page.contains("<td>5\u{a0}points</td>"), "the new points in words");
    assert!(page.contains("<td><code>dalo</code></td>"), "the condition as the grid writes it");
    assert!(page.contains("Enregistrer cette grille"));
    let after = logis_cotation::stored::registered_grids(store).await.expect("grids").len();
    assert_eq!(after, before, "a preview registers nothing");

    // The same grid previewed changes no rank.
    let same =
        send(&app, post("/parametres/grille/apercu", Some(&admin), &form(&admin.csrf, &current)))
            .await;
    let same = text(same).await;
    assert!(same.contains("actives, 0 changeraient de rang"), "{same}");

    let broken = proposed.replacen("points = 5", "points = beaucoup", 1);
    let refused =
        send(&app, post("/parametres/grille/apercu", Some(&admin), &form(&admin.csrf, &broken)))
            .await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(text(refused).await.contains("Grille non enregistrée"));
    app.test.finish().await;
}

//! The territory's information service: `/informations` answers without a session and says the
//! registered grid in words (a new grid, a new page), the administrator's desks and texts
//! appear there once saved, a refused form keeps what was typed and says why beside the field,
//! and only the administrator edits.

use crate::support::{App, Session, app, get, post, send, session, text, unabbreviated};
use axum::http::{StatusCode, header};
use logis_access::Role;

fn encoded(text: &str) -> String {
    logis_web::format::url_encoded(text)
}

/// A page's status and its text, unescaped.
async fn page(app: &App, path: &str, session: Option<&Session>) -> (StatusCode, String) {
    let response = send(app, get(path, session)).await;
    let status = response.status();
    (status, unescaped(&text(response).await))
}

/// The text of a page with askama's escapes and the glossary's `<abbr>` undone, no-break spaces
/// written as spaces.
fn unescaped(html: &str) -> String {
    unabbreviated(html)
        .replace('\u{a0}', " ")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&quot;", "\"")
        .replace("&#34;", "\"")
        .replace("&amp;", "&")
}

/// The form's fields for one desk (index 0) and the two texts, with the session's token.
fn form(admin: &Session, nom: &str, horaires: &str, fonctionnement: &str) -> String {
    [
        ("_csrf", admin.csrf.as_str()),
        ("g0_nom", nom),
        ("g0_adresse", "Place Roger Delthil\r\n82200 Moissac"),
        ("g0_horaires", horaires),
        ("g0_telephone", "05 63 04 01 85"),
        ("g0_courriel", "logement@moissac.fr"),
        ("g1_nom", ""),
        ("g1_adresse", ""),
        ("fonctionnement", fonctionnement),
        ("objectifs", "Loger d'abord les ménages prioritaires du territoire."),
    ]
    .iter()
    .map(|(k, v)| format!("{k}={}", encoded(v)))
    .collect::<Vec<_>>()
    .join("&")
}

#[tokio::test]
async fn the_public_page_says_the_registered_grid_in_words_on_every_backend() {
    for test in logis_testkit::every_backend().await {
        let app = app(test).await;
        let (status, body) = page(&app, "/informations", None).await;
        assert_eq!(status, StatusCode::OK, "open without a session");
        assert!(!body.contains("Se déconnecter"));
        assert!(body.contains("Grille de cotation de la CC Terres des Confluences"));
        assert!(body.contains("en vigueur à partir du 01/01/2022"));
        for said in [
            "Ménage reconnu prioritaire et urgent au titre du DALO&nbsp;: <strong>50 points</strong>.",
            "Ancienneté de la demande&nbsp;: <strong>1 point par mois d'ancienneté, 60 points au plus</strong>.",
            "Refus d'une offre adaptée sans motif légitime&nbsp;: <strong>10 points de moins par refus, 30 points de moins au plus</strong>.",
            "<strong>Logement actuel</strong>&nbsp;: Seul le plus élevé de ces critères compte.",
            "Compte quand un justificatif a été vu.",
            "Compte sur votre déclaration.",
            "Demandes de mutation",
            "anormalement long après 24 mois",
        ] {
            assert!(body.contains(said), "« {said} » missing");
        }
        assert!(body.contains("CALEOL"), "the default words on how allocation works");
        assert!(body.contains("La liste des guichets n'est pas encore publiée"));

        let newer = format!(
            "nom = \"Grille révisée par la CIL\"\nen_vigueur = {}\n\
             [[critere]]\ncode = \"enfants\"\nlibelle = \"Enfants à charge\"\npoints = 3\n\
             par = \"enfants\"\nplafond = 9\n",
            logis_testkit::TODAY
        );
        let grid = logis_cotation::Grid::parse(&newer).expect("a valid grid");
        logis_cotation::stored::register_grid(&*app.test.store, &grid, logis_testkit::TODAY)
            .await
            .expect("registered");
        app.state.grids.forget();
        let (_, body) = page(&app, "/informations", None).await;
        assert!(body.contains("Grille révisée par la CIL"));
        assert!(body.contains(
            "Enfants à charge&nbsp;: <strong>3 points par enfant, 9 points au plus</strong>."
        ));
        assert!(!body.contains("au titre du DALO"), "the grid in force only");
        assert!(!body.contains("Demandes de mutation"), "no transfer part in the new grid");
        app.test.finish().await;
    }
}

#[tokio::test]
async fn the_administrator_saves_desks_and_texts_and_the_public_reads_them_on_every_backend() {
    for test in logis_testkit::every_backend().await {
        let app = app(test).await;
        let admin = session(&app, Role::Administrateur).await;
        let (status, body) = page(&app, "/parametres/information", Some(&admin)).await;
        assert_eq!(status, StatusCode::OK);
        assert!(body.contains("Guichet 6"), "six blank desks to fill");
        assert!(body.contains("Jamais enregistrées"));
        let (_, settings) = page(&app, "/parametres", Some(&admin)).await;
        assert!(settings.contains("href=\"/parametres/information\""), "linked from the settings");

        let fields = form(
            &admin,
            "Mairie de Moissac",
            "Lundi au vendredi, 9 h – 12 h",
            "Ici, la commission se réunit chaque mois.\n\n- un guichet par commune ;\n- un numéro unique.",
        );
        let saved = send(&app, post("/parametres/information", Some(&admin), &fields)).await;
        assert_eq!(saved.status(), StatusCode::SEE_OTHER);
        let to = saved.headers()[header::LOCATION].to_str().expect("location").to_owned();
        assert_eq!(to, "/parametres/information?fait=enregistre");
        let (_, body) = page(&app, &to, Some(&admin)).await;
        assert!(body.contains("Les informations sont enregistrées"));
        assert!(body.contains("par compte-administrateur"), "who saved them");
        assert!(body.contains("value=\"Mairie de Moissac\""));
        assert!(body.contains("Guichet 7"), "the saved desk and six blank ones");

        let (_, public) = page(&app, "/informations", None).await;
        for said in [
            "<h3>Mairie de Moissac</h3>",
            "Place Roger Delthil<br>82200 Moissac",
            "Lundi au vendredi, 9 h – 12 h",
            "<a href=\"tel:0563040185\">05 63 04 01 85</a>",
            "<a href=\"mailto:logement@moissac.fr\">logement@moissac.fr</a>",
            "<p>Ici, la commission se réunit chaque mois.</p>",
            "<li>un guichet par commune ;</li>",
            "Loger d'abord les ménages prioritaires du territoire.",
        ] {
            assert!(public.contains(said), "« {said} » missing from the public page");
        }
        assert!(!public.contains("CALEOL"), "the territory's words replace the default ones");
        app.test.finish().await;
    }
}

#[tokio::test]
async fn a_refused_form_keeps_what_was_typed_and_says_why() {
    let app = app(logis_testkit::sqlite().await).await;
    let admin = session(&app, Role::Administrateur).await;
    let long = format!("{}Moissac", "Maison de l'habitat, ".repeat(15));
    let fields = form(&admin, &long, "Mardi 14 h – 17 h", "Mes mots à moi.");
    let refused = send(&app, post("/parametres/information", Some(&admin), &fields)).await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = unescaped(&text(refused).await);
    assert!(body.contains("Rien n'a été enregistré :"));
    assert!(body.contains("un point est à corriger"));
    assert!(
        body.contains(
            "<p class=\"erreur-champ\" id=\"g0-nom-erreur\">322 caractères : 300 au plus ; abrégez.</p>"
        ),
        "the reason beside the field"
    );
    assert!(body.contains("aria-invalid=\"true\" aria-describedby=\"g0-nom-erreur\""));
    assert!(body.contains(&format!("value=\"{long}\"")), "the typed name kept");
    assert!(body.contains("Mardi 14 h – 17 h"), "the other fields kept");
    assert!(body.contains("Mes mots à moi."));
    let (_, public) = page(&app, "/informations", None).await;
    assert!(!public.contains("Mes mots à moi."), "nothing saved");
    app.test.finish().await;
}

#[tokio::test]
async fn only_the_administrator_edits_the_information() {
    let app = app(logis_testkit::sqlite().await).await;
    let desk = session(&app, Role::Guichet).await;
    let (status, _) = page(&app, "/parametres/information", Some(&desk)).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let fields = form(&desk, "Mairie", "", "Texte.");
    let refused = send(&app, post("/parametres/information", Some(&desk), &fields)).await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    let (status, _) = page(&app, "/informations", Some(&desk)).await;
    assert_eq!(status, StatusCode::OK, "a partner reads the public page too");
    app.test.finish().await;
}

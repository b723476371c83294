//! The lists that scale (issue 20, point 4) and the glossary (point 6): totals and numbered
//! pages whose links keep the sort and the filters, the audit log searched by account, numéro,
//! day and action, the dwellings' vacancy shown, the export's dates and labels, and the
//! abbreviations explained.

use crate::support::{app, get, login_of, send, session, text};
use axum::http::StatusCode;
use logis_access::Role;

#[tokio::test]
async fn the_applications_list_counts_pages_and_keeps_its_sort_in_every_link() {
    let app = app(logis_testkit::sqlite().await).await;
    let desk = session(&app, Role::Guichet).await;
    let list = text(send(&app, get("/demandes?tri=anciennete&page=2", Some(&desk))).await).await;
    assert!(list.contains("class=\"compte-resultats\"><strong>"), "the total above the list");
    assert!(list.contains(" demandes</strong>"));
    assert!(list.contains("aria-label=\"Pages de la liste\""), "numbered pages");
    assert!(list.contains("href=\"/demandes?tri=anciennete\" rel=\"prev\""), "{list}");
    let nav = list.split("Pages de la liste").nth(1).unwrap_or_default();
    let nav = &nav[..nav.find("</nav>").unwrap_or(nav.len())];
    assert!(nav.contains("href=\"/demandes?tri=anciennete&#38;page=3\""), "{nav}");
    assert!(
        list.contains("aria-current=\"page\"><span class=\"visuellement-cache\">Page </span>2<")
    );
    let filtered =
        text(send(&app, get("/demandes?typologie=T3&tri=anciennete", Some(&desk))).await).await;
    assert!(
        filtered.contains("href=\"/demandes?typologie=T3&#38;tri=score\""),
        "sorting keeps the filters"
    );
    app.test.finish().await;
}

#[tokio::test]
async fn the_applications_list_sorts_by_name_and_by_numero_from_its_headers() {
    let app = app(logis_testkit::sqlite().await).await;
    let desk = session(&app, Role::Guichet).await;
    let list = text(send(&app, get("/demandes?tri=nom", Some(&desk))).await).await;
    assert!(list.contains("· classées par nom"), "the count line says the order");
    assert!(list.contains("aria-sort=\"ascending\"><a href=\"/demandes?tri=nom\">Demandeur"));
    assert!(list.contains("aria-sort=\"none\"><a href=\"/demandes?tri=numero\">Numéro unique"));
    let names: Vec<String> = list
        .split("<tr>")
        .skip(2)
        .filter_map(|row| row.split("<td>").nth(2))
        .map(|cell| logis_domain::french::folded(cell.split('\n').next().unwrap_or_default()))
        .collect();
    assert!(names.len() > 10, "a page of applications: {names:?}");
    assert!(names.windows(2).all(|w| w[0] <= w[1]), "by surname, whatever the accents: {names:?}");
    let by_numero = text(send(&app, get("/demandes?tri=numero", Some(&desk))).await).await;
    let numeros: Vec<&str> = by_numero
        .split("<td><a href=\"/demandes/")
        .skip(1)
        .filter_map(|cell| cell.split('"').next())
        .collect();
    assert!(numeros.len() > 10 && numeros.windows(2).all(|w| w[0] < w[1]), "{numeros:?}");
    app.test.finish().await;
}

#[tokio::test]
async fn the_export_gives_dates_as_dates_and_codes_as_labels() {
    let app = app(logis_testkit::sqlite().await).await;
    let desk = session(&app, Role::Guichet).await;
    let csv = text(
        send(&app, get(&format!("/demandes/export.csv?numero={}", app.followed), Some(&desk)))
            .await,
    )
    .await;
    let row = csv.lines().nth(1).expect("the application");
    let cells: Vec<&str> = row.split(';').collect();
    assert!(cells[3].len() == 10 && cells[3].as_bytes()[2] == b'/', "a French date: {row}");
    assert_eq!(cells[4], "active", "the status's label");
    assert!(
        !row.contains("locataire_hlm") && !row.contains("heberge_"),
        "situations as labels: {row}"
    );
    let xlsx =
        send(&app, get(&format!("/demandes/export.xlsx?numero={}", app.followed), Some(&desk)))
            .await;
    assert_eq!(xlsx.status(), StatusCode::OK);
    let bytes = axum::body::to_bytes(xlsx.into_body(), usize::MAX).await.expect("body");
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes.to_vec())).expect("zip");
    let mut styles = String::new();
    std::io::Read::read_to_string(
        &mut archive.by_name("xl/styles.xml").expect("styles"),
        &mut styles,
    )
    .expect("UTF-8");
    assert!(styles.contains("dd/mm/yyyy"), "a date format for the dates: {styles}");
    app.test.finish().await;
}

#[tokio::test]
async fn the_audit_log_is_searched_by_account_numero_day_and_action_on_every_backend() {
    for test in logis_testkit::every_backend().await {
        let app = app(test).await;
        let desk = session(&app, Role::Guichet).await;
        let admin = session(&app, Role::Administrateur).await;
        send(&app, get(&format!("/demandes/{}", app.followed), Some(&desk))).await;
        let login = login_of(Role::Guichet);
        let mine = text(
            send(&app, get(&format!("/journal?compte={login}&action=consultation"), Some(&admin)))
                .await,
        )
        .await;
        assert!(mine.contains(&app.followed), "the file opened by the desk");
        assert!(mine.contains("class=\"compte-resultats\"><strong>"));
        assert!(mine.contains(&format!("value=\"{login}\"")), "the filter kept in the form");
        assert!(mine.contains("<option value=\"consultation\" selected>"));
        let other = text(send(&app, get("/journal?compte=personne", Some(&admin))).await).await;
        assert!(other.contains("Aucune ligne ne correspond"), "{other}");
        let by_numero = text(
            send(
                &app,
                get(&format!("/journal?numero={}", app.followed.to_lowercase()), Some(&admin)),
            )
            .await,
        )
        .await;
        assert!(by_numero.contains(&app.followed));
        assert!(!by_numero.contains("<td>connexion</td>"), "only the lines naming the application");
        let long_ago =
            text(send(&app, get("/journal?du=2001-01-01&au=31/12/2001", Some(&admin))).await).await;
        assert!(long_ago.contains("Aucune ligne ne correspond"));
        let unread = text(send(&app, get("/journal?du=hier", Some(&admin))).await).await;
        assert!(unread.contains("pas une date (jj/mm/aaaa)"));
        app.test.finish().await;
    }
}

#[tokio::test]
async fn dwellings_show_their_vacancy_and_are_declared_vacant_only_once_on_every_backend() {
    for test in logis_testkit::every_backend().await {
        let app = app(test).await;
        let landlord = session(&app, Role::Bailleur).await;
        let list = text(send(&app, get("/logements?tri=-loyer", Some(&landlord))).await).await;
        assert!(list.contains(" logements</strong>"), "the total");
        assert!(list.contains("aria-sort=\"descending\"><a href=\"/logements?tri=loyer\">Loyer"));
        let vacant = text(send(&app, get("/logements?vacance=oui", Some(&landlord))).await).await;
        assert!(
            vacant
                .contains(&format!("href=\"/vacances/{}\">vacant à partir du", app.vacancy.get()))
        );
        assert!(vacant.contains(&format!("href=\"/logements/{}\"", app.dwelling)));
        assert!(!vacant.contains("Déclarer vacant<"), "{vacant}");
        let page =
            text(send(&app, get(&format!("/logements/{}", app.dwelling), Some(&landlord))).await)
                .await;
        assert!(page.contains("id=\"vacance-ouverte\""));
        assert!(!page.contains("Déclarer vacant</button>"), "no second declaration");
        assert!(page.contains(
            "<abbr title=\"Quartier prioritaire de la politique de la ville\">QPV</abbr>"
        ));
        app.test.finish().await;
    }
}

#[tokio::test]
async fn the_glossary_explains_every_abbreviation_and_pages_link_it() {
    let app = app(logis_testkit::sqlite().await).await;
    let glossary = send(&app, get("/glossaire", None)).await;
    assert_eq!(glossary.status(), StatusCode::OK, "open to anyone");
    let glossary = text(glossary).await;
    for term in logis_web::glossary::TERMS {
        assert!(glossary.contains(&format!("id=\"{}\"", term.abbr)), "{}", term.abbr);
        assert!(!term.explanation.is_empty());
    }
    assert!(glossary.contains("<abbr title=\"Droit au logement opposable\">DALO</abbr>"));
    let observer = session(&app, Role::Observateur).await;
    let signed_in = text(send(&app, get("/glossaire", Some(&observer))).await).await;
    assert!(signed_in.contains("aria-label=\"Menu principal\""), "the partner's menu");
    assert!(signed_in.contains("href=\"/glossaire\""), "the footer's link");
    app.test.finish().await;
}

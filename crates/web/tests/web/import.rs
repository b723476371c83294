//! Importing from the application: a faulty set is refused with its French report and writes
//! nothing; a good set is written, rescored, and the job's page says so.

use crate::support::{App, BOUNDARY, app, get, send, session, text};
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use logis_access::Role;

/// A multipart form of `files` (name, bytes), plus the "check only" box when asked.
fn upload(csrf: &str, cookie: &str, files: &[(&str, Vec<u8>)], check_only: bool) -> Request<Body> {
    crate::support::multipart("/import", csrf, cookie, "fichiers", files, check_only)
}

/// Follows the job's page until the import is over; its last page.
async fn finished(app: &App, cookie: &crate::support::Session, location: &str) -> String {
    for _ in 0..600 {
        let page = text(send(app, get(location, Some(cookie))).await).await;
        if !page.contains("Import en cours") {
            return page;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("the import did not finish within a minute");
}

fn files_of(dir: &std::path::Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .expect("folder")
        .map(|e| e.expect("entry").path())
        .map(|p| {
            (
                p.file_name().expect("name").to_string_lossy().into_owned(),
                std::fs::read(&p).expect("read"),
            )
        })
        .collect();
    files.sort();
    files
}

#[tokio::test]
async fn a_faulty_set_is_refused_with_its_report_and_a_good_one_is_written() {
    let app = app(logis_testkit::sqlite().await).await;
    let admin = session(&app, Role::Administrateur).await;
    let today = logis_testkit::TODAY;
    let before = app.test.store.overview(today).await.expect("overview");

    let generated = logis_testkit::cctc_files(9);
    let mut files = files_of(generated.path());
    let demandes = files.iter_mut().find(|(n, _)| n == "demandes.csv").expect("demandes.csv");
    let mut text_file = String::from_utf8(demandes.1.clone()).expect("UTF-8");
    let second_line_start = text_file.find('\n').expect("header") + 1;
    let first_field_end =
        second_line_start + text_file[second_line_start..].find(';').expect("field");
    let date_end = first_field_end + 1 + text_file[first_field_end + 1..].find(';').expect("date");
    text_file.replace_range(first_field_end + 1..date_end, "31/02/2024");
    demandes.1 = text_file.into_bytes();
    let borrowed: Vec<(&str, Vec<u8>)> =
        files.iter().map(|(n, b)| (n.as_str(), b.clone())).collect();

    let sent = send(&app, upload(&admin.csrf, &admin.cookie, &borrowed, false)).await;
    assert_eq!(sent.status(), StatusCode::SEE_OTHER);
    let location = sent.headers()[header::LOCATION].to_str().expect("location").to_owned();
    let page = finished(&app, &admin, &location).await;
    assert!(page.contains("Import refusé&nbsp;: 4 erreurs — rien n'a été écrit"), "{page}");
    assert!(page.contains("une date qui existe dans le calendrier"), "what is expected");
    assert!(page.contains("31/02/2024"), "the faulty value is shown");
    assert!(page.contains("date_depot"), "with its column");
    let after = app.test.store.overview(today).await.expect("overview");
    assert_eq!(after.demandes_total, before.demandes_total, "nothing written");
    let csv = text(send(&app, get(&format!("{location}/rapport.csv"), Some(&admin))).await).await;
    assert!(csv.starts_with("\u{feff}gravite;fichier;ligne;colonne;valeur;probleme;attendu"));
    assert!(csv.contains("erreur;demandes.csv;2;date_depot;31/02/2024"), "{csv}");

    let good_files = files_of(generated.path());
    let good: Vec<(&str, Vec<u8>)> =
        good_files.iter().map(|(n, b)| (n.as_str(), b.clone())).collect();
    let sent = send(&app, upload(&admin.csrf, &admin.cookie, &good, false)).await;
    let location = sent.headers()[header::LOCATION].to_str().expect("location").to_owned();
    let page = finished(&app, &admin, &location).await;
    assert!(page.contains("Import réussi"), "{page}");
    assert!(page.contains("Lignes nouvelles ou modifiées — demandes.csv :"), "{page}");
    assert!(page.contains("Cotation recalculée"), "{page}");
    let after = app.test.store.overview(today).await.expect("overview");
    assert!(
        after.demandes_total > before.demandes_total,
        "the second territory's applications are added"
    );

    // The same set again: recognised as the last import's files, not read again; the page
    // says so, and nothing is rescored.
    let sent = send(&app, upload(&admin.csrf, &admin.cookie, &good, false)).await;
    let location = sent.headers()[header::LOCATION].to_str().expect("location").to_owned();
    let page = finished(&app, &admin, &location).await;
    assert!(page.contains("Import réussi"), "{page}");
    let day = logis_domain::french::date(logis_testkit::TODAY);
    assert!(page.contains(&format!("ceux de l&#39;import du {day}")), "{page}");
    assert!(!page.contains("Cotation recalculée"), "{page}");

    // The same set with « Tout relire » checked: every row read and compared, none written.
    let reread = crate::support::multipart_with(
        "/import",
        &admin.csrf,
        &admin.cookie,
        "fichiers",
        &good,
        &["tout_relire"],
    );
    let sent = send(&app, reread).await;
    let location = sent.headers()[header::LOCATION].to_str().expect("location").to_owned();
    let page = finished(&app, &admin, &location).await;
    assert!(
        page.contains("Aucune ligne nouvelle ou modifiée : la base avait déjà toutes ces données."),
        "{page}"
    );
    assert!(!page.contains("Cotation recalculée"), "{page}");
    let log = logis_store::access::audit::latest(&*app.test.store, 5).await.expect("audit");
    assert!(log.iter().any(|l| l.action.code() == "import" && l.target.contains("demandes.csv")));
    app.test.finish().await;
}

#[tokio::test]
async fn an_upload_that_is_not_a_file_set_is_refused_in_french() {
    let app = app(logis_testkit::sqlite().await).await;
    let admin = session(&app, Role::Administrateur).await;
    let sent =
        send(&app, upload(&admin.csrf, &admin.cookie, &[("photo.jpg", b"xx".to_vec())], false))
            .await;
    assert_eq!(sent.status(), StatusCode::BAD_REQUEST);
    assert!(text(sent).await.contains("n&#39;est ni un fichier .csv"));
    let empty = send(&app, upload(&admin.csrf, &admin.cookie, &[], false)).await;
    assert_eq!(empty.status(), StatusCode::BAD_REQUEST);
    app.test.finish().await;
}

#[tokio::test]
async fn an_upload_past_the_settings_and_a_zip_bomb_are_refused_in_french() {
    let app = app(logis_testkit::sqlite().await).await;
    let admin = session(&app, Role::Administrateur).await;
    app.state.privacy.write().expect("settings").imports.upload_mib = 1;
    let big = vec![b'x'; 2 << 20];
    let sent =
        send(&app, upload(&admin.csrf, &admin.cookie, &[("demandes.csv", big)], false)).await;
    assert_eq!(sent.status(), StatusCode::BAD_REQUEST);
    let said = text(sent).await;
    assert!(said.contains("L&#39;envoi dépasse 1 Mo"), "{said}");
    assert!(said.contains("envoi_max_mo"), "{said}");

    app.state.privacy.write().expect("settings").imports.upload_mib = 1024;
    let dir = tempfile::tempdir().expect("temporary folder");
    let bomb = dir.path().join("jeu.zip");
    logis_testkit::bomb::zip_bomb(&bomb, 1024, logis_testkit::bomb::Announced::Lie(512 << 10));
    let bytes = std::fs::read(&bomb).expect("archive");
    let sent = send(&app, upload(&admin.csrf, &admin.cookie, &[("jeu.zip", bytes)], false)).await;
    let location = sent.headers()[header::LOCATION].to_str().expect("location").to_owned();
    let page = finished(&app, &admin, &location).await;
    assert!(page.contains("Import refusé"), "{page}");
    assert!(page.contains("bombe de décompression"), "{page}");

    let sent =
        send(&app, upload(&admin.csrf, &admin.cookie, &[("jeu.zip", vec![7; 3000])], false)).await;
    let location = sent.headers()[header::LOCATION].to_str().expect("location").to_owned();
    let page = finished(&app, &admin, &location).await;
    assert!(page.contains("archive ZIP illisible"), "{page}");
    assert!(page.contains("<td>jeu.zip</td>"), "the archive named as it was sent: {page}");
    let server_folder = std::env::temp_dir().display().to_string();
    assert!(!page.contains(&server_folder), "the server's folder shown: {page}");
    let sent =
        send(&app, upload(&admin.csrf, &admin.cookie, &[("notes.csv", b"a;b\n".to_vec())], false))
            .await;
    let location = sent.headers()[header::LOCATION].to_str().expect("location").to_owned();
    let page = finished(&app, &admin, &location).await;
    assert!(page.contains("aucun fichier du format d&#39;échange v1 trouvé"), "{page}");
    assert!(page.contains("fichiers envoyés"), "{page}");
    assert!(!page.contains(&server_folder), "the server's folder shown: {page}");
    app.test.finish().await;
}

#[tokio::test]
async fn partners_software_imports_through_the_api_with_a_token_of_that_scope() {
    use logis_store::access::{self as register, tokens};
    let app = app(logis_testkit::sqlite().await).await;
    let token_of = |scope: logis_access::TokenScope| {
        let token = logis_web::session::new_token();
        let issued = tokens::ApiToken {
            token_hash: logis_web::session::hash(&token),
            nom: format!("logiciel ({scope})"),
            login: crate::support::account_login(Role::Administrateur),
            scope,
            cree_le: 0,
            expire_le: logis_testkit::now() + 3600,
            revoque_le: None,
        };
        (token, issued)
    };
    let upload_with = |token: &str| {
        let body = format!(
            "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"fichiers\"; filename=\"seuils.csv\"\r\n\r\nannee;q1;q2;q3\n2024;dix;2;3\n\r\n--{BOUNDARY}--\r\n"
        );
        Request::post("/api/import")
            .header(header::AUTHORIZATION, format!("Bearer {token}"))
            .header(header::CONTENT_TYPE, format!("multipart/form-data; boundary={BOUNDARY}"))
            .body(Body::from(body))
            .expect("request")
    };
    let (reader, issued) = token_of(logis_access::TokenScope::Lecture);
    register::write(&*app.test.store, tokens::issue(&issued)).await.expect("token");
    let refused = send(&app, upload_with(&reader)).await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN, "a read-only token imports nothing");

    let (importer, issued) = token_of(logis_access::TokenScope::Import);
    register::write(&*app.test.store, tokens::issue(&issued)).await.expect("token");
    let started = send(&app, upload_with(&importer)).await;
    assert_eq!(started.status(), StatusCode::ACCEPTED);
    let location = started.headers()[header::LOCATION].to_str().expect("location").to_owned();
    let mut job = serde_json::Value::Null;
    for _ in 0..600 {
        let answer = send(&app, crate::support::api_get(&location, Some(&importer))).await;
        job = serde_json::from_str(&text(answer).await).expect("JSON");
        if job["etat"] != "en_cours" {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert_eq!(job["etat"], "termine", "{job}");
    assert_eq!(job["ecrit"], false);
    assert_eq!(job["nombre_erreurs"], 1);
    assert_eq!(job["erreurs"][0]["colonne"], "q1");
    assert_eq!(job["erreurs"][0]["valeur"], "dix");
    let log = logis_store::access::audit::latest(&*app.test.store, 5).await.expect("audit");
    assert!(log.iter().any(|l| l.action.code() == "import" && l.target.contains("seuils.csv")));
    app.test.finish().await;
}

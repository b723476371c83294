//! What Logis writes for spreadsheets cannot run in them, and its CSRF tokens never travel in
//! an address: a name, a login or a faulty value that starts like a formula is neutralised in
//! the CSV exports (the list, the audit log, an import's report); the token of an upload is
//! the form's first field, and a token in the address is refused.

use crate::support::{app, get, post, send, session, text};
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use logis_access::Role;
use logis_store::Statement;
use logis_store::statement::text as param;

fn lines_start_safely(csv: &str) -> bool {
    csv.lines().all(|line| {
        line.split(';').all(|cell| !cell.trim_start_matches('"').starts_with(['=', '+', '@', '-']))
    })
}

#[tokio::test]
async fn exports_neutralise_what_a_spreadsheet_would_run() {
    let app = app(logis_testkit::sqlite().await).await;
    let formula = "=HYPERLINK(\"http://evil.example\";\"Voir\")";
    let named = Statement::new(
        "UPDATE demandes SET nom = $1, prenom = '@SOMME(A1)' WHERE numero_unique = $2",
        vec![param(formula), param(app.followed.clone())],
    );
    app.test.store.execute(&[named]).await.expect("name");
    let admin = session(&app, Role::Administrateur).await;
    let csv = text(
        send(&app, get(&format!("/demandes/export.csv?numero={}", app.followed), Some(&admin)))
            .await,
    )
    .await;
    assert!(csv.contains("\"'=HYPERLINK(\"\"http://evil.example\"\";\"\"Voir\"\")\""), "{csv}");
    assert!(csv.contains(";'@SOMME(A1);"), "{csv}");
    assert!(lines_start_safely(&csv), "{csv}");

    let attempt = "login=%2B1%2B1&mot_de_passe=faux";
    assert_eq!(
        send(&app, post("/connexion", None, attempt)).await.status(),
        StatusCode::UNAUTHORIZED
    );
    let journal = text(send(&app, get("/journal/export.csv", Some(&admin))).await).await;
    assert!(journal.contains(";'+1+1;"), "the typed login, neutralised: {journal}");
    assert!(lines_start_safely(&journal));
    app.test.finish().await;
}

#[tokio::test]
async fn an_upload_carries_its_token_in_the_form_never_in_the_address() {
    let app = app(logis_testkit::sqlite().await).await;
    let admin = session(&app, Role::Administrateur).await;
    let form = text(send(&app, get("/import", Some(&admin))).await).await;
    assert!(!form.contains("_csrf="), "no token in an address of the page");
    let boundary = "frontiere";
    let file = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"fichiers\"; filename=\"seuils.csv\"\r\n\r\nannee;q1;q2;q3\n2024;=1+1;2;3\n\r\n--{boundary}--\r\n"
    );
    let upload = |uri: String, body: String| {
        Request::post(uri)
            .header(header::COOKIE, &admin.cookie)
            .header(header::CONTENT_TYPE, format!("multipart/form-data; boundary={boundary}"))
            .body(Body::from(body))
            .expect("request")
    };
    let in_address =
        send(&app, upload(format!("/import?_csrf={}", admin.csrf), file.clone())).await;
    assert_eq!(in_address.status(), StatusCode::FORBIDDEN, "a token in the address is refused");
    let first_field = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n{}\r\n{file}",
        admin.csrf
    );
    let sent = send(&app, upload("/import".into(), first_field)).await;
    assert_eq!(sent.status(), StatusCode::SEE_OTHER);
    let location = sent.headers()[header::LOCATION].to_str().expect("location").to_owned();
    for _ in 0..600 {
        let page = text(send(&app, get(&location, Some(&admin))).await).await;
        if !page.contains("Import en cours") {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    let report =
        text(send(&app, get(&format!("{location}/rapport.csv"), Some(&admin))).await).await;
    assert!(report.contains(";'=1+1;"), "the faulty value, neutralised: {report}");
    assert!(lines_start_safely(&report));
    app.test.finish().await;
}

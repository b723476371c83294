//! The bilan page and its downloads: the report of bilan.md for every role, files that are
//! what they say they are, and French answers for a year without data.

use crate::support::{app, get, send, session, text};
use axum::http::{StatusCode, header};
use http_body_util::BodyExt;
use logis_access::Role;

async fn bytes(response: axum::http::Response<axum::body::Body>) -> Vec<u8> {
    response.into_body().collect().await.expect("body").to_bytes().to_vec()
}

#[tokio::test]
async fn every_role_reads_the_bilan_and_downloads_it() {
    let app = app(logis_testkit::sqlite().await).await;
    let observer = session(&app, Role::Observateur).await;
    let page = send(&app, get("/bilan", Some(&observer))).await;
    assert_eq!(page.status(), StatusCode::OK);
    let page = text(page).await;
    assert!(page.contains("<h1>Bilan 2025</h1>"), "the latest year by default");
    assert!(page.contains("<svg"), "with its charts");
    assert!(page.contains("Clé de lecture"));
    assert!(page.contains("<a href=\"#partie-1\">"), "a table of contents");
    assert!(page.contains("<section id=\"partie-1\">"), "towards the report's parts");
    let earlier = text(send(&app, get("/bilan?annee=2023", Some(&observer))).await).await;
    assert!(earlier.contains("<h1>Bilan 2023</h1>"));

    let json = send(&app, get("/bilan/2024/json", Some(&observer))).await;
    assert_eq!(json.status(), StatusCode::OK);
    assert_eq!(
        json.headers()[header::CONTENT_DISPOSITION],
        "attachment; filename=\"bilan-2024.json\""
    );
    let document: serde_json::Value = serde_json::from_slice(&bytes(json).await).expect("JSON");
    assert_eq!(document["annee"], 2024);
    let expected = logis_transfer::bilan::several(&*app.test.store, &[2024], &Default::default())
        .await
        .expect("bilan");
    assert_eq!(
        document,
        serde_json::from_str::<serde_json::Value>(&expected[0].to_json()).expect("JSON"),
        "the command line's document"
    );

    let xlsx = bytes(send(&app, get("/bilan/2024/xlsx", Some(&observer))).await).await;
    assert_eq!(&xlsx[..2], b"PK", "a workbook (zip)");
    let csv =
        String::from_utf8(bytes(send(&app, get("/bilan/2024/csv", Some(&observer))).await).await)
            .expect("UTF-8");
    assert!(csv.starts_with("\u{feff}tableau;ligne;indicateur;valeur"));
    let pdf = send(&app, get("/bilan/2025/pdf", Some(&observer))).await;
    assert_eq!(pdf.headers()[header::CONTENT_TYPE], "application/pdf");
    assert_eq!(&bytes(pdf).await[..5], b"%PDF-");

    let missing = send(&app, get("/bilan?annee=1990", Some(&observer))).await;
    assert_eq!(missing.status(), StatusCode::BAD_REQUEST);
    assert!(text(missing).await.contains("les données couvrent 2019 à 2025"));
    let unknown = send(&app, get("/bilan/2024/docx", Some(&observer))).await;
    assert_eq!(unknown.status(), StatusCode::NOT_FOUND);
    app.test.finish().await;
}

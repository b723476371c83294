//! An applicant's data, whole, on request: the EPCI downloads everything Logis holds about an
//! application — the application and household, the cotation, labels, notes, follow-ups, the
//! timeline, decisions, offers, the allocation, who consulted it — as JSON and as a PDF, and
//! the download is in the audit log; no other role may.

use crate::support::{app, get, login_of, post, send, session, text};
use axum::http::{StatusCode, header};
use http_body_util::BodyExt;
use logis_access::Role;

#[tokio::test]
async fn the_epci_exports_an_applicants_data_as_json_and_pdf() {
    let app = app(logis_testkit::sqlite().await).await;
    let numero = app.followed.clone();
    let desk = session(&app, Role::Guichet).await;
    let note = format!("_csrf={}&texte=Appel+du+m%C3%A9nage+le+3+d%C3%A9cembre", desk.csrf);
    send(&app, post(&format!("/demandes/{numero}/notes"), Some(&desk), &note)).await;
    send(&app, get(&format!("/demandes/{numero}"), Some(&desk))).await;
    let admin = session(&app, Role::Administrateur).await;
    let file = text(send(&app, get(&format!("/demandes/{numero}"), Some(&admin))).await).await;
    assert!(
        file.contains(&format!("href=\"/demandes/{numero}/donnees.pdf\"")),
        "offered on the file"
    );

    let json = send(&app, get(&format!("/demandes/{numero}/donnees.json"), Some(&admin))).await;
    assert_eq!(json.status(), StatusCode::OK);
    assert!(json.headers()[header::CONTENT_DISPOSITION].to_str().expect("text").contains(".json"));
    let data: serde_json::Value = serde_json::from_str(&text(json).await).expect("JSON");
    assert_eq!(data["numero_unique"], numero.as_str());
    assert_eq!(data["demande"]["numero_unique"], numero.as_str());
    assert!(data["demande"]["nom"].is_string(), "the name, in the column of format v1");
    assert!(!data["membres"].as_array().expect("members").is_empty());
    assert!(data["score"]["score"].is_string(), "the cotation");
    assert_eq!(data["notes"][0]["texte"], "Appel du ménage le 3 décembre");
    assert_eq!(data["suivis"][0]["travailleur_social"], login_of(Role::TravailleurSocial));
    let consulted: Vec<&str> = data["consultations"]
        .as_array()
        .expect("audit lines")
        .iter()
        .filter_map(|l| l["compte"].as_str())
        .collect();
    assert!(consulted.contains(&login_of(Role::Guichet).as_str()), "who consulted: {consulted:?}");

    let pdf = send(&app, get(&format!("/demandes/{numero}/donnees.pdf"), Some(&admin))).await;
    assert_eq!(pdf.status(), StatusCode::OK);
    let bytes = pdf.into_body().collect().await.expect("body").to_bytes();
    assert!(bytes.starts_with(b"%PDF"));
    let read = logis_testkit::documents::pdf_text(&bytes);
    for said in [
        "Données de la demande",
        "Le ménage",
        "Notes des partenaires",
        "Consultations et traitements",
    ] {
        assert!(read.contains(said), "{said} in the PDF");
    }
    let log = logis_store::access::audit::latest(&*app.test.store, 2).await.expect("audit");
    assert!(log.iter().all(|l| l.action.code() == "export" && l.target.contains("droit d'accès")));

    let landlord = session(&app, Role::Bailleur).await;
    let refused =
        send(&app, get(&format!("/demandes/{numero}/donnees.json"), Some(&landlord))).await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    let unknown = send(&app, get("/demandes/0000000000000G0000/donnees.json", Some(&admin))).await;
    assert_eq!(unknown.status(), StatusCode::NOT_FOUND);
    app.test.finish().await;
}

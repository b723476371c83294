//! Reservation rights as a yearly flow through the API and the pages, on both backends: the
//! conventions read by the landlord, by a holder (its own only) and amended (refused in French
//! when the State goes over 30 %), the holder proposed for a dwelling with its figures, the
//! bilan in the JSON of flux.md (both set-aside reasons, the landlord's line last, every
//! letting of the net flow received by one line), its forecast then its sending, the inventory;
//! the landlord's, the holder's and the EPCI's pages, and the documents as PDF and XLSX.

use crate::support::*;
use axum::http::{Method, StatusCode, header};
use logis_access::Role;
use logis_testkit::every_backend;
use serde_json::Value;

async fn json(app: &App, request: axum::http::Request<axum::body::Body>) -> (StatusCode, Value) {
    let response = send(app, request).await;
    let status = response.status();
    let body = text(response).await;
    (status, serde_json::from_str(&body).unwrap_or(Value::String(body)))
}

fn put(path: &str, token: &str, body: &str) -> axum::http::Request<axum::body::Body> {
    let mut request = api_post(path, Some(token), body);
    *request.method_mut() = Method::PUT;
    request
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn partners_software_follows_the_flux_through_the_api() {
    for backend in every_backend().await {
        let app = app(backend).await;
        let landlord = api_token(&app, Role::Bailleur).await;
        let holder = api_token(&app, Role::Reservataire).await;

        // The generated territory's conventions: the landlord reads all, a holder its own.
        let (status, years) =
            json(&app, api_get(&format!("/api/flux/conventions/{LANDLORD}"), Some(&landlord)))
                .await;
        assert_eq!(status, StatusCode::OK, "{years}");
        let years = years.as_array().expect("years").clone();
        assert!(years.len() >= 3, "{years:?}");
        let (_, own) =
            json(&app, api_get(&format!("/api/flux/conventions/{LANDLORD}"), Some(&holder))).await;
        let rows: Vec<&Value> = own
            .as_array()
            .expect("years")
            .iter()
            .flat_map(|y| y["conventions"].as_array().expect("rows"))
            .collect();
        assert!(!rows.is_empty() && rows.iter().all(|r| r["reservataire"] == HOLDER), "{own}");

        // An amendment over the State's 30 % is refused in French and writes nothing.
        let over = r#"{"conventions": [{"reservataire": "etat", "part": "31"}]}"#;
        let (status, problem) =
            json(&app, put(&format!("/api/flux/conventions/{LANDLORD}/2030"), &landlord, over))
                .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{problem}");
        assert!(problem["detail"].as_str().expect("detail").contains("au plus 30 %"), "{problem}");
        let fine = r#"{"conventions": [{"reservataire": "etat", "part": "25", "date_signature": "2029-12-01"}, {"reservataire": "commune_82033", "part": "12,5", "commune": "82033"}]}"#;
        let (status, written) =
            json(&app, put(&format!("/api/flux/conventions/{LANDLORD}/2030"), &landlord, fine))
                .await;
        assert_eq!(status, StatusCode::OK, "{written}");
        assert_eq!(written["conventions"][1]["part"], "12.5");
        let (status, _) =
            json(&app, put(&format!("/api/flux/conventions/{LANDLORD}/2030"), &holder, fine)).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "a holder does not write conventions");

        // In 2030 nothing is oriented yet: the largest share of Castelsarrasin, the
        // landlord's own 62,5 %, comes first.
        let path = format!("/api/logements/{}/orientation?date=2030-03-01", app.dwelling);
        let (status, proposal) = json(&app, api_get(&path, Some(&landlord))).await;
        assert_eq!(status, StatusCode::OK, "{proposal}");
        assert_eq!(
            (proposal["gestion"].as_str(), proposal["reservataire"].as_str()),
            (Some("flux"), Some(LANDLORD))
        );
        assert_eq!(proposal["positions"][0]["part"], 62.5, "{proposal}");

        // The bilan of the last year with lettings, in the contract's JSON.
        let (status, document) = json(
            &app,
            api_get(&format!("/api/flux/bilans/2025?bailleur={LANDLORD}"), Some(&landlord)),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{document}");
        let raw = text(
            send(
                &app,
                api_get(&format!("/api/flux/bilans/2025?bailleur={LANDLORD}"), Some(&landlord)),
            )
            .await,
        )
        .await;
        let order: Vec<usize> = [
            "annee",
            "bailleur",
            "loues",
            "mis_de_cote",
            "flux_net",
            "reservataires",
            "prevision_mis_de_cote",
        ]
        .iter()
        .map(|key| raw.find(&format!("\"{key}\":")).unwrap_or_else(|| panic!("{key} in {raw}")))
        .collect();
        assert!(order.windows(2).all(|w| w[0] < w[1]), "the contract's order: {raw}");
        let lines = document["reservataires"].as_array().expect("lines");
        assert_eq!(
            lines.last().expect("a line")["reservataire"],
            LANDLORD,
            "the landlord's line last"
        );
        let received: u64 = lines.iter().map(|l| l["recus"].as_u64().expect("recus")).sum();
        let set_aside = document["mis_de_cote"]["relogement_anru"].as_u64().expect("anru")
            + document["mis_de_cote"]["mutation_interne"].as_u64().expect("mutations");
        let net = document["flux_net"].as_u64().expect("flux_net");
        assert!(
            net > 0 && received == net,
            "every letting of the net flow is received once: {document}"
        );
        assert_eq!(document["loues"].as_u64(), Some(net + set_aside));
        let (status, _) = json(&app, api_get("/api/flux/bilans/2025", Some(&holder))).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "a holder reads its own figures on its page");

        // The forecast, then the sending; the bilan then carries the forecast.
        let path = format!("/api/flux/bilans/2025/{LANDLORD}/prevision");
        let (status, prepared) =
            json(&app, put(&path, &landlord, r#"{"relogement_anru": 2, "mutation_interne": 9}"#))
                .await;
        assert_eq!(status, StatusCode::OK, "{prepared}");
        let sent =
            api_post(&format!("/api/flux/bilans/2025/{LANDLORD}/envoi"), Some(&landlord), "");
        let (status, sent) = json(&app, sent).await;
        assert_eq!(status, StatusCode::OK, "{sent}");
        assert!(sent["envoye_le"].as_i64().is_some(), "{sent}");
        let (_, again) =
            json(&app, put(&path, &landlord, r#"{"relogement_anru": 1, "mutation_interne": 1}"#))
                .await;
        assert!(again["detail"].as_str().unwrap_or_default().contains("envoyé"), "{again}");
        let (_, document) = json(
            &app,
            api_get(&format!("/api/flux/bilans/2025?bailleur={LANDLORD}"), Some(&landlord)),
        )
        .await;
        assert_eq!(
            document["prevision_mis_de_cote"],
            serde_json::json!({"relogement_anru": 2, "mutation_interne": 9})
        );

        // The inventory: the landlord's line last, the proposed shares adding up to 100 %.
        let (status, inventory) = json(
            &app,
            api_get(&format!("/api/flux/inventaires/2026?bailleur={LANDLORD}"), Some(&landlord)),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{inventory}");
        assert_eq!(inventory["annees"], serde_json::json!([2023, 2024, 2025]));
        let lines = inventory["reservataires"].as_array().expect("lines");
        assert_eq!(lines.last().expect("a line")["reservataire"], LANDLORD);
        let total: f64 = lines.iter().filter_map(|l| l["part_proposee"].as_f64()).sum();
        assert!((total - 100.0).abs() < 0.05, "{total}");
        app.test.finish().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_flux_pages_of_the_landlord_the_holder_and_the_epci() {
    let app = app(logis_testkit::sqlite().await).await;
    let landlord = session(&app, Role::Bailleur).await;
    let response = send(&app, get("/flux?annee=2025", Some(&landlord))).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        response.headers()[header::LOCATION],
        format!("/flux/bailleurs/{LANDLORD}?annee=2025")
    );
    let page = text(
        send(&app, get(&format!("/flux/bailleurs/{LANDLORD}?annee=2025"), Some(&landlord))).await,
    )
    .await;
    for said in [
        "Conventions 2025",
        "Droits et logements reçus en 2025",
        "Bilan 2025 à envoyer avant le 28 février 2026",
        "Du stock au flux",
    ] {
        assert!(page.contains(said), "{said}");
    }

    // The conventions' form, amended with a mistake then right.
    let form = format!("/flux/bailleurs/{LANDLORD}/conventions/2031");
    let page = text(send(&app, get(&form, Some(&landlord))).await).await;
    assert!(page.contains("voici celles de 2030") || page.contains("Ligne 1"), "the form opens");
    let wrong = format!(
        "_csrf={}&reservataire_0=etat&part_0=40&commune_0=&date_signature_0=",
        landlord.csrf
    );
    let response = send(&app, post(&form, Some(&landlord), &wrong)).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(text(response).await.contains("au plus 30 %"));
    let right = format!(
        "_csrf={}&reservataire_0=etat&part_0=25&commune_0=&date_signature_0=2030-12-01",
        landlord.csrf
    );
    let response = send(&app, post(&form, Some(&landlord), &right)).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let page = text(
        send(&app, get(&format!("/flux/bailleurs/{LANDLORD}?annee=2031"), Some(&landlord))).await,
    )
    .await;
    assert!(page.contains("25 %") && page.contains("75 %"), "the State's share and the landlord's");

    // The documents open as what they say they are.
    for (format, magic) in [("pdf", &b"%PDF"[..]), ("xlsx", &b"PK"[..])] {
        for path in [
            format!("/flux/bailleurs/{LANDLORD}/bilans/2025/{format}"),
            format!("/flux/bailleurs/{LANDLORD}/inventaires/2026/{format}"),
        ] {
            let response = send(&app, get(&path, Some(&landlord))).await;
            assert_eq!(response.status(), StatusCode::OK, "{path}");
            let bytes = axum::body::to_bytes(response.into_body(), usize::MAX).await.expect("body");
            assert!(bytes.starts_with(magic), "{path}");
        }
    }

    let holder = session(&app, Role::Reservataire).await;
    let page = text(send(&app, get("/flux?annee=2025", Some(&holder))).await).await;
    assert!(
        page.contains("votre droit chez les bailleurs") && page.contains("Chez chaque bailleur"),
        "{page}"
    );
    let response = send(&app, get(&format!("/flux/bailleurs/{LANDLORD}"), Some(&holder))).await;
    assert_eq!(
        response.status(),
        StatusCode::FORBIDDEN,
        "a holder does not read a landlord's page"
    );

    let epci = session(&app, Role::Administrateur).await;
    let page = text(send(&app, get("/flux?annee=2025", Some(&epci))).await).await;
    assert!(
        page.contains("Gestion en flux 2025 du territoire")
            && page.contains(&format!("/flux/bailleurs/{LANDLORD}?annee=2025"))
    );
    let response = send(&app, get("/flux/bilans/2025/pdf", Some(&epci))).await;
    assert_eq!(response.status(), StatusCode::OK);
    app.test.finish().await;
}
